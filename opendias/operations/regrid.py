"""Regrid a cube to another grid: plain functions over the lazy cube; nothing is read here.

Public functions
----------------
regrid(cube, ds=None, *, method="bilinear", resolution=None, bbox=None, target=None,
       crs=None) -> xarray.Dataset (lazy, dask)
    cube        opendias.datacube.Cube: the source dataset (its axes and CRS).
    ds          xarray.Dataset | None: a lazy selection of the cube (from `subset_cube`);
                default: the cube's published variables.
    method      str, one of "bilinear" (default), "nearest", "conservative".
                "conservative" is the first-order area-weighted remapping (fluxes, e.g.
                precipitation); it needs lon/lat source and target grids.
    resolution  float | (float, float) | str "dx,dy" | None: cell size of a regular target
                grid, in degrees for lon/lat, in the CRS's units (metres) for `crs`.
                Required unless `target` is given; must be > 0 and not exceed the extent.
    bbox        (west, south, east, north) | "w,s,e,n" | None: extent of the regular target
                grid (cell edges), in lon/lat (CRS84) or, with `crs`, in that CRS. West >
                east crosses the antimeridian. Default: the source's extent.
    target      opendias.datacube.Cube | xarray.Dataset | None: regrid to this grid (the
                grid of another catalogue dataset); `resolution`, `bbox`, `crs` are then
                not allowed.
    crs         str | pyproj.CRS | None: a projected (or geographic) CRS for the regular
                target grid, e.g. "EPSG:3035"; default lon/lat (EPSG:4326).

Regular target grids: cells of `resolution` start at the west and south edges of `bbox`
(cell centres at west + res/2, west + 3 res/2, ...); a remainder narrower than one cell at
the east/north is dropped. Latitudes increase; the axes keep the source's names
(lon/lat or longitude/latitude; "x"/"y" for a projected target).

How each method matches CDO (tests/test_operations_cdo.py):
- bilinear = `cdo remapbil`: xarray-regrid's linear (xarray.interp) with global longitude
  wrap-around; a target cell is missing when one of the four surrounding source cells is
  missing (no NaN bleeding beyond the 2x2 footprint). Target rows poleward of the last
  row of a grid that stops short of the pole take, as in CDO, the inverse-distance mean of
  the 4 nearest source points (written here). One known difference: a target point
  lying exactly on a source point takes the square west of and below it; CDO's choice
  there varies from point to point, so next to a coast about 0.05% of such coincident
  cells are missing in one result and not the other (values agree where both have one).
- nearest = `cdo remapnn`: the nearest source cell along each axis (written here: like
  CDO, and unlike xarray-regrid's nearest, target points beyond the source grid take the
  nearest edge cell's value, and a target whose nearest cell is missing is missing).
- conservative = `cdo remapcon` (fracarea normalisation): written here, because
  xarray-regrid's conservative approximates the spherical area of partial cells (off by up
  to 1e-3 K at high latitudes and 0.1 K at the poles against CDO). For rectilinear lon/lat
  grids the exact spherical overlap area, dlon * (sin(lat_n) - sin(lat_s)), factorises
  along the two axes, so it is two small dense weight matrices applied with `xarray.dot`.
  A target cell is the mean of the valid source cells it overlaps, weighted by overlap
  area; missing when it overlaps no valid source cell. Cell bounds are midpoints between
  centres, with an outer latitude bound beyond +-88 moved to the pole, as CDO makes them.
  Only the source rows and columns overlapping the target are read.
- to or from a projected CRS (bilinear / nearest): each target cell centre is transformed
  to the source CRS and interpolated there (xarray.interp / nearest selection).

Errors: InvalidParameter for an unknown method, a resolution <= 0 or bigger than the
extent, an empty or inverted bbox, conservative with a projected CRS, target together
with resolution/bbox/crs; EmptyResult for a target grid outside the dataset; TooLarge for
a target grid above MAX_TARGET_CELLS cells or conservative weights above MAX_WEIGHTS.
Method aliases: linear = bilinear, nn = nearest, con = conservative.

Outputs keep variable attributes (units, standard_name, long_name), drop the source packing
(values changed), and say what was done in `history`; conservative adds
`cell_methods = "area: mean"`.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyproj
import xarray as xr

from opendias.datacube import CRS84, Cube
from opendias.errors import InvalidParameter, TooLarge

METHODS = ("bilinear", "nearest", "conservative")
MAX_TARGET_CELLS = 25_000_000  # per 2-D slice
_DROP_ATTRS = ("valid_min", "valid_max", "valid_range", "actual_range", "scale_factor",
               "add_offset", "_FillValue", "missing_value")

LON_ATTRS = {"standard_name": "longitude", "long_name": "longitude", "units": "degrees_east",
             "axis": "X"}
LAT_ATTRS = {"standard_name": "latitude", "long_name": "latitude", "units": "degrees_north",
             "axis": "Y"}


# -- parameters ------------------------------------------------------------------------------

def parse_method(method) -> str:
    text = str(method or "bilinear").strip().lower()
    aliases = {"linear": "bilinear", "bil": "bilinear", "nn": "nearest",
               "nearest_neighbour": "nearest", "nearest-neighbour": "nearest",
               "con": "conservative", "area": "conservative"}
    text = aliases.get(text, text)
    if text not in METHODS:
        raise InvalidParameter(f"unknown regridding method {method!r}: use one of "
                               f"{', '.join(METHODS)}", parameter="method")
    return text


def parse_resolution(value) -> tuple[float, float]:
    if isinstance(value, str):
        parts = [p for p in value.replace(" ", ",").split(",") if p]
    elif np.ndim(value) == 0:
        parts = [value]
    else:
        parts = list(value)
    try:
        nums = [float(p) for p in parts]
    except (TypeError, ValueError):
        raise InvalidParameter(f"resolution must be a number or two numbers dx,dy: "
                               f"{value!r}", parameter="resolution") from None
    if len(nums) == 1:
        nums = nums * 2
    if len(nums) != 2 or not all(np.isfinite(nums)):
        raise InvalidParameter(f"resolution must be a number or two numbers dx,dy: "
                               f"{value!r}", parameter="resolution")
    if min(nums) <= 0:
        raise InvalidParameter(f"impossible grid: resolution must be > 0, got {value!r}",
                               parameter="resolution")
    return nums[0], nums[1]


def _parse_box(value) -> list[float]:
    from opendias.operations.subset import parse_bbox

    return parse_bbox(value)


def _parse_crs(value) -> pyproj.CRS:
    from opendias.operations.subset import parse_crs

    if isinstance(value, pyproj.CRS):
        return value
    try:
        return parse_crs(value)
    except InvalidParameter as err:
        raise InvalidParameter(err.detail, parameter="crs") from None


# -- grids -----------------------------------------------------------------------------------

def _axis(start: float, stop: float, res: float, name: str) -> np.ndarray:
    extent = stop - start
    if extent <= 0:
        raise InvalidParameter(f"impossible grid: the {name} extent {start}..{stop} is empty",
                               parameter="bbox")
    if res > extent * (1 + 1e-9):
        raise InvalidParameter(f"impossible grid: resolution {res} is bigger than the "
                               f"{name} extent {start}..{stop} ({extent:g})",
                               parameter="resolution")
    n = int(np.floor(extent / res + 1e-6))
    return start + res * (np.arange(n, dtype="f8") + 0.5)


def _check_size(nx: int, ny: int) -> None:
    if nx * ny > MAX_TARGET_CELLS:
        raise TooLarge(f"the target grid would have {nx} x {ny} = {nx * ny:,} cells, above "
                       f"the limit of {MAX_TARGET_CELLS:,}: use a coarser resolution or a "
                       "smaller bbox")


def _edges(centres: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper cell bounds from centres (midpoints; ends extrapolated), any order."""
    c = np.asarray(centres, dtype="f8")
    if c.size < 2:
        raise InvalidParameter("conservative regridding needs at least two cells along "
                               "each axis", parameter="method")
    order = np.argsort(c, kind="stable")
    cs = c[order]
    mid = (cs[1:] + cs[:-1]) / 2
    lo = np.concatenate([[cs[0] - (cs[1] - cs[0]) / 2], mid])
    hi = np.concatenate([mid, [cs[-1] + (cs[-1] - cs[-2]) / 2]])
    out_lo, out_hi = np.empty_like(lo), np.empty_like(hi)
    out_lo[order], out_hi[order] = lo, hi
    return out_lo, out_hi


