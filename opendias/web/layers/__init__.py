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


def sent_by_server(environ, body) -> bool:
    """Whether `body` is the server's own file wrapper (sendfile): a layer returns it
    untouched (nothing of the layer runs while the server sends it)."""
    file_wrapper = environ.get("wsgi.file_wrapper")
    return isinstance(file_wrapper, type) and isinstance(body, file_wrapper)


class WatchedBody:
    """A response body passed through unbuffered while a layer watches it: `on_chunk(chunk)`
    for each chunk, `on_end()` once, when the body is exhausted or when the server closes it
    (PEP 3333 servers always close, a client that hung up included), whichever comes first;
    `on_error(exc)` when producing a chunk fails (then the error goes on); every step runs
    inside `context()` when one is given (e.g. the request id made current)."""

    def __init__(self, body, *, on_chunk=None, on_end=None, on_error=None, context=None):
        self._body = body
        self._iter = None
        self._on_chunk, self._on_end, self._on_error = on_chunk, on_end, on_error
        self._context = context
        self._ended = False

    def __iter__(self):
        return self

    def _scope(self):
        from contextlib import nullcontext

        return self._context() if self._context is not None else nullcontext()

    def __next__(self):
        with self._scope():
            try:
                if self._iter is None:
                    self._iter = iter(self._body)
                chunk = next(self._iter)
            except StopIteration:
                self._end()
                raise
            except Exception as err:
                if self._on_error is not None:
                    self._on_error(err)
                raise
            if self._on_chunk is not None:
                self._on_chunk(chunk)
            return chunk

    def close(self):
        with self._scope():
            try:
                close = getattr(self._body, "close", None)
                if close is not None:
                    close()
            finally:
                self._end()

    def _end(self):
        if not self._ended:
            self._ended = True
            if self._on_end is not None:
                self._on_end()
