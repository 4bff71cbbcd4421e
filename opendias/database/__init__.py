"""The service's one database: jobs, users, tokens (and later usage counters and accepted
terms) in the same SQLAlchemy database, a SQLite file under $OPENDIAS_HOME by default,
PostgreSQL when OPENDIAS_DATABASE_URL says so, evolved by one line of Alembic revisions.

| module | what it holds |
| --- | --- |
| metadata | the shared MetaData, text time and id column types, now_text |
| engine | engines (one per process and URL, fork-safe, migrated on first use) |
| writes | retry of transient errors, cleaning of values |
| migrate | the Alembic configuration, upgrade_schema, revisions (migrations/) |

Each table is defined by the package that owns it (opendias.jobs.schema,
opendias.identity.schema) on the shared METADATA.
"""

from opendias.database.engine import engine, normalise_url
from opendias.database.metadata import (DATETIME_FORMAT, ID_TEXT, METADATA, TIME_TEXT,
                                        now_text, parse_time)
from opendias.database.migrate import (BASELINE_REVISION, VERSION_TABLE, alembic_config,
                                       current_revision, head_revision, upgrade_schema)
from opendias.database.writes import clean, max_lengths, retry

__all__ = [
    "BASELINE_REVISION", "DATETIME_FORMAT", "ID_TEXT", "METADATA", "TIME_TEXT",
    "VERSION_TABLE", "alembic_config", "clean", "current_revision", "engine",
    "head_revision", "max_lengths", "normalise_url", "now_text", "parse_time", "retry",
    "upgrade_schema",
]
