"""WMS 1.3.0 (and 1.1.1) at `/wms`, and OGC API - Maps at `/collections/{id}/map`.

A thin front over `opendias.operations.render`: it parses and checks parameters, finds the
layer (`{dataset id}/{variable}`, one per published variable, grouped by dataset), and hands
the rest to the renderer. Rendered pictures are kept in a per-process LRU keyed by the
normalised request, so panning back and forth and repeated tiles cost nothing.

Every client mistake is answered with HTTP 400 and a WMS ServiceExceptionReport carrying the
standard code (LayerNotDefined, StyleNotDefined, InvalidCRS, InvalidDimensionValue,
MissingDimensionValue, InvalidFormat, InvalidPoint, InvalidParameterValue,
MissingParameterValue, OperationNotSupported); the Maps API answers OGC exception JSON.

Missing values are transparent in PNG maps unless the request says TRANSPARENT=FALSE (then
they take BGCOLOR), a deliberate default for a data service whose layers are overlays.
"""

from __future__ import annotations

import html
import json
import logging
import math
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pyproj
from flask import Flask, Response, request

from opendias.catalogue import load_catalogue
from opendias.config import get_settings
from opendias.datacube import Cube, open_cube
from opendias.errors import (
    DatasetUnavailable, InvalidParameter, NotFound, OpendiasError,
)
from opendias.operations import render
from opendias.web.errors import install_error_handlers

LOGGER = logging.getLogger(__name__)

MAX_SIZE = 4096
INFO_FORMATS = ("application/json", "text/plain", "text/html")
WMS_NS = "http://www.opengis.net/wms"
XLINK_NS = "http://www.w3.org/1999/xlink"


class WmsError(OpendiasError):
    """A WMS exception with its own code (status 400 unless said otherwise)."""

    def __init__(self, code: str, detail: str, *, locator: str | None = None,
                 status: int = 400):
        super().__init__(detail, parameter=locator)
        self.code = code
        self.status = status


# --------------------------------------------------------------------------- layers
@dataclass
class Layer:
    name: str
    cube: Cube
    variable: str


def find_layer(name: str | None, locator: str = "LAYERS") -> Layer:
    if not name:
        raise WmsError("MissingParameterValue", f"{locator} is required", locator=locator)
    dataset, _, variable = name.strip().partition("/")
    try:
        entry = load_catalogue().get(dataset)
    except NotFound:
        raise WmsError("LayerNotDefined", f"layer {name!r} is not defined (layers are "
                       "named dataset/variable; see GetCapabilities)", locator=locator) from None
    cube = open_cube(entry)
    if not variable and len(cube.variables) == 1:
        variable = cube.variables[0]
    if variable not in cube.variables:
        raise WmsError("LayerNotDefined", f"layer {name!r} is not defined; dataset "
                       f"{dataset!r} has layers "
                       f"{', '.join(f'{dataset}/{v}' for v in cube.variables)}",
                       locator=locator)
    return Layer(f"{dataset}/{variable}", cube, variable)


def variable_info(cube: Cube, variable: str) -> dict:
    """The variable's description with text values (attributes may be numbers)."""
    info = cube.variable_info(variable)
    return {k: (v if isinstance(v, list) else str(v if v is not None else ""))
            for k, v in info.items()}


# --------------------------------------------------------------------------- parameters
def _params() -> dict[str, str]:
    return {k.upper(): v for k, v in request.args.items()}


def _version(params) -> str:
    v = params.get("VERSION") or params.get("WMTVER") or "1.3.0"
    return "1.1.1" if v.strip().startswith("1.1") else "1.3.0"


def _int(params, key: str, lo: int = 1, hi: int = MAX_SIZE) -> int:
    text = params.get(key)
    if text is None or not text.strip():
        raise WmsError("MissingParameterValue", f"{key} is required", locator=key)
    try:
        value = int(text)
    except ValueError:
        raise WmsError("InvalidParameterValue", f"{key} must be an integer, got {text!r}",
                       locator=key) from None
    if not lo <= value <= hi:
        raise WmsError("InvalidParameterValue", f"{key} must be between {lo} and {hi}, got "
                       f"{value}", locator=key)
    return value


