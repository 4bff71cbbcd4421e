"""What GDAL's OGC API driver (and QGIS through it) reads to open a collection as a raster:
the collection's links (a map of `rel` .../ogc/1.0/map as image/png; a coverage of
`image/tiff; application=geotiff` whose href carries one time step and level, so that its
bands are the dataset's variables; its domain set and range type), and the documents of
`/collections/{id}/coverage/domainset` and `/coverage/rangetype`.

GDAL 3.6 (frmts/ogcapi/gdalogcapidataset.cpp) sizes the raster from the domain set's first
two axes (lowerBound, upperBound, resolution: cell edges), takes its band count and data
type from the range type's fields, always georeferences in lon/lat (EPSG:4326, x/y), and
asks blocks of 256 x 256 as `<coverage href>&subset=Lon(minx:maxx),Lat(miny:maxy)&
scaleSize=Lon(256),Lat(256)` with `Accept: image/tiff;application=geotiff`. So the domain
set is given in CRS84 with the axis labels Lon/Lat for every dataset (a projected one is
then resampled to lon/lat cells: opendias.operations.scaling), in -180..180 longitudes for
a global 0..360 dataset, its edges half a cell beyond the outer cell centres (beyond a
pole for a row centred on it, so that GDAL's pixels are the dataset's cells). For the map API, GDAL sizes the raster from the collection's
`scaleDenominator` (a pixel of 0.28 mm; opendias.web.pygeoapi_front.ScaleDenominator adds
it to the collection documents pygeoapi writes), else at 1e-8 degree per pixel.
"""

from __future__ import annotations

import numpy as np
import pyproj

from opendias.datacube import CRS84, Cube
from opendias.operations import geotiff
from opendias.params import ISO_SECONDS

CRS84_URI = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
REL = "http://www.opengis.net/def/rel/ogc/1.0"
GEOTIFF = "image/tiff; application=geotiff"
_TYPES = {"uint8": "UINT8", "int16": "INT16", "uint16": "UINT16", "int32": "INT32",
          "uint32": "UINT32", "float32": "FLOAT32", "float64": "FLOAT64"}


def gdal_query(cube: Cube) -> str:
    """The query of the GeoTIFF coverage link: its last time step and first level."""
    parts = ["f=geotiff"]
    if cube.t and cube.ds.sizes.get(cube.t, 1) > 1:
        parts.append(f"datetime={cube.times.max().strftime(ISO_SECONDS)}")
    if cube.z and cube.ds.sizes.get(cube.z, 1) > 1:
        parts.append(f"subset={cube.z}({float(cube.coord(cube.z)[0]):g})")
    return "&".join(parts)


def collection_links(base: str, cube: Cube) -> list[dict]:
    """The links GDAL's OGC API driver looks for, for a collection's configuration."""
    url = f"{base}/collections/{cube.id}"
    return [
        {"type": "image/png", "rel": f"{REL}/map", "title": "Map as PNG",
         "href": f"{url}/map?f=png"},
        {"type": GEOTIFF, "rel": f"{REL}/coverage",
         "title": "Coverage as GeoTIFF (the last time step; one band per variable)",
         "href": f"{url}/coverage?{gdal_query(cube)}"},
        {"type": "application/json", "rel": f"{REL}/coverage-domainset",
         "title": "Coverage domain set", "href": f"{url}/coverage/domainset?f=json"},
        {"type": "application/json", "rel": f"{REL}/coverage-rangetype",
         "title": "Coverage range type", "href": f"{url}/coverage/rangetype?f=json"},
    ]


def lonlat_grid(cube: Cube) -> tuple[list[float], float, float]:
    """([west, south, east, north] cell edges, lon step, lat step) of the dataset in CRS84."""
    rx, ry = cube.resolution
    edges = list(cube.native_edges)
    if not cube.geographic:
        tr = pyproj.Transformer.from_crs(cube.crs, CRS84, always_xy=True)
        w, s, e, n = tr.transform_bounds(*edges, densify_pts=21)
        return [w, s, e, n], (e - w) / cube.ds.sizes[cube.x], (n - s) / cube.ds.sizes[cube.y]
    if cube.lon_is_360:
        shift = 180.0 if edges[2] - edges[0] >= 359.999 else 360.0 if edges[0] >= 180 else 0
        edges[0] -= shift
        edges[2] -= shift
    return edges, rx, ry  # a row centred on a pole reaches half a cell beyond it


def domainset(cube: Cube) -> dict:
    (w, s, e, n), rx, ry = lonlat_grid(cube)
    nx, ny = max(1, round((e - w) / rx)) if rx else 1, max(1, round((n - s) / ry)) if ry else 1
    return {"type": "DomainSet", "generalGrid": {
        "type": "GeneralGridCoverage", "srsName": CRS84_URI, "axisLabels": ["Lon", "Lat"],
        "axis": [{"type": "RegularAxis", "axisLabel": "Lon", "lowerBound": w,
                  "upperBound": e, "uomLabel": "deg", "resolution": rx},
                 {"type": "RegularAxis", "axisLabel": "Lat", "lowerBound": s,
                  "upperBound": n, "uomLabel": "deg", "resolution": ry}],
        "gridLimits": {"type": "GridLimits", "srsName":
                       "http://www.opengis.net/def/crs/OGC/0/Index2D", "axisLabels": ["i", "j"],
                       "axis": [{"type": "IndexAxis", "axisLabel": "i", "lowerBound": 0,
                                 "upperBound": nx - 1},
                                {"type": "IndexAxis", "axisLabel": "j", "lowerBound": 0,
                                 "upperBound": ny - 1}]}}}


def rangetype(cube: Cube) -> dict:
    """One field per band of the GeoTIFF coverage link's answer, of its data type."""
    ds = cube.ds[cube.variables]
    for dim, pick in ((cube.t, -1), (cube.z, 0)):
        if dim and dim in ds.dims:
            ds = ds.isel({dim: [pick]})
    layers = geotiff.bands(ds, cube.x, cube.y)
    lay = geotiff.layout([band for _, band, _ in layers])
    fields = []
    for name, _band, steps in layers:
        attrs = cube.ds[name].attrs
        field = {"type": "Quantity", "name": name, "definition": _TYPES[lay["dtype"]],
                 "description": str(attrs.get("long_name", name)),
                 "uom": {"type": "UnitReference", "code": str(attrs.get("units", ""))}}
        if lay["nodata"] is not None and np.isfinite(lay["nodata"]):
            field["nilValues"] = [{"value": lay["nodata"]}]
        if steps:
            field["steps"] = steps
        fields.append(field)
    return {"type": "DataRecord", "field": fields}


METRES_PER_DEGREE = 6378137 * np.pi / 180  # GDAL's, as OGC's scale denominators


def scale_denominator(cube: Cube) -> float:
    """The scale of the dataset's cells (their width) on a 0.28 mm pixel, in lon/lat."""
    _edges, rx, ry = lonlat_grid(cube)
    return float(rx or ry or 1.0) * METRES_PER_DEGREE / 0.28e-3

