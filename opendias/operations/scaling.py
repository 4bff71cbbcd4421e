"""Resample a selection to a grid of so many cells (OGC API - Coverages scaling:
`scale-size`, `scale-axes`, `scale-factor`, `width`/`height`; opendias.params.scaling).

The target grid: `n` equal cells between the edges of the requested box (the spatial
subset or bbox; the dataset's extent without one), cell centres at edge + (i + 1/2) step.
An axis not scaled keeps the number of source cells the box holds; a factor divides it.
Axes named as longitude/latitude (`Lon`, `Long`, `Lat`, GDAL's names) on a projected dataset
ask for a lon/lat (CRS84) grid; the dataset's own axis names (or x/y, width/height) for a
grid in its own CRS.

Resampling method: nearest neighbour. Each target cell takes the value of the source cell
whose centre is nearest along each source axis (for a lon/lat grid on a projected dataset,
of the target centre transformed to the dataset's CRS); a target centre outside the source
cells' edges is missing (the fill value, or 0 for integers without one). Values are not
computed: the source's type, fill value, packing and colours stay (the GeoTIFF writer
keeps them). Only the chunks holding the chosen cells are read.
"""

from __future__ import annotations

import numpy as np
import pyproj
import xarray as xr

from opendias.datacube import CRS84, Cube
from opendias.errors import InvalidParameter, TooLarge
from opendias.params import bbox_xy, parse_bbox, parse_crs, parse_number
from opendias.params.scaling import Scaling

MAX_CELLS = 16_777_216  # cells of a scaled 2-D grid (4096 x 4096)
MAX_LONLAT_CELLS = 4_194_304  # of a lon/lat grid over a projected dataset (2-D transforms)
LON_NAMES = ("lon", "long", "longitude")
LAT_NAMES = ("lat", "latitude")


def _role(cube: Cube, name: str) -> tuple[str, bool]:
    """(x or y, whether the name asks for a lon/lat grid) of a scaling or subset axis."""
    lname = name.lower()
    for role, dim, lonlat, plain in (("x", cube.x, LON_NAMES, ("x", "e", "easting", "width")),
                                     ("y", cube.y, LAT_NAMES, ("y", "n", "northing",
                                                               "height"))):
        if lname == dim.lower() or lname in plain:
            return role, cube.geographic
        if lname in lonlat:
            return role, True
    raise InvalidParameter(f"scaling axis {name!r} is not a horizontal axis of {cube.id!r} "
                           f"(its axes: {cube.x}, {cube.y}; or Lon, Lat)",
                           parameter="scale-size")


def split_subsets(cube: Cube, subsets: dict) -> tuple[dict, dict]:
    """({role: (low, high, lonlat)}, the other subsets) of a request's subsets."""
    spatial, rest = {}, {}
    for name, values in (subsets or {}).items():
        try:
            role, lonlat = _role(cube, name)
        except InvalidParameter:
            rest[name] = values
            continue
        if len(values) != 2:
            raise InvalidParameter(f"with scaling, the subset on {name} is a range, "
                                   f"{name}(low:high)", parameter="subset")
        low, high = (parse_number(v, parameter="subset", axis=name) for v in values)
        spatial[role] = (low, high, lonlat)
    return spatial, rest


def _source_box(cube: Cube, lonlat: bool) -> list[float]:
    minx, miny, maxx, maxy = cube.native_bbox
    rx, ry = cube.resolution
    edges = [minx - rx / 2, miny - ry / 2, maxx + rx / 2, maxy + ry / 2]
    if cube.geographic or not lonlat:
        return edges
    tr = pyproj.Transformer.from_crs(cube.crs, CRS84, always_xy=True)
    return list(tr.transform_bounds(*edges, densify_pts=21))


def target_box(cube: Cube, lonlat: bool, spatial: dict, bbox=None, bbox_crs=None):
    """The box (x/y order, edges) of the target grid, in CRS84 or the dataset's CRS."""
    box = _source_box(cube, lonlat)
    target = CRS84 if lonlat and not cube.geographic else cube.crs
    if bbox not in (None, "", []):
        crs = parse_crs(bbox_crs)
        given = bbox_xy(parse_bbox(bbox, allow_z=False), crs)
        if not crs.equals(target) and not (crs.is_geographic and target.is_geographic):
            tr = pyproj.Transformer.from_crs(crs, target, always_xy=True)
            given = list(tr.transform_bounds(*given, densify_pts=21))
        box = list(given)
    for role, (low, high, _lonlat) in spatial.items():
        k = 0 if role == "x" else 1
        box[k], box[k + 2] = low, high
    if not all(np.isfinite(box)):
        raise InvalidParameter("the box to scale falls outside the area where the dataset's "
                               "CRS is defined", parameter="bbox")
    if not (box[2] > box[0] and box[3] > box[1]):
        raise InvalidParameter(f"the box to scale is empty or inverted: {box}",
                               parameter="subset")
    return box


