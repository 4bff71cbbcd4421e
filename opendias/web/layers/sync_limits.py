"""Limits of synchronous work, so that no request starves the service: a time limit on what
a request computes, a number of heavy requests computed at once in each gunicorn worker, and
a computation stopped when its client hangs up.

- Every request runs under a budget (opendias.operations.budget): its deadline is
  OPENDIAS_SYNC_TIME_LIMIT seconds after it arrives; its client is gone when the connection's
  socket (gunicorn's `environ["gunicorn.socket"]`) is closed by the peer, seen by polling it
  without reading. The budget is active while the front is called and while each piece of its
  body is produced (a streamed body is produced after the front returns): every dask task
  then checks it, and counts in `opendias_sync_tasks_total`.
- A front about to compute a heavy answer (coverage/EDR data of more than
  OPENDIAS_SYNC_HEAVY_CELLS cells, default 1,000,000) calls `take_heavy_slot`: one of
  the OPENDIAS_SYNC_CONCURRENCY slots of this worker, taken without waiting; when none is
  free, `Busy` (503, Retry-After) which the front words in its protocol. A worker has
  OPENDIAS_THREADS threads and at most threads - 1 slots, so cheap requests (`/`,
  `/conformance`, WMS tiles, job status) always find a thread. The slot is given back when
  the answer's body ends: complete, failed, or closed by the server after the client hung up.
  A client that stops reading cannot hold a slot past the deadline either: its connection is
  shut then (the server's blocked send fails as a broken pipe).
- Metrics: `opendias_sync_tasks_total` (dask tasks computed for synchronous answers),
  `opendias_sync_heavy_in_progress` (slots in use), `opendias_sync_busy_total` (heavy requests
  refused), `opendias_sync_stopped_total{reason}` (computations stopped: `time_limit`,
  `client_gone`).
"""

from __future__ import annotations

import errno
import logging
import select
import socket
import threading

from prometheus_client import Counter, Gauge

from opendias.config import get_settings
from opendias.errors import Busy
from opendias.operations.budget import Budget
from opendias.web.layers import WatchedBody, sent_by_server

LOGGER = logging.getLogger(__name__)
LIMITS_KEY = "opendias.sync_limits"
BUSY_RETRY_AFTER = 10  # seconds: heavy answers usually take that long or more
CUT_GRACE = 1.0  # seconds after the deadline a connection whose client stopped reading is shut

TASKS = Counter("opendias_sync_tasks", "Dask tasks computed for synchronous answers")
HEAVY = Gauge("opendias_sync_heavy_in_progress", "Heavy synchronous requests computing now",
              multiprocess_mode="livesum")
BUSY = Counter("opendias_sync_busy", "Heavy synchronous requests refused: every slot in use")
STOPPED = Counter("opendias_sync_stopped", "Synchronous computations stopped, by reason",
                  ("reason",))



class StreamCut(BrokenPipeError):
    """Raised by a streamed body that stops on purpose after its status was sent (e.g. at
    the time limit; it has logged why): a server closes the connection on a broken pipe
    without the last chunk, so the client sees an incomplete answer, and logs it quietly
    (gunicorn: at debug level)."""

    def __init__(self, reason: str):
        super().__init__(errno.EPIPE, f"stream cut: {reason}")


_SLOTS: dict[int, threading.BoundedSemaphore] = {}
_SLOTS_LOCK = threading.Lock()


def _slots(count: int) -> threading.BoundedSemaphore:
    """This worker's heavy slots (one set per configured count)."""
    with _SLOTS_LOCK:
        return _SLOTS.setdefault(count, threading.BoundedSemaphore(count))