def _source_lonlat_extent(cube: Cube, ds: xr.Dataset) -> list[float]:
    x = np.asarray(ds[cube.x].values, dtype="f8")
    y = np.asarray(ds[cube.y].values, dtype="f8")
    if cube.geographic:
        xlo, xhi = _edges(x) if x.size > 1 else (x - 0.5, x + 0.5)
        ylo, yhi = _edges(y) if y.size > 1 else (y - 0.5, y + 0.5)
        west, east = float(xlo.min()), float(xhi.max())
        if east - west > 360:
            east = west + 360.0
        return [west, max(-90.0, float(ylo.min())), east, min(90.0, float(yhi.max()))]
    tr = pyproj.Transformer.from_crs(cube.crs, CRS84, always_xy=True)
    rx, ry = cube.resolution
    return list(tr.transform_bounds(x.min() - rx / 2, y.min() - ry / 2, x.max() + rx / 2,
                                    y.max() + ry / 2, densify_pts=21))


def lonlat_grid(resolution, bbox) -> xr.Dataset:
    """An empty Dataset whose lon/lat coordinates are the centres of a regular grid."""
    dx, dy = parse_resolution(resolution)
    west, south, east, north = _parse_box(bbox)
    if south < -90 or north > 90:
        raise InvalidParameter(f"bbox latitude out of range -90..90: {south}..{north}",
                               parameter="bbox")
    if east < west:
        east += 360.0
    lon = _axis(west, east, dx, "longitude")
    lat = _axis(south, north, dy, "latitude")
    _check_size(lon.size, lat.size)
    return xr.Dataset(coords={"lat": ("lat", lat, dict(LAT_ATTRS)),
                              "lon": ("lon", lon, dict(LON_ATTRS))})


