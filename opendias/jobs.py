"""Asynchronous jobs: a store shared by every web worker, and a runner on Dask distributed.

A job is a row in the job store (SQLAlchemy: a SQLite file under $OPENDIAS_HOME by default,
PostgreSQL when OPENDIAS_DATABASE_URL says so). The web workers (gunicorn) add the row and
submit one Dask task per job; the task runs the operation on a Dask worker, reports its
progress into the row, writes its files under a temporary folder renamed when complete, and
records the outcome: the result links, or why it failed in words the user can act on.

Where the computation runs:
- OPENDIAS_DASK_SCHEDULER names an existing scheduler (`tcp://host:8786`): jobs run there.
  Its workers must import opendias (and its `processes` package) and see the same data
  files, results folder and job database (for a multi-host cluster: PostgreSQL and a
  shared file system). The service's OPENDIAS_* settings travel with each task. A job's
  own dask computations run on its worker's threads (the task sets that worker's default
  dask scheduler to "threads"), so its progress can be followed and it can be stopped.

One job at a time per Dask worker process: netCDF-C and HDF5 are not thread-safe, and two
jobs reading and writing NetCDF files on two threads of one process crash it (SIGSEGV, seen
with 50 concurrent jobs). So jobs run in parallel on worker processes, and a worker
process given several threads still runs its jobs one after the other (a lock); within a
job, dask's threads read chunks under xarray's own locks. A job whose worker died anyway is
run again by Dask on another worker (and fails, saying so, when Dask gives up).
- otherwise a LocalCluster started with the service on the first job: the first gunicorn
  worker that needs it starts it and writes its scheduler address to
  $OPENDIAS_HOME/runtime/dask-scheduler.json (under a file lock); the other gunicorn workers
  connect to the same cluster. The cluster's processes are children of that gunicorn worker:
  if that worker dies, the cluster goes with it, the next job starts a new one, and the jobs
  the old cluster was running are marked failed (see `recover_lost_jobs`).

Surviving restarts: the store is on disk; at start-up (and on each listing, at most once a
minute) jobs left "accepted" or "running" whose scheduler is gone or has forgotten them are
marked failed with that reason. Dismissing a job (DELETE /jobs/{id}) marks it dismissed,
cancels its task if it has not started, and a running task stops at its next progress step.

Its settings (OPENDIAS_DATABASE_URL, OPENDIAS_DASK_*, OPENDIAS_RESULTS_*,
OPENDIAS_MAX_JOB_CELLS) are those of opendias.config.
"""

from __future__ import annotations

import atexit
import datetime as dt
import json
import logging
import os
import shutil
import socket
import threading
import time
import uuid
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlparse

import sqlalchemy as sa

from opendias.config import Settings, get_settings
from opendias.errors import OpendiasError

LOGGER = logging.getLogger(__name__)

ACCEPTED, RUNNING, SUCCESSFUL, FAILED, DISMISSED = (
    "accepted", "running", "successful", "failed", "dismissed")
FINAL = (SUCCESSFUL, FAILED, DISMISSED)
DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
KEY_PREFIX = "opendias-job-"


def now_text() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime(DATETIME_FORMAT)


