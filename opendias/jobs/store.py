"""The job store: job records shared by every web worker and Dask worker, in the service's
one database (opendias.database: a SQLite file under $OPENDIAS_HOME by default, PostgreSQL
when OPENDIAS_DATABASE_URL says so; one engine per process and URL, migrated on first use;
writes retried when the database says so; values cleaned so that SQLite and PostgreSQL keep
the same records)."""

from __future__ import annotations

import json
import uuid

import sqlalchemy as sa

from opendias import database
from opendias.config import get_settings
from opendias.errors import OpendiasError
from opendias.jobs.schema import ACCEPTED, FAILED, FINAL, JOBS, RUNNING, now_text

# `JobStore.list(owner=EVERY_OWNER)`: every job, whoever submitted it (an operator's listing)
EVERY_OWNER = object()


class JobStore:
    """Job records shared by every web worker and Dask worker (one database)."""

    def __init__(self, url: str | None = None):
        self.url = url or get_settings().database_url
        self.engine = database.engine(self.url)

    # rows as pygeoapi's job dictionaries
    @staticmethod
    def _as_dict(row) -> dict:
        job = dict(row._mapping)
        job["identifier"] = job["id"]
        job["type"] = "process"
        job["inputs"] = json.loads(job["inputs"] or "{}")
        job["result"] = json.loads(job["result"]) if job["result"] else None
        job["error"] = json.loads(job["error"]) if job["error"] else None
        job["history"] = json.loads(job["history"]) if job.get("history") else []
        job["attempts"] = job.get("attempts") or 0
        return job

    def add(self, job_id: str, process_id: str, inputs: dict, *, owner: str | None,
            origin: str = "ogcapi", mimetype: str = "application/json") -> dict:
        """A new job of `owner` (a user's id; None: submitted anonymously)."""
        stamp = now_text()
        values = dict(id=job_id, process_id=process_id, status=ACCEPTED,
                      message="Job accepted, waiting for a Dask worker", progress=0,
                      inputs=json.dumps(inputs, default=str), created=stamp, started=None,
                      finished=None, updated=stamp, mimetype=mimetype, origin=origin,
                      owner=owner)
        database.clean(values, JOBS)

        def run():
            with self.engine.begin() as conn:
                conn.execute(JOBS.insert().values(**values))
        database.retry(run)
        return self.get(job_id)

    def get(self, job_id: str) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(JOBS.select().where(JOBS.c.id == job_id)).first()
        return self._as_dict(row) if row is not None else None

    def update(self, job_id: str, *, only_if_status: tuple[str, ...] | None = None,
               only_if: dict | None = None, **values) -> bool:
        """Update a job; with only_if_status, only while its status is one of those (so a
        dismissed or already finished job is never overwritten); with only_if, only while
        those columns hold those values (one of several writers wins)."""
        values.setdefault("updated", now_text())
        for key in ("result", "error", "inputs", "history"):
            if key in values and not isinstance(values[key], (str, type(None))):
                values[key] = json.dumps(values[key], default=str)
        database.clean(values, JOBS)
        stmt = JOBS.update().where(JOBS.c.id == job_id)
        if only_if_status:
            stmt = stmt.where(JOBS.c.status.in_(only_if_status))
        for key, value in (only_if or {}).items():
            stmt = stmt.where(JOBS.c[key].is_(None) if value is None else JOBS.c[key] == value)

        def run():
            with self.engine.begin() as conn:
                return conn.execute(stmt.values(**values)).rowcount
        return bool(database.retry(run))

    def add_cpu_seconds(self, job_id: str, seconds: float) -> None:
        """Add the CPU time of one attempt to the job's cpu_seconds."""
        stmt = JOBS.update().where(JOBS.c.id == job_id).values(
            cpu_seconds=sa.func.coalesce(JOBS.c.cpu_seconds, 0.0) + float(seconds))

        def run():
            with self.engine.begin() as conn:
                conn.execute(stmt)
        database.retry(run)

    def cpu_seconds_since(self, owner: str, stamp: str) -> float:
        """CPU seconds of the jobs of `owner` that finished at or after `stamp` (a time as
        the store writes them; a job's CPU time is recorded when an attempt ends)."""
        with self.engine.connect() as conn:
            return float(conn.execute(sa.select(sa.func.coalesce(sa.func.sum(
                JOBS.c.cpu_seconds), 0.0)).where(
                JOBS.c.owner == owner, JOBS.c.finished >= stamp)).scalar() or 0.0)

    def delete(self, job_id: str) -> bool:
        def run():
            with self.engine.begin() as conn:
                return conn.execute(JOBS.delete().where(JOBS.c.id == job_id)).rowcount
        return bool(database.retry(run))

    def status(self, job_id: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(JOBS.c.status).where(JOBS.c.id == job_id)).scalar()

    def list(self, *, owner=EVERY_OWNER, status: list[str] | None = None,
             process_id: list[str] | None = None, limit: int | None = None,
             offset: int = 0) -> tuple[list[dict], int]:
        """Jobs, newest first, and how many match: those of `owner` (a user's id; None: the
        anonymous jobs), or every job (EVERY_OWNER)."""
        where = []
        if owner is not EVERY_OWNER:
            where.append(JOBS.c.owner.is_(None) if owner is None else JOBS.c.owner == owner)
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

    def finished_before(self, stamp: str, *, oldest_first: bool = False) -> list[dict]:
        """Finished jobs last updated before `stamp` (oldest first if asked)."""
        query = JOBS.select().where(JOBS.c.status.in_(FINAL), JOBS.c.updated < stamp)
        if oldest_first:
            query = query.order_by(sa.func.coalesce(JOBS.c.finished, JOBS.c.updated),
                                   JOBS.c.id)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [self._as_dict(r) for r in rows]

    # outcomes
    def fail(self, job_id: str, err: BaseException | str, **values) -> bool:
        """Mark an unfinished job failed, saying why (`values`: more columns to set)."""
        if isinstance(err, OpendiasError):
            message = f"{err.title}: {err.detail}"
            error = err.facts()
        else:
            message = str(err)
            error = {"status": 500, "code": "NoApplicableCode", "title": "Job failed",
                     "detail": message}
        return self.update(job_id, only_if_status=(ACCEPTED, RUNNING), status=FAILED,
                           message=message, error=error, finished=now_text(), **values)


def new_job_id() -> str:
    return uuid.uuid4().hex