def _counts(cube: Cube, scaling: Scaling, box, lonlat: bool) -> tuple[int, int]:
    if lonlat and not cube.geographic:
        w, s, e, n = _source_box(cube, True)
        rx = (e - w) / cube.ds.sizes[cube.x]
        ry = (n - s) / cube.ds.sizes[cube.y]
    else:
        rx, ry = cube.resolution
    native = [max(1, round((box[2] - box[0]) / rx)) if rx else 1,
              max(1, round((box[3] - box[1]) / ry)) if ry else 1]
    for name, size in scaling.sizes.items():
        native[0 if _role(cube, name)[0] == "x" else 1] = size
    for name, factor in scaling.factors.items():
        for k in ((0, 1) if name == "*" else (0 if _role(cube, name)[0] == "x" else 1,)):
            native[k] = max(1, round(min(native[k] / factor, 1e12)))  # 1e12: too many
    return native[0], native[1]


def _nearest(src: np.ndarray, targets: np.ndarray, res: float, periodic: bool):
    """(index of the nearest source coordinate, inside the source cells) per target."""
    order = np.argsort(src, kind="stable")
    s = src[order]
    lo, hi = s[0] - res / 2, s[-1] + res / 2
    t = lo + np.mod(targets - lo, 360.0) if periodic else targets
    pos = np.clip(np.searchsorted(s, t), 1, max(1, s.size - 1))
    left = np.clip(pos - 1, 0, s.size - 1)
    right = np.clip(pos, 0, s.size - 1)
    pick = np.where(np.abs(t - s[left]) <= np.abs(s[right] - t), left, right)
    inside = (t >= lo - 1e-9) & (t <= hi + 1e-9)
    return order[pick], inside


def _centres(low: float, high: float, n: int) -> np.ndarray:
    return low + (high - low) * (np.arange(n) + 0.5) / n


def _masked(ds: xr.Dataset, inside: xr.DataArray) -> xr.Dataset:
    out = ds.copy()
    for name, var in ds.data_vars.items():
        enc = dict(var.encoding)
        if var.dtype.kind == "f":
            new = var.where(inside)
        else:
            fill = enc.get("_FillValue", enc.get("missing_value", 0))
            new = var.where(inside, fill).astype(var.dtype)
        new.encoding = enc
        new.attrs = var.attrs
        out[name] = new
    return out


def scale(cube: Cube, ds: xr.Dataset, scaling: Scaling, spatial: dict | None = None,
          bbox=None, bbox_crs=None) -> xr.Dataset:
    """`ds` (a selection of `cube` not cut in space) resampled to the scaled grid."""
    spatial = spatial or {}
    lonlat = (not cube.geographic) and (
        any(_role(cube, n)[1] for n in (*scaling.sizes, *scaling.factors) if n != "*")
        or any(v[2] for v in spatial.values()))
    box = target_box(cube, lonlat, spatial, bbox, bbox_crs)
    nx, ny = _counts(cube, scaling, box, lonlat)
    limit = MAX_LONLAT_CELLS if lonlat else MAX_CELLS
    if nx * ny > limit:
        raise TooLarge(f"the scaled grid would have {nx} x {ny} = {nx * ny:,} cells, above "
                       f"the limit of {limit:,}: ask for fewer cells or a smaller box",
                       cells=nx * ny, limit=limit)
    tx, ty = _centres(box[0], box[2], nx), _centres(box[1], box[3], ny)
    rx, ry = cube.resolution
    sx = np.asarray(cube.coord(cube.x), "f8")
    sy = np.asarray(cube.coord(cube.y), "f8")
    if lonlat:
        xx, yy = np.meshgrid(tx, ty)
        tr = pyproj.Transformer.from_crs(CRS84, cube.crs, always_xy=True)
        px, py = tr.transform(xx, yy)
        ix, in_x = _nearest(sx, px.ravel(), rx, False)
        iy, in_y = _nearest(sy, py.ravel(), ry, False)
        dims = ("lat", "lon")
        out = ds.isel({cube.x: xr.DataArray(ix.reshape(ny, nx), dims=dims),
                       cube.y: xr.DataArray(iy.reshape(ny, nx), dims=dims)})
        out = out.drop_vars([c for c in (cube.x, cube.y) if c in out.coords])
        out = out.assign_coords(lon=("lon", tx, {"units": "degrees_east",
                                                 "standard_name": "longitude"}),
                                lat=("lat", ty, {"units": "degrees_north",
                                                 "standard_name": "latitude"}))
        inside = xr.DataArray((in_x & in_y).reshape(ny, nx), dims=dims)
    else:
        ix, in_x = _nearest(sx, tx, rx, cube.geographic)
        iy, in_y = _nearest(sy, ty, ry, False)
        out = ds.isel({cube.x: ix, cube.y: iy})
        out = out.assign_coords({cube.x: (cube.x, tx.astype(sx.dtype), ds[cube.x].attrs),
                                 cube.y: (cube.y, ty.astype(sy.dtype), ds[cube.y].attrs)})
        inside = xr.DataArray(in_y[:, None] & in_x[None, :], dims=(cube.y, cube.x))
    for name in out.data_vars:
        out[name].encoding = dict(ds[name].encoding)
    xname, yname = ("lon", "lat") if lonlat else (cube.x, cube.y)
    out[xname].encoding["cell_size"] = (box[2] - box[0]) / nx  # for a grid of one cell
    out[yname].encoding["cell_size"] = (box[3] - box[1]) / ny
    if not bool(inside.all()):
        out = _masked(out, inside)
    return out
