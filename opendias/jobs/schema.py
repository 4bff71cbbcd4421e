"""The job record: its statuses, its times, its table, and the migrations that make the table.

The table is defined here for SQLAlchemy (queries, and what autogenerate compares a database
with); the database itself is made and evolved by the Alembic revisions in
opendias/jobs/migrations/versions (the first one creates this table as `create_all` did).
A new column or table is a change here and a new revision there (`alembic revision
--autogenerate` with the migrations folder, see its env.py); `upgrade_schema` applies the
missing revisions when a process first opens the database.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import sqlalchemy as sa

from opendias.params import ISO_MICROSECONDS

ACCEPTED, RUNNING, SUCCESSFUL, FAILED, DISMISSED = (
    "accepted", "running", "successful", "failed", "dismissed")
JOB_STATUSES = (ACCEPTED, RUNNING, SUCCESSFUL, FAILED, DISMISSED)
FINAL = (SUCCESSFUL, FAILED, DISMISSED)
DATETIME_FORMAT = ISO_MICROSECONDS


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


# -- migrations ------------------------------------------------------------------------------

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# the revision that creates the table as `METADATA.create_all` made it before migrations: a
# database made that way (the table, no version table) is stamped at it, not made again
BASELINE_REVISION = "0001"
# Alembic's revision table, named for this application: the database may be shared with
# another application that Alembic migrates too
VERSION_TABLE = "opendias_alembic_version"
_SCHEMA_LOCK_KEY = 0x6F70656E64696173 & 0x7FFFFFFFFFFFFFFF  # "opendias": advisory lock id


def alembic_config(connection: sa.Connection | None = None):
    """Alembic's configuration of the job store's migrations (the folder of this installed
    package, no alembic.ini): with `connection`, its env.py migrates that connection."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(connection: sa.Connection) -> str | None:
    from alembic.migration import MigrationContext

    return MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE}) \
        .get_current_revision()


def _migrate(conn: sa.Connection) -> None:
    from alembic import command

    if current_revision(conn) == head_revision():
        return
    config = alembic_config(conn)
    if current_revision(conn) is None and sa.inspect(conn).has_table(JOBS.name):
        command.stamp(config, BASELINE_REVISION)  # made by create_all before migrations
    command.upgrade(config, "head")


def upgrade_schema(engine: sa.Engine) -> None:
    """Bring the database to the latest revision once, even when several processes
    (gunicorn workers, Dask workers) start together: in PostgreSQL two concurrent CREATE
    TABLE race (one fails on pg_type's unique index), so they take turns under an advisory
    lock, held by the transaction the migrations run in. SQLite's DDL does not wait for
    another connection's transaction: there the processes take turns under a file lock
    beside the database. A loser of a race all the same (a table or version row another
    process has just made) tries again."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if database and database != ":memory:" and not database.startswith("file:"):
        from filelock import FileLock

        with FileLock(f"{database}.migrate.lock", timeout=120):
            _upgrade_with_retries(engine)
    else:
        _upgrade_with_retries(engine)


def _upgrade_with_retries(engine: sa.Engine) -> None:
    for attempt in range(3):
        try:
            with engine.begin() as conn:
                if engine.dialect.name == "postgresql":
                    conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"),
                                 {"key": _SCHEMA_LOCK_KEY})
                _migrate(conn)
            return
        except (sa.exc.ProgrammingError, sa.exc.OperationalError,
                sa.exc.IntegrityError) as err:
            text = str(err).lower()
            if attempt == 2 or not ("already exists" in text or "locked" in text
                                    or "duplicate" in text or "unique" in text):
                raise
            time.sleep(0.2 * (attempt + 1))
