"""openEO's error document `{"id", "code", "message", "links"}` (API 1.2), for every error
of this front, in one place: the core's typed errors (opendias.errors) mapped to openEO's
codes and statuses, and the layers' refusals (opendias.web.refusals) of its paths. Missing
credentials are 401 AuthenticationRequired; credentials that do not hold 403 TokenInvalid
(what openEO clients expect); a 500 says only the request id."""

from __future__ import annotations

import json
import logging

from werkzeug.http import HTTP_STATUS_CODES

from opendias.errors import (Busy, EmptyResult, Forbidden, InvalidParameter,
                             MissingParameter, NotFound, OpendiasError, TimeLimitExceeded,
                             Unauthorized)

LOGGER = logging.getLogger(__name__)
# NotFound by what was not found (its parameter) -> (status, openEO code)
_NOT_FOUND = {"collection": (404, "CollectionNotFound"), "job": (404, "JobNotFound"),
              "process_graph_id": (404, "ProcessGraphNotFound"),
              "process": (400, "ProcessUnsupported"), "file": (404, "FileNotFound")}
_INVALID = {"format": "FormatUnsupported", "process_graph": "ProcessGraphInvalid",
            "body": "ProcessGraphMissing", "process_graph_id": "ProcessGraphIdInvalid"}
_LAYER_CODES = {429: "TooManyRequests", 413: "PayloadTooLarge", 503: "ServiceUnavailable"}


def error_facts(err: OpendiasError, *, with_credentials: bool = False) -> tuple[int, str]:
    """(HTTP status, openEO code) of a core error on this front."""
    if isinstance(err, Unauthorized):
        return (403, "TokenInvalid") if with_credentials else (401, "AuthenticationRequired")
    if isinstance(err, Forbidden):
        return 403, "PermissionsInsufficient"
    if isinstance(err, NotFound):
        return _NOT_FOUND.get(err.parameter or "", (404, "NotFound"))
    if isinstance(err, MissingParameter):
        return 400, ("ProcessGraphMissing" if err.parameter == "process_graph"
                     else "ProcessArgumentRequired")
    if isinstance(err, EmptyResult):
        return 400, "NoDataAvailable"
    if isinstance(err, (Busy, TimeLimitExceeded)):
        return 503, "ServiceUnavailable"
    if isinstance(err, InvalidParameter) and type(err) is InvalidParameter:
        return 400, _INVALID.get(err.parameter or "", "ProcessArgumentInvalid")
    return err.status, err.code


def body(code: str, message: str, request_id: str | None) -> bytes:
    return json.dumps({"id": request_id or "", "code": code, "message": message,
                       "links": []}).encode()


def _request_id(environ) -> str | None:
    from opendias.web.layers.request_id import ENVIRON_KEY

    return environ.get(ENVIRON_KEY) if environ is not None else None


def _headers(status: int, err=None, extra=None) -> list[tuple[str, str]]:
    headers = [("Content-Type", "application/json")]
    if status == 401:
        headers.append(("WWW-Authenticate", 'Bearer realm="opendias openEO"'))
    if err is not None and getattr(err, "retry_after", None):
        headers.append(("Retry-After", str(err.retry_after)))
    return headers + [h for h in (extra or []) if h[0].lower() not in
                      ("content-type", "www-authenticate")]


def openeo_error(environ, err: Exception) -> tuple[int, bytes, list[tuple[str, str]]]:
    """(status, body, headers) of any exception raised by the front."""
    from werkzeug.exceptions import HTTPException

    if isinstance(err, OpendiasError):
        status, code = error_facts(err, with_credentials=bool(
            environ.get("HTTP_AUTHORIZATION")))
        return status, body(code, err.detail, _request_id(environ)), _headers(status, err)
    if isinstance(err, HTTPException):
        status = err.code or 500
        code = {404: "NotFound", 405: "MethodNotAllowed"}.get(status, type(err).__name__)
        return status, body(code, err.description or err.name, _request_id(environ)), \
            _headers(status)
    LOGGER.exception("unexpected error")
    rid = _request_id(environ)
    return 500, body("Internal", f"internal error; quote the request id {rid} to the "
                     "operator", rid), _headers(500)


def refusal(environ, start_response, status: int, code: str, title: str, detail: str,
            headers=None, error=None) -> list[bytes]:
    """A layer's refusal (identity, plans, quotas, terms, limits) of a request to this
    front, in openEO's words."""
    with_credentials = bool(environ.get("HTTP_AUTHORIZATION"))
    if isinstance(error, OpendiasError):
        status, code = error_facts(error, with_credentials=with_credentials)
    elif status == 401:
        status, code = (403, "TokenInvalid") if with_credentials \
            else (401, "AuthenticationRequired")
    elif status == 403:
        code = "PermissionsInsufficient"
    else:
        code = _LAYER_CODES.get(status, code)
    payload = body(code, detail, _request_id(environ))
    extra = [h for h in (headers or []) if h[0].lower() != "www-authenticate"]
    start_response(f"{status} {HTTP_STATUS_CODES.get(status, 'Error')}",
                   [*_headers(status, None, extra), ("Content-Length", str(len(payload)))])
    return [payload]
