"""The dtype of an operation's results: that of the source's values unless the operation
changes it. A float32 variable regridded, averaged or resampled stays float32 (sums and
means accumulate in double precision, then the result is given back the source's type); a
packed variable (small integers with scale_factor/add_offset, decoded by xarray to float64
when its scale is a double) gives float32, which holds its 16 bits exactly; counts stay
integers. Half the bytes, in memory and on disk, of float64 results of float32 sources."""

from __future__ import annotations

import numpy as np
import xarray as xr


def value_dtype(source: xr.DataArray) -> np.dtype:
    """The dtype of values computed from `source` (as decoded, and as stored)."""
    stored = source.encoding.get("dtype")
    stored = np.dtype(stored) if stored is not None else None
    packed = "scale_factor" in source.encoding or "add_offset" in source.encoding
    if stored is not None and stored.kind in "iu" and stored.itemsize <= 2 and (
            packed or source.dtype.kind != "f"):
        return np.dtype("float32")
    if source.dtype.kind == "f":
        return source.dtype
    return np.dtype("float32") if source.dtype.itemsize <= 2 else np.dtype("float64")


def like_source(result: xr.DataArray, source: xr.DataArray) -> xr.DataArray:
    """`result` (floats computed from `source`) in the source's value dtype when that is
    narrower; integers (counts) and narrower floats as they are. Lazy."""
    target = value_dtype(source)
    if result.dtype.kind == "f" and target.itemsize < result.dtype.itemsize:
        return result.astype(target)
    return result
