"""Column types the revisions share, frozen here for them (a revision must not follow later
changes of the tables' definitions): text times and ids compare byte-wise ("C" collation) on
PostgreSQL, as in SQLite (see opendias.database.metadata)."""

import sqlalchemy as sa

TIME = sa.String(32).with_variant(sa.String(32, collation="C"), "postgresql")
ID = sa.String(64).with_variant(sa.String(64, collation="C"), "postgresql")
