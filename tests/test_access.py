"""Plans, quotas and terms of use, enforced by the access layer on every front
(opendias.web.layers.access): what each request is (the table of opendias.web.request_kinds),
the default anonymous policy (in-process and through gunicorn), plan capabilities, terms of
use, quotas counted in the database (exact under concurrency across 2 gunicorn workers and
across a restart), the download bytes quota, and /me's usage values."""

from __future__ import annotations

import io
import time
import uuid
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import yaml

from conftest import SST_JOB_INPUTS, Server

PASSWORD = "correct horse battery staple"
COVERAGE = "/collections/med-sst-l4/coverage?bbox=12,40,13,41&datetime=2016-03-01&f=netcdf"
SST_TERM = "copernicus-marine-service-licence"
ERA5_TERM = "licence-to-use-copernicus-products"
WPS_EXECUTE = ("/wps?service=WPS&request=Execute&version=1.0.0&identifier=subset&DataInputs="
               "dataset=med-sst-l4;bbox=5,38,10,42;datetime=2016-03-01/2016-03-02;"
               "variables=analysed_sst&ResponseDocument=result=@asReference=true")
TEST_PLANS = {"plans": {
    "essential": {"capabilities": ["catalogue", "maps", "subset", "download"]},
    "advanced": {"capabilities": ["catalogue", "maps", "subset", "download", "processes"],
                 "jobs_per_day": 200, "concurrent_jobs": 4},
    "limited": {"capabilities": ["catalogue", "maps", "subset", "download"],
                "requests_per_minute": 20},
    "small-downloads": {"capabilities": ["catalogue", "maps", "subset", "download"],
                        "requests_per_minute": 1000, "download_bytes_per_day": 5000},
    "one-job": {"capabilities": ["catalogue", "processes"], "jobs_per_day": 1,
                "concurrent_jobs": 4},
    "one-at-once": {"capabilities": ["catalogue", "processes"], "jobs_per_day": 100,
                    "concurrent_jobs": 1},
    "few-cells": {"capabilities": ["catalogue", "processes", "download"], "jobs_per_day": 100,
                  "concurrent_jobs": 10, "max_job_cells": 1000},
    "one-cpu-second": {"capabilities": ["catalogue", "processes"], "jobs_per_day": 100,
                       "concurrent_jobs": 10, "job_cpu_seconds_per_day": 1},
}}


@pytest.fixture()
def test_plans(tmp_path, monkeypatch):
    path = tmp_path / "plans.yml"
    path.write_text(yaml.safe_dump(TEST_PLANS))
    monkeypatch.setenv("OPENDIAS_PLANS", str(path))
    return path


def _user(plan: str = "essential", role: str = "user"):
    """(User, its Bearer headers)."""
    from opendias.identity import Accounts, Tokens

    name = f"a{uuid.uuid4().hex[:10]}"
    user = Accounts().register(name, f"{name}@example.org", PASSWORD, plan=plan, role=role)
    _, secret = Tokens().create(name, label="tests")
    return user, {"Authorization": f"Bearer {secret}"}


def _accept(user, *terms):
    from opendias.identity.terms import Terms

    for term in terms:
        Terms().accept(user, term)


