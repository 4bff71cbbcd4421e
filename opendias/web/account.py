"""Accounts over HTTP: register, get and refresh tokens, who am I.

- `POST /register` `{"username", "email", "password"}` -> 201 with the account (plan
  essential); the policy's refusals are 400 naming the field, a taken name or e-mail 409.
- `POST /gettoken` `{"username", "password"}` (JSON, or a form) -> `{"access_token",
  "refresh_token", "expires_in", "token_type"}`, the shape WEkEO's `hda` client reads; a wrong
  username or password is 401.
- `POST /refreshtoken` with the form field (or JSON member) `refresh_token` -> the same shape
  with a new access token.
- `GET /me` -> who the request's credentials name (opendias.web.layers.identity): name,
  e-mail, plan, role, the plan's capabilities, the usage against each quota of the plan and
  the accepted terms (opendias.identity.usage.account_usage); 401 without credentials.

Errors are OGC exception JSON (opendias.web.errors).
"""

from __future__ import annotations

import json

from flask import Flask, jsonify, request

from opendias.errors import InvalidParameter, MissingParameter, Unauthorized
from opendias.web.errors import install_error_handlers
from opendias.web.layers.identity import ENVIRON_KEY

app = Flask(__name__)
install_error_handlers(app)


def _fields(*names: str) -> dict[str, str]:
    """The named string fields of a JSON object or form body; 400 naming what is wrong."""
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
    for name in names:
        value = body.get(name)
        if value is None or value == "":
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

    fields = _fields("username", "email", "password")
    try:
        user = Accounts().register(fields["username"], fields["email"], fields["password"])
    except InvalidParameter as err:  # named as this API names the field
        field = _FIELDS.get(err.parameter, err.parameter or "body")
        raise InvalidParameter(f"{field}: {err.detail}", parameter=field) from None
    return jsonify(_account(user)), 201


@app.post("/gettoken")
def get_token():
    from opendias.identity import Grants

    fields = _fields("username", "password")
    return jsonify(Grants().password_grant(fields["username"], fields["password"]))


@app.post("/refreshtoken")
def refresh_token():
    from opendias.identity import Grants

    return jsonify(Grants().refresh(_fields("refresh_token")["refresh_token"]))


@app.get("/me")
def me():
    user = request.environ.get(ENVIRON_KEY)
    if user is None:
        raise Unauthorized("send your credentials (Authorization: Bearer <token>, "
                           "PRIVATE-TOKEN, or Basic username:token) to see your account")
    from opendias.identity.usage import account_usage

    facts = account_usage(user)
    return jsonify({**_account(user), "capabilities": facts["plan"]["capabilities"],
                    "usage": facts["usage"], "terms_accepted": facts["terms_accepted"]})
