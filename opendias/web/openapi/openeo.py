"""The openEO API 1.2 (opendias.web.openeo) under OPENDIAS_OPENEO_PREFIX: JSON documents,
files of results; every error openEO's `{"id", "code", "message", "links"}`."""

from __future__ import annotations

from opendias.web.openapi.components import json_response, path_param

_SECURED = [{"opendias-bearer": []}]
_OBJECT = {"type": "object"}
_ERROR = {"type": "object", "required": ["code", "message"],
          "properties": {"id": {"type": "string"}, "code": {"type": "string"},
                         "message": {"type": "string"}, "links": {"type": "array"}}}
_DESCRIPTIONS = {400: "Bad request (an openEO error code)", 401: "Authentication required",
                 403: "Token invalid, or not allowed", 404: "Not found",
                 413: "Too large", 424: "The job failed", 429: "A quota is spent",
                 500: "Server error", 503: "Busy or past the time limit"}
_COMMON = (400, 401, 403, 404, 413, 429, 500, 503)
_FILE = {"description": "The result file", "content": {
    "application/x-netcdf": {"schema": {"type": "string", "format": "binary"}},
    "image/tiff": {"schema": {"type": "string", "format": "binary"}},
    "application/json": {"schema": _OBJECT}}}


def _op(method: str, op_id: str, summary: str, ok: dict, *, status: str = "200",
        body: bool = False, params: list | None = None, extra=(),
        secured: bool = True) -> dict:
    responses = {status: ok, **{str(s): json_response(_DESCRIPTIONS[s], _ERROR)
                                for s in (*_COMMON, *extra)}}
    op = {"tags": ["openeo"], "operationId": op_id, "summary": summary,
          "responses": responses}
    if secured:
        op["security"] = _SECURED
    if body:
        op["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": _OBJECT}}}
    if params:
        op["parameters"] = params
    return {method: op}


def _doc(description: str) -> dict:
    return json_response(description, _OBJECT)


def paths(config: dict) -> dict:
    from opendias.config import get_settings

    base = get_settings().openeo_prefix
    job = [path_param("job_id", {"type": "string"}, "An openEO job id")]
    collection = [path_param("collection_id", {"type": "string"}, "A collection id")]
    udp = [path_param("process_graph_id", {"type": "string"}, "A user-defined process id")]
    empty = {"description": "Done"}
    return {
        f"{base}/": _op("get", "openeoCapabilities", "Capabilities (endpoints, billing plans)",
                        _doc("The capabilities"), secured=False),
        f"{base}/.well-known/openeo": _op("get", "openeoVersions", "The API versions served",
                                          _doc("The versions"), secured=False),
        "/.well-known/openeo": _op("get", "openeoRootVersions", "The openEO API versions "
                                   "served, at the service's root", _doc("The versions"),
                                   secured=False),
        f"{base}/conformance": _op("get", "openeoConformance", "Conformance classes",
                                   _doc("They"), secured=False),
        f"{base}/file_formats": _op("get", "openeoFileFormats", "Output formats",
                                    _doc("They"), secured=False),
        f"{base}/collections": _op("get", "openeoCollections", "The collections (STAC)",
                                   _doc("They"), secured=False),
        f"{base}/collections/{{collection_id}}": _op(
            "get", "openeoCollection", "A collection, with cube:dimensions",
            _doc("It"), params=collection, secured=False),
        f"{base}/processes": _op("get", "openeoProcesses", "The processes a graph may use",
                                 _doc("They"), secured=False),
        f"{base}/credentials/basic": _op(
            "get", "openeoCredentialsBasic", "An access token for HTTP Basic username and "
            "password", _doc("{access_token}"), secured=False),
        f"{base}/udf_runtimes": _op("get", "openeoUdfRuntimes", "UDF runtimes (none)",
                                    _doc("They"), secured=False),
        f"{base}/service_types": _op("get", "openeoServiceTypes", "Secondary web service "
                                     "types (none)", _doc("They"), secured=False),
        f"{base}/me": _op("get", "openeoMe", "The account: plan and quotas", _doc("It")),
        f"{base}/validation": _op("post", "openeoValidation", "The errors of a graph",
                                  _doc("{errors}"), body=True),
        f"{base}/result": _op("post", "openeoResult", "A graph computed synchronously", _FILE,
                              body=True),
        f"{base}/jobs": {**_op("get", "openeoJobs", "The caller's batch jobs", _doc("They")),
                         **_op("post", "openeoCreateJob", "Create a batch job", empty,
                               status="201", body=True)},
        f"{base}/jobs/{{job_id}}": {
            **_op("get", "openeoJob", "A batch job", _doc("It"), params=job),
            **_op("delete", "openeoDeleteJob", "Delete (dismiss) a job", empty,
                  status="204", params=job)},
        f"{base}/jobs/{{job_id}}/results": {
            **_op("get", "openeoJobResults", "A finished job's assets (signed links)",
                  _doc("A STAC item"), params=job, extra=(424,)),
            **_op("post", "openeoStartJob", "Start a job", empty, status="202", params=job),
            **_op("delete", "openeoCancelJob", "Cancel a job", empty, status="204",
                  params=job)},
        f"{base}/jobs/{{job_id}}/estimate": _op("get", "openeoEstimate", "A job's estimate",
                                                _doc("It"), params=job),
        f"{base}/jobs/{{job_id}}/logs": _op("get", "openeoLogs", "A job's logs", _doc("They"),
                                            params=job),
        f"{base}/process_graphs": _op("get", "openeoProcessGraphs",
                                      "The caller's user-defined processes", _doc("They")),
        f"{base}/process_graphs/{{process_graph_id}}": {
            **_op("get", "openeoProcessGraph", "A user-defined process", _doc("It"),
                  params=udp),
            **_op("put", "openeoPutProcessGraph", "Store a user-defined process", empty,
                  body=True, params=udp),
            **_op("delete", "openeoDeleteProcessGraph", "Delete it", empty, status="204",
                  params=udp)},
    }
