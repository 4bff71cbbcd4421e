"""Every OGC API error answer has the body the README promises (`type`, `title`, `status`,
`detail`), whichever front gives it: opendias' own fronts and pygeoapi's (whose
`code`/`description` members stay for the clients that read them)."""

from __future__ import annotations

import pytest

OGC_TYPE = "http://www.opengis.net/def/exceptions/ogcapi-common-1/1.0/"


def _ogc_error(resp, status: int, words: str):
    assert resp.status_code == status, resp.get_data(as_text=True)[:400]
    body = resp.get_json()
    assert body["status"] == status
    assert body["type"].startswith(OGC_TYPE) and body["title"]
    assert words in body["detail"] and body["description"] == body["detail"]
    assert body["code"] == body["type"][len(OGC_TYPE):]
    return body


@pytest.mark.parametrize("method, path, json, status, words", [
    ("GET", "/collections/catalogue/items?sortby=nope", None, 400, "sortby"),
    ("GET", "/collections/catalogue/items/nope", None, 404, "nope"),
    ("GET", "/jobs/no-such-job", None, 404, "no-such-job"),
    ("GET", "/jobs?status=later", None, 400, "'later'"),
    ("GET", "/jobs/no-such-job/results", None, 404, "no-such-job"),
    ("POST", "/processes/subset/execution", {"inputs": {"dataset": "med-sst-l4",
                                                          "bbox": [1, 2, 3]}},
     400, "input 'bbox' must be an array of 4 numbers"),
    ("POST", "/processes/subset/execution", {"inputs": {"dataset": "nope"}}, 400, "'nope'"),
    ("POST", "/processes/subset/execution", [1, 2], 400, "JSON object"),
    ("POST", "/processes/nope/execution", {"inputs": {}}, 404, "nope"),
    ("GET", "/collections/nope/coverage", None, 404, "'nope'"),
    ("GET", "/collections/med-sst-l4/coverage?bbox=1,2", None, 400, "4 numbers"),
    ("GET", "/collections/med-sst-l4/map?f=gif", None, 400, "gif"),
    ("GET", "/results/nope/file.nc", None, 404, "/results/nope/file.nc"),
])
def test_error_bodies(client, method, path, json, status, words):
    resp = client.open(path, method=method, json=json)
    _ogc_error(resp, status, words)


def test_successful_answers_pass_untouched(client):
    resp = client.get("/collections/catalogue/items?limit=1")
    assert resp.status_code == 200
    assert int(resp.headers["Content-Length"]) == len(resp.data)
    assert resp.get_json()["numberReturned"] == 1