# --------------------------------------------------------------------------- the table
@pytest.mark.parametrize("method, path, query, capability, datasets", [
    ("GET", "/", "", "catalogue", ()),
    ("GET", "/openapi", "", "catalogue", ()),
    ("GET", "/collections", "", "catalogue", ()),
    ("GET", "/collections/med-sst-l4", "f=json", "catalogue", ("med-sst-l4",)),
    ("GET", "/collections/catalogue/items", "q=sst", "catalogue", ("catalogue",)),
    ("GET", "/processes/subset", "", "catalogue", ()),
    ("GET", "/vendor/c3/0.7.20/c3.css", "", "catalogue", ()),
    ("GET", "/health", "", "catalogue", ()),
    ("GET", "/wms", "service=WMS&request=GetCapabilities", "catalogue", ()),
    ("GET", "/wms", "SERVICE=WMS&REQUEST=GetMap", "maps", ()),
    ("GET", "/wms", "request=GetFeatureInfo", "maps", ()),
    ("GET", "/wms", "request=GetLegendGraphic", "maps", ()),
    ("GET", "/collections/med-sst-l4/map", "", "maps", ("med-sst-l4",)),
    ("GET", "/collections/med-sst-l4/coverage", "", "subset", ("med-sst-l4",)),
    ("GET", "/collections/era5-single-levels/position", "", "subset", ("era5-single-levels",)),
    ("GET", "/collections/med-physics/area", "", "subset", ("med-physics",)),
    ("GET", "/collections/med-physics/cube", "", "subset", ("med-physics",)),
    ("GET", "/results/job-1/out.nc", "", "download", ()),
    ("GET", "/results/0f3e.xml", "", None, ()),
    ("POST", "/processes/subset/execution", "", "processes", ()),
    ("GET", "/wps", "service=WPS&request=GetCapabilities", "catalogue", ()),
    ("GET", "/wps", "service=WPS&request=DescribeProcess&identifier=subset", "catalogue", ()),
    ("GET", "/wps", "service=WPS&request=Execute&identifier=subset", "processes", ()),
    ("GET", "/jobs", "", None, ()),
    ("DELETE", "/jobs/abc", "", None, ()),
    ("GET", "/jobs/abc/results", "", None, ()),
    ("GET", "/me", "", None, ()),
    ("PUT", f"/termsaccepted/{SST_TERM}", "", None, ()),
])
def test_what_a_request_is(method, path, query, capability, datasets):
    from opendias.web.request_kinds import classify

    kind = classify({"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query,
                     "wsgi.input": io.BytesIO(b"")})
    assert (kind.capability, kind.datasets) == (capability, datasets)


def test_datasets_of_executions_and_the_body_is_kept():
    from opendias.web.request_kinds import classify, execution_datasets

    body = b'{"inputs": {"dataset": "med-sst-l4", "target_dataset": "med-physics"}}'
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/processes/regrid/execution",
               "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body)}
    assert execution_datasets(environ) == ["med-sst-l4", "med-physics"]
    assert environ["wsgi.input"].read() == body  # put back for the front
    xml = (b'<wps:Execute xmlns:wps="http://www.opengis.net/wps/1.0.0" '
           b'xmlns:ows="http://www.opengis.net/ows/1.1" service="WPS" version="1.0.0">'
           b'<ows:Identifier>subset</ows:Identifier><wps:DataInputs><wps:Input>'
           b'<ows:Identifier>dataset</ows:Identifier><wps:Data><wps:LiteralData>med-physics'
           b'</wps:LiteralData></wps:Data></wps:Input></wps:DataInputs></wps:Execute>')
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/wps", "QUERY_STRING": "",
               "CONTENT_LENGTH": str(len(xml)), "wsgi.input": io.BytesIO(xml)}
    kind = classify(environ)
    assert (kind.capability, kind.execution) == ("processes", True)
    assert execution_datasets(environ) == ["med-physics"]
    assert environ["wsgi.input"].read() == xml
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/wps",
               "QUERY_STRING": WPS_EXECUTE.partition("?")[2]}
    assert execution_datasets(environ) == ["med-sst-l4"]


# --------------------------------------------------------------------------- anonymous
def test_default_anonymous_policy(client, monkeypatch):
    """Default (catalogue,maps): browsing and WMS need no account; coverage, results, jobs
    submitted need one (401 with the challenges, in each front's words)."""
    monkeypatch.delenv("OPENDIAS_ANONYMOUS")
    for path in ("/", "/collections/med-sst-l4?f=json", "/collections/catalogue/items?q=sst",
                 "/wms?service=WMS&request=GetCapabilities", "/processes", "/jobs",
                 "/terms", "/wms?service=WMS&version=1.3.0&request=GetMap&layers=med-sst-l4"
                 "/analysed_sst&styles=&crs=CRS:84&bbox=5,38,10,42&width=32&height=32"
                 "&format=image/png&time=2016-03-01"):
        resp = client.get(path)
        assert resp.status_code == 200, (path, resp.get_data(as_text=True)[:300])
    for path in (COVERAGE, "/results/nope/x.nc"):
        resp = client.get(path)
        assert resp.status_code == 401, path
        assert resp.headers.getlist("WWW-Authenticate")[0].startswith("Bearer")
        assert resp.get_json()["detail"].startswith(("subset", "download"))
    resp = client.post("/processes/subset/execution", json={"inputs": SST_JOB_INPUTS})
    assert resp.status_code == 401 and "processes needs an account" in resp.get_json()["detail"]
    resp = client.get(WPS_EXECUTE)
    assert resp.status_code == 401
    assert ET.fromstring(resp.data).tag == "{http://www.opengis.net/ows/1.1}ExceptionReport"
    monkeypatch.setenv("OPENDIAS_ANONYMOUS", "none")
    assert client.get("/").status_code == 401
    assert client.get("/terms").status_code == 200  # the account's own paths stay open


