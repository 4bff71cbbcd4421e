"""Subset a cube: bbox (any CRS, antimeridian included), time interval, axis ranges,
variables, polygon mask. Plain functions over the lazy cube: nothing is read here.

Box convention (as CDO's `sellonlatbox`): a cell is selected when its centre lies inside the
box, edges included. Output longitudes follow the request's frame: a request in -180..180 on
a 0..360 dataset returns -180..180 longitudes, and a box crossing the antimeridian returns
one continuous, increasing longitude axis (e.g. 170..190).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyproj
import shapely
import shapely.ops
import xarray as xr

from opendias.datacube import CRS84, Cube
from opendias.errors import EmptyResult, InvalidParameter, TooLarge
from opendias.params import (parse_bbox, parse_crs, parse_datetime, parse_interval,
                             parse_number, parse_steps, parse_subset, steps_text)

EPS = 1e-5  # degrees (or metres) of tolerance on box edges, for float32 coordinates

_AXIS_ALIASES = {
    "x": ("x", "lon", "long", "longitude", "e", "easting"),
    "y": ("y", "lat", "latitude", "n", "northing"),
    "t": ("t", "time", "date", "datetime"),
    "z": ("z", "depth", "elevation", "height", "level", "h"),
}


# -- selection -------------------------------------------------------------------------------

def count_cells(ds: xr.Dataset) -> int:
    return int(sum(int(np.prod(v.shape)) for v in ds.data_vars.values()))


def _runs(idx: np.ndarray) -> list[tuple[int, int]]:
    """Contiguous runs [a, b] of an index array, in order."""
    if idx.size == 0:
        return []
    breaks = np.nonzero(np.diff(idx) != 1)[0]
    starts = np.concatenate([[0], breaks + 1])
    ends = np.concatenate([breaks, [idx.size - 1]])
    return [(int(idx[s]), int(idx[e])) for s, e in zip(starts, ends)]


def _select_range(ds: xr.Dataset, dim: str, low: float, high: float) -> xr.Dataset:
    values = np.asarray(ds[dim].values, dtype="f8")
    idx = np.nonzero((values >= low - EPS) & (values <= high + EPS))[0]
    runs = _runs(idx)
    if not runs:
        return ds.isel({dim: slice(0, 0)})
    return ds.isel({dim: slice(runs[0][0], runs[-1][1] + 1)})


def _select_lon(ds: xr.Dataset, dim: str, west: float, east: float) -> xr.Dataset:
    """Longitudes from west to east (east < west crosses the antimeridian), any data frame."""
    width = east - west if east >= west else east - west + 360.0
    lon = np.asarray(ds[dim].values, dtype="f8")
    if width >= 360.0 - EPS:
        return ds
    frame = lon + 360.0 * np.ceil((west - EPS - lon) / 360.0)  # each lon in [west, west+360)
    inside = frame <= west + width + EPS
    idx = np.nonzero(inside)[0]
    if idx.size == 0:
        return ds.isel({dim: slice(0, 0)})
    order = idx[np.argsort(frame[idx], kind="stable")]
    pieces = [ds.isel({dim: slice(a, b + 1)}) for a, b in _runs(order)]
    out = pieces[0] if len(pieces) == 1 else xr.concat(pieces, dim=dim, data_vars="minimal",
                                                        coords="minimal", compat="override",
                                                        join="override")
    new_lon = frame[order].astype(ds[dim].dtype)
    if not np.array_equal(new_lon, np.asarray(out[dim].values)):
        out = out.assign_coords({dim: (dim, new_lon, ds[dim].attrs)})
    return out


def _bbox_in_native(cube: Cube, bbox: list[float], crs: pyproj.CRS) -> list[float]:
    """The request bbox as (minx, miny, maxx, maxy) in the cube's CRS, x/y order.
    The bbox is given in `crs`'s own axis order (CRS84: lon,lat; EPSG:4326: lat,lon)."""
    a0, a1, b0, b1 = bbox
    first_axis = crs.axis_info[0].direction.lower() if crs.axis_info else "east"
    if first_axis in ("north", "south"):
        minx, miny, maxx, maxy = a1, a0, b1, b0
    else:
        minx, miny, maxx, maxy = a0, a1, b0, b1
    if miny > maxy:
        raise InvalidParameter(f"bbox is inverted: its minimum y ({miny}) is above its "
                               f"maximum y ({maxy})", parameter="bbox")
    if crs.is_geographic:
        if miny < -90 - EPS or maxy > 90 + EPS:
            raise InvalidParameter(f"bbox latitude out of range -90..90: {miny}..{maxy}",
                                   parameter="bbox")
        if minx < -180 - EPS or maxx > 360 + EPS or minx > 360 or maxx < -180:
            raise InvalidParameter(f"bbox longitude out of range -180..180 (or 0..360): "
                                   f"{minx}..{maxx}", parameter="bbox")
        if cube.geographic:
            return [minx, miny, maxx, maxy]
    elif minx > maxx:
        raise InvalidParameter(f"bbox is inverted: its minimum x ({minx}) is beyond its "
                               f"maximum x ({maxx})", parameter="bbox")
    if crs.is_geographic and minx > maxx:
        maxx += 360.0
    transformer = pyproj.Transformer.from_crs(crs, cube.crs, always_xy=True)
    try:
        out = transformer.transform_bounds(minx, miny, maxx, maxy, densify_pts=21)
    except pyproj.exceptions.ProjError as err:
        raise InvalidParameter(f"bbox cannot be transformed to the dataset's CRS: {err}",
                               parameter="bbox") from None
    if not all(np.isfinite(out)):
        raise InvalidParameter("bbox falls outside the area where the dataset's CRS is "
                               "defined", parameter="bbox")
    west, south, east, north = out
    if cube.geographic and west > east:
        return [west, south, east, north]  # antimeridian crossing
    return list(out)


