"""Alembic migrations of the service's database (env.py, versions/), found by their folder
so that an installed package carries them (no alembic.ini): opendias.database.upgrade_schema
applies them when a process first opens the database.

A new revision, from a checkout, with a database at the current head:

    from alembic import command
    from opendias.database import alembic_config

    config = alembic_config()
    config.set_main_option("sqlalchemy.url", "sqlite:///var/jobs.sqlite")
    command.revision(config, message="what changes", autogenerate=True, rev_id="0005")

then rename the file `0005_what_changes.py` and check its operations. Never edit a revision
that has been released.
"""

from __future__ import annotations

import sqlalchemy as sa


def target_metadata() -> sa.MetaData:
    """The shared MetaData with every table of the service defined on it (each package
    defines its own tables: importing them is what puts them there)."""
    import opendias.graphs.schema  # noqa: F401 - stored openEO process graphs
    import opendias.identity.schema  # noqa: F401 - users, tokens, refresh tokens
    import opendias.jobs.schema  # noqa: F401 - jobs
    import opendias.support.schema  # noqa: F401 - support messages
    from opendias.database.metadata import METADATA

    return METADATA
