"""Alembic's environment of the service's database: migrates the connection that
opendias.database.migrate hands over (config.attributes["connection"]), inside that
connection's transaction (so PostgreSQL's advisory lock taken there is held throughout);
or, for the `alembic` command line, the URL given by `-x url=...` or the `sqlalchemy.url`
option."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from opendias.database.migrate import VERSION_TABLE
from opendias.database.migrations import target_metadata

config = context.config


def _run(connection: sa.Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata(),
                      version_table=VERSION_TABLE,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url")
    if not url:
        raise RuntimeError("give the database's URL: alembic -x url=... (or sqlalchemy.url)")
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            _run(connection)
    finally:
        engine.dispose()


def run_migrations_offline() -> None:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url")
    context.configure(url=url, target_metadata=target_metadata(), version_table=VERSION_TABLE,
                      literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
