"""A user's own personal access tokens over HTTP (opendias.identity.tokens), what `opendias
tokens ...` does for operators:

- `GET /tokens` -> `{"tokens": [{"id", "label", "created", "last_used"}]}`: the live ones,
  oldest first (never a secret);
- `POST /tokens` `{"label"}` (JSON or a form; the label may be left out) -> 201 with the
  token's record and `token`: the secret, shown this once (only its hash is kept);
- `DELETE /tokens/{id}` -> 204, the token refused from now on; 404 if the user has no such
  live token.

Every request needs credentials (401 otherwise); a browser session's POST and DELETE carry
its CSRF token (opendias.web.layers.identity). Errors are OGC exception JSON.
"""

from __future__ import annotations

from flask import Flask, Response, jsonify, request

from opendias.errors import NotFound
from opendias.web import owners
from opendias.web.account import body_fields
from opendias.web.errors import install_error_handlers

app = Flask(__name__)
install_error_handlers(app)


def _user():
    return owners.signed_in(request.environ, "see and make your tokens")


@app.get("/tokens")
def tokens():
    from opendias.identity import Tokens

    return jsonify({"tokens": Tokens().list(_user().name)})


@app.post("/tokens")
def create():
    from opendias.identity import Tokens

    user = _user()
    label = body_fields(optional=("label",))["label"]
    record, secret = Tokens().create(user.name, label)
    return jsonify({**record, "token": secret}), 201


@app.delete("/tokens/<token_id>")
def revoke(token_id: str):
    from opendias.identity import Tokens

    user = _user()
    if not Tokens().revoke(user.name, token_id):
        raise NotFound(f"you have no live token {token_id[:64]!r} (GET /tokens lists them)",
                       parameter="token_id")
    return Response(status=204)
