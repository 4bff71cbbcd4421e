"""Several service nodes: two `opendias serve` (separate OPENDIAS_HOMEs and ports, standing in
for two machines) sharing one PostgreSQL job store, one external Dask scheduler with two
`dask worker` processes, and one S3 bucket for results (SeaweedFS). A job submitted through
node A is listed, followed and downloaded through node B; node A killed with SIGKILL while
a job runs does not lose it: the job runs on the Dask workers, which finish its record, and
node B serves its result."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import requests
import xarray as xr

from conftest import (SST_JOB_INPUTS, Server, expected_sst_job, final_job, free_port,
                      wait_for)
from test_jobs_postgres import pg_url  # noqa: F401 - the module's PostgreSQL server

REPO = Path(__file__).resolve().parents[1]
BUCKET = "opendias-nodes"
SECRET = "nodes-test-secret"  # every node and Dask worker shares the service's secret
# a job of several seconds: the whole SST sample (3 M cells) as CSV
SLOW = {"dataset": "med-sst-l4", "format": "csv", "variables": ["analysed_sst"]}


def _dask(s3_env: dict) -> tuple[str, list[subprocess.Popen]]:
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, **s3_env, "PYTHONPATH": str(REPO), "OPENDIAS_SECRET_KEY": SECRET}
    dask_bin = str(Path(sys.executable).with_name("dask"))
    procs = [subprocess.Popen([dask_bin, "scheduler", "--host", "127.0.0.1", "--port",
                               str(port), "--no-dashboard"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)]
    for name in ("node-worker-1", "node-worker-2"):
        procs.append(subprocess.Popen(
            [dask_bin, "worker", address, "--name", name, "--nthreads", "1",
             "--no-dashboard", "--nworkers", "1"], env=env, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True))
    return address, procs


def _stop(procs: list[subprocess.Popen]) -> None:
    for proc in reversed(procs):
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    for proc in procs:
        proc.wait(20)


def _download(link: dict, node_a: str, node_b: str) -> bytes:
    """A result link (made with node A's base URL) followed through node B."""
    href = link["href"].replace(node_a, node_b)
    first = requests.get(href, allow_redirects=False, timeout=30)
    assert first.status_code == 302, first.text
    body = requests.get(first.headers["Location"], timeout=60).content
    assert len(body) == link["size"]
    return body


def test_two_nodes_share_jobs_and_survive_a_killed_node(pg_url, s3_server,  # noqa: F811
                                                        tmp_path, data_dir):
    s3_server.bucket(BUCKET)
    address, procs = _dask(s3_server.env())
    nodes = []
    try:
        from distributed import Client

        with Client(address, timeout=30) as c:
            c.wait_for_workers(2, timeout=60)
        shared = {**s3_server.env(), "OPENDIAS_DATABASE_URL": pg_url,
                  "OPENDIAS_DASK_SCHEDULER": address, "OPENDIAS_SECRET_KEY": SECRET,
                  "OPENDIAS_RESULTS_URL": f"s3://{BUCKET}/results"}
        for name in ("a", "b"):
            nodes.append(Server(workers=1, env={**shared, "OPENDIAS_HOME": str(tmp_path / name)}))
        for node in nodes:  # both start at once, as machines would
            node.proc = subprocess.Popen(
                [sys.executable, "-m", "opendias.cli", "serve", "--host", "127.0.0.1",
                 "--port", str(node.port), "--workers", "1"], env=node.env,
                start_new_session=True)
        for node in nodes:
            wait_for(node.url + "/conformance", proc=node.proc)
        a, b = nodes

        # submitted through A: listed, followed and downloaded through B
        resp = requests.post(f"{a.url}/processes/subset/execution",
                             json={"inputs": SST_JOB_INPUTS},
                             headers={"Prefer": "respond-async"}, timeout=60)
        assert resp.status_code == 201, resp.text
        job_id = resp.headers["Location"].rsplit("/", 1)[1]
        assert job_id in [j["jobID"] for j in requests.get(
            f"{b.url}/jobs?f=json", timeout=30).json()["jobs"]]
        assert final_job(f"{b.url}/jobs/{job_id}")["status"] == "successful"
        link = requests.get(f"{b.url}/jobs/{job_id}/results?f=json", timeout=30).json()["result"]
        path = tmp_path / "first.nc"
        path.write_bytes(_download(link, a.url, b.url))
        with xr.open_dataset(path) as got:
            np.testing.assert_array_equal(got["analysed_sst"].values,
                                          expected_sst_job(data_dir).values)

        # A killed (SIGKILL, its whole process group) while a job runs: B sees it finish
        resp = requests.post(f"{a.url}/processes/subset/execution", json={"inputs": SLOW},
                             headers={"Prefer": "respond-async"}, timeout=60)
        assert resp.status_code == 201, resp.text
        slow_id = resp.headers["Location"].rsplit("/", 1)[1]
        deadline = time.monotonic() + 60
        while (status := requests.get(f"{b.url}/jobs/{slow_id}?f=json",
                                      timeout=30).json()["status"]) == "accepted":
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert status == "running"  # mid-job
        os.killpg(a.proc.pid, signal.SIGKILL)
        a.proc.wait(10)
        job = final_job(f"{b.url}/jobs/{slow_id}")
        assert job["status"] == "successful", job
        link = requests.get(f"{b.url}/jobs/{slow_id}/results?f=json", timeout=30).json()["result"]
        table = _download(link, a.url, b.url).decode()
        assert table.count("\n") > 1_000_000  # every cell of the sample: a row each
        from sqlalchemy import create_engine, text

        with create_engine(pg_url).connect() as conn:
            worker, scheduler, attempts = conn.execute(text(
                "select worker, scheduler, attempts from opendias_jobs where id = :i"),
                {"i": slow_id}).one()
        assert worker.split("@")[0] in ("node-worker-1", "node-worker-2")
        assert scheduler == address and attempts == 1
    finally:
        for node in nodes:
            node.stop(signal.SIGKILL)
        _stop(procs)
