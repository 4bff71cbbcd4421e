"""Cross-cutting layers: WSGI middleware that every request passes before any front.

A layer is a class or factory `Layer(app) -> WSGI application` that does one thing for every
request whatever its protocol (request ids now; identity, quotas, metrics next) and then calls
the application it wraps. opendias.web.app lists them in LAYERS (dotted paths, outermost
first) and `wrap` applies them around the Dispatcher in one place, so a front mounted in
FRONTS is covered the day it is added.

A layer must:
- leave the answer's status and body to the fronts (a front words its protocol's errors);
  it may refuse a request itself (e.g. 401, 429) with a short answer of its own;
- pass the response through unbuffered: wrap `start_response` to add headers, and return the
  front's iterable (or a thin wrapper that forwards iteration and `close()`), so streamed
  downloads stay streamed and `wsgi.file_wrapper` stays sendfile;
- put what later layers and fronts need in the WSGI environ under `opendias.<name>`.
"""

from __future__ import annotations

from typing import Callable, Iterable

WSGIApp = Callable
Layer = Callable[[WSGIApp], WSGIApp]


def wrap(app: WSGIApp, layers: Iterable[Layer]) -> WSGIApp:
    """`app` inside `layers`, the first one outermost (it sees the request first and the
    response last)."""
    for layer in reversed(list(layers)):
        app = layer(app)
    return app
