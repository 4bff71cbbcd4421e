"""GRIB 2 output of a selection on a regular longitude/latitude grid, written with ecCodes
(the library ECMWF's own tools use; cfgrib reads it back): one message per variable and time
step, simple packing at 16 bits per value (what the Climate Data Store delivers for ERA5),
missing cells in a bitmap.

A variable needs its GRIB parameter: the `GRIB_paramId` attribute a GRIB source carries
(cfgrib keeps it), else its ECMWF short name in PARAM_IDS; a variable without either, a
projected grid, or a vertical axis of several levels is refused with a 400 naming it (choose
NetCDF). Messages are written one at a time (a step is computed, encoded and written, then
dropped), under a temporary name renamed when complete.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from opendias.errors import InvalidParameter

# ECMWF parameter ids of the short names of the catalogue's reanalyses (ecCodes' table)
PARAM_IDS = {"t2m": 167, "2t": 167, "d2m": 168, "2d": 168, "u10": 165, "10u": 165,
             "v10": 166, "10v": 166, "msl": 151, "sp": 134, "tp": 228, "tcc": 164,
             "skt": 235, "sst": 34, "ssrd": 169, "strd": 175, "e": 182, "cp": 143,
             "lsp": 142, "blh": 159, "t": 130, "z": 129, "q": 133, "r": 157}
BITS_PER_VALUE = 16
MISSING = 9999.0  # ecCodes' missingValue marker; the bitmap says which cells are missing


def _param_id(name: str, var: xr.DataArray) -> int:
    if "GRIB_paramId" in var.attrs:  # a GRIB source (cfgrib keeps it)
        return int(var.attrs["GRIB_paramId"])
    if name in PARAM_IDS:
        return PARAM_IDS[name]
    raise InvalidParameter(f"variable {name!r} has no GRIB parameter this service knows: "
                           "choose netcdf, or other variables", parameter="format")


def _check(cube, ds: xr.Dataset) -> list[str]:
    if not cube.geographic:
        raise InvalidParameter("GRIB output is for longitude/latitude grids; this dataset is "
                               f"in {cube.crs.name}: choose netcdf or geotiff",
                               parameter="format")
    extra = [d for d in ds.dims if d not in (cube.x, cube.y, cube.t)]
    if any(ds.sizes[d] > 1 for d in extra):
        raise InvalidParameter(f"GRIB output holds one level; the selection has "
                               f"{', '.join(f'{d} ({ds.sizes[d]})' for d in extra)}: select "
                               "one level, or choose netcdf", parameter="format")
    for axis in (cube.x, cube.y):
        values = np.asarray(ds[axis].values, dtype="f8")
        steps = np.diff(values)
        if values.size > 1 and np.max(np.abs(steps - steps[0])) > 1e-3 * abs(steps[0]):
            raise InvalidParameter(f"GRIB output needs a regular grid; {axis} is not regular: "
                                   "choose netcdf", parameter="format")
    return list(ds.data_vars)


def _grid(gid, lon: np.ndarray, lat: np.ndarray) -> None:
    import eccodes

    step_x = float(lon[1] - lon[0]) if lon.size > 1 else 0.0
    step_y = float(lat[1] - lat[0]) if lat.size > 1 else 0.0
    eccodes.codes_set(gid, "Ni", int(lon.size))
    eccodes.codes_set(gid, "Nj", int(lat.size))
    eccodes.codes_set(gid, "iScansNegatively", 0)
    eccodes.codes_set(gid, "jScansPositively", int(step_y > 0))
    eccodes.codes_set(gid, "longitudeOfFirstGridPointInDegrees", float(lon[0]))
    eccodes.codes_set(gid, "longitudeOfLastGridPointInDegrees", float(lon[-1]))
    eccodes.codes_set(gid, "latitudeOfFirstGridPointInDegrees", float(lat[0]))
    eccodes.codes_set(gid, "latitudeOfLastGridPointInDegrees", float(lat[-1]))
    eccodes.codes_set(gid, "iDirectionIncrementInDegrees", abs(step_x))
    eccodes.codes_set(gid, "jDirectionIncrementInDegrees", abs(step_y))


def _message(out, template, values: np.ndarray, param: int, when) -> None:
    import eccodes

    gid = eccodes.codes_clone(template)
    try:
        try:
            eccodes.codes_set(gid, "paramId", param)
        except eccodes.KeyValueNotFoundError:  # an accumulation (tp): a statistical product
            eccodes.codes_set(gid, "productDefinitionTemplateNumber", 8)
            eccodes.codes_set(gid, "paramId", param)
        if when is not None:
            stamp = pd.Timestamp(when)
            eccodes.codes_set(gid, "dataDate", int(stamp.strftime("%Y%m%d")))
            eccodes.codes_set(gid, "dataTime", int(stamp.strftime("%H%M")))
        eccodes.codes_set(gid, "bitsPerValue", BITS_PER_VALUE)
        flat = np.asarray(values, dtype="f8").ravel()
        missing = ~np.isfinite(flat)
        if missing.any():
            eccodes.codes_set(gid, "missingValue", MISSING)
            eccodes.codes_set(gid, "bitmapPresent", 1)
            flat = np.where(missing, MISSING, flat)
        eccodes.codes_set_values(gid, flat)
        eccodes.codes_write(gid, out)
    finally:
        eccodes.codes_release(gid)


def check_grib(cube, ds: xr.Dataset) -> dict[str, int]:
    """The GRIB parameter of each variable of `ds`; InvalidParameter when `ds` cannot be
    GRIB (see the module docstring). Cheap: made before a job is accepted."""
    return {name: _param_id(name, ds[name]) for name in _check(cube, ds)}


def write_grib(cube, ds: xr.Dataset, path: Path) -> Path:
    """GRIB 2 of `ds` (see the module docstring)."""
    import eccodes

    params = check_grib(cube, ds)
    names = list(params)
    extra = [d for d in ds.dims if d not in (cube.x, cube.y, cube.t)]
    ds = ds.isel({d: 0 for d in extra})
    lon = np.asarray(ds[cube.x].values, dtype="f8")
    lat = np.asarray(ds[cube.y].values, dtype="f8")
    steps = list(ds[cube.t].values) if cube.t and cube.t in ds.dims else [None]
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.part")
    template = eccodes.codes_grib_new_from_samples("regular_ll_sfc_grib2")
    try:
        _grid(template, lon, lat)
        with open(tmp, "wb") as out:
            for index, when in enumerate(steps):
                step = ds.isel({cube.t: index}) if when is not None else ds
                for name in names:
                    field = step[name].transpose(cube.y, cube.x).values
                    _message(out, template, field, params[name], when)
        os.replace(tmp, path)
    finally:
        eccodes.codes_release(template)
        if tmp.exists():
            tmp.unlink()
    return path
