"""Time steps chosen by calendar fields: `{"year": [2020], "month": [1], "day": [1, 2],
"time": ["00:00", "12:00"]}` keeps exactly the time steps whose year, month, day and time of
day are each one of those given (a field left out matches every step). The Data Stores'
request keys (year, month, day, time) mean this; so may any front's. Values may be numbers
or their text ("01"); a time is "HH:MM" (or an hour alone); a single value may stand
without its list. The JSON text of the object is accepted too (WPS)."""

from __future__ import annotations

import json
import re

from opendias.errors import InvalidParameter

FIELDS = {"year": (1, 9999), "month": (1, 12), "day": (1, 31)}
_TIME = re.compile(r"^(\d{1,2})(?::(\d{2}))?(?::00)?$")


def _values(value, field: str, parameter: str) -> list:
    values = value if isinstance(value, (list, tuple)) else [value]
    if not values:
        raise InvalidParameter(f"{parameter} {field} is empty: give one or more values",
                               parameter=field)
    return list(values)


def _integer(value, field: str, parameter: str) -> int:
    lo, hi = FIELDS[field]
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit() or not lo <= int(text) <= hi:
        raise InvalidParameter(f"{parameter} {field} must hold integers {lo}..{hi}, got "
                               f"{json.dumps(value)[:40]}", parameter=field)
    return int(text)


def _time(value, parameter: str) -> tuple[int, int]:
    text = f"{value}" if isinstance(value, int) and not isinstance(value, bool) else value
    match = _TIME.match(text.strip()) if isinstance(text, str) else None
    hour, minute = (int(match.group(1)), int(match.group(2) or 0)) if match else (99, 99)
    if hour > 23 or minute > 59:
        raise InvalidParameter(f"{parameter} time must hold times of day HH:MM (00:00.."
                               f"23:59), got {json.dumps(value)[:40]}", parameter="time")
    return hour, minute


def parse_steps(value, *, parameter: str = "steps") -> dict[str, frozenset]:
    """{field: the values it keeps} of the fields given (see the module docstring); an
    empty dict when nothing is given."""
    if value is None or value == "" or value == {}:
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise InvalidParameter(f"{parameter} must be a JSON object of year, month, day "
                                   "and time lists", parameter=parameter) from None
    if not isinstance(value, dict):
        raise InvalidParameter(f"{parameter} must be an object of year, month, day and time "
                               f"lists, got {json.dumps(value)[:60]}", parameter=parameter)
    unknown = [k for k in value if k not in (*FIELDS, "time")]
    if unknown:
        raise InvalidParameter(f"{parameter} has no field {unknown[0]!r}: its fields are "
                               "year, month, day and time", parameter=unknown[0])
    out: dict[str, frozenset] = {}
    for field, given in value.items():
        values = _values(given, field, parameter)
        if field == "time":
            out[field] = frozenset(_time(v, parameter) for v in values)
        else:
            out[field] = frozenset(_integer(v, field, parameter) for v in values)
    return out


def steps_text(steps: dict[str, frozenset]) -> str:
    """The fields of parsed steps, for messages: "year 2020, month 1, time 00:00, 06:00"."""
    parts = []
    for field in (*FIELDS, "time"):
        if field in steps:
            shown = sorted(steps[field])
            text = ", ".join(f"{h:02d}:{m:02d}" for h, m in shown) if field == "time" \
                else ", ".join(map(str, shown))
            parts.append(f"{field} {text}")
    return "; ".join(parts)
