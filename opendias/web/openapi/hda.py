"""WEkEO's HDA API (opendias.web.hda) under OPENDIAS_HDA_PREFIX: JSON in, JSON out; errors are
the OGC exception members plus `error`/`error_description`, as application/json."""

from __future__ import annotations

from opendias.web.openapi.components import json_response, path_param

_EXC = {"$ref": "#/components/schemas/opendias-exception"}
_SECURED = [{"opendias-bearer": []}, {"opendias-basic": []}, {"opendias-private-token": []}]
_OBJECT = {"type": "object"}
_PAGE = {"type": "object", "required": ["features", "properties"],
         "properties": {"features": {"type": "array", "items": _OBJECT},
                        "properties": {"type": "object", "required": ["totalResults"]}}}
_DESCRIPTIONS = {400: "Bad request", 401: "Missing or wrong credentials", 403: "Forbidden",
                 404: "Not found", 405: "Method not allowed", 413: "Too large",
                 416: "The range is outside the file",
                 429: "A quota is spent", 500: "Server error", 503: "Unavailable"}


def _errors(*statuses: int) -> dict:
    return {str(s): {"description": _DESCRIPTIONS[s] + " (the detail is in the status line "
                                                       "too)",
                     "content": {"application/json": {"schema": _EXC}}} for s in statuses}


def _op(method: str, op_id: str, summary: str, ok: dict, *codes: int, body: dict | None = None,
        params: list | None = None, secured: bool = True, status: str = "200") -> dict:
    op = {"tags": ["hda"], "operationId": op_id, "summary": summary,
          "responses": {status: ok, **_errors(*codes)}}
    if secured:
        op["security"] = _SECURED
    if body is not None:
        op["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": body}}}
    if params:
        op["parameters"] = params
    return {method: op}


def paths(config: dict) -> dict:
    from opendias.config import get_settings

    base = get_settings().hda_prefix
    dataset = path_param("datasetId", {"type": "string"}, "A WEkEO dataset id")
    download = path_param("downloadId", {"type": "string"}, "A download_id of an order")
    term = path_param("termId", {"type": "string"}, "A term of GET terms")
    tokens = {"type": "object", "required": ["access_token", "refresh_token", "expires_in"]}
    credentials = {"type": "object", "required": ["username", "password"],
                   "properties": {"username": {"type": "string"},
                                  "password": {"type": "string"}}}
    file = {"description": "The file", "content": {"application/octet-stream": {
        "schema": {"type": "string", "format": "binary"}}}}
    running = json_response("The order is still being made (ask again after Retry-After)",
                            {"type": "object", "required": ["download_id", "status"]})
    downloads = {
        **_op("get", "hdaDownload", "The ordered file (Range), or 202 while it is made",
              file, 400, 401, 404, 416, 429, 500, params=[download]),
        **_op("head", "hdaDownloadReady", "200 when ready, 202 before",
              {"description": "Ready"}, 400, 401, 404, 429, 500, params=[download])}
    for method, extra in (("get", {"206": {**file, "description": "A range of the file"}}),
                          ("head", {})):
        downloads[method]["responses"].update({"202": running, **extra})
    return {
        f"{base}/gettoken": _op("post", "hdaGetToken", "Tokens for a username and password",
                                json_response("The tokens", tokens), 400, 401, 429, 500,
                                body=credentials, secured=False),
        f"{base}/refreshtoken": {"post": {
            "tags": ["hda"], "operationId": "hdaRefreshToken", "summary": "A new access token",
            "requestBody": {"required": True, "content": {
                "application/x-www-form-urlencoded": {"schema": {
                    "type": "object", "required": ["refresh_token"],
                    "properties": {"refresh_token": {"type": "string"}}}}}},
            "responses": {"200": json_response("The tokens", tokens),
                          **_errors(400, 401, 429, 500)}}},
        f"{base}/api/v1/datasets": _op("get", "hdaDatasets", "Datasets, paged",
                                       json_response("A page of datasets", _PAGE),
                                       400, 401, 429, 500),
        f"{base}/api/v1/datasets/{{datasetId}}": _op(
            "get", "hdaDataset", "A dataset, with its terms", json_response("It", _OBJECT),
            401, 404, 429, 500, params=[dataset]),
        f"{base}/api/v1/dataaccess/queryable/{{datasetId}}": _op(
            "get", "hdaQueryable", "The keys a request may carry",
            json_response("Their schemas", _OBJECT), 401, 404, 429, 500, params=[dataset]),
        f"{base}/api/v1/dataaccess/search": _op(
            "post", "hdaSearch", "The products of a data request",
            json_response("A page of products", _PAGE), 400, 401, 404, 413, 429, 500,
            body=_OBJECT),
        f"{base}/api/v1/dataaccess/download": _op(
            "post", "hdaOrder", "Order a product (a subset job)",
            json_response("Its download_id", {"type": "object", "required": ["download_id"]}),
            400, 401, 403, 404, 413, 429, 500, body=_OBJECT),
        f"{base}/api/v1/dataaccess/download/{{downloadId}}": downloads,
        f"{base}/api/v1/terms": _op("get", "hdaTerms", "The terms of use",
                                    json_response("The terms", _OBJECT), 401, 429, 500),
        f"{base}/api/v1/termsaccepted": _op("get", "hdaTermsAccepted", "The terms accepted",
                                            json_response("They", _OBJECT), 401, 429, 500),
        f"{base}/api/v1/termsaccepted/{{termId}}": {
            **_op("put", "hdaAcceptTerm", "Accept a term", json_response("It", _OBJECT),
                  400, 401, 404, 429, 500, body={"type": "object", "required": ["accepted"]},
                  params=[term]),
            **_op("delete", "hdaRevokeTerm", "Revoke a term", {"description": "Revoked"},
                  401, 404, 429, 500, params=[term], status="204")},
    }
