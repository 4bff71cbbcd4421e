"""WEkEO's HDA API (opendias.web.hda) with the real `hda` client, unmodified, through the
started gunicorn: datasets, search (v2 and the portal's v1 JSON), download into a folder (the
file equals the OGC coverage of the same request, value for value), terms accepted by the
client itself, quotas as QuotaReachedError, isolation, Range, and bad input answered with a
4xx whose status line says what is wrong (what the client prints)."""

from __future__ import annotations

import time
import uuid

import numpy as np
import pytest
import requests
import xarray as xr
import yaml
from hda import Client, Configuration
from hda.api import QuotaReachedError

from conftest import Server
from test_access import PASSWORD, SST_TERM, TEST_PLANS

SST = "EO:MO:DAT:SST_MED_SST_L4_REP_OBSERVATIONS_010_021"
QUERY = {"dataset_id": SST, "bbox": [12, 40, 14, 42], "min_date": "2016-03-01T00:00:00Z",
         "max_date": "2016-03-02T00:00:00Z", "variables": ["analysed_sst"]}
V1_QUERY = {"datasetId": SST,
            "boundingBoxValues": [{"name": "bbox", "bbox": [12, 40, 14, 42]}],
            "dateRangeSelectValues": [{"name": "position", "start": "2016-03-01T00:00:00Z",
                                       "end": "2016-03-02T00:00:00Z"}],
            "multiStringSelectValues": [{"name": "variables", "value": ["analysed_sst"]}]}


def _account(plan: str = "essential"):
    from opendias.identity import Accounts

    name = f"h{uuid.uuid4().hex[:10]}"
    return Accounts().register(name, f"{name}@example.org", PASSWORD, plan=plan)


def _client(url: str, user, password: str = PASSWORD) -> Client:
    config = Configuration(url=f"{url}/hda/", user=user.name, password=password)
    return Client(config=config, retry_max=2, sleep_max=1, progress=False, timeout=60)


def _bearer(url: str, user) -> dict:
    token = requests.post(f"{url}/hda/gettoken", json={"username": user.name,
                                                       "password": PASSWORD}, timeout=30)
    assert token.status_code == 200, token.text
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


def test_datasets_and_queryables(live_server):
    client = _client(live_server.url, _account())
    from opendias.catalogue import load_catalogue

    listed = {d["dataset_id"]: d for d in client.datasets()}
    assert set(listed) == {e.dataset_id for e in load_catalogue()}
    assert listed[SST]["terms"] == [SST_TERM]
    assert listed[SST]["metadata"]["_source"]["datasetTitle"].startswith("Mediterranean")
    assert client.dataset(SST)["dataset_id"] == SST
    props = client.metadata(SST)["properties"]
    assert props["min_date"]["minimum"] == "2016-03-01T00:00:00Z"
    assert "analysed_sst" in props["variables"]["items"]["enum"]
    assert props["bbox"]["items"][0]["minimum"] < props["bbox"]["items"][2]["maximum"]
    assert "min_depth" not in props
    physics = client.metadata("EO:MO:DAT:MEDSEA_MULTIYEAR_PHY_006_004")["properties"]
    assert physics["min_depth"]["minimum"] < physics["max_depth"]["maximum"]
    q = requests.get(f"{live_server.url}/hda/api/v1/datasets?q=temperature&itemsPerPage=1",
                     headers=_bearer(live_server.url, _account()), timeout=30).json()
    assert len(q["features"]) == 1 and 1 <= q["properties"]["totalResults"] < len(listed)


def test_search_and_download_equal_the_ogc_coverage(live_server, tmp_path):
    from opendias.identity.terms import Terms

    user = _account()
    client = _client(live_server.url, user)
    results = client.search(QUERY)
    assert len(results) == 1 and Terms().accepted(user).keys() == {SST_TERM}  # by the client
    product = results.results[0]
    assert product["properties"]["size"] > 0
    results.download(str(tmp_path))
    files = list(tmp_path.iterdir())
    assert len(files) == 1 and files[0].suffix == ".nc"
    assert files[0].stat().st_size <= product["properties"]["size"]  # the estimate bounds it
    coverage = requests.get(
        f"{live_server.url}/collections/med-sst-l4/coverage?bbox=12,40,14,42&datetime="
        "2016-03-01T00:00:00Z/2016-03-02T00:00:00Z&properties=analysed_sst&f=netcdf",
        headers=_bearer(live_server.url, user), timeout=60)
    assert coverage.status_code == 200, coverage.text
    (tmp_path / "ogc.nc").write_bytes(coverage.content)
    with xr.open_dataset(files[0]) as got, xr.open_dataset(tmp_path / "ogc.nc") as want:
        assert got.sizes == want.sizes and got.sizes["time"] == 2
        np.testing.assert_array_equal(got["analysed_sst"].values, want["analysed_sst"].values)
        assert np.isfinite(got["analysed_sst"].values).sum() > 100


