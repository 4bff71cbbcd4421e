"""/collections/{id}/coverage/domainset and /coverage/rangetype (opendias.web.coverage_domain,
what GDAL's OGC API driver reads), and the scaling parameters of /coverage
(opendias.params.scaling), for each coverage collection."""

from __future__ import annotations

from opendias.web.openapi.components import coverage_collections, errors, query

_JSON = {"application/json": {"schema": {"type": "object", "required": ["type"]}}}
_AXES = {"type": "string", "example": "Lon(256),Lat(128)"}
SCALING = [
    query("scale-size", _AXES, "Cells per axis (nearest neighbour); Lon/Lat: a lon/lat grid"),
    query("scaleSize", _AXES, "The same as scale-size (GDAL's spelling)"),
    query("scale-axes", {"type": "string", "example": "Lon(2),Lat(2)"},
          "A factor dividing the cells of each axis named"),
    query("scale-factor", {"type": "number", "minimum": 0, "exclusiveMinimum": True},
          "A factor dividing the cells of both horizontal axes"),
    query("width", {"type": "integer", "minimum": 1}, "Cells along x"),
    query("height", {"type": "integer", "minimum": 1}, "Cells along y"),
]


def _document(collection: str, what: str, summary: str) -> dict:
    return {"get": {
        "tags": [collection], "operationId": f"getCoverage{what.title()}.{collection}",
        "summary": summary,
        "parameters": [query("f", {"type": "string", "enum": ["json"]}, "json")],
        "responses": {"200": {"description": summary, "content": _JSON},
                      **errors(400, 401, 403, 404, 429, 500, 503)}}}


def paths(config: dict) -> dict:
    out = {}
    for c in coverage_collections(config):
        out[f"/collections/{c}/coverage/domainset"] = _document(
            c, "domainset", f"The grid of {c} in lon/lat cell edges (axes Lon, Lat)")
        out[f"/collections/{c}/coverage/rangetype"] = _document(
            c, "rangetype", f"The bands of {c}'s GeoTIFF coverage link and their data type")
    return out


def add_scaling(oas: dict, config: dict) -> None:
    """The scaling parameters on each collection's /coverage operation."""
    for c in coverage_collections(config):
        op = (oas.get("paths") or {}).get(f"/collections/{c}/coverage", {}).get("get")
        if op is None:
            continue
        names = {p.get("name") for p in op.setdefault("parameters", []) if isinstance(p, dict)}
        op["parameters"].extend(p for p in SCALING if p["name"] not in names)
