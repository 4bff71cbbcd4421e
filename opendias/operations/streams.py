"""Answers written as they are computed: CSV and CoverageJSON as text pieces, block by block
of the lazy (dask) selection, so that the first piece leaves before the whole is computed and
memory holds one block at a time.

A block is at most BLOCK_CELLS cells of every variable together: the selection is cut in
row-major order of its dimensions (the outer ones one index at a time when a single index of
them is larger than a block), and never across a dask chunk of the dimension it is cut along.
Between two pieces `budget.check()` stops the stream at the request's deadline or when its
client is gone (opendias.operations.budget).

The texts are those the whole selection would give at once: CSV as pandas writes it
(`float_format="%.8g"`, times in ISO_SECONDS, missing values empty, rows of missing cells of
every variable left out), CoverageJSON as `json.dumps` of the whole document.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator

import numpy as np
import pandas as pd
import xarray as xr

from opendias.datacube import Cube
from opendias.operations import budget
from opendias.params import ISO_SECONDS

BLOCK_CELLS = 1_000_000
CSV_ROWS = 65_536  # rows of one CSV piece (a few MB)


# -- blocks ----------------------------------------------------------------------------------

def _chunk_bounds(obj: xr.Dataset | xr.DataArray, dim: str) -> list[int]:
    """The starts of the dask chunks of `dim`, and its end."""
    try:
        sizes = obj.chunksizes.get(dim)
    except ValueError:  # variables chunked differently: cut anywhere
        sizes = None
    sizes = sizes or (obj.sizes[dim],)
    return [0, *np.cumsum(sizes).tolist()]


def blocks(obj: xr.Dataset | xr.DataArray, dims: list[str],
           block_cells: int = BLOCK_CELLS) -> Iterator[dict[str, slice]]:
    """`isel` selections of `obj` covering it in row-major order of `dims`, each of at most
    `block_cells` cells (or one index of every dimension but the last ones, when that is
    more), cut at the dask chunk boundaries of the dimension they are cut along."""
    nvars = len(obj.data_vars) if isinstance(obj, xr.Dataset) else 1
    sizes = [int(obj.sizes[d]) for d in dims]
    tails = [nvars * math.prod(sizes[k + 1:]) for k in range(len(dims))]
    if not dims or nvars * math.prod(sizes) <= block_cells:
        yield {}
        return
    k = next((i for i, tail in enumerate(tails) if tail <= block_cells), len(dims) - 1)
    step = max(1, block_cells // tails[k])
    bounds = _chunk_bounds(obj, dims[k])
    for outer in np.ndindex(*sizes[:k]):
        sel = {d: slice(i, i + 1) for d, i in zip(dims[:k], outer)}
        for a, b in zip(bounds[:-1], bounds[1:]):
            for start in range(a, b, step):
                yield {**sel, dims[k]: slice(start, min(start + step, b))}


# -- CSV -------------------------------------------------------------------------------------

def _quoted(text: str) -> str:
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _column_texts(values: pd.Series) -> np.ndarray:
    """Each value of a column as pandas' CSV writer writes it (see the module docstring),
    formatting each distinct value once."""
    codes, uniques = pd.factorize(values)  # missing values: code -1
    kind = uniques.dtype.kind
    if kind == "M":
        texts = list(pd.DatetimeIndex(uniques).strftime(ISO_SECONDS))
    elif kind == "f":
        texts = ["%.8g" % u for u in uniques]
    elif kind in "iub":
        texts = [str(u) for u in uniques]
    else:
        texts = [_quoted(str(u)) for u in uniques]
    return np.array([*texts, ""], dtype=object)[codes]


def _csv_pieces(frame: pd.DataFrame, header: bool) -> Iterator[str]:
    columns = [_column_texts(frame[c]) for c in frame.columns]
    head = ",".join(_quoted(str(c)) for c in frame.columns) + "\n" if header else ""
    for start in range(0, len(frame), CSV_ROWS):
        budget.check()
        rows = zip(*(c[start:start + CSV_ROWS] for c in columns))
        yield head + "\n".join(map(",".join, rows)) + "\n"
        head = ""
    if head:  # no row in the first block
        yield head


def csv_chunks(ds: xr.Dataset, block_cells: int = BLOCK_CELLS) -> Iterator[str]:
    """A long table, one row per cell and step, one column per dimension and variable; rows
    whose variables are all missing are left out. The header comes with the first block."""
    names = list(ds.data_vars)
    dims = list(ds.dims)  # the row order of Dataset.to_dataframe
    header = True
    for sel in blocks(ds, dims, block_cells):
        block = (ds.isel(sel) if sel else ds).compute()
        frame = block.to_dataframe()[names].dropna(how="all").reset_index()
        frame = frame[[c for c in frame.columns if c in ds.dims or c in names]]
        yield from _csv_pieces(frame, header)
        header = False


# -- CoverageJSON ----------------------------------------------------------------------------

def _axis_values(values: np.ndarray) -> list:
    if np.issubdtype(values.dtype, np.datetime64):
        return [pd.Timestamp(v).strftime(ISO_SECONDS) for v in values]
    return [float(v) for v in values]


def _referencing(cube: Cube, axes: dict) -> list:
    if cube.geographic:
        crs_ref = {"coordinates": ["x", "y"], "system": {
            "type": "GeographicCRS", "id": "http://www.opengis.net/def/crs/OGC/1.3/CRS84"}}
    else:
        epsg = cube.crs.to_epsg()
        crs_ref = {"coordinates": ["x", "y"], "system": {
            "type": "ProjectedCRS",
            "id": f"http://www.opengis.net/def/crs/EPSG/0/{epsg}" if epsg else cube.crs.to_wkt()}}
    referencing = [crs_ref]
    if "t" in axes:
        referencing.append({"coordinates": ["t"], "system": {"type": "TemporalRS",
                                                             "calendar": "Gregorian"}})
    if "z" in axes:
        referencing.append({"coordinates": ["z"], "system": {
            "type": "VerticalCRS", "cs": {"csAxes": [{"name": {"en": cube.z},
                                                      "direction": "down"}]}}})
    return referencing


def _values_marker(i: int) -> str:
    return f"@opendias-values-{i}@"


def _coverage_document(cube: Cube, ds: xr.Dataset) -> dict:
    """The CoverageJSON document (Grid domain) with a marker in place of each range's values."""
    axes_dims = {"x": cube.x, "y": cube.y, "t": cube.t, "z": cube.z}
    axes = {}
    for key, dim in axes_dims.items():
        if dim and dim in ds.coords and ds[dim].ndim == 1 and dim in ds.dims:
            axes[key] = {"values": _axis_values(np.asarray(ds[dim].values))}
        elif key == "t" and "time" in ds.coords and ds["time"].ndim == 0:
            axes["t"] = {"values": _axis_values(np.atleast_1d(ds["time"].values))}
    parameters, ranges = {}, {}
    inverse = {v: k for k, v in axes_dims.items() if v}
    for i, (name, var) in enumerate(ds.data_vars.items()):
        info = cube.variable_info(name)
        parameters[name] = {
            "type": "Parameter",
            "description": {"en": info["title"]},
            "unit": {"symbol": info["units"]},
            "observedProperty": {"id": info["standard_name"] or name,
                                 "label": {"en": info["title"]}},
        }
        ranges[name] = {
            "type": "NdArray", "dataType": "float",
            "axisNames": [inverse.get(d, d) for d in var.dims],
            "shape": [int(var.sizes[d]) for d in var.dims],
            "values": _values_marker(i),
        }
    return {"type": "Coverage",
            "domain": {"type": "Domain", "domainType": "Grid", "axes": axes,
                       "referencing": _referencing(cube, axes)},
            "parameters": parameters, "ranges": ranges}


def _range_values(var: xr.DataArray, block_cells: int) -> Iterator[str]:
    """The values of one range, C order, rounded to 7 decimals, null where missing: the items
    of the JSON array without its brackets, in pieces."""
    first = True
    for sel in blocks(var, list(var.dims), block_cells):
        values = np.asarray((var.isel(sel) if sel else var).values, dtype="f8").ravel()
        if not values.size:
            continue
        items = [None if not math.isfinite(v) else round(v, 7) for v in values.tolist()]
        yield ("" if first else ", ") + json.dumps(items, allow_nan=False)[1:-1]
        first = False


def coveragejson_chunks(cube: Cube, ds: xr.Dataset,
                        block_cells: int = BLOCK_CELLS) -> Iterator[str]:
    """CoverageJSON of a selection in pieces; the document's head comes with the first values
    (so that nothing leaves before the first block is computed)."""
    text = json.dumps(_coverage_document(cube, ds), allow_nan=False)
    pending = ""
    for i, var in enumerate(ds.data_vars.values()):
        before, text = text.split(json.dumps(_values_marker(i)), 1)
        pending += before + "["
        for piece in _range_values(var, block_cells):
            yield pending + piece
            pending = ""
        pending += "]"
    yield pending + text
