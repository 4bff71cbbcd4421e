"""Identity over HTTP: registration, tokens and the credentials every client sends, checked
on every front (in-process WSGI and through gunicorn), with real clients (OWSLib, GDAL,
curl). Until plans are enforced, requests without credentials stay anonymous; credentials
that do not hold are always refused with 401 and a challenge."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import uuid
import xml.etree.ElementTree as ET

import pytest
import requests

PASSWORD = "correct horse battery staple"


def _user(plan: str = "essential"):
    """A new account and one of its personal access tokens: (name, token)."""
    from opendias.identity import Accounts, Tokens

    name = f"u{uuid.uuid4().hex[:10]}"
    Accounts().register(name, f"{name}@example.org", PASSWORD, plan=plan)
    _, secret = Tokens().create(name, label="tests")
    return name, secret


def _basic(name: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{name}:{secret}".encode()).decode()


def _unauthorized_json(resp):
    assert resp.status_code == 401, resp.get_data(as_text=True)[:300]
    challenges = resp.headers.getlist("WWW-Authenticate")
    assert any(c.startswith("Bearer") for c in challenges)
    assert any(c.startswith("Basic") for c in challenges)
    body = resp.get_json()
    assert body["status"] == 401 and body["type"].endswith("/Unauthorized") and body["detail"]
    return body


# --------------------------------------------------------------------------- accounts
def test_register_then_get_and_refresh_tokens(client):
    name = f"r{uuid.uuid4().hex[:10]}"
    resp = client.post("/register", json={"username": name, "email": f"{name}@example.org",
                                          "password": PASSWORD})
    assert resp.status_code == 201, resp.get_json()
    assert resp.get_json() == {**resp.get_json(), "username": name, "plan": "essential",
                               "role": "user"}
    again = client.post("/register", json={"username": name, "email": "x@example.org",
                                           "password": PASSWORD})
    assert again.status_code == 409 and name in again.get_json()["detail"]

    tokens = client.post("/gettoken", json={"username": name, "password": PASSWORD})
    assert tokens.status_code == 200
    doc = tokens.get_json()
    assert doc["token_type"] == "Bearer" and doc["expires_in"] > 0
    me = client.get("/me", headers={"Authorization": f"Bearer {doc['access_token']}"})
    assert me.status_code == 200 and me.get_json()["username"] == name

    # the hda client sends the refresh token as a form field
    fresh = client.post("/refreshtoken", data={"refresh_token": doc["refresh_token"]})
    assert fresh.status_code == 200
    new_access = fresh.get_json()["access_token"]
    assert client.get("/me", headers={"Authorization": f"Bearer {new_access}"}).get_json()[
        "username"] == name


@pytest.mark.parametrize("body, status, words", [
    ({"username": "nobody-here", "password": PASSWORD}, 401, "wrong username or password"),
    ({"username": "x", "password": ""}, 400, "password is required"),
    ({"username": "x"}, 400, "password is required"),
    ({"username": 5, "password": PASSWORD}, 400, "username must be a string"),
    ([1, 2], 400, "JSON object"),
    ("{not json", 400, "not valid JSON"),
    ("[" * 100_000, 400, "not valid JSON"),
])
def test_gettoken_refusals(client, body, status, words):
    kwargs = {"data": body, "content_type": "application/json"} if isinstance(body, str) \
        else {"json": body}
    resp = client.post("/gettoken", **kwargs)
    assert resp.status_code == status, resp.get_data(as_text=True)[:300]
    assert words in resp.get_json()["detail"]
    if status == 401:
        _unauthorized_json(resp)


def test_wrong_password_and_unknown_user_read_the_same(client):
    name, _ = _user()
    wrong = client.post("/gettoken", json={"username": name, "password": PASSWORD + "x"})
    unknown = client.post("/gettoken", json={"username": name + "zz", "password": PASSWORD})
    assert _unauthorized_json(wrong)["detail"] == _unauthorized_json(unknown)["detail"]


@pytest.mark.parametrize("fields, field", [
    ({"username": "ab"}, "username"), ({"username": "a b c d"}, "username"),
    ({"username": "x'; DROP TABLE opendias_jobs;--"}, "username"),
    ({"email": "not-an-address"}, "email"), ({"password": "short"}, "password"),
    ({"password": "password123"}, "password"), ({"password": "p" * 2_000_000}, "password"),
])
def test_register_refusals_name_the_field(client, fields, field):
    name = f"r{uuid.uuid4().hex[:10]}"
    body = {"username": name, "email": f"{name}@example.org", "password": PASSWORD, **fields}
    resp = client.post("/register", json=body)
    assert resp.status_code == 400, resp.get_json()
    assert field in resp.get_json()["detail"]
    from opendias.jobs import JobStore  # the job table is still there

    assert JobStore().list()[1] >= 0


# --------------------------------------------------------------------------- credentials
def test_every_way_to_present_a_token(client):
    name, secret = _user()
    for headers in ({"Authorization": f"Bearer {secret}"}, {"PRIVATE-TOKEN": secret},
                    {"Authorization": _basic(name, secret)}):
        resp = client.get("/me", headers=headers)
        assert resp.status_code == 200, (headers, resp.get_json())
        assert resp.get_json()["username"] == name
    _unauthorized_json(client.get("/me"))


@pytest.mark.parametrize("make_headers", [
    lambda name, secret: {"Authorization": "Bearer odt_not-a-token"},
    lambda name, secret: {"Authorization": "Bearer not.a.jwt"},
    lambda name, secret: {"Authorization": "Bearer "},
    lambda name, secret: {"PRIVATE-TOKEN": secret + "x"},
    lambda name, secret: {"Authorization": _basic(name, PASSWORD)},       # a password
    lambda name, secret: {"Authorization": _basic(name + "x", secret)},   # another name
    lambda name, secret: {"Authorization": "Basic %%%"},
    lambda name, secret: {"Authorization": f"Token {secret}"},
])
def test_bad_credentials_are_refused(client, make_headers):
    name, secret = _user()
    _unauthorized_json(client.get("/me", headers=make_headers(name, secret)))
    _unauthorized_json(client.get("/collections", headers=make_headers(name, secret)))


def test_access_token_of_another_key_is_refused(client):
    import jwt

    name, _ = _user()
    from opendias.identity import Accounts

    forged = jwt.encode({"sub": Accounts().get(name).id, "exp": 4_102_444_800}, "other key",
                        algorithm="HS256")
    _unauthorized_json(client.get("/me", headers={"Authorization": f"Bearer {forged}"}))


def test_revoked_and_disabled_are_refused_at_once(client):
    from opendias.identity import Accounts, Grants, Tokens

    name, secret = _user()
    grant = Grants().password_grant(name, PASSWORD)
    assert client.get("/me", headers={"PRIVATE-TOKEN": secret}).status_code == 200
    token_id = Tokens().list(name)[0]["id"]
    assert Tokens().revoke(name, token_id)
    _unauthorized_json(client.get("/me", headers={"PRIVATE-TOKEN": secret}))
    Grants().revoke(grant["refresh_token"])
    _unauthorized_json(client.get("/me", headers={
        "Authorization": f"Bearer {grant['access_token']}"}))

    other, other_secret = _user()
    assert client.get("/me", headers={"PRIVATE-TOKEN": other_secret}).status_code == 200
    Accounts().disable(other)
    _unauthorized_json(client.get("/me", headers={"PRIVATE-TOKEN": other_secret}))


# --------------------------------------------------------------------------- every front
FRONTS = [
    ("/", "json"), ("/collections/med-sst-l4?f=json", "json"),
    ("/collections/med-sst-l4/coverage?bbox=12,40,13,41&datetime=2016-03-01&f=netcdf", "json"),
    ("/collections/med-sst-l4/map?f=png&width=64", "json"),
    ("/collections/catalogue/items?q=sst", "json"),
    ("/wms?service=WMS&request=GetCapabilities", "wms"),
    ("/wps?service=WPS&request=GetCapabilities", "wps"),
    ("/processes", "json"), ("/jobs", "json"), ("/results/nope/x.nc", "json"),
    ("/vendor/c3/0.7.20/c3.css", "json"), ("/me", "json"),
]


def test_every_front_takes_and_checks_credentials(live_server):
    """Through gunicorn: a valid token is accepted on every front; a revoked one is refused
    on every front at once (every worker), each in its protocol's words."""
    from opendias.identity import Tokens

    from opendias.identity import Accounts
    from opendias.identity.terms import Terms, term_of

    name, secret = _user()
    # a known user's coverage request needs the dataset's licence accepted (test_access.py)
    Terms().accept(Accounts().get(name), term_of("med-sst-l4").id)
    good = {"Authorization": f"Bearer {secret}"}
    for path, _ in FRONTS:
        resp = requests.get(live_server.url + path, headers=good, timeout=60)
        expected = 404 if path.startswith("/results/") else 200
        assert resp.status_code == expected, (path, resp.status_code, resp.text[:200])
    assert Tokens().revoke(name, Tokens().list(name)[0]["id"])
    for path, kind in FRONTS:
        for _ in range(2):  # both gunicorn workers
            resp = requests.get(live_server.url + path, headers=good, timeout=60)
            assert resp.status_code == 401, (path, resp.status_code, resp.text[:200])
            assert "WWW-Authenticate" in resp.headers
            if kind == "json":
                assert resp.json()["status"] == 401, path
            elif kind == "wms":
                root = ET.fromstring(resp.content)
                assert root.tag.endswith("ServiceExceptionReport") and "revoked" in resp.text
            else:
                root = ET.fromstring(resp.content)
                assert root.tag == "{http://www.opengis.net/ows/1.1}ExceptionReport"
                assert "revoked" in resp.text