def test_v1_query_and_split_per_time_step(live_server):
    client = _client(live_server.url, _account())
    v2 = client.search(QUERY).results[0]
    v1 = client.search(dict(V1_QUERY)).results[0]
    assert v1["properties"]["size"] == v2["properties"]["size"] and v1["id"] == v2["id"]
    split = client.search({**QUERY, "split": "time"})
    days = [p["properties"]["datetime"] for p in split.results]
    assert days == ["2016-03-01T00:00:00Z", "2016-03-02T00:00:00Z"]
    assert sum(p["properties"]["size"] for p in split.results) >= v2["properties"]["size"]


def test_ranges_isolation_and_job_status(live_server):
    a, b = _account(), _account()
    client = _client(live_server.url, a)
    product = client.search(QUERY).results[0]
    headers = _bearer(live_server.url, a)
    base = f"{live_server.url}/hda/api/v1/dataaccess/download"
    order = requests.post(base, json={"dataset_id": SST, "product_id": product["id"],
                                      "location": product["properties"]["location"]},
                          headers=headers, timeout=30)
    assert order.status_code == 200, order.text
    download_id = order.json()["download_id"]
    for _ in range(100):
        head = requests.head(f"{base}/{download_id}", headers=headers, timeout=30)
        if head.status_code != 202:
            break
        assert head.headers["Retry-After"] == "2"
        time.sleep(0.5)
    assert head.status_code == 200 and "attachment; filename=" in \
        head.headers["Content-Disposition"]
    size = int(head.headers["Content-Length"])
    part = requests.get(f"{base}/{download_id}", headers={**headers, "Range": "bytes=0-99"},
                        timeout=30)
    assert part.status_code == 206 and len(part.content) == 100
    whole = requests.get(f"{base}/{download_id}", headers=headers, timeout=30)
    assert whole.content[:100] == part.content and len(whole.content) == size
    other = _bearer(live_server.url, b)
    for method in ("HEAD", "GET"):
        assert requests.request(method, f"{base}/{download_id}", headers=other,
                                timeout=30).status_code == 404
    forged = requests.post(base, json={"dataset_id": SST, "product_id": "x",
                                       "location": product["properties"]["location"] + "x"},
                           headers=headers, timeout=30)
    assert forged.status_code == 400 and "not one of this service's products" in forged.reason


@pytest.mark.parametrize("query, status, words", [
    ({**QUERY, "dataset_id": "EO:NOPE"}, 404, "unknown dataset_id 'EO:NOPE'"),
    ({**QUERY, "bbox": [100, 10, 101, 11]}, 400, "bbox"),
    ({**QUERY, "variables": ["nope"]}, 400, "unknown variable(s) nope"),
    ({**QUERY, "colour": "red"}, 400, "unknown key(s) colour"),
    ({**QUERY, "min_date": "2016-13-45"}, 400, "2016-13-45"),
    ({**QUERY, "split": "day"}, 400, "split must be"),
])
def test_bad_searches_say_why_in_the_status_line(live_server, query, status, words):
    client = _client(live_server.url, _account())
    with pytest.raises(requests.HTTPError) as caught:
        client.search(query)
    assert caught.value.response.status_code == status
    assert words in str(caught.value), str(caught.value)


def test_bad_credentials_and_bodies(live_server):
    user = _account()
    with pytest.raises(requests.HTTPError) as caught:
        _client(live_server.url, user, password="not the password").datasets()
    assert caught.value.response.status_code == 401
    assert caught.value.response.json()["error_description"] == "wrong username or password"
    base = f"{live_server.url}/hda/api/v1"
    expired = requests.get(f"{base}/datasets", timeout=30,
                           headers={"Authorization": "Bearer a.b.c"})
    assert expired.status_code == 401 and expired.headers.get("WWW-Authenticate")
    unaccepted = requests.post(f"{base}/dataaccess/download", timeout=30,
                               headers=_bearer(live_server.url, user),
                               json={"dataset_id": SST, "product_id": "p", "location": "x"})
    assert unaccepted.status_code == 403  # the access layer, before the front: in its words
    assert "has not accepted" in unaccepted.reason and SST_TERM in unaccepted.json()["detail"]
    malformed = requests.post(f"{base}/dataaccess/search", data=b"{nope", timeout=30,
                              headers={**_bearer(live_server.url, user),
                                       "Content-Type": "application/json"})
    assert malformed.status_code == 400 and "JSON" in malformed.reason


def test_quota_reached_is_the_clients_error(tmp_path, monkeypatch):
    from opendias.identity import Accounts

    path = tmp_path / "plans.yml"
    path.write_text(yaml.safe_dump(TEST_PLANS))
    monkeypatch.setenv("OPENDIAS_PLANS", str(path))
    with Server(workers=1, env={"OPENDIAS_PLANS": str(path)}) as server:
        name = f"q{uuid.uuid4().hex[:10]}"
        user = Accounts().register(name, f"{name}@example.org", PASSWORD, plan="limited")
        client = _client(server.url, user)
        with pytest.raises(QuotaReachedError) as caught:
            for _ in range(25):  # 20 requests a minute
                client.dataset(SST)
        assert "requests remaining out of 20" in str(caught.value)
