"""A graph's result written as a file, in the format its save_result names (openEO's
format names, case-insensitive): netCDF and GTiff by opendias.operations.formats, JSON for
vector cubes (aggregate_spatial: `{time: [[value of each band] of each geometry]}`, the
shape openEO clients read as a time series)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from opendias.errors import InvalidParameter

# openEO name -> (opendias format, media type, suffix, for raster, for vector)
FORMATS = {
    "netCDF": ("netcdf", "application/x-netcdf", ".nc", True, True),
    "GTiff": ("geotiff", "image/tiff; application=geotiff", ".tif", True, False),
    "JSON": ("json", "application/json", ".json", False, True),
}
_ALIASES = {"netcdf": "netCDF", "nc": "netCDF", "gtiff": "GTiff", "geotiff": "GTiff",
            "tiff": "GTiff", "json": "JSON"}


def format_name(text: str, *, vector: bool) -> str:
    """The openEO name of an output format, checked against the kind of data."""
    name = _ALIASES.get(str(text).lower())
    if name is None:
        raise InvalidParameter(f"output format {str(text)[:40]!r} is not supported; "
                               f"GET /file_formats lists {', '.join(FORMATS)}",
                               parameter="format")
    if not FORMATS[name][4 if vector else 3]:
        kinds = [k for k, v in FORMATS.items() if v[4 if vector else 3]]
        raise InvalidParameter(f"format {name} does not hold a "
                               f"{'vector' if vector else 'raster'} cube; use "
                               f"{' or '.join(kinds)}", parameter="format")
    return name


def media_type(name: str) -> str:
    return FORMATS[name][1]


def suffix(name: str) -> str:
    return FORMATS[name][2]


def result_dataset(evaluated):
    """The lazy Dataset a raster result writes (the cube's names, sources' attributes)."""
    from opendias.graphs.cubes import to_dataset

    if evaluated.vector:
        data = evaluated.saved.data.rename({"t": evaluated.cube.t or "time"}) \
            if "t" in evaluated.saved.data.dims else evaluated.saved.data
        return data.to_dataset(dim="bands")
    return to_dataset(evaluated.cube, evaluated.saved.data, evaluated.source)


def _vector_json(data) -> dict:
    """{ISO time: [[band values] per geometry]} of a vector cube (geometry, t, bands)."""
    values = np.asarray(data.transpose(*[d for d in ("t", "geometry", "bands")
                                         if d in data.dims]).values, dtype="f8")
    clean = np.where(np.isfinite(values), values, np.nan)
    if "t" not in data.dims:
        return {"values": [[None if np.isnan(v) else float(v) for v in np.atleast_1d(row)]
                           for row in np.atleast_2d(clean)]}
    times = pd.DatetimeIndex(data["t"].values)
    return {t.strftime("%Y-%m-%dT%H:%M:%SZ"): [[None if np.isnan(v) else float(v)
                                                  for v in np.atleast_1d(row)]
                                                 for row in np.atleast_2d(step)]
            for t, step in zip(times, clean)}


def write_result(evaluated, path: Path, request: str) -> Path:
    """Write `evaluated` (opendias.graphs.evaluate.Evaluated) to `path` in its format."""
    from opendias.operations import formats
    from opendias.operations.provenance import provenance

    name = format_name(evaluated.saved.format, vector=evaluated.vector)
    if name == "JSON":
        tmp = path.with_name(f".{path.name}.part")
        tmp.write_text(json.dumps(_vector_json(evaluated.saved.data)))
        tmp.rename(path)
        return path
    ds = provenance(result_dataset(evaluated), request)
    return formats.write_output(evaluated.cube, ds, FORMATS[name][0], path)
