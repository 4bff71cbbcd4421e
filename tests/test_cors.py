"""CORS, one policy for every front (opendias.web.layers.cors), through gunicorn: any origin
may read, only a listed origin may change state, no arbitrary Origin is ever echoed."""

from __future__ import annotations

import pytest
import requests

from conftest import Server

PORTAL = "https://portal.example.org"
FOREIGN = "https://evil.example.com"
QUOTA_HEADERS = {"x-request-id", "x-quota-limit", "x-quota-remaining", "x-quota-reset",
                 "retry-after"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("cors-home")
    env = {"OPENDIAS_HOME": str(home), "OPENDIAS_CORS_ORIGINS": f"*, {PORTAL}"}
    with Server(workers=2, env=env) as server:
        yield server


def preflight(url, origin, method, headers="content-type"):
    return requests.options(url, timeout=30, headers={
        "Origin": origin, "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": headers})


def test_a_listed_origin_may_delete_after_its_preflight(server):
    r = preflight(server.url + "/jobs/some-job", PORTAL, "DELETE")
    assert r.status_code == 204 and r.content == b""
    assert r.headers["Access-Control-Allow-Origin"] == PORTAL
    assert "DELETE" in r.headers["Access-Control-Allow-Methods"].split(", ")
    assert r.headers["Access-Control-Allow-Headers"] == "content-type"
    assert "Origin" in r.headers["Vary"]
    r = requests.delete(server.url + "/jobs/no-such-job", headers={"Origin": PORTAL},
                        timeout=30)
    assert r.status_code == 404
    assert r.headers["Access-Control-Allow-Origin"] == PORTAL and "Origin" in r.headers["Vary"]


def test_a_foreign_origin_may_not_delete_or_post(server):
    for method in ("DELETE", "POST"):
        r = preflight(server.url + "/jobs/some-job", FOREIGN, method)
        assert r.status_code == 204
        assert not [k for k in r.headers if k.lower().startswith("access-control-allow")]
    r = requests.delete(server.url + "/jobs/no-such-job", headers={"Origin": FOREIGN},
                        timeout=30)
    assert r.status_code == 404
    assert "Access-Control-Allow-Origin" not in r.headers
    r = requests.post(server.url + "/processes/subset/execution", data=b"{}", timeout=30,
                      headers={"Origin": FOREIGN, "Content-Type": "application/json"})
    assert r.status_code == 400 and "Access-Control-Allow-Origin" not in r.headers


def test_any_origin_may_read_and_see_the_exposed_headers(server):
    r = preflight(server.url + "/collections", FOREIGN, "GET", headers="x-request-id")
    assert r.status_code == 204
    assert r.headers["Access-Control-Allow-Origin"] == "*"  # not the echo of FOREIGN
    assert r.headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    for path in ("/collections?f=json", "/collections/med-sst-l4/map?f=png&width=32",
                 "/wms?service=WMS&request=GetCapabilities", "/vendor/c3/0.7.20/c3.css"):
        r = requests.get(server.url + path, headers={"Origin": FOREIGN}, timeout=60)
        assert r.status_code == 200, path
        # one value, the layer's (pygeoapi's flask-cors and the fronts' own are gone)
        assert r.raw.headers.getlist("Access-Control-Allow-Origin") == ["*"], path
        exposed = {h.strip().lower() for h in
                   r.headers["Access-Control-Expose-Headers"].split(",")}
        assert QUOTA_HEADERS <= exposed, path


def test_by_default_no_origin_may_change_state(tmp_path):
    with Server(workers=1, env={"OPENDIAS_HOME": str(tmp_path)}) as default:
        r = preflight(default.url + "/processes/subset/execution", PORTAL, "POST")
        assert r.status_code == 204 and "Access-Control-Allow-Origin" not in r.headers
        r = preflight(default.url + "/collections", PORTAL, "GET")
        assert r.headers["Access-Control-Allow-Origin"] == "*"
        own = default.url  # the service's own origin (OPENDIAS_BASE_URL) is always listed
        r = preflight(default.url + "/processes/subset/execution", own, "POST")
        assert r.headers["Access-Control-Allow-Origin"] == own
