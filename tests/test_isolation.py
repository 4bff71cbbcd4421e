"""Every job and result private to its owner, through gunicorn (2 workers): users A and B each
submit a job through OGC API - Processes (Prefer: respond-async) and through WPS (async
Execute); every read, list, dismiss and download of the other's is the 404 of a job or file
that does not exist, one's own works; an anonymous client sees neither; the operator sees
both with all=true. Result links are signed: curl and GDAL /vsicurl/ follow them without
credentials (Range and conditional requests too); a tampered or expired link is a 404."""

from __future__ import annotations

import re
import subprocess
import time
import uuid
from urllib.parse import urlsplit

import pytest
import requests
from lxml import etree

from conftest import SST_JOB_INPUTS, Server

PASSWORD = "correct horse battery staple"
NS = {"wps": "http://www.opengis.net/wps/1.0.0"}
WPS_EXECUTE = ("/wps?service=WPS&request=Execute&version=1.0.0&identifier=subset"
               "&DataInputs=dataset=med-sst-l4;bbox=5,38,10,42;datetime=2016-03-01/2016-03-02;"
               "variables=analysed_sst&ResponseDocument=result=@asReference=true"
               "&storeExecuteResponse=true&status=true")
NOT_A_JOB = "0" * 32


def _account(role: str = "user") -> dict:
    from opendias.identity import Accounts, Tokens

    name = f"i{uuid.uuid4().hex[:10]}"
    user = Accounts().register(name, f"{name}@example.org", PASSWORD, plan="advanced",
                               role=role)
    _, secret = Tokens().create(name, label="isolation tests")
    from opendias.identity.terms import Terms

    Terms().accept(user, "copernicus-marine-service-licence")  # the licence of the SST jobs
    return {"name": name, "id": user.id, "headers": {"Authorization": f"Bearer {secret}"}}


def _unsigned(url: str) -> str:
    return url.split("?", 1)[0]


def _wait_ogc(base: str, job_id: str, headers: dict) -> dict:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status = requests.get(f"{base}/jobs/{job_id}?f=json", headers=headers, timeout=30)
        assert status.status_code == 200, status.text
        if status.json()["status"] in ("successful", "failed", "dismissed"):
            assert status.json()["status"] == "successful", status.json()
            return status.json()
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish")


def _wait_wps(location: str) -> etree._Element:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        resp = requests.get(location, timeout=30)  # the signed statusLocation, no credentials
        assert resp.status_code == 200, resp.text
        doc = etree.fromstring(resp.content)
        if doc.xpath("//wps:ProcessSucceeded|//wps:ProcessFailed", namespaces=NS):
            assert doc.xpath("//wps:ProcessSucceeded", namespaces=NS), resp.text
            return doc
        time.sleep(0.3)
    raise AssertionError(f"{location} did not finish")


def _submit(base: str, user: dict, fmt: str) -> dict:
    """A's or B's two jobs: one through OGC API - Processes, one through WPS."""
    body = {"inputs": {**SST_JOB_INPUTS, "format": fmt}}
    resp = requests.post(f"{base}/processes/subset/execution", json=body, timeout=60,
                         headers={**user["headers"], "Prefer": "respond-async"})
    assert resp.status_code == 201, resp.text
    ogc = resp.json()["jobID"]
    accepted = requests.get(base + WPS_EXECUTE, headers=user["headers"], timeout=60)
    location = etree.fromstring(accepted.content).get("statusLocation")
    assert location and "signature=" in location, accepted.text
    wps_uuid = re.search(r"/results/([^/?]+)\.xml", location).group(1)
    _wait_ogc(base, ogc, user["headers"])
    status = _wait_wps(location)
    results = requests.get(f"{base}/jobs/{ogc}/results?f=json", headers=user["headers"],
                           timeout=30)
    assert results.status_code == 200, results.text
    return {"ogc": ogc, "wps": f"wps-{wps_uuid}", "status_location": location,
            "link": results.json()["links"][0],
            "wps_output": status.xpath("//wps:Reference", namespaces=NS)[0].get("href")}


@pytest.fixture(scope="module")
def world(live_server):
    """Users A and B with their jobs (A: GeoTIFF, B: NetCDF), and an operator."""
    a, b, operator = _account(), _account(), _account("operator")
    a["jobs"] = _submit(live_server.url, a, "geotiff")
    b["jobs"] = _submit(live_server.url, b, "netcdf")
    return {"url": live_server.url, "a": a, "b": b, "operator": operator}


def _listed(base: str, headers: dict, query: str = "") -> set[str]:
    resp = requests.get(f"{base}/jobs?f=json&limit=1000{query}", headers=headers, timeout=30)
    assert resp.status_code == 200, resp.text
    return {job["jobID"] for job in resp.json()["jobs"]}


def _as_missing(resp, job_id: str) -> str:
    """The body of a 404, with the job's id replaced: equal for a job that does not exist."""
    assert resp.status_code == 404, (resp.status_code, resp.text[:300])
    return resp.text.replace(job_id, "<id>")


