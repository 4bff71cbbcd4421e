"""`subset`: the OGC API - Coverages axis grammar, `lat(40:46),time("2016-03-01":"2016-03-03"),
depth(5)`, given once or repeated."""

from __future__ import annotations

import math
import re

from opendias.errors import InvalidParameter

_ITEM = re.compile(r'\s*([\w.-]+)\s*\(([^)]*)\)\s*')


def parse_subset(value, *, parameter: str = "subset") -> dict[str, tuple]:
    """{axis: (low, high)} or {axis: (value,)}; values are strings, quotes removed. An axis
    given twice, an empty bound or more than two bounds are refused."""
    texts = value if isinstance(value, (list, tuple)) else [value]
    result: dict[str, tuple] = {}
    for text in texts:
        text = str(text)
        pos = 0
        while pos < len(text):
            m = _ITEM.match(text, pos)
            if not m:
                raise InvalidParameter(f"invalid {parameter} {text!r}: use axis(low:high) or "
                                       "axis(value), comma-separated", parameter=parameter)
            axis, body = m.group(1), m.group(2)
            values = tuple(v.strip().strip('"\'') for v in _split_bounds(body))
            if len(values) > 2 or any(v == "" for v in values):
                raise InvalidParameter(f"invalid {parameter} for axis {axis!r}: {body!r}",
                                       parameter=parameter)
            if axis in result:
                raise InvalidParameter(f"axis {axis!r} subset twice", parameter=parameter)
            result[axis] = values
            pos = m.end()
            if pos < len(text):
                if text[pos] != ",":
                    raise InvalidParameter(f"invalid {parameter} {text!r}",
                                           parameter=parameter)
                pos += 1
    return result


def _split_bounds(body: str) -> list[str]:
    """The bounds of one axis, split at the colons outside quotes (a quoted time such as
    "2016-03-01T12:00:00Z" holds colons of its own); unquoted times with colons are read
    whole when they do not split into two bounds that parse as numbers or times."""
    parts, current, quote = [], "", None
    for ch in body:
        if quote:
            current += ch
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
            current += ch
        elif ch == ":":
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    if len(parts) > 2 and not any(q in body for q in "\"'"):
        # time(2016-03-01T12:00:00Z) or time(2016-03-01T00:00Z:2016-03-02T00:00Z)
        parts = _split_unquoted_times(body) or parts
    return parts


def _split_unquoted_times(body: str) -> list[str] | None:
    from opendias.params.time import parse_instant

    candidates = [[body]] + [[body[:i], body[i + 1:]] for i, ch in enumerate(body)
                             if ch == ":"]
    for pieces in candidates:
        try:
            for piece in pieces:
                if piece.strip() not in ("..", "*"):
                    parse_instant(piece)
            return pieces
        except InvalidParameter:
            continue
    return None


def parse_number(value, *, parameter: str = "subset", axis: str | None = None) -> float:
    """A finite number (a coordinate on an axis: a depth, a longitude...); NaN, infinities
    and numbers beyond the float range (1e999) are refused."""
    where = f" on {axis!r}" if axis else ""
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise InvalidParameter(f"{parameter}{where} needs numbers, got {value!r}",
                               parameter=parameter) from None
    if not math.isfinite(number):
        raise InvalidParameter(f"{parameter}{where} needs finite numbers, got {value!r}",
                               parameter=parameter)
    return number


def parse_z(value, *, parameter: str = "z") -> tuple[float, ...]:
    """EDR `z`: one level (`10`) as (value,) or an interval `low/high` as (low, high)."""
    text = str(value).strip()
    if "/" in text:
        low, high = (parse_number(v, parameter=parameter) for v in text.split("/", 1))
        if low > high:
            raise InvalidParameter(f"{parameter} interval {text!r} is inverted (low > high)",
                                   parameter=parameter)
        return low, high
    levels = [p for p in text.split(",") if p.strip()]
    if len(levels) != 1:
        raise InvalidParameter(f"{parameter} takes one level or an interval low/high",
                               parameter=parameter)
    return (parse_number(levels[0], parameter=parameter),)