def _bbox(params, crs: pyproj.CRS, version: str) -> tuple[float, float, float, float]:
    text = params.get("BBOX")
    if not text:
        raise WmsError("MissingParameterValue", "BBOX is required", locator="BBOX")
    try:
        values = [float(v) for v in text.split(",")]
    except ValueError:
        values = []
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise WmsError("InvalidParameterValue", f"BBOX {text!r} must be four numbers "
                       "minx,miny,maxx,maxy", locator="BBOX")
    if version == "1.3.0" and render.northing_first(crs):
        values = [values[1], values[0], values[3], values[2]]
    minx, miny, maxx, maxy = values
    if crs.is_geographic and minx > maxx:  # across the antimeridian, written east-west
        maxx += 360.0
    if minx >= maxx or miny >= maxy:
        raise WmsError("InvalidParameterValue", f"BBOX {text!r}: the minimum must be below "
                       "the maximum on both axes", locator="BBOX")
    return minx, miny, maxx, maxy


def _crs(params, version: str, layer: Layer):
    key = "SRS" if version == "1.1.1" else "CRS"
    name = params.get(key) or params.get("CRS" if key == "SRS" else "SRS")
    if not name:
        raise WmsError("MissingParameterValue", f"{key} is required", locator=key)
    try:
        return render.parse_crs(name, layer.cube)
    except render.InvalidCRS as err:
        raise WmsError("InvalidSRS" if version == "1.1.1" else "InvalidCRS", err.detail,
                       locator=key) from None


def _format(params, key: str, allowed, default: str | None = None) -> str:
    fmt = (params.get(key) or default or "").strip().lower()
    if not fmt:
        raise WmsError("MissingParameterValue", f"{key} is required", locator=key)
    base = fmt.split(";")[0].strip()
    if base in ("image/png8", "image/png24", "image/png32", "png"):
        base = "image/png"
    if base in ("image/jpg", "jpeg", "jpg"):
        base = "image/jpeg"
    if base in ("json", "text/json"):
        base = "application/json"
    if base not in allowed:
        raise WmsError("InvalidFormat", f"{key} {params.get(key)!r} is not offered; use one "
                       f"of {', '.join(allowed)}", locator=key)
    return base


def _bool(params, key: str, default: bool) -> bool:
    text = params.get(key)
    if text is None or not text.strip():
        return default
    if text.strip().upper() in ("TRUE", "1", "YES"):
        return True
    if text.strip().upper() in ("FALSE", "0", "NO"):
        return False
    raise WmsError("InvalidParameterValue", f"{key} must be TRUE or FALSE", locator=key)


def _dimensions(params, layer: Layer):
    t_index, t_value = render.select_time(layer.cube, params.get("TIME"))
    z_index, z_value = render.select_elevation(layer.cube, params.get("ELEVATION"))
    return t_index, t_value, z_index, z_value


def _single_layer(params, key: str) -> str:
    names = [n for n in (params.get(key) or "").split(",") if n.strip()]
    if not names:
        raise WmsError("MissingParameterValue", f"{key} is required", locator=key)
    if len(names) > 1:
        raise WmsError("InvalidParameterValue", f"one layer per request, please ({key} has "
                       f"{len(names)}); ask for each layer separately", locator=key)
    return names[0]


# --------------------------------------------------------------------------- pictures
_PICTURES = render.PictureCache()


def _picture_headers(t_value, z_value, colour_range, style_name) -> dict:
    headers = {"X-Opendias-Colorscalerange": ",".join(render.format_number(v)
                                                      for v in colour_range),
               "X-Opendias-Style": style_name}
    if t_value is not None:
        headers["X-Opendias-Time"] = render.iso_time(t_value)
    if z_value is not None:
        headers["X-Opendias-Elevation"] = render.format_number(z_value)
    return headers


def picture(layer: Layer, crs_key: str, crs, bbox, width: int, height: int, *, style,
            colour_range, fmt: str, t_index, z_index, transparent: bool, bgcolor) -> bytes:
    """A rendered map, from the picture cache when the same request was seen before."""
    key = (layer.name, id(layer.cube.ds), crs_key, tuple(round(v, 9) for v in bbox), width,
           height, style.name, colour_range, fmt, t_index, z_index, transparent, bgcolor)
    body = _PICTURES.get(key)
    if body is None:
        body = render.render_map(layer.cube, layer.variable, crs, bbox, width, height,
                                 style=style, colour_range=colour_range, fmt=fmt,
                                 t_index=t_index, z_index=z_index, transparent=transparent,
                                 bgcolor=bgcolor)
        _PICTURES.put(key, body, len(body) + 200)
    return body


