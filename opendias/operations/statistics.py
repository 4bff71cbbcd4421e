"""Statistics over the lazy cubes: spatial (per time step), temporal (resampling,
climatology, anomalies) and zonal (per feature). Plain functions; nothing is read here
except by `zonal_statistics`, whose answer is a small table.

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

temporal_statistics(cube, ds=None, *, frequency="month", stat="mean") -> xarray.Dataset
    Resample along time. frequency: "day" | "month" | "season" (DJF, MAM, JJA, SON;
    December counts with the following January, as `cdo seasmean`) | "year" (also "daily",
    "monthly", "seasonal", "annual", "yearly"). stat: "mean" | "min" | "max" | "sum" |
    "std" (population, as `cdo monstd`). Missing values are skipped; a period with no
    valid value is missing (also for "sum"). The time coordinate is the start of each
    period, with `time_bnds` [start, end). Same values as `cdo daymean / monmean /
    seasmean / yearmean` (and -min, -max, -sum).

climatology(cube, ds=None, *, reference=("1991-01-01", "2020-12-31"), frequency="month",
            stat="mean") -> xarray.Dataset
    The statistic of each calendar month / season / day of year over the reference period.
    reference: (start, end) or "start/end" ISO 8601 (a bare end date includes that day).
    frequency: "month" (dimension "month", 1..12) | "season" ("season": DJF, MAM, JJA,
    SON) | "day" ("dayofyear", 1..366). stat: "mean" | "min" | "max" | "sum" | "std".
    Same values as `cdo ymonmean` / `yseasmean` / `ydaymean` on the reference period.
    A reference period with no time step raises EmptyResult.

anomalies(cube, ds=None, *, reference=("1991-01-01", "2020-12-31"), frequency="month",
          climatology=None) -> xarray.Dataset
    ds minus the mean climatology of its calendar month / season / day of year (computed
    over `reference` from the whole cube, or given as `climatology`, the output of
    `climatology()`). Same values as `cdo ymonsub ds -ymonmean -seldate,ref cube`.

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

import datetime as dt
import json
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd
import xarray as xr

from opendias.datacube import Cube
from opendias.errors import EmptyResult, InvalidParameter
from opendias.operations.regrid import _nearest_index, lat_edges

SPATIAL_STATS = ("mean", "min", "max", "std", "sum", "median", "count")
TEMPORAL_STATS = ("mean", "min", "max", "sum", "std")
_FREQ = {"day": "day", "daily": "day", "d": "day",
         "month": "month", "monthly": "month", "mon": "month", "m": "month",
         "season": "season", "seasonal": "season", "seas": "season",
         "year": "year", "annual": "year", "yearly": "year", "y": "year"}
_RESAMPLE_RULE = {"day": "D", "month": "MS", "season": "QS-DEC", "year": "YS"}
_CELL_METHOD = {"mean": "mean", "min": "minimum", "max": "maximum", "sum": "sum",
                "std": "standard_deviation", "median": "median", "count": "point"}
_DROP_ATTRS = ("valid_min", "valid_max", "valid_range", "actual_range", "scale_factor",
               "add_offset", "_FillValue", "missing_value", "grid_mapping")
_PCTL = re.compile(r"^(?:p|pct|percentile[_ ]?)(\d+(?:\.\d+)?)$")


# -- parameters ------------------------------------------------------------------------------

def parse_stats(stats, allowed=SPATIAL_STATS, percentiles: bool = True) -> list[str]:
    """Normalised statistic names; percentiles as 'pNN'."""
    if stats is None:
        return ["mean"]
    items = [s for s in re.split(r"[,\s]+", stats) if s] if isinstance(stats, str) \
        else [str(s) for s in stats]
    if not items:
        raise InvalidParameter("no statistic asked for", parameter="stats")
    out = []
    for item in items:
        name = item.strip().lower()
        name = {"average": "mean", "avg": "mean", "minimum": "min", "maximum": "max",
                "stddev": "std", "stdev": "std", "total": "sum"}.get(name, name)
        m = _PCTL.match(name)
        if m and percentiles:
            q = float(m.group(1))
            if not 0 < q < 100:
                raise InvalidParameter(f"percentile {item!r} must be between 0 and 100 "
                                       "(exclusive)", parameter="stats")
            name = f"p{q:g}"
        elif name not in allowed:
            extra = ", percentiles p1..p99" if percentiles else ""
            raise InvalidParameter(f"unknown statistic {item!r}: use {', '.join(allowed)}"
                                   f"{extra}", parameter="stats")
        if name not in out:
            out.append(name)
    return out


def parse_frequency(value) -> str:
    key = str(value or "").strip().lower()
    if key not in _FREQ:
        raise InvalidParameter(f"unknown frequency {value!r}: use day, month, season or "
                               "year", parameter="frequency")
    return _FREQ[key]


def _parse_reference(reference) -> tuple[pd.Timestamp | None, pd.Timestamp | None, str]:
    from opendias.operations.subset import parse_datetime

    if isinstance(reference, (list, tuple)):
        if len(reference) != 2:
            raise InvalidParameter("reference must be a period (start, end)",
                                   parameter="reference")
        text = f"{reference[0] or '..'}/{reference[1] or '..'}"
    else:
        text = str(reference)
    try:
        start, end = parse_datetime(text)
    except InvalidParameter as err:
        raise InvalidParameter(f"reference period: {err.detail}",
                               parameter="reference") from None
    return start, end, text


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
        order = np.argsort(lon)
        ls = lon[order]
        mid = (ls[1:] + ls[:-1]) / 2
        lo = np.concatenate([[ls[0] - (ls[1] - ls[0]) / 2], mid])
        hi = np.concatenate([mid, [ls[-1] + (ls[-1] - ls[-2]) / 2]])
        wx = np.empty_like(lon)
        wx[order] = hi - lo
    else:
        wx = np.ones(1)
    return wy, wx


def cell_weights(cube: Cube, ds: xr.Dataset) -> xr.DataArray:
    """Area weights of the cells of `ds` as a (y, x) DataArray (see `axis_weights`)."""
    wy, wx = axis_weights(cube, ds)
    return xr.DataArray(wy[:, None] * wx[None, :], dims=(cube.y, cube.x))


def _select_region(cube: Cube, ds: xr.Dataset, bbox, bbox_crs, geometry,
                   geometry_crs) -> xr.Dataset:
    from opendias.operations.subset import mask_geometry, parse_geometry, select_bbox

    if bbox is not None and bbox != "" and bbox != []:
        ds = select_bbox(cube, ds, bbox, bbox_crs)
    if geometry is not None and geometry != "":
        geom = geometry if hasattr(geometry, "geom_type") else parse_geometry(geometry)
        ds = mask_geometry(cube, ds, geom, geometry_crs)
    return ds


def _clean_attrs(attrs: dict) -> dict:
    return {k: v for k, v in attrs.items() if k not in _DROP_ATTRS}


def _add_cell_method(attrs: dict, method: str) -> dict:
    prev = attrs.get("cell_methods", "")
    attrs["cell_methods"] = (prev + " " if prev else "") + method
    return attrs


def _history(attrs: dict, what: str) -> dict:
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    out = dict(attrs)
    out["history"] = f"{stamp} opendias {what}" + (
        "\n" + str(attrs["history"]) if attrs.get("history") else "")
    return out


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
    attrs = _clean_attrs(src_attrs)
    if stat == "count":
        attrs = {"long_name": f"number of valid cells of {src_attrs.get('long_name', '')}"
                 .strip(), "units": "1"}
        return attrs
    if stat.startswith("p"):
        method = f"{dims_method} percentile {stat[1:]}"
        attrs["long_name"] = f"{stat[1:]}th percentile of " \
                             f"{src_attrs.get('long_name', 'values')}"
    else:
        method = f"{dims_method} {_CELL_METHOD[stat]}"
        if stat != "mean":
            attrs["long_name"] = f"{_CELL_METHOD[stat].replace('_', ' ')} of " \
                                 f"{src_attrs.get('long_name', 'values')}"
    return _add_cell_method(attrs, method)


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
    result.attrs = _history({k: v for k, v in ds.attrs.items()
                             if k in ("Conventions", "title", "institution", "source",
                                      "references", "history")},
                            f"spatial statistics {','.join(stats)} of {cube.id}"
                            + (f" over {' and '.join(region)}" if region else ""))
    return result


# -- temporal --------------------------------------------------------------------------------

def _time_dim(cube: Cube, ds: xr.Dataset) -> str:
    if not cube.t or cube.t not in ds.dims:
        raise InvalidParameter(f"dataset {cube.id!r} has no time axis to compute temporal "
                               "statistics along", parameter="frequency")
    return cube.t


def _apply(obj, stat: str):
    if stat == "mean":
        return obj.mean(skipna=True)
    if stat == "min":
        return obj.min(skipna=True)
    if stat == "max":
        return obj.max(skipna=True)
    if stat == "sum":
        return obj.sum(skipna=True, min_count=1)
    if stat == "std":
        return obj.std(skipna=True, ddof=0)
    raise InvalidParameter(f"unknown statistic {stat!r}", parameter="stat")


MAX_BLOCK_BYTES = 128 * 2**20


def _chunk_by_period(cube: Cube, ds: xr.Dataset, t: str, rule: str) -> xr.Dataset:
    """Rechunk so that each dask block holds whole periods (one month, ...) of time steps:
    the reduction of a period is then one task (flox "blockwise") instead of a tree of
    partial sums over one-step chunks, 3x faster on daily files. Blocks are split along y
    to stay under MAX_BLOCK_BYTES (as float64)."""
    if not any(ds[v].chunks for v in ds.data_vars):
        return ds
    from xarray.groupers import TimeResampler

    times = pd.DatetimeIndex(ds[t].values)
    longest = int(pd.Series(1, index=times).resample(rule).sum().max() or 1)
    chunks: dict = {t: TimeResampler(rule)}
    per_step = max(int(np.prod([n for d, n in ds[v].sizes.items() if d != t]) * 8)
                   for v in ds.data_vars)
    if longest * per_step > MAX_BLOCK_BYTES and cube.y in ds.dims:
        rows = ds.sizes[cube.y]
        chunks[cube.y] = max(1, int(rows * MAX_BLOCK_BYTES / (longest * per_step)))
    try:
        return ds.chunk(chunks)
    except (ValueError, TypeError, NotImplementedError):
        return ds


def _as_float64(ds: xr.Dataset, stat: str) -> xr.Dataset:
    """Sums and means accumulate in double precision (as CDO does); min/max keep the type."""
    if stat in ("min", "max"):
        return ds
    return ds.map(lambda da: da.astype("f8") if da.dtype.kind == "f" and da.dtype.itemsize
                  < 8 else da, keep_attrs=True)


def _parse_one_stat(stat) -> str:
    names = parse_stats([stat] if isinstance(stat, str) else stat, allowed=TEMPORAL_STATS,
                        percentiles=False)
    if len(names) != 1:
        raise InvalidParameter("give one statistic", parameter="stat")
    return names[0]


def _finish_vars(result: xr.Dataset, ds: xr.Dataset, method: str) -> xr.Dataset:
    for name in result.data_vars:
        if name in ds.data_vars:
            attrs = _clean_attrs(ds[name].attrs)
            result[name].attrs = _add_cell_method(attrs, method)
            result[name].encoding = {}
    return result


def temporal_statistics(cube: Cube, ds: xr.Dataset | None = None, *, frequency="month",
                        stat="mean") -> xr.Dataset:
    """Resample along time to days, months, seasons or years. Lazy (flox-backed)."""
    freq = parse_frequency(frequency)
    stat = _parse_one_stat(stat)
    if ds is None:
        ds = cube.ds[cube.variables]
    t = _time_dim(cube, ds)
    data = ds[[v for v in ds.data_vars if t in ds[v].dims]]
    data = _as_float64(_chunk_by_period(cube, data, t, _RESAMPLE_RULE[freq]), stat)
    result = _apply(data.resample({t: _RESAMPLE_RULE[freq]}), stat)
    # keep only periods holding at least one time step (resample fills gaps with empties)
    counts = ds[t].resample({t: _RESAMPLE_RULE[freq]}).count()
    result = result.isel({t: np.nonzero(counts.values > 0)[0]})
    starts = pd.DatetimeIndex(result[t].values)
    offset = {"day": pd.DateOffset(days=1), "month": pd.DateOffset(months=1),
              "season": pd.DateOffset(months=3), "year": pd.DateOffset(years=1)}[freq]
    bounds = np.stack([starts.values, (starts + offset).values], axis=1)
    result[f"{t}_bnds"] = ((t, "bnds"), bounds)
    result[t].attrs = {**_clean_attrs(ds[t].attrs), "bounds": f"{t}_bnds"}
    time_enc = {"units": ds[t].encoding.get("units", "days since 1970-01-01"),
                "calendar": ds[t].encoding.get("calendar", "standard"), "dtype": "f8"}
    result[t].encoding = dict(time_enc)
    result[f"{t}_bnds"].encoding = dict(time_enc)
    result = _finish_vars(result, ds, f"{t}: {_CELL_METHOD[stat]}")
    result.attrs = _history(ds.attrs, f"temporal statistics {stat} per {freq} of {cube.id}")
    return result


_GROUP = {"month": "month", "season": "season", "day": "dayofyear"}


def _group_key(freq: str, t: str) -> str:
    if freq not in _GROUP:
        raise InvalidParameter(f"climatology frequency must be month, season or day, got "
                               f"{freq!r}", parameter="frequency")
    return f"{t}.{_GROUP[freq]}"


def climatology(cube: Cube, ds: xr.Dataset | None = None, *,
                reference=("1991-01-01", "2020-12-31"), frequency="month",
                stat="mean") -> xr.Dataset:
    """Statistic of each calendar month / season / day of year over the reference period."""
    from opendias.operations.subset import select_time

    freq = parse_frequency(frequency)
    stat = _parse_one_stat(stat)
    if ds is None:
        ds = cube.ds[cube.variables]
    t = _time_dim(cube, ds)
    key = _group_key(freq, t)
    start, end, text = _parse_reference(reference)
    try:
        ref = select_time(cube, ds, start, end)
    except EmptyResult:
        times = pd.DatetimeIndex(ds[t].values)
        span = f"{times.min():%Y-%m-%d}..{times.max():%Y-%m-%d}" if len(times) else "none"
        raise EmptyResult(f"reference period {text} holds no data of {cube.id!r}: its time "
                          f"steps span {span}", parameter="reference") from None
    data = ref[[v for v in ref.data_vars if t in ref[v].dims]]
    data = _as_float64(_chunk_by_period(cube, data, t, "MS" if freq != "day" else "D"), stat)
    result = _apply(data.groupby(key), stat)
    times = pd.DatetimeIndex(ref[t].values)
    result = _finish_vars(result, ds, f"{t}: {_CELL_METHOD[stat]} within years "
                                      f"{t}: {_CELL_METHOD[stat]} over years")
    for name in result.data_vars:
        result[name].attrs["climatology_period"] = \
            f"{times.min():%Y-%m-%d}/{times.max():%Y-%m-%d}"
    result.attrs = _history(ds.attrs, f"climatology ({stat} per {freq}) of {cube.id} over "
                                      f"{times.min():%Y-%m-%d}/{times.max():%Y-%m-%d}")
    return result


_mean_climatology = climatology


def _same_space(cube: Cube, base: xr.Dataset, ds: xr.Dataset) -> xr.Dataset:
    """`base` (all time steps) cut to the cells of `ds` (a selection of the same cube),
    with ds's coordinates: the climatology of an anomaly request reads only that area."""
    for dim in (cube.y, cube.x, cube.z):
        if not dim or dim not in ds.dims or dim not in base.dims:
            continue
        want = np.asarray(ds[dim].values, "f8")
        have = np.asarray(base[dim].values, "f8")
        if want.size == have.size and np.array_equal(want, have):
            continue
        circular = dim == cube.x and cube.geographic
        idx = _nearest_index(have, want, circular=circular)
        gap = np.abs(have[idx] - want)
        if circular:
            gap = np.minimum(np.mod(gap, 360.0), 360.0 - np.mod(gap, 360.0))
        step = float(np.median(np.abs(np.diff(have)))) if have.size > 1 else 1.0
        if np.any(gap > 1e-3 * step):
            raise InvalidParameter("anomalies need a selection of the cube's own cells",
                                   parameter="climatology")
        base = base.isel({dim: idx}).assign_coords({dim: ds[dim]})
    return base


