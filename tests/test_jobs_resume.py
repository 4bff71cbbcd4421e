"""Jobs that resume, on the real stack (gunicorn, the service's Dask LocalCluster): the
service killed (SIGKILL) or stopped (SIGTERM) with jobs queued and running; after a restart
the OGC API jobs finish successful, their attempts counted and kept in the record, while a
WPS job says why it failed; a job whose Dask worker dies on every attempt fails after
OPENDIAS_JOB_ATTEMPTS attempts, saying why."""

from __future__ import annotations

import html
import json
import os
import re
import signal
import tempfile
import time
from pathlib import Path

import requests

from conftest import SST_JOB_INPUTS, Server

# a job of a few seconds (CSV is streamed fast since issue 10 §3): the whole ERA5 sample
# month as CSV
SHORT_SLOW = {"inputs": {"dataset": "era5-single-levels", "format": "csv"}}
# a job that runs for tens of seconds: the ERA5 sample month regridded conservatively
SLOW_PROCESS = "regrid"
SLOW = {"inputs": {"dataset": "era5-single-levels", "method": "conservative",
                   "resolution": [0.2]}}
SST = {"inputs": SST_JOB_INPUTS}  # a job of a moment


def _submit(server: Server, body: dict, process: str = "subset") -> str:
    resp = requests.post(f"{server.url}/processes/{process}/execution", json=body,
                         headers={"Prefer": "respond-async"}, timeout=60)
    assert resp.status_code == 201, resp.text
    return resp.json()["jobID"]


def _status(server: Server, job_id: str) -> dict:
    return requests.get(f"{server.url}/jobs/{job_id}?f=json", timeout=10).json()


