"""Jobs that resume: a job counts its attempts (`attempts`, 0 until it first starts) and
keeps each attempt's start, end, worker and outcome (`history`, a JSON list; NULL: none
yet), so that a job re-run after a lost Dask worker or a restart of the service says so.
Existing jobs get 0 attempts and no history.

Revision ID: 0005_job_attempts
Revises: 0004_job_owner
Create Date: 2025-06-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_job_attempts"
down_revision = "0004_job_owner"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("opendias_jobs") as batch:
        batch.add_column(sa.Column("attempts", sa.Integer, nullable=False,
                                   server_default=sa.text("0")))
        batch.add_column(sa.Column("history", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("opendias_jobs") as batch:
        batch.drop_column("history")
        batch.drop_column("attempts")
