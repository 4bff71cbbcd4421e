"""Where a map's pixels fall on a dataset's grid, and the window of cells read for them:
`read_map` (the values under a map's pixels) and `value_at` (the cell under one pixel).
See `opendias.operations.render` for how a picture is made."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pyproj

from opendias.datacube import Cube
from opendias.operations import budget
from opendias.operations.render.map_crs import EARTH_RADIUS, is_mercator, transformer
from opendias.params import CRS84

try:  # a dask-backed cube is computed in the calling thread: no thread pool per tile
    import dask.array as _dask_array
except ImportError:  # pragma: no cover
    _dask_array = None


def compute(da) -> np.ndarray:
    data = da.data
    if _dask_array is not None and isinstance(data, _dask_array.Array):
        return np.asarray(data.compute(scheduler=budget.get))  # the request's budget
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
            budget.check()  # the request's time limit, its client still there
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
                block = compute(part)
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
        if cube.geographic and is_mercator(crs):
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
    separable = same or (cube.geographic and is_mercator(crs))
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
        if cube.geographic and is_mercator(crs):
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
    lon, lat = transformer(crs, CRS84).transform(
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

