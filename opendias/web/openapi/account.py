"""/register, /gettoken, /refreshtoken, /signin, /signout, /password, /me, /plans
(opendias.web.account), /tokens (opendias.web.tokens_front), /support
(opendias.web.support_front) and /terms, /termsaccepted (opendias.web.terms_front): JSON in,
JSON out, errors as OGC exception JSON."""

from __future__ import annotations

from opendias.web.openapi.components import errors, json_response, path_param

_STR = {"type": "string"}
_TOKENS = {"type": "object", "required": ["access_token", "refresh_token", "expires_in",
                                          "token_type"],
           "properties": {"access_token": _STR, "refresh_token": _STR,
                          "expires_in": {"type": "integer", "minimum": 0},
                          "token_type": {"type": "string", "enum": ["Bearer"]}}}
_ACCOUNT = {"type": "object", "required": ["username", "email", "plan", "role", "created"],
            "properties": {"username": _STR, "email": _STR, "plan": _STR, "role": _STR,
                           "created": _STR}}
_ME = {"allOf": [_ACCOUNT, {"type": "object",
                            "required": ["capabilities", "usage", "terms_accepted"],
                            "properties": {"capabilities": {"type": "array", "items": _STR},
                                           "usage": {"type": "object"},
                                           "terms_accepted": {"type": "array"}}}]}
_TERM = {"type": "object", "required": ["id", "title", "datasets"],
         "properties": {"id": _STR, "title": _STR, "datasets": {"type": "array", "items": _STR}}}
_ACCEPTED = {"type": "object", "required": ["id", "title", "accepted"],
             "properties": {"id": _STR, "title": _STR, "accepted": _STR}}
_LIMIT = {"type": ["integer", "null"], "minimum": 0}
_PLAN = {"type": "object", "required": ["name", "title", "capabilities", "requests_per_minute",
                                        "download_bytes_per_day", "concurrent_jobs",
                                        "jobs_per_day", "max_job_cells",
                                        "job_cpu_seconds_per_day"],
         "properties": {"name": _STR, "title": _STR,
                        "capabilities": {"type": "array", "items": _STR},
                        **{k: _LIMIT for k in ("requests_per_minute", "download_bytes_per_day",
                                               "concurrent_jobs", "jobs_per_day",
                                               "max_job_cells", "job_cpu_seconds_per_day")}}}
_TOKEN = {"type": "object", "required": ["id", "label", "created", "last_used"],
          "properties": {"id": _STR, "label": _STR, "created": _STR,
                         "last_used": {"type": ["string", "null"]}}}
_SUPPORT = {"type": "object", "required": ["id", "created", "mail"],
            "properties": {"id": _STR, "created": _STR,
                           "mail": {"type": "string",
                                    "enum": ["sent", "failed", "not configured"]}}}
_SECURED = [{"opendias-bearer": []}, {"opendias-basic": []}, {"opendias-private-token": []},
            {"opendias-session": []}]


def _body(*names: str) -> dict:
    schema = {"type": "object", "required": list(names),
              "properties": {n: {"type": "string", "minLength": 1} for n in names}}
    return {"required": True, "content": {"application/json": {"schema": schema},
                                          "application/x-www-form-urlencoded": {
                                              "schema": schema}}}


def _post(op: str, summary: str, names: tuple, ok: dict, status: str, *codes: int) -> dict:
    return {"post": {"tags": ["account"], "operationId": op, "summary": summary,
                     "requestBody": _body(*names),
                     "responses": {status: ok, **errors(*codes)}}}


def _own_paths() -> dict:
    """/plans, /tokens, /support."""
    label = {"type": "object", "properties": {"label": {"type": "string", "maxLength": 128}}}
    return {
        "/plans": {"get": {"tags": ["account"], "operationId": "plans",
                           "summary": "The plans and what each allows (public)",
                           "responses": {"200": json_response("The plans", {
                               "type": "object", "required": ["plans", "default"],
                               "properties": {"plans": {"type": "array", "items": _PLAN},
                                              "default": _STR}}), **errors(500)}}},
        "/tokens": {
            "get": {"tags": ["account"], "operationId": "personalTokens", "security": _SECURED,
                    "summary": "My live personal access tokens (never their secrets)",
                    "responses": {"200": json_response("The tokens", {
                        "type": "object", "required": ["tokens"],
                        "properties": {"tokens": {"type": "array", "items": _TOKEN}}}),
                        **errors(401, 429, 500)}},
            "post": {"tags": ["account"], "operationId": "createPersonalToken", "security": _SECURED,
                     "summary": "A new personal access token, its secret shown once",
                     "requestBody": {"required": False, "content": {
                         "application/json": {"schema": label},
                         "application/x-www-form-urlencoded": {"schema": label}}},
                     "responses": {"201": json_response("The token and its secret `token`", {
                         "allOf": [_TOKEN, {"type": "object", "required": ["token"],
                                            "properties": {"token": _STR}}]}),
                         **errors(400, 401, 403, 429, 500)}}},
        "/tokens/{tokenId}": {"delete": {
            "tags": ["account"], "operationId": "revokePersonalToken", "security": _SECURED,
            "summary": "Revoke one of my tokens",
            "parameters": [path_param("tokenId", {"type": "string"}, "A token's id")],
            "responses": {"204": {"description": "Revoked"},
                          **errors(401, 403, 404, 429, 500)}}},
        "/support": _post("support", "Send a message to the service's operators (anyone)",
                          ("name", "email", "message"),
                          json_response("The message, stored (and whether it was e-mailed)",
                                        _SUPPORT), "201", 400, 403, 413, 429, 500),
    }


