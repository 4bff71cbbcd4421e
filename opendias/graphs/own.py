"""opendias' own implementations of openEO processes, so that an openEO graph computes what
the service's other processes compute, value for value: `aggregate_spatial` is the
`statistics` process's area-weighted spatial statistics (opendias.operations.statistics),
`resample_spatial` the `regrid` process (opendias.operations.regrid), `save_result` the
file formats of opendias.operations.formats (opendias.graphs.outputs). Each is made for one
evaluation, bound to what it loaded (opendias.graphs.cubes.Loaded)."""

from __future__ import annotations

from dataclasses import dataclass

import xarray as xr

from opendias.errors import InvalidParameter
from opendias.graphs.cubes import BANDS, T, X, Y, Loaded, _plain, to_dataset, to_raster

# openEO reducers of aggregate_spatial -> the statistics' names (opendias.params.parse_stats)
REDUCERS = {"mean": "mean", "min": "min", "max": "max", "sum": "sum", "median": "median",
            "sd": "std", "count": "count"}
# openEO resampling methods -> the regrid methods
METHODS = {"near": "nearest", "bilinear": "bilinear", "average": "conservative"}
GEOMETRY = "geometry"


@dataclass
class Saved:
    """What save_result returns: the data and the file format it is to be written in."""

    data: object
    format: str
    options: dict


def save_result(data, format, options=None, **_):
    return Saved(data, str(_plain(format)), _plain(options) or {})


def _features(geometries) -> list[dict]:
    geometries = _plain(geometries)
    if isinstance(geometries, dict) and geometries.get("type") == "FeatureCollection":
        return [f.get("geometry") for f in geometries.get("features") or []]
    if isinstance(geometries, dict) and geometries.get("type") == "Feature":
        return [geometries.get("geometry")]
    if isinstance(geometries, dict) and geometries.get("type") in ("Polygon", "MultiPolygon"):
        return [geometries]
    raise InvalidParameter("geometries must be a GeoJSON Polygon, MultiPolygon, Feature or "
                           "FeatureCollection of polygons (CRS84)", parameter="geometries")


def aggregate_spatial(loaded: Loaded):
    def aggregate_spatial(data, geometries, reducer, target_dimension=None, context=None,
                          **_):
        from opendias.operations.statistics import spatial_statistics

        stat = REDUCERS.get(reducer) if isinstance(reducer, str) else None
        if stat is None:
            raise InvalidParameter(f"aggregate_spatial reduces with one of "
                                   f"{', '.join(REDUCERS)}", parameter="reducer")
        cube = loaded.cube_of(data)
        ds = to_dataset(cube, data, loaded.sources[-1] if loaded.sources else None)
        rows = []
        for geometry in _features(geometries):
            out = spatial_statistics(cube, ds, stats=[stat], geometry=geometry)
            out = out.rename({f"{name}_{stat}": name for name in ds.data_vars
                              if f"{name}_{stat}" in out.data_vars})
            rows.append(out)
        result = xr.concat(rows, dim=GEOMETRY)
        result = result.assign_coords({GEOMETRY: range(len(rows))})
        names = {cube.t: T} if cube.t and cube.t in result.dims else {}
        vector = result.to_dataarray(dim=BANDS).rename(names)
        return vector.transpose(*[d for d in (GEOMETRY, T, BANDS) if d in vector.dims])
    return aggregate_spatial


def resample_spatial(loaded: Loaded):
    def resample_spatial(data, resolution=0, projection=None, method="near", align="upper-left",
                         **_):
        from opendias.operations.regrid import regrid

        resolution = _plain(resolution)
        if projection not in (None, 4326, "4326", "EPSG:4326"):
            raise InvalidParameter("resample_spatial: opendias resamples to lon/lat grids "
                                   "(projection 4326 or null)", parameter="projection")
        if method not in METHODS:
            raise InvalidParameter(f"resample_spatial method must be one of "
                                   f"{', '.join(METHODS)}", parameter="method")
        res = resolution if isinstance(resolution, list) else [resolution]
        if not res or not all(isinstance(r, (int, float)) and r > 0 for r in res):
            raise InvalidParameter("resample_spatial needs a resolution > 0 (degrees)",
                                   parameter="resolution")
        cube = loaded.cube_of(data)
        ds = to_dataset(cube, data, loaded.sources[-1] if loaded.sources else None)
        box = loaded.extents[-1] if loaded.extents else None
        out = regrid(cube, ds, method=METHODS[method], resolution=[float(r) for r in res],
                     bbox=box[0] if box and box[1] is None else None)
        first = next(iter(out.data_vars))
        ty, tx = out[first].dims[-2:]
        names = {tx: cube.x, ty: cube.y}
        return to_raster(cube, out.rename({k: v for k, v in names.items() if k != v}))
    return resample_spatial


def own_processes(loaded: Loaded) -> dict:
    from opendias.graphs.cubes import load_collection

    return {"load_collection": load_collection(loaded), "save_result": save_result,
            "aggregate_spatial": aggregate_spatial(loaded),
            "resample_spatial": resample_spatial(loaded)}


__all__ = ["GEOMETRY", "Saved", "own_processes", "X", "Y"]
