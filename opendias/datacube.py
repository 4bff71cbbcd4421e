"""Open a dataset lazily (xarray + dask chunks), once per process, and know its axes.

`open_cube(entry)` returns a `Cube`: the lazy `xarray.Dataset`, which dimension is x/y/time/
depth, the native CRS, and the extents. Opened cubes are cached per process and reopened only
when the files change, so a request never pays for opening a dataset. The files are opened by
the reader registered for the entry's format (opendias.readers).
"""

from __future__ import annotations

import atexit
import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property

import dask
import netCDF4
import numpy as np
import pandas as pd
import pyproj
import xarray as xr

from opendias.catalogue import DatasetEntry
from opendias.errors import DatasetUnavailable
from opendias.readers import UnknownFormat, get_reader

# netCDF-C gives every open variable a 64 MiB HDF5 chunk cache by default; cubes stay open
# for the life of a worker, so that would be memory held per variable, per dataset, for
# nothing (reads go through dask chunks anyway). 4 MiB is enough for a few file chunks.
NC_CHUNK_CACHE_BYTES = 4 * 1024 * 1024
netCDF4.set_chunk_cache(NC_CHUNK_CACHE_BYTES)

# dask chunks: whole multiples of the file's own chunks, about this large (a per-day file
# chunk of a 1/24 degree Mediterranean field is 2 MB: a dask chunk then holds ~8 days)
DASK_CHUNK_SIZE = "16MiB"

WGS84 = pyproj.CRS.from_epsg(4326)
CRS84 = pyproj.CRS.from_user_input("OGC:CRS84")
# what the extents of a dataset's documents are (Cube.wgs84_edges)
EXTENT_NOTE = ("Its spatial extent is that of the cells' outer edges (the cell centres "
               "lie half a cell inside).")

_X_NAMES = ("lon", "longitude", "x", "nav_lon", "rlon")
_Y_NAMES = ("lat", "latitude", "y", "nav_lat", "rlat")
_Z_NAMES = ("depth", "deptht", "lev", "level", "height", "elevation", "z", "altitude",
            "pressure_level", "isobaricInhPa")
_T_NAMES = ("time", "valid_time", "t")


def _role(name: str, coord: xr.DataArray | None) -> str | None:
    attrs = coord.attrs if coord is not None else {}
    std = str(attrs.get("standard_name", "")).lower()
    units = str(attrs.get("units", "")).lower()
    axis = str(attrs.get("axis", "")).upper()
    lname = name.lower()
    if std == "longitude" or units in ("degrees_east", "degree_east", "degrees_e") \
            or lname in ("lon", "longitude"):
        return "lon"
    if std == "latitude" or units in ("degrees_north", "degree_north", "degrees_n") \
            or lname in ("lat", "latitude"):
        return "lat"
    if std == "projection_x_coordinate" or axis == "X" or lname in _X_NAMES:
        return "x"
    if std == "projection_y_coordinate" or axis == "Y" or lname in _Y_NAMES:
        return "y"
    if coord is not None and np.issubdtype(coord.dtype, np.datetime64):
        return "t"
    if std == "time" or axis == "T" or lname in _T_NAMES:
        return "t"
    if std in ("depth", "height", "altitude", "air_pressure") or axis == "Z" \
            or lname in _Z_NAMES or attrs.get("positive") in ("up", "down"):
        return "z"
    return None


