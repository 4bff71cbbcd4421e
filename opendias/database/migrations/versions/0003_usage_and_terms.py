"""Quota usage counters and accepted terms of use (opendias.identity.schema: USAGE,
TERMS_ACCEPTED).

Revision ID: 0003_usage_and_terms
Revises: 0002
Create Date: 2025-06-20
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from opendias.database.migrations.columns import ID as _ID
from opendias.database.migrations.columns import TIME as _TIME

revision = "0003_usage_and_terms"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "opendias_usage",
        sa.Column("user_id", _ID, sa.ForeignKey("opendias_users.id"), primary_key=True),
        sa.Column("counter", sa.String(64), primary_key=True),
        sa.Column("window_start", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("value", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "opendias_terms_accepted",
        sa.Column("user_id", _ID, sa.ForeignKey("opendias_users.id"), primary_key=True),
        sa.Column("term_id", sa.String(128), primary_key=True),
        sa.Column("accepted", _TIME, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("opendias_terms_accepted")
    op.drop_table("opendias_usage")
