"""Asynchronous jobs: a store shared by every web worker, and a runner on Dask distributed.

A job is a row in the job store (SQLAlchemy: a SQLite file under $OPENDIAS_HOME by default,
PostgreSQL when OPENDIAS_DATABASE_URL says so). The web workers (gunicorn) add the row and
submit one Dask task per job with the operation's callable; the task runs it on a Dask
worker, reports its progress into the row, writes its files under a temporary folder renamed
when complete, and records the outcome: the result links, or why it failed in words the user
can act on. Its settings are those of opendias.config (OPENDIAS_DATABASE_URL,
OPENDIAS_DASK_*, OPENDIAS_RESULTS_*, OPENDIAS_MAX_JOB_CELLS).

| module | what it holds |
| --- | --- |
| schema | statuses, times, the table (migrated by opendias.database) |
| store | JobStore (on opendias.database's engines and retries) |
| results | result folders, links to result files, media types, removal |
| links | signed, expiring links to result files (no credentials needed) |
| runner | the Dask task (run_job), JobContext, progress, JobDismissed |
| cluster | the LocalCluster or external scheduler, submit, wait, dismiss |
| attempts | attempts and their history, running lost jobs again (set_operation_resolver) |
| lifecycle | recovery of lost jobs (run again or failed), retention (cleanup_expired) |
| quota | the results quota (enforce_quota) |

A job has an owner (a user id, None when submitted anonymously); the fronts decide who may
see it. The fronts (OGC API - Processes, WPS) use the names exported here.
"""

from opendias.jobs import attempts
from opendias.jobs.attempts import set_operation_resolver
from opendias.jobs.cluster import (KEY_PREFIX, STOPPED_REASON, dask_client, dismiss,
                                   scheduler_address, submit, wait)
from opendias.jobs.lifecycle import cleanup_expired, recover_lost_jobs
from opendias.jobs.links import EXPIRES, SIGNATURE, sign_url, signed_url, verify as verify_link
from opendias.jobs.results import (guess_media_type, job_results_dir, remove_results,
                                   result_job_ids, result_links)
from opendias.jobs.runner import JobContext, JobDismissed, Operation, run_job
from opendias.jobs.schema import (ACCEPTED, DATETIME_FORMAT, DISMISSED, FAILED, FINAL,
                                  JOB_STATUSES, JOBS, METADATA, RUNNING, SUCCESSFUL,
                                  now_text)
from opendias.jobs.store import EVERY_OWNER, JobStore, new_job_id

__all__ = [
    "attempts", "EXPIRES", "SIGNATURE", "ACCEPTED", "RUNNING", "SUCCESSFUL", "FAILED",
    "DISMISSED", "FINAL", "JOB_STATUSES",
    "DATETIME_FORMAT", "EVERY_OWNER", "KEY_PREFIX", "STOPPED_REASON", "JOBS", "METADATA", "JobStore",
    "JobContext", "JobDismissed", "Operation", "cleanup_expired", "dask_client", "dismiss",
    "guess_media_type", "job_results_dir", "new_job_id", "now_text", "recover_lost_jobs",
    "remove_results", "result_job_ids", "result_links", "run_job", "scheduler_address",
    "set_operation_resolver",
    "sign_url", "signed_url", "submit", "verify_link", "wait",
]