# --------------------------------------------------------------------------- real clients
def test_owslib_wms_with_basic_credentials(live_server):
    from owslib.util import Authentication
    from owslib.wms import WebMapService

    name, secret = _user()
    wms = WebMapService(f"{live_server.url}/wms", version="1.3.0",
                        auth=Authentication(name, secret))
    assert "med-sst-l4/analysed_sst" in wms.contents
    with pytest.raises(Exception) as info:
        WebMapService(f"{live_server.url}/wms", version="1.3.0",
                      auth=Authentication(name, "wrong"))
    assert "401" in str(info.value)


def test_gdal_wms_with_basic_credentials(live_server):
    name, secret = _user()
    url = f"WMS:{live_server.url}/wms?service=WMS&request=GetCapabilities"
    env = {**os.environ, "GDAL_HTTP_AUTH": "BASIC", "GDAL_HTTP_USERPWD": f"{name}:{secret}"}
    ok = subprocess.run(["gdalinfo", url], env=env, capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr[-500:]
    assert "SUBDATASET_1_NAME=WMS:" in ok.stdout and "analysed_sst" in ok.stdout
    env["GDAL_HTTP_USERPWD"] = f"{name}:not-the-token"
    bad = subprocess.run(["gdalinfo", url], env=env, capture_output=True, text=True, timeout=120)
    assert bad.returncode != 0 and "401" in bad.stderr


def test_curl_with_a_bearer_token(live_server):
    name, secret = _user()
    out = subprocess.run(["curl", "-s", "-H", f"Authorization: Bearer {secret}",
                          f"{live_server.url}/me"], capture_output=True, text=True, timeout=60)
    assert json.loads(out.stdout)["username"] == name
