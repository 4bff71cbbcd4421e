"""The pygeoapi provider plugins only describe collections: every data request is served by
opendias.web.coverages (routed by the Dispatcher), and pygeoapi's own routes that would query
a plugin are refused before they reach it."""

from __future__ import annotations

import json

import pytest

from providers.coverage import OpendiasCoverageProvider
from providers.edr import OpendiasEDRProvider


@pytest.fixture
def trapped(monkeypatch):
    """Any call of a provider's query methods is recorded and fails."""
    calls = []

    def trap(name):
        def query(self, *args, **kwargs):
            calls.append(name)
            raise AssertionError(f"{name} was called")
        return query

    monkeypatch.setattr(OpendiasCoverageProvider, "query", trap("coverage.query"))
    for name in ("query", "position", "area", "cube"):
        monkeypatch.setattr(OpendiasEDRProvider, name, trap(f"edr.{name}"))
    return calls


@pytest.mark.parametrize("path", [
    "/collections/med-sst-l4/coverage?bbox=12,40,13,41&datetime=2016-03-01",
    "/collections/med-sst-l4/position?coords=POINT(12 40)&datetime=2016-03-01",
    "/collections/med-sst-l4/area?coords=POLYGON((12 40,13 40,13 41,12 40))"
    "&datetime=2016-03-01",
    "/collections/med-sst-l4/cube?bbox=12,40,13,41&datetime=2016-03-01",
])
def test_data_requests_are_served_by_the_dispatcher(client, trapped, path):
    r = client.get(path)
    assert r.status_code == 200, r.data[:300]
    assert r.headers["Content-Type"] == "application/prs.coverage+json"
    assert trapped == []


@pytest.mark.parametrize("query_type", ["position", "area", "cube"])
def test_pygeoapi_instance_routes_never_query_a_provider(client, trapped, query_type):
    r = client.get(f"/collections/med-sst-l4/instances/2016/{query_type}"
                   "?coords=POINT(12 40)&bbox=12,40,13,41")
    assert r.status_code == 400
    assert "instance" in json.loads(r.data)["description"].lower()
    assert trapped == []
    r = client.get("/collections/med-sst-l4/instances?f=json")
    assert r.status_code == 200 and json.loads(r.data)["instances"] == []


def test_pygeoapi_still_lists_what_the_providers_describe(client):
    meta = json.loads(client.get("/collections/med-sst-l4?f=json").data)
    assert set(meta["data_queries"]) == {"position", "area", "cube"}
    assert meta["extent"]["spatial"]["grid"] == [
        {"cellsCount": 1306, "resolution": pytest.approx(1 / 24, rel=1e-4)},
        {"cellsCount": 379, "resolution": pytest.approx(1 / 24, rel=1e-4)}]
    assert meta["extent"]["temporal"]["grid"] == {"resolution": "P1DT0H0M0S"}
    assert any(link["href"].endswith("/collections/med-sst-l4/coverage?f=json")
               for link in meta["links"])
    oas = json.loads(client.get("/openapi?f=json").data)
    for suffix in ("coverage", "position", "area", "cube"):
        assert f"/collections/med-sst-l4/{suffix}" in oas["paths"]
    enum = next(p for p in oas["paths"]["/collections/med-sst-l4/coverage"]["get"]["parameters"]
                if p.get("name") == "properties")["schema"]["items"]["enum"]
    assert enum == ["analysed_sst", "analysis_error"]
    schema = json.loads(client.get("/collections/med-sst-l4/schema?f=json").data)
    assert set(schema["properties"]) == {"analysed_sst", "analysis_error"}
