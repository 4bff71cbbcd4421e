"""Request ids: one id per request, in the WSGI environ, on every response, in every log
record written while the request is served.

The id is the client's `X-Request-Id` when it is sane (1 to 128 characters of
`A-Z a-z 0-9 . _ -`: safe in a header, a log line and a file name), otherwise a fresh uuid4 hex.
Fronts read it from `environ["opendias.request_id"]` (also `HTTP_X_REQUEST_ID`); the response
carries it in `X-Request-Id`, error answers and streamed bodies included; log records carry it
as `record.request_id` ("-" outside a request), for formats such as
`%(asctime)s %(request_id)s %(name)s %(message)s`.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import re
import sys
import uuid

from opendias.web.layers import WatchedBody, sent_by_server

LOGGER = logging.getLogger(__name__)

HEADER = "X-Request-Id"
ENVIRON_KEY = "opendias.request_id"
_SANE = re.compile(r"[A-Za-z0-9._-]{1,128}")
_CURRENT: contextvars.ContextVar[str | None] = contextvars.ContextVar("opendias_request_id",
                                                                     default=None)


def current_request_id() -> str | None:
    """The id of the request being served in this thread (None outside one)."""
    return _CURRENT.get()


def accepted_id(given: str | None) -> str:
    """The client's id if it is sane, else a new one."""
    if given is not None and _SANE.fullmatch(given):
        return given
    return uuid.uuid4().hex


def install_log_record_factory() -> None:
    """Give every log record a `request_id` attribute (once per process)."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "adds_request_id", False):
        return

    def record_with_request_id(*args, **kwargs):
        record = previous(*args, **kwargs)
        record.request_id = _CURRENT.get() or "-"
        return record

    record_with_request_id.adds_request_id = True
    logging.setLogRecordFactory(record_with_request_id)


class RequestIdLayer:
    """WSGI middleware: the request id of every request (see the module docstring)."""

    def __init__(self, app):
        self.app = app
        install_log_record_factory()

    def __call__(self, environ, start_response):
        request_id = accepted_id(environ.get("HTTP_X_REQUEST_ID"))
        environ[ENVIRON_KEY] = environ["HTTP_X_REQUEST_ID"] = request_id

        started = []

        def start_with_id(status, headers, exc_info=None):
            started.append(status)
            headers = [(k, v) for k, v in headers if k.lower() != "x-request-id"]
            headers.append((HEADER, request_id))
            return start_response(status, headers, exc_info)

        token = _CURRENT.set(request_id)
        try:
            body = self.app(environ, start_with_id)
        except Exception:
            # a front that let an error escape: still an answer that names the request
            LOGGER.exception("unhandled error serving %s %s", environ.get("REQUEST_METHOD"),
                             environ.get("PATH_INFO"))
            text = f"internal server error (request id {request_id})\n".encode()
            # (exc_info only when the front had started a response: PEP 3333 asks for it
            # then, and a server re-raises it if that response's headers were already sent)
            start_with_id("500 Internal Server Error",
                          [("Content-Type", "text/plain; charset=utf-8"),
                           ("Content-Length", str(len(text)))],
                          sys.exc_info() if started else None)
            return [text]
        finally:
            _CURRENT.reset(token)
        if sent_by_server(environ, body):
            return body  # the server sends the file itself (sendfile): nothing runs here
        # iterated and closed with the request's id current, so that log records written
        # while a streamed answer is produced carry it too
        return WatchedBody(body, context=lambda: _current(request_id), on_error=_streaming_error)


def _streaming_error(err: Exception) -> None:
    """A body that failed while streamed, logged with its traceback; not a ConnectionError,
    which a body raises to cut its own stream on purpose, having said why (sync_limits)."""
    if not isinstance(err, ConnectionError):
        LOGGER.exception("error while streaming the answer")


@contextlib.contextmanager
def _current(request_id: str):
    token = _CURRENT.set(request_id)
    try:
        yield
    finally:
        _CURRENT.reset(token)
