"""Browser sessions (opendias.identity.sessions, POST /signin, /signout, /password) and their
CSRF protection (opendias.web.layers.identity): the cookie's attributes through gunicorn,
what a session may do, what it must refuse."""

from __future__ import annotations

import time
import uuid

import pytest
import requests
from werkzeug.test import Client

from test_access import PASSWORD, SST_TERM

NEW_PASSWORD = "another long passphrase 2026"


@pytest.fixture()
def browser(wsgi_app):
    """A client of its own, with its own cookie jar."""
    return Client(wsgi_app)


def _account(plan: str = "essential"):
    from opendias.identity import Accounts

    name = f"s{uuid.uuid4().hex[:10]}"
    return Accounts().register(name, f"{name}@example.org", PASSWORD, plan=plan)


def _sign_in(browser, user) -> str:
    resp = browser.post("/signin", json={"username": user.name, "password": PASSWORD})
    assert resp.status_code == 200, resp.get_data(as_text=True)
    return resp.get_json()["csrf_token"]


def test_sign_in_through_gunicorn_sets_a_strict_cookie(live_server):
    user = _account()
    session = requests.Session()
    wrong = session.post(f"{live_server.url}/signin", json={"username": user.name,
                                                         "password": "not it at all"})
    assert wrong.status_code == 401 and "opendias_session" not in session.cookies
    resp = session.post(f"{live_server.url}/signin", data={"username": user.name,
                                                       "password": PASSWORD})
    assert resp.status_code == 200, resp.text
    cookie = resp.headers["Set-Cookie"]
    assert cookie.startswith("opendias_session=")
    for attribute in ("HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=43200"):
        assert attribute in cookie, cookie
    assert "Secure" not in cookie  # served over plain HTTP on loopback
    assert resp.json()["username"] == user.name
    me = session.get(f"{live_server.url}/me")
    assert me.status_code == 200 and me.json()["username"] == user.name
    assert me.json()["csrf_token"] == resp.json()["csrf_token"]
    # a state-changing request of the session needs the token
    put = session.put(f"{live_server.url}/termsaccepted/{SST_TERM}", json={"accepted": True})
    assert put.status_code == 403 and "CSRF token" in put.json()["detail"]
    put = session.put(f"{live_server.url}/termsaccepted/{SST_TERM}", json={"accepted": True},
                      headers={"X-CSRF-Token": resp.json()["csrf_token"]})
    assert put.status_code == 200, put.text
    out = session.post(f"{live_server.url}/signout",
                       headers={"X-CSRF-Token": resp.json()["csrf_token"]})
    assert out.status_code == 204 and "opendias_session" not in session.cookies
    assert session.get(f"{live_server.url}/me").status_code == 401


def test_csrf_token_by_header_or_form_field(browser):
    user = _account()
    csrf = _sign_in(browser, user)
    missing = browser.delete(f"/termsaccepted/{SST_TERM}")
    assert missing.status_code == 403 and "it is missing" in missing.get_json()["detail"]
    wrong = browser.put(f"/termsaccepted/{SST_TERM}", json={"accepted": True},
                        headers={"X-CSRF-Token": "0" * 64})
    assert wrong.status_code == 403 and "it is wrong" in wrong.get_json()["detail"]
    other = Client(browser.application)
    other_csrf = _sign_in(other, _account())  # another session's token does not do
    assert browser.put(f"/termsaccepted/{SST_TERM}", json={"accepted": True},
                       headers={"X-CSRF-Token": other_csrf}).status_code == 403
    from opendias.identity.terms import Terms

    assert Terms().accepted(user) == {}  # none of the refused requests did anything
    assert browser.get("/me").status_code == 200  # reading needs no token
    resp = browser.post("/signout", data={"csrf_token": csrf})
    assert resp.status_code == 204, resp.get_data(as_text=True)
    assert browser.get("/me").status_code == 401


def test_a_cookie_that_is_no_live_session_is_anonymous(browser, monkeypatch):
    from opendias.identity import Accounts

    user = _account()
    _sign_in(browser, user)
    cookie = browser.get_cookie("opendias_session").value
    for value in (cookie[:-1] + ("A" if cookie[-1] != "A" else "B"),  # tampered
                  "x" * 2000, "", cookie.split(".")[0]):
        jar = Client(browser.application)
        jar.set_cookie("opendias_session", value)
        assert jar.get("/me").status_code == 401
        assert jar.get("/collections?f=json").status_code == 200  # browsing still works
    # signed with another key
    monkeypatch.setenv("OPENDIAS_SECRET_KEY", "another key " * 4)
    assert browser.get("/me").status_code == 401
    monkeypatch.delenv("OPENDIAS_SECRET_KEY")
    assert browser.get("/me").status_code == 200
    Accounts().disable(user.name)
    assert browser.get("/me").status_code == 401


