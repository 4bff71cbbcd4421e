"""pygeoapi's side of the operations: PROCESS_METADATA and a processor, generated from
processes.definitions; and the `resources:` entries that publish them (added to pygeoapi's
configuration by opendias.web.pygeoapi_setup.build_config)."""

from __future__ import annotations

from pygeoapi.process.base import BaseProcessor, ProcessorExecuteError

from opendias.errors import OpendiasError
from opendias.jobs import FAILED, JOB_STATUSES, JobStore
from opendias.web.errors import ogc_exception_wsgi
from processes.definitions import OPERATIONS, Operation, get_operation

PROCESSOR = "processes.ogcapi.OperationProcessor"


def process_metadata(op: Operation) -> dict:
    """pygeoapi's PROCESS_METADATA of an operation (enums read live, e.g. dataset ids)."""
    inputs = {}
    for inp in op.inputs:
        inputs[inp.name] = {
            "title": inp.title,
            "description": inp.description,
            "schema": inp.json_schema(),
            "minOccurs": 1 if inp.required else 0,
            "maxOccurs": 1,
            "keywords": [],
        }
    outputs = {}
    for out in op.outputs:
        outputs[out.name] = {
            "title": out.title,
            "description": out.description,
            "schema": {"type": "object", "contentMediaType": "application/json",
                       "properties": {
                           "href": {"type": "string", "format": "uri"},
                           "type": {"type": "string", "enum": sorted(set(
                               out.media_types.values()))},
                           "size": {"type": "integer"}}},
        }
    meta = {
        "version": op.version,
        "id": op.id,
        "title": {"en": op.title},
        "description": {"en": op.description},
        "jobControlOptions": ["sync-execute", "async-execute", "dismiss"],
        "outputTransmission": ["value"],
        "keywords": list(op.keywords),
        "links": [],
        "inputs": inputs,
        "outputs": outputs,
    }
    if op.example:
        meta["example"] = op.example
    return meta


def process_resources() -> dict:
    """pygeoapi `resources:` entries publishing every operation."""
    return {op_id: {"type": "process",
                    "processor": {"name": PROCESSOR, "operation": op_id}}
            for op_id in OPERATIONS}


class OpendiasProcessError(ProcessorExecuteError):
    """An OpendiasError as pygeoapi's processor error (its status, code and detail)."""

    def __init__(self, err: OpendiasError):
        super().__init__(user_msg=err.detail)
        self.http_status_code = err.status
        self.ogc_exception_code = err.code


class OperationProcessor(BaseProcessor):
    """A pygeoapi processor of one operation (`processor: {name: ..., operation: id}`): what
    pygeoapi needs to describe the process. Executions go through the opendias job manager
    (processes.manager), which runs them as jobs on Dask; this processor never executes."""

    def __init__(self, processor_def: dict):
        self.operation = get_operation(processor_def["operation"])
        super().__init__(processor_def, process_metadata(self.operation))


def execution_app(environ, start_response):
    """POST /processes/{id}/execution: pygeoapi's answer, with the links an accepted job's
    status document should carry (pygeoapi 0.24 returns only jobID, type and status):
    the job's status (rel=monitor/status) and its results."""
    import json

    from pygeoapi.flask_app import APP

    captured: dict = {}

    def capture(status, headers, exc_info=None):
        captured["status"], captured["headers"] = status, headers
        return lambda data: None

    problem = _body_problem(environ)
    if problem:
        return ogc_exception_wsgi(start_response, 400, "InvalidParameterValue",
                                  "Invalid request", problem)
    chunks = APP(environ, capture)
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
    """What is wrong with an execute request's JSON beyond syntax (pygeoapi answers a
    non-object body with a 500); the body is put back for pygeoapi to read."""
    import io
    import json

    if environ.get("REQUEST_METHOD") != "POST":
        return None
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    raw = environ["wsgi.input"].read(length) if length else environ["wsgi.input"].read()
    environ["wsgi.input"] = io.BytesIO(raw)
    environ["CONTENT_LENGTH"] = str(len(raw))
    try:
        data = json.loads(raw) if raw.strip() else None
    except ValueError:
        return None  # pygeoapi says "invalid request data"
    if data is not None and not isinstance(data, dict):
        return ('the execute request must be a JSON object: {"inputs": {...}}, got '
                f"{type(data).__name__}")
    return None


def jobs_app(environ, start_response):
    """GET /jobs: pygeoapi's listing, after checking the `status` filter (pygeoapi does not
    know it; processes.manager applies it) so an unknown status is a 400 naming it."""
    from urllib.parse import parse_qs

    from pygeoapi.flask_app import APP

    query = parse_qs(environ.get("QUERY_STRING", ""))
    values = [v.strip() for raw in query.get("status", []) for v in raw.split(",")
              if v.strip()]
    unknown = [v for v in values if v not in JOB_STATUSES]
    if unknown:
        detail = (f"unknown job status {', '.join(map(repr, unknown))}: use "
                  f"{', '.join(JOB_STATUSES)} (comma-separated or repeated)")
        return ogc_exception_wsgi(start_response, 400, "InvalidParameterValue",
                                  "Invalid parameter value", detail)
    return APP(environ, start_response)


def job_results_app(environ, start_response):
    """GET /jobs/{id}/results: pygeoapi's, except that the results of a failed job say why
    it failed (pygeoapi says only "job failed")."""
    from pygeoapi.flask_app import APP

    job_id = environ.get("PATH_INFO", "").strip("/").split("/")[1]
    job = JobStore().get(job_id) if environ.get("REQUEST_METHOD", "GET") == "GET" else None
    if job is None or job["status"] != FAILED:
        return APP(environ, start_response)
    detail = f"job {job_id} failed: {job['message']}"
    return ogc_exception_wsgi(start_response, 400, "NoApplicableCode", "Job failed", detail)