def anomalies(cube: Cube, ds: xr.Dataset | None = None, *,
              reference=("1991-01-01", "2020-12-31"), frequency="month",
              climatology: xr.Dataset | None = None) -> xr.Dataset:
    """`ds` minus the mean climatology of its month / season / day of year. Lazy."""
    freq = parse_frequency(frequency)
    if ds is None:
        ds = cube.ds[cube.variables]
    t = _time_dim(cube, ds)
    key = _group_key(freq, t)
    if climatology is None:
        base = _same_space(cube, cube.ds[[v for v in ds.data_vars
                                          if v in cube.ds.data_vars]], ds)
        clim = _mean_climatology(cube, base, reference=reference, frequency=freq,
                                 stat="mean")
    else:
        clim = climatology
    data = ds[[v for v in ds.data_vars if t in ds[v].dims and v in clim.data_vars]]
    for dim in (cube.x, cube.y, cube.z):
        if dim and dim in data.dims and dim in clim.dims and (
                data.sizes[dim] != clim.sizes[dim]
                or not np.allclose(data[dim].values, clim[dim].values)):
            raise InvalidParameter(f"the climatology's {dim} axis differs from the data's: "
                                   "compute it on the same selection", parameter="climatology")
    group_dim = _GROUP[freq]
    present = set(np.unique(getattr(data[t].dt, _GROUP[freq]).values).tolist())
    missing = present - set(clim[group_dim].values.tolist())
    if missing:
        raise EmptyResult(f"the climatology has no {group_dim} {sorted(missing)} that the "
                          "data needs: widen the reference period", parameter="reference")
    result = data.groupby(key) - clim
    result = result.drop_vars(group_dim, errors="ignore")
    period = next((clim[v].attrs.get("climatology_period") for v in clim.data_vars), "")
    for name in result.data_vars:
        attrs = _clean_attrs(ds[name].attrs)
        attrs["long_name"] = f"anomaly of {ds[name].attrs.get('long_name', name)}"
        attrs["comment"] = f"difference from the {freq}ly mean climatology {period}".strip()
        attrs.pop("standard_name", None)
        result[name].attrs = attrs
        result[name].encoding = {}
    result.attrs = _history(ds.attrs, f"anomalies of {cube.id} against the {freq}ly "
                                      f"climatology {period}")
    return result