def get_map(params, version: str) -> Response:
    layer = find_layer(_single_layer(params, "LAYERS"))
    style_names = [s for s in (params.get("STYLES") or "").split(",")]
    style = render.select_style(layer.cube, layer.variable, style_names[0] if style_names
                                else None)
    crs_key, crs = _crs(params, version, layer)
    bbox = _bbox(params, crs, version)
    width, height = _int(params, "WIDTH"), _int(params, "HEIGHT")
    fmt = _format(params, "FORMAT", render.IMAGE_FORMATS, default="image/png")
    t_index, t_value, z_index, z_value = _dimensions(params, layer)
    colour_range = render.parse_range(params.get("COLORSCALERANGE"), layer.cube,
                                      layer.variable, style)
    transparent = _bool(params, "TRANSPARENT", True)
    bgcolor = render.parse_colour(params.get("BGCOLOR"))
    body = picture(layer, crs_key, crs, bbox, width, height, style=style,
                   colour_range=colour_range, fmt=fmt, t_index=t_index, z_index=z_index,
                   transparent=transparent and fmt == "image/png", bgcolor=bgcolor)
    resp = Response(body, mimetype=fmt)
    resp.headers.update(_picture_headers(t_value, z_value, colour_range, style.name))
    resp.headers["Cache-Control"] = "public, max-age=3600"
    return resp


def get_feature_info(params, version: str) -> Response:
    layer = find_layer(_single_layer(params, "QUERY_LAYERS"), "QUERY_LAYERS")
    crs_key, crs = _crs(params, version, layer)
    bbox = _bbox(params, crs, version)
    width, height = _int(params, "WIDTH"), _int(params, "HEIGHT")
    ikey, jkey = ("X", "Y") if version == "1.1.1" else ("I", "J")
    if ikey not in params and jkey not in params and version == "1.3.0" and "X" in params:
        ikey, jkey = "X", "Y"  # lenient: 1.1.1 names in a 1.3.0 request
    i = _int(params, ikey, lo=-10 ** 9, hi=10 ** 9)
    j = _int(params, jkey, lo=-10 ** 9, hi=10 ** 9)
    if not (0 <= i < width and 0 <= j < height):
        raise WmsError("InvalidPoint", f"pixel {ikey}={i}, {jkey}={j} is outside the "
                       f"{width}x{height} map", locator=ikey)
    fmt = _format(params, "INFO_FORMAT", INFO_FORMATS, default="text/plain")
    t_index, t_value, z_index, z_value = _dimensions(params, layer)
    found = render.value_at(layer.cube, layer.variable, crs, bbox, width, height, i, j,
                            t_index, z_index)
    info = variable_info(layer.cube, layer.variable)
    props = {
        "layer": layer.name, "dataset": layer.cube.id, "variable": layer.variable,
        "long_name": info["title"], "value": found["value"], "units": info["units"],
        "time": render.iso_time(t_value) if t_value is not None else None,
        "elevation": z_value,
        "elevation_units": render.elevation_units(layer.cube) if z_value is not None else None,
        "crs": crs_key, "x": found["x"], "y": found["y"], "lon": found["lon"],
        "lat": found["lat"], "grid_cell": found["cell"],
    }
    headers = _picture_headers(t_value, z_value, (), "")
    headers.pop("X-Opendias-Colorscalerange")
    headers.pop("X-Opendias-Style")
    if fmt == "application/json":
        body = json.dumps({"type": "FeatureCollection", "features": [{
            "type": "Feature", "id": layer.name,
            "geometry": {"type": "Point", "coordinates": [found["lon"], found["lat"]]},
            "properties": props}]})
    elif fmt == "text/plain":
        lines = [f"layer: {layer.name}", f"variable: {layer.variable} ({info['title']})",
                 "value: " + ("none (no data here)" if found["value"] is None else
                              f"{render.format_number(found['value'])} {info['units']}".strip())]
        if props["time"]:
            lines.append(f"time: {props['time']}")
        if z_value is not None:
            lines.append(f"elevation: {render.format_number(z_value)} "
                         f"{props['elevation_units']}".rstrip())
        lines.append(f"lon: {found['lon']:.5f}")
        lines.append(f"lat: {found['lat']:.5f}")
        body = "\n".join(lines) + "\n"
    else:
        shown = {k: (render.format_number(v) if isinstance(v, float) else v)
                 for k, v in props.items() if v is not None and k != "grid_cell"}
        rows = "".join(f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(str(v))}</td></tr>"
                       for k, v in shown.items())
        body = (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>"
                f"{html.escape(layer.name)}</title></head><body><table>{rows}</table>"
                f"</body></html>")
    resp = Response(body, mimetype=fmt)
    resp.headers.update(headers)
    return resp


