"""The remapping kernels between lon/lat grids, one per method (see opendias.operations.regrid
for how each matches CDO): bilinear (xarray-regrid's linear, plus CDO's polar caps), nearest
(`cdo remapnn`) and first-order conservative (`cdo remapcon`, exact spherical overlaps)."""

from __future__ import annotations

import numpy as np
import xarray as xr

from opendias.datacube import Cube
from opendias.errors import InvalidParameter, TooLarge
from opendias.operations.grid import cell_edges, lat_edges, nearest_index, \
    neighbour_indices

MAX_WEIGHTS = 50_000_000  # entries of the two dense conservative weight matrices


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


def is_global_lon(lon: np.ndarray) -> bool:
    lon = np.sort(np.asarray(lon, dtype="f8"))
    if lon.size < 2:
        return False
    step = float(np.median(np.diff(lon)))
    return lon[-1] - lon[0] >= 360.0 - step * 1.01


def regrid_lonlat(cube: Cube, ds: xr.Dataset, lat: np.ndarray, lon: np.ndarray,
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
    if slat.size < 2 or not is_global_lon(slon):
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


def _xyz(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    la, lo = np.radians(lat), np.radians(lon)
    return np.stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)], -1)


TIE = 1e-13  # cosines of great-circle distances closer than this are a tie


def great_circle_nearest(slat: np.ndarray, slon: np.ndarray, lat: np.ndarray,
                         lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(lat index, lon index), each of shape (lat, lon), of the source point nearest each
    target point by great-circle distance, among the four grid points around it (the
    nearest point of a rectilinear lon/lat grid is one of them). Exact ties go, as in `cdo
    remapnn`, to the point stored first (row by row): between two latitudes at the same
    longitude the first row, between two longitudes the first column; off a grid line the
    poleward point is the nearer one."""
    rows = neighbour_indices(slat, lat, circular=False)
    cols = neighbour_indices(slon, lon, circular=True)
    tla, tlo = np.radians(lat)[:, None], np.radians(lon)[None, :]
    cosines, flats, picks = [], [], []
    for r in rows:
        for c in cols:
            sla, slo = np.radians(slat[r])[:, None], np.radians(slon[c])[None, :]
            cosines.append(np.sin(tla) * np.sin(sla)
                           + np.cos(tla) * np.cos(sla) * np.cos(tlo - slo))
            flats.append(r[:, None] * slon.size + c[None, :])
            picks.append((r, c))
    cosines, flats = np.stack(cosines), np.stack(flats)
    near = cosines >= cosines.max(axis=0) - TIE
    best = np.argmin(np.where(near, flats, np.iinfo(np.int64).max), axis=0)
    ilat = np.choose(best, [np.broadcast_to(r[:, None], best.shape) for r, _ in picks])
    ilon = np.choose(best, [np.broadcast_to(c[None, :], best.shape) for _, c in picks])
    return ilat, ilon


def _nearest(src: xr.Dataset, lat: np.ndarray, lon: np.ndarray) -> xr.Dataset:
    """Nearest source cell of each target cell centre, as `cdo remapnn`: by great-circle
    distance (`great_circle_nearest`, ties as CDO breaks them); a target takes the nearest
    cell's value even when that cell is missing, and target points beyond the source grid
    take the value of the nearest cell on the sphere (CDO's default search radius is the
    whole sphere): beyond its west/east edge, by great-circle distance to the cells of the
    edge column."""
    slat = np.asarray(src["lat"].values, "f8")
    slon = np.asarray(src["lon"].values, "f8")
    ilat2, ilon2 = great_circle_nearest(slat, slon, lat, lon)
    ilon = nearest_index(slon, lon, circular=True)
    outside = np.zeros(lon.size, bool)
    if not is_global_lon(slon) and slon.size > 1:
        lo, hi = cell_edges(slon)
        west = float(lo.min())
        rel = np.mod(lon - west, 360.0)
        outside = rel > float(hi.max()) - west
    for j in np.nonzero(outside)[0]:
        col = ilon[j]
        pts = _xyz(slat, np.full(slat.size, slon[col]))
        tgt = _xyz(lat, np.full(lat.size, lon[j]))
        ilat2[:, j] = np.argmax(tgt @ pts.T, axis=1)  # largest dot = smallest distance
        ilon2[:, j] = col
    if (ilat2 == ilat2[:, :1]).all() and (ilon2 == ilon2[:1, :]).all():
        out = src.isel(lat=ilat2[:, 0], lon=ilon2[0, :])  # one row/column each: orthogonal
        return out.assign_coords(lat=("lat", lat), lon=("lon", lon))
    out = src.isel(lat=xr.DataArray(ilat2, dims=("lat", "lon")),
                   lon=xr.DataArray(ilon2, dims=("lat", "lon")))
    out = out.drop_vars([c for c in ("lat", "lon") if c in out.coords])
    return out.assign_coords(lat=("lat", lat), lon=("lon", lon))


# -- conservative ----------------------------------------------------------------------------

def _lat_weights(tlat: np.ndarray, slat: np.ndarray) -> np.ndarray:
    """W[J, j]: spherical area factor sin(north) - sin(south) of target row J's overlap with
    source row j (bounds as `lat_edges`)."""
    tlo, thi = lat_edges(tlat)
    slo, shi = lat_edges(slat)
    south = np.maximum(tlo[:, None], slo[None, :])
    north = np.minimum(thi[:, None], shi[None, :])
    w = np.sin(np.radians(north)) - np.sin(np.radians(south))
    return np.where(north > south + 1e-9, w, 0.0)


def lon_weights(tlon: np.ndarray, slon: np.ndarray) -> np.ndarray:
    """W[I, i]: longitude overlap (degrees) of target column I with source column i, on the
    circle (any longitude frames)."""
    tlo, thi = cell_edges(tlon)
    slo, shi = cell_edges(slon)
    if is_global_lon(slon):  # the grid closes on itself: no cell wider than the gap
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
    if min(slat.size, slon.size, np.size(lat), np.size(lon)) < 2:
        raise InvalidParameter("conservative regridding needs at least two cells along "
                               "each axis", parameter="method")
    if lat.size * slat.size + lon.size * slon.size > MAX_WEIGHTS:
        raise TooLarge(f"conservative regridding from {slon.size}x{slat.size} to "
                       f"{np.size(lon)}x{np.size(lat)} cells needs too large weights: select "
                       "a smaller area first (bbox) or use bilinear")
    wy = _lat_weights(np.asarray(lat, "f8"), slat)
    wx = lon_weights(np.asarray(lon, "f8"), slon)
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