# -- zonal -----------------------------------------------------------------------------------

def _features(features) -> list[dict]:
    obj = features
    if isinstance(obj, (str, bytes)):
        try:
            obj = json.loads(obj)
        except ValueError as err:
            raise InvalidParameter(f"features are not GeoJSON: {err}",
                                   parameter="features") from None
    if isinstance(obj, dict):
        if obj.get("type") == "FeatureCollection":
            obj = obj.get("features")
        elif obj.get("type") == "Feature":
            obj = [obj]
        else:
            raise InvalidParameter("features must be a GeoJSON FeatureCollection",
                                   parameter="features")
    if not isinstance(obj, Iterable) or isinstance(obj, (str, bytes)):
        raise InvalidParameter("features must be a GeoJSON FeatureCollection",
                               parameter="features")
    obj = list(obj)
    if not obj:
        raise InvalidParameter("the FeatureCollection has no feature", parameter="features")
    return obj


def parse_features(features) -> list[dict]:
    """The Features of a GeoJSON FeatureCollection (text, dict, list or one Feature);
    InvalidParameter when it is none of these or empty. Geometries are parsed later."""
    return _features(features)


def zonal_statistics(cube: Cube, ds: xr.Dataset | None = None, features=None, *,
                     stats=("mean",), features_crs=None) -> pd.DataFrame:
    """One row of area-weighted statistics per feature (and time step). Computed."""
    import dask

    from opendias.operations.subset import mask_geometry, parse_geometry

    if features is None:
        raise InvalidParameter("give features (a GeoJSON FeatureCollection)",
                               parameter="features")
    stats = parse_stats(stats)
    if ds is None:
        ds = cube.ds[cube.variables]
    names = _gridded_vars(cube, ds)
    ds = ds[names]
    rows_meta, lazies = [], []
    for i, feat in enumerate(_features(features)):
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