def get_legend_graphic(params, version: str) -> Response:
    layer = find_layer(params.get("LAYER") or params.get("LAYERS"), "LAYER")
    style = render.select_style(layer.cube, layer.variable,
                                params.get("STYLE") or params.get("STYLES"))
    _format(params, "FORMAT", ("image/png",), default="image/png")
    colour_range = render.parse_range(params.get("COLORSCALERANGE"), layer.cube,
                                      layer.variable, style)
    width = _int(params, "WIDTH", 40, 1024) if params.get("WIDTH") else 110
    height = _int(params, "HEIGHT", 60, 2048) if params.get("HEIGHT") else 264
    info = variable_info(layer.cube, layer.variable)
    body = render.legend_png(style, *colour_range, units=info["units"], width=width,
                             height=height)
    resp = Response(body, mimetype="image/png")
    resp.headers.update(_picture_headers(None, None, colour_range, style.name))
    resp.headers["Cache-Control"] = "public, max-age=3600"
    return resp


# --------------------------------------------------------------------------- capabilities
_CAPS: dict = {}
_CAPS_LOCK = threading.Lock()


def _sub(parent, tag, text=None, **attrs):
    el = ET.SubElement(parent, tag, {k.replace("__", ":"): str(v) for k, v in attrs.items()})
    if text is not None:
        el.text = str(text)
    return el


def _num(v: float) -> str:
    return repr(round(float(v), 6))


def _online(parent, href: str):
    return _sub(parent, "OnlineResource", xmlns__xlink=XLINK_NS, xlink__type="simple",
                xlink__href=href)


def _dcp(parent, href: str):
    http = _sub(_sub(parent, "DCPType"), "HTTP")
    _online(_sub(http, "Get"), href)


def _layer_bboxes(el, cube: Cube, version: str):
    west, south, east, north = render.bbox_in_crs(cube, pyproj.CRS.from_user_input("OGC:CRS84"))
    if version == "1.3.0":
        geo = _sub(el, "EX_GeographicBoundingBox")
        for tag, v in (("westBoundLongitude", west), ("eastBoundLongitude", east),
                       ("southBoundLatitude", south), ("northBoundLatitude", north)):
            _sub(geo, tag, _num(v))
    else:
        _sub(el, "LatLonBoundingBox", minx=_num(west), miny=_num(south), maxx=_num(east),
             maxy=_num(north))
    key = "CRS" if version == "1.3.0" else "SRS"
    for name in render.layer_crs_names(cube):
        if version == "1.1.1" and name == "CRS:84":
            continue
        _, crs = render.parse_crs(name, cube)
        b = render.bbox_in_crs(cube, crs)
        if not all(math.isfinite(v) for v in b):
            continue
        if version == "1.3.0" and render.northing_first(crs):
            b = (b[1], b[0], b[3], b[2])
        _sub(el, "BoundingBox", **{key: name}, minx=_num(b[0]), miny=_num(b[1]),
             maxx=_num(b[2]), maxy=_num(b[3]))


