"""A request body in JSON (an OGC API - Processes execute request): UTF-8 text that parses,
nested no deeper than MAX_DEPTH, with integers Python can read."""

from __future__ import annotations

import json

from opendias.errors import InvalidParameter

MAX_DEPTH = 64  # arrays/objects inside one another; an execute request needs a handful


def parse_json_body(raw: bytes, *, parameter: str = "body", max_depth: int = MAX_DEPTH):
    """The JSON value of a request body (None when it is empty); InvalidParameter naming what
    is wrong: not UTF-8, not JSON, nested deeper than `max_depth`, an integer too long."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InvalidParameter(f"the request body is not UTF-8 text (byte {err.start} is "
                               "not valid UTF-8): JSON must be sent in UTF-8",
                               parameter=parameter) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        return None
    try:
        value = json.loads(text)
    except RecursionError:
        raise _too_deep(parameter, max_depth) from None
    except ValueError as err:
        if "integer string conversion" in str(err):
            raise InvalidParameter("the request body holds an integer of more than "
                                   "4300 digits: no input takes one", parameter=parameter
                                   ) from None
        raise InvalidParameter(f"the request body is not valid JSON: {err}",
                               parameter=parameter) from None
    if _depth(value) > max_depth:
        raise _too_deep(parameter, max_depth)
    return value


def _too_deep(parameter: str, max_depth: int) -> InvalidParameter:
    return InvalidParameter(f"the request body is nested more than {max_depth} levels deep "
                            "(arrays or objects inside one another)", parameter=parameter)


def _depth(value) -> int:
    """How many arrays/objects deep a JSON value goes (without recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        children = item.values() if isinstance(item, dict) else \
            item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in children)
    return deepest