# -- the operation ---------------------------------------------------------------------------

def regrid(cube: Cube, ds: xr.Dataset | None = None, *, method: str = "bilinear",
           resolution=None, bbox=None, target=None, crs=None) -> xr.Dataset:
    """Regrid `ds` (a lazy selection of `cube`) to a regular grid, another dataset's grid or
    a projected CRS; returns a lazy Dataset. See the module docstring for the parameters."""
    method = parse_method(method)
    if ds is None:
        ds = cube.ds[cube.variables]
    ds = ds[[v for v in ds.data_vars if cube.x in ds[v].dims and cube.y in ds[v].dims]]
    if not ds.data_vars:
        raise InvalidParameter("nothing to regrid: no variable has both horizontal axes",
                               parameter="properties")

    if target is not None:
        if resolution is not None or bbox is not None or crs is not None:
            raise InvalidParameter("give either target (a dataset's grid) or resolution/"
                                   "bbox/crs, not both", parameter="target")
        tgt_x, tgt_y, tgt_crs, tgt_grid = _target_grid(target)
    else:
        if resolution is None:
            raise InvalidParameter("give a target resolution (or a target dataset)",
                                   parameter="resolution")
        tgt_crs = CRS84 if crs is None else _parse_crs(crs)
        if tgt_crs.is_geographic:
            box = bbox if bbox is not None else _source_lonlat_extent(cube, ds)
            tgt_grid = lonlat_grid(resolution, box)
            tgt_x, tgt_y = "lon", "lat"
            if cube.geographic and (cube.x, cube.y) != ("lon", "lat"):
                # a new grid keeps the source's axis names (as CDO does)
                tgt_grid = tgt_grid.rename({"lon": cube.x, "lat": cube.y})
                tgt_x, tgt_y = cube.x, cube.y
        else:
            dx, dy = parse_resolution(resolution)
            if bbox is not None:
                minx, miny, maxx, maxy = _parse_box(bbox)
            else:
                west, south, east, north = _source_lonlat_extent(cube, ds)
                tr = pyproj.Transformer.from_crs(CRS84, tgt_crs, always_xy=True)
                minx, miny, maxx, maxy = tr.transform_bounds(west, south, east, north,
                                                             densify_pts=21)
                if not np.all(np.isfinite([minx, miny, maxx, maxy])):
                    raise InvalidParameter("the dataset's extent cannot be expressed in "
                                           f"{tgt_crs.name}: give a bbox in that CRS",
                                           parameter="bbox")
            xs = _axis(minx, maxx, dx, "x")
            ys = _axis(miny, maxy, dy, "y")
            _check_size(xs.size, ys.size)
            tgt_x, tgt_y = "x", "y"
            tgt_grid = xr.Dataset(coords={
                "x": ("x", xs, {"standard_name": "projection_x_coordinate", "axis": "X",
                                "units": _units(tgt_crs, 0)}),
                "y": ("y", ys, {"standard_name": "projection_y_coordinate", "axis": "Y",
                                "units": _units(tgt_crs, 1)})})

    both_lonlat = cube.geographic and tgt_crs.is_geographic
    if method == "conservative" and not both_lonlat:
        raise InvalidParameter("conservative regridding needs lon/lat source and target "
                               "grids; use bilinear or nearest for a projected CRS",
                               parameter="method")
    if both_lonlat:
        _check_overlap(cube, ds, tgt_grid[tgt_y].values, tgt_grid[tgt_x].values)
        out = _regrid_lonlat(cube, ds, tgt_grid[tgt_y].values, tgt_grid[tgt_x].values,
                             method)
        out = out.rename({"lat": tgt_y, "lon": tgt_x}) if tgt_x != "lon" or tgt_y != "lat" \
            else out
        out = out.assign_coords({tgt_x: tgt_grid[tgt_x], tgt_y: tgt_grid[tgt_y]})
    else:
        out = _regrid_points(cube, ds, tgt_grid, tgt_x, tgt_y, tgt_crs, method)
    return _finish(cube, ds, out, method, tgt_crs, tgt_x, tgt_y)