def _parse_time(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    return dt.datetime.strptime(text, DATETIME_FORMAT).replace(tzinfo=dt.timezone.utc)


# -- the store -------------------------------------------------------------------------------

METADATA = sa.MetaData()
# Times are text, ISO 8601 in UTC with a fixed width ("2025-01-31T12:00:00.000000Z"), so the
# same column sorts and compares chronologically in SQLite and PostgreSQL, and the records
# read back are the strings the OGC API shows. PostgreSQL compares text with the database's
# collation (a locale may weigh punctuation differently): these columns use "C" there, byte
# order, as in SQLite. JSON documents (inputs, result, error) are text for the same reason.
_TIME = sa.String(32).with_variant(sa.String(32, collation="C"), "postgresql")
_ID = sa.String(64).with_variant(sa.String(64, collation="C"), "postgresql")
JOBS = sa.Table(
    "opendias_jobs", METADATA,
    sa.Column("id", _ID, primary_key=True),
    sa.Column("process_id", sa.String(128), nullable=False),
    sa.Column("status", sa.String(16), nullable=False, index=True),
    sa.Column("message", sa.Text, nullable=False, default=""),
    sa.Column("progress", sa.Integer, nullable=False, default=0),
    sa.Column("inputs", sa.Text, nullable=False, default="{}"),
    sa.Column("created", _TIME, nullable=False, index=True),
    sa.Column("started", _TIME),
    sa.Column("finished", _TIME),
    sa.Column("updated", _TIME, nullable=False),
    sa.Column("mimetype", sa.String(128), nullable=False, default="application/json"),
    sa.Column("result", sa.Text),          # JSON results document (links to the files)
    sa.Column("error", sa.Text),           # JSON OGC exception of a failed job
    sa.Column("scheduler", sa.String(256)),  # Dask scheduler address it was submitted to
    sa.Column("worker", sa.String(256)),     # Dask worker (name@address) that ran it
    sa.Column("origin", sa.String(16), nullable=False, default="ogcapi"),  # ogcapi | wps
)
# PostgreSQL enforces VARCHAR lengths (SQLite does not): longer values are cut, so that an
# unusual worker name or message never leaves a job unrecorded
_MAX_LENGTH = {c.name: c.type.length for c in JOBS.columns
               if isinstance(c.type, sa.String) and c.type.length and not c.primary_key}
_SCHEMA_LOCK_KEY = 0x6F70656E64696173 & 0x7FFFFFFFFFFFFFFF  # "opendias": advisory lock id

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


def _create_schema(engine: sa.Engine) -> None:
    """Create the table and its indexes once, even when several processes (gunicorn
    workers, Dask workers) start together: in PostgreSQL two concurrent CREATE TABLE race
    (one fails on pg_type's unique index), so they take turns under an advisory lock."""
    for attempt in range(3):
        try:
            with engine.begin() as conn:
                if engine.dialect.name == "postgresql":
                    conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"),
                                 {"key": _SCHEMA_LOCK_KEY})
                METADATA.create_all(conn, checkfirst=True)
            return
        except (sa.exc.ProgrammingError, sa.exc.OperationalError,
                sa.exc.IntegrityError) as err:
            text = str(err).lower()
            if attempt == 2 or not ("already exists" in text or "locked" in text
                                    or "duplicate" in text):
                raise
            time.sleep(0.2 * (attempt + 1))


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
            _create_schema(engine)
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


# -- results files ---------------------------------------------------------------------------

def job_results_dir(job_id: str) -> Path:
    return get_settings().results_dir / job_id


def result_links(job_id: str, folder: Path, media_types: dict[str, str]) -> list[dict]:
    """Links (href, size in bytes, media type) to the files of a finished job."""
    base = get_settings().base_url
    links = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        links.append({"href": f"{base}/results/{job_id}/{path.name}", "rel": "enclosure",
                      "type": media_types.get(path.name, _guess_type(path.name)),
                      "title": path.name, "size": path.stat().st_size})
    return links


def _guess_type(name: str) -> str:
    import mimetypes

    if name.endswith(".nc"):
        return "application/x-netcdf"
    if name.endswith(".tif"):
        return "image/tiff; application=geotiff"
    if name.endswith(".zip"):
        return "application/zip"
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def remove_results(job_id: str) -> None:
    root = get_settings().results_dir
    for path in (root / job_id, root / f".{job_id}.part"):
        shutil.rmtree(path, ignore_errors=True)


_LAST_CLEANUP = {"at": 0.0}


