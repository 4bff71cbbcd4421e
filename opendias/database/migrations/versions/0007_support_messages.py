"""Support messages (opendias.support.schema: SUPPORT_MESSAGES): what people sent with the
contact form, and what became of its e-mail.

Revision ID: 0007_support_messages
Revises: 0006_job_cpu
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from opendias.database.migrations.columns import ID as _ID
from opendias.database.migrations.columns import TIME as _TIME

revision = "0007_support_messages"
down_revision = "0006_job_cpu"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "opendias_support_messages",
        sa.Column("id", _ID, primary_key=True),
        sa.Column("created", _TIME, nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("username", sa.String(64)),
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("mail", sa.String(16), nullable=False),
        sa.Column("mail_error", sa.String(512)),
        sa.Column("mailed", _TIME),
    )
    op.create_index("ix_opendias_support_messages_client_created",
                    "opendias_support_messages", ["client", "created"])


def downgrade() -> None:
    op.drop_index("ix_opendias_support_messages_client_created",
                  table_name="opendias_support_messages")
    op.drop_table("opendias_support_messages")
