"""The service's one database (opendias.database): revision 0002 adds the identity tables
to a database at 0001 (its jobs kept), on SQLite and on the throwaway PostgreSQL server of
test_jobs_postgres; going back down removes only them; the identity core works on
PostgreSQL too (names PostgreSQL would refuse, such as a NUL, are refused before it)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from test_job_store_migrations import _differences, _revision, pg_database  # noqa: F401
from test_jobs_postgres import pg_url  # noqa: F401 - the module's PostgreSQL server

IDENTITY_TABLES = {"opendias_users", "opendias_tokens", "opendias_refresh_tokens"}
USAGE_TABLES = {"opendias_usage", "opendias_terms_accepted"}  # revision 0003_usage_and_terms
PASSWORD = "correct horse battery"


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'service.sqlite'}"
    return request.getfixturevalue("pg_database")


def test_revisions_are_one_line():
    from alembic.script import ScriptDirectory

    from opendias import database

    script = ScriptDirectory.from_config(database.alembic_config())
    assert [r.revision for r in script.walk_revisions()] == [
        "0008_openeo_process_graphs", "0007_support_messages", "0006_job_cpu", "0005_job_attempts", "0004_job_owner",
        "0003_usage_and_terms", "0002", "0001"]
    assert database.head_revision() == "0008_openeo_process_graphs"


def test_times_are_written_as_the_service_writes_them():
    from opendias import database, params

    assert database.DATETIME_FORMAT == params.ISO_MICROSECONDS
    assert database.parse_time(database.now_text()).tzinfo is not None


def test_0001_to_0002_keeps_the_jobs_and_adds_identity(empty_database):
    from alembic import command

    from opendias import database

    engine = sa.create_engine(empty_database)
    try:
        database.upgrade_schema(engine, "0001")
        assert _revision(engine) == ["0001"]
        tables = set(sa.inspect(engine).get_table_names())
        assert "opendias_jobs" in tables and not tables & IDENTITY_TABLES
        with engine.begin() as conn:
            conn.execute(sa.text("insert into opendias_jobs (id, process_id, status, message, "
                                 "progress, inputs, created, updated, mimetype, origin) values "
                                 "('kept', 'subset', 'successful', '', 100, '{}', 'c', 'u', "
                                 "'application/json', 'wps')"))
        database.upgrade_schema(engine)
        assert _revision(engine) == [database.head_revision()]
        inspector = sa.inspect(engine)
        assert IDENTITY_TABLES | USAGE_TABLES <= set(inspector.get_table_names())
        indexes = {i["name"]: (i["column_names"], bool(i["unique"]))
                   for i in inspector.get_indexes("opendias_users")}
        assert indexes == {"ux_opendias_users_name_key": (["name_key"], True),
                           "ux_opendias_users_email": (["email"], True)}
        fks = inspector.get_foreign_keys("opendias_tokens")
        assert [(f["referred_table"], f["referred_columns"]) for f in fks] == [
            ("opendias_users", ["id"])]
        with engine.connect() as conn:
            assert conn.execute(sa.text("select origin from opendias_jobs")).scalar() == "wps"
        assert _differences(engine) == []
        with engine.begin() as conn:  # and back down: only the identity tables go
            command.downgrade(database.alembic_config(conn), "0002")
        assert not set(sa.inspect(engine).get_table_names()) & USAGE_TABLES
        with engine.begin() as conn:
            command.downgrade(database.alembic_config(conn), "0001")
        tables = set(sa.inspect(engine).get_table_names())
        assert "opendias_jobs" in tables and not tables & IDENTITY_TABLES
        assert _revision(engine) == ["0001"]
    finally:
        engine.dispose()


def test_a_new_database_gets_every_table(empty_database):
    from opendias.identity import Accounts

    accounts = Accounts(empty_database)
    assert IDENTITY_TABLES | USAGE_TABLES | {"opendias_jobs"} <= set(
        sa.inspect(accounts.engine).get_table_names())
    assert _differences(accounts.engine) == []


def test_identity_on_postgresql(pg_database, monkeypatch):  # noqa: F811
    from opendias.errors import Conflict, InvalidParameter
    from opendias.identity import Accounts, Grants, Tokens

    monkeypatch.setenv("OPENDIAS_SECRET_KEY", "a test secret of the identity tests")
    accounts = Accounts(pg_database)
    assert accounts.engine.dialect.name == "postgresql"
    alice = accounts.register("alice", "alice@example.org", PASSWORD)
    with pytest.raises(Conflict):
        accounts.register("ALICE", "a2@example.org", PASSWORD)
    for name in ("bob\x00", "x' OR '1'='1", "a%"):
        with pytest.raises(InvalidParameter):
            accounts.register(name, "b@example.org", PASSWORD)
        assert accounts.get(name) is None and accounts.check_password(name, PASSWORD) is None
    assert accounts.check_password("alice", PASSWORD + "\x00") is None
    tokens = Tokens(pg_database)
    with pytest.raises(InvalidParameter):
        tokens.create("alice", "label\x00with NUL")
    record, secret = tokens.create("alice", "Ωmega ☂ laptop")
    assert tokens.list("alice")[0]["label"] == "Ωmega ☂ laptop"
    assert tokens.authenticate(secret) == alice
    assert tokens.authenticate(secret[:-1] + "\x00") is None
    grants = Grants(pg_database)
    answer = grants.password_grant("alice", PASSWORD)
    assert grants.verify_access(answer["access_token"]) == alice
    accounts.disable("alice")
    assert tokens.authenticate(secret) is None
    assert grants.verify_access(answer["access_token"]) is None
