"""OGC API - Coverages scaling: `scale-size=Lon(256),Lat(128)` (GDAL sends `scaleSize=`),
`scale-axes=Lon(2),Lat(2)`, `scale-factor=2`, and `width`/`height`. One way at a time."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from opendias.errors import InvalidParameter

MAX_SCALE_SIZE = 16384  # cells along one axis
_AXIS_VALUE = re.compile(r"^\s*([A-Za-z_][\w.-]*)\s*\(\s*([^()]+?)\s*\)\s*$")


@dataclass(frozen=True)
class Scaling:
    """sizes: {axis name as given: cells}; factors: {axis: factor} (scale-factor: under
    the name "*", every horizontal axis)."""
    sizes: dict = field(default_factory=dict)
    factors: dict = field(default_factory=dict)


def _pairs(text: str, parameter: str) -> list[tuple[str, str]]:
    out = []
    for part in re.split(r",(?![^()]*\))", text):
        match = _AXIS_VALUE.match(part)
        if not match:
            raise InvalidParameter(f"invalid {parameter} {text!r}: expected axis(value) "
                                   "pairs, e.g. Lon(256),Lat(128)", parameter=parameter)
        out.append((match.group(1), match.group(2)))
    return out


def _size(text: str, parameter: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise InvalidParameter(f"{parameter}: {text!r} is not a whole number of cells",
                               parameter=parameter) from None
    if not 1 <= value <= MAX_SCALE_SIZE:
        raise InvalidParameter(f"{parameter}: {value} cells; give 1 to {MAX_SCALE_SIZE}",
                               parameter=parameter)
    return value


def _factor(text: str, parameter: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise InvalidParameter(f"{parameter}: {text!r} is not a positive number",
                               parameter=parameter)
    return value


def parse_scaling(args) -> Scaling | None:
    """The scaling a request asks for (a mapping of its query parameters), else None."""
    given = [k for k in ("scale-size", "scaleSize", "scale-axes", "scale-factor")
             if args.get(k)]
    sized = [k for k in ("width", "height") if args.get(k)]
    if len(given) + bool(sized) > 1:
        raise InvalidParameter(f"give one way of scaling, not {', '.join(given + sized)}",
                               parameter=given[0])
    if sized:
        return Scaling(sizes={k: _size(args[k], k) for k in sized})
    if not given:
        return None
    name = given[0]
    if name == "scale-factor":
        return Scaling(factors={"*": _factor(args[name], name)})
    pairs = _pairs(args[name], name)
    if name == "scale-axes":
        return Scaling(factors={a: _factor(v, name) for a, v in pairs})
    return Scaling(sizes={a: _size(v, name) for a, v in pairs})
