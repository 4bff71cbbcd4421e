"""A layer's time steps and vertical levels: the text that lists them, their defaults, and
the step or level nearest to a value (an `InvalidParameter` naming `time` or `elevation` when
the value is outside the layer's extent)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from opendias.datacube import Cube
from opendias.errors import InvalidParameter
from opendias.params import iso_time


def format_number(value: float) -> str:
    """A number as maps label it (six significant digits)."""
    return f"{float(value):.6g}"


def iso_duration(delta: pd.Timedelta) -> str:
    seconds = int(delta.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    out = "P" + (f"{days}D" if days else "")
    clock = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + \
        (f"{secs}S" if secs else "")
    return out + ("T" + clock if clock else "") if (days or clock) else "PT0S"


# --------------------------------------------------------------------------- time
def time_values(cube: Cube, max_list: int = 100) -> str | None:
    """The time steps as text: the ISO list, or start/end/period when the steps are regular
    and many."""
    times = cube.times
    if times is None or len(times) == 0:
        return None
    if len(times) > max_list:
        steps = np.unique(np.diff(times.values))
        if steps.size == 1:
            return f"{iso_time(times[0])}/{iso_time(times[-1])}/" \
                   f"{iso_duration(pd.Timedelta(steps[0]))}"
    return ",".join(iso_time(t) for t in times)


def default_time(cube: Cube) -> pd.Timestamp | None:
    """The latest step (None without a time axis)."""
    return None if cube.times is None or len(cube.times) == 0 else cube.times[-1]


def nearest_time(cube: Cube, stamp: pd.Timestamp, *,
                 parameter: str = "time") -> tuple[int, pd.Timestamp]:
    """(index, time) of the step nearest to an instant within a step of the extent."""
    times = cube.times
    values = times.values
    wanted = pd.Timestamp(stamp).to_datetime64()
    step = (values[-1] - values[0]) / (len(values) - 1) if len(values) > 1 \
        else np.timedelta64(1, "D")
    if wanted < values[0] - step or wanted > values[-1] + step:
        raise InvalidParameter(
            f"time {iso_time(stamp)} is outside the layer's time extent "
            f"{iso_time(times[0])}/{iso_time(times[-1])}", parameter=parameter)
    index = int(np.argmin(np.abs(values - wanted)))
    return index, times[index]


def last_time_in(cube: Cube, start: pd.Timestamp | None, end: pd.Timestamp | None, *,
                 parameter: str = "time") -> tuple[int, pd.Timestamp]:
    """(index, time) of the last step from start to end (None: open)."""
    times = cube.times
    values = times.values
    first = values[0] if start is None else pd.Timestamp(start).to_datetime64()
    last = values[-1] if end is None else pd.Timestamp(end).to_datetime64()
    inside = np.nonzero((values >= first) & (values <= last))[0]
    if inside.size == 0:
        raise InvalidParameter(
            f"no time step from {iso_time(first)} to {iso_time(last)}; the layer has "
            f"{iso_time(times[0])} to {iso_time(times[-1])}", parameter=parameter)
    return int(inside[-1]), times[int(inside[-1])]


# --------------------------------------------------------------------------- elevation
def elevation_values(cube: Cube) -> np.ndarray | None:
    return None if cube.z is None else np.asarray(cube.coord(cube.z), dtype="f8")


def elevation_units(cube: Cube) -> str:
    return str(cube.ds[cube.z].attrs.get("units", "m")) if cube.z else ""


def nearest_level(cube: Cube, wanted: float, *,
                  parameter: str = "elevation") -> tuple[int, float]:
    """(index, value) of the level nearest to a number within a level gap of the levels.
    A negative number on a positive-down depth axis means that depth."""
    levels = elevation_values(cube)
    if wanted < 0 and np.all(levels >= 0):
        wanted = -wanted
    lo, hi = float(np.min(levels)), float(np.max(levels))
    gap = float(np.max(np.diff(np.sort(levels)))) if levels.size > 1 else 1.0
    if wanted < lo - gap or wanted > hi + gap:
        raise InvalidParameter(
            f"elevation {format_number(wanted)} is outside the layer's levels "
            f"{format_number(lo)} to {format_number(hi)} {elevation_units(cube)}".rstrip(),
            parameter=parameter)
    index = int(np.argmin(np.abs(levels - wanted)))
    return index, float(levels[index])