def _check_overlap(cube: Cube, ds: xr.Dataset, lat: np.ndarray, lon: np.ndarray) -> None:
    """A target grid entirely outside the source is a mistake: say so."""
    from opendias.errors import EmptyResult

    slat = np.asarray(ds[cube.y].values, "f8")
    slon = np.asarray(ds[cube.x].values, "f8")
    if min(slat.size, slon.size, np.size(lat), np.size(lon)) < 2:
        return
    s_lo, s_hi = lat_edges(slat)
    t_lo, t_hi = lat_edges(np.asarray(lat, "f8"))
    lat_ok = t_lo.min() < s_hi.max() and t_hi.max() > s_lo.min()
    lon_ok = True
    if np.size(lon) * slon.size <= MAX_WEIGHTS:
        lon_ok = bool(_lon_weights(np.asarray(lon, "f8"), slon).any())
    if not (lat_ok and lon_ok):
        raise EmptyResult(f"the target grid does not overlap the dataset {cube.id!r} "
                          f"(lon {slon.min():.4g}..{slon.max():.4g}, lat "
                          f"{slat.min():.4g}..{slat.max():.4g})", parameter="bbox")


def _units(crs: pyproj.CRS, axis: int) -> str:
    try:
        unit = crs.axis_info[axis].unit_name
    except (IndexError, AttributeError):
        return "m"
    return {"metre": "m", "meter": "m"}.get(unit, unit)


def _target_grid(target) -> tuple[str, str, pyproj.CRS, xr.Dataset]:
    if isinstance(target, Cube):
        x, y, crs, ds = target.x, target.y, target.crs, target.ds
    elif isinstance(target, (xr.Dataset, xr.DataArray)):
        from opendias.datacube import _role

        roles = {_role(str(d), target[d] if d in target.coords else None): str(d)
                 for d in target.dims}
        x = roles.get("lon") or roles.get("x")
        y = roles.get("lat") or roles.get("y")
        if not x or not y:
            raise InvalidParameter("the target grid has no recognisable x/y axes",
                                   parameter="target")
        crs = CRS84 if "lon" in roles and "lat" in roles else None
        if crs is None:
            raise InvalidParameter("a projected target grid must be given as a dataset of "
                                   "the catalogue (its CRS is needed)", parameter="target")
        ds = target
    else:
        raise InvalidParameter("target must be a dataset of the catalogue",
                               parameter="target")
    grid = xr.Dataset(coords={x: ds[x].variable, y: ds[y].variable})
    _check_size(grid.sizes[x], grid.sizes[y])
    return x, y, crs, grid


