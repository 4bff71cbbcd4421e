"""/collections/{id}/map (opendias.web.maps, OGC API - Maps) for each coverage collection, and
/jobs/{jobId}/results/map (opendias.web.result_maps): the same parameters and answers."""

from __future__ import annotations

from opendias.web.maps import MAP_FORMATS
from opendias.web.openapi.components import coverage_collections, errors, path_param, query
from opendias.web.wms.parameters import MAX_SIZE

_STRING = {"type": "string"}


def _map(collection: str | None) -> dict:
    """collection None: the map of a job's result."""
    size = {"type": "integer", "minimum": 1, "maximum": MAX_SIZE}
    job = [path_param("jobId", _STRING, "A successful job with a NetCDF result")]
    return {"get": {
        "tags": ["maps"], "operationId": f"getMap.{collection}" if collection else "getResultMap",
        "summary": (f"A map of {collection} (the WMS GetMap picture)" if collection
                    else "A map of a job's gridded (NetCDF) result"),
        "parameters": ([] if collection else job) + [
            query("bbox", {"type": "string", "example": "5,38,10,42"},
                  "minx,miny,maxx,maxy in bbox-crs (default: the dataset's extent)"),
            query("bbox-crs", _STRING, "CRS of bbox (default: crs)"),
            query("crs", {"type": "string", "example": "CRS:84"}, "The map's CRS"),
            query("subset", {"type": "array", "items": _STRING}, "lon(a:b), lat(a:b), "
                  "time(\"t\"), elevation(z)", style="form", explode=True),
            query("datetime", _STRING, "The time step shown (a range: its last step)"),
            query("width", size, "Width in pixels (default 1024)"),
            query("height", size, "Height in pixels (default: keeps the bbox's aspect)"),
            query("f", {"type": "string", "enum": sorted(MAP_FORMATS)}, "png (default) or "
                                                                       "jpeg"),
            query("properties", _STRING, "The variable shown (default: the first)"),
            query("style", _STRING, "A style of the variable"),
            query("colorscalerange", {"type": "string", "example": "280,300"},
                  "min,max of the colour scale"),
            query("transparent", {"type": "string", "enum": ["true", "false"]},
                  "Missing values transparent (PNG; default true)"),
            query("bgcolor", {"type": "string", "pattern": "^0x[0-9A-Fa-f]{6}$"},
                  "Colour of missing values when not transparent"),
        ],
        "responses": {
            "200": {"description": "The map", "content": {
                m: {"schema": {"type": "string", "format": "binary"}}
                for m in ("image/png", "image/jpeg")}},
            **errors(400, 401, 403, 404, 429, 500, 503)}}}


def paths(config: dict) -> dict:
    return {**{f"/collections/{c}/map": _map(c) for c in coverage_collections(config)},
            "/jobs/{jobId}/results/map": _map(None)}
