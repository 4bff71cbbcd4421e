"""Benchmark: opendias regrid and field mean, run as jobs of the real service, against CDO on
the large Med SST cube.

    python bench/compute.py --data DIR          # DIR holds SST_MED_SST_L4_REP_..._021.nc
    python bench/compute.py                     # generates the large sample (a few minutes)

1. Regrid January 2016 (31 days, 379 x 1306 cells, int16 packed, land masked) to a 0.25 deg
   lon/lat grid over the Med, bilinear: the `regrid` process vs
   `cdo -b F32 remapbil,GRIDFILE -seldate,... -selname,analysed_sst`.
2. Area-weighted field mean of the whole year (366 steps): the `statistics` process
   (kind=spatial, stats=[mean]) vs `cdo -b F64 fldmean -selname,analysed_sst`.
3. (--monmean) monthly means of the year, direct call only: `temporal_statistics` vs
   `cdo monmean`.

The headline figure, "opendias (job)", is the service as a user meets it: the script starts
`opendias serve` (gunicorn, --workers, a fresh OPENDIAS_HOME, the packaged catalogue over
--data), POSTs /processes/{id}/execution with `Prefer: respond-async`, polls /jobs/{id} every
20 ms, and times submit -> job seen successful. The download of the result file (from
/jobs/{id}/results) is timed and printed separately, not counted; its values are compared with
CDO's. One warm-up job of each process runs first, untimed: the first job starts the Dask
LocalCluster (a few seconds). The server is stopped (SIGTERM to its process group) at the end,
also on errors.

The secondary "direct call" line runs the same operations in this process (subset_cube /
regrid / spatial_statistics + write_netcdf, the cube opened anew each time, dask threaded
scheduler): job minus direct is the cost of running as a job.

Each round runs CDO, the job and the direct call one after the other (so that a change in the
machine's load falls on all three); the median of --repeat rounds counts.
Targets: opendias (job) within 1.5x of CDO's time; values equal within 1e-4 K.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import xarray as xr

from harness import OpendiasServer

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from opendias.catalogue import DatasetEntry  # noqa: E402
from opendias.datacube import clear_cache, open_cube  # noqa: E402
from opendias.operations.formats import write_netcdf  # noqa: E402
from opendias.operations.regrid import regrid  # noqa: E402
from opendias.operations.statistics import spatial_statistics  # noqa: E402
from opendias.operations.temporal import temporal_statistics  # noqa: E402
from opendias.operations.subset import subset_cube  # noqa: E402

FILE = "SST_MED_SST_L4_REP_OBSERVATIONS_010_021.nc"
DATASET = "med-sst-l4"  # the packaged catalogue's id of FILE
BBOX = (-18.0, 30.25, 36.25, 46.0)  # cell edges of the 0.25 deg target grid
RES = 0.25
POLL = 0.02  # seconds between two GETs of /jobs/{id}
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"

REGRID_INPUTS = {"dataset": DATASET, "variables": ["analysed_sst"], "datetime": "2016-01",
                 "method": "bilinear", "resolution": [RES], "bbox": list(BBOX),
                 "format": "netcdf"}
FLDMEAN_INPUTS = {"dataset": DATASET, "variables": ["analysed_sst"], "kind": "spatial",
                  "stats": ["mean"], "format": "netcdf"}


# -- the service -----------------------------------------------------------------------------

def run_job(service: OpendiasServer, process: str, inputs: dict, dest: Path) -> dict:
    """Submit a job, poll it until final, download its result to dest. Returns the
    client-side times and the server's record of the job."""
    t0 = time.perf_counter()
    r = service.http.post(f"{service.url}/processes/{process}/execution",
                          json={"inputs": inputs}, headers={"Prefer": "respond-async"},
                          timeout=60)
    if r.status_code != 201:
        raise RuntimeError(f"{process}: submission refused: {r.status_code} {r.text}")
    job_url = r.headers["Location"]
    t_submitted = time.perf_counter() - t0
    polls = 0
    while True:
        status = service.http.get(job_url + "?f=json", timeout=60).json()
        polls += 1
        if status["status"] in ("successful", "failed", "dismissed"):
            break
        if time.perf_counter() - t0 > 1800:
            raise RuntimeError(f"{process}: job not finished after 1800 s: {status}")
        time.sleep(POLL)
    t_job = time.perf_counter() - t0
    if status["status"] != "successful":
        raise RuntimeError(f"{process}: job {status['status']}: {status.get('message')}"
                           f"\n{service.tail()}")
    t1 = time.perf_counter()
    doc = service.http.get(job_url + "/results?f=json", timeout=60).json()
    link = doc.get("result") or doc["links"][0]
    with service.http.get(link["href"], stream=True, timeout=300) as resp:
        resp.raise_for_status()
        with open(dest, "wb") as f:
            for block in resp.iter_content(1 << 20):
                f.write(block)
    t_download = time.perf_counter() - t1
    if dest.stat().st_size != link["size"]:
        raise RuntimeError(f"{process}: downloaded {dest.stat().st_size} bytes, the "
                           f"results say {link['size']}")
    record = service.http.get(job_url + "?f=json", timeout=60).json()

    def stamp(key):
        return dt.datetime.strptime(record[key], TIME_FORMAT) if record.get(key) else None

    created, started, finished = stamp("created"), stamp("started"), stamp("finished")
    return {"job": t_job, "submit": t_submitted, "download": t_download,
            "size": link["size"], "polls": polls,
            "queued": (started - created).total_seconds() if started else float("nan"),
            "running": ((finished - started).total_seconds()
                        if started and finished else float("nan"))}