def _to_lonlat_names(cube: Cube, ds: xr.Dataset) -> xr.Dataset:
    """The selection with its horizontal dims named lon/lat (what xarray-regrid expects)."""
    names = {}
    if cube.x != "lon":
        names[cube.x] = "lon"
    if cube.y != "lat":
        names[cube.y] = "lat"
    for clash in ("lon", "lat"):
        if clash in ds.variables and clash not in (cube.x, cube.y):
            ds = ds.drop_vars(clash)
    ds = ds.rename(names) if names else ds
    ds = ds.assign_coords(lon=ds["lon"].astype("f8"), lat=ds["lat"].astype("f8"))
    return ds.drop_vars([c for c in ds.coords if c not in ds.dims and
                         {"lon", "lat"} & set(ds[c].dims)])


def _is_global_lon(lon: np.ndarray) -> bool:
    lon = np.sort(np.asarray(lon, dtype="f8"))
    if lon.size < 2:
        return False
    step = float(np.median(np.diff(lon)))
    return lon[-1] - lon[0] >= 360.0 - step * 1.01


def _regrid_lonlat(cube: Cube, ds: xr.Dataset, lat: np.ndarray, lon: np.ndarray,
                   method: str) -> xr.Dataset:
    import xarray_regrid  # noqa: F401  (registers the .regrid accessor)

    src = _to_lonlat_names(cube, ds)
    if method == "conservative":
        return _conservative(src, lat, lon)
    if method == "nearest":
        return _nearest(src, np.asarray(lat, "f8"), np.asarray(lon, "f8"))
    tlat, tlon = np.asarray(lat, "f8"), np.asarray(lon, "f8")
    grid = xr.Dataset(coords={"lat": ("lat", tlat), "lon": ("lon", tlon)})
    time_dim = cube.t if cube.t in src.dims else None
    out = src.regrid.linear(grid, time_dim=time_dim)
    out = out.assign_coords(lat=("lat", tlat), lon=("lon", tlon))
    return _polar_caps(src, out, tlat, tlon)


def _polar_caps(src: xr.Dataset, out: xr.Dataset, tlat: np.ndarray,
                tlon: np.ndarray) -> xr.Dataset:
    """Target rows poleward of the last row of a source grid that reaches the pole region
    (within one row spacing): no bilinear square encloses them, so CDO's remapbil falls
    back to the inverse-distance-weighted mean of the 4 nearest source points (great-circle
    distance; missing when one of them is). Done the same way here, instead of
    xarray-regrid's interpolation towards a padded pole value."""
    slat = np.sort(np.asarray(src["lat"].values, "f8"))
    slon = np.asarray(src["lon"].values, "f8")
    if slat.size < 2 or not _is_global_lon(slon):
        return out
    dy = float(np.median(np.diff(slat)))
    rows = np.zeros(tlat.size, bool)
    edge_rows: list[float] = []
    if slat[0] - dy <= -90.0 + 1e-9:
        rows |= tlat < slat[0]
        edge_rows += list(slat[:2])
    if slat[-1] + dy >= 90.0 - 1e-9:
        rows |= tlat > slat[-1]
        edge_rows += list(slat[-2:])
    if not rows.any():
        return out
    src_lat = np.asarray(src["lat"].values, "f8")
    cand_lat = np.concatenate([np.nonzero(np.isin(src_lat, [r]))[0] for r in edge_rows])
    cj = np.repeat(cand_lat, slon.size)
    ci = np.tile(np.arange(slon.size), cand_lat.size)
    pts = _xyz(src_lat[cj], slon[ci])
    prow = np.nonzero(rows)[0]
    tl, tn = np.meshgrid(tlat[prow], tlon, indexing="ij")
    tgt = _xyz(tl.ravel(), tn.ravel())
    dots = np.clip(tgt @ pts.T, -1.0, 1.0)
    near = np.argsort(-dots, axis=1, kind="stable")[:, :4]
    dist = np.arccos(np.take_along_axis(dots, near, axis=1))
    inv = 1.0 / np.maximum(dist, 1e-12)
    shape = (prow.size, tlon.size, 4)
    ilat = xr.DataArray(cj[near].reshape(shape), dims=("lat", "lon", "nbr"))
    ilon = xr.DataArray(ci[near].reshape(shape), dims=("lat", "lon", "nbr"))
    w = xr.DataArray(inv.reshape(shape), dims=("lat", "lon", "nbr"))
    caps = {}
    for name, da in src.data_vars.items():
        vals = da.drop_vars([c for c in ("lat", "lon") if c in da.coords]).isel(
            lat=ilat, lon=ilon)
        mean = (vals * w).sum("nbr", skipna=False) / w.sum("nbr")
        caps[name] = mean.astype(out[name].dtype)
    caps_ds = xr.Dataset(caps).assign_coords(lat=("lat", tlat[prow]), lon=("lon", tlon))
    caps_ds = caps_ds.reindex(lat=tlat)
    mask = xr.DataArray(rows, dims="lat", coords={"lat": tlat})
    for name in out.data_vars:
        if name in caps_ds:
            out[name] = xr.where(mask, caps_ds[name], out[name], keep_attrs=True).transpose(
                *out[name].dims)
    return out


