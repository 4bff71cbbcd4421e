"""Errors a request can meet, each with its HTTP status and OGC exception code.

Fronts (OGC API, WPS, WMS) turn these into their own exception documents; the core only
raises them.
"""

from __future__ import annotations


class OpendiasError(Exception):
    """A problem with a request that the client can act on."""

    status = 400
    code = "InvalidParameterValue"
    title = "Invalid parameter value"

    def __init__(self, detail: str, *, parameter: str | None = None):
        super().__init__(detail)
        self.detail = detail
        self.parameter = parameter

    def to_ogc_json(self) -> dict:
        return {
            "type": f"http://www.opengis.net/def/exceptions/ogcapi-common-1/1.0/{self.code}",
            "code": self.code,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            "description": self.detail,
        }


class InvalidParameter(OpendiasError):
    pass


class MissingParameter(OpendiasError):
    code = "MissingParameterValue"
    title = "Missing parameter value"


class NotFound(OpendiasError):
    status = 404
    code = "NotFound"
    title = "Not found"


class EmptyResult(OpendiasError):
    status = 400
    code = "NoApplicableCode"
    title = "Empty result"


class TooLarge(OpendiasError):
    status = 413
    code = "RequestTooLarge"
    title = "Request too large"


class DatasetUnavailable(OpendiasError):
    status = 503
    code = "DatasetUnavailable"
    title = "Dataset unavailable"