def select_bbox(cube: Cube, ds: xr.Dataset, bbox, bbox_crs=None) -> xr.Dataset:
    crs = parse_crs(bbox_crs)
    minx, miny, maxx, maxy = _bbox_in_native(cube, parse_bbox(bbox), crs)
    n_minx, n_miny, n_maxx, n_maxy = cube.native_bbox
    rx, ry = cube.resolution
    if maxy < n_miny - ry / 2 or miny > n_maxy + ry / 2:
        raise EmptyResult(f"bbox does not intersect the dataset {cube.id!r}: its extent is "
                          f"{_fmt_extent(cube)}", parameter="bbox")
    if cube.geographic:
        out = _select_lon(ds, cube.x, minx, maxx)
        if out.sizes[cube.x] == 0 and \
                _select_lon(ds, cube.x, minx - rx / 2, maxx + rx / 2).sizes[cube.x] == 0:
            raise EmptyResult(f"bbox does not intersect the dataset {cube.id!r}: its extent "
                              f"is {_fmt_extent(cube)}", parameter="bbox")
    else:
        if maxx < n_minx - rx / 2 or minx > n_maxx + rx / 2:
            raise EmptyResult(f"bbox does not intersect the dataset {cube.id!r}: its extent "
                              f"is {_fmt_extent(cube)}", parameter="bbox")
        out = _select_range(ds, cube.x, minx, maxx)
    out = _select_range(out, cube.y, miny, maxy)
    if out.sizes[cube.x] == 0 or out.sizes[cube.y] == 0:
        raise EmptyResult(f"bbox {bbox} selects no grid cell of {cube.id!r} (a cell is "
                          f"selected when its centre is inside the box); its extent is "
                          f"{_fmt_extent(cube)}", parameter="bbox")
    return out


def _fmt_extent(cube: Cube) -> str:
    w, s, e, n = cube.wgs84_bbox
    return f"lon {w:.4g}..{e:.4g}, lat {s:.4g}..{n:.4g}"


def _time_extent_text(cube: Cube) -> str:
    ext = cube.time_extent
    return f"{ext[0].isoformat()}..{ext[1].isoformat()}" if ext else "no time axis"


def select_time(cube: Cube, ds: xr.Dataset, start, end) -> xr.Dataset:
    if cube.t is None:
        if cube.times is not None:
            t = cube.times[0]
            if (start is None or t >= start) and (end is None or t <= end):
                return ds
            raise EmptyResult(f"datetime selects nothing: {cube.id!r} is valid at "
                              f"{t.isoformat()} only", parameter="datetime")
        raise InvalidParameter(f"dataset {cube.id!r} has no time axis: leave datetime out",
                               parameter="datetime")
    times = pd.DatetimeIndex(ds[cube.t].values)
    mask = np.ones(times.size, bool)
    if start is not None:
        mask &= times >= start
    if end is not None:
        mask &= times <= end
    idx = np.nonzero(mask)[0]
    if idx.size == 0:
        raise EmptyResult(f"datetime selects no time step of {cube.id!r}: its time steps "
                          f"span {_time_extent_text(cube)}", parameter="datetime")
    return ds.isel({cube.t: slice(int(idx[0]), int(idx[-1]) + 1)})


