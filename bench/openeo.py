"""Benchmark: the mean over time of a box of the large Med SST (3 months) through the openEO
front (a batch job: `execute_batch` of the real `openeo` client), the same computation as a
`statistics` job of OGC API - Processes (kind=temporal, frequency=year: one step) and CDO
(`cdo timmean -sellonlatbox,... -seldate,...`), in one run; values compared.

    python bench/openeo.py --data DIR      # DIR holds SST_MED_SST_L4_REP_..._021.nc (large)
    python bench/openeo.py                 # OPENDIAS_DATA_DIR=/work/bench-data style folder,
                                           # else generates the large sample (a few minutes)

The service is `opendias serve` (gunicorn, a fresh OPENDIAS_HOME, the packaged catalogue
over the data folder); a user of the `advanced` plan signs in to openEO with
authenticate_basic and sends the same bearer token to OGC API - Processes. One warm-up of each
path runs first, untimed (it starts the Dask LocalCluster and imports the openEO processes in
the worker). Each round times CDO, the openEO job (submit -> finished, download included) and
the statistics job (submit -> successful, download included); the median of --repeat rounds
counts. Target: openEO within 1.5x of CDO.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import numpy as np
import xarray as xr

from harness import OpendiasServer

HERE = Path(__file__).resolve().parent
# this script's folder (on sys.path for harness) holds openeo.py: the client must be found
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
import openeo  # noqa: E402

REPO = HERE.parent
FILE = "SST_MED_SST_L4_REP_OBSERVATIONS_010_021.nc"
DATASET = "med-sst-l4"
BOX = {"west": 0.0, "south": 35.0, "east": 20.0, "north": 44.0}
PERIOD = ("2016-01-01", "2016-04-01")  # openEO: the end is left out -> Jan..Mar
PASSWORD = "correct horse battery staple"
LICENCE = "copernicus-marine-service-licence"


def _account(home: Path) -> str:
    os.environ["OPENDIAS_HOME"] = str(home)
    sys.path.insert(0, str(REPO))
    from opendias.identity import Accounts
    from opendias.identity.terms import Terms

    name = f"bench{uuid.uuid4().hex[:6]}"
    user = Accounts().register(name, f"{name}@example.org", PASSWORD, plan="advanced")
    Terms().accept(user, LICENCE)
    return name


def openeo_job(conn, dest: Path) -> float:
    t0 = time.perf_counter()
    cube = conn.load_collection(DATASET, spatial_extent=BOX, temporal_extent=list(PERIOD),
                                bands=["analysed_sst"])
    cube.reduce_dimension(dimension="t", reducer="mean").execute_batch(
        dest, out_format="netCDF", max_poll_interval=0.2, print=lambda *a, **k: None)
    return time.perf_counter() - t0


def statistics_job(service, token: str, dest: Path) -> float:
    headers = {"Authorization": f"Bearer {token}"}
    inputs = {"dataset": DATASET, "variables": ["analysed_sst"], "kind": "temporal",
              "frequency": "year", "stats": ["mean"], "datetime": "2016-01-01/2016-03-31",
              "bbox": [BOX["west"], BOX["south"], BOX["east"], BOX["north"]],
              "format": "netcdf"}
    t0 = time.perf_counter()
    r = service.http.post(f"{service.url}/processes/statistics/execution",
                          json={"inputs": inputs}, headers={**headers,
                                                            "Prefer": "respond-async"})
    r.raise_for_status()
    url = r.headers["Location"]
    while True:
        status = service.http.get(url + "?f=json", headers=headers).json()["status"]
        if status in ("successful", "failed", "dismissed"):
            break
        time.sleep(0.05)
    if status != "successful":
        raise RuntimeError(f"statistics job {status}")
    doc = service.http.get(url + "/results?f=json", headers=headers).json()
    link = doc.get("result") or doc["links"][0]
    dest.write_bytes(service.http.get(link["href"]).content)
    return time.perf_counter() - t0


def cdo(src: Path, dest: Path) -> float:
    box = f"{BOX['west']},{BOX['east']},{BOX['south']},{BOX['north']}"
    t0 = time.perf_counter()
    subprocess.run(["cdo", "-s", "-O", "-b", "F32", "timmean", f"-sellonlatbox,{box}",
                    "-seldate,2016-01-01,2016-03-31T23:59:59", "-selname,analysed_sst",
                    str(src), str(dest)], check=True)
    return time.perf_counter() - t0


def _values(path: Path) -> np.ndarray:
    with xr.open_dataset(path) as ds:
        return np.asarray(ds["analysed_sst"].squeeze().values, dtype="f8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="directory holding " + FILE)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    if shutil.which("cdo") is None:
        print("cdo is not installed", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="opendias-bench-openeo-"))
    service = None
    try:
        data = args.data or (Path(os.environ["OPENDIAS_DATA_DIR"])
                             if os.environ.get("OPENDIAS_DATA_DIR") else None)
        if data is None:
            from opendias import sample_data

            data = work / "data"
            print(f"generating the large Med SST sample in {data} ...", flush=True)
            sample_data.generate(data, "large", only=["med-sst"])
        src = data / FILE
        home = work / "home"
        home.mkdir()
        name = _account(home)
        service = OpendiasServer(data_dir=data, home=home, workers=args.workers,
                                 log=home / "server.log",
                                 unset=["OPENDIAS_CATALOGUE", "OPENDIAS_DASK_SCHEDULER",
                                        "OPENDIAS_DATABASE_URL", "OPENDIAS_RESULTS_DIR"])
        up = service.start()
        conn = openeo.connect(f"{service.url}/openeo/1.2").authenticate_basic(name, PASSWORD)
        token = conn.auth.bearer.split("//", 1)[1]
        with xr.open_dataset(src) as ds:
            print(f"input: {src} ({src.stat().st_size / 1e6:.0f} MB, {ds.sizes['time']} steps "
                  f"of {ds.sizes['lat']}x{ds.sizes['lon']}); box {BOX}, {PERIOD[0]}.."
                  f"{PERIOD[1]} (end left out); {os.cpu_count()} CPUs, load "
                  f"{os.getloadavg()[0]:.1f}; service up in {up:.1f} s")
        warm = (openeo_job(conn, work / "warm.nc"), statistics_job(service, token,
                                                                   work / "warm2.nc"))
        print(f"warm-up, untimed: openEO job {warm[0]:.2f} s, statistics job {warm[1]:.2f} s")
        times = {"cdo": [], "openeo": [], "statistics": []}
        for _ in range(args.repeat):
            times["cdo"].append(cdo(src, work / "cdo.nc"))
            times["openeo"].append(openeo_job(conn, work / "openeo.nc"))
            times["statistics"].append(statistics_job(service, token, work / "stats.nc"))
        ref = _values(work / "cdo.nc")
        med = {k: statistics.median(v) for k, v in times.items()}
        for key in ("cdo", "openeo", "statistics"):
            line = f"{key:>10}: median {med[key]:6.2f} s  (runs {', '.join(f'{t:.2f}' for t in times[key])})"
            if key != "cdo":
                got = _values(work / f"{'openeo' if key == 'openeo' else 'stats'}.nc")
                diff = float(np.nanmax(np.abs(got - ref))) if got.shape == ref.shape else None
                line += (f"  {med[key] / med['cdo']:.2f}x cdo; max |diff| vs cdo "
                         f"{diff if diff is None else f'{diff:.2e}'} K")
            print(line)
        print(f"openEO / statistics job: {med['openeo'] / med['statistics']:.2f}x; load at the "
              f"end {os.getloadavg()[0]:.1f}")
        return 0
    finally:
        if service is not None:
            service.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
