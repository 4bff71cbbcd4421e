"""The Copernicus clients against opendias: the same ERA5 subset (2 m temperature and 10 m
wind over Europe, every time step of January 2020, NetCDF) fetched end to end, in one run,
through `opendias serve` (gunicorn):

- `cdsapi`: `cdsapi.Client(url=.../cds, key).retrieve(...)`, the client unmodified (its own
  polling: it sleeps 1 s, then x1.5 each time, so its wall time is rounded up to its polls);
- `cds front`: the same CDS paths driven by hand with the OGC path's polling (20 ms): submit,
  poll the job, read its results, download the href; this is the front's own overhead;
- `ogc`: OGC API - Processes `subset` (Prefer: respond-async), polled every 20 ms, the result
  link downloaded;
- `hda`: `hda.Client(Configuration(url=.../hda/, user, password)).search(query).download()`,
  the client unmodified (its own polling: it sleeps 1 s, then x1.1 each time);
- `hda front`: the same HDA paths driven by hand with 20 ms polling: search, order, HEAD
  until ready, download.

Each way ends with the file on disk; the files are checked to hold the same values. Prints the
median wall time of each way over --repeat interleaved rounds (after one untimed warm-up of
each) and the overhead of each front over the OGC path. Target of the CDS and HDA fronts:
within 10 % or 100 ms of the OGC path, whichever is larger.

    .venv/bin/python bench/clients.py [--repeat 5] [--data DIR]   # DIR: sample data (small
                                                                   # by default, or --size large)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from harness import OpendiasServer, clean_environ

PASSWORD = "a long passphrase for timing"
LICENCE = "licence-to-use-copernicus-products"
PLANS = """plans:
  bench:
    capabilities: [catalogue, maps, subset, download, processes]
    requests_per_minute: 1000000000
    download_bytes_per_day: 1000000000000
    jobs_per_day: 1000000
    concurrent_jobs: 100
