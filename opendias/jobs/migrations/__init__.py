"""Alembic migrations of the job store (env.py, versions/), found by their folder so that
an installed package carries them (no alembic.ini): opendias.jobs.schema.upgrade_schema
applies them when a process first opens the database.

A new revision, from a checkout, with a database at the current head:

    from alembic import command
    from opendias.jobs.schema import alembic_config

    config = alembic_config()
    config.set_main_option("sqlalchemy.url", "sqlite:///var/jobs.sqlite")
    command.revision(config, message="what changes", autogenerate=True, rev_id="0002")

then rename the file `0002_what_changes.py` and check its operations. Never edit a revision
that has been released.
"""