def _dimension_elements(el, cube: Cube, version: str):
    dims = []
    times = render.time_values(cube)
    if times:
        dims.append(("time", "ISO8601", None, render.iso_time(render.default_time(cube)),
                     times))
    levels = render.elevation_values(cube)
    if levels is not None:
        units = render.elevation_units(cube)
        dims.append(("elevation", units or "m", units or "m", render.format_number(levels[0]),
                     ",".join(render.format_number(v) for v in levels)))
    for name, units, symbol, default, values in dims:
        if version == "1.3.0":
            attrs = {"name": name, "units": units, "default": default, "nearestValue": "1"}
            if symbol:
                attrs["unitSymbol"] = symbol
            _sub(el, "Dimension", values, **attrs)
        else:
            _sub(el, "Dimension", name=name, units=units)
    if version == "1.1.1":
        for name, units, symbol, default, values in dims:
            _sub(el, "Extent", values, name=name, default=default, nearestValue="1")


def _variable_layer(parent, entry, cube: Cube, variable: str, version: str, url: str):
    info = variable_info(cube, variable)
    el = _sub(parent, "Layer", queryable="1", opaque="0")
    name = f"{entry.id}/{variable}"
    _sub(el, "Name", name)
    title = info["title"] if info["title"] != variable else variable
    _sub(el, "Title", f"{title} ({variable}{', ' + info['units'] if info['units'] else ''})")
    _sub(el, "Abstract", f"{info['title']} [{info['units'] or 'no units'}] of "
                         f"{entry.title}. {entry.abstract}")
    kw = _sub(el, "KeywordList")
    for word in [variable, info["standard_name"], entry.service, *entry.tags]:
        if word:
            _sub(kw, "Keyword", word)
    _layer_bboxes(el, cube, version)
    _dimension_elements(el, cube, version)
    for style in render.layer_styles(cube, variable):
        st = _sub(el, "Style")
        _sub(st, "Name", style.name)
        _sub(st, "Title", style.title)
        lo, hi = render.style_range(cube, variable, style)
        _sub(st, "Abstract", f"{style.title}; default colour range {render.format_number(lo)}"
                             f" to {render.format_number(hi)} {info['units']}".rstrip())
        legend = _sub(st, "LegendURL", width="110", height="264")
        _sub(legend, "Format", "image/png")
        _online(legend, f"{url}?SERVICE=WMS&REQUEST=GetLegendGraphic&VERSION={version}"
                        f"&FORMAT=image/png&LAYER={name}&STYLE={style.name}")


def capabilities(version: str) -> bytes:
    """The capabilities document (cached per process until a dataset or the catalogue
    changes)."""
    settings = get_settings()
    url = settings.base_url + "/wms"
    catalogue = load_catalogue()
    cubes = []
    for entry in catalogue:
        try:
            cubes.append((entry, open_cube(entry)))
        except OpendiasError as err:
            LOGGER.warning("WMS: dataset %s left out of the capabilities: %s", entry.id,
                           err.detail)
    key = (version, url, id(catalogue), tuple(id(c.ds) for _, c in cubes))
    cached = _CAPS.get(key)
    if cached is not None:
        return cached
    with _CAPS_LOCK:
        if key in _CAPS:
            return _CAPS[key]
        body = _build_capabilities(version, url, cubes)
        _CAPS.clear()
        _CAPS[key] = body
        return body


