"""What an operator sees of every account: `GET /users` (each account, its state and its
usage against each quota of its plan) and `GET /users/{name}` (one, with its accepted terms:
what `GET /me` shows its owner). Operators only: another caller is 403 (401 without
credentials). Errors are OGC exception JSON (opendias.web.errors)."""

from __future__ import annotations

from flask import Flask, jsonify, request

from opendias.errors import Forbidden, NotFound, Unauthorized
from opendias.web.errors import install_error_handlers
from opendias.web.owners import requester

app = Flask(__name__)
install_error_handlers(app)


def _operator():
    user = requester(request.environ)
    if user is None:
        raise Unauthorized("send an operator's credentials to see the accounts")
    if not user.is_operator:
        raise Forbidden(f"{user.name} is not an operator: only operators see other accounts "
                        "(GET /me shows your own)")
    return user


def _account(user, *, terms: bool) -> dict:
    from opendias.identity.usage import account_usage

    facts = account_usage(user)
    doc = {"username": user.name, "email": user.email, "plan": user.plan, "role": user.role,
           "disabled": user.disabled, "created": user.created, "usage": facts["usage"]}
    if terms:
        doc["terms_accepted"] = facts["terms_accepted"]
    return doc


@app.get("/users")
def users():
    from opendias.identity import Accounts

    _operator()
    listed = [_account(u, terms=False) for u in Accounts().list()]
    return jsonify({"users": listed, "numberMatched": len(listed)})


@app.get("/users/<name>")
def user(name: str):
    from opendias.identity import Accounts

    _operator()
    found = Accounts().get(name)
    if found is None:
        raise NotFound(f"no user {name[:64]!r}", parameter="name")
    return jsonify(_account(found, terms=True))
