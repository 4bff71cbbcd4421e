"""Before a job runs, its cost (processes.costing, POST /processes/{id}/costing), and the limits
of one job checked before it is accepted on every front that submits jobs (OGC API - Processes
and WPS): the plan's max_job_cells, the results' free disk space; the CPU seconds a job uses,
recorded and counted against job_cpu_seconds_per_day; the licences a result records."""

from __future__ import annotations

import time

import numpy as np
import pytest

from conftest import SST_JOB_INPUTS
from test_access import SST_TERM, WPS_EXECUTE, _accept, _user, test_plans  # noqa: F401


def _sst_selection(data_dir):
    from opendias.catalogue import load_catalogue
    from opendias.datacube import open_cube
    from opendias.operations.subset import subset_cube

    cube = open_cube(load_catalogue().get("med-sst-l4"))
    return subset_cube(cube, bbox=SST_JOB_INPUTS["bbox"], datetime=SST_JOB_INPUTS["datetime"],
                       variables=SST_JOB_INPUTS["variables"])


def _wait(client, job_id: str, headers: dict) -> dict:
    for _ in range(600):
        job = client.get(f"/jobs/{job_id}?f=json", headers=headers).get_json()
        if job["status"] in ("successful", "failed", "dismissed"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish")


def test_costing_of_a_subset_matches_the_job_it_estimates(client, test_plans, data_dir):
    user, headers = _user("advanced")
    _accept(user, SST_TERM)
    body = {"inputs": {**SST_JOB_INPUTS, "format": "csv"}}
    resp = client.post("/processes/subset/costing", json=body, headers=headers)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    cost = resp.get_json()
    ds = _sst_selection(data_dir)
    cells = int(ds["analysed_sst"].size)
    stored = np.dtype(ds["analysed_sst"].encoding["dtype"]).itemsize
    assert cells > 1000 and stored == 2  # the SST is packed as int16
    assert cost["read"] == {"cells": cells, "bytes": cells * stored}
    assert cost["result"]["cells"] == cells and cost["format"] == "csv"
    assert cost["datasets"] == ["med-sst-l4"] and cost["plan"] == "advanced"
    assert cost["refusals"] == [] and cost["accepted"] is True
    assert cost["licences"] == [{"id": SST_TERM, "title": "Copernicus Marine Service licence",
                                 "accepted": True}]
    quotas = cost["quotas"]
    assert quotas["max_job_cells"] == {"limit": 2_000_000_000, "this_job": cells, "ok": True}
    assert quotas["jobs_per_day"]["limit"] == 200 and quotas["jobs_per_day"]["this_job"] == 1
    assert quotas["download_bytes_per_day"]["this_job"] == cost["result"]["bytes_at_most"]
    assert client.get("/me", headers=headers).get_json()["usage"]["jobs_per_day"]["used"] == 0
    # the job itself: its CSV is no larger than the estimate, and not far below it
    run = client.post("/processes/subset/execution", json=body,
                      headers={**headers, "Prefer": "respond-async"})
    assert run.status_code == 201, run.get_data(as_text=True)
    job = _wait(client, run.get_json()["jobID"], headers)
    assert job["status"] == "successful", job
    result = client.get(f"/jobs/{job['jobID']}/results?f=json", headers=headers).get_json()
    size = result["result"]["size"]
    assert 0.3 * cost["result"]["bytes_at_most"] < size <= cost["result"]["bytes_at_most"]
    assert result["cells"] == cells


def test_a_netcdf_estimate_bounds_the_file(client, test_plans):
    from opendias.jobs import JobStore

    user, headers = _user("advanced")
    _accept(user, SST_TERM)
    body = {"inputs": {**SST_JOB_INPUTS, "format": "netcdf"}}
    cost = client.post("/processes/subset/costing", json=body, headers=headers).get_json()
    run = client.post("/processes/subset/execution", json=body,
                      headers={**headers, "Prefer": "respond-async"})
    job = _wait(client, run.get_json()["jobID"], headers)
    result = client.get(f"/jobs/{job['jobID']}/results?f=json", headers=headers).get_json()
    assert result["result"]["size"] <= cost["result"]["bytes_at_most"]
    # what the job used and which licence applied, recorded with its result
    record = JobStore().get(job["jobID"])
    assert record["cpu_seconds"] > 0 and result["cpu_seconds"] == pytest.approx(
        record["cpu_seconds"], abs=1e-3)
    assert result["licences"] == [{"id": SST_TERM, "title": "Copernicus Marine Service licence",
                                   "datasets": ["med-sst-l4"]}]


def test_costing_says_why_an_execution_would_be_refused(client, test_plans):
    user, headers = _user("essential")
    cost = client.post("/processes/regrid/costing", headers=headers, json={"inputs": {
        "dataset": "med-sst-l4", "target_dataset": "era5-single-levels",
        "datetime": "2016-03-01"}})
    assert cost.status_code == 200, cost.get_data(as_text=True)
    doc = cost.get_json()
    assert doc["accepted"] is False
    assert "plan essential" in doc["refusals"][0] and "processes" in doc["refusals"][0]
    assert [t["accepted"] for t in doc["licences"]] == [False, False]
    assert any("PUT /termsaccepted/" in r for r in doc["refusals"])
    assert doc["quotas"]["jobs_per_day"]["limit"] == 0
    assert any("quota jobs_per_day of plan essential is spent" in r for r in doc["refusals"])
    anonymous = client.post("/processes/subset/costing", json={"inputs": SST_JOB_INPUTS})
    assert anonymous.status_code == 200 and "quotas" not in anonymous.get_json()


@pytest.mark.parametrize("method, path, body, status, words", [
    ("POST", "/processes/nope/costing", {"inputs": {}}, 404, "unknown process 'nope'"),
    ("POST", "/processes/subset/costing", [1], 400, '{"inputs": {...}}'),
    ("POST", "/processes/subset/costing", {"inputs": 3}, 400, '{"inputs": {...}}'),
    ("POST", "/processes/subset/costing", {"inputs": {"dataset": "med-sst-l4", "x": 1}}, 400,
     "unknown input(s) 'x'"),
    ("POST", "/processes/subset/costing", {"inputs": {"dataset": "nope"}}, 400,
     "input 'dataset' must be one of"),
    ("POST", "/processes/subset/costing", {"inputs": {**SST_JOB_INPUTS,
                                                      "datetime": "1990-01-01"}}, 400,
     "datetime selects no time step"),
    ("GET", "/processes/subset/costing", None, 405, "method"),
])
def test_costing_bad_input(client, method, path, body, status, words):
    resp = client.open(path, method=method, json=body)
    assert resp.status_code == status, resp.get_data(as_text=True)
    assert resp.mimetype == "application/problem+json"
    assert words.lower() in resp.get_json()["detail"].lower()
    malformed = client.post("/processes/subset/costing", data=b"{nope",
                            content_type="application/json")
    assert malformed.status_code == 400 and "json" in malformed.get_json()["detail"].lower()


def test_plan_max_job_cells_refused_up_front_on_every_front(client, test_plans):
    from opendias.jobs import JobStore

    user, headers = _user("few-cells")
    _accept(user, SST_TERM)
    before = JobStore().list(owner=user.id)[1]
    resp = client.post("/processes/subset/execution", json={"inputs": SST_JOB_INPUTS},
                       headers=headers)
    assert resp.status_code == 413, resp.get_data(as_text=True)
    detail = resp.get_json()["detail"]
    assert "plan few-cells allows 1,000 cells a job" in detail
    assert "the job would read " in detail and "/processes/subset/costing" in detail
    wps = client.get(WPS_EXECUTE, headers=headers)
    assert wps.status_code == 200 and "ProcessFailed" in wps.get_data(as_text=True)
    assert "plan few-cells allows 1,000 cells a job" in wps.get_data(as_text=True)
    assert JobStore().list(owner=user.id)[1] == before  # no job made
    me = client.get("/me", headers=headers).get_json()
    assert me["usage"]["jobs_per_day"]["used"] == 0  # refused: given back
    cost = client.post("/processes/subset/costing", json={"inputs": SST_JOB_INPUTS},
                       headers=headers).get_json()
    assert cost["accepted"] is False and cost["quotas"]["max_job_cells"]["ok"] is False
    small = {**SST_JOB_INPUTS, "bbox": [12, 40, 12.2, 40.2], "datetime": "2016-03-01"}
    ok = client.post("/processes/subset/execution", json={"inputs": small}, headers=headers)
    assert ok.status_code == 200, ok.get_data(as_text=True)


def test_results_disk_space_checked_before_a_job(client, test_plans, monkeypatch):
    user, headers = _user("advanced")
    _accept(user, SST_TERM)
    monkeypatch.setenv("OPENDIAS_RESULTS_DISK_RESERVE", str(2 ** 62))
    resp = client.post("/processes/subset/execution", json={"inputs": SST_JOB_INPUTS},
                       headers=headers)
    assert resp.status_code == 413, resp.get_data(as_text=True)
    assert "more than the results' free disk space allows now" in resp.get_json()["detail"]
    cost = client.post("/processes/subset/costing", json={"inputs": SST_JOB_INPUTS},
                       headers=headers).get_json()
    assert cost["results_disk"]["ok"] is False and cost["accepted"] is False


def test_cpu_seconds_per_day_counted_from_the_jobs(client, test_plans):
    from opendias.database import now_text
    from opendias.jobs import SUCCESSFUL, JobStore, new_job_id

    user, headers = _user("one-cpu-second")
    _accept(user, SST_TERM)
    store = JobStore()
    old = new_job_id()  # yesterday's job does not count today
    store.add(old, "subset", {}, owner=user.id)
    store.update(old, status=SUCCESSFUL, finished=now_text(-86400 - 60))
    store.add_cpu_seconds(old, 50)
    me = client.get("/me", headers=headers).get_json()["usage"]["job_cpu_seconds_per_day"]
    assert me["limit"] == 1 and me["used"] == 0
    today = new_job_id()
    store.add(today, "subset", {}, owner=user.id)
    store.update(today, status=SUCCESSFUL, finished=now_text())
    store.add_cpu_seconds(today, 0.4)
    store.add_cpu_seconds(today, 0.3)  # a second attempt adds up
    assert store.get(today)["cpu_seconds"] == pytest.approx(0.7)
    resp = client.post("/processes/subset/execution", json={"inputs": SST_JOB_INPUTS},
                       headers=headers)
    assert resp.status_code == 429, resp.get_data(as_text=True)
    assert "quota job_cpu_seconds_per_day of plan one-cpu-second is spent: 1 of 1" in \
        resp.get_json()["detail"]
    reset = int(resp.headers["X-Quota-Reset"])
    assert reset % 86400 == 0 and 0 < reset - time.time() <= 86400
    me = client.get("/me", headers=headers).get_json()["usage"]
    assert me["job_cpu_seconds_per_day"]["used"] == 1 and me["jobs_per_day"]["used"] == 0
