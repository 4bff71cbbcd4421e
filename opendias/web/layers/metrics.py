"""Request metrics and the access log: every request counted (Prometheus) and written as one
JSON line, by the layer that wraps every front.

What is counted (prometheus_client; in gunicorn, its multiprocess mode: `opendias serve` sets
PROMETHEUS_MULTIPROC_DIR before a worker imports it, see opendias.web.monitoring):
- `opendias_http_requests_total{front, method, status}`
- `opendias_http_request_duration_seconds{front, method, status}` (histogram): from the
  request to the last byte of its answer
- `opendias_http_response_bytes_total{front}`: body bytes, counted as the body streams
- `opendias_quota_refusals_total{quota, plan}`: requests refused with 429 for a spent quota
  (the access layer says which in environ["opendias.quota_refused"])

`front` is the name the Dispatcher gave the request's front (environ["opendias.front"]: e.g.
`coverages`, `wms`, `pygeoapi`), or "none" when a layer answered it without a front.

The access log is the logger `opendias.access` (INFO): one JSON object per request, written
when its answer is complete: `time` (its start, UTC), `request_id`, `user` (the name of
environ["opendias.user"] when identity knows it, else null), `method`, `path`, `front`,
`status`, `duration_ms`, `bytes`. `opendias serve` sends it to stderr or OPENDIAS_ACCESS_LOG.

The body is not buffered: iteration is forwarded chunk by chunk and counted on the way; a
`wsgi.file_wrapper` answer is returned untouched (the server sends it by sendfile) and counted
when the front returns it, its bytes being its Content-Length.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time

from prometheus_client import Counter, Histogram

from opendias.web.layers import WatchedBody, sent_by_server

ACCESS_LOG = logging.getLogger("opendias.access")
FRONT_KEY = "opendias.front"
USER_KEY = "opendias.user"
REQUEST_ID_KEY = "opendias.request_id"
NO_FRONT = "none"

_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
_LABELS = ("front", "method", "status")

REQUESTS = Counter("opendias_http_requests", "HTTP requests answered, by front, method and "
                   "status", _LABELS)
DURATION = Histogram("opendias_http_request_duration_seconds", "Time from a request to the "
                     "last byte of its answer, by front, method and status", _LABELS,
                     buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
                              120, 300))
BYTES = Counter("opendias_http_response_bytes", "Bytes of answer bodies served, by front",
                ("front",))
QUOTA_REFUSALS = Counter("opendias_quota_refusals", "Requests refused because a quota of the "
                         "user's plan was spent (429), by quota and plan", ("quota", "plan"))
# what the access layer (opendias.web.layers.access) puts in the environ when it refuses a
# request for a spent quota: (quota, plan)
QUOTA_REFUSED_KEY = "opendias.quota_refused"


class _Request:
    """What is known of one request until its answer is complete; `finish` counts it and
    writes its access log line (once)."""

    def __init__(self, environ):
        self.environ = environ
        self.wall = time.time()
        self.started = time.perf_counter()
        self.status = "500"  # unless the front starts an answer
        self.length = None
        self.bytes = 0
        self.done = False

    def count(self, chunk: bytes) -> None:
        self.bytes += len(chunk)

    def finish(self) -> None:
        if self.done:
            return
        self.done = True
        environ = self.environ
        seconds = time.perf_counter() - self.started
        method = environ.get("REQUEST_METHOD", "GET").upper()
        method = method if method in _METHODS else "other"
        front = environ.get(FRONT_KEY) or NO_FRONT
        REQUESTS.labels(front, method, self.status).inc()
        DURATION.labels(front, method, self.status).observe(seconds)
        if self.bytes:
            BYTES.labels(front).inc(self.bytes)
        refused = environ.get(QUOTA_REFUSED_KEY)
        if refused:
            QUOTA_REFUSALS.labels(*refused).inc()
        if ACCESS_LOG.isEnabledFor(logging.INFO):
            user = environ.get(USER_KEY)  # read now: identity sets it while serving
            stamp = dt.datetime.fromtimestamp(self.wall, dt.timezone.utc)
            ACCESS_LOG.info(json.dumps({
                "time": stamp.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                "request_id": environ.get(REQUEST_ID_KEY),
                "user": getattr(user, "name", None) if user is not None else None,
                "method": environ.get("REQUEST_METHOD"),
                "path": environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""),
                "front": front,
                "status": int(self.status) if self.status.isdigit() else self.status,
                "duration_ms": round(seconds * 1000, 3),
                "bytes": self.bytes,
            }, ensure_ascii=False))


class MetricsLayer:
    """WSGI middleware: counts every request and logs it (see the module docstring)."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        request = _Request(environ)

        def start_counted(status, headers, exc_info=None):
            request.status = status.split(" ", 1)[0]
            request.length = next((v for k, v in headers if k.lower() == "content-length"),
                                  None)
            write = start_response(status, headers, exc_info)

            def counted_write(data):  # the legacy write() of PEP 3333
                request.bytes += len(data)
                return write(data)
            return counted_write

        try:
            body = self.app(environ, start_counted)
        except BaseException:
            request.status = "500"  # the request id layer answers it
            request.finish()
            raise
        if sent_by_server(environ, body):
            if environ.get("REQUEST_METHOD") != "HEAD" and (request.length or "").isdigit():
                request.bytes = int(request.length)
            request.finish()
            return body  # the server sends the file itself (sendfile): nothing runs here
        return WatchedBody(body, on_chunk=request.count, on_end=request.finish)
