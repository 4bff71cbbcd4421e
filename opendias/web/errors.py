"""OGC API exception documents: the one builder of the `type/title/status/detail` body that
every OGC API front answers (coverages, EDR, maps, records, processes, jobs, results), and the
guard that makes a client's mistake a 4xx with a clear message and our own failures a 5xx
without a traceback."""

from __future__ import annotations

import json
import logging

from flask import Response

from opendias.errors import OpendiasError

LOGGER = logging.getLogger(__name__)

OGC_EXCEPTIONS = "http://www.opengis.net/def/exceptions/ogcapi-common-1/1.0/"
PROBLEM_JSON = "application/problem+json"
# the challenges of a 401: the credentials opendias.web.layers.identity accepts
CHALLENGE = [("WWW-Authenticate", 'Bearer realm="opendias"'),
             ("WWW-Authenticate", 'Basic realm="opendias", charset="UTF-8"')]


def ogc_exception_body(status: int, code: str, title: str, detail: str) -> dict:
    """The OGC exception JSON (RFC 7807 members, plus pygeoapi's `code`/`description`)."""
    return {"type": f"{OGC_EXCEPTIONS}{code}", "code": code, "title": title,
            "status": status, "detail": detail, "description": detail}


def error_body(err: OpendiasError | dict) -> dict:
    """The body of a core error, or of the facts a job record kept of one."""
    facts = err.facts() if isinstance(err, OpendiasError) else err
    return ogc_exception_body(facts["status"], facts["code"], facts["title"], facts["detail"])


def ogc_exception(status: int, code: str, title: str, detail: str) -> Response:
    return Response(json.dumps(ogc_exception_body(status, code, title, detail)),
                    status=status, mimetype=PROBLEM_JSON)


def ogc_exception_wsgi(start_response, status: int, code: str, title: str, detail: str,
                       headers: list[tuple[str, str]] | None = None) -> list[bytes]:
    """The same document answered from a plain WSGI callable (no Flask app around it), with
    any extra `headers` (Allow, WWW-Authenticate, Retry-After...)."""
    from werkzeug.http import HTTP_STATUS_CODES

    body = json.dumps(ogc_exception_body(status, code, title, detail)).encode()
    start_response(f"{status} {HTTP_STATUS_CODES.get(status, 'Error').upper()}",
                   [("Content-Type", PROBLEM_JSON), ("Content-Length", str(len(body))),
                    *(headers or [])])
    return [body]


def error_response(err: OpendiasError) -> Response:
    return ogc_exception(err.status, err.code, err.title, err.detail)


def install_error_handlers(app) -> None:
    """Every error of a Flask front as an OGC exception JSON."""
    from werkzeug.exceptions import HTTPException

    @app.errorhandler(OpendiasError)
    def _opendias_error(err):
        response = error_response(err)
        if err.retry_after is not None:  # 503 busy or stopped: when to ask again
            response.headers["Retry-After"] = str(err.retry_after)
        if err.status == 401:  # say how to authenticate (RFC 9110: a 401 has a challenge)
            for key, value in CHALLENGE:
                response.headers.add(key, value)
        return response

    @app.errorhandler(HTTPException)
    def _http_error(err):
        return ogc_exception(err.code or 500, type(err).__name__, err.name,
                             err.description or err.name)

    @app.errorhandler(Exception)
    def _unexpected(err):
        LOGGER.exception("unexpected error")  # the record carries the request id
        return ogc_exception(500, "NoApplicableCode", "Internal server error",
                             internal_error_detail())


def internal_error_detail() -> str:
    """What a 500 says: only the request id (an exception's text may hold paths or
    internals; it is in the log, under that id)."""
    from opendias.web.layers.request_id import current_request_id

    return (f"the server failed to answer this request (request id "
            f"{current_request_id() or 'unknown'}); the error is logged under that id")