def select_steps(cube: Cube, ds: xr.Dataset, steps) -> xr.Dataset:
    """Exactly the time steps whose year, month, day and time of day are among those of
    `steps` (opendias.params.parse_steps; its JSON value or the parsed fields)."""
    steps = steps if all(isinstance(v, frozenset) for v in steps.values()) \
        else parse_steps(steps)
    if not steps:
        return ds
    if cube.t is None:
        raise InvalidParameter(f"dataset {cube.id!r} has no time axis: leave "
                               f"{', '.join(steps)} out", parameter=next(iter(steps)))
    times = pd.DatetimeIndex(ds[cube.t].values)
    mask = np.ones(times.size, bool)
    for field, values in steps.items():
        if field == "time":
            of_day = list(zip(times.hour, times.minute))
            mask &= np.array([hm in values for hm in of_day], bool)
        else:
            mask &= np.isin(getattr(times, field), sorted(values))
    idx = np.nonzero(mask)[0]
    if idx.size == 0:
        raise EmptyResult(f"no time step of {cube.id!r} is one of those asked "
                          f"({steps_text(steps)}); its time steps span "
                          f"{_time_extent_text(cube)}", parameter=next(iter(steps)))
    runs = _runs(idx)
    return ds.isel({cube.t: slice(runs[0][0], runs[0][1] + 1) if len(runs) == 1 else idx})


def _axis_of(cube: Cube, name: str) -> str:
    """The role (x, y, t, z) of a subset axis name, native or alias."""
    lname = name.lower()
    for role in ("x", "y", "t", "z"):
        dim = getattr(cube, role)
        if dim and (lname == dim.lower() or lname in _AXIS_ALIASES[role]):
            return role
    raise InvalidParameter(f"unknown axis {name!r} for {cube.id!r}; its axes are "
                           f"{', '.join(cube.axis_names())}", parameter="subset")


def _number(text: str, axis: str) -> float:
    return parse_number(text, parameter="subset", axis=axis)


def select_subsets(cube: Cube, ds: xr.Dataset, subsets: dict) -> xr.Dataset:
    roles = {}
    for name, values in subsets.items():
        role = _axis_of(cube, name)
        if role in roles:
            raise InvalidParameter(f"axis {name!r} subset twice", parameter="subset")
        roles[role] = values
    if "x" in roles or "y" in roles:
        xs = [_number(v, "x") for v in roles.get("x", ())]
        ys = [_number(v, "y") for v in roles.get("y", ())]
        if len(xs) == 1 or len(ys) == 1:
            ds = _nearest_point(cube, ds, xs[0] if len(xs) == 1 else None,
                                ys[0] if len(ys) == 1 else None)
        if len(xs) == 2:
            x0, x1 = xs
            if cube.geographic:
                ds = _select_lon(ds, cube.x, x0, x1)  # x0 > x1 crosses the antimeridian
            elif x0 > x1:
                raise InvalidParameter(f"subset on x is inverted: {x0} > {x1}",
                                       parameter="subset")
            else:
                ds = _select_range(ds, cube.x, x0, x1)
        if len(ys) == 2:
            y0, y1 = ys
            if y0 > y1:
                raise InvalidParameter(f"subset on y is inverted: {y0} > {y1}",
                                       parameter="subset")
            ds = _select_range(ds, cube.y, y0, y1)
    if "t" in roles:
        values = roles["t"]
        if len(values) == 1 and values[0] not in ("..", "*"):
            start, end = parse_datetime(values[0], parameter="subset")
        else:
            start, end = parse_interval(values[0], values[-1], open_ends=("..", "*", ""),
                                        parameter="subset")
        ds = select_time(cube, ds, start, end)
    if "z" in roles:
        if cube.z is None:
            raise InvalidParameter(f"dataset {cube.id!r} has no vertical axis",
                                   parameter="subset")
        zs = [_number(v, cube.z) for v in roles["z"]]
        if len(zs) == 1:
            ds = ds.sel({cube.z: [zs[0]]}, method="nearest")
        else:
            if zs[0] > zs[1]:
                raise InvalidParameter(f"subset on {cube.z} is inverted: {zs[0]} > {zs[1]}",
                                       parameter="subset")
            ds = _select_range(ds, cube.z, zs[0], zs[1])
    for dim in (cube.x, cube.y, cube.t, cube.z):
        if dim and dim in ds.dims and ds.sizes[dim] == 0:
            raise EmptyResult(f"subset selects nothing along {dim!r}", parameter="subset")
    return ds


def _nearest_point(cube: Cube, ds: xr.Dataset, x: float | None, y: float | None) -> xr.Dataset:
    """Keep the single nearest column/row to x and/or y (dims are kept, of length 1)."""
    if y is not None:
        yv = np.asarray(ds[cube.y].values, dtype="f8")
        i = int(np.argmin(np.abs(yv - y)))
        ds = ds.isel({cube.y: slice(i, i + 1)})
    if x is not None:
        xv = np.asarray(ds[cube.x].values, dtype="f8")
        if cube.geographic:
            dist = np.abs(((xv - x) + 180.0) % 360.0 - 180.0)
        else:
            dist = np.abs(xv - x)
        i = int(np.argmin(dist))
        ds = ds.isel({cube.x: slice(i, i + 1)})
    return ds


