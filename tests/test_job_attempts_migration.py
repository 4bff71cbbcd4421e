"""Revision 0005_job_attempts gives jobs their attempts and the history of them: a database
at 0004_job_owner keeps its jobs (0 attempts, no history), the store then counts and keeps
them, and going back down loses only the two columns; on SQLite and on the throwaway
PostgreSQL server of test_jobs_postgres."""

from __future__ import annotations

import sqlalchemy as sa

from test_job_owner_migration import empty_database  # noqa: F401 - SQLite and PostgreSQL
from test_job_store_migrations import _differences, _revision, pg_database  # noqa: F401
from test_jobs_postgres import pg_url  # noqa: F401 - the module's PostgreSQL server


def test_attempts_revision_keeps_the_jobs_and_counts_attempts(empty_database):
    from alembic import command

    from opendias import database
    from opendias.jobs import JobStore, attempts

    engine = sa.create_engine(empty_database)
    try:
        database.upgrade_schema(engine, "0004_job_owner")
        with engine.begin() as conn:
            conn.execute(sa.text("insert into opendias_jobs (id, process_id, status, message, "
                                 "progress, inputs, created, updated, mimetype, origin) values "
                                 "('kept', 'subset', 'running', '', 50, '{}', 'c', 'u', "
                                 "'application/json', 'ogcapi')"))
        database.upgrade_schema(engine, "0005_job_attempts")
        assert _revision(engine) == ["0005_job_attempts"]
        database.upgrade_schema(engine)
        assert _differences(engine) == []
        store = JobStore(empty_database)
        kept = store.get("kept")
        assert (kept["attempts"], kept["history"]) == (0, [])
        history = attempts.started(kept["history"], "w1@tcp://a")
        history = attempts.ended(history, attempts.LOST, "its worker died")
        history = attempts.started(history, "w2@tcp://b")
        assert store.update("kept", attempts=2, history=history, only_if={"attempts": 0})
        assert not store.update("kept", attempts=3, only_if={"attempts": 0})  # one writer wins
        kept = store.get("kept")
        assert kept["attempts"] == 2
        assert [(a["attempt"], a["worker"], a["outcome"], a["message"])
                for a in kept["history"]] == [(1, "w1@tcp://a", "lost", "its worker died"),
                                              (2, "w2@tcp://b", "running", None)]
        assert kept["history"][0]["ended"] >= kept["history"][0]["started"]
        assert kept["history"][1]["ended"] is None
        with engine.begin() as conn:
            command.downgrade(database.alembic_config(conn), "0004_job_owner")
        columns = [c["name"] for c in sa.inspect(engine).get_columns("opendias_jobs")]
        assert "attempts" not in columns and "history" not in columns and "owner" in columns
        with engine.connect() as conn:
            assert conn.execute(sa.text("select status from opendias_jobs")).scalar() == "running"
    finally:
        engine.dispose()
