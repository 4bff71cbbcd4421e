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

    def facts(self) -> dict:
        """What went wrong, in no protocol's words (a job record keeps these; each front
        words them its own way)."""
        facts = {"status": self.status, "code": self.code, "title": self.title,
                 "detail": self.detail}
        if self.parameter:
            facts["parameter"] = self.parameter
        return facts


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
    """A request above a size limit: how many cells it would take and the limit."""

    status = 413
    code = "RequestTooLarge"
    title = "Request too large"

    def __init__(self, detail: str, *, parameter: str | None = None,
                 cells: int | None = None, limit: int | None = None):
        super().__init__(detail, parameter=parameter)
        self.cells = cells
        self.limit = limit


class DatasetUnavailable(OpendiasError):
    status = 503
    code = "DatasetUnavailable"
    title = "Dataset unavailable"


class Unauthorized(OpendiasError):
    """Credentials missing, unknown, wrong, expired or revoked (a front answers 401 and says
    how to authenticate)."""

    status = 401
    code = "Unauthorized"
    title = "Unauthorized"


class Forbidden(OpendiasError):
    """Who asks is known, and may not do this (e.g. a plan without the capability)."""

    status = 403
    code = "Forbidden"
    title = "Forbidden"


class LicenceNotAccepted(Forbidden):
    """A dataset's licence (a term of use) the user has not accepted: `term` is its id,
    `dataset` the dataset that needs it (a front may say where to accept it its own way)."""

    def __init__(self, detail: str, *, term: str, dataset: str,
                 parameter: str | None = "dataset"):
        super().__init__(detail, parameter=parameter)
        self.term = term
        self.dataset = dataset


class Conflict(OpendiasError):
    """The request clashes with what exists (e.g. a username or e-mail already taken)."""

    status = 409
    code = "Conflict"
    title = "Conflict"