def cleanup_expired(store: JobStore | None = None, *, force: bool = False) -> int:
    """Remove finished jobs (and their files) older than OPENDIAS_RESULTS_RETENTION, and
    orphan files in the results folder. At most once a minute per process unless forced."""
    if not force and time.monotonic() - _LAST_CLEANUP["at"] < 60:
        return 0
    _LAST_CLEANUP["at"] = time.monotonic()
    settings = get_settings()
    store = store or JobStore()
    cutoff = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=settings.retention)
    removed = 0
    for job in store.finished_before(cutoff.strftime(DATETIME_FORMAT)):
        remove_results(job["id"])
        store.delete(job["id"])
        removed += 1
    root = settings.results_dir
    if root.exists():
        for path in root.iterdir():
            try:
                if path.stat().st_mtime < cutoff.timestamp():
                    if path.is_dir():
                        shutil.rmtree(path, ignore_errors=True)
                    else:
                        path.unlink(missing_ok=True)
            except OSError:
                pass
    return removed


# -- the Dask side ---------------------------------------------------------------------------

class JobDismissed(Exception):
    """Raised inside a running job when it has been dismissed."""


class JobContext:
    """What a running operation sees of its job: where to write, how to report progress."""

    def __init__(self, job_id: str, store: JobStore, workdir: Path):
        self.job_id = job_id
        self.store = store
        self.workdir = workdir
        self.media_types: dict[str, str] = {}
        self._last_write = 0.0
        self._last_progress = -1

    def check_dismissed(self) -> None:
        if self.store.status(self.job_id) == DISMISSED:
            raise JobDismissed(self.job_id)

    def progress(self, percent: float, message: str | None = None, *, force: bool = False):
        """Report progress (0..100); written at most twice a second; raises JobDismissed
        when the job was dismissed meanwhile."""
        now = time.monotonic()
        percent = int(max(self._last_progress, min(99, percent)))
        if not force and now - self._last_write < 0.5:
            return
        self._last_write = now
        self._last_progress = percent
        values = {"progress": percent}
        if message:
            values["message"] = message
        if not self.store.update(self.job_id, only_if_status=(RUNNING,), **values):
            self.check_dismissed()


def _dask_progress(ctx: JobContext, low: float = 10.0, high: float = 95.0):
    """A dask callback reporting the progress of computations started by this thread only
    (other jobs may compute at the same time on other threads of the same worker)."""
    from dask.callbacks import Callback

    owner = threading.get_ident()

    class JobProgress(Callback):
        def _start(self, dsk):
            if threading.get_ident() == owner:
                self.total = max(1, len(dsk))
                self.done = 0

        def _posttask(self, key, result, dsk, state, worker_id):
            if threading.get_ident() == owner:
                self.done = getattr(self, "done", 0) + 1
                frac = self.done / getattr(self, "total", 1)
                ctx.progress(low + (high - low) * frac, "Computing and writing the result")

    return JobProgress()


def run_job(job_id: str, process_id: str, inputs: dict, env: dict) -> str:
    """The Dask task of a job (runs on a Dask worker). Records the outcome in the store."""
    import dask

    for key, value in env.items():
        if os.environ.get(key) != value:
            os.environ[key] = value
    # computations inside this task run on this worker's threads, where progress is seen
    dask.config.set(scheduler="threads")
    store = JobStore(env.get("OPENDIAS_DATABASE_URL"))
    worker = ""
    try:
        from distributed import get_worker

        w = get_worker()
        worker = f"{w.name}@{w.address}"
    except (ImportError, ValueError):
        pass
    with _ONE_JOB_PER_PROCESS:
        return _run_job(store, job_id, process_id, inputs, worker)


_ONE_JOB_PER_PROCESS = threading.Lock()


