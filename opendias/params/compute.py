"""Parameters of the computations: statistics, frequencies, reference periods, regridding
methods and resolutions."""

from __future__ import annotations

import math
import re

import numpy as np

from opendias.errors import InvalidParameter
from opendias.params.time import parse_datetime

SPATIAL_STATS = ("mean", "min", "max", "std", "sum", "median", "count")
TEMPORAL_STATS = ("mean", "min", "max", "sum", "std")
_STAT_ALIASES = {"average": "mean", "avg": "mean", "minimum": "min", "maximum": "max",
                 "stddev": "std", "stdev": "std", "total": "sum"}
_PCTL = re.compile(r"^(?:p|pct|percentile[_ ]?)(\d+(?:\.\d+)?)$")

FREQUENCIES = ("day", "month", "season", "year")
_FREQ = {"day": "day", "daily": "day", "d": "day",
         "month": "month", "monthly": "month", "mon": "month", "m": "month",
         "season": "season", "seasonal": "season", "seas": "season",
         "year": "year", "annual": "year", "yearly": "year", "y": "year"}

METHODS = ("bilinear", "nearest", "conservative")
_METHOD_ALIASES = {"linear": "bilinear", "bil": "bilinear", "nn": "nearest",
                   "nearest_neighbour": "nearest", "nearest-neighbour": "nearest",
                   "con": "conservative", "area": "conservative"}


def parse_stats(stats, allowed=SPATIAL_STATS, percentiles: bool = True, *,
                parameter: str = "stats") -> list[str]:
    """Normalised statistic names (text "mean,max" or a list); percentiles as 'pNN'."""
    if stats is None:
        return ["mean"]
    items = [s for s in re.split(r"[,\s]+", stats) if s] if isinstance(stats, str) \
        else [str(s) for s in stats]
    if not items:
        raise InvalidParameter("no statistic asked for", parameter=parameter)
    out = []
    for item in items:
        name = item.strip().lower()
        name = _STAT_ALIASES.get(name, name)
        m = _PCTL.match(name)
        if m and percentiles:
            q = float(m.group(1))
            if not 0 < q < 100:
                raise InvalidParameter(f"percentile {item!r} must be between 0 and 100 "
                                       "(exclusive)", parameter=parameter)
            name = f"p{q:g}"
        elif name not in allowed:
            extra = ", percentiles p1..p99" if percentiles else ""
            raise InvalidParameter(f"unknown statistic {item!r}: use {', '.join(allowed)}"
                                   f"{extra}", parameter=parameter)
        if name not in out:
            out.append(name)
    return out


def parse_frequency(value, *, parameter: str = "frequency") -> str:
    """day, month, season or year (daily, monthly, seasonal, annual... accepted)."""
    key = str(value or "").strip().lower()
    if key not in _FREQ:
        raise InvalidParameter(f"unknown frequency {value!r}: use day, month, season or "
                               "year", parameter=parameter)
    return _FREQ[key]


def parse_reference(reference, *, parameter: str = "reference"):
    """(start, end, text) of a reference period: "start/end" or (start, end)."""
    if isinstance(reference, (list, tuple)):
        if len(reference) != 2:
            raise InvalidParameter("reference must be a period (start, end)",
                                   parameter=parameter)
        text = f"{reference[0] or '..'}/{reference[1] or '..'}"
    else:
        text = str(reference)
    try:
        start, end = parse_datetime(text)
    except InvalidParameter as err:
        raise InvalidParameter(f"reference period: {err.detail}",
                               parameter=parameter) from None
    return start, end, text


def parse_method(method, *, parameter: str = "method") -> str:
    """bilinear (default), nearest or conservative (aliases: linear, nn, con...)."""
    text = str(method or "bilinear").strip().lower()
    text = _METHOD_ALIASES.get(text, text)
    if text not in METHODS:
        raise InvalidParameter(f"unknown regridding method {method!r}: use one of "
                               f"{', '.join(METHODS)}", parameter=parameter)
    return text


def parse_resolution(value, *, parameter: str = "resolution") -> tuple[float, float]:
    """(dx, dy) from one number, "dx,dy" or two numbers; both finite and > 0."""
    if isinstance(value, str):
        parts = [p for p in value.replace(" ", ",").split(",") if p]
    elif np.ndim(value) == 0:
        parts = [value]
    else:
        parts = list(value)
    try:
        nums = [float(p) for p in parts]
    except (TypeError, ValueError, OverflowError):
        raise InvalidParameter(f"resolution must be a number or two numbers dx,dy: "
                               f"{value!r}", parameter=parameter) from None
    if len(nums) == 1:
        nums = nums * 2
    if len(nums) != 2 or not all(math.isfinite(n) for n in nums):
        raise InvalidParameter(f"resolution must be a number or two numbers dx,dy: "
                               f"{value!r}", parameter=parameter)
    if min(nums) <= 0:
        raise InvalidParameter(f"impossible grid: resolution must be > 0, got {value!r}",
                               parameter=parameter)
    return nums[0], nums[1]
