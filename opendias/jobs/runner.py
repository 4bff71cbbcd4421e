"""Running a job on a Dask worker: the task (`run_job`), what the operation sees of its job
(`JobContext`: where to write, progress, dismissal), and dask's progress callback.

One job at a time per Dask worker process: netCDF-C and HDF5 are not thread-safe, and two
jobs reading and writing NetCDF files on two threads of one process crash it (SIGSEGV, seen
with 50 concurrent jobs). So jobs run in parallel on worker processes, and a worker
process given several threads still runs its jobs one after the other (a lock); within a
job, dask's threads read chunks under xarray's own locks.

The operation is the callable the front submitted (opendias.jobs.cluster.submit): this
module knows no operation, and imports nothing of `processes`.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from pathlib import Path
from typing import Callable, Optional

from opendias.config import get_settings
from opendias.errors import OpendiasError
from opendias.jobs import attempts, remote
from opendias.jobs.quota import enforce_quota
from opendias.jobs.results import remove_results, result_links
from opendias.jobs.schema import ACCEPTED, DISMISSED, FAILED, RUNNING, SUCCESSFUL, now_text
from opendias.jobs.store import JobStore

LOGGER = logging.getLogger(__name__)

# an operation: run(inputs, ctx) -> summary dict for the results document, or None
Operation = Callable[[dict, "JobContext"], Optional[dict]]


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


def run_job(job_id: str, run: Operation, inputs: dict, env: dict) -> str:
    """The Dask task of a job (runs on a Dask worker). Records the outcome in the store.

    `run(inputs, ctx)` is the operation: a module-level function (Dask pickles it by its
    module path, and the worker imports that module), given the inputs the front has
    already validated; it writes its files into ctx.workdir and returns a summary (or
    None) that the results document carries beside the links to the files."""
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
        return _run_job(store, job_id, run, inputs, worker)


_ONE_JOB_PER_PROCESS = threading.Lock()


def _within_quota(store: JobStore, job_id: str) -> None:
    """New results may take the results folder above OPENDIAS_RESULTS_QUOTA: the oldest
    finished jobs then expire (never this one)."""
    try:
        enforce_quota(store, keep=job_id)
    except Exception:  # noqa: BLE001 - the job succeeded; the next clean-up tries again
        LOGGER.exception("could not keep the results within OPENDIAS_RESULTS_QUOTA")


def _run_job(store: JobStore, job_id: str, run: Operation, inputs: dict, worker: str) -> str:
    previous = store.get(job_id)
    if previous is None or previous["status"] not in (ACCEPTED, RUNNING):
        return previous["status"] if previous else "unknown"
    history, count = previous["history"], previous["attempts"]
    limit = get_settings().job_attempts
    message = "Running" if not count else f"Running (attempt {count + 1} of {limit})"
    if previous["status"] == RUNNING:  # Dask runs it again: its worker died
        lost = (f"the Dask worker running it ({previous['worker'] or 'unknown'}) died: "
                f"killed, or above its memory limit")
        history = attempts.ended(history, attempts.LOST, lost)
        if count >= limit:
            if store.fail(job_id, attempts.given_up(count, lost), history=history):
                remove_results(job_id)
            return store.status(job_id) or "unknown"
        message = (f"Running again (attempt {count + 1} of {limit}) on "
                   f"{worker or 'another Dask worker'}: {lost}")
    stamp = now_text()
    history = attempts.started(history, worker, stamp)
    if not store.update(job_id, only_if_status=(ACCEPTED, RUNNING),
                        only_if={"attempts": count}, status=RUNNING,
                        started=previous["started"] or stamp, progress=5,
                        message=message, worker=worker, attempts=count + 1, history=history):
        return store.status(job_id) or "unknown"
    settings = get_settings()
    final = settings.results_dir / job_id
    workdir = settings.results_dir / f".{job_id}.part"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    ctx = JobContext(job_id, store, workdir)
    cpu = _CpuClock(store, job_id)
    try:
        with _dask_progress(ctx):
            summary = run(inputs, ctx)
        ctx.check_dismissed()
        if remote.enabled():  # uploaded whole, then links to them (sizes: the files')
            remote.upload(job_id, workdir)
            links = result_links(job_id, workdir, ctx.media_types)
        else:
            os.replace(workdir, final)
            links = result_links(job_id, final, ctx.media_types)
        result = {"links": links, **(summary or {}), "cpu_seconds": cpu.stop()}
        if links:
            result["result"] = {k: links[0][k] for k in ("href", "type", "size", "title")}
        if not store.update(job_id, only_if_status=(RUNNING,), status=SUCCESSFUL, progress=100,
                            message="Job complete", result=result, finished=now_text(),
                            history=attempts.ended(history, SUCCESSFUL)):
            remove_results(job_id)  # dismissed at the last moment
        _within_quota(store, job_id)
        return store.status(job_id) or "unknown"
    except JobDismissed:
        remove_results(job_id)
        store.update(job_id, only_if_status=(DISMISSED,),
                     history=attempts.ended(history, DISMISSED))
        return DISMISSED
    except OpendiasError as err:
        store.fail(job_id, err, history=attempts.ended(history, FAILED, err.detail))
        remove_results(job_id)
        return FAILED
    except Exception as err:  # noqa: BLE001 - a failed job must say why, never stay running
        LOGGER.exception("job %s failed", job_id)
        reason = f"the computation failed: {type(err).__name__}: {err}"
        store.fail(job_id, reason, history=attempts.ended(history, FAILED, reason))
        remove_results(job_id)
        return FAILED
    finally:
        cpu.stop()
        shutil.rmtree(workdir, ignore_errors=True)


class _CpuClock:
    """The CPU time of this worker process while it runs one job (one job at a time per
    process: see the module docstring), added to the job's `cpu_seconds` (over all its
    attempts) when the job ends, whatever its outcome: what a plan's
    job_cpu_seconds_per_day counts."""

    def __init__(self, store: JobStore, job_id: str):
        self.store, self.job_id = store, job_id
        self.start = time.process_time()
        self.seconds: float | None = None

    def stop(self) -> float:
        if self.seconds is None:
            self.seconds = round(time.process_time() - self.start, 3)
            try:
                self.store.add_cpu_seconds(self.job_id, self.seconds)
            except Exception:  # noqa: BLE001 - the outcome of the job matters more
                LOGGER.exception("could not record the CPU time of job %s", self.job_id)
        return self.seconds