def _run_job(store: JobStore, job_id: str, process_id: str, inputs: dict, worker: str) -> str:
    previous = store.get(job_id)
    if previous is None or previous["status"] not in (ACCEPTED, RUNNING):
        return previous["status"] if previous else "unknown"
    message = "Running"
    if previous["status"] == RUNNING:  # Dask runs it again: its worker died
        message = (f"Running again on {worker or 'another Dask worker'}: the worker that "
                   f"was running it ({previous['worker']}) died")
    if not store.update(job_id, only_if_status=(ACCEPTED, RUNNING), status=RUNNING,
                        started=now_text(), progress=5, message=message, worker=worker):
        return store.status(job_id) or "unknown"
    settings = get_settings()
    final = settings.results_dir / job_id
    workdir = settings.results_dir / f".{job_id}.part"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    ctx = JobContext(job_id, store, workdir)
    try:
        from processes.definitions import get_operation

        operation = get_operation(process_id)
        with _dask_progress(ctx):
            summary = operation.run(operation.validate(inputs), ctx)
        ctx.check_dismissed()
        os.replace(workdir, final)
        links = result_links(job_id, final, ctx.media_types)
        result = {"links": links, **(summary or {})}
        if links:
            result["result"] = {k: links[0][k] for k in ("href", "type", "size", "title")}
        if not store.update(job_id, only_if_status=(RUNNING,), status=SUCCESSFUL, progress=100,
                            message="Job complete", result=result, finished=now_text()):
            remove_results(job_id)  # dismissed at the last moment
        return store.status(job_id) or "unknown"
    except JobDismissed:
        remove_results(job_id)
        return DISMISSED
    except OpendiasError as err:
        store.fail(job_id, err)
        remove_results(job_id)
        return FAILED
    except Exception as err:  # noqa: BLE001 - a failed job must say why, never stay running
        LOGGER.exception("job %s failed", job_id)
        store.fail(job_id, f"the computation failed: {type(err).__name__}: {err}")
        remove_results(job_id)
        return FAILED
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _job_env(settings: Settings) -> dict:
    """What a Dask worker needs to know of this service's configuration."""
    env = {k: v for k, v in os.environ.items() if k.startswith("OPENDIAS_")}
    env["OPENDIAS_DATABASE_URL"] = settings.database_url
    env["OPENDIAS_RESULTS_DIR"] = str(settings.results_dir)
    env["OPENDIAS_HOME"] = str(settings.home)
    return env


def _reachable(address: str, timeout: float = 1.0) -> bool:
    parsed = urlparse(address if "://" in address else f"tcp://{address}")
    try:
        with socket.create_connection((parsed.hostname, parsed.port), timeout=timeout):
            return True
    except (OSError, TypeError, ValueError):
        return False


_CLIENTS: dict[tuple[int, str], Any] = {}
_CLIENT_LOCK = threading.Lock()
_LOCAL_CLUSTER: dict[str, Any] = {}


def _address_file() -> Path:
    return get_settings().runtime_dir / "dask-scheduler.json"


MALLOC_MMAP_THRESHOLD = 32 * 1024 * 1024


def _start_local_cluster(settings: Settings) -> str:
    """A LocalCluster owned by this process; its address is shared through a file."""
    from distributed import LocalCluster

    # Dask's nanny sets MALLOC_TRIM_THRESHOLD_ in its workers, which turns off glibc's
    # dynamic mmap threshold: every large array is then mmap'ed afresh and a year's field
    # mean runs ~2x slower than in a plain process. A fixed mmap threshold restores it.
    # (For an external scheduler, start its workers with the same variable.)
    import dask

    environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ") or {})
    environ.setdefault("MALLOC_MMAP_THRESHOLD_", MALLOC_MMAP_THRESHOLD)
    with dask.config.set({"distributed.nanny.pre-spawn-environ": environ}):
        cluster = LocalCluster(n_workers=settings.dask_workers,
                               threads_per_worker=settings.dask_threads, processes=True,
                               host="127.0.0.1", scheduler_port=0, dashboard_address=None,
                               silence_logs=logging.ERROR)
    _LOCAL_CLUSTER["cluster"] = cluster
    # registered after distributed's own exit handlers, so it runs before them (LIFO): the
    # tasks that the cluster's shutdown cancels are then failed for the right reason
    atexit.register(_STOPPING.set)
    path = _address_file()
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_text(json.dumps({"address": cluster.scheduler_address, "pid": os.getpid()}))
    os.replace(tmp, path)
    return cluster.scheduler_address


