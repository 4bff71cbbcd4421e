"""The job record: its statuses, its times, its table, and its creation."""

from __future__ import annotations

import datetime as dt
import time

import sqlalchemy as sa

ACCEPTED, RUNNING, SUCCESSFUL, FAILED, DISMISSED = (
    "accepted", "running", "successful", "failed", "dismissed")
JOB_STATUSES = (ACCEPTED, RUNNING, SUCCESSFUL, FAILED, DISMISSED)
FINAL = (SUCCESSFUL, FAILED, DISMISSED)
DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def now_text() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime(DATETIME_FORMAT)


def _parse_time(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    return dt.datetime.strptime(text, DATETIME_FORMAT).replace(tzinfo=dt.timezone.utc)


# -- the table -------------------------------------------------------------------------------

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
    sa.Column("error", sa.Text),           # JSON facts of a failed job's error
    sa.Column("scheduler", sa.String(256)),  # Dask scheduler address it was submitted to
    sa.Column("worker", sa.String(256)),     # Dask worker (name@address) that ran it
    sa.Column("origin", sa.String(16), nullable=False, default="ogcapi"),  # ogcapi | wps
)
# PostgreSQL enforces VARCHAR lengths (SQLite does not): longer values are cut, so that an
# unusual worker name or message never leaves a job unrecorded
_MAX_LENGTH = {c.name: c.type.length for c in JOBS.columns
               if isinstance(c.type, sa.String) and c.type.length and not c.primary_key}


# -- creation --------------------------------------------------------------------------------

_SCHEMA_LOCK_KEY = 0x6F70656E64696173 & 0x7FFFFFFFFFFFFFFF  # "opendias": advisory lock id


def upgrade_schema(engine: sa.Engine) -> None:
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
