"""The WMS request parameters, each read in one place: VERSION, LAYERS / QUERY_LAYERS / LAYER,
CRS / SRS, BBOX, WIDTH / HEIGHT, I / J (X / Y), FORMAT / INFO_FORMAT, TRANSPARENT, BGCOLOR,
COLORSCALERANGE, TIME and ELEVATION.

Parameter names are case-insensitive (`request_params` upper-cases them). The front's own
mistakes are `WmsError`s with their WMS code and locator; the parsers of values that the OGC
API - Maps front takes too (TIME, ELEVATION, COLORSCALERANGE, BGCOLOR) raise the core's typed
errors naming a neutral parameter, which each front words (`errors.map_error`).
"""

from __future__ import annotations

import math

import pandas as pd
import pyproj
from flask import request

from opendias.datacube import Cube
from opendias.errors import InvalidParameter, MissingParameter
from opendias.operations.render import dimensions, map_crs
from opendias.params import bbox_xy, parse_bbox, parse_instant
from opendias.web.wms.errors import WmsError

MAX_SIZE = 4096
CURRENT = ("current", "now", "present")
OPEN_END = ("", "..")
_FORMAT_ALIASES = {"image/png8": "image/png", "image/png24": "image/png",
                   "image/png32": "image/png", "png": "image/png", "image/jpg": "image/jpeg",
                   "jpeg": "image/jpeg", "jpg": "image/jpeg", "json": "application/json",
                   "text/json": "application/json"}


def request_params() -> dict[str, str]:
    """The query of the current request, names upper-cased (the first of repeated ones)."""
    return {k.upper(): v for k, v in request.args.items()}


WMS_VERSIONS = ("1.3.0", "1.1.1")
_VERSION_NAMES = {"1.3.0": "1.3.0", "1.3": "1.3.0", "1.1.1": "1.1.1", "1.1.0": "1.1.1",
                  "1.1": "1.1.1"}


def version(params) -> str:
    """1.3.0 (the default) or 1.1.1 (1.1 and 1.1.0 too; WMTVER is the 1.0 name of VERSION):
    the version the answer, an exception report included, is written in."""
    v = params.get("VERSION") or params.get("WMTVER") or "1.3.0"
    return "1.1.1" if v.strip().startswith("1.1") else "1.3.0"


def check_version(params) -> None:
    """InvalidParameterValue naming the versions served, for any other VERSION."""
    v = params.get("VERSION") or params.get("WMTVER")
    if v is not None and v.strip() not in _VERSION_NAMES:
        raise WmsError("InvalidParameterValue", f"VERSION {v[:40]!r} is not served; use one "
                       f"of {', '.join(WMS_VERSIONS)}", locator="VERSION")


def integer(params, key: str, lo: int = 1, hi: int = MAX_SIZE) -> int:
    """WIDTH, HEIGHT, I, J...: a required integer from lo to hi."""
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


def pixel(params, version: str, width: int, height: int) -> tuple[str, int, int]:
    """(name of the column parameter, column, row) of GetFeatureInfo's pixel: I/J in 1.3.0
    (X/Y accepted), X/Y in 1.1.1; InvalidPoint outside the map."""
    ikey, jkey = ("X", "Y") if version == "1.1.1" else ("I", "J")
    if ikey not in params and jkey not in params and version == "1.3.0" and "X" in params:
        ikey, jkey = "X", "Y"  # lenient: 1.1.1 names in a 1.3.0 request
    i = integer(params, ikey, lo=-10 ** 9, hi=10 ** 9)
    j = integer(params, jkey, lo=-10 ** 9, hi=10 ** 9)
    if not (0 <= i < width and 0 <= j < height):
        raise WmsError("InvalidPoint", f"pixel {ikey}={i}, {jkey}={j} is outside the "
                       f"{width}x{height} map", locator=ikey)
    return ikey, i, j


def crs(params, version: str, cube: Cube) -> tuple[str, pyproj.CRS]:
    """CRS (1.3.0) or SRS (1.1.1; either name is accepted in both): one the layer offers."""
    key = "SRS" if version == "1.1.1" else "CRS"
    name = params.get(key) or params.get("CRS" if key == "SRS" else "SRS")
    if not name:
        raise WmsError("MissingParameterValue", f"{key} is required", locator=key)
    return map_crs.layer_crs(name, cube)


def bbox(params, crs: pyproj.CRS, version: str) -> list[float]:
    """BBOX in x/y order: in 1.3.0 in the CRS's axis order (latitude first for EPSG:4326),
    in 1.1.1 always x/y; a lon/lat box across the antimeridian may be written east-west."""
    text = params.get("BBOX")
    if not text:
        raise WmsError("MissingParameterValue", "BBOX is required", locator="BBOX")
    values = parse_bbox(text, parameter="BBOX", allow_z=False)
    if version == "1.3.0":
        values = bbox_xy(values, crs)
    return map_crs.ordered_bbox(values, crs, parameter="BBOX")