def _nearest_index(source: np.ndarray, target: np.ndarray, circular: bool) -> np.ndarray:
    """Index of the nearest source coordinate of each target coordinate (on the circle of
    longitudes when `circular`); targets beyond the ends take the end cell."""
    s = np.asarray(source, "f8")
    order = np.argsort(s, kind="stable")
    ss = s[order]
    t = np.asarray(target, "f8")
    if circular:
        t = ss[0] + np.mod(t - ss[0], 360.0)
    k = np.searchsorted(ss, t)
    cands = np.stack([np.clip(k - 1, 0, ss.size - 1), np.clip(k, 0, ss.size - 1),
                      np.zeros_like(k), np.full_like(k, ss.size - 1)])
    dist = np.abs(ss[cands] - t[None, :])
    if circular:
        dist = np.minimum(dist, 360.0 - dist)
    best = cands[np.argmin(dist, axis=0), np.arange(t.size)]
    return order[best]


def _xyz(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    la, lo = np.radians(lat), np.radians(lon)
    return np.stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)], -1)


def _nearest(src: xr.Dataset, lat: np.ndarray, lon: np.ndarray) -> xr.Dataset:
    """Nearest source cell of each target cell centre, as `cdo remapnn`: a target takes the
    nearest cell's value even when that cell is missing, and target points beyond the
    source grid take the value of the nearest cell on the sphere (CDO's default search
    radius is the whole sphere). Inside the grid the nearest cell is found along each axis;
    beyond its west/east edge, by great-circle distance to the cells of the edge column."""
    slat = np.asarray(src["lat"].values, "f8")
    slon = np.asarray(src["lon"].values, "f8")
    ilat = _nearest_index(slat, lat, circular=False)
    ilon = _nearest_index(slon, lon, circular=True)
    outside = np.zeros(lon.size, bool)
    if not _is_global_lon(slon) and slon.size > 1:
        lo, hi = _edges(slon)
        west = float(lo.min())
        rel = np.mod(lon - west, 360.0)
        outside = rel > float(hi.max()) - west
    if not outside.any():
        out = src.isel(lat=ilat, lon=ilon)
        return out.assign_coords(lat=("lat", lat), lon=("lon", lon))
    ilat2 = np.repeat(ilat[:, None], lon.size, axis=1)
    for j in np.nonzero(outside)[0]:
        col = ilon[j]
        pts = _xyz(slat, np.full(slat.size, slon[col]))
        tgt = _xyz(lat, np.full(lat.size, lon[j]))
        ilat2[:, j] = np.argmax(tgt @ pts.T, axis=1)  # largest dot = smallest distance
    ilon2 = np.repeat(ilon[None, :], lat.size, axis=0)
    out = src.isel(lat=xr.DataArray(ilat2, dims=("lat", "lon")),
                   lon=xr.DataArray(ilon2, dims=("lat", "lon")))
    out = out.drop_vars([c for c in ("lat", "lon") if c in out.coords])
    return out.assign_coords(lat=("lat", lat), lon=("lon", lon))


# -- conservative ----------------------------------------------------------------------------

