"""What every NetCDF output needs to meet CF 1.8 (checked with IOOS compliance-checker
`--test cf:1.8`), whatever its source (NetCDF, GRIB, GeoTIFF, Zarr) and whatever made it (a
subset, a job's statistics): applied once, by the NetCDF writer (opendias.operations.formats).

- `Conventions` names CF-1.8 (the version the file meets; other conventions kept), and a
  `title` (the dataset's) when the source has none.
- Data types CF 1.8 allows: no 64-bit integers (a time is written as double, another integer
  coordinate as int when its values fit, else double) and no unsigned integers (an unsigned
  source, e.g. a GeoTIFF's Byte band, is stored in the signed type of its size with
  `_Unsigned = "true"`, which netCDF-C, xarray and GDAL read back unsigned).
- Packing: `scale_factor`/`add_offset` of 1 and 0 are no packing (dropped); on a one-byte
  packed type they are float (its 256 values unpack to float32 without loss); on others
  they stay the source's.
- No `_FillValue` on coordinates nor on cell bounds (`time_bnds`).
- Names and units: a projected x/y gets its standard_name, long_name and units, a time its
  standard_name and long_name, a data variable without names its long_name; a unit that is
  a number (`1`) becomes text; `valid_min`/`valid_max`/`valid_range` take the variable's type.
  A data variable beside a grid mapping names it (`grid_mapping`).
"""

from __future__ import annotations

import re

import numpy as np
import xarray as xr

CF_VERSION = "CF-1.8"
_CF_TOKEN = re.compile(r"\bCF-\d+(\.\d+)*\b")
_RANGE_ATTRS = ("valid_min", "valid_max", "valid_range")
_PROJECTION_NAMES = {"x": ("projection_x_coordinate", "x coordinate of projection"),
                     "y": ("projection_y_coordinate", "y coordinate of projection")}


def conventions(previous) -> str:
    text = str(previous or "").strip()
    if _CF_TOKEN.search(text):
        return _CF_TOKEN.sub(CF_VERSION, text, count=1)
    return f"{CF_VERSION} {text}".strip() if text else CF_VERSION


def _stored_dtype(var: xr.Variable, enc: dict) -> np.dtype:
    return np.dtype(enc.get("dtype", var.dtype))


def _bounds_names(ds: xr.Dataset) -> set[str]:
    return {str(v.attrs.get("bounds")) for v in ds.variables.values() if v.attrs.get("bounds")}


def _integer_type(var: xr.Variable, enc: dict) -> None:
    """64-bit integers to a type CF 1.8 allows (in `enc`)."""
    if np.issubdtype(var.dtype, np.datetime64) or np.issubdtype(var.dtype, np.timedelta64):
        stored = np.dtype(enc["dtype"]) if "dtype" in enc else None
        if stored is None or (stored.kind in "iu" and stored.itemsize == 8):
            enc["dtype"] = "f8"  # xarray's own choice would be int64
        return
    dtype = _stored_dtype(var, enc)
    if dtype.kind not in "iu" or dtype.itemsize < 8:
        return
    values = np.asarray(var.values) if not hasattr(var.data, "dask") else None
    fits = values is not None and (values.size == 0 or (
        values.min() >= np.iinfo("i4").min and values.max() <= np.iinfo("i4").max))
    enc["dtype"] = "i4" if fits else "f8"


def _unsigned_type(var: xr.Variable, enc: dict) -> None:
    """An unsigned stored type as the signed one of its size with _Unsigned (in `enc`)."""
    dtype = _stored_dtype(var, enc)
    if dtype.kind != "u" or dtype.itemsize >= 8:
        return
    signed = np.dtype(f"i{dtype.itemsize}")
    enc["dtype"] = signed
    enc["_Unsigned"] = "true"
    for key in ("_FillValue", "missing_value"):
        if enc.get(key) is not None:
            enc[key] = np.array(enc[key]).astype(dtype).view(signed)[()]


def _packing(enc: dict) -> None:
    scale, offset = enc.get("scale_factor"), enc.get("add_offset")
    if scale is None and offset is None:
        return
    if (scale is None or float(scale) == 1.0) and (offset is None or float(offset) == 0.0):
        enc.pop("scale_factor", None)
        enc.pop("add_offset", None)
        return
    if "dtype" in enc and np.dtype(enc["dtype"]).itemsize == 1:  # 8 bits need no double
        for key in ("scale_factor", "add_offset"):
            if enc.get(key) is not None:
                enc[key] = np.float32(enc[key])


def _names(name: str, var: xr.Variable, projected: bool) -> None:
    attrs = var.attrs
    if "units" in attrs and not isinstance(attrs["units"], str):
        attrs["units"] = str(attrs["units"])
    if np.issubdtype(var.dtype, np.datetime64) and var.ndim <= 1:
        if not attrs.get("standard_name") and not attrs.get("long_name"):
            attrs.update(standard_name="time", long_name="time")
    if projected and name in _PROJECTION_NAMES and var.dims == (name,):
        standard, long_name = _PROJECTION_NAMES[name]
        attrs.setdefault("standard_name", standard)
        attrs.setdefault("long_name", long_name)
        attrs.setdefault("units", "m")


def _range_types(var: xr.Variable, enc: dict) -> None:
    if "scale_factor" in enc or "add_offset" in enc:
        return  # in packed units: the stored type, which CF allows either way
    dtype = _stored_dtype(var, enc)
    if dtype.kind not in "iuf":
        return
    for key in _RANGE_ATTRS:
        if key in var.attrs:
            var.attrs[key] = np.asarray(var.attrs[key]).astype(dtype)


def _grid_mapping(ds: xr.Dataset) -> str | None:
    for name in ("spatial_ref", "crs"):
        if name in ds.variables and ("grid_mapping_name" in ds[name].attrs
                                     or "crs_wkt" in ds[name].attrs):
            return name
    return None


def cf_dataset(ds: xr.Dataset, encoding: dict, title: str | None = None) -> xr.Dataset:
    """The dataset (a shallow copy, attributes changed) and `encoding` (changed in place) as
    CF 1.8 needs them (see the module docstring)."""
    ds = ds.copy()
    attrs = dict(ds.attrs)
    attrs["Conventions"] = conventions(attrs.get("Conventions"))
    if title and not str(attrs.get("title") or "").strip():
        attrs["title"] = title
    ds.attrs = attrs
    mapping = _grid_mapping(ds)
    if mapping in ds.coords:  # a grid mapping is no coordinate (CF 5.6): not in `coordinates`
        ds = ds.reset_coords(mapping)
    projected = mapping is not None and "grid_mapping_name" in ds[mapping].attrs and \
        ds[mapping].attrs["grid_mapping_name"] != "latitude_longitude"
    bounds = _bounds_names(ds)
    for name, var in ds.variables.items():
        var.attrs = dict(var.attrs)
        enc = encoding.setdefault(name, {})
        _integer_type(var, enc)
        _unsigned_type(var, enc)
        _packing(enc)
        _names(str(name), var, projected)
        _range_types(var, enc)
        if name in ds.coords or name in bounds:
            enc["_FillValue"] = None
        if name in ds.data_vars and name not in bounds and name != mapping:
            if not var.attrs.get("long_name") and not var.attrs.get("standard_name"):
                var.attrs["long_name"] = str(name).replace("_", " ")
            if mapping and mapping != name and var.ndim >= 2 and \
                    "grid_mapping" not in var.attrs and "grid_mapping" not in enc:
                var.attrs["grid_mapping"] = var.encoding.get("grid_mapping", mapping)
    return ds