# -- the direct call and CDO ---------------------------------------------------------------

def cube_of(path: Path):
    clear_cache()
    entry = DatasetEntry(id="med-sst-l4-large", dataset_id="EO:MO:DAT:SST_MED_BENCH",
                         title="Med SST large", abstract="bench", service="CMEMS",
                         source={"path": str(path), "format": "netcdf"})
    return open_cube(entry)


def run_cdo(args: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(["cdo", "-s", *args], check=True)
    return time.perf_counter() - t0


def max_diff(a: np.ndarray, b: np.ndarray) -> tuple[float, int]:
    a = np.asarray(a, "f8")
    b = np.asarray(b, "f8").reshape(a.shape)
    na, nb = np.isnan(a), np.isnan(b)
    both = ~na & ~nb
    return float(np.max(np.abs(a[both] - b[both]))), int((na != nb).sum())


def _runs(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


def report(name: str, cdo: list[float], jobs: list[dict], direct: list[float],
           diff_job: tuple[float, int], diff_direct: tuple[float, int], cells: int) -> bool:
    t_cdo = statistics.median(cdo)
    t_job = statistics.median(j["job"] for j in jobs)
    t_direct = statistics.median(direct)
    ratio = t_job / t_cdo
    ok_t, ok_v = ratio <= 1.5, diff_job[0] <= 1e-4
    queued = statistics.median(j["queued"] for j in jobs)
    running = statistics.median(j["running"] for j in jobs)
    around = statistics.median(j["job"] - j["queued"] - j["running"] for j in jobs)
    download = statistics.median(j["download"] for j in jobs)
    size = jobs[0]["size"]
    print(f"{name}, median of {len(jobs)}:")
    print(f"  opendias (job) {t_job:7.2f} s   cdo {t_cdo:7.2f} s   ratio {ratio:5.2f}   "
          f"time {'OK' if ok_t else 'MISSED'} (target <= 1.5)")
    print(f"  max |difference| job vs cdo {diff_job[0]:.2e} K   values "
          f"{'OK' if ok_v else 'MISSED'} (target 1e-4 K); cells missing in one result "
          f"only: {diff_job[1]} of {cells}")
    print(f"    job, medians of its parts: queued {queued:.2f} s + running on the Dask "
          f"worker {running:.2f} s (job record) + submit/poll/HTTP {around:.2f} s; "
          f"download of the result ({size / 1e6:.2f} MB) {download:.2f} s, not counted")
    print(f"  direct call    {t_direct:7.2f} s   ratio {t_direct / t_cdo:5.2f}   job - direct "
          f"{t_job - t_direct:+.2f} s; max |difference| direct vs cdo {diff_direct[0]:.2e} K"
          f" ({diff_direct[1]} cells missing in one only)")
    print(f"  runs (s): cdo [{_runs(cdo)}]; job [{_runs([j['job'] for j in jobs])}]; "
          f"direct [{_runs(direct)}]")
    return ok_t and ok_v


# -- the benchmarks --------------------------------------------------------------------------

def rounds(name: str, src: Path, work: Path, repeat: int, service: OpendiasServer,
           cdo_args: list[str], process: str, inputs: dict, direct, var: str) -> tuple:
    """`repeat` rounds of CDO (`cdo_args` SRC OUT), the job and the direct call (`direct(cube)`,
    the dataset it makes written to NetCDF, timed with the opening of the cube), one after the
    other; then the job's and the direct call's `var` against CDO's analysed_sst. Returns
    the times, the two differences and the job result's sizes."""
    ref_path, job_path, ours_path = (work / f"{who}_{name}.nc" for who in ("cdo", "job", "ours"))
    cdo, jobs, times = [], [], []
    for _ in range(repeat):
        cdo.append(run_cdo([*cdo_args, str(src), str(ref_path)]))
        jobs.append(run_job(service, process, inputs, job_path))
        t0 = time.perf_counter()
        write_netcdf(direct(cube_of(src)), ours_path)
        times.append(time.perf_counter() - t0)
    with (xr.open_dataset(job_path) as job, xr.open_dataset(ours_path) as ours,
          xr.open_dataset(ref_path) as ref):
        diff_job = max_diff(job[var].values, ref.analysed_sst.values)
        diff_direct = max_diff(ours[var].values, ref.analysed_sst.values)
        sizes = {"cells": job[var].size, **job.sizes}
    return cdo, jobs, times, diff_job, diff_direct, sizes


def bench_regrid(src: Path, work: Path, repeat: int, service: OpendiasServer) -> bool:
    lon0, lat0, lon1, lat1 = BBOX
    nx, ny = int(round((lon1 - lon0) / RES)), int(round((lat1 - lat0) / RES))
    grid = work / "med025.txt"
    grid.write_text(f"gridtype = lonlat\nxsize = {nx}\nysize = {ny}\nxfirst = "
                    f"{lon0 + RES / 2}\nxinc = {RES}\nyfirst = {lat0 + RES / 2}\n"
                    f"yinc = {RES}\n")

    def direct(cube):
        ds = subset_cube(cube, datetime="2016-01", variables=["analysed_sst"])
        return regrid(cube, ds, method="bilinear", resolution=RES, bbox=BBOX)

    *runs, sizes = rounds("regrid", src, work, repeat, service,
                          ["-b", "F32", f"-remapbil,{grid}",
                           "-seldate,2016-01-01,2016-01-31T23:59:59", "-selname,analysed_sst"],
                          "regrid", REGRID_INPUTS, direct, "analysed_sst")
    return report(f"regrid January 2016 to {RES} deg bilinear ({nx}x{ny}, 31 steps)",
                  *runs, sizes["cells"])


def bench_fldmean(src: Path, work: Path, repeat: int, service: OpendiasServer) -> bool:
    *runs, sizes = rounds("fldmean", src, work, repeat, service,
                          ["-b", "F64", "-fldmean", "-selname,analysed_sst"], "statistics",
                          FLDMEAN_INPUTS,
                          lambda cube: spatial_statistics(cube, cube.ds[["analysed_sst"]],
                                                          stats="mean"),
                          "analysed_sst_mean")
    steps = sizes["time"]
    return report(f"area-weighted field mean, full year ({steps} steps)", *runs, steps)


def bench_monmean(src: Path, work: Path, repeat: int) -> None:
    ref_path = work / "cdo_monmean.nc"
    t_cdo = statistics.median(run_cdo(["-b", "F64", "-monmean", "-selname,analysed_sst",
                                       str(src), str(ref_path)]) for _ in range(repeat))
    ours_path = work / "ours_monmean.nc"
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        cube = cube_of(src)
        out = temporal_statistics(cube, cube.ds[["analysed_sst"]], frequency="month",
                                  stat="mean")
        write_netcdf(out, ours_path)
        times.append(time.perf_counter() - t0)
    with xr.open_dataset(ours_path) as ours, xr.open_dataset(ref_path) as ref:
        diff, mism = max_diff(ours.analysed_sst.values, ref.analysed_sst.values)
    t = statistics.median(times)
    print(f"monthly means of the full year (extra, direct call only), median of {repeat}:\n"
          f"  direct call {t:7.2f} s   cdo {t_cdo:7.2f} s   ratio {t / t_cdo:5.2f}; "
          f"max |difference| {diff:.2e} K; cells missing in one result only: {mism}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="directory holding " + FILE)
    parser.add_argument("--repeat", type=int, default=3,
                        help="timed rounds of each computation; the median counts (default 3)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--monmean", action="store_true",
                        help="also time monthly means of the year against cdo monmean")
    parser.add_argument("--server-env", action="append", default=[], metavar="NAME=VALUE",
                        help="an environment variable for the service (repeatable), e.g. "
                             "DASK_DISTRIBUTED__NANNY__PRE_SPAWN_ENVIRON to try other "
                             "settings of the Dask worker processes")
    args = parser.parse_args(argv)
    extra_env = dict(item.split("=", 1) for item in args.server_env)
    if shutil.which("cdo") is None:
        print("cdo is not installed", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="opendias-bench-compute-"))
    service = None
    try:
        data = args.data
        if data is None:
            from opendias import sample_data

            data = work / "data"
            print(f"generating the large Med SST sample in {data} ...", flush=True)
            sample_data.generate(data, "large", only=["med-sst"])
        src = data / FILE
        if not src.exists():
            print(f"{src} not found", file=sys.stderr)
            return 2
        home = work / "home"
        home.mkdir()
        service = OpendiasServer(data_dir=data, home=home, workers=args.workers, env=extra_env,
                                 log=home / "server.log",
                                 # the packaged catalogue, a LocalCluster of the service, a
                                 # store and results in home
                                 unset=["OPENDIAS_CATALOGUE", "OPENDIAS_DASK_SCHEDULER",
                                        "OPENDIAS_DATABASE_URL", "OPENDIAS_RESULTS_DIR"])
        t_ready = service.start()
        from opendias.config import get_settings

        settings = get_settings()  # this process's environment: the service's defaults
        print(f"input: {src} ({os.path.getsize(src) / 1e6:.0f} MB), {os.cpu_count()} CPUs, "
              f"load average {os.getloadavg()[0]:.1f}; cdo single-threaded")
        print(f"service: {service.url}, gunicorn {args.workers} workers, up in {t_ready:.1f} s;"
              f" jobs on a Dask LocalCluster of {settings.dask_workers} worker processes x "
              f"{settings.dask_threads} thread(s), polled every {POLL * 1000:.0f} ms")
        for name, value in extra_env.items():
            print(f"  service environment: {name}={value}")
        t_warm = run_job(service, "regrid", REGRID_INPUTS, work / "warm.nc")["job"]
        t_warm2 = run_job(service, "statistics", FLDMEAN_INPUTS, work / "warm.nc")["job"]
        print(f"warm-up, untimed: one regrid job {t_warm:.2f} s (starts the Dask LocalCluster),"
              f" one statistics job {t_warm2:.2f} s")
        print(flush=True)
        ok = bench_regrid(src, work, args.repeat, service)
        ok = bench_fldmean(src, work, args.repeat, service) and ok
        if args.monmean:
            bench_monmean(src, work, args.repeat)
        print(f"load average at the end {os.getloadavg()[0]:.1f} "
              f"({os.cpu_count()} CPUs; above that, wall times are inflated)")
        return 0 if ok else 1
    finally:
        if service is not None:
            service.stop()
        clear_cache()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
