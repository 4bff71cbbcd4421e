"""Maps of a cube: read the window a picture needs at the resolution it needs, colour it,
encode it; the value under a pixel; a legend.

Plain functions over `opendias.datacube.Cube`; nothing here knows about HTTP. The WMS and the
OGC API - Maps fronts (`opendias.web.wms`) share every one of them.

How a picture is made (`render_map`):
1. the centre of each output pixel is put in the dataset's CRS: separably (one row and one
   column of coordinates) when both CRSs are lon/lat-like (lon/lat, CRS:84, Web Mercator over
   a lon/lat grid, or the dataset's own CRS), with pyproj over the whole pixel grid otherwise;
   longitudes are wrapped to the dataset's convention (0..360 or -180..180), so a bbox that
   crosses the antimeridian works;
2. each pixel gets the nearest grid cell (pixels off the grid are missing);
3. only the window of cells those pixels touch is read from the lazy cube, with a stride of
   about one cell per pixel (a window that wraps around the antimeridian is read as two
   pieces); a zoomed-out map never reads the field at full resolution;
4. values become palette indices (255 = missing) and a paletted PNG with a transparent
   missing colour, or a JPEG over a background colour.
"""

from __future__ import annotations

import io
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyproj

from opendias.datacube import Cube
from opendias.errors import InvalidParameter, MissingParameter, OpendiasError

try:  # a dask-backed cube is computed in the calling thread: no thread pool per tile
    import dask.array as _dask_array
except ImportError:  # pragma: no cover
    _dask_array = None


# --------------------------------------------------------------------------- errors
class InvalidDimensionValue(InvalidParameter):
    code = "InvalidDimensionValue"
    title = "Invalid dimension value"


class MissingDimensionValue(MissingParameter):
    code = "MissingDimensionValue"
    title = "Missing dimension value"


class InvalidCRS(InvalidParameter):
    code = "InvalidCRS"
    title = "Invalid CRS"


class StyleNotDefined(InvalidParameter):
    code = "StyleNotDefined"
    title = "Style not defined"


class InvalidPoint(InvalidParameter):
    code = "InvalidPoint"
    title = "Invalid point"


# --------------------------------------------------------------------------- CRSs
EARTH_RADIUS = 6378137.0
MERCATOR_MAX_LAT = 85.0511287798066

# CRS identifiers offered for every layer (a projected dataset adds its own)
MAP_CRS = ("CRS:84", "EPSG:4326", "EPSG:3857", "EPSG:3035")
_ALIASES = {"EPSG:900913": "EPSG:3857", "EPSG:102100": "EPSG:3857", "EPSG:102113": "EPSG:3857",
            "OGC:CRS84": "CRS:84"}
_CRS_CACHE: dict[str, pyproj.CRS] = {}


def crs_identifier(crs: pyproj.CRS) -> str:
    """EPSG:nnnn (or CRS:84) naming a CRS, as WMS capabilities list them."""
    if crs.is_geographic and crs.equals(pyproj.CRS.from_epsg(4326)):
        return "EPSG:4326"
    auth = crs.to_authority()
    return f"{auth[0]}:{auth[1]}" if auth else crs.to_string()


def normalise_crs_name(name: str) -> str:
    """'epsg:4326', 'http://www.opengis.net/def/crs/EPSG/0/4326', ... -> 'EPSG:4326'."""
    text = (name or "").strip()
    low = text.lower()
    for prefix in ("http://www.opengis.net/def/crs/", "https://www.opengis.net/def/crs/"):
        if low.startswith(prefix):
            parts = text[len(prefix):].strip("/").split("/")
            if len(parts) >= 3:
                text = f"{parts[0]}:{parts[-1]}"
            break
    if low.startswith("urn:ogc:def:crs:"):
        parts = text.split(":")
        text = f"{parts[4]}:{parts[-1]}"
    text = text.upper()
    if text in ("OGC:CRS84", "CRS84"):
        text = "CRS:84"
    return _ALIASES.get(text, text)


def layer_crs_names(cube: Cube) -> list[str]:
    names = list(MAP_CRS)
    native = crs_identifier(cube.crs)
    if native not in names:
        names.append(native)
    return names


def parse_crs(name: str, cube: Cube | None = None) -> tuple[str, pyproj.CRS]:
    """The CRS a map is asked in; InvalidCRS unless it is one the layer offers."""
    if not name:
        raise MissingParameter("CRS is required", parameter="CRS")
    key = normalise_crs_name(name)
    allowed = layer_crs_names(cube) if cube is not None else list(MAP_CRS)
    if key not in allowed:
        raise InvalidCRS(f"CRS {name!r} is not offered; use one of {', '.join(allowed)}",
                         parameter="CRS")
    crs = _CRS_CACHE.get(key)
    if crs is None:
        crs = pyproj.CRS.from_user_input("OGC:CRS84" if key == "CRS:84" else key)
        _CRS_CACHE[key] = crs
    return key, crs