@dataclass
class Cube:
    """A lazily opened dataset and what it takes to select from it."""

    entry: DatasetEntry
    ds: xr.Dataset
    x: str
    y: str
    t: str | None
    z: str | None
    crs: pyproj.CRS
    variables: list[str]

    @property
    def id(self) -> str:
        return self.entry.id

    @property
    def geographic(self) -> bool:
        return self.crs.is_geographic

    def coord(self, dim: str) -> np.ndarray:
        return np.asarray(self.ds[dim].values)

    @cached_property
    def lon_is_360(self) -> bool:
        return self.geographic and float(np.nanmax(self.coord(self.x))) > 180.0

    @cached_property
    def times(self) -> pd.DatetimeIndex | None:
        if self.t is None:
            if "time" in self.ds.coords and self.ds["time"].ndim == 0:
                return pd.DatetimeIndex([pd.Timestamp(self.ds["time"].values)])
            return None
        return pd.DatetimeIndex(self.ds[self.t].values)

    @cached_property
    def native_bbox(self) -> tuple[float, float, float, float]:
        """(minx, miny, maxx, maxy) of the cell centres in the native CRS."""
        x, y = self.coord(self.x), self.coord(self.y)
        return (float(np.nanmin(x)), float(np.nanmin(y)), float(np.nanmax(x)),
                float(np.nanmax(y)))

    @cached_property
    def resolution(self) -> tuple[float, float]:
        """The cell size along x and y. An axis of one cell (a transect, a single row or
        column) takes the width of its CF cell bounds, else the other axis's spacing (square
        cells); a single cell without bounds has size 0 (only its centre is inside it)."""
        x, y = self.coord(self.x), self.coord(self.y)
        rx = float(np.abs(np.diff(x)).mean()) if x.size > 1 else self._bounds_width(self.x)
        ry = float(np.abs(np.diff(y)).mean()) if y.size > 1 else self._bounds_width(self.y)
        if x.size == 1 and not rx:
            rx = ry if y.size > 1 else 0.0
        if y.size == 1 and not ry:
            ry = rx if x.size > 1 else 0.0
        return rx, ry

    def _bounds_width(self, dim: str) -> float:
        name = self.ds[dim].attrs.get("bounds")
        if not name or name not in self.ds.variables:
            return 0.0
        values = np.asarray(self.ds[name].values, dtype="f8").ravel()
        return float(np.abs(values[-1] - values[0])) if values.size >= 2 else 0.0

    @cached_property
    def wgs84_bbox(self) -> tuple[float, float, float, float]:
        """(west, south, east, north) of the cell centres in -180..180 longitudes (what a
        selection by centre can reach)."""
        return self._wgs84(*self.native_bbox)

    @property
    def native_edges(self) -> tuple[float, float, float, float]:
        """(minx, miny, maxx, maxy) of the cells' outer edges in the dataset's own CRS: the
        outer centres and half a cell, unclipped (a row centred on a pole reaches beyond it)."""
        minx, miny, maxx, maxy = self.native_bbox
        rx, ry = self.resolution
        return minx - rx / 2, miny - ry / 2, maxx + rx / 2, maxy + ry / 2

    @cached_property
    def wgs84_edges(self) -> tuple[float, float, float, float]:
        """(west, south, east, north) of the cells' outer edges (centres and half a cell) in
        -180..180 longitudes: the dataset's extent in every document that reports one
        (collections, catalogue records, WMS capabilities; see EXTENT_NOTE)."""
        minx, miny, maxx, maxy = self.native_edges
        if self.geographic:
            miny, maxy = max(-90.0, miny), min(90.0, maxy)
            if not self.lon_is_360:
                minx, maxx = max(-180.0, minx), min(180.0, maxx)
        return self._wgs84(minx, miny, maxx, maxy)

    @cached_property
    def vertical_extent(self) -> tuple[float, float] | None:
        """(lowest, highest) value of the vertical coordinate (its own units), or None."""
        if self.z is None:
            return None
        values = self.coord(self.z).astype("f8")
        return float(np.nanmin(values)), float(np.nanmax(values))

    def _wgs84(self, minx, miny, maxx, maxy) -> tuple[float, float, float, float]:
        if self.geographic:
            if self.lon_is_360:
                if minx < 180 <= maxx or maxx - minx >= 359:
                    return (-180.0, miny, 180.0, maxy)
                minx, maxx = ((minx + 180) % 360) - 180, ((maxx + 180) % 360) - 180
            return (minx, miny, maxx, maxy)
        tr = pyproj.Transformer.from_crs(self.crs, CRS84, always_xy=True)
        return tuple(float(v) for v in tr.transform_bounds(minx, miny, maxx, maxy,
                                                           densify_pts=21))

    @cached_property
    def time_extent(self) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        times = self.times
        if times is None or len(times) == 0:
            return None
        return times.min(), times.max()

    def variable_info(self, name: str) -> dict:
        var = self.ds[name]
        return {
            "name": name,
            "title": var.attrs.get("long_name", name),
            "units": var.attrs.get("units", ""),
            "standard_name": var.attrs.get("standard_name", ""),
            "dtype": str(var.encoding.get("dtype", var.dtype)),
            "dims": list(var.dims),
        }

    @cached_property
    def packed(self) -> xr.Dataset | None:
        """The same cube with values as stored (packed integers, fill values unmasked), for
        selections copied to NetCDF unchanged: byte-identical and without decoding. None for
        formats whose reader always decodes (GeoTIFF, GRIB: registered without `packed`)."""
        if not get_reader(self.entry.format).packed:
            return None
        return _open(self.entry, self.entry.files(), mask_and_scale=False)

    def close(self) -> None:
        self.ds.close()
        if self.__dict__.get("packed") is not None:
            self.__dict__["packed"].close()

    def axis_names(self) -> list[str]:
        return [d for d in (self.t, self.z, self.y, self.x) if d]


