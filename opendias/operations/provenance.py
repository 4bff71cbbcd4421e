"""What a result says about where it came from: CF `history`, the request that made it, and
the attributes that no longer hold once values are computed."""

from __future__ import annotations

import xarray as xr

from opendias import __version__
from opendias.params import utc_now_text

# attributes of a variable that describe its stored values: wrong after a computation
STORED_VALUE_ATTRS = ("valid_min", "valid_max", "valid_range", "actual_range", "scale_factor",
                      "add_offset", "_FillValue", "missing_value", "grid_mapping")


# CF cell_methods words of each statistic
CELL_METHODS = {"mean": "mean", "min": "minimum", "max": "maximum", "sum": "sum",
                "std": "standard_deviation", "median": "median", "count": "point"}


def computed_attrs(attrs: dict) -> dict:
    """A variable's attributes once its values are computed (units, names kept)."""
    return {k: v for k, v in attrs.items() if k not in STORED_VALUE_ATTRS}


def add_cell_method(attrs: dict, method: str) -> dict:
    """`attrs` with `method` appended to its cell_methods, once: a source already saying it
    last (e.g. "area: mean" of a model's field) is not told it again."""
    prev = str(attrs.get("cell_methods", "")).strip()
    if prev == method or prev.endswith(" " + method):
        return attrs
    attrs["cell_methods"] = (prev + " " if prev else "") + method
    return attrs


def with_history(attrs: dict, what: str) -> dict:
    """Attributes with a CF `history` line for `what` prepended (newest first)."""
    line = f"{utc_now_text()}: opendias {__version__}: {what}"
    out = dict(attrs)
    out["history"] = f"{line}\n{attrs['history']}" if attrs.get("history") else line
    return out


def provenance(ds: xr.Dataset, request: str) -> xr.Dataset:
    """The dataset with `history` and `opendias_request` naming the request that made it."""
    ds = ds.copy()
    ds.attrs = with_history(ds.attrs, request)
    ds.attrs["opendias_request"] = request
    return ds
