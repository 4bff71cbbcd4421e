"""A Data Stores request (the `request` of `cdsapi.Client.retrieve(name, request, target)`)
as the inputs of the subset operation (processes/subset.py), checked key by key: a key this
service does not know, a value it cannot serve or an impossible combination is an
InvalidParameter naming the key (a 400 the client prints).

| CDS key | subset input |
| --- | --- |
| variable (CDS names, opendias.web.cds.names) | variables |
| year, month, day, time (lists) | steps: exactly those time steps |
| date ("YYYY-MM-DD", "YYYY-MM-DD/YYYY-MM-DD") | datetime (whole days) |
| area [N, W, S, E] | bbox [W, S, E, N] |
| grid [dx, dy] | the dataset's own grid only |
| data_format (netcdf, grib; legacy `format`) | format netcdf, grib |
| download_format (unarchived) | one file |
| the dataset's cds_keys (product_type, type, model...) | nothing: checked against its values |
"""

from __future__ import annotations

import json
import math

from opendias.errors import InvalidParameter, MissingParameter

STEP_KEYS = ("year", "month", "day", "time")
COMMON_KEYS = ("variable", *STEP_KEYS, "date", "area", "grid", "data_format", "format",
               "download_format")
DATA_FORMATS = {"netcdf": "netcdf", "netcdf4": "netcdf", "nc": "netcdf", "grib": "grib",
                "grib2": "grib"}
DOWNLOAD_FORMATS = ("unarchived",)
NOT_WRITTEN = {"netcdf_zip": "zipped NetCDF",
               "netcdf.zip": "zipped NetCDF", "zip": "zip archives"}


def _bad(key: str, text: str) -> InvalidParameter:
    return InvalidParameter(f"invalid value for {key!r}: {text}", parameter=key)


def _list(value, key: str) -> list:
    values = value if isinstance(value, (list, tuple)) else [value]
    if not values or any(isinstance(v, (dict, list)) or v is None for v in values):
        raise _bad(key, f"give a value or a list of values, got {json.dumps(value)[:60]}")
    return list(values)


def _one(value, key: str) -> str:
    values = _list(value, key)
    if len(values) != 1:
        raise _bad(key, f"give one value, got {len(values)}")
    return str(values[0]).strip()


def _numbers(value, key: str, n: int) -> list[float]:
    values = value.split("/") if isinstance(value, str) else value
    if not isinstance(values, (list, tuple)) or len(values) != n:
        raise _bad(key, f"give {n} numbers, got {json.dumps(value)[:60]}")
    try:
        numbers = [float(v) for v in values]
    except (TypeError, ValueError):
        raise _bad(key, f"give {n} numbers, got {json.dumps(value)[:60]}") from None
    if not all(math.isfinite(v) for v in numbers):
        raise _bad(key, "numbers must be finite")
    return numbers


def _area(value) -> list[float]:
    north, west, south, east = _numbers(value, "area", 4)
    if not (-90 <= south <= 90 and -90 <= north <= 90):
        raise _bad("area", f"[N, W, S, E] latitudes must be within -90..90, got north "
                           f"{north:g} and south {south:g}")
    if south > north:
        raise _bad("area", f"[N, W, S, E] has its south ({south:g}) north of its north "
                           f"({north:g})")
    if not (-180 <= west <= 360 and -180 <= east <= 360):
        raise _bad("area", f"[N, W, S, E] longitudes must be within -180..360, got west "
                           f"{west:g} and east {east:g}")
    return [west, south, east, north]


def _date(value) -> str:
    from opendias.params import parse_datetime

    text = _one(value, "date")
    start, _, end = text.partition("/")
    period = f"{start.strip()}/{(end or start).strip()}"
    try:
        parse_datetime(period, parameter="date")
    except InvalidParameter as err:
        raise _bad("date", f"give YYYY-MM-DD or YYYY-MM-DD/YYYY-MM-DD ({err.detail})") from None
    return period