def northing_first(crs: pyproj.CRS) -> bool:
    """Whether the CRS's authority axis order puts north (latitude) first, as EPSG:4326 and
    EPSG:3035 do (WMS 1.3.0 BBOX follows it; WMS 1.1.1 never does)."""
    axes = crs.axis_info
    return bool(axes) and axes[0].direction.lower() in ("north", "south")


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


def bbox_in_crs(cube: Cube, crs: pyproj.CRS) -> tuple[float, float, float, float]:
    """The dataset's extent (cell edges) in a map CRS, x/y order."""
    west, south, east, north = cube.wgs84_bbox
    if cube.geographic:
        rx, ry = cube.resolution
        west, east = max(-180.0, west - rx / 2), min(180.0, east + rx / 2)
        south, north = max(-90.0, south - ry / 2), min(90.0, north + ry / 2)
    if crs.is_geographic:
        return west, south, east, north
    south = max(south, -MERCATOR_MAX_LAT) if _is_mercator(crs) else south
    north = min(north, MERCATOR_MAX_LAT) if _is_mercator(crs) else north
    tr = transformer(pyproj.CRS.from_user_input("OGC:CRS84"), crs)
    try:
        b = tr.transform_bounds(west, south, east, north, densify_pts=21)
    except pyproj.exceptions.ProjError:
        b = (float("nan"),) * 4
    return tuple(float(v) for v in b)


_MERCATOR: dict[str, bool] = {}


def _is_mercator(crs: pyproj.CRS) -> bool:
    key = crs.srs
    found = _MERCATOR.get(key)
    if found is None:
        found = _MERCATOR[key] = crs.to_epsg() == 3857
    return found


