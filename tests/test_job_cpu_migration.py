"""Revision 0006_job_cpu records the CPU seconds of each job: a database at 0005_job_attempts
keeps its jobs (cpu_seconds NULL: not measured), and loses only the column going back down;
on SQLite and on the throwaway PostgreSQL server of test_jobs_postgres."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from test_job_owner_migration import empty_database  # noqa: F401 - SQLite and PostgreSQL
from test_job_store_migrations import _revision, pg_database  # noqa: F401
from test_jobs_postgres import pg_url  # noqa: F401 - the module's PostgreSQL server


def test_cpu_revision_keeps_the_jobs_and_counts_from_then_on(empty_database):
    from alembic import command

    from opendias import database
    from opendias.jobs import JobStore

    engine = sa.create_engine(empty_database)
    try:
        database.upgrade_schema(engine, "0005_job_attempts")
        with engine.begin() as conn:
            conn.execute(sa.text("insert into opendias_jobs (id, process_id, status, message, "
                                 "progress, inputs, created, updated, finished, mimetype, "
                                 "origin, owner) values ('kept', 'subset', 'successful', '', "
                                 "100, '{}', 'c', 'u', '2026-12-01T00:00:01.000000Z', "
                                 "'application/json', 'ogcapi', 'user-1')"))
        database.upgrade_schema(engine, "0006_job_cpu")
        assert _revision(engine) == ["0006_job_cpu"]
        with engine.connect() as conn:
            assert conn.execute(sa.text("select cpu_seconds from opendias_jobs")).all() == [
                (None,)]
        database.upgrade_schema(engine, "head")
        store = JobStore(empty_database)
        assert store.cpu_seconds_since("user-1", "2026-12-01T00:00:00.000000Z") == 0.0
        store.add_cpu_seconds("kept", 1.5)
        store.add_cpu_seconds("kept", 2.0)
        assert store.get("kept")["cpu_seconds"] == pytest.approx(3.5)
        assert store.cpu_seconds_since("user-1", "2026-12-01T00:00:00.000000Z") == 3.5
        assert store.cpu_seconds_since("user-1", "2026-12-01T00:00:02.000000Z") == 0.0
        assert store.cpu_seconds_since("user-2", "2026-12-01T00:00:00.000000Z") == 0.0
        with engine.begin() as conn:
            command.downgrade(database.alembic_config(conn), "0005_job_attempts")
        columns = [c["name"] for c in sa.inspect(engine).get_columns("opendias_jobs")]
        assert "cpu_seconds" not in columns and "owner" in columns
        with engine.connect() as conn:
            assert conn.execute(sa.text("select count(*) from opendias_jobs")).scalar() == 1
    finally:
        engine.dispose()
