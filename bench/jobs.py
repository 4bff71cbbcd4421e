"""Benchmark: N asynchronous subset jobs submitted at once through gunicorn (OGC API -
Processes, `Prefer: respond-async`), run on the service's Dask LocalCluster. Prints figures;
not a test.

The job: med-sst-l4, bbox 5..10E 38..42N, 2016-03-01..2016-03-02, analysed_sst, NetCDF.

Figures:
- total: from the first submission to the last job final (all polled through HTTP)
- jobs per second: N / total
- per-job latency: finished - created of each job record (median, p90, max)
- the same operation called directly in one process (subset_cube + write_netcdf, median of
  --direct runs, warm), and the per-job overhead: median latency - direct median; and
  the throughput against calling the operation directly N times in a row.
Checks: every job successful, none lost (all N listed by /jobs), every result file
downloadable with the announced size.

    .venv/bin/python bench/jobs.py [--jobs 50] [--workers 2] [--dask-workers 2]
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import requests

from harness import OpendiasServer

INPUTS = {"dataset": "med-sst-l4", "bbox": [5, 38, 10, 42],
          "datetime": "2016-03-01/2016-03-02", "variables": ["analysed_sst"]}


def _parse(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ")


def direct_runs(n: int, data_dir: Path) -> list[float]:
    """The operation called directly (warm, in this process)."""
    from opendias.catalogue import load_catalogue
    from opendias.datacube import open_cube
    from opendias.operations.formats import write_netcdf
    from opendias.operations.subset import subset_cube

    out = Path(tempfile.mkdtemp(prefix="opendias-bench-direct-"))
    times = []
    try:
        for i in range(n + 1):
            t0 = time.perf_counter()
            cube = open_cube(load_catalogue().get(INPUTS["dataset"]))
            ds = subset_cube(cube, bbox=INPUTS["bbox"], datetime=INPUTS["datetime"],
                             variables=INPUTS["variables"])
            write_netcdf(ds, out / f"direct-{i}.nc")
            if i:  # the first run opens the file: not counted
                times.append(time.perf_counter() - t0)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return times


def burst(urls: list[str], jobs: int) -> tuple[list[str], dict, float, float]:
    """`jobs` jobs submitted at once, spread over the nodes `urls` in turn, each polled
    through the next node until final: (ids, records, seconds to submit, total seconds)."""
    def submit(i):
        r = requests.post(f"{urls[i % len(urls)]}/processes/subset/execution",
                          json={"inputs": INPUTS}, headers={"Prefer": "respond-async"},
                          timeout=300)
        if r.status_code != 201:
            raise RuntimeError(f"submission refused: {r.status_code} {r.text}")
        return r.json()["jobID"]

    t0 = time.perf_counter()
    with cf.ThreadPoolExecutor(jobs) as pool:
        ids = list(pool.map(submit, range(jobs)))
    t_submitted = time.perf_counter() - t0
    pending = set(ids)
    records = {}
    while pending:
        for i, job_id in enumerate(list(pending)):
            node = urls[(i + 1) % len(urls)]
            status = requests.get(f"{node}/jobs/{job_id}?f=json", timeout=30).json()
            if status["status"] in ("successful", "failed", "dismissed"):
                records[job_id] = status
                pending.discard(job_id)
        if pending:
            time.sleep(0.05)
        if time.perf_counter() - t0 > 600:
            raise SystemExit(f"{len(pending)} job(s) not finished after 600 s")
    return ids, records, t_submitted, time.perf_counter() - t0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--dask-workers", type=int, default=None,
                        help="LocalCluster worker processes (default: the service's)")
    parser.add_argument("--dask-threads", type=int, default=None,
                        help="threads per worker (default: the service's)")
    parser.add_argument("--direct", type=int, default=10, help="direct runs to time")
    parser.add_argument("--nodes", type=int, default=0,
                        help="instead: this many service nodes sharing PostgreSQL, an "
                             "external Dask scheduler and S3 results, against one node "
                             "(bench/nodes.py)")
    args = parser.parse_args(argv)
    if args.nodes:
        from nodes import compare_nodes

        return compare_nodes(args.nodes, args.jobs, args.dask_workers or 2)

    home = Path(tempfile.mkdtemp(prefix="opendias-bench-jobs-"))
    data_dir = Path(os.environ.get("OPENDIAS_DATA_DIR") or home / "data")
    os.environ.update({"OPENDIAS_HOME": str(home), "OPENDIAS_DATA_DIR": str(data_dir)})
    from opendias import sample_data

    if not sample_data.has_sample_data(data_dir):
        sample_data.generate(data_dir, "small")
    for name, value in (("OPENDIAS_DASK_WORKERS", args.dask_workers),
                        ("OPENDIAS_DASK_THREADS", args.dask_threads)):
        if value is not None:
            os.environ[name] = str(value)
    from opendias.config import get_settings

    settings = get_settings()
    server = OpendiasServer(home, data_dir, args.workers, unset=["OPENDIAS_DASK_SCHEDULER"],
                            env={"OPENDIAS_ANONYMOUS": "catalogue,maps,subset,download,processes"},
                            log=os.environ.get("BENCH_SERVER_LOG") or os.devnull)
    url = server.url
    try:
        server.start(timeout=90)
        execution = f"{url}/processes/subset/execution"
        # warm up: starts the Dask cluster and opens the dataset on its workers
        for _ in range(settings.dask_workers * 2):
            r = requests.post(execution, json={"inputs": INPUTS}, timeout=300)
            r.raise_for_status()

        # one job at a time: the overhead of a job alone (record, Dask task, polling)
        alone = []
        for _ in range(5):
            t1 = time.perf_counter()
            r = requests.post(execution, json={"inputs": INPUTS},
                              headers={"Prefer": "respond-async"}, timeout=300)
            job_url = r.headers["Location"]
            while requests.get(job_url + "?f=json", timeout=30).json()["status"] not in (
                    "successful", "failed"):
                time.sleep(0.02)
            alone.append(time.perf_counter() - t1)

        ids, records, t_submitted, total = burst([url], args.jobs)

        failed = {j: r["message"] for j, r in records.items() if r["status"] != "successful"}
        listed = requests.get(f"{url}/jobs?f=json&limit=1000&status=successful",
                              timeout=30).json()
        listed_ids = {j["jobID"] for j in listed["jobs"]}
        lost = set(ids) - listed_ids
        sizes_ok = 0
        for job_id in ids:
            res = requests.get(f"{url}/jobs/{job_id}/results?f=json", timeout=30).json()
            if "result" not in res:
                print(f"  job {job_id}: no result: {res}; status {records.get(job_id)}")
                continue
            link = res["result"]
            head = requests.head(link["href"], timeout=30)
            sizes_ok += int(head.status_code == 200
                            and int(head.headers["Content-Length"]) == link["size"])
        latencies = sorted((_parse(r["finished"]) - _parse(r["created"])).total_seconds()
                           for r in records.values() if r["finished"])
    finally:
        server.stop()

    direct = direct_runs(args.direct, data_dir)
    d_med = statistics.median(direct)
    l_med = statistics.median(latencies)
    p90 = latencies[int(0.9 * (len(latencies) - 1))]
    print(f"jobs: {args.jobs} async subset jobs through gunicorn ({args.workers} workers), "
          f"Dask LocalCluster {settings.dask_workers} worker processes x "
          f"{settings.dask_threads} thread(s)")
    print(f"  successful: {args.jobs - len(failed)}/{args.jobs}; lost (not listed): "
          f"{len(lost)}; results downloadable with the announced size: {sizes_ok}/{args.jobs}")
    print(f"  submitting all: {t_submitted:.2f} s")
    print(f"  total (first submission to last job final): {total:.2f} s")
    print(f"  jobs per second: {args.jobs / total:.1f}")
    print(f"  job latency (created -> finished): median {l_med:.3f} s, p90 {p90:.3f} s, "
          f"max {latencies[-1]:.3f} s")
    print(f"  direct call of the operation (warm, median of {len(direct)}): {d_med:.3f} s")
    a_med = statistics.median(alone)
    print(f"  one job alone, submit -> final seen by polling every 20 ms (median of "
          f"{len(alone)}): {a_med:.3f} s; per-job overhead against the direct call: "
          f"{a_med - d_med:.3f} s")
    print(f"  in the burst, median latency - direct: {l_med - d_med:.3f} s "
          "(includes queueing behind the other jobs)")
    print(f"  throughput: {args.jobs / total:.1f} jobs/s as jobs vs {1 / d_med:.1f} ops/s "
          f"called directly one after another; as jobs the {args.jobs} take "
          f"{total / args.jobs * 1000:.0f} ms each on average, "
          f"{(total / args.jobs - d_med) * 1000:+.0f} ms against a direct call")
    if failed:
        print("  failures:", failed)
    shutil.rmtree(home, ignore_errors=True)
    return 0 if not failed and not lost and sizes_ok == args.jobs else 1


if __name__ == "__main__":
    sys.exit(main())