# --------------------------------------------------------------------------- plans
def test_plan_enforcement_on_executions(client):
    essential, headers = _user("essential")
    _accept(essential, SST_TERM)
    resp = client.post("/processes/subset/execution", json={"inputs": SST_JOB_INPUTS},
                       headers=headers)
    assert resp.status_code == 403
    assert resp.get_json()["detail"] == ("plan essential does not include processes: ask "
                                         "for the advanced plan")
    resp = client.get(WPS_EXECUTE, headers=headers)
    assert resp.status_code == 403 and b"plan essential does not include processes" in resp.data
    assert ET.fromstring(resp.data).tag == "{http://www.opengis.net/ows/1.1}ExceptionReport"
    advanced, headers = _user("advanced")
    _accept(advanced, SST_TERM)
    resp = client.post("/processes/subset/execution", json={"inputs": SST_JOB_INPUTS},
                       headers={**headers, "Prefer": "respond-async"})
    assert resp.status_code == 201, resp.get_data(as_text=True)
    assert resp.get_json()["status"] == "accepted"
    operator, headers = _user("essential", role="operator")  # every capability
    _accept(operator, SST_TERM)
    resp = client.post("/processes/subset/execution", json={"inputs": SST_JOB_INPUTS},
                       headers={**headers, "Prefer": "respond-async"})
    assert resp.status_code == 201, resp.get_data(as_text=True)


# --------------------------------------------------------------------------- terms
def test_terms_listed_and_needed_before_data(client):
    terms = {t["id"]: t for t in client.get("/terms").get_json()["terms"]}
    assert terms[SST_TERM] == {"id": SST_TERM, "title": "Copernicus Marine Service licence",
                               "datasets": ["med-sst-l4", "med-physics"]}
    assert terms[ERA5_TERM]["datasets"] == ["era5-single-levels", "cams-europe-pm2p5"]
    user, headers = _user("essential")
    resp = client.get(COVERAGE, headers=headers)
    assert resp.status_code == 403
    detail = resp.get_json()["detail"]
    assert 'licence "Copernicus Marine Service licence"' in detail
    assert f"PUT /termsaccepted/{SST_TERM}" in detail
    assert client.get("/collections/med-sst-l4/map?f=png&width=64",
                      headers=headers).status_code == 200  # maps need no acceptance
    assert client.put(f"/termsaccepted/{SST_TERM}", json={"accepted": False},
                      headers=headers).status_code == 400
    assert client.put("/termsaccepted/nope", json={"accepted": True},
                      headers=headers).status_code == 404
    resp = client.put(f"/termsaccepted/{SST_TERM}", json={"accepted": True}, headers=headers)
    assert resp.status_code == 200 and resp.get_json()["id"] == SST_TERM
    when = resp.get_json()["accepted"]
    assert client.get("/termsaccepted", headers=headers).get_json() == {"terms": [
        {"id": SST_TERM, "title": "Copernicus Marine Service licence", "accepted": when}]}
    resp = client.get(COVERAGE, headers=headers)
    assert resp.status_code == 200 and resp.data[:3] in (b"CDF", b"\x89HD")
    assert client.delete(f"/termsaccepted/{SST_TERM}", headers=headers).status_code == 204
    assert client.get(COVERAGE, headers=headers).status_code == 403
    assert client.delete(f"/termsaccepted/{SST_TERM}", headers=headers).status_code == 404
    assert client.get("/termsaccepted").status_code == 401


