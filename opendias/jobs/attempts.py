"""Jobs that resume: each start of a job is an attempt, counted in its record (`attempts`)
and kept with its start, end, worker and outcome (`history`); a job that lost its attempt
(its Dask worker died, the service or its cluster stopped) is run again, up to
OPENDIAS_JOB_ATTEMPTS attempts, and then fails saying why.

Two ways a job is run again:
- Dask runs a task again when its worker dies (opendias.jobs.runner counts it, and gives up
  after the last attempt); the LocalCluster lets Dask try once more than that
  (`allowed-failures`), so that the job's record, not Dask, says when to stop.
- a job the service lost (left accepted or running by a service or cluster that stopped:
  opendias.jobs.lifecycle.recover_lost_jobs) is queued again from its record: its process
  id and its validated `inputs` (opendias.jobs.lifecycle.run_again). The job layer knows no operation: the front that submits
  jobs registers, at start-up, how to find the operation of a process id
  (`set_operation_resolver`).

A WPS job (origin "wps") is not queued again: its status document belongs to the PyWPS
request process that waited for it, which died with the service; a job run again would
write a result no WPS client ever hears of. It fails, and its status document says so
(opendias.web.results settles it). A job whose inputs were not stored fails too.
"""

from __future__ import annotations

from typing import Callable, Optional

from opendias.config import get_settings
from opendias.jobs.schema import RUNNING, now_text

# the outcome of an attempt: successful, failed, dismissed, or lost (it never ended itself)
LOST = "lost"
# what recovering a lost job did (opendias.jobs.lifecycle.run_again)
QUEUED, FAILED = "queued again", "failed"

_RESOLVER: dict[str, Callable[[str], Optional[Callable]]] = {}


def set_operation_resolver(resolve: Callable[[str], Optional[Callable]] | None) -> None:
    """How to find the operation (the callable submitted to Dask) of a process id, for the
    jobs queued again after a restart; `resolve(process_id)` returns None when unknown."""
    if resolve is None:
        _RESOLVER.pop("resolve", None)
    else:
        _RESOLVER["resolve"] = resolve


def operation_of(job: dict) -> Callable | None:
    """The operation that runs `job` again, or None when it cannot be queued again."""
    resolve = _RESOLVER.get("resolve")
    if resolve is None or job.get("origin") == "wps" or not job.get("inputs"):
        return None
    try:
        return resolve(job["process_id"])
    except Exception:  # noqa: BLE001 - an unknown process: the job fails, saying so
        return None


def started(history: list[dict], worker: str, at: str | None = None) -> list[dict]:
    """The history with a new attempt started (at `at`, or now) on `worker`."""
    return [*history, {"attempt": len(history) + 1, "started": at or now_text(), "ended": None,
                       "worker": worker, "outcome": RUNNING, "message": None}]


def ended(history: list[dict], outcome: str, message: str | None = None) -> list[dict]:
    """The history with its open attempt (if any) ended now with `outcome`."""
    if not history or history[-1].get("ended"):
        return history
    last = {**history[-1], "ended": now_text(), "outcome": outcome}
    if message:
        last["message"] = message
    return [*history[:-1], last]


def given_up(attempts: int, reason: str) -> str:
    """Why a job fails after its last attempt was lost."""
    return (f"the job was started {attempts} time{'s' if attempts != 1 else ''} "
            f"(OPENDIAS_JOB_ATTEMPTS={get_settings().job_attempts}) and no attempt "
            f"finished; the last one: {reason}")