def _variables(value, cube, name: str) -> list[str]:
    from opendias.web.cds.names import variable_names, variables_of

    known = variable_names(cube)
    chosen = []
    for item in _list(value, "variable"):
        var = known.get(str(item).strip())
        if var is None:
            raise InvalidParameter(f"invalid value for 'variable': {item!r} is not a "
                                   f"variable of {name}; its variables are "
                                   f"{', '.join(variables_of(cube))}", parameter="variable")
        if var not in chosen:
            chosen.append(var)
    return chosen


def _data_format(request: dict) -> str:
    given = [k for k in ("data_format", "format") if k in request]
    if len(given) == 2:
        raise _bad("format", "give data_format only (format is its old name)")
    if not given:
        return "netcdf"
    key = given[0]
    text = _one(request[key], key).lower()
    if text in DATA_FORMATS:
        return DATA_FORMATS[text]
    if text in NOT_WRITTEN:
        raise _bad(key, f"this service does not write {NOT_WRITTEN[text]}: data_format may be "
                        "netcdf or grib (with download_format unarchived)")
    raise _bad(key, f"{text!r} is not a format of this service: data_format may be netcdf "
                    "or grib")


def _download_format(request: dict) -> None:
    if "download_format" in request:
        text = _one(request["download_format"], "download_format").lower()
        if text not in DOWNLOAD_FORMATS:
            raise _bad("download_format", f"{text!r} is not possible here: the result is one "
                                          "file, download_format may be unarchived")


def _grid(value, cube) -> None:
    dx, dy = (abs(v) for v in _numbers(value, "grid", 2))
    rx, ry = cube.resolution
    if not (math.isclose(dx, rx, abs_tol=1e-6) and math.isclose(dy, ry, abs_tol=1e-6)):
        raise _bad("grid", f"[{dx:g}, {dy:g}] is not possible: this dataset is served on its "
                           f"own grid, [{rx:g}, {ry:g}] (give that, or leave grid out)")


def _fixed(entry, request: dict) -> None:
    for key, allowed in entry.cds_keys.items():
        if key in request:
            for value in _list(request[key], key):
                if str(value).strip() not in allowed:
                    raise _bad(key, f"{value!r} is not available: {key} may be "
                                    f"{', '.join(allowed)}")


def subset_inputs(entry, cube, request) -> dict:
    """The subset operation's inputs of a CDS request on `entry`'s dataset (its open cube)."""
    if not isinstance(request, dict):
        raise InvalidParameter('the request must be a JSON object: {"inputs": {"variable": '
                               '[...], ...}}', parameter="inputs")
    known = (*COMMON_KEYS, *entry.cds_keys)
    unknown = [k for k in request if k not in known]
    if unknown:
        raise InvalidParameter(f"invalid request: unknown key {unknown[0]!r} for "
                               f"{entry.cds_name}; its keys are {', '.join(known)}",
                               parameter=unknown[0])
    if "variable" not in request:
        raise MissingParameter(f"the request needs 'variable': one or more of the variables "
                               f"of {entry.cds_name}", parameter="variable")
    _fixed(entry, request)
    inputs = {"dataset": entry.id, "variables": _variables(request["variable"], cube,
                                                            entry.cds_name),
              "format": _data_format(request)}
    _download_format(request)
    steps = {k: request[k] for k in STEP_KEYS if k in request}
    if "date" in request:
        clash = [k for k in ("year", "month", "day") if k in request]
        if clash:
            raise _bad("date", f"give either date or {'/'.join(clash)}, not both")
        inputs["datetime"] = _date(request["date"])
    if steps:
        for key, value in steps.items():
            _list(value, key)
        inputs["steps"] = steps
    if "area" in request:
        inputs["bbox"] = _area(request["area"])
    if "grid" in request:
        _grid(request["grid"], cube)
    return inputs