def paths(config: dict) -> dict:
    term_id = path_param("termId", {"type": "string"}, "A term (a dataset licence) of GET /terms")
    return {
        **_own_paths(),
        "/register": _post("register", "Create an account (plan essential)",
                           ("username", "email", "password"),
                           json_response("The account", _ACCOUNT), "201",
                           400, 409, 429, 500),
        "/gettoken": _post("getToken", "Access and refresh tokens for a username and password",
                           ("username", "password"), json_response("The tokens", _TOKENS),
                           "200", 400, 401, 403, 429, 500),
        "/refreshtoken": _post("refreshToken", "A new access token for a refresh token",
                               ("refresh_token",), json_response("The tokens", _TOKENS),
                               "200", 400, 401, 429, 500),
        "/revoketoken": _post("revokeToken", "Revoke a refresh token and its access tokens",
                              ("refresh_token",), json_response("Whether it was live", {
                                  "type": "object", "required": ["revoked"],
                                  "properties": {"revoked": {"type": "boolean"}}}),
                              "200", 400, 429, 500),
        "/signin": _post("signIn", "A browser session: its cookie and CSRF token",
                         ("username", "password"), json_response("The account and the "
                                                                 "session's csrf_token", {
                             "allOf": [_ACCOUNT, {"type": "object", "required": ["csrf_token"],
                                                  "properties": {"csrf_token": _STR}}]}),
                         "200", 400, 401, 429, 500),
        "/signout": {"post": {"tags": ["account"], "operationId": "signOut",
                              "security": [{"opendias-session": []}],
                              "summary": "End the browser session (send its CSRF token)",
                              "responses": {"204": {"description": "Signed out"},
                                            **errors(401, 403, 429, 500)}}},
        "/password": _post("changePassword", "Change the password; every sign-in is revoked",
                           ("password", "new_password"), {"description": "Changed"}, "204",
                           400, 401, 403, 429, 500),
        "/users": {"get": {"tags": ["account"], "operationId": "users", "security": _SECURED,
                           "summary": "Every account and its usage (operators only)",
                           "responses": {"200": json_response("The accounts", {
                               "type": "object", "required": ["users", "numberMatched"]}),
                               **errors(401, 403, 429, 500)}}},
        "/users/{name}": {"get": {
            "tags": ["account"], "operationId": "user", "security": _SECURED,
            "summary": "One account, its usage and terms (operators only)",
            "parameters": [path_param("name", {"type": "string"}, "A username")],
            "responses": {"200": json_response("The account", _ACCOUNT),
                          **errors(401, 403, 404, 429, 500)}}},
        "/me": {"get": {"tags": ["account"], "operationId": "me", "security": _SECURED,
                        "summary": "The account the credentials name, its usage and terms",
                        "responses": {"200": json_response("The account", _ME),
                                      **errors(401, 429, 500)}}},
        "/terms": {"get": {"tags": ["account"], "operationId": "terms",
                           "summary": "The terms of use (dataset licences)",
                           "responses": {"200": json_response("The terms", {
                               "type": "object", "required": ["terms"],
                               "properties": {"terms": {"type": "array", "items": _TERM}}}),
                               **errors(500)}}},
        "/termsaccepted": {"get": {
            "tags": ["account"], "operationId": "termsAccepted", "security": _SECURED,
            "summary": "The terms the user accepted",
            "responses": {"200": json_response("The accepted terms", {
                "type": "object", "required": ["terms"],
                "properties": {"terms": {"type": "array", "items": _ACCEPTED}}}),
                **errors(401, 429, 500)}}},
        "/termsaccepted/{termId}": {
            "put": {"tags": ["account"], "operationId": "acceptTerm", "security": _SECURED,
                    "summary": "Accept a term", "parameters": [term_id],
                    "requestBody": {"required": True, "content": {"application/json": {
                        "schema": {"type": "object", "required": ["accepted"],
                                   "properties": {"accepted": {"type": "boolean",
                                                               "enum": [True]}}}}}},
                    "responses": {"200": json_response("The term, and when it was accepted",
                                                       {**_TERM, "properties": {
                                                           **_TERM["properties"],
                                                           "accepted": _STR}}),
                                  **errors(400, 401, 404, 429, 500)}},
            "delete": {"tags": ["account"], "operationId": "revokeTerm", "security": _SECURED,
                       "summary": "Revoke an accepted term", "parameters": [term_id],
                       "responses": {"204": {"description": "Revoked"},
                                     **errors(401, 404, 429, 500)}}},
    }