"""
CDS_NAME = "reanalysis-era5-single-levels"
CDS_REQUEST = {"product_type": ["reanalysis"],
               "variable": ["2m_temperature", "10m_u_component_of_wind",
                            "10m_v_component_of_wind"],
               "date": "2020-01-01/2020-01-31", "area": [60, -10, 35, 30],
               "data_format": "netcdf"}
OGC_INPUTS = {"dataset": "era5-single-levels", "bbox": [-10, 35, 30, 60],
              "datetime": "2020-01-01/2020-01-31", "variables": ["t2m", "u10", "v10"],
              "format": "netcdf"}
POLL = 0.02


def _cli(home: str, env: dict, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "opendias.cli", *args], env=env,
                          capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise SystemExit(f"opendias {' '.join(args[:2])}: {done.stderr.strip()}")
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def _download(http, href: str, target: Path) -> None:
    with http.get(href, stream=True, timeout=300) as resp:
        resp.raise_for_status()
        with open(target, "wb") as f:
            for chunk in resp.iter_content(1 << 20):
                f.write(chunk)


def _wait(http, url: str, headers: dict) -> dict:
    while True:
        doc = http.get(url, headers=headers, timeout=60).json()
        if doc["status"] in ("successful", "failed", "dismissed"):
            if doc["status"] != "successful":
                raise SystemExit(f"job {url}: {doc}")
            return doc
        time.sleep(POLL)


def way_cdsapi(server, token: str, target: Path) -> None:
    import cdsapi

    cdsapi.Client(url=f"{server.url}/cds", key=token, quiet=True, progress=False).retrieve(
        CDS_NAME, CDS_REQUEST, str(target))


def way_cds_front(server, token: str, target: Path) -> None:
    headers = {"PRIVATE-TOKEN": token}
    resp = server.http.post(f"{server.url}/cds/retrieve/v1/processes/{CDS_NAME}/execution",
                            json={"inputs": CDS_REQUEST}, headers=headers, timeout=60)
    assert resp.status_code == 201, resp.text
    monitor = next(link["href"] for link in resp.json()["links"] if link["rel"] == "monitor")
    _wait(server.http, monitor, headers)
    asset = server.http.get(f"{monitor}/results", headers=headers, timeout=60).json()
    _download(server.http, asset["asset"]["value"]["href"], target)
    assert target.stat().st_size == asset["asset"]["value"]["file:size"]


def way_ogc(server, token: str, target: Path) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    resp = server.http.post(f"{server.url}/processes/subset/execution",
                            json={"inputs": OGC_INPUTS}, timeout=60,
                            headers={**headers, "Prefer": "respond-async"})
    assert resp.status_code == 201, resp.text
    location = resp.headers["Location"]
    _wait(server.http, f"{location}?f=json", headers)
    result = server.http.get(f"{location}/results?f=json", headers=headers, timeout=60).json()
    _download(server.http, result["result"]["href"], target)


HDA_QUERY = {"dataset_id": "EO:ECMWF:DAT:REANALYSIS_ERA5_SINGLE_LEVELS",
             "bbox": [-10, 35, 30, 60], "date_start": "2020-01-01",
             "date_end": "2020-01-31", "variables": ["t2m", "u10", "v10"]}


def way_hda(server, token: str, target: Path) -> None:
    from hda import Client, Configuration

    client = Client(config=Configuration(url=f"{server.url}/hda/", user="bench",
                                         password=PASSWORD), progress=False, retry_max=2)
    folder = target.with_suffix(".hda")
    folder.mkdir(exist_ok=True)
    client.search(dict(HDA_QUERY)).download(str(folder))
    (only,) = list(folder.iterdir())
    only.replace(target)


def way_hda_front(server, token: str, target: Path) -> None:
    base = f"{server.url}/hda/api/v1"
    headers = {"Authorization": f"Bearer {token}"}
    found = server.http.post(f"{base}/dataaccess/search", json=HDA_QUERY, headers=headers,
                             timeout=60).json()["features"][0]
    order = server.http.post(f"{base}/dataaccess/download", headers=headers, timeout=60, json={
        "dataset_id": HDA_QUERY["dataset_id"], "product_id": found["id"],
        "location": found["properties"]["location"]}).json()
    url = f"{base}/dataaccess/download/{order['download_id']}"
    while server.http.head(url, headers=headers, timeout=60).status_code == 202:
        time.sleep(POLL)
    with server.http.get(url, headers=headers, stream=True, timeout=300) as resp:
        resp.raise_for_status()
        with open(target, "wb") as f:
            for chunk in resp.iter_content(1 << 20):
                f.write(chunk)
    assert target.stat().st_size == int(resp.headers["Content-Length"])


# name -> the function fetching the subset into a file
WAYS = {"ogc": way_ogc, "cds front": way_cds_front, "cdsapi": way_cdsapi,
        "hda front": way_hda_front, "hda": way_hda}
BASELINE = "ogc"


def _same_values(files: dict[str, Path]) -> str:
    import numpy as np
    import xarray as xr

    base = xr.open_dataset(files[BASELINE]).load()
    for name, path in files.items():
        with xr.open_dataset(path) as other:
            for var in ("t2m", "u10", "v10"):
                if not np.array_equal(base[var].values, other[var].values, equal_nan=True):
                    return f"{name}: {var} differs from {BASELINE}"
    return (f"same values in every file ({dict(base.sizes)}, "
            f"{files[BASELINE].stat().st_size / 1e6:.1f} MB)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds")
    parser.add_argument("--data", help="sample data folder (made small when missing)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="opendias-bench-clients-") as home:
        plans = os.path.join(home, "plans.yml")
        Path(plans).write_text(PLANS)
        env = {**clean_environ(), "OPENDIAS_HOME": home, "OPENDIAS_PLANS": plans}
        data = args.data or os.path.join(home, "data")
        if not args.data:
            _cli(home, env, "sample-data", "--size", "small", "--out", data, "--only", "era5")
        _cli(home, env, "users", "add", "bench", "--email", "bench@example.org",
             "--password", PASSWORD, "--plan", "bench")
        token = _cli(home, env, "tokens", "create", "bench", "--label", "bench")
        with OpendiasServer(home, data, workers=args.workers, base_env=env,
                            log=os.path.join(home, "server.log")) as server:
            server.http.put(f"{server.url}/termsaccepted/{LICENCE}", json={"accepted": True},
                            headers={"Authorization": f"Bearer {token}"},
                            timeout=30).raise_for_status()
            times = {name: [] for name in WAYS}
            files = {name: Path(home) / f"{name.replace(' ', '-')}.nc" for name in WAYS}
            for name, way in WAYS.items():  # warm-up: the Dask cluster, the cube, the client
                way(server, token, files[name])
            for _ in range(args.repeat):
                for name, way in WAYS.items():
                    t0 = time.perf_counter()
                    way(server, token, files[name])
                    times[name].append(time.perf_counter() - t0)
            check = _same_values(files)
    base = statistics.median(times[BASELINE])
    print(f"ERA5 subset {CDS_REQUEST['area']} (N, W, S, E), {CDS_REQUEST['date']}, 3 "
          f"variables, NetCDF; gunicorn {args.workers} workers; median of {args.repeat} "
          f"rounds; load average {os.getloadavg()[0]:.2f}\n  {check}")
    ok = True
    for name, values in times.items():
        median = statistics.median(values)
        line = (f"  {name:10s} {median * 1000:8.0f} ms  (runs: "
                f"{', '.join(f'{v * 1000:.0f}' for v in values)})")
        if name != BASELINE:
            added = median - base
            line += f"  over {BASELINE}: {added * 1000:+.0f} ms ({added / base:+.0%})"
            if name in ("cds front", "hda front"):
                met = added <= max(0.1 * base, 0.1)
                ok &= met
                line += f"  target <= max(10 %, 100 ms): {'MET' if met else 'MISSED'}"
        print(line)
    return 0 if ok and check.startswith("same") else 1


if __name__ == "__main__":
    sys.exit(main())
