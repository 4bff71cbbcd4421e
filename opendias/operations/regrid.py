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
- nearest = `cdo remapnn`: the source cell nearest by great-circle distance (written here,
  opendias.operations.remap.great_circle_nearest: off a grid line the poleward of two
  equally distant rows in lon/lat is the nearer; exact ties go to the point stored first,
  as in CDO); like CDO, and unlike xarray-regrid's nearest, target points beyond the source
  grid take the nearest edge cell's value, and a target whose nearest cell is missing is
  missing.
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

import numpy as np
import pyproj
import xarray as xr

from opendias.datacube import CRS84, Cube
from opendias.errors import InvalidParameter, TooLarge
from opendias.operations.grid import cell_edges, lat_edges
from opendias.operations.provenance import add_cell_method, computed_attrs, with_history
from opendias.operations.remap import MAX_WEIGHTS, is_global_lon, lon_weights, regrid_lonlat
from opendias.operations.dtypes import like_source
from opendias.params import parse_bbox, parse_crs, parse_method, parse_resolution

MAX_TARGET_CELLS = 25_000_000  # per 2-D slice

LON_ATTRS = {"standard_name": "longitude", "long_name": "longitude", "units": "degrees_east",
             "axis": "X"}
LAT_ATTRS = {"standard_name": "latitude", "long_name": "latitude", "units": "degrees_north",
             "axis": "Y"}


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


def _source_lonlat_extent(cube: Cube, ds: xr.Dataset) -> list[float]:
    x = np.asarray(ds[cube.x].values, dtype="f8")
    y = np.asarray(ds[cube.y].values, dtype="f8")
    if cube.geographic:
        xlo, xhi = cell_edges(x) if x.size > 1 else (x - 0.5, x + 0.5)
        ylo, yhi = cell_edges(y) if y.size > 1 else (y - 0.5, y + 0.5)
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
    west, south, east, north = parse_bbox(bbox)
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
        tgt_crs = CRS84 if crs is None else parse_crs(crs, parameter="crs")
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
                minx, miny, maxx, maxy = parse_bbox(bbox)
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

    _check_two_cells(cube, ds, method)
    both_lonlat = cube.geographic and tgt_crs.is_geographic
    if method == "conservative" and not both_lonlat:
        raise InvalidParameter("conservative regridding needs lon/lat source and target "
                               "grids; use bilinear or nearest for a projected CRS",
                               parameter="method")
    if both_lonlat:
        _check_overlap(cube, ds, tgt_grid[tgt_y].values, tgt_grid[tgt_x].values)
        out = regrid_lonlat(cube, ds, tgt_grid[tgt_y].values, tgt_grid[tgt_x].values,
                             method)
        out = out.rename({"lat": tgt_y, "lon": tgt_x}) if tgt_x != "lon" or tgt_y != "lat" \
            else out
        out = out.assign_coords({tgt_x: tgt_grid[tgt_x], tgt_y: tgt_grid[tgt_y]})
    else:
        out = _regrid_points(cube, ds, tgt_grid, tgt_x, tgt_y, tgt_crs, method)
    return _finish(cube, ds, out, method, tgt_crs, tgt_x, tgt_y)


def _check_two_cells(cube: Cube, ds: xr.Dataset, method: str) -> None:
    """Bilinear interpolation and conservative remapping need two cells along each axis (to
    interpolate between, or to know the cells' edges); a single row or column is refused by
    name (nearest takes it)."""
    if method == "nearest":
        return
    for dim, what in ((cube.y, "row"), (cube.x, "column")):
        if ds.sizes[dim] < 2:
            raise InvalidParameter(f"{method} regridding needs at least two cells along each "
                                   f"axis, and {cube.id!r} has a single {what} ({dim} "
                                   f"{float(ds[dim].values[0]):g}) in this selection: use "
                                   "method nearest", parameter="method")


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
        lon_ok = bool(lon_weights(np.asarray(lon, "f8"), slon).any())
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
        if is_global_lon(svx):  # one wrap-around column on each side
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
        attrs = computed_attrs(src[name].attrs)
        if method == "conservative":
            add_cell_method(attrs, "area: mean")
        out[name] = like_source(out[name], src[name])
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
    what = (f"regrid method={method} to {out.sizes[tx]}x{out.sizes[ty]} "
            f"{'lon/lat' if tgt_crs.is_geographic else tgt_crs.to_string()} grid")
    out.attrs = with_history(src.attrs, f"{what} of {cube.id}")
    return out