def test_terms_of_the_datasets_an_execution_names(client):
    user, headers = _user("advanced")
    _accept(user, SST_TERM)
    body = {"inputs": {"dataset": "med-sst-l4", "target_dataset": "era5-single-levels",
                       "resolution": 1}}
    resp = client.post("/processes/regrid/execution", json=body,
                       headers={**headers, "Prefer": "respond-async"})
    assert resp.status_code == 403
    assert f"dataset era5-single-levels is under the licence \"Licence to use Copernicus " \
           f"Products\" (term {ERA5_TERM})" in resp.get_json()["detail"]
    resp = client.get(WPS_EXECUTE.replace("med-sst-l4", "med-physics")
                      .replace("analysed_sst", "thetao"), headers=headers)
    assert resp.status_code == 200  # the same licence as med-sst-l4: accepted
    other, headers = _user("advanced")
    resp = client.get(WPS_EXECUTE, headers=headers)
    assert resp.status_code == 403 and SST_TERM.encode() in resp.data


# --------------------------------------------------------------------------- quotas
def test_download_bytes_quota_and_me(client, test_plans):
    user, headers = _user("small-downloads")
    _accept(user, SST_TERM)
    first = client.get(COVERAGE, headers=headers)
    assert first.status_code == 200 and len(first.data) > 5000  # served whole
    resp = client.get(COVERAGE, headers=headers)
    assert resp.status_code == 429
    assert "quota download_bytes_per_day of plan small-downloads is spent: " \
           f"{len(first.data)} of 5000 bytes per day (UTC)" in resp.get_json()["detail"]
    day_end = (int(time.time()) // 86400 + 1) * 86400
    assert resp.headers["X-Quota-Limit"] == "5000"
    assert resp.headers["X-Quota-Remaining"] == "0"
    assert resp.headers["X-Quota-Reset"] == str(day_end)
    assert 0 < int(resp.headers["Retry-After"]) <= 86400
    me = client.get("/me", headers=headers).get_json()
    assert me["plan"] == "small-downloads"
    assert me["usage"]["download_bytes_per_day"] == {
        "limit": 5000, "used": len(first.data), "remaining": 0, "reset": day_end,
        "unit": "bytes per day (UTC)"}
    assert me["usage"]["requests_per_minute"]["used"] == 3  # the two coverages and /me
    assert me["usage"]["requests_per_minute"]["limit"] == 1000
    assert me["usage"]["concurrent_jobs"]["limit"] == 0
    assert me["usage"]["concurrent_jobs"]["used"] == 0
    assert [t["id"] for t in me["terms_accepted"]] == [SST_TERM]
    assert me["capabilities"] == ["catalogue", "maps", "subset", "download"]


def test_jobs_per_day_counts_accepted_executions_only(client, test_plans):
    user, headers = _user("one-job")
    _accept(user, SST_TERM)
    headers = {**headers, "Prefer": "respond-async"}
    bad = client.post("/processes/subset/execution", json=[1], headers=headers)
    assert bad.status_code == 400  # refused by the front: the job is given back
    ok = client.post("/processes/subset/execution", json={"inputs": SST_JOB_INPUTS},
                     headers=headers)
    assert ok.status_code == 201, ok.get_data(as_text=True)
    resp = client.post("/processes/subset/execution", json={"inputs": SST_JOB_INPUTS},
                       headers=headers)
    assert resp.status_code == 429 and resp.headers["X-Quota-Limit"] == "1"
    assert "quota jobs_per_day of plan one-job is spent" in resp.get_json()["detail"]
    me = client.get("/me", headers=headers).get_json()
    assert me["usage"]["jobs_per_day"]["used"] == 1


def test_concurrent_jobs_counts_the_users_unfinished_jobs(client, test_plans):
    from opendias.jobs import SUCCESSFUL, JobStore, new_job_id

    user, headers = _user("one-at-once")
    _accept(user, SST_TERM)
    headers = {**headers, "Prefer": "respond-async"}
    store = JobStore()
    waiting = new_job_id()
    store.add(waiting, "subset", {}, owner=user.id)  # accepted, not finished
    other, _ = _user("one-at-once")
    store.add(new_job_id(), "subset", {}, owner=other.id)  # another user's: not counted
    resp = client.post("/processes/subset/execution", json={"inputs": SST_JOB_INPUTS},
                       headers=headers)
    assert resp.status_code == 429, resp.get_data(as_text=True)
    assert resp.headers["X-Quota-Limit"] == "1" and resp.headers["X-Quota-Remaining"] == "0"
    assert 1 <= int(resp.headers["Retry-After"]) <= 30
    assert "quota concurrent_jobs of plan one-at-once is spent: 1 of 1" in \
        resp.get_json()["detail"]
    me = client.get("/me", headers=headers).get_json()
    assert me["usage"]["jobs_per_day"]["used"] == 0  # the refused execution took nothing
    assert me["usage"]["concurrent_jobs"]["used"] == 1
    store.update(waiting, status=SUCCESSFUL)
    ok = client.post("/processes/subset/execution", json={"inputs": SST_JOB_INPUTS},
                     headers=headers)
    assert ok.status_code == 201, ok.get_data(as_text=True)


def _wait_for_a_fresh_minute(margin: float = 30.0) -> None:
    """So that a burst of requests falls in one requests_per_minute window."""
    left = 60 - time.time() % 60
    if left < margin:
        time.sleep(left + 0.2)


def test_requests_per_minute_exact_across_workers_and_restarts(test_plans):
    """40 parallel requests over a limit of 20 through gunicorn with 2 workers: exactly 20
    answered (each with a distinct X-Quota-Remaining 19..0), 20 refused with 429 and the
    quota headers; a restarted server still refuses (the count is in the database). The
    same server without OPENDIAS_ANONYMOUS applies the default policy."""
    user, headers = _user("limited")
    env = {"OPENDIAS_PLANS": str(test_plans), "OPENDIAS_ANONYMOUS": ""}
    with Server(workers=2, env=env) as server:
        anonymous = [requests.get(server.url + path, timeout=60).status_code for path in
                     ("/collections?f=json", "/wms?service=WMS&request=GetCapabilities",
                      COVERAGE)]
        assert anonymous == [200, 200, 401]
        _wait_for_a_fresh_minute()
        minute_end = (int(time.time()) // 60 + 1) * 60
        with ThreadPoolExecutor(40) as pool:
            answers = list(pool.map(lambda _: requests.get(
                server.url + "/conformance?f=json", headers=headers, timeout=60), range(40)))
        statuses = sorted(r.status_code for r in answers)
        assert statuses == [200] * 20 + [429] * 20
        ok = [r for r in answers if r.status_code == 200]
        assert sorted(int(r.headers["X-Quota-Remaining"]) for r in ok) == list(range(20))
        for resp in answers:
            assert resp.headers["X-Quota-Limit"] == "20"
            assert resp.headers["X-Quota-Reset"] == str(minute_end)
        for resp in (r for r in answers if r.status_code == 429):
            assert resp.headers["X-Quota-Remaining"] == "0"
            assert 1 <= int(resp.headers["Retry-After"]) <= 60
            assert resp.json()["detail"].startswith(
                "quota requests_per_minute of plan limited is spent: 20 of 20 requests per "
                "minute")
    with Server(workers=2, env=env) as server:
        resp = requests.get(server.url + "/conformance?f=json", headers=headers, timeout=60)
        assert resp.status_code == 429 and resp.headers["X-Quota-Remaining"] == "0"


def _metric(client, name: str, labels: dict) -> float:
    from prometheus_client.parser import text_string_to_metric_families

    text = client.get("/metrics").get_data(as_text=True)
    return sum(s.value for family in text_string_to_metric_families(text)
               for s in family.samples
               if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()))


def test_quota_counters_and_refusals_in_metrics(client, test_plans):
    from opendias.jobs import JobStore, new_job_id

    labels = {"quota": "concurrent_jobs", "plan": "one-at-once"}
    before = _metric(client, "opendias_quota_refusals_total", labels)
    user, headers = _user("one-at-once")
    _accept(user, SST_TERM)
    JobStore().add(new_job_id(), "subset", {}, owner=user.id)
    for _ in range(2):
        resp = client.post("/processes/subset/execution", json={"inputs": SST_JOB_INPUTS},
                           headers={**headers, "Prefer": "respond-async"})
        assert resp.status_code == 429
        resp.close()  # a request is counted when its answer is complete
    assert _metric(client, "opendias_quota_refusals_total", labels) == before + 2
    used = {"quota": "requests_per_minute", "plan": "one-at-once"}
    mine = client.get("/me", headers=headers).get_json()["usage"]["requests_per_minute"]
    assert _metric(client, "opendias_quota_used", used) >= mine["used"] >= 3
    assert _metric(client, "opendias_quota_users_spent", used) == 0
