"""The job store's schema is made and evolved by Alembic (opendias/database/migrations): a new
database is migrated to the head revision; a database made by `create_all` before migrations
(the table, no opendias_alembic_version) keeps its rows and is stamped at the baseline revision; the
migrated schema is the one the SQLAlchemy table describes (autogenerate finds no difference),
on SQLite and on the throwaway PostgreSQL server of test_jobs_postgres."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from conftest import add_jobs_from_processes
from test_jobs_postgres import pg_url  # noqa: F401 - the module's PostgreSQL server


def _old_table(metadata: sa.MetaData, *, drift: bool = False) -> sa.Table:
    """opendias_jobs as `METADATA.create_all` made it before migrations (written out here, so
    that later revisions of the live table do not change what "the old way" means); with
    `drift`, a table that differs: no index on status, a shorter worker, no origin."""
    time = sa.String(32).with_variant(sa.String(32, collation="C"), "postgresql")
    ident = sa.String(64).with_variant(sa.String(64, collation="C"), "postgresql")
    return sa.Table(
        "opendias_jobs", metadata,
        sa.Column("id", ident, primary_key=True),
        sa.Column("process_id", sa.String(128), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, index=not drift),
        sa.Column("message", sa.Text, nullable=False, default=""),
        sa.Column("progress", sa.Integer, nullable=False, default=0),
        sa.Column("inputs", sa.Text, nullable=False, default="{}"),
        sa.Column("created", time, nullable=False, index=True),
        sa.Column("started", time),
        sa.Column("finished", time),
        sa.Column("updated", time, nullable=False),
        sa.Column("mimetype", sa.String(128), nullable=False, default="application/json"),
        sa.Column("result", sa.Text),
        sa.Column("error", sa.Text),
        sa.Column("scheduler", sa.String(256)),
        sa.Column("worker", sa.String(100 if drift else 256)),
        *([] if drift else [sa.Column("origin", sa.String(16), nullable=False,
                                      default="ogcapi")]),
    )


def _revision(engine: sa.Engine) -> list[str]:
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(sa.text("select version_num from opendias_alembic_version"))]


def _differences(engine: sa.Engine) -> list:
    from opendias.database import VERSION_TABLE
    from opendias.database.migrations import target_metadata

    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                         "compare_server_default": True,
                                                         "version_table": VERSION_TABLE})
        return compare_metadata(context, target_metadata())


@pytest.fixture()
def pg_database(pg_url):  # noqa: F811
    """URL of a new, empty database on the module's PostgreSQL server."""
    admin = sa.create_engine(pg_url.rsplit("/", 1)[0] + "/postgres",
                             isolation_level="AUTOCOMMIT")
    name = f"migrations_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    try:
        yield pg_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'jobs.sqlite'}"
    return request.getfixturevalue("pg_database")


def test_head_revision_is_the_baseline_or_follows_it():
    from alembic.script import ScriptDirectory

    from opendias import database

    script = ScriptDirectory.from_config(database.alembic_config())
    revisions = list(script.walk_revisions())
    assert revisions[-1].revision == database.BASELINE_REVISION
    assert revisions[-1].down_revision is None
    assert script.get_current_head() == database.head_revision() == revisions[0].revision


def test_new_database_is_migrated_to_head(empty_database):
    from opendias import jobs
    from opendias import database

    store = jobs.JobStore(empty_database)
    inspector = sa.inspect(store.engine)
    assert {"opendias_jobs", "opendias_alembic_version"} <= set(inspector.get_table_names())
    assert _revision(store.engine) == [database.head_revision()]
    columns = {c["name"]: c for c in inspector.get_columns("opendias_jobs")}
    assert list(columns) == [c.name for c in jobs.JOBS.columns]
    assert inspector.get_pk_constraint("opendias_jobs")["constrained_columns"] == ["id"]
    indexes = {i["name"]: i["column_names"] for i in inspector.get_indexes("opendias_jobs")}
    assert indexes == {"ix_opendias_jobs_status": ["status"],
                       "ix_opendias_jobs_created": ["created"],
                       "ix_opendias_jobs_owner": ["owner"]}
    if store.engine.dialect.name == "postgresql":
        # text times and ids sort byte-wise, as in SQLite
        for name in ("id", "created", "started", "finished", "updated", "owner"):
            assert columns[name]["type"].collation == "C", name
        assert columns["process_id"]["type"].collation is None
    job = store.add("j1", "subset", {"a": 1}, owner=None)
    assert store.get("j1") == job