def test_a_session_expires(browser, monkeypatch):
    monkeypatch.setenv("OPENDIAS_SESSION_TTL", "1")
    _sign_in(browser, _account())
    assert browser.get("/me").status_code == 200
    time.sleep(2.2)
    assert browser.get("/me").status_code == 401


def test_password_change_revokes_every_sign_in(browser, client):
    user = _account()
    csrf = _sign_in(browser, user)
    second = Client(browser.application)
    _sign_in(second, user)
    grant = client.post("/gettoken", json={"username": user.name, "password": PASSWORD})
    bearer = {"Authorization": f"Bearer {grant.get_json()['access_token']}"}
    assert client.get("/me", headers=bearer).status_code == 200
    bad = [({"password": "wrong password here", "new_password": NEW_PASSWORD}, 401, "wrong"),
           ({"password": PASSWORD, "new_password": "short"}, 400, "new_password"),
           ({"password": PASSWORD, "new_password": user.name * 3}, 400, "new_password"),
           ({"password": PASSWORD}, 400, "new_password is required")]
    for body, status, words in bad:
        resp = browser.post("/password", json=body, headers={"X-CSRF-Token": csrf})
        assert resp.status_code == status, (body, resp.get_data(as_text=True))
        assert words in resp.get_json()["detail"]
    assert browser.post("/password", json={"password": PASSWORD, "new_password":
                                           NEW_PASSWORD}).status_code == 403  # no CSRF
    resp = browser.post("/password", json={"password": PASSWORD, "new_password": NEW_PASSWORD},
                        headers={"X-CSRF-Token": csrf})
    assert resp.status_code == 204, resp.get_data(as_text=True)
    for who, headers in ((browser, {}), (second, {}), (client, bearer)):
        assert who.get("/me", headers=headers).status_code == 401
    assert browser.post("/signin", json={"username": user.name,
                                         "password": PASSWORD}).status_code == 401
    again = browser.post("/signin", json={"username": user.name, "password": NEW_PASSWORD})
    assert again.status_code == 200


def test_header_credentials_need_no_csrf_and_win_over_the_cookie(browser, client):
    from opendias.identity import Tokens

    user = _account()
    _sign_in(browser, user)
    other = _account()
    _, secret = Tokens().create(other.name, label="tests")
    resp = browser.put(f"/termsaccepted/{SST_TERM}", json={"accepted": True},
                       headers={"Authorization": f"Bearer {secret}"})
    assert resp.status_code == 200, resp.get_data(as_text=True)
    me = browser.get("/me", headers={"Authorization": f"Bearer {secret}"}).get_json()
    assert me["username"] == other.name and "csrf_token" not in me
    assert client.post("/signout").status_code == 401  # no session


@pytest.mark.parametrize("body", [b"{nope", b"[1]", b'{"username": 3, "password": "x"}',
                                  b'{"username": "nobody-here", "password": "whatever it is"}',
                                  b"{\"username\": \"a' OR 1=1 --\", \"password\": \".*\"}"])
def test_sign_in_bad_input(browser, body):
    resp = browser.post("/signin", data=body, content_type="application/json")
    assert resp.status_code in (400, 401), resp.get_data(as_text=True)
    assert resp.mimetype == "application/problem+json"
    assert browser.get_cookie("opendias_session") is None


def test_revoking_a_refresh_token_refuses_its_access_tokens_at_once(client):
    user = _account()
    grant = client.post("/gettoken", json={"username": user.name, "password": PASSWORD})
    tokens = grant.get_json()
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert client.get("/me", headers=bearer).status_code == 200
    resp = client.post("/revoketoken", data={"refresh_token": tokens["refresh_token"]})
    assert resp.status_code == 200 and resp.get_json() == {"revoked": True}
    assert client.get("/me", headers=bearer).status_code == 401
    assert client.post("/refreshtoken", data={"refresh_token": tokens["refresh_token"]}
                       ).status_code == 401
    again = client.post("/revoketoken", data={"refresh_token": tokens["refresh_token"]})
    assert again.get_json() == {"revoked": False}
    assert client.post("/revoketoken", json={}).status_code == 400
