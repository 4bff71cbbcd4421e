"""Revision 0004_job_owner gives jobs an owner: a database at 0003_usage_and_terms keeps its jobs (owner NULL, i.e.
anonymous), gets the indexed column, and loses only it going back down; on SQLite and on
the throwaway PostgreSQL server of test_jobs_postgres."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from test_job_store_migrations import _differences, _revision, pg_database  # noqa: F401
from test_jobs_postgres import pg_url  # noqa: F401 - the module's PostgreSQL server


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'service.sqlite'}"
    return request.getfixturevalue("pg_database")


def test_owner_revision_keeps_the_jobs_anonymous_and_adds_owner(empty_database):
    from alembic import command

    from opendias import database
    from opendias.jobs import EVERY_OWNER, JobStore

    engine = sa.create_engine(empty_database)
    try:
        database.upgrade_schema(engine, "0003_usage_and_terms")
        with engine.begin() as conn:
            conn.execute(sa.text("insert into opendias_jobs (id, process_id, status, message, "
                                 "progress, inputs, created, updated, mimetype, origin) values "
                                 "('kept', 'subset', 'successful', '', 100, '{}', 'c', 'u', "
                                 "'application/json', 'ogcapi')"))
        database.upgrade_schema(engine, "0004_job_owner")
        assert _revision(engine) == ["0004_job_owner"]
        indexes = {i["name"]: i["column_names"]
                   for i in sa.inspect(engine).get_indexes("opendias_jobs")}
        assert indexes["ix_opendias_jobs_owner"] == ["owner"]
        database.upgrade_schema(engine)  # the later revisions: the tables as defined
        assert _differences(engine) == []
        store = JobStore(empty_database)
        assert store.get("kept")["owner"] is None
        store.add("mine", "subset", {}, owner="user-1")
        assert [j["id"] for j in store.list(owner=None)[0]] == ["kept"]
        assert [j["id"] for j in store.list(owner="user-1")[0]] == ["mine"]
        assert store.list(owner="user-2") == ([], 0)
        assert {j["id"] for j in store.list(owner=EVERY_OWNER)[0]} == {"kept", "mine"}
        with engine.begin() as conn:
            command.downgrade(database.alembic_config(conn), "0003_usage_and_terms")
        columns = [c["name"] for c in sa.inspect(engine).get_columns("opendias_jobs")]
        assert "owner" not in columns and "origin" in columns
        with engine.connect() as conn:
            assert conn.execute(sa.text("select count(*) from opendias_jobs")).scalar() == 2
    finally:
        engine.dispose()
