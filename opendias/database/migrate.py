"""The service's schema, made and evolved by the Alembic revisions in
opendias/database/migrations/versions (0001: the job table, as `create_all` made it before
migrations; 0002: users, personal access tokens and refresh tokens). A new column or table
is a change to its table definition (opendias.jobs.schema, opendias.identity.schema) and a
new revision there (see migrations/__init__.py); `upgrade_schema` applies the missing
revisions when a process first opens the database."""

from __future__ import annotations

import time
from pathlib import Path

import sqlalchemy as sa

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# the revision that creates the job table as `METADATA.create_all` made it before
# migrations: a database made that way (the table, no version table) is stamped at it, not
# made again
BASELINE_REVISION = "0001"
BASELINE_TABLE = "opendias_jobs"
# Alembic's revision table, named for this application: the database may be shared with
# another application that Alembic migrates too
VERSION_TABLE = "opendias_alembic_version"
_SCHEMA_LOCK_KEY = 0x6F70656E64696173 & 0x7FFFFFFFFFFFFFFF  # "opendias": advisory lock id


def alembic_config(connection: sa.Connection | None = None):
    """Alembic's configuration of the service's migrations (the folder of this installed
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


def _migrate(conn: sa.Connection, target: str) -> None:
    from alembic import command

    if target == "head" and current_revision(conn) == head_revision():
        return
    config = alembic_config(conn)
    if current_revision(conn) is None and sa.inspect(conn).has_table(BASELINE_TABLE):
        command.stamp(config, BASELINE_REVISION)  # made by create_all before migrations
    command.upgrade(config, target)


def upgrade_schema(engine: sa.Engine, target: str = "head") -> None:
    """Bring the database to the latest revision (or `target`) once, even when several
    processes (gunicorn workers, Dask workers) start together: in PostgreSQL two concurrent
    CREATE TABLE race (one fails on pg_type's unique index), so they take turns under an
    advisory lock, held by the transaction the migrations run in. SQLite's DDL does not wait
    for another connection's transaction: there the processes take turns under a file lock
    beside the database. A loser of a race all the same (a table or version row another
    process has just made) tries again."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if database and database != ":memory:" and not database.startswith("file:"):
        from filelock import FileLock

        with FileLock(f"{database}.migrate.lock", timeout=120):
            _upgrade_with_retries(engine, target)
    else:
        _upgrade_with_retries(engine, target)


def _upgrade_with_retries(engine: sa.Engine, target: str) -> None:
    for attempt in range(3):
        try:
            with engine.begin() as conn:
                if engine.dialect.name == "postgresql":
                    conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"),
                                 {"key": _SCHEMA_LOCK_KEY})
                _migrate(conn, target)
            return
        except (sa.exc.ProgrammingError, sa.exc.OperationalError,
                sa.exc.IntegrityError) as err:
            text = str(err).lower()
            if attempt == 2 or not ("already exists" in text or "locked" in text
                                    or "duplicate" in text or "unique" in text):
                raise
            time.sleep(0.2 * (attempt + 1))
