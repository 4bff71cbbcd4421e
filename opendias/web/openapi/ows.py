"""/wms (opendias.web.wms) and /wps (PyWPS, opendias.web.wps): key-value requests whose
errors are XML exception reports (HTTP 400 for a client's mistake, 503 for a dataset not
available, 500 saying only the request id)."""

from __future__ import annotations

from opendias.web.openapi.components import map_layers, ows_errors, query
from opendias.web.wms.handlers import CAPABILITIES_FORMATS, INFO_FORMATS
from opendias.web.wms.parameters import MAX_SIZE, WMS_VERSIONS

WMS_REQUESTS = ["GetCapabilities", "GetMap", "GetFeatureInfo", "GetLegendGraphic"]
WMS_200 = ["image/png", "image/jpeg", "text/xml", "application/vnd.ogc.wms_xml",
           *INFO_FORMATS]
_STRING = {"type": "string"}


def _wms_parameters(layers: list[str]) -> list[dict]:
    layer = {"type": "string", "enum": layers} if layers else _STRING
    size = {"type": "integer", "minimum": 1, "maximum": MAX_SIZE}
    pixel = {"type": "integer", "minimum": 0, "maximum": MAX_SIZE - 1}
    return [
        query("SERVICE", {"type": "string", "enum": ["WMS"]}, "WMS (may be left out)"),
        query("REQUEST", {"type": "string", "enum": WMS_REQUESTS}, "The operation",
              required=True),
        query("VERSION", {"type": "string", "enum": list(WMS_VERSIONS)},
              "1.3.0 (the default) or 1.1.1; any other is a 400 InvalidParameterValue"),
        query("LAYERS", layer, "GetMap, GetFeatureInfo: one layer, `{dataset}/{variable}`"),
        query("QUERY_LAYERS", layer, "GetFeatureInfo: the layer queried"),
        query("LAYER", layer, "GetLegendGraphic: the layer"),
        query("STYLES", _STRING, "A style of the layer (see GetCapabilities); empty: "
                                 "its default"),
        query("CRS", {"type": "string", "example": "CRS:84"},
              "1.3.0: the map's CRS (CRS:84, EPSG:4326, EPSG:3857...)"),
        query("SRS", {"type": "string", "example": "EPSG:4326"}, "1.1.1: the map's CRS"),
        query("BBOX", {"type": "string", "example": "5,38,10,42"},
              "minx,miny,maxx,maxy in the CRS's axis order (1.3.0)"),
        query("WIDTH", size, "Map width in pixels"),
        query("HEIGHT", size, "Map height in pixels"),
        query("FORMAT", {"type": "string", "example": "image/png"},
              "GetMap: image/png or image/jpeg; GetLegendGraphic: image/png; "
              f"GetCapabilities: {', '.join(CAPABILITIES_FORMATS)}; others are a 400 "
              "InvalidFormat naming the allowed ones"),
        query("INFO_FORMAT", {"type": "string", "enum": list(INFO_FORMATS)},
              "GetFeatureInfo: the answer's format"),
        query("I", pixel, "GetFeatureInfo (1.3.0): pixel column"),
        query("J", pixel, "GetFeatureInfo (1.3.0): pixel row"),
        query("X", pixel, "GetFeatureInfo (1.1.1): pixel column"),
        query("Y", pixel, "GetFeatureInfo (1.1.1): pixel row"),
        query("TRANSPARENT", {"type": "string", "enum": ["TRUE", "FALSE"]},
              "Missing values transparent (PNG; default TRUE)"),
        query("BGCOLOR", {"type": "string", "pattern": "^0x[0-9A-Fa-f]{6}$"},
              "Colour of missing values when not transparent"),
        query("TIME", {"type": "string", "example": "2016-03-01"},
              "A time of the layer's time dimension (ISO 8601)"),
        query("ELEVATION", {"type": "string"}, "A level of the layer's vertical dimension"),
        query("COLORSCALERANGE", {"type": "string", "example": "280,300"},
              "min,max of the colour scale"),
    ]


def _wms(config: dict) -> dict:
    return {"get": {
        "tags": ["wms"], "operationId": "wms", "summary": "OGC WMS 1.3.0 / 1.1.1",
        "description": "GetCapabilities, GetMap, GetFeatureInfo and GetLegendGraphic; "
                       "parameter names are case-insensitive.",
        "parameters": _wms_parameters(map_layers(config)),
        "responses": {
            "200": {"description": "The map or legend (PNG/JPEG), the capabilities (XML) "
                                   "or the feature info (INFO_FORMAT)",
                    "content": {m: {"schema": {"type": "string"}} for m in WMS_200}},
            **ows_errors(400, 401, 403, 429, 500, 503)}}}


_WPS_200 = {"description": "Capabilities, process descriptions or the Execute response "
                           "document (XML); with RawDataOutput, the output itself",
            "content": {"text/xml": {"schema": {"type": "string"}},
                        "*/*": {"schema": {"type": "string", "format": "binary"}}}}


def _wps(config: dict) -> dict:
    params = [
        query("service", {"type": "string", "enum": ["WPS"]}, "WPS", required=True),
        query("request", {"type": "string",
                          "enum": ["GetCapabilities", "DescribeProcess", "Execute"]},
              "The operation", required=True),
        query("version", {"type": "string", "enum": ["1.0.0"]},
              "1.0.0 (DescribeProcess, Execute)"),
        query("identifier", {"type": "string", "example": "subset"},
              "DescribeProcess: process identifiers (comma separated, or `all`); Execute: "
              "the process"),
        query("datainputs", _STRING, "Execute: name=value;name=value (WPS 1.0.0 KVP)"),
        query("storeExecuteResponse", {"type": "boolean"}, "Execute asynchronously"),
        query("status", {"type": "boolean"}, "Update the stored status document"),
        query("lineage", {"type": "boolean"}, "Repeat the inputs in the response"),
        query("responsedocument", _STRING, "Outputs in the response document"),
        query("rawdataoutput", _STRING, "Answer one output itself"),
        query("language", _STRING, "Language of the answer"),
    ]
    errors = ows_errors(400, 401, 403, 429, 500, 503)
    return {
        "get": {"tags": ["wps"], "operationId": "wpsGet", "summary": "OGC WPS 1.0.0 (KVP)",
                "parameters": params, "responses": {"200": _WPS_200, **errors}},
        "post": {"tags": ["wps"], "operationId": "wpsPost",
                 "summary": "OGC WPS 1.0.0 (XML request: Execute, DescribeProcess...)",
                 "requestBody": {"required": True, "content": {
                     "text/xml": {"schema": {"type": "string"}}}},
                 "responses": {"200": _WPS_200, **errors}},
    }


def paths(config: dict) -> dict:
    return {"/wms": _wms(config), "/wps": _wps(config)}
