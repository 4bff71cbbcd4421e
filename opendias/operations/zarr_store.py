"""A dataset's lazy cube seen as a read-only Zarr v2 store, computed on request.

`zarr_store(cube)` gives the store of a cube: its keys are those of a consolidated Zarr v2
group (`.zmetadata`, `.zgroup`, `.zattrs`, `<variable>/.zarray`, `<variable>/.zattrs` and
the chunk keys `<variable>/<i>.<j>...`), each answered from the cube when asked. A chunk
key reads only that chunk's cells of the source (dask narrows the read to the slice), packs
them as the source does and compresses them with numcodecs; nothing is stored.

The encoding is the source's: xarray's own CF encoder (`xarray.conventions.cf_encoder`)
applied to the decoded cube gives the stored dtype, `scale_factor`/`add_offset`, the fill
value (a Zarr array's `fill_value`, which xarray reads back as `_FillValue`) and the time
units, exactly as `to_zarr` would write them. The chunks are the source file's own
(NetCDF `chunksizes`), else the cube's dask chunks; a source compressed with zlib (and
HDF5's shuffle) is served with numcodecs' zlib (and shuffle) at its level, any other with
Blosc LZ4 (Zarr's default). A client reading a box (`xr.open_zarr(url).sel(...)`) fetches
the metadata once and only the chunks the box touches.
"""

from __future__ import annotations

import json
import math
import threading
from dataclasses import dataclass

import numcodecs
import numpy as np
import xarray as xr
from xarray.conventions import cf_encoder

from opendias.datacube import Cube

ZARR_FORMAT = 2
_CF_KEYS = ("dtype", "scale_factor", "add_offset", "_FillValue", "missing_value", "units",
            "calendar")
DEFAULT_COMPRESSOR = {"id": "blosc", "cname": "lz4", "clevel": 5, "shuffle": 1,
                      "blocksize": 0}


class NoSuchKey(LookupError):
    """The store holds no such key (a Zarr client takes it as a missing chunk or array)."""


def _json_value(value):
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, np.ndarray):
        return [_json_value(v) for v in value.tolist()]
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def _attrs(attrs: dict) -> dict:
    return {str(k): _json_value(v) for k, v in attrs.items()}


@dataclass
class ZarrArray:
    name: str
    variable: xr.Variable      # encoded (values as stored), lazy
    chunks: tuple[int, ...]
    fill_value: object
    filters: list[dict] | None
    compressor: dict

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(int(n) for n in self.variable.shape)

    def zarray(self) -> dict:
        return {"zarr_format": ZARR_FORMAT, "shape": list(self.shape),
                "chunks": list(self.chunks), "dtype": self.variable.dtype.str,
                "fill_value": _json_value(self.fill_value), "order": "C",
                "filters": self.filters, "compressor": self.compressor,
                "dimension_separator": "."}

    def zattrs(self) -> dict:
        return {**_attrs(self.variable.attrs), "_ARRAY_DIMENSIONS": list(self.variable.dims)}

    def chunk_grid(self) -> tuple[int, ...]:
        return tuple(math.ceil(n / c) if n else 0 for n, c in zip(self.shape, self.chunks))

    def chunk(self, key: str) -> bytes:
        """The stored bytes of one chunk (`i.j.k`; `0` for a scalar)."""
        index = _chunk_index(key, self.chunk_grid())
        slices = tuple(slice(i * c, min((i + 1) * c, n))
                       for i, c, n in zip(index, self.chunks, self.shape))
        values = np.asarray(self.variable.data[slices] if slices else self.variable.values)
        if values.shape != self.chunks:  # an edge chunk: Zarr v2 stores whole chunks
            full = np.full(self.chunks, self.fill_value if self.fill_value is not None else 0,
                           dtype=self.variable.dtype)
            full[tuple(slice(0, s) for s in values.shape)] = values
            values = full
        buf = np.ascontiguousarray(values, dtype=self.variable.dtype)
        for config in self.filters or ():
            buf = numcodecs.get_codec(config).encode(buf)
        return bytes(numcodecs.get_codec(self.compressor).encode(buf))


