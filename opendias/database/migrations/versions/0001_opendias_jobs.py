"""The job table, as `METADATA.create_all` made it before migrations (a database made that
way is stamped at this revision instead).

Revision ID: 0001
Revises:
Create Date: 2025-06-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from opendias.database.migrations.columns import ID as _ID
from opendias.database.migrations.columns import TIME as _TIME

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "opendias_jobs",
        sa.Column("id", _ID, primary_key=True),
        sa.Column("process_id", sa.String(128), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("progress", sa.Integer, nullable=False),
        sa.Column("inputs", sa.Text, nullable=False),
        sa.Column("created", _TIME, nullable=False),
        sa.Column("started", _TIME),
        sa.Column("finished", _TIME),
        sa.Column("updated", _TIME, nullable=False),
        sa.Column("mimetype", sa.String(128), nullable=False),
        sa.Column("result", sa.Text),
        sa.Column("error", sa.Text),
        sa.Column("scheduler", sa.String(256)),
        sa.Column("worker", sa.String(256)),
        sa.Column("origin", sa.String(16), nullable=False),
    )
    op.create_index("ix_opendias_jobs_status", "opendias_jobs", ["status"])
    op.create_index("ix_opendias_jobs_created", "opendias_jobs", ["created"])


def downgrade() -> None:
    op.drop_index("ix_opendias_jobs_created", table_name="opendias_jobs")
    op.drop_index("ix_opendias_jobs_status", table_name="opendias_jobs")
    op.drop_table("opendias_jobs")