def test_the_owner_sees_lists_and_reads_own_jobs(world):
    from opendias.jobs import JobStore

    base = world["url"]
    for name in ("a", "b"):
        user = world[name]
        mine = {user["jobs"]["ogc"], user["jobs"]["wps"]}
        assert _listed(base, user["headers"]) == mine  # only these: fresh accounts
        for job_id in mine:
            assert JobStore().get(job_id)["owner"] == user["id"]
            resp = requests.get(f"{base}/jobs/{job_id}?f=json", headers=user["headers"],
                                timeout=30)
            assert resp.status_code == 200 and resp.json()["status"] == "successful"
            results = requests.get(f"{base}/jobs/{job_id}/results?f=json",
                                   headers=user["headers"], timeout=30)
            assert results.status_code == 200 and "signature=" in results.json()[
                "links"][0]["href"]
        # the owner's credentials open the unsigned URLs too
        for url in (user["jobs"]["link"]["href"], user["jobs"]["status_location"],
                    user["jobs"]["wps_output"]):
            resp = requests.get(_unsigned(url), headers=user["headers"], timeout=30)
            assert resp.status_code == 200, (url, resp.text[:200])


@pytest.mark.parametrize("reader, owner", [("a", "b"), ("b", "a")])
def test_another_users_jobs_are_404_like_no_job(world, reader, owner):
    base, headers, theirs = world["url"], world[reader]["headers"], world[owner]["jobs"]
    assert not _listed(base, headers) & {theirs["ogc"], theirs["wps"]}
    for job_id in (theirs["ogc"], theirs["wps"]):
        for method, path in (("GET", "/jobs/{}?f=json"), ("GET", "/jobs/{}/results?f=json"),
                             ("DELETE", "/jobs/{}?f=json")):
            other = requests.request(method, base + path.format(job_id), headers=headers,
                                     timeout=30)
            none = requests.request(method, base + path.format(NOT_A_JOB), headers=headers,
                                    timeout=30)
            assert _as_missing(other, job_id) == _as_missing(none, NOT_A_JOB), (method, path)
    # the dismissal was refused: the owner's job is still there, still successful
    status = requests.get(f"{base}/jobs/{theirs['ogc']}?f=json",
                          headers=world[owner]["headers"], timeout=30)
    assert status.json()["status"] == "successful"
    # files, status document, output, folder listing: unsigned, with the reader's credentials
    folder = _unsigned(theirs["link"]["href"]).rsplit("/", 1)[0] + "/"
    for url in (theirs["link"]["href"], theirs["status_location"], theirs["wps_output"],
                folder):
        other = requests.get(_unsigned(url), headers=headers, timeout=30)
        token = urlsplit(url).path.split("/")[2].split(".")[0]  # job id or WPS uuid
        none = requests.get(_unsigned(url).replace(token, NOT_A_JOB), headers=headers,
                            timeout=30)
        assert other.status_code == 404 and none.status_code == 404, url
        assert other.json()["detail"].replace(token, "<id>") == none.json()[
            "detail"].replace(NOT_A_JOB, "<id>")


def test_anonymous_sees_neither(world):
    base = world["url"]
    listed = _listed(base, {})
    for name in ("a", "b"):
        jobs = world[name]["jobs"]
        assert not listed & {jobs["ogc"], jobs["wps"]}
        for job_id in (jobs["ogc"], jobs["wps"]):
            assert requests.get(f"{base}/jobs/{job_id}", timeout=30).status_code == 404
            assert requests.get(f"{base}/jobs/{job_id}/results", timeout=30).status_code == 404
            assert requests.delete(f"{base}/jobs/{job_id}", timeout=30).status_code == 404
        for url in (jobs["link"]["href"], jobs["status_location"], jobs["wps_output"]):
            assert requests.get(_unsigned(url), timeout=30).status_code == 404, url


def test_an_anonymous_job_is_seen_by_anonymous_clients_only(world):
    base = world["url"]
    resp = requests.post(f"{base}/processes/subset/execution", timeout=60,
                         json={"inputs": SST_JOB_INPUTS}, headers={"Prefer": "respond-async"})
    job_id = resp.json()["jobID"]
    assert _wait_ogc(base, job_id, {})["status"] == "successful"
    assert job_id in _listed(base, {})
    assert job_id not in _listed(base, world["a"]["headers"])
    assert requests.get(f"{base}/jobs/{job_id}", headers=world["a"]["headers"],
                        timeout=30).status_code == 404
    link = requests.get(f"{base}/jobs/{job_id}/results?f=json", timeout=30).json()["links"][0]
    # an anonymous job's file needs its signed link: there is no owner to sign in
    assert requests.get(_unsigned(link["href"]), timeout=30).status_code == 404
    assert requests.get(link["href"], timeout=30).status_code == 200


