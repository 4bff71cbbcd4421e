"""What the portal's account pages need of the public API, beyond /register, /signin and
/me: a user's own personal access tokens over HTTP (GET/POST /tokens, DELETE /tokens/{id})
and the plans (GET /plans)."""

from __future__ import annotations

import uuid

from werkzeug.test import Client

from test_access import PASSWORD


def _signed_in(wsgi_app) -> tuple[Client, str, str]:
    from opendias.identity import Accounts

    name = f"t{uuid.uuid4().hex[:10]}"
    Accounts().register(name, f"{name}@example.org", PASSWORD)
    browser = Client(wsgi_app)
    resp = browser.post("/signin", json={"username": name, "password": PASSWORD})
    return browser, name, resp.get_json()["csrf_token"]


def test_a_session_makes_lists_uses_and_revokes_its_tokens(wsgi_app):
    browser, name, csrf = _signed_in(wsgi_app)
    assert browser.get("/tokens").get_json() == {"tokens": []}
    refused = browser.post("/tokens", json={"label": "laptop"})
    assert refused.status_code == 403 and "CSRF" in refused.get_json()["detail"]
    made = browser.post("/tokens", json={"label": "laptop"}, headers={"X-CSRF-Token": csrf})
    assert made.status_code == 201, made.get_data(as_text=True)
    doc = made.get_json()
    assert doc["label"] == "laptop" and doc["token"].startswith("odt_") and doc["last_used"] is None
    unlabelled = browser.post("/tokens", headers={"X-CSRF-Token": csrf})
    assert unlabelled.status_code == 201 and unlabelled.get_json()["label"] == ""
    listed = browser.get("/tokens").get_json()["tokens"]
    assert [t["id"] for t in listed] == [doc["id"], unlabelled.get_json()["id"]]
    assert all("token" not in t and set(t) == {"id", "label", "created", "last_used"}
               for t in listed)

    other = Client(wsgi_app)  # the token alone, no cookie
    me = other.get("/me", headers={"Authorization": f"Bearer {doc['token']}"})
    assert me.status_code == 200 and me.get_json()["username"] == name
    assert browser.get("/tokens").get_json()["tokens"][0]["last_used"]

    assert browser.delete(f"/tokens/{doc['id']}").status_code == 403  # CSRF again
    gone = browser.delete(f"/tokens/{doc['id']}", headers={"X-CSRF-Token": csrf})
    assert gone.status_code == 204
    again = browser.delete(f"/tokens/{doc['id']}", headers={"X-CSRF-Token": csrf})
    assert again.status_code == 404 and "GET /tokens" in again.get_json()["detail"]
    assert other.get("/me", headers={"Authorization": f"Bearer {doc['token']}"}).status_code \
        == 401
    assert [t["id"] for t in browser.get("/tokens").get_json()["tokens"]] == [
        unlabelled.get_json()["id"]]


def test_tokens_need_credentials_and_a_sane_label(wsgi_app):
    anonymous = Client(wsgi_app)
    for resp in (anonymous.get("/tokens"), anonymous.post("/tokens", json={}),
                 anonymous.delete("/tokens/abc")):
        assert resp.status_code == 401 and resp.headers.getlist("WWW-Authenticate")
    browser, _name, csrf = _signed_in(wsgi_app)
    bad = browser.post("/tokens", json={"label": "x" * 129}, headers={"X-CSRF-Token": csrf})
    assert bad.status_code == 400 and "at most 128 characters" in bad.get_json()["detail"]
    typed = browser.post("/tokens", json={"label": 5}, headers={"X-CSRF-Token": csrf})
    assert typed.status_code == 400 and typed.get_json()["detail"] == "label must be a string"


def test_another_users_token_cannot_be_revoked(wsgi_app):
    mine, _, csrf = _signed_in(wsgi_app)
    token = mine.post("/tokens", headers={"X-CSRF-Token": csrf}).get_json()
    theirs, _, their_csrf = _signed_in(wsgi_app)
    resp = theirs.delete(f"/tokens/{token['id']}", headers={"X-CSRF-Token": their_csrf})
    assert resp.status_code == 404
    assert [t["id"] for t in mine.get("/tokens").get_json()["tokens"]] == [token["id"]]


def test_the_plans_are_public_with_what_each_allows(client):
    resp = client.get("/plans")
    assert resp.status_code == 200
    doc = resp.get_json()
    assert doc["default"] == "essential"
    plans = {p["name"]: p for p in doc["plans"]}
    assert list(plans) == ["essential", "advanced"]
    assert plans["essential"]["title"] == "Essential"
    assert "processes" not in plans["essential"]["capabilities"]
    assert "processes" in plans["advanced"]["capabilities"]
    assert plans["essential"]["download_bytes_per_day"] == 10 * 1024 ** 3
    assert plans["advanced"]["job_cpu_seconds_per_day"] == 36000
