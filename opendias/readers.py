"""The reader registry: which function opens a dataset's files, by input format.

A catalogue entry names its format (`source.format`; `netcdf` by default, `zarr` for a
`source.zarr` store). `opendias.datacube.open_cube` looks the format up here and calls its
reader; `opendias.catalogue` accepts exactly the formats registered here. A new input format
is one function plus its registration:

    @register_reader("myformat")
    def open_myformat(entry, files, mask_and_scale):
        return xr.open_dataset(files[0], engine="myengine", chunks="auto")

A reader takes the catalogue entry, the list of files (or the store) the entry resolves to,
and `mask_and_scale`, and returns a lazy (dask-backed) `xarray.Dataset` with CF-decoded
coordinates. `packed=True` says the reader honours `mask_and_scale=False` (values as stored:
packed integers, fill values unmasked), which lets a selection be copied to NetCDF
byte-identical; a reader registered without it is only ever called with
`mask_and_scale=True`. The datacube sets dask's chunk size around every call, so `chunks=
"auto"` gives chunks of the configured size in whole multiples of the file's own chunks.

The module that registers a reader must be imported before the catalogue is loaded (this
one holds the built-in formats; nothing here imports the catalogue or the datacube).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

import pandas as pd
import xarray as xr

if TYPE_CHECKING:
    from opendias.catalogue import DatasetEntry

Opener = Callable[["DatasetEntry", list, bool], xr.Dataset]


@dataclass(frozen=True)
class Reader:
    name: str
    open: Opener
    packed: bool = False  # honours mask_and_scale=False


READERS: dict[str, Reader] = {}


class UnknownFormat(LookupError):
    """No reader is registered for a format."""

    def __init__(self, name: str):
        self.name = name
        super().__init__(f"no reader for format {name!r}; registered formats: "
                         f"{', '.join(reader_names())}")


def register_reader(name: str, *, packed: bool = False) -> Callable[[Opener], Opener]:
    """Decorator: `opener` opens the files of datasets whose format is `name`."""

    def register(opener: Opener) -> Opener:
        if name in READERS:
            raise ValueError(f"a reader for format {name!r} is already registered "
                             f"({READERS[name].open.__module__}.{READERS[name].open.__name__})")
        READERS[name] = Reader(name, opener, packed)
        return opener

    return register


def reader_names() -> list[str]:
    return sorted(READERS)


def get_reader(name: str) -> Reader:
    try:
        return READERS[name]
    except KeyError:
        raise UnknownFormat(name) from None


# -- netCDF-C and threads ---------------------------------------------------------------------

def _reentrant_netcdf_locks():
    """xarray's netCDF locks (HDF5, netCDF-C) made reentrant, once, when this module is first
    imported (before any thread of this process uses them): opening a file and writing one
    then hold the same lock as reading (see `netcdf_lock`), and the reads they make take it
    again in the same thread."""
    import threading

    from xarray.backends import locks
    from xarray.backends.netCDF4_ import NETCDF4_PYTHON_LOCK

    for lock in (locks.HDF5_LOCK, locks.NETCDFC_LOCK):
        if not isinstance(lock.lock, type(threading.RLock())):
            lock.lock = threading.RLock()
        # a copy of the lock unpickled in this process (a dask graph, a dataset sent to a
        # worker) finds its lock by token in this weak registry: without the entry it would
        # get a new plain Lock, which neither excludes the other threads nor lets the thread
        # holding it take it again (a job's write then waited forever)
        locks.SerializableLock._locks[lock.token] = lock.lock
    return NETCDF4_PYTHON_LOCK


NETCDF_LOCK = _reentrant_netcdf_locks()


def netcdf_lock():
    """The lock every call into netCDF-C/HDF5 of this process must hold. xarray holds it
    while it reads or writes values, but not while it opens a file (its metadata) or defines
    one (dimensions, variables, attributes): a thread doing either while another reads
    crashes the process (SIGBUS, SIGSEGV, "NetCDF: HDF error"). Opening here and writing in
    opendias.operations.formats hold it."""
    return NETCDF_LOCK


# -- the built-in formats -------------------------------------------------------------------

@register_reader("netcdf", packed=True)
def open_netcdf(entry: DatasetEntry, files: list[str], mask_and_scale: bool) -> xr.Dataset:
    """One NetCDF file, or several (a `glob` source) combined by their coordinates; opened
    under the netCDF lock (`netcdf_lock`). Objects on S3 are read through file-like objects
    (h5netcdf: NetCDF-4/HDF5 only)."""
    if entry.remote:
        from opendias.objectstore import open_object

        files = [open_object(f, entry.storage_options) for f in files]
    engine = "h5netcdf" if entry.remote else "netcdf4"
    with netcdf_lock():
        if len(files) > 1 or "glob" in entry.source:
            return xr.open_mfdataset(files, chunks="auto", combine="by_coords",
                                     engine=engine, data_vars="minimal", coords="minimal",
                                     compat="override", join="exact",
                                     mask_and_scale=mask_and_scale)
        return xr.open_dataset(files[0], chunks="auto", engine=engine,
                               mask_and_scale=mask_and_scale)


@register_reader("zarr", packed=True)
def open_zarr(entry: DatasetEntry, files: list[str], mask_and_scale: bool) -> xr.Dataset:
    """A Zarr store, a folder or an `s3://` URL (each chunk read is one GET)."""
    options = entry.storage_options if entry.remote else None
    return xr.open_zarr(files[0], chunks="auto", mask_and_scale=mask_and_scale,
                        storage_options=options)


@register_reader("geotiff")
def open_geotiff(entry: DatasetEntry, files: list[str], mask_and_scale: bool) -> xr.Dataset:
    """A GeoTIFF: one variable per band (named by the band's long_name when it has one), the
    file's TIME tag as a scalar time coordinate; each band's colour interpretation and
    colour table in its variable's encoding. Values are decoded (nodata masked, scale and
    offset applied) unless the file has neither: then they keep their type."""
    import rasterio
    import rioxarray

    # an object on S3: GDAL reads ranges of it through fsspec (rasterio's opener)
    opener = {"opener": _s3_opener(entry)} if entry.remote else {}
    with rasterio.open(files[0], **opener) as src:  # nothing to mask or scale: integers stay
        plain = src.nodata is None and set(src.scales) == {1.0} and set(src.offsets) == {0.0}
        styles = [_band_style(src, band) for band in range(1, src.count + 1)]
    da = rioxarray.open_rasterio(files[0], chunks={"x": 2048, "y": 2048},
                                 mask_and_scale=not plain, **opener)
    long_name = da.attrs.pop("long_name", None)
    if da.sizes["band"] == 1:
        name = str(long_name if isinstance(long_name, str) else "band_1").replace(" ", "_")
        ds = da.isel(band=0, drop=True).to_dataset(name=name)
    else:
        ds = da.to_dataset(dim="band")
        ds = ds.rename({b: f"band_{b}" for b in ds.data_vars})
    for band, name in enumerate(ds.data_vars, start=1):
        ds[name].encoding.update(styles[band - 1])
    if "TIME" in da.attrs:
        stamp = pd.Timestamp(da.attrs["TIME"])
        ds = ds.assign_coords(time=stamp.tz_convert(None) if stamp.tzinfo else stamp)
    # closing the cube closes the file (the new dataset does not carry rasterio's close):
    # left to the interpreter's teardown, rasterio's finaliser fails ("Error in
    # sys.excepthook" at the exit of `opendias datasets`)
    ds.set_close(da.close)
    return ds


def _band_style(src, band: int) -> dict:
    """A band of an open rasterio file: its colour interpretation (`colorinterp`: gray, palette, red, ...) and colour
    table (`colormap`: {value: (r, g, b, a)}), kept in the variable's encoding so that a
    GeoTIFF written from it has them again (opendias.operations.geotiff)."""
    style = {"colorinterp": src.colorinterp[band - 1].name}
    if style["colorinterp"] == "palette":
        try:
            style["colormap"] = src.colormap(band)
        except ValueError:  # no colour table after all
            pass
    return style


def _s3_opener(entry: DatasetEntry):
    from opendias.objectstore import filesystem

    return filesystem(entry.storage_options)


@register_reader("grib")
def open_grib(entry: DatasetEntry, files: list[str], mask_and_scale: bool) -> xr.Dataset:
    """A GRIB file (cfgrib), its `time` the valid time (cfgrib's `valid_time`; its reference
    time kept as `forecast_reference_time`) wherever the valid times are one axis, and each
    variable's standard name from ecCodes' parameter tables (cfgrib writes "unknown" for
    GRIB 1 parameters)."""
    ds = xr.open_dataset(files[0], engine="cfgrib", chunks="auto",
                         backend_kwargs={"indexpath": ""})
    for var in ds.data_vars.values():
        if var.attrs.get("standard_name", "unknown") == "unknown":
            name = grib_standard_name(var.attrs.get("GRIB_paramId"))
            if name:
                var.attrs["standard_name"] = name
            else:
                var.attrs.pop("standard_name", None)
    return _valid_time_as_time(ds)


def _valid_time_as_time(ds: xr.Dataset) -> xr.Dataset:
    if "valid_time" not in ds.coords or "time" not in ds.coords or ds["valid_time"].ndim > 1:
        return ds
    valid = ds["valid_time"]
    if valid.ndim == 1:
        ds = ds.swap_dims({valid.dims[0]: "valid_time"})
    ds = ds.rename({"time": "forecast_reference_time", "valid_time": "time"})
    for var in ds.variables.values():  # cfgrib's list names valid_time: xarray makes a new one
        var.attrs.pop("coordinates", None)
        var.encoding.pop("coordinates", None)
    ds["time"].attrs = {"standard_name": "time", "long_name": "time"}
    return ds


@functools.lru_cache(maxsize=256)
def grib_standard_name(param_id) -> str | None:
    """The CF standard name ecCodes' tables give a GRIB parameter id (its `cfName`), or
    None (no parameter, or none known)."""
    if param_id is None:
        return None
    import eccodes

    for sample in ("GRIB2", "GRIB1"):
        handle = eccodes.codes_grib_new_from_samples(sample)
        try:
            eccodes.codes_set(handle, "paramId", int(param_id))
            name = eccodes.codes_get(handle, "cfName")
        except Exception:  # noqa: BLE001 - ecCodes: not in this edition's tables
            continue
        finally:
            eccodes.codes_release(handle)
        if name and name != "unknown":
            return str(name)
    return None
