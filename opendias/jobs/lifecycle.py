"""A job's life after its task: jobs lost by a service or cluster that went away, and the
retention of finished jobs and their files.

Surviving restarts: the store is on disk; at start-up (and on each listing, at most once a
minute) jobs left "accepted" or "running" whose scheduler is gone or has forgotten them are
queued again from their record, up to OPENDIAS_JOB_ATTEMPTS attempts, or else marked failed
with the reason (`recover_lost_jobs`, opendias.jobs.attempts). Finished jobs and their files are
removed after OPENDIAS_RESULTS_RETENTION seconds (`cleanup_expired`), or earlier when the
results folder holds more than OPENDIAS_RESULTS_QUOTA bytes: the oldest finished jobs first
expire, as if their retention had passed (`enforce_quota`).
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import time

from opendias.config import get_settings
from opendias.jobs import attempts, remote
from opendias.jobs.cluster import KEY_PREFIX, reachable, scheduler_knows, submit
from opendias.jobs.quota import enforce_quota
from opendias.jobs.results import remove_results
from opendias.jobs.schema import ACCEPTED, DATETIME_FORMAT, RUNNING
from opendias.jobs.store import JobStore

LOGGER = logging.getLogger(__name__)

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
    removed += enforce_quota(store)
    if remote.enabled():
        try:
            remote.remove_older(cutoff.timestamp())
        except Exception as err:  # noqa: BLE001 - the store is away: the next clean-up
            LOGGER.warning("old results left on %s for now: %s", settings.results_url, err)
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


def run_again(store: JobStore, job: dict, reason: str) -> str | None:
    """A lost job: queued again from its record when it may be (QUEUED), else failed with
    `reason` (FAILED); None when another process recovered it first, or it moved on."""
    history = attempts.ended(job["history"], attempts.LOST, reason)
    run = attempts.operation_of(job)
    unchanged = {"updated": job["updated"], "attempts": job["attempts"]}
    limit = get_settings().job_attempts
    if run is None or job["attempts"] >= limit:
        reason = (f"{reason}; it did not finish: submit the job again" if run is None
                  else attempts.given_up(job["attempts"], reason))
        if not store.fail(job["id"], reason, history=history):
            return None
        remove_results(job["id"])
        return attempts.FAILED
    message = (f"Queued again ({job['attempts']} of {limit} attempts made): {reason}"
               if job["attempts"] else f"Queued again: {reason}")
    if not store.update(job["id"], only_if_status=(ACCEPTED, RUNNING), only_if=unchanged,
                        status=ACCEPTED, message=message, progress=0, scheduler=None,
                        history=history):
        return None  # another process recovered it, or it moved on meanwhile
    remove_results(job["id"])
    LOGGER.warning("job %s queued again: %s", job["id"], reason)
    submit(job["id"], run, job["inputs"])
    return attempts.QUEUED


def recover_lost_jobs(store: JobStore | None = None, grace: float = 60.0, *,
                      ask_scheduler: bool = True) -> list[str]:
    """Queue again (or, when they may not be, mark failed) the jobs left accepted/running by
    a service (or cluster) that is gone: their scheduler does not answer, or
    (ask_scheduler) no longer holds their task. Returns the ids of the jobs recovered."""
    store = store or JobStore()
    lost = []
    by_scheduler: dict[str, list[dict]] = {}
    cutoff = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=grace)).strftime(
        DATETIME_FORMAT)
    for job in store.unfinished():
        by_scheduler.setdefault(job.get("scheduler") or "", []).append(job)
    for address, jobs in by_scheduler.items():
        if address and reachable(address):
            if not ask_scheduler:
                continue
            held = scheduler_knows(address, [f"{KEY_PREFIX}{j['id']}" for j in jobs])
            if held is None:
                continue
            jobs = [j for j in jobs if f"{KEY_PREFIX}{j['id']}" not in held
                    and j["updated"] < cutoff]
            reason = "the Dask scheduler lost this job's task before it finished"
        else:
            if not address:
                # not submitted (yet: another process may be queuing it again) for a while
                jobs = [j for j in jobs if j["updated"] < cutoff]
            reason = "the service (or its Dask cluster) stopped while this job was {status}"
        for job in jobs:
            if run_again(store, job, reason.format(status=job["status"])):
                lost.append(job["id"])
    if lost:
        LOGGER.warning("recovered %d lost job(s): %s", len(lost), ", ".join(lost))
    return lost