def _wait_status(server: Server, job_id: str, wanted: set[str], timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        status = _status(server, job_id)
        if status["status"] in wanted:
            return status
        assert time.monotonic() < deadline, status
        time.sleep(0.1)


def _record(home: str, job_id: str) -> dict:
    from opendias.jobs import JobStore

    return JobStore(f"sqlite:///{home}/jobs.sqlite").get(job_id)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_sigkill_with_jobs_queued_and_running_resumes_them():
    """SIGKILL the whole service (gunicorn, its Dask cluster) with one job running and
    three queued behind it (one Dask worker); after a restart all four finish successful:
    the running one on its second attempt (its first kept, "lost"), the queued ones on
    their first; the resumed job's file is that of the same job never interrupted."""
    home = tempfile.mkdtemp(prefix="opendias-resume-kill-")
    env = {"OPENDIAS_ACCESS_LOG": "off", "OPENDIAS_HOME": home, "OPENDIAS_DASK_WORKERS": "1"}
    server = Server(workers=2, env=env).start()
    try:
        running = _submit(server, SHORT_SLOW)
        _wait_status(server, running, {"running"}, timeout=90)
        queued = [_submit(server, body) for body in (SHORT_SLOW, SST, SST)]
        assert {_status(server, j)["status"] for j in queued} == {"accepted"}
        first_worker = _record(home, running)["worker"]
        os.killpg(server.proc.pid, signal.SIGKILL)
        server.proc.wait(10)
        deadline = time.monotonic() + 20
        while _group_alive(server.proc.pid):
            assert time.monotonic() < deadline
            time.sleep(0.1)
    finally:
        server.stop()
    assert _record(home, running)["status"] == "running"  # as the killed service left it
    server = Server(workers=2, env=env, port=server.port).start()
    try:
        finals = {j: _wait_status(server, j, {"successful", "failed", "dismissed"})
                  for j in [running, *queued]}
        assert {s["status"] for s in finals.values()} == {"successful"}, finals
        files = []
        for job_id in [running, *queued]:
            result = requests.get(f"{server.url}/jobs/{job_id}/results?f=json",
                                  timeout=10).json()
            data = requests.get(result["result"]["href"], timeout=30)
            assert data.status_code == 200
            files.append(data.content)
        assert files[0].startswith(b"time,") and files[0] == files[1]  # as if never stopped
        job = _record(home, running)
        assert job["attempts"] == 2
        first, second = job["history"]
        assert (first["attempt"], first["worker"], first["outcome"]) == (1, first_worker,
                                                                         "lost")
        assert "stopped while this job was running" in first["message"]
        assert first["started"] <= first["ended"] <= second["started"] <= second["ended"]
        assert second["outcome"] == "successful" and second["worker"] != first_worker
        assert job["started"] == first["started"]  # the first start is kept
        for job_id in queued:
            job = _record(home, job_id)
            assert job["attempts"] == 1, job
            assert [a["outcome"] for a in job["history"]] == ["successful"]
    finally:
        server.stop()


def test_sigterm_resumes_ogc_jobs_and_fails_wps_jobs():
    """Stop the service (SIGTERM to the master, as an operator's `kill`) while an OGC API
    job and a WPS job run: nothing of it lingers; after a restart the OGC API job is run
    again, and the WPS job (its status document is PyWPS', whose request
    process is gone) says it failed, and why."""
    home = tempfile.mkdtemp(prefix="opendias-restart-")
    env = {"OPENDIAS_ACCESS_LOG": "off", "OPENDIAS_HOME": home}
    server = Server(workers=2, env=env).start()
    try:
        job_id = _submit(server, SLOW, SLOW_PROCESS)
        wps = requests.get(f"{server.url}/wps?service=WPS&request=Execute&version=1.0.0"
                           "&identifier=regrid&DataInputs=dataset=era5-single-levels;"
                           "method=conservative;resolution=0.2"
                           "&ResponseDocument=result=@asReference=true"
                           "&storeExecuteResponse=true&status=true", timeout=60).text
        # a signed link: /results/{uuid}.xml?expires=..&signature=.. (XML-escaped here)
        status_location = html.unescape(re.search(r'statusLocation="([^"]+)"', wps).group(1))
        wps_job = "wps-" + status_location.split("?")[0].rsplit("/", 1)[1][:-len(".xml")]
        for jid in (job_id, wps_job):
            _wait_status(server, jid, {"running"}, timeout=60)
        server.proc.send_signal(signal.SIGTERM)
        server.proc.wait(30)
        deadline = time.monotonic() + 30
        while _group_alive(server.proc.pid):
            assert time.monotonic() < deadline, "processes of the stopped service linger"
            time.sleep(0.2)
    finally:
        server.stop()
    server = Server(workers=2, env=env, port=server.port).start()
    try:
        job = _record(home, job_id)  # queued again (test_sigkill_... follows one to its end)
        assert job["status"] in ("accepted", "running", "successful"), job
        assert job["history"][0]["outcome"] == "lost"
        assert "stopped while this job was running" in job["history"][0]["message"]
        status = _status(server, wps_job)
        assert status["status"] == "failed"
        assert "stopped while this job was running" in status["message"]
        wps_status = requests.get(status_location, timeout=10).text
        assert "ProcessFailed" in wps_status
        assert "stopped while this job was running" in wps_status, wps_status[-1500:]
    finally:
        server.stop()


def test_job_whose_worker_dies_on_every_attempt_fails_after_the_last():
    """OPENDIAS_JOB_ATTEMPTS=2: the Dask worker running a job is killed on each attempt
    (its nanny restarts it, Dask runs the task again); after the second the job fails,
    saying how many times it was started and why, each attempt in its record."""
    from distributed import Client

    home = tempfile.mkdtemp(prefix="opendias-attempts-")
    env = {"OPENDIAS_ACCESS_LOG": "off", "OPENDIAS_HOME": home, "OPENDIAS_DASK_WORKERS": "1",
           "OPENDIAS_JOB_ATTEMPTS": "2"}
    with Server(workers=1, env=env) as server:
        job_id = _submit(server, SLOW, SLOW_PROCESS)
        address = json.loads(Path(home, "runtime", "dask-scheduler.json").read_text())[
            "address"]
        with Client(address, timeout=30) as client:
            for attempt in (1, 2):
                deadline = time.monotonic() + 90
                while not (_record(home, job_id)["attempts"] == attempt
                           and _status(server, job_id)["status"] == "running"):
                    assert time.monotonic() < deadline, _record(home, job_id)
                    time.sleep(0.1)
                worker = _record(home, job_id)["worker"].split("@", 1)[1]
                pids = client.run(os.getpid, workers=[worker])
                os.kill(pids[worker], signal.SIGKILL)
        status = _wait_status(server, job_id, {"successful", "failed"}, timeout=90)
        assert status["status"] == "failed", status
        assert "started 2 times" in status["message"], status
        assert "OPENDIAS_JOB_ATTEMPTS=2" in status["message"]
        assert "Dask worker running it" in status["message"] and "died" in status["message"]
        job = _record(home, job_id)
        assert job["attempts"] == 2
        assert [(a["attempt"], a["outcome"]) for a in job["history"]] == [(1, "lost"),
                                                                          (2, "lost")]
        assert all(a["ended"] for a in job["history"])
        assert not list(Path(home, "results").glob(f"*{job_id}*"))