# --------------------------------------------------------------------------- dimensions
def iso_time(stamp) -> str:
    stamp = pd.Timestamp(stamp)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    if stamp.microsecond:
        return stamp.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_duration(delta: pd.Timedelta) -> str:
    seconds = int(delta.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    out = "P" + (f"{days}D" if days else "")
    clock = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + \
        (f"{secs}S" if secs else "")
    return out + ("T" + clock if clock else "") if (days or clock) else "PT0S"


def time_values(cube: Cube, max_list: int = 100) -> str | None:
    """The TIME dimension's value text: the ISO list, or start/end/period when the steps are
    regular and many."""
    times = cube.times
    if times is None or len(times) == 0:
        return None
    if len(times) > max_list:
        steps = np.unique(np.diff(times.values))
        if steps.size == 1:
            return f"{iso_time(times[0])}/{iso_time(times[-1])}/" \
                   f"{iso_duration(pd.Timedelta(steps[0]))}"
    return ",".join(iso_time(t) for t in times)


def default_time(cube: Cube) -> pd.Timestamp | None:
    return None if cube.times is None or len(cube.times) == 0 else cube.times[-1]


def elevation_values(cube: Cube) -> np.ndarray | None:
    return None if cube.z is None else np.asarray(cube.coord(cube.z), dtype="f8")


def elevation_units(cube: Cube) -> str:
    return str(cube.ds[cube.z].attrs.get("units", "m")) if cube.z else ""


def format_number(value: float) -> str:
    return f"{float(value):.6g}"


def _parse_instant(text: str) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(text.strip())
    except (ValueError, TypeError) as err:
        raise InvalidDimensionValue(f"TIME {text!r} is not an ISO 8601 instant",
                                    parameter="TIME") from err
    if stamp is pd.NaT:
        raise InvalidDimensionValue(f"TIME {text!r} is not an ISO 8601 instant",
                                    parameter="TIME")
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return stamp


def select_time(cube: Cube, value: str | None) -> tuple[int | None, pd.Timestamp | None]:
    """(index, time) of the step nearest to a TIME value (instant, 'current', or start/end:
    the last step in it); the default (latest) when no value is given."""
    times = cube.times
    if value is not None and not value.strip():
        raise MissingDimensionValue("TIME is given without a value", parameter="TIME")
    if times is None or len(times) == 0:
        return None, None
    if value is None or value.strip().lower() in ("current", "now", "present"):
        return len(times) - 1, times[-1]
    text = value.strip()
    if "," in text:
        raise InvalidDimensionValue("a map shows one time step; give one TIME value, not a "
                                    "list", parameter="TIME")
    values = times.values
    if "/" in text:
        parts = text.split("/")
        start = values[0] if parts[0] in ("", "..") else _parse_instant(parts[0]).to_datetime64()
        end = values[-1] if parts[1] in ("", "..") else _parse_instant(parts[1]).to_datetime64()
        inside = np.nonzero((values >= start) & (values <= end))[0]
        if inside.size == 0:
            raise InvalidDimensionValue(
                f"no time step in {text}; the layer has {iso_time(times[0])} to "
                f"{iso_time(times[-1])}", parameter="TIME")
        return int(inside[-1]), times[int(inside[-1])]
    stamp = _parse_instant(text).to_datetime64()
    step = (values[-1] - values[0]) / (len(values) - 1) if len(values) > 1 \
        else np.timedelta64(1, "D")
    if stamp < values[0] - step or stamp > values[-1] + step:
        raise InvalidDimensionValue(
            f"TIME {text} is outside the layer's time extent {iso_time(times[0])}/"
            f"{iso_time(times[-1])}", parameter="TIME")
    index = int(np.argmin(np.abs(values - stamp)))
    return index, times[index]


def select_elevation(cube: Cube, value: str | None) -> tuple[int | None, float | None]:
    """(index, value) of the level nearest to an ELEVATION value; the first level by default.
    A negative elevation on a positive-down depth axis means that depth."""
    levels = elevation_values(cube)
    if value is not None and not value.strip():
        raise MissingDimensionValue("ELEVATION is given without a value",
                                    parameter="ELEVATION")
    if levels is None:
        return None, None
    if value is None:
        return 0, float(levels[0])
    try:
        wanted = float(value.strip())
    except ValueError as err:
        raise InvalidDimensionValue(f"ELEVATION {value!r} is not a number",
                                    parameter="ELEVATION") from err
    if not math.isfinite(wanted):
        raise InvalidDimensionValue(f"ELEVATION {value!r} is not a number",
                                    parameter="ELEVATION")
    if wanted < 0 and np.all(levels >= 0):
        wanted = -wanted
    lo, hi = float(np.min(levels)), float(np.max(levels))
    gap = float(np.max(np.diff(np.sort(levels)))) if levels.size > 1 else 1.0
    if wanted < lo - gap or wanted > hi + gap:
        raise InvalidDimensionValue(
            f"ELEVATION {value} is outside the layer's levels {format_number(lo)} to "
            f"{format_number(hi)} {elevation_units(cube)}", parameter="ELEVATION")
    index = int(np.argmin(np.abs(levels - wanted)))
    return index, float(levels[index])


# --------------------------------------------------------------------------- styles
@dataclass(frozen=True)
class Style:
    name: str
    title: str
    colormap: str  # "cmocean:thermal" or a matplotlib name
    diverging: bool = False


STYLES = {
    s.name: s for s in (
        Style("thermal", "Thermal (cmocean, perceptually uniform)", "cmocean:thermal"),
        Style("viridis", "Viridis (perceptually uniform)", "viridis"),
        Style("haline", "Haline (cmocean, perceptually uniform)", "cmocean:haline"),
        Style("balance", "Balance (cmocean, diverging, centred on zero, for anomalies)",
              "cmocean:balance", diverging=True),
    )
}
NCOLOURS = 255  # palette indices 0..254 are colours; 255 is missing
MISSING = 255
_LUTS: dict[str, np.ndarray] = {}
_LUT_LOCK = threading.Lock()


def layer_styles(cube: Cube, variable: str) -> list[Style]:
    """The styles of a layer, its default first (chosen from the variable's meaning)."""
    info = cube.variable_info(variable)
    text = f"{info.get('standard_name', '')} {info.get('title', '')} {variable}".lower()
    if "temperature" in text or variable in ("thetao", "t2m", "sst", "analysed_sst"):
        first = "thermal"
    elif "salinity" in text:
        first = "haline"
    elif "anomal" in text or "eastward" in text or "northward" in text:
        first = "balance"
    else:
        first = "viridis"
    return [STYLES[first]] + [s for n, s in STYLES.items() if n != first]


def select_style(cube: Cube, variable: str, name: str | None) -> Style:
    styles = layer_styles(cube, variable)
    if not name or name.lower() == "default":
        return styles[0]
    key = name.strip().lower()
    if "/" in key:  # ncWMS-style "default-scalar/thermal"
        key = key.rsplit("/", 1)[1]
    for style in styles:
        if style.name == key:
            return style
    raise StyleNotDefined(f"style {name!r} is not defined for this layer; use one of "
                          f"{', '.join(s.name for s in styles)}", parameter="STYLES")


def palette(style: Style) -> np.ndarray:
    """(255, 3) uint8 colours of a style, from its lowest to its highest value."""
    lut = _LUTS.get(style.name)
    if lut is None:
        with _LUT_LOCK:
            if style.colormap.startswith("cmocean:"):
                import cmocean

                cmap = getattr(cmocean.cm, style.colormap.split(":", 1)[1])
            else:
                import matplotlib

                cmap = matplotlib.colormaps[style.colormap]
            rgba = cmap(np.linspace(0.0, 1.0, NCOLOURS))
            lut = np.round(rgba[:, :3] * 255).astype("uint8")
            _LUTS[style.name] = lut
    return lut


# --------------------------------------------------------------------------- colour range
_RANGES: dict[tuple, tuple[float, float]] = {}
_RANGE_LOCK = threading.Lock()


def _nice(value: float) -> float:
    if value == 0 or not math.isfinite(value):
        return value
    digits = 3 - int(math.floor(math.log10(abs(value)))) - 1
    return round(value, max(digits, 0) if abs(value) >= 1 else digits)


def default_range(cube: Cube, variable: str) -> tuple[float, float]:
    """A robust colour range of a variable: the 2nd and 98th percentiles of a coarse sample
    (at most about 256x256 cells of three time steps), computed once per process."""
    key = (cube.id, variable, id(cube.ds))
    found = _RANGES.get(key)
    if found is not None:
        return found
    with _RANGE_LOCK:
        found = _RANGES.get(key)
        if found is not None:
            return found
        da = cube.ds[variable]
        ny, nx = cube.ds.sizes[cube.y], cube.ds.sizes[cube.x]
        sel = {cube.y: slice(None, None, max(1, ny // 256)),
               cube.x: slice(None, None, max(1, nx // 256))}
        for dim in da.dims:
            if dim not in (cube.x, cube.y, cube.t):
                sel[dim] = 0
        samples = []
        steps = [None]
        if cube.t and cube.t in da.dims:
            n = da.sizes[cube.t]
            steps = sorted({0, n // 2, n - 1})
        for step in steps:
            part = dict(sel)
            if step is not None:
                part[cube.t] = step
            samples.append(_compute(da.isel(part)).ravel())
        values = np.concatenate(samples).astype("f8")
        values = values[np.isfinite(values)]
        if values.size == 0:
            lo, hi = 0.0, 1.0
        else:
            lo, hi = (float(v) for v in np.percentile(values, [2, 98]))
            if hi <= lo:
                pad = abs(lo) * 0.01 or 1.0
                lo, hi = lo - pad, hi + pad
            lo, hi = _nice(lo), _nice(hi)
            if hi <= lo:
                hi = lo + abs(lo) * 0.01 or 1.0
        _RANGES[key] = (lo, hi)
        return lo, hi


def style_range(cube: Cube, variable: str, style: Style) -> tuple[float, float]:
    """The default range as a style shows it (symmetric about zero for a diverging style
    whose data spans zero)."""
    lo, hi = default_range(cube, variable)
    if style.diverging and lo < 0 < hi:
        m = max(abs(lo), abs(hi))
        return -m, m
    return lo, hi


def parse_range(text: str | None, cube: Cube, variable: str,
                style: Style) -> tuple[float, float]:
    """COLORSCALERANGE=min,max (ncWMS); 'default', 'auto' or absent: the default range."""
    if text is None or text.strip().lower() in ("", "default", "auto"):
        return style_range(cube, variable, style)
    parts = text.split(",")
    try:
        lo, hi = (float(p) for p in parts)
    except ValueError:
        raise InvalidParameter(f"COLORSCALERANGE {text!r} must be min,max (two numbers)",
                               parameter="COLORSCALERANGE") from None
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        raise InvalidParameter(f"COLORSCALERANGE {text!r}: min must be below max",
                               parameter="COLORSCALERANGE")
    return lo, hi


# --------------------------------------------------------------------------- reading
def _compute(da) -> np.ndarray:
    data = da.data
    if _dask_array is not None and isinstance(data, _dask_array.Array):
        return np.asarray(data.compute(scheduler="synchronous"))
    return np.asarray(da.values)


def _wrap_lon(lon: np.ndarray, to_360: bool) -> np.ndarray:
    return np.mod(lon, 360.0) if to_360 else np.mod(lon + 180.0, 360.0) - 180.0


def _nearest(axis: np.ndarray, q: np.ndarray, cyclic: bool) -> tuple[np.ndarray, np.ndarray]:
    """Index of the nearest axis value to each q, and whether q is on the grid at all."""
    n = axis.size
    ascending = n < 2 or axis[-1] >= axis[0]
    a = axis if ascending else axis[::-1]
    half = abs(float(a[-1] - a[0])) / (n - 1) / 2 if n > 1 else 0.5
    q = np.asarray(q, dtype="f8")
    if cyclic:
        q = np.where(q > a[-1] + half, q - 360.0, q)
        q = np.where(q < a[0] - half, q + 360.0, q)
    finite = np.isfinite(q)
    qq = np.where(finite, q, a[0])
    if n == 1:
        idx = np.zeros(q.shape, dtype="i8")
    else:
        pos = np.clip(np.searchsorted(a, qq), 1, n - 1)
        left, right = a[pos - 1], a[pos]
        idx = np.where(qq - left <= right - qq, pos - 1, pos)
    valid = finite if cyclic else finite & (qq >= a[0] - half) & (qq <= a[-1] + half)
    if cyclic:  # beyond the last cell, nearer to the first one again
        idx = np.where(qq < a[0], 0, idx)
    if not ascending:
        idx = n - 1 - idx
    return idx.astype("i8"), valid


def _segments(idx: np.ndarray, n: int) -> list[tuple[int, int]]:
    """The index ranges to read: one, or two when the indices wrap around a cyclic axis."""
    used = np.unique(idx)
    if used.size == 0:
        return []
    if used.size > 1:
        gaps = np.diff(used)
        g = int(np.argmax(gaps))
        if gaps[g] > n // 2:
            return [(int(used[g + 1]), int(used[-1])), (int(used[0]), int(used[g]))]
    return [(int(used[0]), int(used[-1]))]


def _positions(idx: np.ndarray, segments, stride: int) -> tuple[list[slice], np.ndarray]:
    """Slices to read, and where each wanted index lands in their concatenation."""
    slices, pos = [], np.zeros(idx.shape, dtype="i8")
    offset = 0
    for a, b in segments:
        count = (b - a) // stride + 1
        inside = (idx >= a) & (idx <= b)
        pos[inside] = offset + np.clip(np.rint((idx[inside] - a) / stride), 0, count - 1)
        slices.append(slice(a, a + (count - 1) * stride + 1))
        offset += count
    return slices, pos


_SOURCES: dict[tuple, object] = {}
CONTIGUOUS_CELLS = 4_000_000  # largest window read whole and thinned in memory


def _lazy_source(cube: Cube, variable: str):
    """The decoded, lazily indexed backend array under a variable's dask array, when the
    cube holds it as one piece (one file): indexing it reads just the window, without
    building a dask graph per tile (that costs more than the read itself). None otherwise
    (several files, Zarr, ...): then the dask array is used."""
    key = (cube.id, variable)
    found = _SOURCES.get(key)
    if found is not None and found[0] is cube.ds:  # the same opening of the files
        return found[1]
    source = None
    data = cube.ds[variable].data
    if _dask_array is not None and isinstance(data, _dask_array.Array):
        try:
            graph = data.__dask_graph__()
            originals = [k for k in graph.keys()
                         if isinstance(k, str) and k.startswith("original-")]
            if len(originals) == 1:
                candidate = graph[originals[0]]
                if tuple(getattr(candidate, "shape", ())) == tuple(data.shape) and \
                        hasattr(candidate, "__getitem__"):
                    source = candidate
        except Exception:  # pragma: no cover - another dask/xarray layout: use dask
            source = None
    _SOURCES[key] = (cube.ds, source)
    return source


def _read_window(cube: Cube, variable: str, t_index, z_index, yslices, xslices, ystride,
                 xstride) -> np.ndarray:
    da = cube.ds[variable]
    fixed = {}
    for dim in da.dims:
        if dim == cube.t:
            fixed[dim] = t_index or 0
        elif dim == cube.z:
            fixed[dim] = z_index or 0
        elif dim not in (cube.x, cube.y):
            fixed[dim] = 0
    source = _lazy_source(cube, variable)
    y_first = da.dims.index(cube.y) < da.dims.index(cube.x)
    if source is None:
        da = da.isel(fixed) if fixed else da
    rows = []
    for ys in yslices:
        cols = []
        for xs in xslices:
            # a small stride is read contiguously and thinned here (netCDF strided reads are
            # slower than plain ones below a stride of about 4)
            # (and always strided when the plain window would be large)
            big = (ys.stop - ys.start) * (xs.stop - xs.start) > CONTIGUOUS_CELLS
            step_y = ys.stop - ys.start > 1 and (ystride >= 4 or (big and ystride > 1))
            step_x = xs.stop - xs.start > 1 and (xstride >= 4 or (big and xstride > 1))
            ysel = slice(ys.start, ys.stop, ystride if step_y else None)
            xsel = slice(xs.start, xs.stop, xstride if step_x else None)
            if source is not None:
                key = tuple(fixed[d] if d in fixed else ysel if d == cube.y else xsel
                            for d in da.dims)
                block = np.asarray(source[key])
                if not y_first:
                    block = block.T
            else:
                part = da.isel({cube.y: ysel, cube.x: xsel}).transpose(cube.y, cube.x)
                block = _compute(part)
            if not step_y:
                block = block[::ystride]
            if not step_x:
                block = block[:, ::xstride]
            cols.append(block)
        rows.append(np.concatenate(cols, axis=1) if len(cols) > 1 else cols[0])
    return np.concatenate(rows, axis=0) if len(rows) > 1 else rows[0]


@dataclass
class PixelGrid:
    """Where the pixels of a map fall on a dataset's grid."""

    xi: np.ndarray  # cell index along x: (width,) when separable, else (height, width)
    yi: np.ndarray
    xvalid: np.ndarray
    yvalid: np.ndarray
    xstride: int
    ystride: int
    separable: bool


def _pixel_centres(bbox, width: int, height: int) -> tuple[np.ndarray, np.ndarray]:
    minx, miny, maxx, maxy = bbox
    xs = minx + (np.arange(width) + 0.5) * (maxx - minx) / width
    ys = maxy - (np.arange(height) + 0.5) * (maxy - miny) / height
    return xs, ys


def _stride(pixel_size: float, cell_size: float) -> int:
    if not (math.isfinite(pixel_size) and cell_size > 0):
        return 1
    return max(1, int(pixel_size / cell_size + 1e-6))


def _data_coordinates(cube: Cube, crs: pyproj.CRS, xs, ys, grid: bool):
    """Coordinates in the cube's CRS of points (xs, ys) in the map CRS: separable 1-D
    (lon of columns, lat of rows) when possible, else 2-D arrays. Returns (dx, dy, separable)."""
    same = crs.equals(cube.crs) or (crs.is_geographic and cube.geographic)
    if not grid:
        if same:
            return np.asarray(xs, "f8"), np.asarray(ys, "f8"), True
        if cube.geographic and _is_mercator(crs):
            lon = np.degrees(np.asarray(xs, "f8") / EARTH_RADIUS)
            lat = np.degrees(np.arctan(np.sinh(np.asarray(ys, "f8") / EARTH_RADIUS)))
            return lon, lat, True
    X, Y = np.meshgrid(xs, ys)
    dx, dy = transformer(crs, cube.crs).transform(X, Y, errcheck=False)
    dx, dy = np.asarray(dx, "f8"), np.asarray(dy, "f8")
    bad = ~np.isfinite(dx) | ~np.isfinite(dy) | (np.abs(dx) > 1e20) | (np.abs(dy) > 1e20)
    dx[bad] = np.nan
    dy[bad] = np.nan
    return dx, dy, False


def pixel_grid(cube: Cube, crs: pyproj.CRS, bbox, width: int, height: int) -> PixelGrid:
    xs, ys = _pixel_centres(bbox, width, height)
    same = crs.equals(cube.crs) or (crs.is_geographic and cube.geographic)
    separable = same or (cube.geographic and _is_mercator(crs))
    if separable:
        dx, dy, _ = _data_coordinates(cube, crs, xs, ys, grid=False)
    else:
        dx, dy, _ = _data_coordinates(cube, crs, xs, ys, grid=True)
    xaxis, yaxis = cube.coord(cube.x).astype("f8"), cube.coord(cube.y).astype("f8")
    rx, ry = cube.resolution
    cyclic = False
    if cube.geographic:
        dx = _wrap_lon(dx, cube.lon_is_360)
        if not cube.lon_is_360 and xaxis.size and np.nanmax(xaxis) > 180:  # pragma: no cover
            dx = _wrap_lon(dx, True)
        cyclic = xaxis.size > 1 and abs(xaxis.size * rx - 360.0) < rx * 1.5
    xi, xvalid = _nearest(xaxis, dx, cyclic)
    yi, yvalid = _nearest(yaxis, dy, False)
    if separable:
        px = abs(float(np.median(np.abs(np.diff(xs))))) if width > 1 else 0.0
        if cube.geographic and _is_mercator(crs):
            px = px / EARTH_RADIUS * 180.0 / math.pi
            # Mercator pixels are shorter in latitude away from the equator
            lat = np.abs(dy[np.isfinite(dy)])
            cosmin = math.cos(math.radians(float(lat.max()))) if lat.size else 1.0
            py = px * cosmin
        else:
            py = abs(float(np.median(np.abs(np.diff(ys))))) if height > 1 else 0.0
        xstride, ystride = _stride(px, rx), _stride(py, ry)
    else:
        def step(a, axis):
            d = np.abs(np.diff(a, axis=axis))
            d = d[np.isfinite(d)]
            if cube.geographic:
                d = np.minimum(d, 360.0 - d)
            return float(np.median(d)) if d.size else 0.0
        px = math.hypot(step(dx, 1), step(dy, 1))
        py = math.hypot(step(dx, 0), step(dy, 0))
        xstride, ystride = _stride(min(px, py), rx), _stride(min(px, py), ry)
    return PixelGrid(xi, yi, xvalid, yvalid, xstride, ystride, separable)


def read_map(cube: Cube, variable: str, crs: pyproj.CRS, bbox, width: int, height: int,
             t_index: int | None = None, z_index: int | None = None) -> np.ndarray:
    """(height, width) float values of a variable on a map's pixels (NaN where missing),
    reading only the window the map covers, thinned to about one cell per pixel."""
    g = pixel_grid(cube, crs, bbox, width, height)
    nx, ny = cube.ds.sizes[cube.x], cube.ds.sizes[cube.y]
    out = np.full((height, width), np.nan, dtype="f4")
    if g.separable:
        valid = g.yvalid[:, None] & g.xvalid[None, :]
        xw, yw = g.xi[g.xvalid], g.yi[g.yvalid]
    else:
        valid = g.xvalid & g.yvalid
        xw, yw = g.xi[valid], g.yi[valid]
    if not valid.any():
        return out
    xseg, yseg = _segments(xw, nx), _segments(yw, ny)
    xslices, xpos = _positions(g.xi, xseg, g.xstride)
    yslices, ypos = _positions(g.yi, yseg, g.ystride)
    block = _read_window(cube, variable, t_index, z_index, yslices, xslices, g.ystride,
                         g.xstride)
    if g.separable:
        values = block[ypos[:, None], xpos[None, :]]
    else:
        values = block[ypos, xpos]
    out[valid] = values[valid]
    return out


def value_at(cube: Cube, variable: str, crs: pyproj.CRS, bbox, width: int, height: int,
             i: int, j: int, t_index: int | None = None,
             z_index: int | None = None) -> dict:
    """The value of the grid cell under pixel (i, j) (column, row from the top left) of a
    map, with where it is."""
    xs, ys = _pixel_centres(bbox, width, height)
    px, py = np.array([xs[i]]), np.array([ys[j]])
    dx, dy, separable = _data_coordinates(cube, crs, px, py, grid=False)
    if not separable:
        dx, dy = (a.ravel() for a in transformer(crs, cube.crs).transform(px, py,
                                                                          errcheck=False))
    xaxis, yaxis = cube.coord(cube.x).astype("f8"), cube.coord(cube.y).astype("f8")
    cyclic = False
    if cube.geographic:
        dx = _wrap_lon(np.asarray(dx, "f8"), cube.lon_is_360)
        rx = cube.resolution[0]
        cyclic = xaxis.size > 1 and abs(xaxis.size * rx - 360.0) < rx * 1.5
    xi, xv = _nearest(xaxis, np.asarray(dx, "f8"), cyclic)
    yi, yv = _nearest(yaxis, np.asarray(dy, "f8"), False)
    result = {"x": float(xs[i]), "y": float(ys[j]), "value": None, "cell": None}
    lon, lat = transformer(crs, pyproj.CRS.from_user_input("OGC:CRS84")).transform(
        float(xs[i]), float(ys[j]), errcheck=False)
    result["lon"], result["lat"] = float(lon), float(lat)
    if not (bool(xv[0]) and bool(yv[0])):
        return result
    block = _read_window(cube, variable, t_index, z_index,
                         [slice(int(yi[0]), int(yi[0]) + 1)],
                         [slice(int(xi[0]), int(xi[0]) + 1)], 1, 1)
    value = float(block[0, 0])
    result["value"] = value if math.isfinite(value) else None
    result["cell"] = {cube.x: float(xaxis[xi[0]]), cube.y: float(yaxis[yi[0]])}
    return result


# --------------------------------------------------------------------------- encoding
def colour_indices(values: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Palette indices 0..254 of values scaled over [lo, hi] (clamped), 255 where missing."""
    scaled = (values - lo) * ((NCOLOURS - 1) / (hi - lo))
    missing = ~np.isfinite(scaled)
    np.clip(scaled, 0, NCOLOURS - 1, out=scaled)
    scaled[missing] = MISSING
    return np.rint(scaled).astype("uint8")


def parse_colour(text: str | None, default=(255, 255, 255)) -> tuple[int, int, int]:
    """BGCOLOR=0xRRGGBB."""
    if not text:
        return default
    t = text.strip().lower()
    t = t[2:] if t.startswith("0x") else t.lstrip("#")
    if len(t) != 6:
        raise InvalidParameter(f"BGCOLOR {text!r} must be 0xRRGGBB", parameter="BGCOLOR")
    try:
        return tuple(int(t[k:k + 2], 16) for k in (0, 2, 4))
    except ValueError:
        raise InvalidParameter(f"BGCOLOR {text!r} must be 0xRRGGBB",
                               parameter="BGCOLOR") from None


IMAGE_FORMATS = ("image/png", "image/jpeg")


def encode_image(indices: np.ndarray, style: Style, fmt: str, transparent: bool = True,
                 bgcolor=(255, 255, 255)) -> bytes:
    """A paletted PNG (missing transparent, or the background colour) or a JPEG."""
    from PIL import Image

    lut = palette(style)
    pal = np.vstack([lut, np.array([bgcolor], dtype="uint8")])
    h, w = indices.shape
    buf = io.BytesIO()
    if fmt == "image/png":
        img = Image.frombuffer("P", (w, h), np.ascontiguousarray(indices).tobytes(), "raw",
                               "P", 0, 1)
        img.putpalette(pal.tobytes())
        if transparent:
            img.save(buf, format="PNG", transparency=b"\xff" * NCOLOURS + b"\x00",
                     compress_level=1)
        else:
            img.save(buf, format="PNG", compress_level=1)
    elif fmt == "image/jpeg":
        rgb = pal[indices]
        Image.fromarray(rgb, "RGB").save(buf, format="JPEG", quality=90)
    else:
        raise InvalidParameter(f"format {fmt!r} is not offered; use one of "
                               f"{', '.join(IMAGE_FORMATS)}", parameter="FORMAT")
    return buf.getvalue()


@dataclass
class MapPicture:
    body: bytes
    media_type: str
    time: pd.Timestamp | None
    elevation: float | None
    colour_range: tuple[float, float]
    style: str


def render_map(cube: Cube, variable: str, crs: pyproj.CRS, bbox, width: int, height: int,
               *, style: Style, colour_range: tuple[float, float], fmt: str = "image/png",
               t_index: int | None = None, z_index: int | None = None,
               transparent: bool = True, bgcolor=(255, 255, 255)) -> bytes:
    values = read_map(cube, variable, crs, bbox, width, height, t_index, z_index)
    indices = colour_indices(values, *colour_range)
    return encode_image(indices, style, fmt, transparent, bgcolor)


def legend_png(style: Style, lo: float, hi: float, units: str = "", title: str = "",
               width: int = 110, height: int = 264) -> bytes:
    """A vertical colour bar (maximum at the top, minimum at the bottom) labelled with the
    range and the units. The PNG also carries the range and units as text chunks."""
    from PIL import Image, ImageDraw, ImageFont
    from PIL.PngImagePlugin import PngInfo

    width, height = max(40, min(width, 1024)), max(60, min(height, 2048))
    lut = palette(style)
    img = Image.new("RGBA", (width, height), (255, 255, 255, 255))
    top, bottom = 18, height - 8
    bar_x0, bar_x1 = 4, min(26, width // 3)
    n = bottom - top
    frac = 1.0 - np.arange(n) / max(n - 1, 1)  # top row = hi, bottom row = lo
    colours = lut[np.clip(np.rint(frac * (NCOLOURS - 1)), 0, NCOLOURS - 1).astype(int)]
    bar = np.repeat(colours[:, None, :], bar_x1 - bar_x0, axis=1)
    alpha = np.full(bar.shape[:2] + (1,), 255, dtype="uint8")
    img.paste(Image.fromarray(np.concatenate([bar, alpha], axis=2), "RGBA"), (bar_x0, top))
    draw = ImageDraw.Draw(img)
    try:
        font = ImageFont.load_default(size=11)
    except TypeError:  # pragma: no cover - old Pillow
        font = ImageFont.load_default()
    draw.rectangle([bar_x0 - 1, top - 1, bar_x1, bottom], outline=(0, 0, 0, 255))
    for k, value in enumerate(np.linspace(hi, lo, 5)):
        y = top + k * (n - 1) / 4
        draw.line([(bar_x1, y), (bar_x1 + 3, y)], fill=(0, 0, 0, 255))
        draw.text((bar_x1 + 5, y - 6), format_number(value), fill=(0, 0, 0, 255), font=font)
    label = units if not title else f"{title} [{units}]" if units else title
    draw.text((2, 2), label[: max(4, width // 6)], fill=(0, 0, 0, 255), font=font)
    info = PngInfo()
    info.add_text("colorscalerange", f"{format_number(lo)},{format_number(hi)}")
    info.add_text("units", units)
    info.add_text("style", style.name)
    buf = io.BytesIO()
    img.save(buf, format="PNG", pnginfo=info)
    return buf.getvalue()


# --------------------------------------------------------------------------- tile cache
class PictureCache:
    """A small LRU of rendered pictures, bounded in bytes, keyed by the normalised request."""

    def __init__(self, max_bytes: int = 64 * 1024 * 1024):
        self.max_bytes = max_bytes
        self._items: OrderedDict = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key):
        with self._lock:
            item = self._items.get(key)
            if item is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return item[0]

    def put(self, key, value, size: int) -> None:
        if size > self.max_bytes // 8:
            return
        with self._lock:
            if key in self._items:
                return
            self._items[key] = (value, size)
            self._size += size
            while self._size > self.max_bytes and self._items:
                _, (_, s) = self._items.popitem(last=False)
                self._size -= s


__all__ = [
    "InvalidCRS", "InvalidDimensionValue", "InvalidPoint", "MissingDimensionValue",
    "OpendiasError", "PictureCache", "STYLES", "Style", "StyleNotDefined", "bbox_in_crs",
    "colour_indices", "default_range", "encode_image", "layer_crs_names", "layer_styles",
    "legend_png", "northing_first", "parse_colour", "parse_crs", "parse_range", "read_map",
    "render_map", "select_elevation", "select_style", "select_time", "time_values",
    "value_at",
]
