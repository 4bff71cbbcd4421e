"""pygeoapi process manager over opendias' job store and Dask runner (opendias.jobs).

Configured in pygeoapi-config.yml:

    server:
      manager:
        name: processes.manager.OpendiasJobManager

Every execution (sync or async) is a job in the shared store, run on the Dask cluster; a
synchronous execution waits for it. Inputs are validated and checked (dataset exists,
selection not empty, not above OPENDIAS_MAX_JOB_CELLS nor the plan's max_job_cells, result
fits on the results' disk: processes.costing.admit) before a job is accepted, so a client's
mistake is a 4xx naming the problem rather than a failed job.
`GET /jobs?status=running,failed&processID=subset` filters (pygeoapi does not pass these
query parameters to managers: they are read from the Flask request).

Every job has an owner, the user of the request that submitted it (the Flask request's
environ, from the identity layer; anonymous: None). A request lists, reads, dismisses and
gets the results of only the jobs it may see (opendias.web.owners); another's job is a
JobNotFoundError, the answer of a job that does not exist. An operator lists every job with
`GET /jobs?all=true` (without it, their own).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import Any, Tuple

from pygeoapi.process.base import JobNotFoundError, JobResultNotFoundError, UnknownProcessError
from pygeoapi.process.manager.base import BaseManager
from pygeoapi.util import JobStatus, RequestedProcessExecutionMode, RequestedResponse

from opendias import jobs
from opendias.errors import OpendiasError
from opendias.params import parse_names
from opendias.web import owners
from opendias.web.errors import error_body
from processes.costing import admit
from processes.registry import get_operation
from processes.ogcapi import OpendiasProcessError

LOGGER = logging.getLogger(__name__)

_LAST_RECOVERY = {"at": 0.0}
_STARTED_RECOVERY = {"pid": None, "lock": threading.Lock()}


def _request_list(name: str) -> list[str] | None:
    try:
        from flask import has_request_context, request
    except ImportError:
        return None
    if not has_request_context():
        return None
    return parse_names(request.args.getlist(name), parameter=name, empty_ok=True)


def _request_environ() -> dict | None:
    """The environ of the Flask request being served (None outside a request)."""
    try:
        from flask import has_request_context, request
    except ImportError:
        return None
    return request.environ if has_request_context() else None


def _wants_all() -> bool:
    environ = _request_environ()
    if environ is None:
        return False
    from flask import request

    return request.args.get("all", "").strip().lower() == "true"


class OpendiasJobManager(BaseManager):
    """Jobs in opendias' shared store (SQLite/PostgreSQL), computed on Dask."""

    def __init__(self, manager_def: dict):
        super().__init__(manager_def)
        self.is_async = True
        self.supports_subscribing = False
        self._store = None
        # jobs a stopped service left behind are queued again (opendias.jobs.attempts):
        # the job layer finds their operation through the registry; in the background, as
        # queuing them starts the Dask cluster
        jobs.set_operation_resolver(lambda process_id: get_operation(process_id).run)
        with _STARTED_RECOVERY["lock"]:  # once per process (pygeoapi makes several managers)
            if _STARTED_RECOVERY["pid"] != os.getpid():
                _STARTED_RECOVERY["pid"] = os.getpid()
                threading.Thread(target=self._recover, name="opendias-recover-jobs",
                                 daemon=True).start()

    def _recover(self) -> None:
        try:
            jobs.recover_lost_jobs(self.store, ask_scheduler=False)
        except Exception:  # noqa: BLE001 - never prevent the service from starting
            LOGGER.exception("could not check for lost jobs")

    @property
    def store(self) -> jobs.JobStore:
        """The job store, opened on first use: a database that is down when the service
        starts does not stop it from starting (/ready says what is wrong)."""
        if self._store is None:
            self._store = jobs.JobStore()
        return self._store

    def _housekeeping(self) -> None:
        if time.monotonic() - _LAST_RECOVERY["at"] < 30:
            return
        _LAST_RECOVERY["at"] = time.monotonic()
        try:
            jobs.recover_lost_jobs(self.store)
            jobs.cleanup_expired(self.store)
        except Exception:  # noqa: BLE001
            LOGGER.exception("job housekeeping failed")

    # -- records, as pygeoapi's job dictionaries --------------------------------------------
    @staticmethod
    def _as_pygeoapi(job: dict) -> dict:
        return {
            "type": "process",
            "identifier": job["id"],
            "process_id": job["process_id"],
            "status": job["status"],
            "message": job["message"],
            "progress": job["progress"],
            "created": job["created"],
            "started": job["started"] or job["created"],
            "finished": job["finished"],
            "updated": job["updated"],
            "mimetype": job["mimetype"],
            "location": None,
            "parameters": None,
        }

    def get_jobs(self, status: JobStatus = None, limit=None, offset=None) -> dict:
        self._housekeeping()
        statuses = _request_list("status")
        if status is not None and not statuses:
            statuses = [getattr(status, "value", status)]
        environ = _request_environ()
        owner = (jobs.EVERY_OWNER if owners.is_operator(environ) and _wants_all()
                 else owners.owner_id(environ))
        found, matched = self.store.list(owner=owner, status=statuses,
                                         process_id=_request_list("processID"),
                                         limit=limit, offset=offset or 0)
        return {"jobs": [self._as_pygeoapi(j) for j in found], "numberMatched": matched}

    def _visible(self, job_id: str) -> dict:
        """The job, if the request may see it; else JobNotFoundError, as for no such job."""
        job = self.store.get(job_id)
        if not owners.may_see(_request_environ(), job):
            raise JobNotFoundError(job_id)
        return job

    def get_job(self, job_id: str) -> dict:
        self._housekeeping()
        return self._as_pygeoapi(self._visible(job_id))

    def add_job(self, job_metadata: dict) -> str:
        job_id = job_metadata["identifier"]
        self.store.add(job_id, job_metadata["process_id"], {},
                       owner=owners.owner_id(_request_environ()))
        return job_id

    def update_job(self, job_id: str, update_dict: dict) -> bool:
        allowed = {"status", "message", "progress", "finished", "updated", "mimetype"}
        return self.store.update(job_id, **{k: v for k, v in update_dict.items()
                                            if k in allowed})

    def get_job_result(self, job_id: str) -> Tuple[str, Any]:
        job = self._visible(job_id)
        if job["status"] != jobs.SUCCESSFUL:
            return (None,)
        if job["result"] is None:
            raise JobResultNotFoundError(job_id)
        return "application/json", job["result"]

    def delete_job(self, job_id: str) -> bool:
        self._visible(job_id)
        if jobs.dismiss(job_id) is None:
            raise JobNotFoundError(job_id)
        return True

    # -- execution --------------------------------------------------------------------------
    def execute_process(self, process_id: str, data_dict: dict, execution_mode=None,
                        requested_outputs=None, subscriber=None,
                        requested_response=RequestedResponse.raw.value):
        if process_id not in self.processes:
            raise UnknownProcessError(f"unknown process {process_id!r}")
        try:
            operation = get_operation(process_id)
            inputs = admit(operation, data_dict, owners.requester(_request_environ()))
        except OpendiasError as err:
            raise OpendiasProcessError(err) from err
        job_id = jobs.new_job_id()
        self.store.add(job_id, process_id, inputs, owner=owners.owner_id(_request_environ()))
        future = jobs.submit(job_id, operation.run, inputs)
        if execution_mode == RequestedProcessExecutionMode.respond_async:
            return (job_id, "application/json", None, JobStatus.accepted,
                    {"Preference-Applied": RequestedProcessExecutionMode.respond_async.value})
        job = jobs.wait(job_id, future)
        headers = None
        if execution_mode == RequestedProcessExecutionMode.wait:
            headers = {"Preference-Applied": RequestedProcessExecutionMode.wait.value}
        status = JobStatus(job["status"])
        if status == JobStatus.successful:
            outputs = job["result"]
            if requested_response == RequestedResponse.document.value:
                outputs = {"outputs": {"result": outputs.get("result")}, "links":
                           outputs.get("links", [])}
        else:
            outputs = error_body(job["error"] or {"status": 500, "code": "NoApplicableCode",
                                                  "title": "Job failed",
                                                  "detail": job["message"]})
            status = JobStatus.failed
        return job_id, "application/json", outputs, status, headers

    def __repr__(self):
        return f"<OpendiasJobManager> {self.name}"
