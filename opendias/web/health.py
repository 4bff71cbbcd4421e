"""`/health` and `/ready`: is the process alive, and can it serve.

- `/health` (liveness): the process answers; nothing else is checked, so a load balancer or
  an orchestrator restarts only a process that is really stuck.
- `/ready` (readiness): each dependency, checked at once and in parallel, within
  CHECK_TIMEOUT seconds:
  - `database`: the job database answers a query;
  - `dask`: the Dask scheduler is reachable, when one is configured (OPENDIAS_DASK_SCHEDULER)
    or the service's LocalCluster is running (none before the first job: not a failure);
  - `results`: a file can be written in the results folder.
  503 when one is not ready, naming it in `not_ready`.

Both answer JSON: `{"status", "checks": {name: {"status", "detail", "ms"}}}`, never cached.
A failed check says what failed in general words; the error itself goes to the log (it may
name hosts or paths).
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import wait as wait_futures

import sqlalchemy as sa

from opendias import __version__
from opendias.config import get_settings
from opendias.jobs import JobStore, scheduler_address
from opendias.jobs.cluster import reachable
from opendias.web.errors import ogc_exception_wsgi

LOGGER = logging.getLogger(__name__)

CHECK_TIMEOUT = 2.0  # seconds a check may take before it counts as not ready


class NotReady(Exception):
    """A dependency that does not serve, in words for the public answer."""


def check_database() -> str:
    try:
        with JobStore().engine.connect() as conn:
            conn.execute(sa.text("SELECT 1")).scalar()
    except Exception as err:
        LOGGER.warning("readiness: the job database does not answer: %s", err)
        raise NotReady(f"the job database does not answer ({type(err).__name__})") from err
    return "the job database answers"


def check_dask() -> str:
    configured = get_settings().dask_scheduler
    if configured:
        if not reachable(configured, timeout=1.0):
            LOGGER.warning("readiness: the Dask scheduler %s is not reachable", configured)
            raise NotReady("the configured Dask scheduler is not reachable")
        return "the configured Dask scheduler is reachable"
    if scheduler_address(start=False) is None:
        return "no LocalCluster running: one starts with the first job"
    return "the service's LocalCluster is reachable"


def check_results() -> str:
    folder = get_settings().results_dir
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".ready-") as probe:
            probe.write(b"ok")
            probe.flush()
    except OSError as err:
        LOGGER.warning("readiness: the results folder %s is not writable: %s", folder, err)
        raise NotReady(f"the results folder is not writable ({type(err).__name__})") from err
    return "the results folder is writable"


CHECKS = {"database": check_database, "dask": check_dask, "results": check_results}

_POOL: dict[int, ThreadPoolExecutor] = {}
_POOL_LOCK = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    """This process's check threads (a forked worker makes its own)."""
    pool = _POOL.get(os.getpid())
    if pool is None:
        with _POOL_LOCK:
            pool = _POOL.get(os.getpid())
            if pool is None:
                _POOL.clear()
                pool = _POOL[os.getpid()] = ThreadPoolExecutor(
                    max_workers=8, thread_name_prefix="opendias-ready")
    return pool


def _timed(check):
    started = time.perf_counter()
    try:
        state = {"status": "ok", "detail": check()}
    except NotReady as err:
        state = {"status": "failed", "detail": str(err)}
    except Exception as err:  # noqa: BLE001 - a check that broke is a check that failed
        LOGGER.exception("readiness check failed")
        state = {"status": "failed", "detail": f"the check failed ({type(err).__name__})"}
    state["ms"] = round((time.perf_counter() - started) * 1000, 3)
    return state


def readiness(timeout: float = CHECK_TIMEOUT) -> dict:
    """Every check's state; a check still running after `timeout` is not ready."""
    futures = {name: _pool().submit(_timed, check) for name, check in CHECKS.items()}
    wait_futures(futures.values(), timeout=timeout)
    checks = {}
    for name, future in futures.items():
        if future.done():
            checks[name] = future.result()
        else:
            checks[name] = {"status": "failed", "ms": round(timeout * 1000, 3),
                            "detail": f"no answer within {timeout:g} s"}
    not_ready = [name for name, state in checks.items() if state["status"] != "ok"]
    return {"status": "not ready" if not_ready else "ready", "not_ready": not_ready,
            "checks": checks}


def liveness() -> dict:
    started = time.perf_counter()
    return {"status": "ok", "version": __version__, "checks": {"process": {
        "status": "ok", "detail": f"process {os.getpid()} answers",
        "ms": round((time.perf_counter() - started) * 1000, 3)}}}


def _answer(start_response, environ, status: str, doc: dict):
    body = json.dumps(doc).encode()
    start_response(status, [("Content-Type", "application/json"),
                            ("Content-Length", str(len(body))),
                            ("Cache-Control", "no-store")])
    return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]


def app(environ, start_response):
    """WSGI application of /health and /ready."""
    method = environ.get("REQUEST_METHOD", "GET").upper()
    if method not in ("GET", "HEAD"):
        return ogc_exception_wsgi(start_response, 405, "MethodNotAllowed",
                                  "Method Not Allowed", f"{method} is not allowed here; use GET",
                                  [("Allow", "GET, HEAD")])
    if environ.get("PATH_INFO", "").rstrip("/") == "/health":
        return _answer(start_response, environ, "200 OK", liveness())
    doc = readiness()
    status = "200 OK" if doc["status"] == "ready" else "503 Service Unavailable"
    return _answer(start_response, environ, status, doc)
