"""OGC API exception documents for opendias errors, and the guard that makes sure a client's
mistake is a 4xx with a clear message and our own failures a 5xx without a traceback."""

from __future__ import annotations

import json
import logging

from flask import Response

from opendias.errors import OpendiasError

LOGGER = logging.getLogger(__name__)


def ogc_exception(status: int, code: str, title: str, detail: str) -> Response:
    body = {
        "type": f"http://www.opengis.net/def/exceptions/ogcapi-common-1/1.0/{code}",
        "code": code, "title": title, "status": status, "detail": detail,
        "description": detail,
    }
    return Response(json.dumps(body), status=status, mimetype="application/problem+json")


def error_response(err: OpendiasError) -> Response:
    return ogc_exception(err.status, err.code, err.title, err.detail)


def install_error_handlers(app) -> None:
    """Every error of a Flask front as an OGC exception JSON."""
    from werkzeug.exceptions import HTTPException

    @app.errorhandler(OpendiasError)
    def _opendias_error(err):
        return error_response(err)

    @app.errorhandler(HTTPException)
    def _http_error(err):
        return ogc_exception(err.code or 500, type(err).__name__, err.name,
                             err.description or err.name)

    @app.errorhandler(Exception)
    def _unexpected(err):
        LOGGER.exception("unexpected error")
        return ogc_exception(500, "NoApplicableCode", "Internal server error",
                             f"the server failed to answer: {type(err).__name__}: {err}")