def _chunk_index(key: str, grid: tuple[int, ...]) -> tuple[int, ...]:
    parts = key.split(".")
    if not grid:
        if key != "0":
            raise NoSuchKey(key)
        return ()
    try:
        index = tuple(int(p) for p in parts)
    except ValueError:
        raise NoSuchKey(key) from None
    if len(index) != len(grid) or any(i < 0 or i >= g for i, g in zip(index, grid)):
        raise NoSuchKey(key)
    return index


def _chunks(source: xr.Variable, encoded: xr.Variable) -> tuple[int, ...]:
    shape = encoded.shape
    if not shape:
        return ()
    file_chunks = source.encoding.get("chunksizes")
    if file_chunks and len(file_chunks) == len(shape) and source.ndim > 1:
        return tuple(max(1, min(int(c), n)) for c, n in zip(file_chunks, shape))
    if source.chunks and source.ndim > 1:
        return tuple(max(1, int(c[0])) for c in source.chunks)
    return tuple(max(1, n) for n in shape)  # coordinates: one chunk


def _codecs(source: xr.Variable, dtype: np.dtype) -> tuple[list[dict] | None, dict]:
    enc = source.encoding
    if enc.get("zlib") or enc.get("compression") == "zlib":
        level = int(enc.get("complevel") or 4)
        filters = ([{"id": "shuffle", "elementsize": dtype.itemsize}]
                   if enc.get("shuffle") and dtype.itemsize > 1 else None)
        return filters, {"id": "zlib", "level": level}
    return None, dict(DEFAULT_COMPRESSOR)


class ZarrStore:
    """The keys of one cube's store (see the module docstring)."""

    def __init__(self, cube: Cube):
        self.cube = cube
        ds = cube.ds[cube.variables]
        variables = {}
        for name, var in ds.variables.items():
            var = var.copy(deep=False)
            var.encoding = {k: v for k, v in var.encoding.items() if k in _CF_KEYS}
            variables[name] = var
        encoded, attrs = cf_encoder(variables, dict(ds.attrs))
        self.attrs = _attrs(attrs)
        self.arrays: dict[str, ZarrArray] = {}
        for name, var in encoded.items():
            if var.dtype.kind not in "biufc":
                continue  # text or objects: not served
            var.attrs = dict(var.attrs)
            fill = var.attrs.pop("_FillValue", None)
            source = ds.variables[name]
            filters, compressor = _codecs(source, var.dtype)
            self.arrays[str(name)] = ZarrArray(str(name), var, _chunks(source, var), fill,
                                               filters, compressor)

    def metadata(self) -> dict:
        """The consolidated metadata (`.zmetadata`)."""
        meta = {".zgroup": {"zarr_format": ZARR_FORMAT}, ".zattrs": self.attrs}
        for name, array in self.arrays.items():
            meta[f"{name}/.zarray"] = array.zarray()
            meta[f"{name}/.zattrs"] = array.zattrs()
        return {"zarr_consolidated_format": 1, "metadata": meta}

    def get(self, key: str) -> tuple[bytes, str]:
        """The bytes of a key and their media type; NoSuchKey when there is none."""
        key = key.strip("/")
        meta = self.metadata()["metadata"]
        if key == ".zmetadata":
            return _dumps(self.metadata()), "application/json"
        if key in meta:
            return _dumps(meta[key]), "application/json"
        name, _, chunk = key.rpartition("/")
        array = self.arrays.get(name)
        if array is None or not chunk or chunk.startswith("."):
            raise NoSuchKey(key)
        return array.chunk(chunk), "application/octet-stream"


def _dumps(doc: dict) -> bytes:
    return json.dumps(doc, indent=1, allow_nan=True).encode()


_STORES: dict[str, ZarrStore] = {}
_LOCK = threading.Lock()


def zarr_store(cube: Cube) -> ZarrStore:
    """The store of a cube, made once per opened cube (a cube reopened after its files
    changed gets a new one)."""
    store = _STORES.get(cube.id)
    if store is None or store.cube is not cube:
        with _LOCK:
            store = _STORES.get(cube.id)
            if store is None or store.cube is not cube:
                store = _STORES[cube.id] = ZarrStore(cube)
    return store
