"""Terms of use over HTTP (opendias.identity.terms): each dataset's licence is a term.

- `GET /terms` -> `{"terms": [{"id", "title", "datasets"}]}` (public).
- `GET /termsaccepted` -> `{"terms": [{"id", "title", "accepted"}]}`: the user's.
- `PUT /termsaccepted/{term_id}` `{"accepted": true}` -> 200 with the term and when it was
  accepted (accepting again keeps the first time); an unknown term is 404.
- `DELETE /termsaccepted/{term_id}` -> 204 (404 if it was not accepted).

/termsaccepted needs credentials (401 with the identity layer's challenges). Errors are OGC
exception JSON (opendias.web.errors).
"""

from __future__ import annotations

import json

from flask import Flask, Response, jsonify, request

from opendias.errors import InvalidParameter, NotFound
from opendias.web import owners
from opendias.web.errors import install_error_handlers

app = Flask(__name__)
install_error_handlers(app)


def _user():
    return owners.signed_in(request.environ, "see and accept terms")


@app.get("/terms")
def terms():
    from opendias.identity.terms import catalogue_terms

    return jsonify({"terms": [t.facts() for t in catalogue_terms().values()]})


@app.get("/termsaccepted")
def accepted():
    from opendias.identity.terms import Terms, catalogue_terms

    known = catalogue_terms()
    mine = Terms().accepted(_user())
    return jsonify({"terms": [{"id": tid, "title": known[tid].title if tid in known else tid,
                               "accepted": when} for tid, when in mine.items()]})


@app.put("/termsaccepted/<term_id>")
def accept(term_id: str):
    from opendias.identity.terms import Terms, catalogue_terms

    user = _user()
    try:
        body = json.loads(request.get_data(cache=False) or b"null")
    except (ValueError, RecursionError):
        body = None
    if not isinstance(body, dict) or body.get("accepted") is not True:
        raise InvalidParameter('send the JSON body {"accepted": true} to accept a term '
                               "(DELETE /termsaccepted/{id} revokes it)", parameter="accepted")
    when = Terms().accept(user, term_id)
    return jsonify({**catalogue_terms()[term_id].facts(), "accepted": when})


@app.delete("/termsaccepted/<term_id>")
def revoke(term_id: str):
    from opendias.identity.terms import Terms

    if not Terms().revoke(_user(), term_id):
        raise NotFound(f"term {term_id!r} is not accepted (GET /termsaccepted)",
                       parameter="term_id")
    return Response(status=204)
