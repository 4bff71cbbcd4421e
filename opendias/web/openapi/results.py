"""/results/{path} (opendias.web.results): a job's result files and listings."""

from __future__ import annotations

from opendias.web.openapi.components import errors, json_response, path_param, query


def paths(config: dict) -> dict:
    return {"/results/{resultPath}": {"get": {
        "tags": ["results"], "operationId": "result",
        "summary": "A result file (HTTP Range, ETag), or the listing of a job's folder",
        "description": "Readable with the signed link a job's results give (expires, "
                       "signature), else by the job's owner; anything else is the 404 of a "
                       "result that does not exist.",
        "parameters": [
            path_param("resultPath", {"type": "string", "maxLength": 1024},
                       "{job}/{file}, {job}/ (a listing) or {id}.xml (a WPS status)"),
            query("expires", {"type": "integer"}, "Signed link: its expiry (epoch seconds)"),
            query("signature", {"type": "string"}, "Signed link: its signature"),
        ],
        "responses": {
            "200": {"description": "The file, or a folder's listing (JSON links)", "content": {
                "application/json": {"schema": {"type": "object"}},
                "*/*": {"schema": {"type": "string", "format": "binary"}}}},
            "206": {"description": "A range of the file",
                    "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}}},
            "302": {"description": "Results on object storage (OPENDIAS_RESULTS_URL): a "
                                   "redirect to a presigned URL of the file, valid "
                                   "OPENDIAS_RESULTS_PRESIGN_TTL seconds",
                    "headers": {"Location": {"schema": {"type": "string", "format": "uri"}}}},
            "304": {"description": "Not modified"},
            "416": {"description": "The range is not satisfiable"},
            **errors(400, 401, 404, 429, 500, 503)}}}}