def scheduler_address(*, start: bool = True) -> str | None:
    """The configured scheduler, or the service's LocalCluster (started when `start`)."""
    settings = get_settings()
    if settings.dask_scheduler:
        return settings.dask_scheduler
    from filelock import FileLock

    path = _address_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(path) + ".lock", timeout=120):
        try:
            info = json.loads(path.read_text())
        except (OSError, ValueError):
            info = None
        if info and _reachable(info["address"]):
            return info["address"]
        if not start:
            return None
        return _start_local_cluster(settings)


def dask_client():
    """A Dask client of this process (one per process and scheduler)."""
    from distributed import Client

    address = scheduler_address()
    key = (os.getpid(), address)
    client = _CLIENTS.get(key)
    if client is not None and client.status == "running":
        return client
    with _CLIENT_LOCK:
        client = _CLIENTS.get(key)
        if client is None or client.status != "running":
            client = Client(address, set_as_default=False, timeout=30)
            _CLIENTS[key] = client
    return client


def submit(job_id: str, process_id: str, inputs: dict):
    """Send a job to the Dask cluster; it runs even if nobody waits for it."""
    from distributed import fire_and_forget

    settings = get_settings()
    last_err = None
    for _attempt in range(2):
        try:
            client = dask_client()
            JobStore().update(job_id, scheduler=client.scheduler.address)
            future = client.submit(run_job, job_id, process_id, inputs, _job_env(settings),
                                   key=f"{KEY_PREFIX}{job_id}", pure=False, retries=0)
            fire_and_forget(future)
            _WATCHED[future.key] = future
            future.add_done_callback(_record_task_error)
            return future
        except (OSError, TimeoutError) as err:  # the cluster went away: start another
            last_err = err
            _CLIENTS.clear()
    JobStore().fail(job_id, f"the processing cluster is not reachable: {last_err}")
    return None


_WATCHED: dict = {}
_STOPPING = threading.Event()  # this process is exiting and its LocalCluster with it
STOPPED_REASON = ("the service (or its Dask cluster) stopped while this job was running; "
                  "it did not finish: submit the job again")


def _record_task_error(future) -> None:
    """A job's task that ended in error without recording it (its workers kept dying and
    Dask gave up, or it was cancelled before it finished) is marked failed, saying why."""
    _WATCHED.pop(future.key, None)
    if future.status not in ("error", "cancelled"):
        return
    job_id = str(future.key)[len(KEY_PREFIX):]
    try:
        if future.status == "cancelled":
            address = getattr(getattr(future.client, "scheduler", None), "address", None)
            threading.Thread(target=_fail_cancelled, args=(job_id, address),
                             daemon=True).start()
            return
        err = future.exception(timeout=5)
        reason = (f"the computation could not be completed on the Dask cluster: "
                  f"{type(err).__name__}: {err}")
        threading.Thread(target=JobStore().fail, args=(job_id, reason), daemon=True).start()
    except Exception:  # noqa: BLE001 - recover_lost_jobs is the backstop
        LOGGER.exception("could not record the failure of job %s", job_id)


def _fail_cancelled(job_id: str, address: str | None) -> None:
    """A cancelled task: the service stopping (or its cluster gone) says so; otherwise it
    was cancelled on the cluster itself."""
    # a cluster that is shutting down still answers for a moment: give it that moment. Ask
    # the scheduler itself: its port can stay open in a process forked from its owner
    # (PyWPS' request processes) after the scheduler is gone.
    deadline = time.monotonic() + 3.0
    stopped = _STOPPING.is_set() or not address
    while not stopped and time.monotonic() < deadline:
        stopped = _STOPPING.is_set() or _scheduler_knows(address, []) is None
        if not stopped:
            time.sleep(0.25)
    JobStore().fail(job_id, STOPPED_REASON if stopped else
                    "the job's task was cancelled on the Dask cluster before it finished")


