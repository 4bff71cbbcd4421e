"""The Dask side of jobs: the cluster they run on, submitting them, following their tasks,
waiting for them and dismissing them.

Where the computation runs:
- OPENDIAS_DASK_SCHEDULER names an existing scheduler (`tcp://host:8786`): jobs run there.
  Its workers must import opendias (and the module of each operation, e.g. `processes`)
  and see the same data files, results folder and job database (for a multi-host cluster:
  PostgreSQL and a shared file system). The service's OPENDIAS_* settings travel with each
  task. A job's own dask computations run on its worker's threads (the task sets that
  worker's default dask scheduler to "threads"), so its progress can be followed and it
  can be stopped. A job whose worker died is run again by Dask on another worker (and
  fails, saying so, when Dask gives up).
- otherwise a LocalCluster started with the service on the first job: the first gunicorn
  worker that needs it starts it and writes its scheduler address to
  $OPENDIAS_HOME/runtime/dask-scheduler.json (under a file lock); the other gunicorn workers
  connect to the same cluster. The cluster's processes are children of that gunicorn worker:
  if that worker dies, the cluster goes with it, the next job starts a new one, and the jobs
  the old cluster was running are queued again (or failed after their last attempt: see
  opendias.jobs.lifecycle and opendias.jobs.attempts). Each worker has a memory limit
  (OPENDIAS_DASK_MEMORY_LIMIT: `worker_memory_limit`).

Dismissing a job (DELETE /jobs/{id}) marks it dismissed, cancels its task if it has not
started, and a running task stops at its next progress step.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import socket
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from opendias.config import Settings, get_settings
from opendias.jobs.results import remove_results
from opendias.jobs.runner import Operation, run_job
from opendias.jobs.schema import ACCEPTED, DISMISSED, FINAL, RUNNING, now_text
from opendias.jobs.store import JobStore

LOGGER = logging.getLogger(__name__)

KEY_PREFIX = "opendias-job-"


def _job_env(settings: Settings) -> dict:
    """What a Dask worker needs to know of this service's configuration."""
    env = {k: v for k, v in os.environ.items() if k.startswith("OPENDIAS_")}
    env["OPENDIAS_DATABASE_URL"] = settings.database_url
    env["OPENDIAS_RESULTS_DIR"] = str(settings.results_dir)
    env["OPENDIAS_HOME"] = str(settings.home)
    return env


def reachable(address: str, timeout: float = 1.0) -> bool:
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
MEMORY_SHARE = 0.6  # of the machine's memory, for all the LocalCluster's workers together


def worker_memory_limit(settings: Settings) -> int | None:
    """Bytes of memory a LocalCluster worker may use (Dask's `memory_limit`: it spills
    what it holds above 60%, pauses above 80%, and its nanny restarts it above 95%, its job
    then run again): OPENDIAS_DASK_MEMORY_LIMIT, or MEMORY_SHARE of the machine's memory
    (its cgroup's limit, when lower) shared by the workers; None: no limit ("0")."""
    if settings.dask_memory_limit is not None:
        return settings.dask_memory_limit or None
    from distributed.system import MEMORY_LIMIT

    return int(MEMORY_LIMIT * MEMORY_SHARE / max(1, settings.dask_workers))


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
    # Dask runs a task again when its worker dies; the job's record counts the attempts and
    # fails the job after the last (opendias.jobs.attempts): Dask must not give up first
    with dask.config.set({"distributed.nanny.pre-spawn-environ": environ,
                          "distributed.scheduler.allowed-failures": settings.job_attempts}):
        cluster = LocalCluster(n_workers=settings.dask_workers,
                               threads_per_worker=settings.dask_threads, processes=True,
                               host="127.0.0.1", scheduler_port=0, dashboard_address=None,
                               memory_limit=worker_memory_limit(settings),
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
        if info and reachable(info["address"]):
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


def submit(job_id: str, run: Operation, inputs: dict):
    """Send a job to the Dask cluster; it runs even if nobody waits for it.

    `run(inputs, ctx)` is the operation, a module-level function (pickled by its module
    path: the Dask workers import it), and `inputs` are already validated by the front."""
    from distributed import fire_and_forget

    settings = get_settings()
    last_err = None
    for _attempt in range(2):
        try:
            client = dask_client()
            JobStore().update(job_id, scheduler=client.scheduler.address)
            future = client.submit(run_job, job_id, run, inputs, _job_env(settings),
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
        stopped = _STOPPING.is_set() or scheduler_knows(address, []) is None
        if not stopped:
            time.sleep(0.25)
    if stopped:
        from opendias.jobs.attempts import operation_of

        store = JobStore()
        job = store.get(job_id)
        if job is not None and operation_of(job) is not None:
            # queued again when the service (or another of its workers) recovers it
            # (opendias.jobs.lifecycle): left unfinished, saying so
            store.update(job_id, only_if_status=(ACCEPTED, RUNNING), message=(
                f"Interrupted: {STOPPED_REASON.split(';')[0]}; it will be run again"))
            return
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
        if job.get("scheduler") and reachable(job["scheduler"]):
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


def scheduler_knows(address: str, keys: list[str]) -> set[str] | None:
    """Which of keys the scheduler at address still holds (None if it cannot be asked)."""
    try:
        from distributed import Client

        with Client(address, set_as_default=False, timeout=5) as client:
            def holding(dask_scheduler, keys=keys):
                return [k for k in keys if k in dask_scheduler.tasks]
            return set(client.run_on_scheduler(holding))
    except Exception:  # noqa: BLE001
        return None
