"""The job store on PostgreSQL: a throwaway server (initdb + pg_ctl on a loopback port) for
this module; the JobStore API against it (records, progress, status transitions that only
one writer wins, listing with filters and paging, recovery of jobs a dead service left
running, a forked process that must not share its parent's connections), and the real
service (gunicorn, two workers) running an async subset job whose row is in PostgreSQL.

The PostgreSQL server binaries are required (Debian: apt-get install postgresql); without
them these tests fail, saying so: CI installs them.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path

import numpy as np
import pytest
import requests
import sqlalchemy as sa
import xarray as xr

from conftest import Server, add_jobs_from_processes, expected_sst_job, free_port

SST_BODY = {"inputs": {"dataset": "med-sst-l4", "bbox": [5, 38, 10, 42],
                       "datetime": "2016-03-01/2016-03-02", "variables": ["analysed_sst"]}}


# -- a throwaway PostgreSQL server -----------------------------------------------------------

def _pg_bindir() -> Path:
    candidates = []
    if os.environ.get("OPENDIAS_TEST_PG_BIN"):
        candidates.append(Path(os.environ["OPENDIAS_TEST_PG_BIN"]))
    candidates += sorted((Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin")),
                         key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
                         reverse=True)
    if shutil.which("initdb"):
        candidates.append(Path(shutil.which("initdb")).parent)
    for path in candidates:
        if all((path / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            return path
    pytest.fail("PostgreSQL server binaries (initdb, pg_ctl, postgres) not found in "
                "/usr/lib/postgresql/*/bin or on PATH: install them (Debian/Ubuntu: "
                "apt-get install postgresql) or set OPENDIAS_TEST_PG_BIN to their folder",
                pytrace=False)


def _as_postgres_user(cmd: list[str]) -> list[str]:
    """initdb refuses to run as root: as root, run the server tools as `postgres`."""
    if os.geteuid() != 0:
        return cmd
    runuser = shutil.which("runuser")
    if runuser is None:
        pytest.fail("running as root without `runuser`: cannot start PostgreSQL as the "
                    "postgres user", pytrace=False)
    return [runuser, "-u", "postgres", "--", *cmd]


def _run(cmd: list[str], what: str, timeout: float = 120) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        pytest.fail(f"{what} failed ({done.returncode}): {done.stdout}\n{done.stderr}",
                    pytrace=False)


@pytest.fixture(scope="module")
def pg_url():
    """URL of database `opendias` on a new PostgreSQL server (127.0.0.1 only, its unix
    socket in its own temporary folder); the server and its files go at the end."""
    bindir = _pg_bindir()
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.fail("psycopg is not installed: pip install 'psycopg[binary]' "
                    "(the `postgres` extra of opendias)", pytrace=False)
    root = Path(tempfile.mkdtemp(prefix="opendias-pg-"))
    datadir, log = root / "data", root / "server.log"
    if os.geteuid() == 0:
        import pwd

        pw = pwd.getpwnam("postgres")
        os.chown(root, pw.pw_uid, pw.pw_gid)
    port = free_port()
    started = False
    try:
        _run(_as_postgres_user([str(bindir / "initdb"), "-D", str(datadir), "-U", "postgres",
                                "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"]),
             "initdb")
        options = f"-h 127.0.0.1 -p {port} -k {root} -F -c max_connections=200"
        done = subprocess.run(_as_postgres_user(
            [str(bindir / "pg_ctl"), "-D", str(datadir), "-l", str(log), "-o", options,
             "-w", "-t", "60", "start"]), capture_output=True, text=True, timeout=90)
        started = done.returncode == 0
        if not started:
            server_log = log.read_text() if log.exists() else ""
            pytest.fail(f"pg_ctl start failed: {done.stdout}\n{done.stderr}\n{server_log}",
                        pytrace=False)
        admin = sa.create_engine(f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres",
                                 isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text("CREATE DATABASE opendias"))
        admin.dispose()
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/opendias"
    finally:
        if started:
            subprocess.run(_as_postgres_user([str(bindir / "pg_ctl"), "-D", str(datadir),
                                              "-m", "immediate", "-w", "stop"]),
                           capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture()
def store(pg_url):
    from opendias.jobs import JobStore

    return JobStore(pg_url)


def _uid(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


# -- the JobStore API ------------------------------------------------------------------------

def test_schema_on_postgresql(store, pg_url):
    from opendias import database, jobs

    assert store.engine.dialect.name == "postgresql"
    assert store.engine.dialect.driver == "psycopg"
    columns = {c["name"]: c for c in sa.inspect(store.engine).get_columns("opendias_jobs")}
    assert set(columns) == {c.name for c in jobs.JOBS.columns}
    assert isinstance(columns["progress"]["type"], sa.Integer)
    # times sort byte-wise (as in SQLite) whatever the database's locale
    assert columns["created"]["type"].collation == "C"
    indexes = {i["name"] for i in sa.inspect(store.engine).get_indexes("opendias_jobs")}
    assert {"ix_opendias_jobs_status", "ix_opendias_jobs_created"} <= indexes
    # a URL without a driver means psycopg (the driver of the `postgres` extra)
    assert database.normalise_url(pg_url.replace("+psycopg", "")).drivername in (
        "postgresql+psycopg", "postgresql")
    assert database.normalise_url("postgres://u@h/db").get_backend_name() == "postgresql"


def test_processes_starting_together_create_the_schema_once(pg_url):
    """Gunicorn and Dask workers start together on an empty database: each creates the
    table if missing. Concurrent CREATE TABLE fail in PostgreSQL (a unique violation in
    its catalogue); the store takes turns under an advisory lock, so all of them start."""

    admin = sa.create_engine(pg_url.rsplit("/", 1)[0] + "/postgres",
                             isolation_level="AUTOCOMMIT")
    name = f"fresh_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f"CREATE DATABASE {name}"))
        url = pg_url.rsplit("/", 1)[0] + f"/{name}"
        add_jobs_from_processes(url, 8)
        engine = sa.create_engine(url)
        try:
            with engine.connect() as conn:
                assert conn.execute(sa.text("select count(*) from opendias_jobs")).scalar() == 8
        finally:
            engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def test_create_and_progress(store):
    from opendias import jobs

    job_id = _uid("pg-create")
    inputs = {"dataset": "med-sst-l4", "bbox": [5, 38, 10, 42], "title": "Ωmega ☂"}
    job = store.add(job_id, "subset", inputs, origin="wps", owner=None)
    assert job["status"] == jobs.ACCEPTED and job["progress"] == 0
    assert job["inputs"] == inputs and job["result"] is None and job["error"] is None
    assert job["origin"] == "wps" and job["created"] == job["updated"]
    assert jobs.schema.parse_time(job["created"]).tzinfo is not None
    with pytest.raises(sa.exc.IntegrityError):
        store.add(job_id, "subset", {}, owner=None)  # one record per id
    assert store.update(job_id, only_if_status=(jobs.ACCEPTED,), status=jobs.RUNNING,
                        started=jobs.now_text(), worker="w1@tcp://127.0.0.1:1")
    ctx = jobs.JobContext(job_id, store, Path(tempfile.gettempdir()))
    for percent in (12.7, 40, 30):  # never goes back
        ctx.progress(percent, f"at {percent}", force=True)
    job = store.get(job_id)
    assert job["progress"] == 40 and job["message"] == "at 30"
    assert job["updated"] >= job["created"]
    assert store.status(job_id) == jobs.RUNNING
    assert store.get("no-such-job") is None and store.status("no-such-job") is None


def test_status_transitions(store):
    from opendias import jobs

    job_id = _uid("pg-status")
    store.add(job_id, "subset", {}, owner=None)
    assert store.update(job_id, only_if_status=(jobs.ACCEPTED, jobs.RUNNING),
                        status=jobs.RUNNING, started=jobs.now_text())
    result = {"links": [{"href": "http://x/results/a.nc", "size": 3}], "cells": 12}
    assert store.update(job_id, only_if_status=(jobs.RUNNING,), status=jobs.SUCCESSFUL,
                        progress=100, result=result, finished=jobs.now_text())
    job = store.get(job_id)
    assert job["status"] == jobs.SUCCESSFUL and job["result"] == result
    # a finished job is never overwritten by a late writer
    assert not store.update(job_id, only_if_status=(jobs.RUNNING,), progress=50)
    assert not store.fail(job_id, "too late")
    assert store.get(job_id)["status"] == jobs.SUCCESSFUL
    # failure with an OGC exception document; dismissal is final too
    other = _uid("pg-fail")
    store.add(other, "subset", {}, owner=None)
    assert store.fail(other, "the computation failed: ValueError: boom")
    job = store.get(other)
    assert job["status"] == jobs.FAILED and job["error"]["detail"].endswith("boom")
    assert job["finished"]
    third = _uid("pg-dismiss")
    store.add(third, "subset", {}, owner=None)
    assert store.update(third, only_if_status=(jobs.ACCEPTED, jobs.RUNNING),
                        status=jobs.DISMISSED)
    assert not store.update(third, only_if_status=(jobs.ACCEPTED, jobs.RUNNING),
                            status=jobs.RUNNING)
    assert store.delete(third) and store.get(third) is None and not store.delete(third)


def test_one_writer_wins_a_transition(store):
    """Threads racing to finish one running job: exactly one succeeds (UPDATE ... WHERE
    status = 'running' is atomic under PostgreSQL's row locks)."""
    from opendias import jobs

    for _round in range(5):
        job_id = _uid("pg-race")
        store.add(job_id, "subset", {}, owner=None)
        store.update(job_id, status=jobs.RUNNING)
        barrier = threading.Barrier(8)
        wins = []

        def finish(i):
            barrier.wait()
            if store.update(job_id, only_if_status=(jobs.RUNNING,),
                            status=jobs.SUCCESSFUL if i % 2 else jobs.FAILED,
                            message=f"writer {i}"):
                wins.append(i)

        threads = [threading.Thread(target=finish, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert len(wins) == 1, wins
        assert store.get(job_id)["message"] == f"writer {wins[0]}"


def test_unusual_values_are_stored(store):
    """PostgreSQL refuses NUL characters and text longer than a VARCHAR: such values (an
    exception message, a long worker name) are cleaned, never leave a job unrecorded."""
    from opendias import jobs

    job_id = _uid("pg-values")
    store.add(job_id, "subset", {"note": "a\x00b"}, owner=None)
    assert store.get(job_id)["inputs"] == {"note": "a\x00b"}  # JSON escapes it
    assert store.update(job_id, worker="w" * 400, message="bad\x00byte")
    job = store.get(job_id)
    assert len(job["worker"]) == 256 and job["message"] == "badbyte"
    assert store.fail(job_id, "failed: \x00" + "x" * 10000)
    assert store.get(job_id)["status"] == jobs.FAILED


def test_list_status_filter_and_paging(store):
    import datetime as dt

    from opendias import jobs

    process = _uid("pg-list")
    base = dt.datetime(2024, 5, 1, tzinfo=dt.timezone.utc)
    ids = []
    for i in range(7):
        job_id = f"{process}-{i}"
        ids.append(job_id)
        store.add(job_id, process, {"i": i}, owner=None)
        stamp = (base + dt.timedelta(minutes=i)).strftime(jobs.DATETIME_FORMAT)
        status = (jobs.SUCCESSFUL, jobs.FAILED, jobs.RUNNING)[i % 3]
        store.update(job_id, status=status, created=stamp, started=stamp)
    found, matched = store.list(process_id=[process])
    assert matched == 7
    assert [j["id"] for j in found] == ids[::-1]  # newest first
    ok, n_ok = store.list(status=[jobs.SUCCESSFUL], process_id=[process])
    assert n_ok == 3 and {j["id"] for j in ok} == {ids[0], ids[3], ids[6]}
    both, n_both = store.list(status=[jobs.SUCCESSFUL, jobs.FAILED], process_id=[process])
    assert n_both == 5 and all(j["status"] in (jobs.SUCCESSFUL, jobs.FAILED) for j in both)
    pages = [store.list(process_id=[process], limit=3, offset=o) for o in (0, 3, 6)]
    assert [len(p[0]) for p in pages] == [3, 3, 1]
    assert all(p[1] == 7 for p in pages)
    assert [j["id"] for p in pages for j in p[0]] == ids[::-1]
    assert store.list(process_id=[process], limit=5, offset=7) == ([], 7)
    # jobs finished before a time (the retention clean-up's query)
    old = store.finished_before((base + dt.timedelta(days=1)).strftime(jobs.DATETIME_FORMAT))
    assert not {j["id"] for j in old if j["process_id"] == process}  # updated = now
    assert {j["id"] for j in store.unfinished()} >= {ids[2], ids[5]}


def test_recover_jobs_left_by_a_dead_service(store):
    """Jobs left accepted/running by a service whose scheduler is gone are marked failed,
    saying why; recent ones never submitted wait for the grace period; others stay."""
    import datetime as dt

    from opendias import jobs

    gone = f"tcp://127.0.0.1:{free_port()}"  # nothing listens there
    old = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=10)).strftime(
        jobs.DATETIME_FORMAT)
    running, accepted, fresh, stale, done = (_uid(f"pg-lost-{k}") for k in
                                             ("running", "accepted", "fresh", "stale", "done"))
    for job_id in (running, accepted, fresh, stale, done):
        store.add(job_id, "subset", {}, owner=None)
    store.update(running, status=jobs.RUNNING, scheduler=gone, started=old)
    store.update(accepted, scheduler=gone)
    store.update(stale, created=old, updated=old)  # never reached a scheduler, 10 min ago
    store.update(done, status=jobs.SUCCESSFUL, scheduler=gone)
    lost = jobs.recover_lost_jobs(store, ask_scheduler=False)
    assert {running, accepted, stale} <= set(lost)
    assert fresh not in lost and done not in lost
    job = store.get(running)
    assert job["status"] == jobs.FAILED
    assert "stopped while this job was running" in job["message"]
    assert job["error"]["detail"] == job["message"]
    assert "stopped while this job was accepted" in store.get(accepted)["message"]
    assert store.get(fresh)["status"] == jobs.ACCEPTED
    assert store.get(done)["status"] == jobs.SUCCESSFUL
    assert not set(jobs.recover_lost_jobs(store, ask_scheduler=False)) & {running, accepted}


def test_forked_child_does_not_share_connections(store):
    """A process forked after the engine exists (gunicorn --preload, multiprocessing
    "fork") opens its own connections, even through a JobStore made by its parent; the
    parent's pooled connections are neither used nor closed by the child."""
    from opendias import jobs

    job_id = _uid("pg-fork")
    store.add(job_id, "subset", {}, owner=None)
    me = f"opendias[{os.getpid()}]"

    def parent_backends():
        with store.engine.connect() as conn:
            return set(conn.execute(sa.text(
                "select pid from pg_stat_activity where application_name = :n"),
                {"n": me}).scalars())

    before = parent_backends()
    assert before
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: use the parent's store object, report, exit
        code = 1
        try:
            os.close(read)
            with store.engine.connect() as conn:
                backend, name = conn.execute(sa.text(
                    "select pg_backend_pid(), current_setting('application_name')")).one()
            ok = store.update(job_id, message=f"child {backend}")
            fresh = jobs.JobStore(store.url)
            os.write(write, json.dumps({"backend": backend, "name": name, "ok": ok,
                                        "same": fresh.engine is store.engine}).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    deadline = time.monotonic() + 60
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pytest.fail("forked child did not finish")
        time.sleep(0.05)
    report = json.loads(os.read(read, 4096) or b"{}")
    os.close(read)
    assert os.waitstatus_to_exitcode(status) == 0
    assert report["ok"] and not report["same"]
    assert report["backend"] not in before and report["name"] == f"opendias[{pid}]"
    assert parent_backends() >= before  # all still open, and usable
    assert store.get(job_id)["message"] == f"child {report['backend']}"


# -- the service on PostgreSQL ---------------------------------------------------------------

def test_service_runs_async_job_on_postgresql(pg_url, data_dir, tmp_path):
    import psutil

    home = tmp_path / "home"
    server = Server(workers=2, env={"OPENDIAS_DATABASE_URL": pg_url,
                                    "OPENDIAS_HOME": str(home)}).start()
    try:
        resp = requests.post(f"{server.url}/processes/subset/execution", json=SST_BODY,
                             headers={"Prefer": "respond-async"}, timeout=60)
        assert resp.status_code == 201, resp.text
        job_id = resp.json()["jobID"]
        job_url = resp.headers["Location"]
        assert job_url == f"{server.url}/jobs/{job_id}"
        # poll over new connections: the requests go to either worker
        seen = []
        deadline = time.monotonic() + 120
        while True:
            status = requests.get(job_url + "?f=json", timeout=30,
                                  headers={"Connection": "close"}).json()
            seen.append(status["progress"])
            if status["status"] in ("successful", "failed", "dismissed"):
                break
            assert time.monotonic() < deadline, status
            time.sleep(0.1)
        assert status["status"] == "successful", status
        assert status["progress"] == 100 and seen == sorted(seen)
        answers = {requests.get(job_url + "?f=json", timeout=30,
                                headers={"Connection": "close"}).json()["status"]
                   for _ in range(20)}
        assert answers == {"successful"}
        listed = requests.get(f"{server.url}/jobs?f=json&status=successful&limit=1000",
                              timeout=30).json()["jobs"]
        assert job_id in [j["jobID"] for j in listed]
        links = requests.get(job_url + "/results?f=json", timeout=30).json()["links"]
        assert len(links) == 1
        data = requests.get(links[0]["href"], timeout=30).content
        assert len(data) == links[0]["size"] > 0
        path = tmp_path / "pg.nc"
        path.write_bytes(data)
        expected = expected_sst_job(data_dir)
        with xr.open_dataset(path) as got:
            assert got["analysed_sst"].shape == expected.shape
            np.testing.assert_allclose(got["analysed_sst"].values, expected.values,
                                       equal_nan=True, rtol=0, atol=1e-6)
            np.testing.assert_allclose(got.lon.values, expected.lon.values)
            np.testing.assert_allclose(got.lat.values, expected.lat.values)
        workers = {p.pid for p in psutil.Process(server.proc.pid).children()}
        assert len(workers) == 2
        # the record is a row in PostgreSQL (and the SQLite default was never used)
        engine = sa.create_engine(pg_url)
        try:
            with engine.connect() as conn:
                row = conn.execute(sa.text(
                    "select status, progress, result, worker, scheduler, origin, created, "
                    "finished from opendias_jobs where id = :id"), {"id": job_id}).one()
                names = set(conn.execute(sa.text(
                    "select application_name from pg_stat_activity "
                    "where datname = current_database()")).scalars())
        finally:
            engine.dispose()
        assert row.status == "successful" and row.progress == 100 and row.origin == "ogcapi"
        result = json.loads(row.result)
        assert result["links"][0]["href"] == links[0]["href"]
        assert row.worker and row.scheduler.startswith("tcp://127.0.0.1:")
        assert row.created <= row.finished
        # both gunicorn workers hold connections of their own
        assert {f"opendias[{pid}]" for pid in workers} <= names, names
        assert not (home / "jobs.sqlite").exists()
    finally:
        server.stop()
