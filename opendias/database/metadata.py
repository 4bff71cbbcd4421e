"""What every table of the service shares: one MetaData (the Alembic migrations compare the
database with it), the column types of text times and ids, and times as text.

Times are text, ISO 8601 in UTC with a fixed width ("2025-01-31T12:00:00.000000Z"), so the
same column sorts and compares chronologically in SQLite and PostgreSQL, and the records
read back are the strings the APIs show. PostgreSQL compares text with the database's
collation (a locale may weigh punctuation differently): time and id columns use "C" there,
byte order, as in SQLite.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

METADATA = sa.MetaData()
# opendias.params.ISO_MICROSECONDS (tested equal), not imported from there: opening the
# database (the CLI, the serving master process) needs no pandas
DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
TIME_TEXT = sa.String(32).with_variant(sa.String(32, collation="C"), "postgresql")
ID_TEXT = sa.String(64).with_variant(sa.String(64, collation="C"), "postgresql")


def now_text(offset: float = 0.0) -> str:
    """Now (plus `offset` seconds), as the text a time column holds."""
    moment = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=offset)
    return moment.strftime(DATETIME_FORMAT)


def parse_time(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    return dt.datetime.strptime(text, DATETIME_FORMAT).replace(tzinfo=dt.timezone.utc)
