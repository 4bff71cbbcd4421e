"""How big a lazy selection or result is, before anything is computed: its cells, the bytes
a job reads (the values as stored: the source's packed dtype) and the most that a result
file of a format can take. Read from shapes, dtypes and encodings only; nothing is loaded.

The file sizes are upper bounds of the uncompressed values plus headers: NetCDF and Zarr
outputs keep the source's compression, so their files are usually smaller (a compressed
SST field is about a third); a CSV leaves out rows where every variable is missing.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from opendias.operations.subset import count_cells

# headers and metadata, at most, of our outputs: a small NetCDF-4 file of one variable holds
# about 30 KiB of HDF5 metadata (attributes, history, chunk indexes); a zipped Zarr store a
# few KiB of JSON per variable; a GeoTIFF header a few KiB
HEADER_BYTES = {"netcdf": 64 * 1024, "zarr-zip": 32 * 1024, "geotiff": 16 * 1024}
CSV_NUMBER_BYTES = 15         # "%.8g" of a value and its comma: "-1.2345678e-05,"
CSV_TIME_BYTES = 21           # "2016-03-01T00:00:00Z,"


def _stored_itemsize(var: xr.Variable) -> int:
    dtype = var.encoding.get("dtype", var.dtype)
    try:
        return np.dtype(dtype).itemsize
    except TypeError:
        return var.dtype.itemsize


def stored_bytes(ds: xr.Dataset) -> int:
    """Bytes of the data variables' values as stored in the source (packed dtype)."""
    return int(sum(v.size * _stored_itemsize(v.variable) for v in ds.data_vars.values()))


def memory_bytes(ds: xr.Dataset) -> int:
    """Bytes of the data variables' values once computed (their in-memory dtype)."""
    return int(sum(v.size * v.dtype.itemsize for v in ds.data_vars.values()))


def _coordinate_bytes(ds: xr.Dataset) -> int:
    return int(sum(c.size * c.dtype.itemsize for c in ds.coords.values()))


def _csv_bytes(ds: xr.Dataset) -> int:
    """A long table (opendias.operations.formats.write_csv): one row per cell of the
    variables' dimensions, a column per dimension and per variable."""
    if not ds.data_vars:
        return 0
    dims = list(dict.fromkeys(d for v in ds.data_vars.values() for d in v.dims))
    rows = int(np.prod([ds.sizes[d] for d in dims])) if dims else 1
    width = len(ds.data_vars) * CSV_NUMBER_BYTES
    for dim in dims:
        is_time = dim in ds.coords and np.issubdtype(ds[dim].dtype, np.datetime64)
        width += CSV_TIME_BYTES if is_time else CSV_NUMBER_BYTES
    header = sum(len(str(n)) + 1 for n in [*dims, *ds.data_vars])
    return rows * width + header


def file_bytes(ds: xr.Dataset, fmt: str) -> int:
    """The most a result file of `ds` in format `fmt` (netcdf, geotiff, csv, zarr-zip) takes;
    see the module docstring."""
    if fmt == "csv":
        return _csv_bytes(ds)
    if fmt == "grib":  # 16 bits a value, a bitmap bit, and a header of a message per field
        from opendias.operations.grib import BITS_PER_VALUE

        cells = count_cells(ds)
        fields = sum(int(np.prod([v.sizes[d] for d in v.dims[:-2]] or [1]))
                     for v in ds.data_vars.values())
        return cells * (BITS_PER_VALUE + 1) // 8 + fields * 1024
    if fmt == "geotiff":  # the computed values, uncompressed, one band per step
        return memory_bytes(ds) + HEADER_BYTES[fmt]
    # netcdf and zarr-zip keep the stored encoding (packing) of a subset
    return stored_bytes(ds) + _coordinate_bytes(ds) + HEADER_BYTES.get(fmt, 64 * 1024)


def describe(ds: xr.Dataset) -> dict:
    """cells and stored bytes of a selection (what a job reads)."""
    return {"cells": count_cells(ds), "bytes": stored_bytes(ds)}