def lat_edges(lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """South and north bounds of latitude cells as CDO makes them: midpoints, the outer
    bounds extrapolated, clipped to +-90, and an outer bound beyond +-88 moved to the pole
    (CDO's grid_check_lat_borders)."""
    lo, hi = _edges(lat)
    lo, hi = np.clip(lo, -90.0, 90.0), np.clip(hi, -90.0, 90.0)
    south, north = int(np.argmin(lo)), int(np.argmax(hi))
    if lo[south] < -88.0:
        lo[south] = -90.0
    if hi[north] > 88.0:
        hi[north] = 90.0
    return lo, hi


def _lat_weights(tlat: np.ndarray, slat: np.ndarray) -> np.ndarray:
    """W[J, j]: spherical area factor sin(north) - sin(south) of target row J's overlap with
    source row j (bounds as `lat_edges`)."""
    tlo, thi = lat_edges(tlat)
    slo, shi = lat_edges(slat)
    south = np.maximum(tlo[:, None], slo[None, :])
    north = np.minimum(thi[:, None], shi[None, :])
    w = np.sin(np.radians(north)) - np.sin(np.radians(south))
    return np.where(north > south + 1e-9, w, 0.0)


def _lon_weights(tlon: np.ndarray, slon: np.ndarray) -> np.ndarray:
    """W[I, i]: longitude overlap (degrees) of target column I with source column i, on the
    circle (any longitude frames)."""
    tlo, thi = _edges(tlon)
    slo, shi = _edges(slon)
    if _is_global_lon(slon):  # the grid closes on itself: no cell wider than the gap
        span = shi.max() - slo.min()
        if span > 360.0:
            excess = span - 360.0
            shi = np.where(shi == shi.max(), shi - excess / 2, shi)
            slo = np.where(slo == slo.min(), slo + excess / 2, slo)
    w = np.zeros((tlo.size, slo.size))
    for k in (-2, -1, 0, 1, 2):
        west = np.maximum(tlo[:, None], slo[None, :] + 360.0 * k)
        east = np.minimum(thi[:, None], shi[None, :] + 360.0 * k)
        w += np.where(east > west + 1e-9, east - west, 0.0)
    return w


MAX_WEIGHTS = 50_000_000  # entries of the two dense conservative weight matrices


def _used(w: np.ndarray) -> np.ndarray | slice:
    """The source indices a weight matrix uses: a slice when they are contiguous."""
    idx = np.nonzero(w.any(axis=0))[0]
    if idx.size == w.shape[1]:
        return slice(None)
    if idx.size and idx[-1] - idx[0] + 1 == idx.size:
        return slice(int(idx[0]), int(idx[-1]) + 1)
    return idx


def _conservative(src: xr.Dataset, lat: np.ndarray, lon: np.ndarray) -> xr.Dataset:
    slat = np.asarray(src["lat"].values, "f8")
    slon = np.asarray(src["lon"].values, "f8")
    if lat.size * slat.size + lon.size * slon.size > MAX_WEIGHTS:
        raise TooLarge(f"conservative regridding from {slon.size}x{slat.size} to "
                       f"{np.size(lon)}x{np.size(lat)} cells needs too large weights: select "
                       "a smaller area first (bbox) or use bilinear")
    wy = _lat_weights(np.asarray(lat, "f8"), slat)
    wx = _lon_weights(np.asarray(lon, "f8"), slon)
    # read only the source rows and columns that overlap the target
    rows, cols = _used(wy), _used(wx)
    src = src.isel(lat=rows, lon=cols)
    wy, wx = wy[:, rows], wx[:, cols]
    wy_da = xr.DataArray(wy, dims=("lat_t", "lat"))
    wx_da = xr.DataArray(wx, dims=("lon_t", "lon"))
    covered = xr.DataArray((wy.sum(1) > 0)[:, None] & (wx.sum(1) > 0)[None, :],
                           dims=("lat_t", "lon_t"))
    out = {}
    for name, da in src.data_vars.items():
        dtype = np.result_type(da.dtype, np.float32)
        da = da.drop_vars([c for c in da.coords if c in ("lat", "lon")])
        valid = da.notnull()
        values = da.fillna(0).astype("f8")
        num = xr.dot(xr.dot(values, wy_da, dim="lat"), wx_da, dim="lon")
        den = xr.dot(xr.dot(valid.astype("f8"), wy_da, dim="lat"), wx_da, dim="lon")
        res = (num / den.where(den > 0)).where(covered)
        dims = [{"lat": "lat_t", "lon": "lon_t"}.get(d, d) for d in da.dims]
        out[name] = res.transpose(*dims).astype(dtype).rename({"lat_t": "lat",
                                                                "lon_t": "lon"})
        out[name].attrs = dict(da.attrs)
    result = xr.Dataset(out, attrs=src.attrs)
    return result.assign_coords(lat=("lat", np.asarray(lat, "f8")),
                                lon=("lon", np.asarray(lon, "f8")))


# -- projected grids -------------------------------------------------------------------------

def _regrid_points(cube: Cube, ds: xr.Dataset, grid: xr.Dataset, tx: str, ty: str,
                   tgt_crs: pyproj.CRS, method: str) -> xr.Dataset:
    """Bilinear / nearest at each target cell centre, transformed to the source CRS."""
    xs = np.asarray(grid[tx].values, "f8")
    ys = np.asarray(grid[ty].values, "f8")
    xx, yy = np.meshgrid(xs, ys)
    tr = pyproj.Transformer.from_crs(tgt_crs, cube.crs, always_xy=True)
    sx, sy = tr.transform(xx, yy)
    src = ds.sortby([cube.x, cube.y])
    svx = np.asarray(src[cube.x].values, "f8")
    if cube.geographic:
        if _is_global_lon(svx):  # one wrap-around column on each side
            first = src.isel({cube.x: [0]})
            last = src.isel({cube.x: [-1]})
            first = first.assign_coords({cube.x: first[cube.x] + 360.0})
            last = last.assign_coords({cube.x: last[cube.x] - 360.0})
            src = xr.concat([last, src, first], dim=cube.x, data_vars="minimal",
                            coords="minimal", compat="override", join="override")
            svx = np.asarray(src[cube.x].values, "f8")
        sx = np.mod(sx - svx[0], 360.0) + svx[0]
    svy = np.asarray(src[cube.y].values, "f8")
    ix = xr.DataArray(sx, dims=(ty, tx))
    iy = xr.DataArray(sy, dims=(ty, tx))
    if method == "bilinear":
        out = src.interp({cube.x: ix, cube.y: iy}, method="linear")
    else:
        out = src.sel({cube.x: ix, cube.y: iy}, method="nearest")
        rx = float(np.median(np.abs(np.diff(svx)))) if svx.size > 1 else 0.5
        ry = float(np.median(np.abs(np.diff(svy)))) if svy.size > 1 else 0.5
        inside = ((sx >= svx.min() - rx / 2) & (sx <= svx.max() + rx / 2)
                  & (sy >= svy.min() - ry / 2) & (sy <= svy.max() + ry / 2))
        out = out.where(xr.DataArray(inside, dims=(ty, tx)))
    out = out.drop_vars([c for c in (cube.x, cube.y) if c in out.coords])
    return out.assign_coords({tx: grid[tx], ty: grid[ty]})


def _finish(cube: Cube, src: xr.Dataset, out: xr.Dataset, method: str,
            tgt_crs: pyproj.CRS, tx: str, ty: str) -> xr.Dataset:
    out = out.drop_vars([c for c in ("spatial_ref", "crs") if c in out.variables])
    for name in out.data_vars:
        attrs = {k: v for k, v in src[name].attrs.items() if k not in _DROP_ATTRS
                 and k != "grid_mapping"}
        if method == "conservative":
            prev = attrs.get("cell_methods", "")
            attrs["cell_methods"] = (prev + " " if prev else "") + "area: mean"
        out[name].attrs = attrs
        out[name].encoding = {}
        dims = [d for d in src[name].dims if d not in (cube.x, cube.y)]
        out[name] = out[name].transpose(*dims, ty, tx)
    if tgt_crs.is_geographic:
        out[tx].attrs = dict(LON_ATTRS)
        out[ty].attrs = dict(LAT_ATTRS)
    else:
        out = out.assign_coords(spatial_ref=((), 0, {**tgt_crs.to_cf(),
                                                     "crs_wkt": tgt_crs.to_wkt()}))
        for name in out.data_vars:
            out[name].attrs["grid_mapping"] = "spatial_ref"
    if cube.t and cube.t in out.coords:
        out[cube.t].attrs = dict(src[cube.t].attrs)
        out[cube.t].encoding = {k: v for k, v in src[cube.t].encoding.items()
                                if k in ("units", "calendar", "dtype")}
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    attrs = dict(src.attrs)
    what = (f"regrid method={method} to {out.sizes[tx]}x{out.sizes[ty]} "
            f"{'lon/lat' if tgt_crs.is_geographic else tgt_crs.to_string()} grid")
    attrs["history"] = f"{stamp} opendias {what} of {cube.id}" + (
        "\n" + str(attrs["history"]) if attrs.get("history") else "")
    out.attrs = attrs
    return out
