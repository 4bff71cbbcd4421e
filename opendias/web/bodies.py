"""A request's body for the layers and fronts that look at it before the front that answers
(the access layer reads an execution's datasets, the processes front checks its JSON, then
pygeoapi or PyWPS read it): read once, put back as a fresh `wsgi.input`, and parsed once,
all memoised in the environ."""

from __future__ import annotations

import io

from opendias.params import parse_json_body

_RAW, _JSON = "opendias.body", "opendias.body_json"


def request_body(environ) -> bytes:
    """The body's bytes (read once; the front reads the same bytes again)."""
    cached = environ.get(_RAW)
    if cached is not None:
        return cached
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    stream = environ["wsgi.input"]
    raw = stream.read(length) if length > 0 else stream.read()
    environ["wsgi.input"] = io.BytesIO(raw)
    environ["CONTENT_LENGTH"] = str(len(raw))
    environ[_RAW] = raw
    return raw


def json_body(environ):
    """The body's JSON value (None when empty), parsed once by opendias.params'
    parse_json_body; its InvalidParameter raised again on every call."""
    if _JSON not in environ:
        try:
            environ[_JSON] = (parse_json_body(request_body(environ)), None)
        except Exception as err:  # noqa: BLE001 - kept to raise again, whatever it is
            environ[_JSON] = (None, err)
    value, error = environ[_JSON]
    if error is not None:
        raise error
    return value
