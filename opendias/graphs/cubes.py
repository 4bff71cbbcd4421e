"""`load_collection` over opendias.datacube: a dataset of the catalogue (its id is the
collection's id) as an openEO raster cube, a lazy `xarray.DataArray` of dimensions
(t, bands, y, x) (t and bands when the dataset has them; a depth axis stays under its own
name), and the way back to a Dataset in the cube's own names for opendias' operations and
writers. openEO's temporal extent is [start, end): its end is left out."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import xarray as xr

from opendias.errors import InvalidParameter, NotFound

T, BANDS, Y, X = "t", "bands", "y", "x"


@dataclass
class Loaded:
    """What one evaluation loaded: each collection's cube and lazy selection (what a job
    reads, for the cost estimate), and the spatial extent it was asked for."""

    cubes: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    extents: list = field(default_factory=list)

    def cube_of(self, data: xr.DataArray):
        """The cube `data` comes from (the last loaded with its spatial dimensions)."""
        if self.cubes:
            return self.cubes[-1]
        raise InvalidParameter("no collection was loaded (load_collection)",
                               parameter="process_graph")


def _plain(value):
    """A parsed argument (openeo-pg-parser-networkx's pydantic models) as plain JSON."""
    if hasattr(value, "model_dump"):
        value = value.model_dump()
    if hasattr(value, "root"):
        value = value.root
    return value


def _time_text(value) -> str | None:
    value = _plain(value)
    if value is None:
        return None
    try:
        stamp = pd.Timestamp(str(value))
    except ValueError:
        raise InvalidParameter(f"temporal_extent: {str(value)[:40]!r} is not a date or time",
                               parameter="temporal_extent") from None
    return (stamp.tz_convert(None) if stamp.tzinfo else stamp).isoformat()


def bbox_of(extent) -> tuple[list[float], str | None] | None:
    """(west, south, east, north), crs of an openEO spatial extent (None: none given)."""
    extent = _plain(extent)
    if extent is None:
        return None
    if not isinstance(extent, dict) or not all(k in extent for k in ("west", "south", "east",
                                                                       "north")):
        raise InvalidParameter("spatial_extent must be {west, south, east, north[, crs]}",
                               parameter="spatial_extent")
    return [float(extent[k]) for k in ("west", "south", "east", "north")], \
        _crs_name(extent.get("crs"))


def _crs_name(crs) -> str | None:
    """openEO's crs of an extent (an EPSG code, or the WKT the parser makes of it) as
    opendias names it: None for WGS 84 (openEO's extents are always x/y, east/north)."""
    import pyproj

    if crs is None:
        return None
    try:
        epsg = pyproj.CRS.from_user_input(int(crs) if str(crs).isdigit() else crs).to_epsg()
    except pyproj.exceptions.CRSError:
        raise InvalidParameter(f"unknown crs {str(crs)[:60]!r} of spatial_extent",
                               parameter="spatial_extent") from None
    if epsg == 4326:
        return None
    return f"EPSG:{epsg}" if epsg else str(crs)



def select(cube, spatial_extent=None, temporal_extent=None, bands=None) -> xr.Dataset:
    """The lazy selection of a load_collection (opendias.operations.subset)."""
    from opendias.operations.subset import select_bbox, select_time, select_variables

    if bands is not None and not isinstance(_plain(bands), list):
        raise InvalidParameter("bands must be an array of band names", parameter="bands")
    try:
        ds = select_variables(cube, cube.ds, _plain(bands))
    except InvalidParameter as err:
        raise InvalidParameter(err.detail.replace("variable(s)", "band(s)"),
                               parameter="bands") from None
    box = bbox_of(spatial_extent)
    if box is not None:
        ds = select_bbox(cube, ds, box[0], box[1])
    interval = _plain(temporal_extent)
    if interval is not None:
        if not isinstance(interval, (list, tuple)) or len(interval) != 2:
            raise InvalidParameter("temporal_extent must be [start, end] (either may be null)",
                                   parameter="temporal_extent")
        start, end = (_time_text(v) for v in interval)
        start = pd.Timestamp(start) if start else None
        end = pd.Timestamp(end) - pd.Timedelta(1, "ns") if end else None
        if start is not None and end is not None and end < start:
            raise InvalidParameter("temporal_extent ends before it starts",
                                   parameter="temporal_extent")
        ds = select_time(cube, ds, start, end)
    return ds


def to_raster(cube, ds: xr.Dataset) -> xr.DataArray:
    """A Dataset in the cube's names as an openEO raster cube (t, bands, [z,] y, x)."""
    names = {cube.x: X, cube.y: Y}
    if cube.t and cube.t in ds.dims:
        names[cube.t] = T
    data = ds.to_dataarray(dim=BANDS).rename(names)
    order = [d for d in (T, BANDS, cube.z, Y, X) if d and d in data.dims]
    return data.transpose(*order, ...)


def to_dataset(cube, data: xr.DataArray, source: xr.Dataset | None = None) -> xr.Dataset:
    """An openEO raster cube back in the cube's names (one variable per band, with its
    source's attributes when the band is a variable of the source)."""
    if not isinstance(data, xr.DataArray):
        raise InvalidParameter("the result of the process graph is not a data cube",
                               parameter="process_graph")
    names = {k: v for k, v in {X: cube.x, Y: cube.y, T: cube.t or "time"}.items()
             if k in data.dims or k in data.coords}
    data = data.rename(names)
    if BANDS in data.dims:
        ds = data.to_dataset(dim=BANDS)
    else:
        ds = data.drop_vars(BANDS, errors="ignore").to_dataset(
            name=str(data.name or "result"))
    for name in ds.data_vars:
        ds[name].attrs = dict(source[name].attrs) if source is not None and \
            name in source.data_vars else {}
    ds.attrs = {}
    return ds


def load_collection(loaded: Loaded):
    """The load_collection implementation of one evaluation, recording what it loads."""
    def load_collection(id, spatial_extent=None, temporal_extent=None, bands=None,
                        properties=None, **_):
        from opendias.catalogue import load_catalogue
        from opendias.datacube import open_cube

        catalogue = load_catalogue()
        if id not in catalogue.ids():
            raise NotFound(f"collection {str(id)[:100]!r} not found; the collections are "
                           f"{', '.join(catalogue.ids())}", parameter="collection")
        cube = open_cube(catalogue.get(id))
        ds = select(cube, spatial_extent, temporal_extent, bands)
        loaded.cubes.append(cube)
        loaded.sources.append(ds)
        loaded.extents.append(bbox_of(spatial_extent))
        return to_raster(cube, ds)
    return load_collection
