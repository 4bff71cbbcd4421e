"""Stored openEO process graphs (opendias.graphs.schema): each user's user-defined processes
and the openEO jobs created but not started yet.

Revision ID: 0008_openeo_process_graphs
Revises: 0006_job_cpu
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from opendias.database.migrations.columns import ID as _ID
from opendias.database.migrations.columns import TIME as _TIME

revision = "0008_openeo_process_graphs"
down_revision = "0007_support_messages"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "opendias_openeo_process_graphs",
        sa.Column("owner", _ID, sa.ForeignKey("opendias_users.id"), primary_key=True),
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("created", _TIME, nullable=False),
        sa.Column("updated", _TIME, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("opendias_openeo_process_graphs")
