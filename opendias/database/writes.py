"""What a write needs: trying again when the database says so, and values cleaned so that
SQLite and PostgreSQL keep the same records."""

from __future__ import annotations

import time
from typing import Callable

import sqlalchemy as sa

_LIMITS: dict[str, dict[str, int]] = {}


def retry(fn: Callable, attempts: int = 5):
    """Try again when the database says so: SQLite's "database is locked" under many
    concurrent writers; PostgreSQL's serialization failure or deadlock (SQLSTATE 40001,
    40P01), or a connection lost (a restarted server) that the pool has now replaced."""
    for i in range(attempts):
        try:
            return fn()
        except sa.exc.DBAPIError as err:
            transient = (
                (isinstance(err, sa.exc.OperationalError) and "locked" in str(err).lower())
                or getattr(err.orig, "sqlstate", None) in ("40001", "40P01")
                or err.connection_invalidated)
            if not transient or i == attempts - 1:
                raise
            time.sleep(0.1 * (i + 1))


def max_lengths(table: sa.Table) -> dict[str, int]:
    """The length limits of a table's text columns, except its primary key (PostgreSQL
    enforces VARCHAR lengths, SQLite does not)."""
    limits = _LIMITS.get(table.name)
    if limits is None:
        limits = {c.name: c.type.length for c in table.columns
                  if isinstance(c.type, sa.String) and c.type.length and not c.primary_key}
        _LIMITS[table.name] = limits
    return limits


def clean(values: dict, table: sa.Table) -> dict:
    """Values PostgreSQL accepts: no NUL character in text, no text longer than its
    column (SQLite takes both; the same cleaning keeps the two stores alike). Longer values
    are cut, so that an unusual worker name or message never leaves a record unwritten."""
    limits = max_lengths(table)
    for key, value in values.items():
        if isinstance(value, str):
            if "\x00" in value:
                value = value.replace("\x00", "")
            limit = limits.get(key)
            if limit and len(value) > limit:
                value = value[:limit - 1] + "\u2026"
            values[key] = value
    return values
