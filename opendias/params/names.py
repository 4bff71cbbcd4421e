"""Lists of names: `properties`, `parameter-name`, `status`, `processID`... given
comma-separated, repeated, or both."""

from __future__ import annotations

from opendias.errors import InvalidParameter


def parse_names(value, *, parameter: str, empty_ok: bool = False) -> list[str] | None:
    """The names of a list parameter, in order and without repeats: "a,b", ["a", "b,c"]
    (a repeated parameter) or a JSON list; None when the parameter is absent. Given but
    empty is refused, unless `empty_ok` (then it is None, as if absent)."""
    if value is None:
        return None
    pieces = [value] if isinstance(value, str) else list(value)
    names: list[str] = []
    for piece in pieces:
        for name in str(piece).split(","):
            name = name.strip()
            if name and name not in names:
                names.append(name)
    if not names:
        if empty_ok:
            return None
        raise InvalidParameter(f"{parameter} is empty: give one or more names, "
                               "comma-separated", parameter=parameter)
    return names