def test_the_operator_sees_every_job_with_all_true(world):
    base, headers = world["url"], world["operator"]["headers"]
    everyone = {world[n]["jobs"][k] for n in ("a", "b") for k in ("ogc", "wps")}
    assert everyone <= _listed(base, headers, "&all=true")
    assert not everyone & _listed(base, headers)  # without all=true: their own
    a_own = {world["a"]["jobs"]["ogc"], world["a"]["jobs"]["wps"]}
    assert _listed(base, world["a"]["headers"], "&all=true") == a_own  # only an operator's
    for job_id in everyone:
        assert requests.get(f"{base}/jobs/{job_id}?f=json", headers=headers,
                            timeout=30).json()["status"] == "successful"
        assert requests.get(f"{base}/jobs/{job_id}/results?f=json", headers=headers,
                            timeout=30).status_code == 200
    for name in ("a", "b"):
        url = _unsigned(world[name]["jobs"]["link"]["href"])
        assert requests.get(url, headers=headers, timeout=30).status_code == 200


def _curl(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["curl", "-s", "-g", *args], capture_output=True, timeout=60)


def test_signed_links_work_with_curl_without_credentials(world, tmp_path):
    link = world["b"]["jobs"]["link"]
    out = tmp_path / "b.nc"
    done = _curl("-o", str(out), "-w", "%{http_code}", link["href"])
    assert done.stdout == b"200" and out.stat().st_size == link["size"]
    part = _curl("-r", "10-99", "-w", "%{http_code}", "-o", str(tmp_path / "part"),
                 link["href"])
    assert part.stdout == b"206"
    assert (tmp_path / "part").read_bytes() == out.read_bytes()[10:100]
    etag = requests.head(link["href"], timeout=30).headers["ETag"]
    again = requests.get(link["href"], headers={"If-None-Match": etag}, timeout=30)
    assert again.status_code == 304
    for url in (world["b"]["jobs"]["status_location"], world["b"]["jobs"]["wps_output"]):
        assert _curl("-o", "/dev/null", "-w", "%{http_code}", url).stdout == b"200", url
    import xarray as xr

    with xr.open_dataset(out) as got:
        assert got["analysed_sst"].size > 0


def test_signed_link_with_gdal_vsicurl(world):
    link = world["a"]["jobs"]["link"]  # A's GeoTIFF
    assert link["type"].startswith("image/tiff")
    info = subprocess.run(["gdalinfo", f"/vsicurl/{link['href']}"], capture_output=True,
                          text=True, timeout=120)
    assert info.returncode == 0, info.stderr[-500:]
    assert "Driver: GTiff/GeoTIFF" in info.stdout and "Band 2" in info.stdout
    bad = subprocess.run(["gdalinfo", f"/vsicurl/{_unsigned(link['href'])}"],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode != 0


def _tampered(href: str) -> str:
    head, signature = href.rsplit("signature=", 1)
    swapped = ("A" if signature[5] != "A" else "B")
    return f"{head}signature={signature[:5]}{swapped}{signature[6:]}"


def test_tampered_links_are_404(world):
    a_link, b_link = world["a"]["jobs"]["link"]["href"], world["b"]["jobs"]["link"]["href"]
    a_path, query = a_link.split("?", 1)
    b_path = b_link.split("?", 1)[0]
    expires = re.search(r"expires=(\d+)", query).group(1)
    for url in (_tampered(a_link),                                  # one character
                f"{b_path}?{query}",                                # A's signature, B's file
                a_link.replace(f"expires={expires}", f"expires={int(expires) + 1}"),
                _tampered(world["a"]["jobs"]["status_location"]),
                _tampered(world["a"]["jobs"]["wps_output"]),
                a_link.replace("signature=", "signature=x"), a_path + "?expires=1&signature="):
        resp = requests.get(url, timeout=30)
        assert resp.status_code == 404, url
        assert "does not exist" in resp.json()["detail"]
    assert requests.get(a_link, timeout=30).status_code == 200


def test_expired_links_are_404(tmp_path, monkeypatch):
    """A dedicated service whose results live 6 seconds: a link works, then expires (the
    file still there); its owner still reads it with credentials."""
    home = tmp_path / "home"
    server = Server(workers=2, env={"OPENDIAS_HOME": str(home),
                                    "OPENDIAS_RESULTS_RETENTION": "6"}).start()
    try:
        monkeypatch.setenv("OPENDIAS_HOME", str(home))  # the account in its database
        user = _account()
        monkeypatch.undo()
        resp = requests.post(f"{server.url}/processes/subset/execution", timeout=60,
                             json={"inputs": SST_JOB_INPUTS},
                             headers={**user["headers"], "Prefer": "respond-async"})
        job_id = resp.json()["jobID"]
        _wait_ogc(server.url, job_id, user["headers"])
        href = requests.get(f"{server.url}/jobs/{job_id}/results?f=json", timeout=30,
                            headers=user["headers"]).json()["links"][0]["href"]
        expires = int(re.search(r"expires=(\d+)", href).group(1))
        assert expires - time.time() <= 6
        assert requests.get(href, timeout=30).status_code == 200
        time.sleep(max(0.0, expires - time.time()) + 1.5)
        gone = requests.get(href, timeout=30)
        assert gone.status_code == 404 and "does not exist" in gone.json()["detail"]
        name = href.split("?")[0].rsplit("/", 1)[1]
        assert (home / "results" / job_id / name).is_file()  # expired, not removed
        assert requests.get(href, headers=user["headers"], timeout=30).status_code == 200
    finally:
        server.stop()