def select_variables(cube: Cube, ds: xr.Dataset, variables) -> xr.Dataset:
    if variables is None or len(variables) == 0:
        names = list(cube.variables)
    else:
        names = [v.strip() for v in variables if v.strip()]
        unknown = [v for v in names if v not in cube.variables]
        if unknown:
            raise InvalidParameter(f"unknown variable(s) {', '.join(unknown)} in {cube.id!r}; "
                                   f"its variables are {', '.join(cube.variables)}",
                                   parameter="properties")
    return ds[names]


def check_size(ds: xr.Dataset, limit: int, what: str = "synchronous request") -> None:
    """TooLarge (with the cells and the limit) when a selection holds more than `limit`
    cells; the front adds what its client can do instead."""
    cells = count_cells(ds)
    if cells > limit:
        raise TooLarge(f"the {what} would return {cells:,} cells, above the limit of "
                       f"{limit:,} cells; narrow the region, period, levels or variables",
                       cells=cells, limit=limit)


def subset_cube(cube: Cube, *, bbox=None, bbox_crs=None, datetime=None, subsets=None,
                variables=None, packed: bool = False) -> xr.Dataset:
    """The lazy selection a request asks for. Raises OpendiasError subclasses.
    `packed`: select from the values as stored (see Cube.packed), where the format has them,
    for a copy to NetCDF that computes nothing on the values."""
    source = cube.packed if packed and cube.packed is not None else cube.ds
    ds = select_variables(cube, source, variables)
    if bbox is not None and bbox != "" and bbox != []:
        ds = select_bbox(cube, ds, bbox, bbox_crs)
    elif bbox_crs:
        parse_crs(bbox_crs)  # a bad bbox-crs is a mistake even without a bbox
    if datetime is not None:
        start, end = parse_datetime(datetime)
        ds = select_time(cube, ds, start, end)
    if subsets:
        ds = select_subsets(cube, ds, subsets if isinstance(subsets, dict)
                            else parse_subset(subsets))
    return ds


def select_point(cube: Cube, ds: xr.Dataset, lon: float, lat: float) -> xr.Dataset:
    """The cell nearest to a point given in lon/lat (CRS84); outside the grid is an error."""
    if not (-90 <= lat <= 90 and -180 <= lon <= 360):
        raise InvalidParameter(f"point ({lon}, {lat}) is outside -180..180 / -90..90",
                               parameter="coords")
    if not cube.geographic:
        lon, lat = pyproj.Transformer.from_crs(CRS84, cube.crs, always_xy=True).transform(
            lon, lat)
    minx, miny, maxx, maxy = cube.native_bbox
    rx, ry = cube.resolution
    inside_y = miny - ry <= lat <= maxy + ry
    if cube.geographic and cube.lon_is_360:
        inside_x = True
    elif cube.geographic:
        inside_x = minx - rx <= lon <= maxx + rx or minx - rx <= lon - 360 <= maxx + rx
    else:
        inside_x = minx - rx <= lon <= maxx + rx
    if not (inside_x and inside_y):
        raise EmptyResult(f"point is outside the dataset {cube.id!r}", parameter="coords")
    return _nearest_point(cube, ds, lon, lat)


# -- polygons --------------------------------------------------------------------------------

def mask_geometry(cube: Cube, ds: xr.Dataset, geom: shapely.Geometry,
                  geom_crs=None) -> xr.Dataset:
    """Cells whose centre lies in the polygon (boundary included); others become missing.
    Selects the polygon's bounding box first, so only that window is read."""
    crs = parse_crs(geom_crs)
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        raise InvalidParameter(f"a polygon is needed, got a {geom.geom_type}",
                               parameter="coords")
    west, south, east, north = geom.bounds
    ds = select_bbox(cube, ds, [west, south, east, north], crs)
    if cube.crs != crs:
        tr = pyproj.Transformer.from_crs(crs, cube.crs, always_xy=True)
        geom = shapely.ops.transform(tr.transform, geom)
    xv = np.asarray(ds[cube.x].values, dtype="f8")
    yv = np.asarray(ds[cube.y].values, dtype="f8")
    xx, yy = np.meshgrid(xv, yv)
    inside = shapely.contains_xy(geom, xx, yy) | shapely.intersects_xy(geom.boundary, xx, yy)
    if not inside.any():
        raise EmptyResult("the polygon contains no grid cell centre of "
                          f"{cube.id!r}", parameter="coords")
    mask = xr.DataArray(inside, dims=(cube.y, cube.x))
    return ds.where(mask)