def _build_capabilities(version: str, url: str, cubes) -> bytes:
    if version == "1.3.0":
        root = ET.Element("WMS_Capabilities", {
            "version": "1.3.0", "xmlns": WMS_NS, "xmlns:xlink": XLINK_NS,
            "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
            "xsi:schemaLocation": f"{WMS_NS} http://schemas.opengis.net/wms/1.3.0/"
                                  "capabilities_1_3_0.xsd"})
    else:
        root = ET.Element("WMT_MS_Capabilities", {"version": "1.1.1"})
    service = _sub(root, "Service")
    _sub(service, "Name", "WMS" if version == "1.3.0" else "OGC:WMS")
    _sub(service, "Title", "opendias map layers")
    _sub(service, "Abstract", "Copernicus datasets served by opendias: one layer per dataset "
                              "variable, with time and depth dimensions.")
    kw = _sub(service, "KeywordList")
    for word in ("Copernicus", "opendias", "WMS"):
        _sub(kw, "Keyword", word)
    if version == "1.3.0":
        _sub(service, "OnlineResource", xlink__type="simple", xlink__href=url)
    else:
        _online(service, url)
    _sub(service, "Fees", "none")
    _sub(service, "AccessConstraints", "none")
    if version == "1.3.0":
        _sub(service, "LayerLimit", "1")
        _sub(service, "MaxWidth", str(MAX_SIZE))
        _sub(service, "MaxHeight", str(MAX_SIZE))
    cap = _sub(root, "Capability")
    req = _sub(cap, "Request")
    href = url + "?"
    ops = [("GetCapabilities", ["text/xml"] if version == "1.3.0"
            else ["application/vnd.ogc.wms_xml"]),
           ("GetMap", list(render.IMAGE_FORMATS)),
           ("GetFeatureInfo", list(INFO_FORMATS))]
    if version == "1.1.1":
        ops.append(("GetLegendGraphic", ["image/png"]))
    for op, formats in ops:
        el = _sub(req, op)
        for f in formats:
            _sub(el, "Format", f)
        if version == "1.3.0":
            http = _sub(_sub(el, "DCPType"), "HTTP")
            _sub(_sub(http, "Get"), "OnlineResource", xlink__type="simple", xlink__href=href)
        else:
            _dcp(el, href)
    exc = _sub(cap, "Exception")
    _sub(exc, "Format", "XML" if version == "1.3.0" else "application/vnd.ogc.se_xml")

    top = _sub(cap, "Layer")
    _sub(top, "Title", "opendias map layers")
    _sub(top, "Abstract", "Copernicus datasets, one group per dataset.")
    key = "CRS" if version == "1.3.0" else "SRS"
    for name in render.MAP_CRS:
        if version == "1.1.1" and name == "CRS:84":
            continue
        _sub(top, key, name)
    if version == "1.3.0":
        geo = _sub(top, "EX_GeographicBoundingBox")
        for tag, v in (("westBoundLongitude", -180), ("eastBoundLongitude", 180),
                       ("southBoundLatitude", -90), ("northBoundLatitude", 90)):
            _sub(geo, tag, v)
    else:
        _sub(top, "LatLonBoundingBox", minx="-180", miny="-90", maxx="180", maxy="90")
    for entry, cube in cubes:
        try:
            group = ET.Element("Layer")
            _sub(group, "Title", entry.title)
            _sub(group, "Abstract", entry.abstract)
            gkw = _sub(group, "KeywordList")
            for word in (entry.service, entry.dataset_id, *entry.tags):
                _sub(gkw, "Keyword", word)
            native = render.crs_identifier(cube.crs)
            if native not in render.MAP_CRS:
                _sub(group, key, native)
            _layer_bboxes(group, cube, version)
            for variable in cube.variables:
                _variable_layer(group, entry, cube, variable, version, url)
            top.append(group)
        except OpendiasError as err:
            LOGGER.warning("WMS: dataset %s left out of the capabilities: %s", entry.id,
                           err.detail)
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")


def get_capabilities(params, version: str) -> Response:
    mime = "text/xml" if version == "1.3.0" else "application/vnd.ogc.wms_xml"
    fmt = (params.get("FORMAT") or "").lower()
    if fmt and fmt not in ("text/xml", "application/xml", "application/vnd.ogc.wms_xml"):
        raise WmsError("InvalidFormat", f"capabilities are offered as text/xml, not {fmt!r}",
                       locator="FORMAT")
    resp = Response(capabilities(version), mimetype=mime)
    resp.headers["Cache-Control"] = "public, max-age=60"
    return resp


# --------------------------------------------------------------------------- WSGI
def exception_report(code: str, detail: str, version: str, locator: str | None = None,
                     status: int = 400) -> Response:
    attrs = {"code": code}
    if locator:
        attrs["locator"] = locator
    if version == "1.3.0":
        root = ET.Element("ServiceExceptionReport", {
            "version": "1.3.0", "xmlns": "http://www.opengis.net/ogc",
            "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
            "xsi:schemaLocation": "http://www.opengis.net/ogc http://schemas.opengis.net/wms/"
                                  "1.3.0/exceptions_1_3_0.xsd"})
        mime = "text/xml"
    else:
        root = ET.Element("ServiceExceptionReport", {"version": "1.1.1"})
        mime = "application/vnd.ogc.se_xml"
    _sub(root, "ServiceException", detail, **attrs)
    body = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")
    return Response(body, status=status, mimetype=mime)


