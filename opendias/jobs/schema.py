"""The job record: its statuses, its times and its table.

The table is defined here for SQLAlchemy (queries, and what autogenerate compares a database
with), on the service's shared MetaData (opendias.database); the database itself is made and
evolved by the Alembic revisions of opendias.database (0001 creates this table as
`create_all` did). A new column is a change here and a new revision there.
"""

from __future__ import annotations

import sqlalchemy as sa

from opendias.database import (DATETIME_FORMAT, ID_TEXT, METADATA, TIME_TEXT, now_text,
                               parse_time)

ACCEPTED, RUNNING, SUCCESSFUL, FAILED, DISMISSED = (
    "accepted", "running", "successful", "failed", "dismissed")
JOB_STATUSES = (ACCEPTED, RUNNING, SUCCESSFUL, FAILED, DISMISSED)
FINAL = (SUCCESSFUL, FAILED, DISMISSED)
__all__ = ["ACCEPTED", "RUNNING", "SUCCESSFUL", "FAILED", "DISMISSED", "JOB_STATUSES", "FINAL",
           "DATETIME_FORMAT", "METADATA", "JOBS", "now_text", "parse_time"]


# -- the table -------------------------------------------------------------------------------

# Times and ids are text compared byte-wise (opendias.database.metadata); JSON documents
# (inputs, result, error, history) are text for the same reason.
_TIME = TIME_TEXT
_ID = ID_TEXT
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
    sa.Column("error", sa.Text),           # JSON facts of a failed job's error
    sa.Column("scheduler", sa.String(256)),  # Dask scheduler address it was submitted to
    sa.Column("worker", sa.String(256)),     # Dask worker (name@address) that ran it
    sa.Column("origin", sa.String(16), nullable=False, default="ogcapi"),  # ogcapi | wps
    # the id of the user who submitted it (opendias.identity); NULL: submitted anonymously
    # (revision 0003)
    sa.Column("owner", _ID, index=True),
    # how many times it was started, and each attempt: [{attempt, started, ended, worker,
    # outcome, message}] as JSON (opendias.jobs.attempts; revision 0005_job_attempts)
    sa.Column("attempts", sa.Integer, nullable=False, default=0, server_default=sa.text("0")),
    sa.Column("history", sa.Text),
    # CPU seconds the job used on its Dask worker, over all its attempts (revision 0006_job_cpu)
    sa.Column("cpu_seconds", sa.Float),
)
