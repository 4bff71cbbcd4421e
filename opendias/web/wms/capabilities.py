"""The WMS 1.3.0 and 1.1.1 capabilities document: the layers (one group per dataset, one
layer per variable) with their CRSs, extents, TIME and ELEVATION dimensions and styles,
prepared here as text and written by the template `templates/wms/capabilities.xml`."""

from __future__ import annotations

import logging
import math
import threading

import jinja2

from opendias.catalogue import load_catalogue
from opendias.config import get_settings
from opendias.datacube import EXTENT_NOTE, Cube, open_cube
from opendias.errors import OpendiasError
from opendias.operations.render import dimensions, map_crs, styles
from opendias.operations.render.picture import IMAGE_FORMATS
from opendias.params import CRS84, iso_time, northing_first, parse_crs
from opendias.web.wms.layers import variable_info
from opendias.web.wms.parameters import MAX_SIZE

LOGGER = logging.getLogger(__name__)

_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("opendias.web", "templates"), autoescape=True,
    trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
_CAPS: dict = {}
_CAPS_LOCK = threading.Lock()
WORLD = {"west": "-180", "east": "180", "south": "-90", "north": "90", "boxes": []}


def capabilities(version: str, info_formats) -> bytes:
    """The capabilities document (cached per process until a dataset or the catalogue
    changes)."""
    url = get_settings().base_url + "/wms"
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
        body = build_capabilities(version, url, cubes, info_formats)
        _CAPS.clear()
        _CAPS[key] = body
        return body


def build_capabilities(version: str, url: str, cubes, info_formats) -> bytes:
    """The document for (catalogue entry, cube) pairs; a dataset that fails is left out."""
    v130 = version == "1.3.0"
    operations = [("GetCapabilities", ["text/xml"] if v130 else
                   ["application/vnd.ogc.wms_xml"]),
                  ("GetMap", list(IMAGE_FORMATS)),
                  ("GetFeatureInfo", list(info_formats))]
    if not v130:
        operations.append(("GetLegendGraphic", ["image/png"]))
    groups = []
    for entry, cube in cubes:
        try:
            groups.append(_group(entry, cube, version, url))
        except OpendiasError as err:
            LOGGER.warning("WMS: dataset %s left out of the capabilities: %s", entry.id,
                           err.detail)
    text = _TEMPLATES.get_template("wms/capabilities.xml").render(
        v130=v130, url=url, max_size=MAX_SIZE, operations=operations,
        crs_key="CRS" if v130 else "SRS", world=WORLD, groups=groups,
        crs_names=[n for n in map_crs.MAP_CRS if v130 or n != "CRS:84"])
    return text.encode("utf-8")


def _extent(cube: Cube, version: str) -> dict:
    """The layer's lon/lat extent and its bounding box in each CRS it offers."""
    west, south, east, north = map_crs.bbox_in_crs(cube, CRS84)
    boxes = []
    for name in map_crs.layer_crs_names(cube):
        if version == "1.1.1" and name == "CRS:84":
            continue
        crs = parse_crs(name)
        b = map_crs.bbox_in_crs(cube, crs)
        if not all(math.isfinite(v) for v in b):
            continue
        if version == "1.3.0" and northing_first(crs):
            b = (b[1], b[0], b[3], b[2])
        boxes.append(dict(zip(("crs", "minx", "miny", "maxx", "maxy"),
                              (name, *(map_crs.format_coordinate(v) for v in b)))))
    return {"west": map_crs.format_coordinate(west), "east": map_crs.format_coordinate(east), "south": map_crs.format_coordinate(south),
            "north": map_crs.format_coordinate(north), "boxes": boxes}


def _dimensions(cube: Cube) -> list[dict]:
    dims = []
    times = dimensions.time_values(cube)
    if times:
        dims.append({"name": "time", "units": "ISO8601", "symbol": None,
                     "default": iso_time(dimensions.default_time(cube)), "list": times})
    levels = dimensions.elevation_values(cube)
    if levels is not None:
        units = dimensions.elevation_units(cube) or "m"
        dims.append({"name": "elevation", "units": units, "symbol": units,
                     "default": dimensions.format_number(levels[0]),
                     "list": ",".join(dimensions.format_number(v) for v in levels)})
    return dims


def _group(entry, cube: Cube, version: str, url: str) -> dict:
    native = map_crs.layer_crs_names(cube)[len(map_crs.MAP_CRS):]
    return {"title": entry.title, "abstract": f"{entry.abstract} {EXTENT_NOTE}",
            "keywords": [entry.service, entry.dataset_id, *entry.tags],
            "native_crs": native[0] if native else None,
            "extent": _extent(cube, version), "dimensions": _dimensions(cube),
            "layers": [_layer(entry, cube, variable, version, url)
                       for variable in cube.variables]}


def _layer(entry, cube: Cube, variable: str, version: str, url: str) -> dict:
    info = variable_info(cube, variable)
    name = f"{entry.id}/{variable}"
    title = info["title"] if info["title"] != variable else variable
    units = info["units"]
    layer_styles = []
    for style in styles.layer_styles(cube, variable):
        lo, hi = styles.style_range(cube, variable, style)
        layer_styles.append({
            "name": style.name, "title": style.title,
            "abstract": f"{style.title}; default colour range "
                        f"{dimensions.format_number(lo)} to {dimensions.format_number(hi)} "
                        f"{units}".rstrip(),
            "legend": f"{url}?SERVICE=WMS&REQUEST=GetLegendGraphic&VERSION={version}"
                      f"&FORMAT=image/png&LAYER={name}&STYLE={style.name}"})
    return {"name": name, "title": f"{title} ({variable}{', ' + units if units else ''})",
            "abstract": f"{info['title']} [{units or 'no units'}] of {entry.title}. "
                        f"{entry.abstract}",
            "keywords": [w for w in (variable, info["standard_name"], entry.service,
                                     *entry.tags) if w],
            "styles": layer_styles}
