"""Accounts over HTTP: register, get and refresh tokens, who am I.

- `POST /register` `{"username", "email", "password"}` -> 201 with the account (plan
  essential); the policy's refusals are 400 naming the field, a taken name or e-mail 409.
- `POST /gettoken` `{"username", "password"}` (JSON, or a form) -> `{"access_token",
  "refresh_token", "expires_in", "token_type"}`, the shape WEkEO's `hda` client reads; a wrong
  username or password is 401.
- `POST /refreshtoken` with the form field (or JSON member) `refresh_token` -> the same shape
  with a new access token.
- `POST /revoketoken` with the form field (or JSON member) `refresh_token` -> 200: the
  refresh token and its access tokens revoked (`revoked`: whether it was live).
- `POST /signin` `{"username", "password"}` (JSON, or a form) -> the account and the
  session's `csrf_token`, with the session cookie (`opendias_session`: HttpOnly,
  SameSite=Lax, Path=/, Secure when the service is served over HTTPS, Max-Age
  OPENDIAS_SESSION_TTL); a wrong username or password is 401.
- `POST /signout` -> 204, the session revoked and its cookie removed (a request of the
  session: with its CSRF token, see opendias.web.layers.identity).
- `POST /password` `{"password", "new_password"}` -> 204: the password changed (the
  policy's refusals are 400 naming new_password; a wrong password 401), and every sign-in
  of the account (sessions, refresh tokens and their access tokens) revoked; personal
  access tokens stay valid.
- `GET /me` -> who the request's credentials name (opendias.web.layers.identity): name,
  e-mail, plan, role, the plan's capabilities, the usage against each quota of the plan and
  the accepted terms (opendias.identity.usage.account_usage); 401 without credentials.

- `GET /plans` (public) -> `{"plans": [{"name", "title", "capabilities", and each quota:
  requests_per_minute, download_bytes_per_day, concurrent_jobs, jobs_per_day, max_job_cells,
  job_cpu_seconds_per_day (null: no limit)}], "default"}`: what each plan allows, from the
  plans file (OPENDIAS_PLANS); `default` is the plan of a new account.

Errors are OGC exception JSON (opendias.web.errors).
"""

from __future__ import annotations

import json

from flask import Flask, jsonify, request

from opendias.errors import InvalidParameter, MissingParameter, Unauthorized
from opendias.web.errors import install_error_handlers
from opendias.web.layers.identity import SESSION_KEY
from opendias.web.owners import signed_in

app = Flask(__name__)
install_error_handlers(app)


def body_fields(*names: str, optional: tuple[str, ...] = ()) -> dict[str, str]:
    """The named string fields of a JSON object or form body (those of `optional` may be
    left out: ""); 400 naming what is wrong."""
    if request.mimetype == "application/json" or not request.form:
        raw = request.get_data(cache=False)
        try:
            body = json.loads(raw) if raw.strip() else {}
        except (ValueError, RecursionError):
            raise InvalidParameter("the body is not valid JSON: send a JSON object "
                                   f"with {', '.join(names)}", parameter="body") from None
        if not isinstance(body, dict):
            raise InvalidParameter(f"the body must be a JSON object with {', '.join(names)}",
                                   parameter="body")
    else:
        body = request.form.to_dict()
    values = {}
    for name in (*names, *optional):
        value = body.get(name)
        if (value is None or value == "") and name in optional:
            value = ""
        elif value is None or value == "":
            raise MissingParameter(f"{name} is required", parameter=name)
        if not isinstance(value, str):
            raise InvalidParameter(f"{name} must be a string", parameter=name)
        values[name] = value
    return values


_FIELDS = {"name": "username", "email": "email", "password": "password"}


def _account(user) -> dict:
    return {"username": user.name, "email": user.email, "plan": user.plan, "role": user.role,
            "created": user.created}


@app.post("/register")
def register():
    from opendias.identity import Accounts

    fields = body_fields("username", "email", "password")
    try:
        user = Accounts().register(fields["username"], fields["email"], fields["password"])
    except InvalidParameter as err:
        raise _named(err) from None
    return jsonify(_account(user)), 201


def _named(err: InvalidParameter) -> InvalidParameter:
    """A refusal of the account's policy, naming the field as this API names it."""
    field = _FIELDS.get(err.parameter, err.parameter or "body")
    return InvalidParameter(f"{field}: {err.detail}", parameter=field)


@app.post("/gettoken")
def get_token():
    from opendias.identity import Grants

    fields = body_fields("username", "password")
    return jsonify(Grants().password_grant(fields["username"], fields["password"]))


@app.post("/refreshtoken")
def refresh_token():
    from opendias.identity import Grants

    return jsonify(Grants().refresh(body_fields("refresh_token")["refresh_token"]))


@app.post("/revoketoken")
def revoke_token():
    """Sign-out of a client of the password grant: its refresh token and, with it, its
    access tokens revoked at once. 200 whether or not the token was live (RFC 7009: an
    unknown token is no error)."""
    from opendias.identity import Grants

    revoked = Grants().revoke(body_fields("refresh_token")["refresh_token"])
    return jsonify({"revoked": revoked})


def _signed_in():
    return signed_in(request.environ, "see your account")


@app.get("/me")
def me():
    from opendias.identity.sessions import csrf_token
    from opendias.identity.usage import account_usage

    user = _signed_in()
    facts = account_usage(user)
    doc = {**_account(user), "capabilities": facts["plan"]["capabilities"],
           "usage": facts["usage"], "terms_accepted": facts["terms_accepted"]}
    session = request.environ.get(SESSION_KEY)
    if session is not None:
        doc["csrf_token"] = csrf_token(session)
    return jsonify(doc)


def _secure() -> bool:
    from opendias.config import get_settings

    return request.scheme == "https" or get_settings().base_url.startswith("https:")


@app.post("/signin")
def sign_in():
    from opendias.config import get_settings
    from opendias.identity.sessions import COOKIE, Sessions

    fields = body_fields("username", "password")
    user, cookie, csrf = Sessions().sign_in(fields["username"], fields["password"])
    response = jsonify({**_account(user), "csrf_token": csrf})
    response.set_cookie(COOKIE, cookie, max_age=get_settings().session_ttl, path="/",
                        httponly=True, samesite="Lax", secure=_secure())
    return response


@app.post("/signout")
def sign_out():
    from opendias.identity.sessions import COOKIE, Sessions

    session = request.environ.get(SESSION_KEY)
    if session is None:
        raise Unauthorized("no browser session to sign out of (POST /signin makes one; "
                           "a token is revoked with `opendias tokens revoke`)")
    Sessions().sign_out(session)
    response = app.response_class(status=204)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="Lax",
                           secure=_secure())
    return response


@app.post("/password")
def change_password():
    from opendias.identity import Accounts
    from opendias.identity.sessions import COOKIE

    user = _signed_in()
    fields = body_fields("password", "new_password")
    try:
        Accounts().change_password(user.name, fields["password"], fields["new_password"])
    except InvalidParameter as err:
        raise _named(err) from None
    response = app.response_class(status=204)
    if request.environ.get(SESSION_KEY) is not None:  # revoked with the others
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="Lax",
                               secure=_secure())
    return response


@app.get("/plans")
def plans():
    from opendias.identity.plans import DEFAULT_PLAN, load_plans

    return jsonify({"plans": list(load_plans().values()), "default": DEFAULT_PLAN})
