"""Write selections to files: NetCDF (CF, source packing kept), GeoTIFF
(opendias.operations.geotiff), CSV, zipped Zarr
(CSV and CoverageJSON as streamed text: opendias.operations.streams).

Writers compute with dask chunk by chunk and write to a temporary name that is renamed when
complete, so memory stays bounded and a half-written file is never seen.
"""

from __future__ import annotations

import os
import shutil
import uuid
import zipfile
from pathlib import Path

import numpy as np
import xarray as xr

from opendias.datacube import Cube
from opendias.errors import InvalidParameter
from opendias.operations import streams
from opendias.operations.cf import cf_dataset
from opendias.operations.geotiff import write_geotiff

MEDIA_TYPES = {
    "netcdf": "application/x-netcdf",
    "geotiff": "image/tiff; application=geotiff",
    "covjson": "application/prs.coverage+json",
    "csv": "text/csv",
    "json": "application/json",
    "zarr-zip": "application/zip",
    "grib": "application/x-grib",
}
SUFFIXES = {"netcdf": ".nc", "geotiff": ".tif", "covjson": ".covjson", "csv": ".csv",
            "json": ".json", "zarr-zip": ".zarr.zip", "grib": ".grib"}

_KEEP_ENCODING = ("dtype", "scale_factor", "add_offset", "_FillValue", "missing_value",
                  "zlib", "complevel", "shuffle", "chunksizes", "units", "calendar",
                  "fletcher32")


def _clean_encoding(var: xr.Variable) -> dict:
    enc = {k: v for k, v in var.encoding.items() if k in _KEEP_ENCODING}
    if "chunksizes" in enc and enc["chunksizes"] is not None:
        if len(enc["chunksizes"]) != var.ndim:
            enc.pop("chunksizes")
        else:
            enc["chunksizes"] = tuple(max(1, min(c, s)) for c, s in
                                      zip(enc["chunksizes"], var.shape))
            if 0 in var.shape:
                enc.pop("chunksizes")
    if var.encoding.get("compression") == "zlib" and "zlib" not in enc:
        enc["zlib"] = True
    if np.issubdtype(var.dtype, np.datetime64) or var.ndim == 0:
        enc.pop("chunksizes", None)
    if "dtype" in enc and np.dtype(enc["dtype"]).kind in "iu" and "_FillValue" not in enc \
            and "missing_value" not in enc and var.dtype.kind == "f":
        # values became floats with gaps (a polygon mask): keep them as floats
        enc.pop("dtype")
        enc.pop("scale_factor", None)
        enc.pop("add_offset", None)
    return enc


def tmp_path(folder: Path, suffix: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f".{uuid.uuid4().hex}{suffix}.part"


def write_netcdf(ds: xr.Dataset, path: Path, title: str | None = None) -> Path:
    """CF NetCDF-4 with the source's encoding (packing, fill values, compression) kept, as
    CF 1.8 needs it (opendias.operations.cf; `title`: the file's when the source has none)."""
    path = Path(path)
    encoding = {name: _clean_encoding(var) for name, var in ds.variables.items()}
    ds = cf_dataset(ds, encoding, title)  # CF: coordinates and bounds without _FillValue
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        with _whole_write_lock():
            ds.to_netcdf(tmp, engine="netcdf4", format="NETCDF4", encoding=encoding)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def _whole_write_lock():
    """The netCDF lock (opendias.readers.netcdf_lock) for a whole write, where its values are
    computed in this thread (a web request: dask's synchronous scheduler): xarray defines the
    file's dimensions, variables and attributes outside the lock, which crashes a process
    whose other threads read at the same time. Where other threads compute the values (a
    job's threads scheduler), holding it would keep them from reading: the write is then the
    process's only one (one job per Dask worker process, opendias.jobs.runner)."""
    import contextlib

    import dask

    from opendias.readers import netcdf_lock

    if dask.config.get("scheduler", None) in ("threads", "threading", "processes",
                                             "multiprocessing", "distributed"):
        return contextlib.nullcontext()
    return netcdf_lock()


def write_csv(cube: Cube, ds: xr.Dataset, path: Path) -> Path:
    """A long table: one row per cell and step, one column per variable; missing cells left out.
    Written block by block (opendias.operations.streams, as a CSV answer is streamed)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        with open(tmp, "w", newline="") as fh:
            for piece in streams.csv_chunks(ds):
                fh.write(piece)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


# zipped Zarr: a selection as a Zarr store (format 2, readable by xarray/zarr 2 and 3:
# `xr.open_zarr(zarr.storage.ZipStore(path, mode="r"))` or `xr.open_dataset("zip::path")`),
# written chunk by chunk (dask) into a temporary folder, zipped (stored, no compression: the
# chunks are already compressed) under a temporary name, renamed when complete.

_ZARR_KEEP = ("dtype", "scale_factor", "add_offset", "_FillValue", "units", "calendar")


def write_zarr_zip(ds: xr.Dataset, path: Path) -> Path:
    path = Path(path)
    tag = uuid.uuid4().hex[:8]
    store_dir = path.with_name(f".{path.name}.{tag}.zarr")
    tmp = path.with_name(f".{path.name}.{tag}.part")
    ds = ds.copy()
    for var in ds.variables.values():
        var.encoding = {k: v for k, v in var.encoding.items() if k in _ZARR_KEEP}
    # Zarr needs regular chunks: one chunk per step of the non-spatial axes
    spatial = {d for v in ds.data_vars.values() for d in v.dims[-2:]}
    chunks = {d: (ds.sizes[d] if d in spatial else 1) for d in ds.dims}
    ds = ds.chunk(chunks)
    try:
        ds.to_zarr(store_dir, mode="w", zarr_format=2, consolidated=True)
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED,
                             allowZip64=True) as zf:
            for root, _dirs, files in os.walk(store_dir):
                for name in files:
                    full = Path(root) / name
                    zf.write(full, full.relative_to(store_dir).as_posix())
        os.replace(tmp, path)
    finally:
        shutil.rmtree(store_dir, ignore_errors=True)
        if tmp.exists():
            tmp.unlink()
    return path


def write_output(cube: Cube, ds: xr.Dataset, fmt: str, path: Path) -> Path:
    """Write a selection or a result in one of the file formats (see SUFFIXES); GeoTIFF:
    one band per variable and step (opendias.operations.geotiff)."""
    if fmt == "netcdf":
        return write_netcdf(ds, path, title=cube.entry.title)
    if fmt == "geotiff":
        return write_geotiff(cube, ds, path)
    if fmt == "csv":
        return write_csv(cube, ds, path)
    if fmt == "zarr-zip":
        return write_zarr_zip(ds, path)
    if fmt == "grib":
        from opendias.operations.grib import write_grib

        return write_grib(cube, ds, path)
    raise InvalidParameter(f"unknown output format {fmt!r}; choose one of "
                           f"{', '.join(k for k in SUFFIXES if k not in ('covjson', 'json'))}",
                           parameter="format")
