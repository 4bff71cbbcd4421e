"""OGC API - Maps at `/collections/{id}/map`: the same pictures as WMS GetMap (one renderer,
one picture cache), asked for with OGC API parameters (bbox, bbox-crs, crs, subset, datetime,
width/height, f, properties, style) and answered, when wrong, with OGC exception JSON.

A map's time, elevation, CRS and style errors carry the codes WMS gives them
(InvalidDimensionValue, InvalidCRS, StyleNotDefined...), as they always have here."""

from __future__ import annotations

from flask import Flask, Response, request

from opendias.catalogue import load_catalogue
from opendias.datacube import open_cube
from opendias.errors import InvalidParameter, OpendiasError
from opendias.operations.render import map_crs, styles
from opendias.params import bbox_xy, parse_bbox, parse_names, parse_subset
from opendias.web.errors import error_response, install_error_handlers
from opendias.web.wms import parameters as map_params
from opendias.web.wms.errors import map_error
from opendias.web.wms.layers import Layer
from opendias.web.wms.pictures import picture, picture_headers

app = Flask(__name__)
install_error_handlers(app)

MAP_FORMATS = {"png": "image/png", "image/png": "image/png", "jpeg": "image/jpeg",
               "jpg": "image/jpeg", "image/jpeg": "image/jpeg"}
DEFAULT_WIDTH = 1024


@app.errorhandler(OpendiasError)
def _map_error(err):
    return error_response(map_error(err))


def _subsets(args) -> dict[str, tuple]:
    """subset=lon(10:20),lat(30:40)&subset=time("2016-03-02") -> {axis: values}, axes in
    lower case."""
    return {axis.lower(): values for axis, values in parse_subset(args.getlist("subset")).items()}


def _bbox(args, subsets, cube, bbox_crs) -> list[float]:
    """bbox (in bbox-crs axis order), else the lon/x and lat/y subsets over the dataset's
    extent; x/y order."""
    if args.get("bbox"):
        return bbox_xy(parse_bbox(args["bbox"], allow_z=False), bbox_crs)
    b = list(map_crs.bbox_in_crs(cube, bbox_crs))
    for k, names in ((0, ("lon", "x")), (1, ("lat", "y"))):
        values = next((subsets[n] for n in names if n in subsets), None)
        if values is None:
            continue
        try:
            b[k], b[k + 2] = (float(v) for v in values)
        except ValueError:
            raise InvalidParameter("spatial subsets are lon(min:max) and lat(min:max)",
                                   parameter="subset") from None
    return b


def _size(args, b) -> tuple[int, int]:
    """width and height; one alone keeps the bbox's aspect; neither: 1024 wide."""
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
            w = DEFAULT_WIDTH
            h = max(1, round(w * aspect))
    except ValueError:
        raise InvalidParameter("width and height must be integers", parameter="width") from None
    if not (1 <= w <= map_params.MAX_SIZE and 1 <= h <= map_params.MAX_SIZE):
        raise InvalidParameter(f"width and height must be between 1 and "
                               f"{map_params.MAX_SIZE} (got {w}x{h})", parameter="width")
    return w, h


def _one(subsets, names, what: str) -> str | None:
    """The one value of the first of these subset axes that is given (a map shows one time
    step and one level: a time range means its last step)."""
    values = next((subsets[n] for n in names if n and n in subsets), None)
    if values is None:
        return None
    if what == "time" and len(values) == 2:
        return "/".join(values)
    if len(values) != 1:
        raise InvalidParameter(f"a map shows one {what}; give {what}(value)",
                               parameter=what)
    return values[0]


@app.route("/collections/<collection_id>/map", methods=["GET", "HEAD"])
@app.route("/collections/<collection_id>/map/", methods=["GET", "HEAD"])
def collection_map(collection_id: str):
    return map_response(open_cube(load_catalogue().get(collection_id)), collection_id,
                        request.args)


def map_response(cube, name: str, args) -> Response:
    """The map of `cube` (a dataset, or a job's result) that the OGC API - Maps parameters
    `args` ask for; `name` names its layer (the picture cache's key)."""
    props = parse_names(args.get("properties"), parameter="properties", empty_ok=True) or []
    if len(props) > 1:
        raise InvalidParameter("a map shows one property (variable) at a time",
                               parameter="properties")
    variable = props[0] if props else cube.variables[0]
    if variable not in cube.variables:
        raise InvalidParameter(f"property {variable!r} is not in {name!r}; choose "
                               f"one of {', '.join(cube.variables)}", parameter="properties")
    style = styles.select_style(cube, variable, args.get("style") or args.get("styles"))
    crs_key, crs = map_crs.layer_crs(args.get("crs") or "CRS:84", cube)
    subsets = _subsets(args)
    bbox_crs_key, bbox_crs = map_crs.layer_crs(args.get("bbox-crs") or crs_key, cube,
                                               parameter="bbox-crs")
    b = map_crs.ordered_bbox(_bbox(args, subsets, cube, bbox_crs), bbox_crs)
    if bbox_crs_key != crs_key:
        b = list(map_crs.transformer(bbox_crs, crs).transform_bounds(*b, densify_pts=21))
    w, h = _size(args, b)
    f = (args.get("f") or "png").lower()
    fmt = MAP_FORMATS.get(f)
    if fmt is None:
        raise InvalidParameter(f"f={f!r} is not offered; use png or jpeg", parameter="f")
    when = args.get("datetime") or _one(subsets, ("time",), "time")
    t_index, t_value = map_params.select_time(cube, when)
    level = _one(subsets, ("elevation", "depth", "z", cube.z or ""), "elevation")
    z_index, z_value = map_params.select_elevation(cube, level)
    colour_range = map_params.parse_colour_range(args.get("colorscalerange"),
                                                 parameter="colorscalerange") \
        or styles.style_range(cube, variable, style)
    transparent = (args.get("transparent") or "true").lower() != "false"
    bgcolor = map_params.parse_bgcolor(args.get("bgcolor"), parameter="bgcolor")
    layer = Layer(f"{name}/{variable}", cube, variable)
    body = picture(layer, crs_key, crs, tuple(b), w, h, style=style,
                   colour_range=colour_range, fmt=fmt, t_index=t_index, z_index=z_index,
                   transparent=transparent and fmt == "image/png", bgcolor=bgcolor)
    resp = Response(body, mimetype=fmt)
    resp.headers.update(picture_headers(t_value, z_value, colour_range, style.name))
    resp.headers["Content-Crs"] = f"<{_crs_uri(crs_key)}>"
    resp.headers["Content-Bbox"] = ",".join(map_crs.format_coordinate(v) for v in b)
    resp.headers["Cache-Control"] = "public, max-age=3600"
    return resp


def _crs_uri(key: str) -> str:
    if key == "CRS:84":
        return "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
    auth, _, code = key.partition(":")
    return f"http://www.opengis.net/def/crs/{auth}/0/{code}"
