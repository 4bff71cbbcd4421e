"""OGC API - Processes around pygeoapi's: what opendias adds to the execution, job listing
and job results answers of pygeoapi (which serves them through processes.manager): the links
of an accepted job, a 400 for a body that is not a JSON object or an unknown status filter,
and the reason of a failed job in its results. Errors in the OGC exception body
(opendias.web.errors)."""

from __future__ import annotations

import json
from urllib.parse import parse_qs

from opendias.errors import InvalidParameter, NotFound
from opendias.jobs import DISMISSED, FAILED, JOB_STATUSES
from opendias.params import parse_names
from opendias.web.bodies import json_body
from opendias.web import owners
from opendias.web.errors import ogc_exception_wsgi
from opendias.web.pygeoapi_front import pygeoapi_app
from processes.registry import get_operation


def execution_app(environ, start_response):
    """POST /processes/{id}/execution: pygeoapi's answer, with the links an accepted job's
    status document should carry (pygeoapi 0.24 returns only jobID, type and status):
    the job's status (rel=monitor/status) and its results."""
    captured: dict = {}

    def capture(status, headers, exc_info=None):
        captured["status"], captured["headers"] = status, headers
        return lambda data: None

    process_id = environ.get("PATH_INFO", "").strip("/").split("/")[1]
    try:
        get_operation(process_id)
    except NotFound as err:
        return ogc_exception_wsgi(start_response, 404, "NoSuchProcess", "No such process",
                                  err.detail)
    try:
        problem = _body_problem(environ)
    except InvalidParameter as err:
        problem = err.detail
    if problem:
        return ogc_exception_wsgi(start_response, 400, "InvalidParameterValue",
                                  "Invalid request", problem)
    chunks = pygeoapi_app()(environ, capture)
    try:
        body = b"".join(chunks)
    finally:
        if hasattr(chunks, "close"):
            chunks.close()
    status, headers = captured["status"], list(captured["headers"])
    location = next((v for k, v in headers if k.lower() == "location"), None)
    if status.startswith("201") and location:
        try:
            doc = json.loads(body)
        except ValueError:
            doc = None
        if isinstance(doc, dict) and "jobID" in doc:
            doc.setdefault("message", "Job accepted")
            doc.setdefault("progress", 0)
            doc["links"] = [
                {"href": location, "rel": "monitor", "type": "application/json",
                 "title": "Job status"},
                {"href": location, "rel": "status", "type": "application/json",
                 "title": "Job status"},
                {"href": f"{location}/results?f=json",
                 "rel": "http://www.opengis.net/def/rel/ogc/1.0/results",
                 "type": "application/json", "title": "Job results (when finished)"},
            ]
            body = json.dumps(doc).encode()
            headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
            headers.append(("Content-Length", str(len(body))))
    start_response(status, headers)
    return [body]


def _body_problem(environ) -> str | None:
    """What is wrong with an execute request's body (pygeoapi answers a body that is not
    UTF-8, nested too deep, holding an over-long integer, not an object, or with a
    subscriber that is not an object, with a 500);
    InvalidParameter from the body's parser. The body is put back for pygeoapi to read."""
    if environ.get("REQUEST_METHOD") != "POST":
        return None
    media = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
    if media and media != "application/json" and not media.endswith("+json"):
        return (f"Content-Type {media[:60]!r} is not accepted: send the execute request as "
                "application/json")
    data = json_body(environ)
    if data is not None and not isinstance(data, dict):
        return ('the execute request must be a JSON object: {"inputs": {...}}, got '
                f"{type(data).__name__}")
    data = data or {}
    if "inputs" in data and not isinstance(data["inputs"], (dict, type(None))):
        return 'inputs must be a JSON object of input name to value: {"inputs": {...}}'
    if data.get("response", "raw") not in ("raw", "document"):
        return "response must be raw or document"
    subscriber = data.get("subscriber")
    if subscriber and not (isinstance(subscriber, dict)
                           and isinstance(subscriber.get("successUri"), str)
                           and all(isinstance(subscriber.get(k, ""), str)
                                   for k in ("inProgressUri", "failedUri"))):
        return ("subscriber must be an object with successUri (and optionally inProgressUri, "
                "failedUri), each a URI")
    return None


def jobs_app(environ, start_response):
    """GET /jobs: pygeoapi's listing, after checking the `status` filter (pygeoapi does not
    know it; processes.manager applies it) so an unknown status is a 400 naming it."""
    query = parse_qs(environ.get("QUERY_STRING", ""))
    values = parse_names(query.get("status", []), parameter="status", empty_ok=True) or []
    unknown = [v for v in values if v not in JOB_STATUSES]
    if unknown:
        detail = (f"unknown job status {', '.join(map(repr, unknown))}: use "
                  f"{', '.join(JOB_STATUSES)} (comma-separated or repeated)")
        return ogc_exception_wsgi(start_response, 400, "InvalidParameterValue",
                                  "Invalid parameter value", detail)
    return pygeoapi_app()(environ, start_response)


def job_results_app(environ, start_response):
    """GET /jobs/{id}/results: pygeoapi's, except that the results of a failed job say why
    it failed (pygeoapi says only "job failed"), and those of a dismissed job are a 404
    no-such-job saying it was dismissed (pygeoapi answers a 500). 404 rather than 410: OGC
    API - Processes removes a dismissed job and its results, and names 404 no-such-job as
    the answer about a job whose results are not there; the job's status document keeps
    saying "dismissed" (GET /jobs/{id}). Another's job is pygeoapi's no-such-job
    (processes.manager), as a job that does not exist."""
    job_id = environ.get("PATH_INFO", "").strip("/").split("/")[1]
    job = (owners.visible_job(environ, job_id)
           if environ.get("REQUEST_METHOD", "GET") == "GET" else None)
    if job is not None and job["status"] == DISMISSED:
        detail = (f"job {job_id} was dismissed (DELETE /jobs/{job_id}): it has no results; "
                  f"its status is at /jobs/{job_id}")
        return ogc_exception_wsgi(start_response, 404, "NoSuchJob", "No such job", detail)
    if job is None or job["status"] != FAILED:
        return pygeoapi_app()(environ, start_response)
    detail = f"job {job_id} failed: {job['message']}"
    return ogc_exception_wsgi(start_response, 400, "NoApplicableCode", "Job failed", detail)
