"""Benchmark part of bench/jobs.py (`--nodes N`): a burst of jobs through one service node,
then through N nodes, all sharing one PostgreSQL job store (a throwaway server: initdb,
pg_ctl), one external Dask scheduler with its `dask worker`s, and one S3 bucket for the
results (SeaweedFS, tests/s3_server.py). Prints the throughput of each; not a test.

    OPENDIAS_DATA_DIR=/work/bench-data .venv/bin/python bench/jobs.py --nodes 2 --jobs 50
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from harness import REPO, OpendiasServer, free_port

sys.path.insert(0, str(REPO / "tests"))
from s3_server import S3Server  # noqa: E402 - the tests' helper

BUCKET = "opendias-bench-nodes"


def _as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def start_postgres(root: Path) -> tuple[str, callable]:
    """A PostgreSQL server on a free loopback port: (its URL of database postgres, stop)."""
    bindir = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1])
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        os.chown(root, pw.pw_uid, pw.pw_gid)
    port, data = free_port(), root / "pg"
    subprocess.run(_as_postgres([str(bindir / "initdb"), "-D", str(data), "-U", "postgres",
                                 "--auth=trust", "--no-sync"]), check=True,
                   capture_output=True)
    subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-l",
                                 str(root / "pg.log"), "-o",
                                 f"-h 127.0.0.1 -p {port} -k {root} -F -c max_connections=300",
                                 "-w", "start"]), check=True, capture_output=True)

    def stop():
        subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m",
                                     "immediate", "stop"]), capture_output=True)
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", stop


def start_dask(workers: int, env: dict) -> tuple[str, list[subprocess.Popen]]:
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    dask = str(Path(sys.executable).with_name("dask"))
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL,
             "start_new_session": True, "env": env}
    procs = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], **quiet)]
    for i in range(workers):
        procs.append(subprocess.Popen([dask, "worker", address, "--name", f"bench-{i}",
                                       "--nthreads", "1", "--no-dashboard"], **quiet))
    from distributed import Client

    with Client(address, timeout=60) as client:
        client.wait_for_workers(workers, timeout=120)
    return address, procs


def compare_nodes(nodes: int, jobs: int, dask_workers: int) -> int:
    from jobs import INPUTS, burst

    root = Path(tempfile.mkdtemp(prefix="opendias-bench-nodes-"))
    data_dir = Path(os.environ.get("OPENDIAS_DATA_DIR") or root / "data")
    if not (data_dir / ".sample-data.json").exists():
        from opendias import sample_data

        sample_data.generate(data_dir, "small")
    procs, servers, stop_pg = [], [], None
    with S3Server(root / "s3") as s3:
        try:
            s3.bucket(BUCKET)
            pg_url, stop_pg = start_postgres(root)
            env = {**os.environ, **s3.env(), "PYTHONPATH": str(REPO),
                   "OPENDIAS_SECRET_KEY": "bench-nodes", "MALLOC_MMAP_THRESHOLD_": "33554432"}
            address, procs = start_dask(dask_workers, env)
            shared = {**s3.env(), "OPENDIAS_DATABASE_URL": pg_url,
                      "OPENDIAS_DASK_SCHEDULER": address, "OPENDIAS_SECRET_KEY": "bench-nodes",
                      "OPENDIAS_RESULTS_URL": f"s3://{BUCKET}/results",
                      "OPENDIAS_ANONYMOUS": "catalogue,maps,subset,download,processes"}
            servers = [OpendiasServer(root / f"node-{i}", data_dir, workers=2, env=shared,
                                      log=root / f"node-{i}.log") for i in range(nodes)]
            for server in servers:
                server.start(timeout=120)
            urls = [s.url for s in servers]
            for url in urls:  # warm: each node's workers open the dataset
                for _ in range(4):
                    requests.post(f"{url}/processes/subset/execution",
                                  json={"inputs": INPUTS}, timeout=300).raise_for_status()
            figures = {}
            for used in (urls[:1], urls):
                ids, records, submitted, total = burst(used, jobs)
                ok = sum(r["status"] == "successful" for r in records.values())
                figures[len(used)] = (ok, submitted, total)
            print(f"jobs: {jobs} async subset jobs (SST, 2 days, 5x4 degrees), each node 2 "
                  f"gunicorn workers, one external Dask scheduler with {dask_workers} "
                  "worker(s) of 1 thread, PostgreSQL job store, results on S3 (SeaweedFS)")
            for count, (ok, submitted, total) in figures.items():
                print(f"  {count} node(s): {ok}/{jobs} successful; submitting {submitted:.2f} s; "
                      f"total {total:.2f} s; {jobs / total:.1f} jobs/s")
            one, many = figures[1][2], figures[len(urls)][2]
            print(f"  {len(urls)} nodes vs 1: {one / many:.2f}x the throughput")
            return 0 if all(f[0] == jobs for f in figures.values()) else 1
        finally:
            for server in servers:
                server.stop()
            for proc in reversed(procs):
                if proc.poll() is None:
                    os.killpg(proc.pid, signal.SIGKILL)
            if stop_pg:
                stop_pg()
            time.sleep(0.5)
            shutil.rmtree(root, ignore_errors=True)
