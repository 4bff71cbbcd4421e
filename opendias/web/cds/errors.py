"""Errors as the Data Stores answer them: `{"type", "title", "status", "detail"}`, which the
clients print as "<status> Client Error: <reason> for url: <url>", the title and the detail
(ecmwf.datastores.processing.cads_raise_for_status). The layers' refusals (opendias.web.
refusals) of a path of this front are worded here too: a licence not accepted is 403
"required licences not accepted" saying how to accept it from the client."""

from __future__ import annotations

from opendias.errors import LicenceNotAccepted, OpendiasError, TooLarge
from opendias.web.errors import ogc_exception_wsgi

TITLES = {400: "invalid request", 401: "Authentication failed", 403: "Forbidden",
          404: "not found", 405: "method not allowed", 413: "cost limits exceeded",
          429: "Rate limit exceeded"}
LICENCES_TITLE = "required licences not accepted"


def licence_detail(term: str, dataset: str, title: str | None = None) -> str:
    """Where a licence is accepted, in the words of the client and of this service."""
    from opendias.catalogue import load_catalogue
    from opendias.config import get_settings
    from opendias.web.cds import prefix

    entry = next((e for e in load_catalogue() if e.id == dataset), None)
    name = entry.cds_name if entry is not None and entry.cds_name else dataset
    url = f"{get_settings().base_url}{prefix()}/profiles/v1/account/licences/{term}"
    return (f"not all the required licences have been accepted: dataset {name} needs the "
            f"licence {term}{f' ({title})' if title else ''}; accept it with "
            f"ecmwf.datastores.Client(url, key).accept_licence({term!r}, revision=1), "
            f"or PUT {url} with the body {{\"revision\": 1}}")


def error_facts(err: OpendiasError) -> tuple[int, str, str, str]:
    """(status, code, title, detail) of a core error on this front."""
    if isinstance(err, LicenceNotAccepted):
        return 403, err.code, LICENCES_TITLE, licence_detail(err.term, err.dataset)
    if isinstance(err, TooLarge):  # the Data Stores: 403 "cost limits exceeded"
        return 403, err.code, TITLES[413], err.detail
    return err.status, err.code, TITLES.get(err.status, err.title), err.detail


def refusal(start_response, status: int, code: str, title: str, detail: str,
            headers=None, error=None) -> list[bytes]:
    """A layer's refusal (identity, plans, quotas, terms) of a request to this front."""
    if isinstance(error, OpendiasError):
        status, code, title, detail = error_facts(error)
    elif status in (401, 429):
        title = TITLES[status]
    return ogc_exception_wsgi(start_response, status, code, title, detail, headers)