def _open(entry: DatasetEntry, files: list[str], mask_and_scale: bool = True) -> xr.Dataset:
    """The dataset opened by its format's reader (opendias.readers), in dask chunks of
    about DASK_CHUNK_SIZE."""
    reader = get_reader(entry.format)
    with dask.config.set({"array.chunk-size": DASK_CHUNK_SIZE}):
        return reader.open(entry, files, mask_and_scale)


def _build(entry: DatasetEntry, ds: xr.Dataset) -> Cube:
    roles: dict[str, str] = {}
    for dim in ds.dims:
        role = _role(str(dim), ds[dim] if dim in ds.coords else None)
        if role and role not in roles.values():
            roles[str(dim)] = role
    by_role = {r: d for d, r in roles.items()}
    x = by_role.get("lon") or by_role.get("x")
    y = by_role.get("lat") or by_role.get("y")
    if not x or not y:
        raise DatasetUnavailable(f"dataset {entry.id!r} has no recognisable x/y (or lon/lat) "
                                 f"dimensions: {list(ds.dims)}")
    if "lon" in by_role and "lat" in by_role:
        crs = WGS84
    else:
        crs = None
        if "spatial_ref" in ds.coords:
            crs = pyproj.CRS.from_wkt(ds["spatial_ref"].attrs.get("crs_wkt")
                                      or ds["spatial_ref"].attrs["spatial_ref"])
        else:
            for var in ds.data_vars.values():
                gm = var.attrs.get("grid_mapping")
                if gm and gm in ds:
                    crs = pyproj.CRS.from_cf(ds[gm].attrs)
                    break
        if crs is None:
            raise DatasetUnavailable(f"dataset {entry.id!r} has projected axes but no CRS")
    wanted = list(entry.variables) or [
        str(n) for n, v in ds.data_vars.items() if x in v.dims and y in v.dims]
    missing = [v for v in wanted if v not in ds.data_vars]
    if missing:
        raise DatasetUnavailable(f"dataset {entry.id!r}: variables {missing} are not in "
                                 f"its files")
    return Cube(entry=entry, ds=ds, x=x, y=y, t=by_role.get("t"), z=by_role.get("z"),
                crs=crs, variables=wanted)


_CACHE: dict[str, tuple[tuple, Cube]] = {}
_LOCK = threading.Lock()


def _signature(entry: DatasetEntry, files: list[str]) -> tuple:
    if entry.remote:  # ETags of the objects (of a Zarr store's metadata object)
        from opendias import objectstore

        markers = objectstore.ZARR_MARKERS if entry.format == "zarr" else ()
        return tuple(objectstore.signature(f, entry.storage_options, markers=markers)
                     for f in files)
    sig = []
    for f in files:
        try:
            st = os.stat(f)
            sig.append((f, st.st_mtime_ns, st.st_size))
        except OSError:
            sig.append((f, None, None))
    return tuple(sig)


def open_cube(entry: DatasetEntry) -> Cube:
    """The lazily opened cube of a dataset, opened once per process per version of its files."""
    files = entry.files()
    if not files:
        raise DatasetUnavailable(f"dataset {entry.id!r} has no files at {entry.location()} "
                                 "(run `opendias sample-data` for the sample datasets)")
    sig = (entry, _signature(entry, files))
    cached = _CACHE.get(entry.id)
    if cached and cached[0] == sig:
        return cached[1]
    with _LOCK:
        cached = _CACHE.get(entry.id)
        if cached and cached[0] == sig:
            return cached[1]
        try:
            ds = _open(entry, files)
        except (OSError, ValueError, KeyError, UnknownFormat) as err:
            raise DatasetUnavailable(f"dataset {entry.id!r} cannot be opened: {err}") from err
        cube = _build(entry, ds)
        old = _CACHE.get(entry.id)
        _CACHE[entry.id] = (sig, cube)
    if old is not None:
        old[1].close()
    return cube


@contextmanager
def opened_cube(entry: DatasetEntry):
    """The cube of files opened for one use, outside the per-process cache (a job's result,
    read once by one request), closed afterwards."""
    files = entry.files()
    if not files:
        raise DatasetUnavailable(f"{entry.id!r} has no files at {entry.location()}")
    try:
        ds = _open(entry, files)
    except (OSError, ValueError, KeyError, UnknownFormat) as err:
        raise DatasetUnavailable(f"{entry.id!r} cannot be opened: {err}") from err
    cube = _build(entry, ds)
    try:
        yield cube
    finally:
        cube.close()


@atexit.register
def clear_cache() -> None:
    """Close every cached cube (also at exit, before the file libraries are torn down)."""
    with _LOCK:
        for _, cube in _CACHE.values():
            cube.close()
        _CACHE.clear()