_OPERATIONS = {
    "getcapabilities": get_capabilities,
    "capabilities": get_capabilities,
    "getmap": get_map,
    "map": get_map,
    "getfeatureinfo": get_feature_info,
    "getlegendgraphic": get_legend_graphic,
}
# core errors -> WMS exception codes
_CODES = {
    "InvalidParameterValue": "InvalidParameterValue",
    "MissingParameterValue": "MissingParameterValue",
    "NotFound": "LayerNotDefined",
}

app = Flask(__name__)


@app.route("/wms", methods=["GET", "HEAD"])
@app.route("/wms/", methods=["GET", "HEAD"])
def wms():
    params = _params()
    version = _version(params)
    try:
        service = params.get("SERVICE")
        if service and service.strip().upper() != "WMS":
            raise WmsError("InvalidParameterValue", f"SERVICE must be WMS, not {service!r}",
                           locator="SERVICE")
        op = (params.get("REQUEST") or "").strip()
        if not op:
            raise WmsError("MissingParameterValue", "REQUEST is required (GetCapabilities, "
                           "GetMap, GetFeatureInfo or GetLegendGraphic)", locator="REQUEST")
        handler = _OPERATIONS.get(op.lower())
        if handler is None:
            raise WmsError("OperationNotSupported", f"REQUEST {op!r} is not supported; use "
                           "GetCapabilities, GetMap, GetFeatureInfo or GetLegendGraphic",
                           locator="REQUEST")
        resp = handler(params, version)
    except WmsError as err:
        return exception_report(err.code, err.detail, version, err.parameter, err.status)
    except DatasetUnavailable as err:
        return exception_report("NoApplicableCode", err.detail, version, None, 503)
    except OpendiasError as err:
        code = _CODES.get(err.code, err.code)
        if version == "1.1.1" and code == "InvalidCRS":
            code = "InvalidSRS"
        status = err.status if 400 <= err.status < 500 else 400
        return exception_report(code, err.detail, version, err.parameter, status)
    except Exception as err:  # our failure: say so, without a traceback
        LOGGER.exception("WMS request failed: %s", request.query_string)
        return exception_report("NoApplicableCode", f"the server failed to answer: "
                                f"{type(err).__name__}", version, None, 500)
    resp.headers["Access-Control-Allow-Origin"] = "*"
    return resp


# --------------------------------------------------------------------------- OGC API - Maps
maps_app = Flask(__name__ + ".maps")
install_error_handlers(maps_app)

_MAP_FORMATS = {"png": "image/png", "image/png": "image/png", "jpeg": "image/jpeg",
                "jpg": "image/jpeg", "image/jpeg": "image/jpeg"}


def _maps_subsets(values: list[str]) -> dict[str, str]:
    """subset=elevation(10)&subset=time("2016-03-02") -> {'elevation': '10', ...}."""
    out = {}
    for text in values:
        for part in _split_top(text):
            name, _, rest = part.partition("(")
            if not rest.endswith(")"):
                raise InvalidParameter(f"subset {part!r} must be axis(value)",
                                       parameter="subset")
            out[name.strip().lower()] = rest[:-1].strip().strip('"')
    return out


def _split_top(text: str) -> list[str]:
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    if cur.strip():
        parts.append(cur)
    return [p.strip() for p in parts]