def test_migrated_schema_is_the_table_definition(empty_database):
    """Alembic's autogenerate compares the migrated database with the shared METADATA (every table): a column,
    type, length, nullability or index that differs is reported (and fails this test).
    It does not compare collations: test_new_database_is_migrated_to_head checks those."""
    from opendias import jobs

    store = jobs.JobStore(empty_database)
    assert _differences(store.engine) == []


def test_comparison_sees_a_difference(empty_database):
    """The comparison above is not blind: a database missing an index and a column, with a
    column of another length, is reported as different."""
    metadata = sa.MetaData()
    _old_table(metadata, drift=True)
    engine = sa.create_engine(empty_database)
    try:
        metadata.create_all(engine)
        found = _differences(engine)
    finally:
        engine.dispose()
    kinds = {d[0] if isinstance(d, tuple) else d[0][0] for d in found}
    assert {"add_index", "add_column", "modify_type"} <= kinds, found


def test_database_made_before_migrations_is_stamped_and_keeps_its_rows(empty_database):
    from opendias import jobs
    from opendias import database

    metadata = sa.MetaData()
    old = _old_table(metadata)
    engine = sa.create_engine(empty_database)
    try:
        metadata.create_all(engine)
        with engine.begin() as conn:
            conn.execute(old.insert().values(
                id="kept", process_id="subset", status="successful", message="Job complete",
                progress=100, inputs='{"dataset": "med-sst-l4"}',
                created="2025-01-31T12:00:00.000000Z", updated="2025-01-31T12:05:00.000000Z",
                finished="2025-01-31T12:05:00.000000Z", mimetype="application/json",
                result='{"links": []}', origin="wps"))
        assert "opendias_alembic_version" not in sa.inspect(engine).get_table_names()
    finally:
        engine.dispose()

    store = jobs.JobStore(empty_database)
    assert _revision(store.engine) == [database.head_revision()]
    job = store.get("kept")
    assert job["status"] == jobs.SUCCESSFUL and job["inputs"] == {"dataset": "med-sst-l4"}
    assert job["result"] == {"links": []} and job["origin"] == "wps"
    assert store.list()[1] == 1
    store.add("new", "subset", {}, owner=None)
    assert {j["id"] for j in store.list()[0]} == {"kept", "new"}
    assert _differences(store.engine) == []


def test_database_at_head_is_left_alone(empty_database):
    """A second process opening a migrated database changes nothing."""
    from opendias import database

    engine = sa.create_engine(empty_database)
    try:
        database.upgrade_schema(engine)
        with engine.begin() as conn:
            conn.execute(sa.text("insert into opendias_jobs (id, process_id, status, message, "
                                 "progress, inputs, created, updated, mimetype, origin) values "
                                 "('a', 'subset', 'accepted', '', 0, '{}', 'c', 'u', "
                                 "'application/json', 'ogcapi')"))
        database.upgrade_schema(engine)
        with engine.connect() as conn:
            assert conn.execute(sa.text("select count(*) from opendias_jobs")).scalar() == 1
        assert _revision(engine) == [database.head_revision()]
    finally:
        engine.dispose()


def test_processes_starting_together_on_a_new_sqlite_file(tmp_path):
    """Gunicorn and Dask workers starting together on a new SQLite file take turns: all of
    them start, the table is made once and the version recorded once."""
    url = f"sqlite:///{tmp_path / 'jobs.sqlite'}"
    add_jobs_from_processes(url, 6)
    from opendias import database

    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text("select count(*) from opendias_jobs")).scalar() == 6
        assert _revision(engine) == [database.head_revision()]
    finally:
        engine.dispose()