def client_gone(environ):
    """A check that the client of this request closed its connection, or None when the
    server gives no socket (then the client is never seen gone)."""
    sock = environ.get("gunicorn.socket")
    if not isinstance(sock, socket.socket):
        return None

    def gone() -> bool:
        try:
            if sock.fileno() < 0:
                return True
            poller = select.poll()
            poller.register(sock, select.POLLIN | select.POLLRDHUP)
            if not poller.poll(0):
                return False  # nothing to read: still connected
            return sock.recv(1, socket.MSG_PEEK) == b""  # readable: returns at once
        except (ConnectionError, TimeoutError, BlockingIOError):
            return True
        except (OSError, ValueError):  # e.g. a TLS socket: cannot tell
            return False
    return gone


class _Limits:
    """One request's budget and heavy slot."""

    def __init__(self, environ, budget: Budget, slots: threading.BoundedSemaphore,
                 concurrency: int):
        self.environ, self.budget, self.slots = environ, budget, slots
        self.concurrency = concurrency
        self.held = False
        self.ended = False
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()  # the deadline's timer against the answer's end

    def take(self, hint: str) -> None:
        self.budget.hint = hint
        if self.held:
            return
        if not self.slots.acquire(blocking=False):
            BUSY.inc()
            raise Busy(f"the service is computing as many large synchronous answers as it "
                       f"takes at once ({self.concurrency} per worker process, "
                       f"OPENDIAS_SYNC_CONCURRENCY); ask again in {BUSY_RETRY_AFTER} s"
                       + (f", {hint}" if hint else ""),
                       retry_after=BUSY_RETRY_AFTER)
        self.held = True
        HEAVY.inc()
        sock, remaining = self.environ.get("gunicorn.socket"), self.budget.remaining()
        if isinstance(sock, socket.socket) and remaining is not None:
            # a client that stops reading blocks the server's send, where no budget is
            # checked: its connection is shut at the deadline (and a little more)
            self._timer = threading.Timer(remaining + CUT_GRACE, self._cut, (sock,))
            self._timer.daemon = True
            self._timer.start()

    def _cut(self, sock: socket.socket) -> None:
        with self._lock:
            if self.ended:
                return
            self.budget.stopped = "time_limit"
            LOGGER.warning("a client stopped reading its answer: connection closed at the "
                           "time limit (%s %s)", self.environ.get("REQUEST_METHOD"),
                           self.environ.get("PATH_INFO"))
            try:
                sock.shutdown(socket.SHUT_RDWR)  # the blocked send fails: a broken pipe
            except OSError:
                pass

    def end(self) -> None:
        with self._lock:
            if self.ended:
                return
            self.ended = True
        if self._timer is not None:
            self._timer.cancel()
        if self.held:
            self.held = False
            HEAVY.dec()
            self.slots.release()
        if self.budget.stopped:
            STOPPED.labels(self.budget.stopped).inc()


def take_heavy_slot(environ, hint: str = "", cells: int | None = None) -> None:
    """Take one of this worker's heavy slots for the request, or raise Busy (503 with
    `retry_after`); `hint` (what the client can do instead, e.g. "narrow it, or run it as a
    job: ...") is added to that message and to the time limit's. An answer of `cells` cells
    at most OPENDIAS_SYNC_HEAVY_CELLS is not heavy: it takes no slot (it is computed in a
    fraction of a second; the time limit still applies). Without the layer (a bare front): no
    limit."""
    if cells is not None and cells <= get_settings().sync_heavy_cells:
        return
    limits = environ.get(LIMITS_KEY)
    if limits is not None:
        limits.take(hint)


class SyncLimitLayer:
    """WSGI middleware: the budget and the heavy slot of every request (module docstring)."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        settings = get_settings()
        budget = Budget(settings.sync_time_limit or None, gone=client_gone(environ),
                        on_task=TASKS.inc)
        limits = _Limits(environ, budget, _slots(settings.sync_concurrency),
                         settings.sync_concurrency)
        environ[LIMITS_KEY] = limits
        try:
            with budget.active():
                body = self.app(environ, start_response)
        except BaseException:
            limits.end()
            raise
        if sent_by_server(environ, body):
            limits.end()  # the server sends a finished file: nothing is computed any more
            return body
        return WatchedBody(body, context=budget.active, on_end=limits.end)