@maps_app.route("/collections/<collection_id>/map", methods=["GET", "HEAD"])
@maps_app.route("/collections/<collection_id>/map/", methods=["GET", "HEAD"])
def collection_map(collection_id: str):
    args = request.args
    entry = load_catalogue().get(collection_id)
    cube = open_cube(entry)
    props = [p for p in (args.get("properties") or "").split(",") if p.strip()]
    if len(props) > 1:
        raise InvalidParameter("a map shows one property (variable) at a time",
                               parameter="properties")
    variable = props[0].strip() if props else cube.variables[0]
    if variable not in cube.variables:
        raise InvalidParameter(f"property {variable!r} is not in {collection_id!r}; choose "
                               f"one of {', '.join(cube.variables)}", parameter="properties")
    style = render.select_style(cube, variable, args.get("style") or args.get("styles"))
    crs_key, crs = render.parse_crs(args.get("crs") or "CRS:84", cube)
    subsets = _maps_subsets(args.getlist("subset"))
    bbox_crs_key, bbox_crs = render.parse_crs(args.get("bbox-crs") or crs_key, cube)
    if args.get("bbox"):
        try:
            b = [float(v) for v in args["bbox"].split(",")]
        except ValueError:
            b = []
        if len(b) != 4 or not all(math.isfinite(v) for v in b):
            raise InvalidParameter("bbox must be four numbers minx,miny,maxx,maxy",
                                   parameter="bbox")
        if bbox_crs_key != "CRS:84" and render.northing_first(bbox_crs):
            b = [b[1], b[0], b[3], b[2]]
    else:
        b = list(render.bbox_in_crs(cube, bbox_crs))
        xs = subsets.get("lon") or subsets.get("x")
        ys = subsets.get("lat") or subsets.get("y")
        try:
            if xs:
                b[0], b[2] = (float(v) for v in xs.split(":"))
            if ys:
                b[1], b[3] = (float(v) for v in ys.split(":"))
        except ValueError:
            raise InvalidParameter("spatial subsets are lon(min:max) and lat(min:max)",
                                   parameter="subset") from None
    if bbox_crs.is_geographic and b[0] > b[2]:
        b[2] += 360.0
    if b[0] >= b[2] or b[1] >= b[3]:
        raise InvalidParameter("bbox: the minimum must be below the maximum on both axes",
                               parameter="bbox")
    if bbox_crs_key != crs_key:
        b = list(render.transformer(bbox_crs, crs).transform_bounds(*b, densify_pts=21))
    width, height = args.get("width"), args.get("height")
    try:
        aspect = (b[3] - b[1]) / (b[2] - b[0])
        if width and height:
            w, h = int(width), int(height)
        elif width:
            w = int(width)
            h = max(1, round(w * aspect))
        elif height:
            h = int(height)
            w = max(1, round(h / aspect))
        else:
            w = 1024
            h = max(1, round(w * aspect))
    except ValueError:
        raise InvalidParameter("width and height must be integers", parameter="width") from None
    if not (1 <= w <= MAX_SIZE and 1 <= h <= MAX_SIZE):
        raise InvalidParameter(f"width and height must be between 1 and {MAX_SIZE} (got "
                               f"{w}x{h})", parameter="width")
    f = (args.get("f") or "png").lower()
    fmt = _MAP_FORMATS.get(f)
    if fmt is None:
        raise InvalidParameter(f"f={f!r} is not offered; use png or jpeg", parameter="f")
    when = args.get("datetime") or subsets.get("time")
    t_index, t_value = render.select_time(cube, when)
    level = next((subsets[k] for k in ("elevation", "depth", "z", cube.z or "")
                  if k and k in subsets), None)
    z_index, z_value = render.select_elevation(cube, level)
    colour_range = render.parse_range(args.get("colorscalerange"), cube, variable, style)
    transparent = (args.get("transparent") or "true").lower() != "false"
    bgcolor = render.parse_colour(args.get("bgcolor"))
    layer = Layer(f"{collection_id}/{variable}", cube, variable)
    body = picture(layer, crs_key, crs, tuple(b), w, h, style=style,
                   colour_range=colour_range, fmt=fmt, t_index=t_index, z_index=z_index,
                   transparent=transparent and fmt == "image/png", bgcolor=bgcolor)
    resp = Response(body, mimetype=fmt)
    resp.headers.update(_picture_headers(t_value, z_value, colour_range, style.name))
    resp.headers["Content-Crs"] = f"<{_crs_uri(crs_key)}>"
    resp.headers["Content-Bbox"] = ",".join(_num(v) for v in b)
    resp.headers["Cache-Control"] = "public, max-age=3600"
    resp.headers["Access-Control-Allow-Origin"] = "*"
    return resp


def _crs_uri(key: str) -> str:
    if key == "CRS:84":
        return "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
    auth, _, code = key.partition(":")
    return f"http://www.opengis.net/def/crs/{auth}/0/{code}"
