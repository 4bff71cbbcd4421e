"""Times: ISO 8601 instants and intervals as naive UTC timestamps, and the one text form of
a time the service writes (`ISO_SECONDS`)."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from opendias.errors import InvalidParameter

ISO_SECONDS = "%Y-%m-%dT%H:%M:%SZ"  # how the service writes a UTC time everywhere
ISO_MICROSECONDS = "%Y-%m-%dT%H:%M:%S.%fZ"  # the same with microseconds (fixed width)

_DATE_ONLY = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_ISO_8601 = re.compile(r"^\d{4}(-\d{2}(-\d{2}([T ]\d{2}(:\d{2}(:\d{2}(\.\d+)?)?)?"
                       r"([Zz]|[+-]\d{2}(:?\d{2})?)?)?)?)?$")
# ISO 8601's expanded years: a sign, or more than four digits before a month
# (-0001, +10000, 99999-01-01; 20160301 is the basic format, refused as such)
_EXPANDED_YEAR = re.compile(r"^([+-]\d{4,}|\d{5,}(?=-))(-\d{2}.*)?$")
OPEN = ("..", "")


def iso_time(stamp) -> str:
    """A time as ISO 8601 UTC text (microseconds only when it has some)."""
    stamp = pd.Timestamp(stamp)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    if stamp.microsecond:
        return stamp.strftime(ISO_MICROSECONDS)
    return stamp.strftime(ISO_SECONDS)


def utc_now_text() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime(ISO_SECONDS)


def is_date_only(text: str) -> bool:
    """A year, month or day alone (which stands for all of it)."""
    return bool(_DATE_ONLY.match(str(text).strip().removeprefix("+")))


def _to_utc_naive(ts: pd.Timestamp) -> pd.Timestamp:
    return ts.tz_convert("UTC").tz_localize(None) if ts.tzinfo else ts


def parse_instant(text: str, end: bool = False, *,
                  parameter: str = "datetime") -> pd.Timestamp:
    """One ISO 8601 instant as a naive UTC timestamp. A year, month or day alone stands for
    its first moment, or with `end` its last (an interval's end includes all of it)."""
    text = str(text).strip()
    expanded = _EXPANDED_YEAR.match(text)
    if expanded:
        year = int(expanded.group(1))
        if not pd.Timestamp.min.year < year < pd.Timestamp.max.year:
            raise _outside(text, parameter)
        text = f"{year:04d}{expanded.group(2) or ''}"  # +2016-03-01 is 2016-03-01
    ts = None
    if _ISO_8601.match(text):
        try:
            ts = _to_utc_naive(pd.Timestamp(text))
        except (ValueError, TypeError, OverflowError):
            ts = None
    if ts is None or ts is pd.NaT:
        raise InvalidParameter(f"invalid {parameter} {text!r}: use ISO 8601, e.g. 2016-03-01 "
                               "or 2016-03-01T12:00:00Z", parameter=parameter)
    try:
        ts = ts.as_unit("ns")  # what the data's time axes hold
        if end and _DATE_ONLY.match(text):
            period = {4: "Y", 7: "M", 10: "D"}[len(text)]
            ts = pd.Period(text, freq=period).end_time.floor("us")
    except (ValueError, OverflowError):  # pandas' OutOfBoundsDatetime is a ValueError
        raise _outside(text, parameter) from None
    return ts


def _outside(text: str, parameter: str) -> InvalidParameter:
    return InvalidParameter(f"{parameter} {text!r} is outside the times this service "
                            f"handles ({pd.Timestamp.min:%Y-%m-%d} to "
                            f"{pd.Timestamp.max:%Y-%m-%d})", parameter=parameter)


def parse_interval(start: str | None, end: str | None, *, open_ends=OPEN,
                   parameter: str = "datetime") -> tuple[pd.Timestamp | None,
                                                        pd.Timestamp | None]:
    """(start, end) of an interval given by its two ends' texts; an end in `open_ends` (or
    None) is open. A start after the end is refused."""
    begin = None if start is None or start.strip() in open_ends \
        else parse_instant(start, end=False, parameter=parameter)
    finish = None if end is None or end.strip() in open_ends \
        else parse_instant(end, end=True, parameter=parameter)
    if begin is not None and finish is not None and begin > finish:
        raise InvalidParameter(f"{parameter} interval {start}/{end} ends before it starts "
                               "(start is after end)", parameter=parameter)
    return begin, finish


def parse_datetime(value, *, parameter: str = "datetime") -> tuple[pd.Timestamp | None,
                                                                   pd.Timestamp | None]:
    """(start, end) of an ISO 8601 instant or interval, as naive UTC timestamps; `..` or an
    empty side is an open end (`../..`: any time). A bare year, month or date as an instant
    means all of it."""
    if value is None or str(value).strip() == "":
        raise InvalidParameter(f"{parameter} is empty: give an instant or an interval "
                               "start/end (open ends as ..)", parameter=parameter)
    text = str(value).strip()
    if "/" in text:
        parts = [p.strip() for p in text.split("/")]
        if len(parts) != 2:
            raise InvalidParameter(f"invalid {parameter} interval {text!r}: use start/end",
                                   parameter=parameter)
        return parse_interval(parts[0], parts[1], parameter=parameter)
    if text == "..":
        raise InvalidParameter(f"{parameter} '..' alone is not an instant: use ../.. for "
                               "any time", parameter=parameter)
    start = parse_instant(text, end=False, parameter=parameter)
    end = parse_instant(text, end=True, parameter=parameter) if is_date_only(text) else start
    return start, end
