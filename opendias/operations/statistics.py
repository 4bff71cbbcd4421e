"""Statistics over space on the lazy cubes: spatial (per time step) and zonal (per feature);
temporal statistics are in opendias.operations.temporal. Plain functions; nothing is read
here except by `zonal_statistics`, whose answer is a small table.

Public functions
----------------
spatial_statistics(cube, ds=None, *, stats=("mean",), bbox=None, bbox_crs=None,
                   geometry=None, geometry_crs=None) -> xarray.Dataset (lazy)
    One value per time step (and depth level) of each variable and statistic: a time
    series, variables named "{variable}_{stat}" (e.g. "analysed_sst_mean").
    stats        iterable of str (or "mean,max" text): "mean", "min", "max", "std", "sum",
                 "median", "count", percentiles "p5", "p90", "p99.9" (0 < p < 100).
                 Default ("mean",).
    bbox         (west, south, east, north) | "w,s,e,n" | None: cells whose centre lies in
                 the box, edges included (as CDO's `sellonlatbox`); west > east crosses the
                 antimeridian. In CRS84 unless `bbox_crs`.
    geometry     WKT | GeoJSON text or dict | shapely polygon | None: cells whose centre lies
                 in the polygon (boundary included). In CRS84 unless `geometry_crs`.
    Weights: lon/lat grids are weighted by cell area on the sphere,
    dlon * (sin(lat_north) - sin(lat_south)), bounds at the midpoints between centres,
    outer latitude bounds beyond +-88 moved to the pole, as CDO does (on a regular grid this
    is the cos(latitude) weight, exactly). Projected grids weight cells equally (equal cell
    areas in the projection). Missing cells are skipped: mean = sum(w x) / sum(w) over the
    valid cells, as `cdo fldmean`; std is the weighted population standard deviation
    (`cdo fldstd`); percentiles are area-weighted (xarray's weighted quantile), median = p50;
    sum is the plain sum of the valid cells (`cdo fldsum`); count the number of valid cells.
    A time step with no valid cell gives a missing value.

zonal_statistics(cube, ds=None, features, *, stats=("mean",), features_crs=None)
        -> pandas.DataFrame
    One row per feature of a GeoJSON FeatureCollection (text, dict, or a list of Features)
    and per time step (and depth level) when the selection has several: columns
    "feature" (the feature's id, else its index), the feature's scalar properties, "time"
    (and the depth axis), "cells" (valid cells in the polygon), and "{variable}_{stat}".
    Statistics and weights as in `spatial_statistics`; a feature whose polygon holds no
    cell centre gets cells = 0 and empty statistics. Computed (it is a small table).

Errors: InvalidParameter (unknown stat, frequency, bad polygon, bad reference period),
EmptyResult (a box, polygon or reference period selecting no data).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from opendias.datacube import Cube
from opendias.errors import EmptyResult, InvalidParameter
from opendias.operations.grid import cell_edges, lat_edges
from opendias.operations.provenance import (CELL_METHODS, add_cell_method, computed_attrs,
                                            with_history)
from opendias.operations.dtypes import like_source
from opendias.params import (parse_features, parse_geometry, parse_stats)



# -- weights ---------------------------------------------------------------------------------

def axis_weights(cube: Cube, ds: xr.Dataset) -> tuple[np.ndarray, np.ndarray]:
    """Separable area weights (wy along y, wx along x) of the cells of `ds`: spherical cell
    areas dlon * (sin(lat_n) - sin(lat_s)) for lon/lat grids (CDO's gridcell areas), ones
    for projected grids."""
    ny, nx = ds.sizes[cube.y], ds.sizes[cube.x]
    if not cube.geographic:
        return np.ones(ny), np.ones(nx)
    lat = np.asarray(ds[cube.y].values, "f8")
    lon = np.asarray(ds[cube.x].values, "f8")
    if lat.size > 1:
        south, north = lat_edges(lat)
        wy = np.sin(np.radians(north)) - np.sin(np.radians(south))
    else:
        wy = np.cos(np.radians(lat))
    if lon.size > 1:
        lo, hi = cell_edges(lon)
        wx = hi - lo
    else:
        wx = np.ones(1)
    return wy, wx


def cell_weights(cube: Cube, ds: xr.Dataset) -> xr.DataArray:
    """Area weights of the cells of `ds` as a (y, x) DataArray (see `axis_weights`)."""
    wy, wx = axis_weights(cube, ds)
    return xr.DataArray(wy[:, None] * wx[None, :], dims=(cube.y, cube.x))


def _select_region(cube: Cube, ds: xr.Dataset, bbox, bbox_crs, geometry,
                   geometry_crs) -> xr.Dataset:
    from opendias.operations.subset import mask_geometry, select_bbox

    if bbox is not None and bbox != "" and bbox != []:
        ds = select_bbox(cube, ds, bbox, bbox_crs)
    if geometry is not None and geometry != "":
        geom = geometry if hasattr(geometry, "geom_type") else parse_geometry(geometry)
        ds = mask_geometry(cube, ds, geom, geometry_crs)
    return ds


def _gridded_vars(cube: Cube, ds: xr.Dataset) -> list[str]:
    names = [str(v) for v in ds.data_vars if cube.x in ds[v].dims and cube.y in ds[v].dims]
    if not names:
        raise InvalidParameter("no variable has both horizontal axes", parameter="properties")
    return names


# -- spatial ---------------------------------------------------------------------------------

_FUSED = ("mean", "std", "min", "max", "sum", "count")
MAX_FUSED_CELLS = 50_000_000  # a 2-D slice larger than this is reduced chunk by chunk


def _field_kernel(x: np.ndarray, wy: np.ndarray, wx: np.ndarray,
                  stats: tuple[str, ...]) -> np.ndarray:
    """All cheap field statistics of each 2-D slice of a block (..., ny, nx) in one pass
    over the data: returns (..., len(stats)) float64. Missing cells are skipped; weighted
    sums accumulate in double precision."""
    miss = np.isnan(x)
    xz = np.where(miss, 0, x)
    uniform = bool(np.all(wx == wx[0]))
    row_valid = x.shape[-1] - np.count_nonzero(miss, axis=-1)  # (..., ny)
    count = row_valid.sum(-1)
    has = count > 0

    def wsum(a):
        rows = a.sum(-1, dtype="f8") * wx[0] if uniform else \
            np.einsum("...ij,j->...i", a, wx, dtype="f8")
        return rows @ wy

    den = (row_valid * wx[0]) @ wy if uniform else wsum(~miss)
    out = []
    mean = None
    with np.errstate(invalid="ignore", divide="ignore"):
        if "mean" in stats or "std" in stats:
            mean = np.where(has, wsum(xz) / den, np.nan)
        for stat in stats:
            if stat == "mean":
                res = mean
            elif stat == "std":
                d = np.where(miss, 0.0, x.astype("f8") - mean[..., None, None])
                res = np.where(has, np.sqrt(wsum(d * d) / den), np.nan)
            elif stat == "min":
                res = np.where(has, np.where(miss, np.inf, x).min(axis=(-2, -1)), np.nan)
            elif stat == "max":
                res = np.where(has, np.where(miss, -np.inf, x).max(axis=(-2, -1)), np.nan)
            elif stat == "sum":
                res = np.where(has, xz.sum(axis=(-2, -1), dtype="f8"), np.nan)
            else:  # count
                res = count
            out.append(np.asarray(res, "f8"))
    return np.stack(out, axis=-1)


def _reduce_spatial(cube: Cube, da: xr.DataArray, weights: tuple[np.ndarray, np.ndarray],
                    stats: list[str]) -> dict[str, xr.DataArray]:
    """Lazy statistics of `da` over its y/x axes, per remaining index (time, depth)."""
    dims = [cube.y, cube.x]
    wy, wx = weights
    out: dict[str, xr.DataArray] = {}
    x = da if da.dtype.kind == "f" else da.astype("f8")
    fused = tuple(s for s in stats if s in _FUSED)
    if fused and x.sizes[cube.y] * x.sizes[cube.x] <= MAX_FUSED_CELLS:
        if x.chunks:
            x = x.chunk({cube.y: -1, cube.x: -1})
        res = xr.apply_ufunc(
            _field_kernel, x, kwargs={"wy": wy, "wx": wx, "stats": fused},
            input_core_dims=[dims], output_core_dims=[["__stat"]], dask="parallelized",
            output_dtypes=["f8"], dask_gufunc_kwargs={"output_sizes": {"__stat": len(fused)}})
        for i, stat in enumerate(fused):
            r = res.isel(__stat=i)
            out[stat] = r.astype("i8") if stat == "count" else r
    elif fused:  # very large slices: xarray reductions, chunk by chunk
        w = xr.DataArray(wy[:, None] * wx[None, :], dims=dims)
        xf = x.astype("f8")
        valid = xf.notnull()
        wsum_ = w.where(valid, 0.0).sum(dims)
        has = wsum_ > 0
        mean = ((xf.fillna(0) * w).sum(dims) / wsum_).where(has)
        for stat in fused:
            if stat == "mean":
                out[stat] = mean
            elif stat == "std":
                out[stat] = np.sqrt(((((xf - mean) ** 2).fillna(0) * w).sum(dims)
                                     / wsum_).where(has))
            elif stat == "min":
                out[stat] = xf.min(dims, skipna=True)
            elif stat == "max":
                out[stat] = xf.max(dims, skipna=True)
            elif stat == "sum":
                out[stat] = xf.sum(dims, skipna=True, min_count=1)
            else:
                out[stat] = valid.sum(dims).astype("i8")
    for stat in stats:
        if stat in _FUSED:
            continue
        # median / percentiles: area-weighted quantiles, one 2-D slice in memory at a time
        q = 0.5 if stat == "median" else float(stat[1:]) / 100.0
        w = xr.DataArray(wy[:, None] * wx[None, :], dims=dims)
        xq = x.chunk({cube.y: -1, cube.x: -1}) if x.chunks else x
        res = xq.weighted(w).quantile(q, dim=dims, skipna=True)
        out[stat] = res.drop_vars("quantile", errors="ignore").where(x.notnull().any(dims))
    return {stat: out[stat] for stat in stats}


def _stat_attrs(src_attrs: dict, stat: str, dims_method: str) -> dict:
    attrs = computed_attrs(src_attrs)
    if stat == "count":
        attrs = {"long_name": f"number of valid cells of {src_attrs.get('long_name', '')}"
                 .strip(), "units": "1"}
        return attrs
    if stat.startswith("p"):
        method = f"{dims_method} percentile {stat[1:]}"
        attrs["long_name"] = f"{stat[1:]}th percentile of " \
                             f"{src_attrs.get('long_name', 'values')}"
    else:
        method = f"{dims_method} {CELL_METHODS[stat]}"
        if stat != "mean":
            attrs["long_name"] = f"{CELL_METHODS[stat].replace('_', ' ')} of " \
                                 f"{src_attrs.get('long_name', 'values')}"
    return add_cell_method(attrs, method)


def spatial_statistics(cube: Cube, ds: xr.Dataset | None = None, *, stats=("mean",),
                       bbox=None, bbox_crs=None, geometry=None,
                       geometry_crs=None) -> xr.Dataset:
    """Area-weighted statistics over the region, per time step: a lazy time series Dataset.
    See the module docstring for the parameters."""
    stats = parse_stats(stats)
    if ds is None:
        ds = cube.ds[cube.variables]
    ds = _select_region(cube, ds, bbox, bbox_crs, geometry, geometry_crs)
    names = _gridded_vars(cube, ds)
    weights = axis_weights(cube, ds)
    out = {}
    for name in names:
        for stat, res in _reduce_spatial(cube, ds[name], weights, stats).items():
            var = f"{name}_{stat}"
            res = res.drop_vars([c for c in res.coords if c not in res.dims
                                 and c not in (cube.t, "time")])
            res = like_source(res, ds[name])
            res.attrs = _stat_attrs(ds[name].attrs, stat, "area:")
            res.encoding = {}
            out[var] = res
    result = xr.Dataset(out)
    if cube.t and cube.t in result.coords:
        result[cube.t].attrs = dict(ds[cube.t].attrs)
    region = []
    if bbox is not None:
        region.append(f"bbox={bbox}")
    if geometry is not None:
        region.append("polygon")
    result.attrs = with_history({k: v for k, v in ds.attrs.items()
                             if k in ("Conventions", "title", "institution", "source",
                                      "references", "history")},
                            f"spatial statistics {','.join(stats)} of {cube.id}"
                            + (f" over {' and '.join(region)}" if region else ""))
    return result


# -- zonal -----------------------------------------------------------------------------------

def zonal_statistics(cube: Cube, ds: xr.Dataset | None = None, features=None, *,
                     stats=("mean",), features_crs=None) -> pd.DataFrame:
    """One row of area-weighted statistics per feature (and time step). Computed."""
    import dask

    from opendias.operations.subset import mask_geometry

    if features is None:
        raise InvalidParameter("give features (a GeoJSON FeatureCollection)",
                               parameter="features")
    stats = parse_stats(stats)
    if ds is None:
        ds = cube.ds[cube.variables]
    names = _gridded_vars(cube, ds)
    ds = ds[names]
    rows_meta, lazies = [], []
    for i, feat in enumerate(parse_features(features)):
        if not isinstance(feat, dict):
            raise InvalidParameter(f"feature {i} is not a GeoJSON Feature",
                                   parameter="features")
        try:
            geom = parse_geometry(feat)
        except InvalidParameter as err:
            raise InvalidParameter(f"feature {i}: {err.detail}",
                                   parameter="features") from None
        props = {k: v for k, v in (feat.get("properties") or {}).items()
                 if isinstance(v, (str, int, float, bool)) or v is None}
        meta = {"feature": feat.get("id", i), **props}
        try:
            sub = mask_geometry(cube, ds, geom, features_crs)
        except EmptyResult:
            rows_meta.append(meta)
            lazies.append(None)
            continue
        except InvalidParameter as err:
            raise InvalidParameter(f"feature {i}: {err.detail}",
                                   parameter="features") from None
        weights = axis_weights(cube, sub)
        cols = {"cells": sub[names[0]].notnull().sum([cube.y, cube.x])}
        for name in names:
            for stat, res in _reduce_spatial(cube, sub[name], weights, stats).items():
                cols[f"{name}_{stat}"] = res
        lazies.append(xr.Dataset(cols).drop_vars(
            [c for c in xr.Dataset(cols).coords
             if c not in xr.Dataset(cols).dims], errors="ignore"))
        rows_meta.append(meta)
    computed = dask.compute(*[x for x in lazies if x is not None])
    it = iter(computed)
    frames = []
    for meta, lazy in zip(rows_meta, lazies):
        if lazy is None:
            frame = pd.DataFrame([{"cells": 0}])
        else:
            res = next(it)
            frame = res.to_dataframe().reset_index() if res.dims else \
                pd.DataFrame([{k: res[k].item() for k in res.data_vars}])
        for k, v in reversed(list(meta.items())):
            frame.insert(0, k, [v] * len(frame))
        frames.append(frame)
    table = pd.concat(frames, ignore_index=True)
    if all(x is None for x in lazies):
        raise EmptyResult(f"no feature's polygon contains a grid cell centre of {cube.id!r}",
                          parameter="features")
    if "cells" in table:
        table["cells"] = table["cells"].fillna(0).astype("int64")
    return table