def wait(job_id: str, future=None, timeout: float | None = None) -> dict:
    """Block until a job is final; returns its record."""
    store = JobStore()
    deadline = None if timeout is None else time.monotonic() + timeout
    if future is not None:
        try:
            future.result(timeout=timeout)
        except Exception:  # noqa: BLE001 - the record says what happened
            pass
    while True:
        job = store.get(job_id)
        if job is None or job["status"] in FINAL:
            return job
        if deadline is not None and time.monotonic() > deadline:
            return job
        time.sleep(0.1)


def dismiss(job_id: str) -> dict | None:
    """Dismiss a job: a queued task is cancelled, a running one stops at its next progress
    step, a finished one loses its files. The record stays, status "dismissed"."""
    store = JobStore()
    job = store.get(job_id)
    if job is None:
        return None
    if job["status"] in (ACCEPTED, RUNNING):
        store.update(job_id, only_if_status=(ACCEPTED, RUNNING), status=DISMISSED,
                     message="Job dismissed by the user; its computation was cancelled",
                     finished=now_text())
        if job.get("scheduler") and _reachable(job["scheduler"]):
            try:
                from distributed import Future

                client = dask_client()
                if client.scheduler.address == job["scheduler"]:
                    client.cancel([Future(f"{KEY_PREFIX}{job_id}", client)], force=True)
            except Exception as err:  # noqa: BLE001 - the task still stops on its own
                LOGGER.warning("could not cancel the task of job %s: %s", job_id, err)
    else:
        store.update(job_id, status=DISMISSED, message="Job dismissed by the user; its "
                     "results were removed")
    remove_results(job_id)
    return store.get(job_id)


def _scheduler_knows(address: str, keys: list[str]) -> set[str] | None:
    """Which of keys the scheduler at address still holds (None if it cannot be asked)."""
    try:
        from distributed import Client

        with Client(address, set_as_default=False, timeout=5) as client:
            def holding(dask_scheduler, keys=keys):
                return [k for k in keys if k in dask_scheduler.tasks]
            return set(client.run_on_scheduler(holding))
    except Exception:  # noqa: BLE001
        return None


def recover_lost_jobs(store: JobStore | None = None, grace: float = 60.0, *,
                      ask_scheduler: bool = True) -> list[str]:
    """Mark failed the jobs left accepted/running by a service (or cluster) that is gone:
    their scheduler does not answer, or (ask_scheduler) no longer holds their task."""
    store = store or JobStore()
    lost = []
    by_scheduler: dict[str, list[dict]] = {}
    cutoff = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=grace)).strftime(
        DATETIME_FORMAT)
    for job in store.unfinished():
        by_scheduler.setdefault(job.get("scheduler") or "", []).append(job)
    for address, jobs in by_scheduler.items():
        if address and _reachable(address):
            if not ask_scheduler:
                continue
            held = _scheduler_knows(address, [f"{KEY_PREFIX}{j['id']}" for j in jobs])
            if held is None:
                continue
            jobs = [j for j in jobs if f"{KEY_PREFIX}{j['id']}" not in held
                    and j["updated"] < cutoff]
            reason = ("the Dask worker running this job was lost before it finished; "
                      "submit the job again")
        else:
            if not address:
                jobs = [j for j in jobs if j["created"] < cutoff]
            reason = ("the service (or its Dask cluster) stopped while this job was "
                      f"{'{status}'}; it did not finish: submit the job again")
        for job in jobs:
            if store.fail(job["id"], reason.format(status=job["status"])):
                remove_results(job["id"])
                lost.append(job["id"])
    if lost:
        LOGGER.warning("marked %d lost job(s) failed: %s", len(lost), ", ".join(lost))
    return lost


def new_job_id() -> str:
    return uuid.uuid4().hex
