"""The job store: job records shared by every web worker and Dask worker, in one database
(SQLAlchemy: a SQLite file under $OPENDIAS_HOME by default, PostgreSQL when
OPENDIAS_DATABASE_URL says so). One engine per process and URL, made and migrated on first
use (opendias.jobs.schema); writes retried when the database says so; values cleaned so
that SQLite and PostgreSQL keep the same records."""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from pathlib import Path
from typing import Callable

import sqlalchemy as sa

from opendias.config import get_settings
from opendias.errors import OpendiasError
from opendias.jobs.schema import (ACCEPTED, FAILED, FINAL, JOBS, RUNNING, _MAX_LENGTH,
                                  now_text, upgrade_schema)

_ENGINES: dict[tuple[int, str], sa.Engine] = {}
_ENGINES_LOCK = threading.Lock()
_PARENT_POOLS: list = []


def _forget_engines_after_fork() -> None:
    """A forked child (gunicorn --preload, multiprocessing "fork") must not use the pooled
    connections of its parent: the two processes would talk over one socket. Each engine
    gets a new, empty pool (a JobStore made before the fork keeps working, on connections
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


def _normalise_url(url: str) -> sa.engine.URL:
    """postgres:// and postgresql:// without a driver mean psycopg (3), the driver of the
    `postgres` extra, when psycopg2 (SQLAlchemy's default) is not installed."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    parsed = sa.engine.make_url(url)
    if parsed.drivername == "postgresql":
        import importlib.util

        if (importlib.util.find_spec("psycopg2") is None
                and importlib.util.find_spec("psycopg") is not None):
            parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _engine(url: str) -> sa.Engine:
    key = (os.getpid(), url)
    engine = _ENGINES.get(key)
    if engine is not None:
        return engine
    with _ENGINES_LOCK:
        engine = _ENGINES.get(key)
        if engine is None:
            parsed = _normalise_url(url)
            if parsed.get_backend_name() == "sqlite":
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
            else:
                libpq = (parsed.get_backend_name() == "postgresql"
                         and parsed.get_driver_name() in ("psycopg", "psycopg2"))
                # every gunicorn worker and Dask worker process has its own small pool:
                # connections = processes x (pool_size + max_overflow) at most; checked
                # before use (a restarted server) and renewed hourly (idle timeouts)
                engine = sa.create_engine(parsed, pool_pre_ping=True, pool_size=5,
                                          max_overflow=10, pool_recycle=3600,
                                          pool_timeout=30)
                if libpq:
                    @sa.event.listens_for(engine, "do_connect")
                    def _libpq_params(_dialect, _record, _cargs, cparams):
                        # give up on an unreachable server instead of hanging a request;
                        # name the process (at connect time: a forked child is another
                        # process) in pg_stat_activity: who holds which connections
                        cparams.setdefault("connect_timeout", 10)
                        if "application_name" not in parsed.query:
                            cparams["application_name"] = f"opendias[{os.getpid()}]"
            upgrade_schema(engine)
            _ENGINES[key] = engine
    return engine


def _retry(fn: Callable, attempts: int = 5):
    """Try again when the database says so: SQLite's "database is locked" under many
    concurrent writers; PostgreSQL's serialization failure or deadlock (SQLSTATE 40001,
    40P01), or a connection lost (a restarted server) that the pool has now replaced."""
    for i in range(attempts):
        try:
            return fn()
        except sa.exc.DBAPIError as err:
            transient = (
                (isinstance(err, sa.exc.OperationalError) and "locked" in str(err).lower())
                or getattr(err.orig, "sqlstate", None) in ("40001", "40P01")
                or err.connection_invalidated)
            if not transient or i == attempts - 1:
                raise
            time.sleep(0.1 * (i + 1))


def _clean(values: dict) -> dict:
    """Values PostgreSQL accepts: no NUL character in text, no text longer than its
    column (SQLite takes both; the same cleaning keeps the two stores alike)."""
    for key, value in values.items():
        if isinstance(value, str):
            if "\x00" in value:
                value = value.replace("\x00", "")
            limit = _MAX_LENGTH.get(key)
            if limit and len(value) > limit:
                value = value[:limit - 1] + "\u2026"
            values[key] = value
    return values


class JobStore:
    """Job records shared by every web worker and Dask worker (one database)."""

    def __init__(self, url: str | None = None):
        self.url = url or get_settings().database_url
        self.engine = _engine(self.url)

    # rows as pygeoapi's job dictionaries
    @staticmethod
    def _as_dict(row) -> dict:
        job = dict(row._mapping)
        job["identifier"] = job["id"]
        job["type"] = "process"
        job["inputs"] = json.loads(job["inputs"] or "{}")
        job["result"] = json.loads(job["result"]) if job["result"] else None
        job["error"] = json.loads(job["error"]) if job["error"] else None
        return job

    def add(self, job_id: str, process_id: str, inputs: dict, *, origin: str = "ogcapi",
            mimetype: str = "application/json") -> dict:
        stamp = now_text()
        values = dict(id=job_id, process_id=process_id, status=ACCEPTED,
                      message="Job accepted, waiting for a Dask worker", progress=0,
                      inputs=json.dumps(inputs, default=str), created=stamp, started=None,
                      finished=None, updated=stamp, mimetype=mimetype, origin=origin)
        _clean(values)

        def run():
            with self.engine.begin() as conn:
                conn.execute(JOBS.insert().values(**values))
        _retry(run)
        return self.get(job_id)

    def get(self, job_id: str) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(JOBS.select().where(JOBS.c.id == job_id)).first()
        return self._as_dict(row) if row is not None else None

    def update(self, job_id: str, *, only_if_status: tuple[str, ...] | None = None,
               **values) -> bool:
        """Update a job; with only_if_status, only while its status is one of those (so a
        dismissed or already finished job is never overwritten)."""
        values.setdefault("updated", now_text())
        for key in ("result", "error", "inputs"):
            if key in values and not isinstance(values[key], (str, type(None))):
                values[key] = json.dumps(values[key], default=str)
        _clean(values)
        stmt = JOBS.update().where(JOBS.c.id == job_id)
        if only_if_status:
            stmt = stmt.where(JOBS.c.status.in_(only_if_status))

        def run():
            with self.engine.begin() as conn:
                return conn.execute(stmt.values(**values)).rowcount
        return bool(_retry(run))

    def delete(self, job_id: str) -> bool:
        def run():
            with self.engine.begin() as conn:
                return conn.execute(JOBS.delete().where(JOBS.c.id == job_id)).rowcount
        return bool(_retry(run))

    def status(self, job_id: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(JOBS.c.status).where(JOBS.c.id == job_id)).scalar()

    def list(self, *, status: list[str] | None = None, process_id: list[str] | None = None,
             limit: int | None = None, offset: int = 0) -> tuple[list[dict], int]:
        """Jobs, newest first, and how many match."""
        where = []
        if status:
            where.append(JOBS.c.status.in_(status))
        if process_id:
            where.append(JOBS.c.process_id.in_(process_id))
        count = sa.select(sa.func.count()).select_from(JOBS).where(*where)
        query = JOBS.select().where(*where).order_by(
            sa.func.coalesce(JOBS.c.started, JOBS.c.created).desc(), JOBS.c.id)
        if offset:
            query = query.offset(offset)
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            matched = conn.execute(count).scalar()
            rows = conn.execute(query).all()
        return [self._as_dict(r) for r in rows], int(matched)

    def unfinished(self) -> list[dict]:
        with self.engine.connect() as conn:
            rows = conn.execute(JOBS.select().where(JOBS.c.status.in_((ACCEPTED, RUNNING)))).all()
        return [self._as_dict(r) for r in rows]

    def finished_before(self, stamp: str) -> list[dict]:
        with self.engine.connect() as conn:
            rows = conn.execute(JOBS.select().where(JOBS.c.status.in_(FINAL),
                                                    JOBS.c.updated < stamp)).all()
        return [self._as_dict(r) for r in rows]

    # outcomes
    def fail(self, job_id: str, err: BaseException | str) -> bool:
        if isinstance(err, OpendiasError):
            message = f"{err.title}: {err.detail}"
            error = err.facts()
        else:
            message = str(err)
            error = {"status": 500, "code": "NoApplicableCode", "title": "Job failed",
                     "detail": message}
        return self.update(job_id, only_if_status=(ACCEPTED, RUNNING), status=FAILED,
                           message=message, error=error, finished=now_text())


def new_job_id() -> str:
    return uuid.uuid4().hex
