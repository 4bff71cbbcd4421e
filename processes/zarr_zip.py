"""A selection as a zipped Zarr store (Zarr format 2, readable by xarray/zarr 2 and 3:
`xr.open_zarr(zarr.storage.ZipStore(path, mode="r"))` or `xr.open_dataset("zip::path")`).

Written chunk by chunk (dask) into a temporary folder, zipped (stored, no compression: the
chunks are already compressed) under a temporary name, renamed when complete.
"""

from __future__ import annotations

import os
import shutil
import uuid
import zipfile
from pathlib import Path

import xarray as xr

_KEEP = ("dtype", "scale_factor", "add_offset", "_FillValue", "units", "calendar")


def write_zarr_zip(ds: xr.Dataset, path: Path) -> Path:
    path = Path(path)
    tag = uuid.uuid4().hex[:8]
    store_dir = path.with_name(f".{path.name}.{tag}.zarr")
    tmp = path.with_name(f".{path.name}.{tag}.part")
    ds = ds.copy()
    for var in ds.variables.values():
        var.encoding = {k: v for k, v in var.encoding.items() if k in _KEEP}
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
