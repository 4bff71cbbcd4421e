"""Users, personal access tokens and refresh tokens (opendias.identity.schema).

Revision ID: 0002
Revises: 0001
Create Date: 2025-06-15
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from opendias.database.migrations.columns import ID as _ID
from opendias.database.migrations.columns import TIME as _TIME

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "opendias_users",
        sa.Column("id", _ID, primary_key=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("name_key", sa.String(64), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("plan", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False),
        sa.Column("created", _TIME, nullable=False),
        sa.Column("updated", _TIME, nullable=False),
    )
    op.create_index("ux_opendias_users_name_key", "opendias_users", ["name_key"], unique=True)
    op.create_index("ux_opendias_users_email", "opendias_users", ["email"], unique=True)
    op.create_table(
        "opendias_tokens",
        sa.Column("id", _ID, primary_key=True),
        sa.Column("user_id", _ID, sa.ForeignKey("opendias_users.id"), nullable=False),
        sa.Column("label", sa.String(128), nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("created", _TIME, nullable=False),
        sa.Column("last_used", _TIME),
        sa.Column("revoked", _TIME),
    )
    op.create_index("ix_opendias_tokens_user_id", "opendias_tokens", ["user_id"])
    op.create_index("ux_opendias_tokens_secret_hash", "opendias_tokens", ["secret_hash"],
                    unique=True)
    op.create_table(
        "opendias_refresh_tokens",
        sa.Column("id", _ID, primary_key=True),
        sa.Column("user_id", _ID, sa.ForeignKey("opendias_users.id"), nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("created", _TIME, nullable=False),
        sa.Column("expires", _TIME, nullable=False),
        sa.Column("revoked", _TIME),
    )
    op.create_index("ix_opendias_refresh_tokens_user_id", "opendias_refresh_tokens",
                    ["user_id"])
    op.create_index("ux_opendias_refresh_tokens_secret_hash", "opendias_refresh_tokens",
                    ["secret_hash"], unique=True)


def downgrade() -> None:
    op.drop_table("opendias_refresh_tokens")
    op.drop_table("opendias_tokens")
    op.drop_table("opendias_users")