def image_format(params, key: str, allowed, default: str | None = None) -> str:
    """FORMAT / INFO_FORMAT: one of `allowed` (common aliases and parameters accepted)."""
    fmt = (params.get(key) or default or "").strip().lower()
    if not fmt:
        raise WmsError("MissingParameterValue", f"{key} is required", locator=key)
    base = fmt.split(";")[0].strip()
    base = _FORMAT_ALIASES.get(base, base)
    if base not in allowed:
        raise WmsError("InvalidFormat", f"{key} {params.get(key)!r} is not offered; use one "
                       f"of {', '.join(allowed)}", locator=key)
    return base


def info_format(params, allowed, default: str) -> str:
    """INFO_FORMAT of GetFeatureInfo: optional (WMS 1.1.1 makes it so; 1.3.0 clients omit it
    too), `default` when absent. OWSLib's WMS 1.1.1 client sends its Python default
    literally (`INFO_FORMAT=None`) when the caller names no format: that is absent too."""
    if (params.get("INFO_FORMAT") or "").strip() in ("None", ""):
        return default
    return image_format(params, "INFO_FORMAT", allowed)


def boolean(params, key: str, default: bool) -> bool:
    """TRANSPARENT: TRUE or FALSE (1/0, YES/NO accepted)."""
    text = params.get(key)
    if text is None or not text.strip():
        return default
    if text.strip().upper() in ("TRUE", "1", "YES"):
        return True
    if text.strip().upper() in ("FALSE", "0", "NO"):
        return False
    raise WmsError("InvalidParameterValue", f"{key} must be TRUE or FALSE", locator=key)


def single_layer(params, key: str) -> str:
    """LAYERS / QUERY_LAYERS: exactly one layer name."""
    names = [n for n in (params.get(key) or "").split(",") if n.strip()]
    if not names:
        raise WmsError("MissingParameterValue", f"{key} is required", locator=key)
    if len(names) > 1:
        raise WmsError("InvalidParameterValue", f"one layer per request, please ({key} has "
                       f"{len(names)}); ask for each layer separately", locator=key)
    return names[0]


# --------------------------------------------------------------------------- shared with Maps
def parse_colour_range(text: str | None, *,
                       parameter: str = "COLORSCALERANGE") -> tuple[float, float] | None:
    """COLORSCALERANGE=min,max (ncWMS): two finite numbers, min below max; None (the
    style's default range) when absent, 'default' or 'auto'."""
    if text is None or text.strip().lower() in ("", "default", "auto"):
        return None
    try:
        lo, hi = (float(p) for p in text.split(","))
    except ValueError:
        raise InvalidParameter(f"{parameter} {text!r} must be min,max (two numbers)",
                               parameter=parameter) from None
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        raise InvalidParameter(f"{parameter} {text!r}: min must be below max",
                               parameter=parameter)
    return lo, hi


def parse_bgcolor(text: str | None, default=(255, 255, 255), *,
                  parameter: str = "BGCOLOR") -> tuple[int, int, int]:
    """BGCOLOR=0xRRGGBB (#RRGGBB and RRGGBB accepted); the default when absent."""
    if not text:
        return default
    t = text.strip().lower()
    t = t[2:] if t.startswith("0x") else t.lstrip("#")
    try:
        if len(t) != 6:
            raise ValueError(t)
        return tuple(int(t[k:k + 2], 16) for k in (0, 2, 4))
    except ValueError:
        raise InvalidParameter(f"{parameter} {text!r} must be 0xRRGGBB",
                               parameter=parameter) from None


def select_time(cube: Cube, text: str | None) -> tuple[int | None, pd.Timestamp | None]:
    """(index, time) of the step a TIME value names: an ISO 8601 instant (the nearest step),
    'current' (the latest), or an interval start/end, either end open as '..' or empty (the
    last step in it); the latest when absent. A list is refused: a map shows one step.
    Errors name the parameter "time"."""
    if text is not None and not text.strip():
        raise MissingParameter("time is given without a value", parameter="time")
    if cube.times is None or len(cube.times) == 0:
        return None, None
    if text is None or text.strip().lower() in CURRENT:
        return len(cube.times) - 1, cube.times[-1]
    text = text.strip()
    if "," in text:
        raise InvalidParameter("a map shows one time step; give one time value, not a list",
                               parameter="time")
    if "/" in text:  # start/end (a period after them, start/end/P1D, is not needed)
        start, end = (None if part.strip() in OPEN_END else
                      parse_instant(part, parameter="time") for part in text.split("/")[:2])
        return dimensions.last_time_in(cube, start, end)
    return dimensions.nearest_time(cube, parse_instant(text, parameter="time"))


def select_elevation(cube: Cube, text: str | None) -> tuple[int | None, float | None]:
    """(index, value) of the level nearest to an ELEVATION number (negative: that depth on a
    positive-down axis); the first level when absent. Errors name "elevation"."""
    if text is not None and not text.strip():
        raise MissingParameter("elevation is given without a value", parameter="elevation")
    levels = dimensions.elevation_values(cube)
    if levels is None:
        return None, None
    if text is None:
        return 0, float(levels[0])
    try:
        wanted = float(text.strip())
    except ValueError:
        wanted = math.nan
    if not math.isfinite(wanted):
        raise InvalidParameter(f"elevation {text!r} is not a number (a map shows one level)",
                               parameter="elevation")
    return dimensions.nearest_level(cube, wanted)
