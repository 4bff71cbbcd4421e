"""What a synchronous computation may spend: a deadline, and whoever asked for it still being
there. Watched at every dask task that the request's own thread computes.

A web worker computes a request in the request's thread with dask's synchronous scheduler.
`get` is that scheduler (set as dask's `scheduler` by the web application) with one addition:
while a `Budget` is active in the calling thread (`with budget.active():`), every task is
preceded by `Budget.check`, which raises `TimeLimitExceeded` past the deadline and
`ClientGone` when the `gone()` callable says the client hung up (asked at most every
`GONE_EVERY` seconds), so a computation stops within one task of either; `on_task()` is
called after each task (a counter of work done). Outside a budget `get` is the plain
synchronous scheduler. Callbacks are passed to dask per computation, not registered globally
(dask's global callbacks are swapped in and out by each computation, which is not safe with
several request threads).
"""

from __future__ import annotations

import contextlib
import contextvars
import time
from typing import Callable

from dask import local
from dask.callbacks import normalize_callback

from opendias.errors import ClientGone, TimeLimitExceeded

GONE_EVERY = 0.2  # seconds between two questions to `gone()`

_CURRENT: contextvars.ContextVar["Budget | None"] = contextvars.ContextVar(
    "opendias_budget", default=None)


class Budget:
    """A deadline `limit` seconds after its making (None: none), a `gone()` check of the
    client (None: never gone), and `on_task()` after each task (None: nothing)."""

    def __init__(self, limit: float | None, *, gone: Callable[[], bool] | None = None,
                 on_task: Callable[[], None] | None = None, hint: str = ""):
        self.limit = limit
        self.deadline = None if limit is None else time.monotonic() + limit
        self.gone = gone
        self.on_task = on_task
        self.hint = hint  # what the client can do instead, added to the time limit's message
        self.tasks = 0
        self.stopped: str | None = None  # why check() stopped it: "time_limit", "client_gone"
        self._asked = 0.0

    def remaining(self) -> float | None:
        return None if self.deadline is None else self.deadline - time.monotonic()

    def check(self) -> None:
        """Raise when the deadline has passed or the client is gone."""
        now = time.monotonic()
        if self.deadline is not None and now > self.deadline:
            self.stopped = "time_limit"
            raise TimeLimitExceeded(
                f"the request took longer than the time limit of {self.limit:g} s for "
                f"synchronous requests (OPENDIAS_SYNC_TIME_LIMIT) and was stopped"
                + (f"; {self.hint}" if self.hint else ""), limit=self.limit)
        if self.gone is not None and now - self._asked >= GONE_EVERY:
            self._asked = now
            if self.gone():
                self.stopped = "client_gone"
                raise ClientGone("the client closed the connection; the computation of its "
                                 "answer was stopped")

    def task_done(self) -> None:
        self.tasks += 1
        if self.on_task is not None:
            self.on_task()

    @contextlib.contextmanager
    def active(self):
        """This budget applies to what the current thread computes within the block."""
        token = _CURRENT.set(self)
        try:
            yield self
        finally:
            _CURRENT.reset(token)


def current() -> Budget | None:
    return _CURRENT.get()


def check() -> None:
    """Check the current budget, if any (between the pieces of a streamed answer)."""
    budget = _CURRENT.get()
    if budget is not None:
        budget.check()


def get(dsk, keys, **kwargs):
    """dask's synchronous scheduler, under the current thread's budget (see the module
    docstring)."""
    budget = _CURRENT.get()
    if budget is None:
        return local.get_sync(dsk, keys, **kwargs)
    budget.check()
    watch = (None, None, lambda key, dsk, state: budget.check(),
             lambda key, result, dsk, state, worker_id: budget.task_done(), None)
    callbacks = [*map(normalize_callback, kwargs.pop("callbacks", None) or ()), watch]
    return local.get_sync(dsk, keys, callbacks=callbacks, **kwargs)
