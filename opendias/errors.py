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
    retry_after: int | None = None  # seconds after which asking again may succeed

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


class TooManyRequests(OpendiasError):
    """Too many requests of this kind from one client in a while: ask again after
    `retry_after` seconds."""

    status = 429
    code = "TooManyRequests"
    title = "Too many requests"

    def __init__(self, detail: str, *, retry_after: int, parameter: str | None = None):
        super().__init__(detail, parameter=parameter)
        self.retry_after = retry_after


class Busy(OpendiasError):
    """The service is busy with as many requests of this kind as it takes at once: ask again
    after `retry_after` seconds (or the way the detail says)."""

    status = 503
    code = "ServiceBusy"
    title = "Service busy"

    def __init__(self, detail: str, *, retry_after: int, parameter: str | None = None):
        super().__init__(detail, parameter=parameter)
        self.retry_after = retry_after


class TimeLimitExceeded(OpendiasError):
    """A synchronous computation ran past its time limit (`limit` seconds) and was stopped."""

    status = 503
    code = "TimeLimitExceeded"
    title = "Time limit exceeded"

    def __init__(self, detail: str, *, limit: float, retry_after: int = 60,
                 parameter: str | None = None):
        super().__init__(detail, parameter=parameter)
        self.limit = limit
        self.retry_after = retry_after


class ClientGone(OpendiasError):
    """The client hung up while its answer was computed (nobody reads the answer; 499 in the
    logs, as servers count a client that closed its request)."""

    status = 499
    code = "ClientClosedRequest"
    title = "Client closed request"


class StorageUnavailable(OpendiasError):
    """The object storage that holds results (OPENDIAS_RESULTS_URL) refused or did not
    answer."""

    status = 503
    code = "StorageUnavailable"
    title = "Result storage unavailable"
