"""OPENDIAS_RESULTS_QUOTA: when the results folder holds more bytes than the quota, the
oldest finished jobs expire first (files and record, as after their retention) until it
fits; jobs still running, the job just finished and jobs without files are kept; no quota
(0) removes nothing. Checked both by the periodic clean-up and at the end of a job."""

from __future__ import annotations

import datetime as dt

import pytest


@pytest.fixture()
def results(tmp_path, monkeypatch):
    from opendias import jobs

    monkeypatch.setenv("OPENDIAS_DATABASE_URL", f"sqlite:///{tmp_path / 'jobs.sqlite'}")
    monkeypatch.setenv("OPENDIAS_RESULTS_DIR", str(tmp_path / "results"))
    store = jobs.JobStore()
    base = dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=1)

    def add(job_id: str, minutes: int, size: int, status=jobs.SUCCESSFUL):
        stamp = (base + dt.timedelta(minutes=minutes)).strftime(jobs.DATETIME_FORMAT)
        store.add(job_id, "subset", {}, owner=None)
        store.update(job_id, status=status, updated=stamp,
                     finished=stamp if status in jobs.FINAL else None)
        if size:
            folder = tmp_path / "results" / job_id
            folder.mkdir(parents=True)
            (folder / "out.nc").write_bytes(b"x" * size)
    return store, add, tmp_path / "results"


def _left(store, root) -> tuple[set, set]:
    from opendias import jobs

    records = {j["id"] for j in store.list(owner=jobs.EVERY_OWNER)[0]}
    return records, {p.name for p in root.iterdir()}


def test_oldest_finished_results_expire_first(results, monkeypatch):
    from opendias import jobs
    from opendias.jobs.quota import enforce_quota

    store, add, root = results
    add("oldest", 0, 400)
    add("failed-no-files", 1, 0, status=jobs.FAILED)
    add("older", 2, 400)
    add("running", 3, 400, status=jobs.RUNNING)  # its files are being written
    add("newer", 4, 400)
    add("newest", 5, 400)
    assert enforce_quota(store) == 0  # no quota by default
    monkeypatch.setenv("OPENDIAS_RESULTS_QUOTA", "1300")
    assert enforce_quota(store) == 2  # 2000 bytes: the two oldest finished with files go
    records, files = _left(store, root)
    assert files == {"running", "newer", "newest"}
    assert records == {"failed-no-files", "running", "newer", "newest"}
    assert enforce_quota(store) == 0  # 1200 bytes fit
    monkeypatch.setenv("OPENDIAS_RESULTS_QUOTA", "100")
    assert jobs.cleanup_expired(store, force=True) == 2  # the periodic clean-up applies it
    records, files = _left(store, root)
    assert files == {"running"} and records == {"failed-no-files", "running"}


def _write(inputs, ctx):
    (ctx.workdir / "result.nc").write_bytes(b"y" * inputs["size"])
    return None


def test_a_finished_job_makes_room_for_itself(results, monkeypatch):
    from opendias import jobs
    from opendias.jobs.runner import _run_job

    store, add, root = results
    add("old", 0, 600)
    add("recent", 1, 600)
    monkeypatch.setenv("OPENDIAS_RESULTS_QUOTA", "1500")
    store.add("new", "subset", {"size": 700}, owner=None)
    assert _run_job(store, "new", _write, {"size": 700}, "w@local") == jobs.SUCCESSFUL
    records, files = _left(store, root)
    assert files == {"recent", "new"} and records == {"recent", "new"}
    assert (root / "new" / "result.nc").stat().st_size == 700
    job = store.get("new")
    assert job["attempts"] == 1
    assert [(a["worker"], a["outcome"]) for a in job["history"]] == [("w@local", "successful")]
