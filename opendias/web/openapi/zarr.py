"""/zarr/{collectionId}/... (opendias.web.zarr_front): a dataset as a Zarr v2 store."""

from __future__ import annotations

from opendias.web.openapi.components import errors, json_response, path_param


def paths(config: dict) -> dict:
    collection = path_param("collectionId", {"type": "string"}, "A dataset's collection id")
    return {
        "/zarr/{collectionId}/": {"get": {
            "tags": ["zarr"], "operationId": "zarrStore",
            "summary": "A dataset as a read-only Zarr v2 store: its consolidated metadata",
            "description": "`xr.open_zarr(\"<base>/zarr/<id>\")` (fsspec HTTP) reads the "
                           "consolidated metadata, then only the chunks a selection touches. "
                           "Needs what a coverage needs (the subset capability, the "
                           "dataset's licence).",
            "parameters": [collection],
            "responses": {"200": json_response("The consolidated metadata (.zmetadata)",
                                               {"type": "object"}),
                          **errors(401, 403, 404, 429, 500, 503)}}},
        "/zarr/{collectionId}/{key}": {"get": {
            "tags": ["zarr"], "operationId": "zarrKey",
            "summary": "One key of the store: .zmetadata, .zgroup, .zattrs, "
                       "<variable>/.zarray, <variable>/.zattrs or a chunk <variable>/<i.j.k>",
            "parameters": [collection, path_param("key", {"type": "string"},
                                                  "A key of the Zarr v2 store")],
            "responses": {
                "200": {"description": "The key's metadata (JSON) or chunk (compressed bytes)",
                        "content": {"application/json": {"schema": {"type": "object"}},
                                    "application/octet-stream": {
                                        "schema": {"type": "string", "format": "binary"}}}},
                **errors(401, 403, 404, 429, 500, 503)}}},
    }
