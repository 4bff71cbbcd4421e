"""Engines: one per process and URL, made and migrated on first use (SQLite pragmas,
PostgreSQL pool settings), renewed in a forked child."""

from __future__ import annotations

import importlib.util
import os
import threading
from pathlib import Path

import sqlalchemy as sa

from opendias.database.migrate import upgrade_schema

_ENGINES: dict[tuple[int, str], sa.Engine] = {}
_ENGINES_LOCK = threading.Lock()
_PARENT_POOLS: list = []


def _forget_engines_after_fork() -> None:
    """A forked child (gunicorn --preload, multiprocessing "fork") must not use the pooled
    connections of its parent: the two processes would talk over one socket. Each engine
    gets a new, empty pool (a store made before the fork keeps working, on connections
    of the child's own). The old pools are kept, never closed nor garbage collected here:
    closing a connection (psycopg2 does when collected) would end the parent's session."""
    for engine in list(_ENGINES.values()):
        try:
            _PARENT_POOLS.append(engine.pool)
            engine.dispose(close=False)
        except Exception:  # noqa: BLE001 - never break a fork
            pass
    global _ENGINES_LOCK
    _ENGINES_LOCK = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_engines_after_fork)


def normalise_url(url: str) -> sa.engine.URL:
    """postgres:// and postgresql:// without a driver mean psycopg (3), the driver of the
    `postgres` extra, when psycopg2 (SQLAlchemy's default) is not installed."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    parsed = sa.engine.make_url(url)
    if parsed.drivername == "postgresql":
        if (importlib.util.find_spec("psycopg2") is None
                and importlib.util.find_spec("psycopg") is not None):
            parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _sqlite_engine(parsed: sa.engine.URL) -> sa.Engine:
    path = parsed.database
    if path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(parsed, connect_args={"timeout": 60,
                                                    "check_same_thread": False})

    @sa.event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()
    return engine


def _server_engine(parsed: sa.engine.URL) -> sa.Engine:
    libpq = (parsed.get_backend_name() == "postgresql"
             and parsed.get_driver_name() in ("psycopg", "psycopg2"))
    # every gunicorn worker and Dask worker process has its own small pool:
    # connections = processes x (pool_size + max_overflow) at most; checked
    # before use (a restarted server) and renewed hourly (idle timeouts)
    engine = sa.create_engine(parsed, pool_pre_ping=True, pool_size=5, max_overflow=10,
                              pool_recycle=3600, pool_timeout=30)
    if libpq:
        @sa.event.listens_for(engine, "do_connect")
        def _libpq_params(_dialect, _record, _cargs, cparams):
            # give up on an unreachable server instead of hanging a request;
            # name the process (at connect time: a forked child is another
            # process) in pg_stat_activity: who holds which connections
            cparams.setdefault("connect_timeout", 10)
            if "application_name" not in parsed.query:
                cparams["application_name"] = f"opendias[{os.getpid()}]"
    return engine


def engine(url: str) -> sa.Engine:
    """The engine of `url` in this process, its database migrated to the latest revision
    the first time."""
    key = (os.getpid(), url)
    found = _ENGINES.get(key)
    if found is not None:
        return found
    with _ENGINES_LOCK:
        found = _ENGINES.get(key)
        if found is None:
            parsed = normalise_url(url)
            if parsed.get_backend_name() == "sqlite":
                found = _sqlite_engine(parsed)
            else:
                found = _server_engine(parsed)
            upgrade_schema(found)
            _ENGINES[key] = found
    return found
