"""The WMS operations: GetMap, GetFeatureInfo, GetLegendGraphic and GetCapabilities, each a
function of the request's parameters (names upper-cased) and the version."""

from __future__ import annotations

import html
import json

from flask import Response

from opendias.operations.render import styles
from opendias.operations.render.dimensions import elevation_units, format_number
from opendias.operations.render.picture import IMAGE_FORMATS, legend_png
from opendias.operations.render.window import value_at
from opendias.params import iso_time
from opendias.web.wms import parameters as wms_params
from opendias.web.wms.capabilities import capabilities
from opendias.web.wms.errors import WmsError
from opendias.web.wms.layers import find_layer, variable_info
from opendias.web.wms.pictures import picture, picture_headers

INFO_FORMATS = ("application/json", "text/plain", "text/html")
CAPABILITIES_FORMATS = ("text/xml", "application/xml", "application/vnd.ogc.wms_xml")


def colour_range(params, layer, style) -> tuple[float, float]:
    """COLORSCALERANGE, or the style's default range of the layer."""
    given = wms_params.parse_colour_range(params.get("COLORSCALERANGE"))
    return given or styles.style_range(layer.cube, layer.variable, style)


def get_map(params, version: str) -> Response:
    layer = find_layer(wms_params.single_layer(params, "LAYERS"))
    style_names = (params.get("STYLES") or "").split(",")
    style = styles.select_style(layer.cube, layer.variable, style_names[0])
    crs_key, crs = wms_params.crs(params, version, layer.cube)
    bbox = wms_params.bbox(params, crs, version)
    width, height = wms_params.integer(params, "WIDTH"), wms_params.integer(params, "HEIGHT")
    fmt = wms_params.image_format(params, "FORMAT", IMAGE_FORMATS, default="image/png")
    t_index, t_value = wms_params.select_time(layer.cube, params.get("TIME"))
    z_index, z_value = wms_params.select_elevation(layer.cube, params.get("ELEVATION"))
    scale = colour_range(params, layer, style)
    transparent = wms_params.boolean(params, "TRANSPARENT", True)
    bgcolor = wms_params.parse_bgcolor(params.get("BGCOLOR"))
    body = picture(layer, crs_key, crs, bbox, width, height, style=style,
                   colour_range=scale, fmt=fmt, t_index=t_index, z_index=z_index,
                   transparent=transparent and fmt == "image/png", bgcolor=bgcolor)
    resp = Response(body, mimetype=fmt)
    resp.headers.update(picture_headers(t_value, z_value, scale, style.name))
    resp.headers["Cache-Control"] = "public, max-age=3600"
    return resp


def get_feature_info(params, version: str) -> Response:
    layer = find_layer(wms_params.single_layer(params, "QUERY_LAYERS"), "QUERY_LAYERS")
    crs_key, crs = wms_params.crs(params, version, layer.cube)
    bbox = wms_params.bbox(params, crs, version)
    width, height = wms_params.integer(params, "WIDTH"), wms_params.integer(params, "HEIGHT")
    _, i, j = wms_params.pixel(params, version, width, height)
    fmt = wms_params.info_format(params, INFO_FORMATS, default="text/plain")
    t_index, t_value = wms_params.select_time(layer.cube, params.get("TIME"))
    z_index, z_value = wms_params.select_elevation(layer.cube, params.get("ELEVATION"))
    found = value_at(layer.cube, layer.variable, crs, bbox, width, height, i, j, t_index,
                     z_index)
    info = variable_info(layer.cube, layer.variable)
    props = {
        "layer": layer.name, "dataset": layer.cube.id, "variable": layer.variable,
        "long_name": info["title"], "value": found["value"], "units": info["units"],
        "time": iso_time(t_value) if t_value is not None else None,
        "elevation": z_value,
        "elevation_units": elevation_units(layer.cube) if z_value is not None else None,
        "crs": crs_key, "x": found["x"], "y": found["y"], "lon": found["lon"],
        "lat": found["lat"], "grid_cell": found["cell"],
    }
    if fmt == "application/json":
        body = json.dumps({"type": "FeatureCollection", "features": [{
            "type": "Feature", "id": layer.name,
            "geometry": {"type": "Point", "coordinates": [found["lon"], found["lat"]]},
            "properties": props}]})
    elif fmt == "text/plain":
        lines = [f"layer: {layer.name}", f"variable: {layer.variable} ({info['title']})",
                 "value: " + ("none (no data here)" if found["value"] is None else
                              f"{format_number(found['value'])} {info['units']}".strip())]
        if props["time"]:
            lines.append(f"time: {props['time']}")
        if z_value is not None:
            lines.append(f"elevation: {format_number(z_value)} "
                         f"{props['elevation_units']}".rstrip())
        lines.append(f"lon: {found['lon']:.5f}")
        lines.append(f"lat: {found['lat']:.5f}")
        body = "\n".join(lines) + "\n"
    else:
        shown = {k: (format_number(v) if isinstance(v, float) else v)
                 for k, v in props.items() if v is not None and k != "grid_cell"}
        rows = "".join(f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(str(v))}</td></tr>"
                       for k, v in shown.items())
        body = (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>"
                f"{html.escape(layer.name)}</title></head><body><table>{rows}</table>"
                f"</body></html>")
    resp = Response(body, mimetype=fmt)
    resp.headers.update(picture_headers(t_value, z_value))
    return resp


def get_legend_graphic(params, version: str) -> Response:
    layer = find_layer(params.get("LAYER") or params.get("LAYERS"), "LAYER")
    style = styles.select_style(layer.cube, layer.variable,
                                params.get("STYLE") or params.get("STYLES"))
    wms_params.image_format(params, "FORMAT", ("image/png",), default="image/png")
    scale = colour_range(params, layer, style)
    width = wms_params.integer(params, "WIDTH", 40, 1024) if params.get("WIDTH") else 110
    height = wms_params.integer(params, "HEIGHT", 60, 2048) if params.get("HEIGHT") else 264
    info = variable_info(layer.cube, layer.variable)
    body = legend_png(style, *scale, units=info["units"], width=width, height=height)
    resp = Response(body, mimetype="image/png")
    resp.headers.update(picture_headers(None, None, scale, style.name))
    resp.headers["Cache-Control"] = "public, max-age=3600"
    return resp


def get_capabilities(params, version: str) -> Response:
    mime = "text/xml" if version == "1.3.0" else "application/vnd.ogc.wms_xml"
    fmt = (params.get("FORMAT") or "").lower()
    if fmt and fmt not in CAPABILITIES_FORMATS:
        raise WmsError("InvalidFormat", f"capabilities are offered as text/xml, not {fmt!r}",
                       locator="FORMAT")
    resp = Response(capabilities(version, INFO_FORMATS), mimetype=mime)
    resp.headers["Cache-Control"] = "public, max-age=60"
    return resp


OPERATIONS = {
    "getcapabilities": get_capabilities,
    "capabilities": get_capabilities,
    "getmap": get_map,
    "map": get_map,
    "getfeatureinfo": get_feature_info,
    "getlegendgraphic": get_legend_graphic,
}
