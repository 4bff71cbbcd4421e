"""Benchmark: WMS GetMap tiles of the Mediterranean SST layer through gunicorn.

Makes the Med SST sample data (large: 366 daily fields on the 1/24 degree grid; or small with
--size small) in a folder, starts `opendias serve` on it with a catalogue holding only that
dataset, then asks for 256x256 PNG tiles in EPSG:3857 at zoom levels 4..8 (only tiles that
intersect the dataset), at random tiles and random time steps, from several client threads.
Prints tiles/s and p50/p95 latency, overall and per zoom level, then the same for whole-domain
1024x512 GetMaps.

    .venv/bin/python bench/wms.py                # large data (made once, a few minutes)
    .venv/bin/python bench/wms.py --size small --tiles 200

Targets: p50 <= 50 ms per tile, >= 40 tiles/s on 2 cores.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
import yaml

from harness import REPO, OpendiasServer

LAYER = "med-sst-l4/analysed_sst"
DOMAIN = (-18.125, 30.25, 36.25, 46.0)  # west, south, east, north (cell centres)
R = 6378137.0
HALF = math.pi * R


def tile_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    size = 2 * HALF / 2 ** z
    return (-HALF + x * size, HALF - (y + 1) * size, -HALF + (x + 1) * size, HALF - y * size)


def lonlat_to_tile(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 2 ** z
    x = int((lon + 180.0) / 360.0 * n)
    lat_r = math.radians(lat)
    y = int((1.0 - math.asinh(math.tan(lat_r)) / math.pi) / 2.0 * n)
    return min(max(x, 0), n - 1), min(max(y, 0), n - 1)


def tiles_over_domain(zooms) -> list[tuple[int, int, int]]:
    west, south, east, north = DOMAIN
    out = []
    for z in zooms:
        x0, y0 = lonlat_to_tile(west, north, z)
        x1, y1 = lonlat_to_tile(east, south, z)
        out += [(z, x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]
    return out


def make_data(data_dir: Path, size: str) -> None:
    t0 = time.monotonic()
    subprocess.run([sys.executable, "-m", "opendias.cli", "sample-data", "--size", size,
                    "--only", "med-sst", "--out", str(data_dir)], check=True, cwd=REPO,
                   stdout=subprocess.DEVNULL)
    print(f"sample data ({size}) ready in {data_dir} ({time.monotonic() - t0:.0f} s)")


def catalogue_with_sst(home: Path) -> Path:
    packaged = yaml.safe_load((REPO / "opendias" / "catalogue.yml").read_text())
    entries = [d for d in packaged["datasets"] if d["id"] == "med-sst-l4"]
    path = home / "catalogue-bench.yml"
    path.write_text(yaml.safe_dump({"datasets": entries}, sort_keys=False))
    return path


def time_steps(url: str) -> list[str]:
    from owslib.wms import WebMapService

    layer = WebMapService(url + "/wms", version="1.3.0", timeout=60)[LAYER]
    values = [t.strip() for t in layer.timepositions]
    if len(values) == 1 and values[0].count("/") == 2:  # start/end/period
        import pandas as pd

        start, end, period = values[0].split("/")
        return [f"{t:%Y-%m-%dT%H:%M:%SZ}" for t in
                pd.date_range(start, end, freq=pd.Timedelta(period))]
    return values


def getmap_params(bbox, width, height, when, crs="EPSG:3857") -> dict:
    return {"SERVICE": "WMS", "VERSION": "1.3.0", "REQUEST": "GetMap", "LAYERS": LAYER,
            "STYLES": "", "CRS": crs, "BBOX": ",".join(f"{v:.3f}" for v in bbox),
            "WIDTH": str(width), "HEIGHT": str(height), "FORMAT": "image/png",
            "TRANSPARENT": "TRUE", "TIME": when}


def run(url: str, jobs: list[dict], threads: int) -> tuple[list[float], float, int]:
    """Send the requests from `threads` client threads; (latencies, wall seconds, errors)."""
    local = threading.local()
    latencies, errors = [], []

    def one(params):
        session = getattr(local, "session", None)
        if session is None:
            session = local.session = requests.Session()
        t0 = time.perf_counter()
        r = session.get(url + "/wms", params=params, timeout=120)
        body = r.content
        dt = time.perf_counter() - t0
        if r.status_code != 200 or not body.startswith(b"\x89PNG"):
            errors.append((r.status_code, body[:200]))
        return dt

    t0 = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        latencies = list(pool.map(one, jobs))
    return latencies, time.perf_counter() - t0, len(errors)


def warm_up(url: str, jobs: list[dict], threads: int) -> None:
    """Let every worker build the application, open the cube and compute its default colour
    range (not timed). A worker's very first requests may fail when they arrive together
    (the WSGI composition is built lazily without a lock), so these are retried."""
    def one(params):
        for attempt in range(10):
            try:
                if requests.get(url + "/wms", params=params, timeout=120).status_code == 200:
                    return True
            except requests.RequestException:
                pass
            time.sleep(0.2)
        return False

    with ThreadPoolExecutor(threads) as pool:
        ok = list(pool.map(one, jobs))
    if not all(ok):
        raise RuntimeError("the server does not answer GetMap during the warm-up")


def pct(values, q) -> float:
    values = sorted(values)
    k = min(len(values) - 1, max(0, int(round(q / 100 * (len(values) - 1)))))
    return values[k]


def report(label: str, lat: list[float], wall: float, errors: int, unit="tiles") -> None:
    print(f"{label:32s} n={len(lat):4d}  {len(lat) / wall:6.1f} {unit}/s  "
          f"p50 {1000 * statistics.median(lat):6.1f} ms  p95 {1000 * pct(lat, 95):6.1f} ms  "
          f"errors {errors}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=("small", "large"), default="large")
    parser.add_argument("--data-dir", help="where the sample data is (made if missing); "
                        "default: $TMPDIR/opendias-bench-{size}/data")
    parser.add_argument("--tiles", type=int, default=600, help="tiles to request")
    parser.add_argument("--threads", type=int, default=4,
                        help="client threads (latency grows with them: p50 is about "
                             "threads / throughput once the CPUs are busy)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--maps", type=int, default=30, help="whole-domain GetMaps")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--url", help="benchmark a running server instead of starting one")
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    server = home = None
    if args.url:
        url = args.url.rstrip("/")
    else:
        data_dir = Path(args.data_dir) if args.data_dir else \
            Path(tempfile.gettempdir()) / f"opendias-bench-{args.size}" / "data"
        make_data(data_dir, args.size)
        home = Path(tempfile.mkdtemp(prefix="opendias-bench-wms-"))  # the server's, removed
        server = OpendiasServer(home, data_dir, args.workers,
                                env={"OPENDIAS_CATALOGUE": str(catalogue_with_sst(home))},
                                ready="/wms?SERVICE=WMS&REQUEST=GetCapabilities")
        url = server.url
        started = server.start()
        print(f"server: {url} ({args.workers} gunicorn workers, started in "
              f"{started:.1f} s); {os.cpu_count()} CPUs; "
              f"{args.threads} client threads")
    try:
        times = time_steps(url)
        print(f"layer {LAYER}: {len(times)} time steps {times[0]} .. {times[-1]}")
        all_tiles = tiles_over_domain(range(4, 9))
        per_zoom = {z: sum(1 for t in all_tiles if t[0] == z) for z in range(4, 9)}
        print("tiles over the dataset per zoom: " +
              ", ".join(f"z{z}: {n}" for z, n in per_zoom.items()))
        warm_up(url, [getmap_params(tile_bounds(*rng.choice(all_tiles)), 256, 256,
                                    rng.choice(times)) for _ in range(8 * args.workers)],
                args.threads)

        load = os.getloadavg()[0]
        print(f"load average before timing: {load:.2f} (the machine's other work shares "
              f"its {os.cpu_count()} CPUs)")
        picks = [rng.choice(all_tiles) for _ in range(args.tiles)]
        jobs = [getmap_params(tile_bounds(*t), 256, 256, rng.choice(times)) for t in picks]
        lat, wall, errors = run(url, jobs, args.threads)
        print()
        report("256x256 EPSG:3857 tiles z4-8", lat, wall, errors)
        for z in range(4, 9):
            zl = [d for d, t in zip(lat, picks) if t[0] == z]
            if zl:
                print(f"    z{z}: n={len(zl):4d}  p50 {1000 * statistics.median(zl):6.1f} ms  "
                      f"p95 {1000 * pct(zl, 95):6.1f} ms")
        # the same tiles again: served from the workers' picture caches
        lat2, wall2, errors2 = run(url, jobs[: min(200, len(jobs))], args.threads)
        report("same tiles again (cached)", lat2, wall2, errors2)

        west, south = DOMAIN[0] - 1 / 48, DOMAIN[1] - 1 / 48
        east, north = DOMAIN[2] + 1 / 48, DOMAIN[3] + 1 / 48
        maps = [getmap_params((south, west, north, east), 1024, 512, rng.choice(times),
                              crs="EPSG:4326") for _ in range(args.maps)]
        lat, wall, errors = run(url, maps, 1)
        report("whole domain 1024x512, 1 client", lat, wall, errors, unit="maps")
        maps = [getmap_params((south, west, north, east), 1024, 512, rng.choice(times),
                              crs="EPSG:4326") for _ in range(args.maps)]
        lat, wall, errors = run(url, maps, args.threads)
        report(f"whole domain 1024x512, {args.threads} clients", lat, wall, errors,
               unit="maps")
        print(f"load average after: {os.getloadavg()[0]:.2f}")
    finally:
        if server is not None:
            server.stop()
        if home is not None:
            shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
