"""The CRSs a map of a layer can be asked in, the layer's extent in each, and transformers.

Names are parsed by `opendias.params.parse_crs` and written by `opendias.params.crs_name`
(EPSG:nnnn, or CRS:84); a CRS the layer does not offer is an `InvalidParameter` naming
`crs` (or the name the caller gives), for the front to word.
"""

from __future__ import annotations

import threading

import pyproj

from opendias.datacube import Cube
from opendias.errors import InvalidParameter
from opendias.params import CRS84, crs_name, parse_crs

EARTH_RADIUS = 6378137.0
MERCATOR_MAX_LAT = 85.0511287798066

# CRS identifiers offered for every layer (a projected dataset adds its own)
MAP_CRS = ("CRS:84", "EPSG:4326", "EPSG:3857", "EPSG:3035")


def layer_crs_names(cube: Cube) -> list[str]:
    """The CRSs a layer offers: MAP_CRS, and its own when it is another."""
    names = list(MAP_CRS)
    native = crs_name(cube.crs)
    if native not in names:
        names.append(native)
    return names


def layer_crs(value: str, cube: Cube | None = None, *,
              parameter: str = "crs") -> tuple[str, pyproj.CRS]:
    """(name, CRS) of the CRS a map is asked in (any form `parse_crs` reads); an
    InvalidParameter unless the layer (or, without one, every layer) offers it."""
    allowed = layer_crs_names(cube) if cube is not None else list(MAP_CRS)
    try:
        name = crs_name(parse_crs(value, parameter=parameter))
    except InvalidParameter:
        name = None
    if name not in allowed:
        raise InvalidParameter(f"CRS {value!r} is not offered; use one of "
                               f"{', '.join(allowed)}", parameter=parameter)
    return name, parse_crs(name)


_TRANSFORMERS = threading.local()


def transformer(src: pyproj.CRS, dst: pyproj.CRS) -> pyproj.Transformer:
    """An always_xy transformer, one per thread and CRS pair (pyproj ones are not shared)."""
    cache = getattr(_TRANSFORMERS, "cache", None)
    if cache is None:
        cache = _TRANSFORMERS.cache = {}
    key = (src.to_wkt(), dst.to_wkt())
    tr = cache.get(key)
    if tr is None:
        tr = cache[key] = pyproj.Transformer.from_crs(src, dst, always_xy=True)
    return tr


_MERCATOR: dict[str, bool] = {}


def is_mercator(crs: pyproj.CRS) -> bool:
    key = crs.srs
    found = _MERCATOR.get(key)
    if found is None:
        found = _MERCATOR[key] = crs.to_epsg() == 3857
    return found


def bbox_in_crs(cube: Cube, crs: pyproj.CRS) -> tuple[float, float, float, float]:
    """The dataset's extent (cell edges: Cube.wgs84_edges, as every document gives it) in a
    map CRS, x/y order (NaN where it has none)."""
    west, south, east, north = cube.wgs84_edges
    if crs.is_geographic:
        return west, south, east, north
    south = max(south, -MERCATOR_MAX_LAT) if is_mercator(crs) else south
    north = min(north, MERCATOR_MAX_LAT) if is_mercator(crs) else north
    tr = transformer(CRS84, crs)
    try:
        b = tr.transform_bounds(west, south, east, north, densify_pts=21)
    except pyproj.exceptions.ProjError:
        b = (float("nan"),) * 4
    return tuple(float(v) for v in b)


def format_coordinate(value: float) -> str:
    """A coordinate as map documents and headers write it (rounded to 6 decimals)."""
    return repr(round(float(value), 6))


def ordered_bbox(bbox, crs: pyproj.CRS, *, parameter: str = "bbox") -> list[float]:
    """A map's x/y box with the minimum below the maximum on both axes; a lon/lat box
    across the antimeridian, written east-west (minx > maxx), runs past 180."""
    minx, miny, maxx, maxy = (float(v) for v in bbox)
    if crs.is_geographic and minx > maxx:
        maxx += 360.0
    if minx >= maxx or miny >= maxy:
        raise InvalidParameter(f"{parameter}: the minimum must be below the maximum on both "
                               "axes", parameter=parameter)
    return [minx, miny, maxx, maxy]
