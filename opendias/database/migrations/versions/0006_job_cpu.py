"""Jobs record the CPU time they used: seconds of CPU of the Dask worker process while it ran
the job (added up over its attempts), counted against a plan's job_cpu_seconds_per_day; NULL
for a job that has not run (or ran before this revision).

Revision ID: 0006_job_cpu
Revises: 0005_job_attempts
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_job_cpu"
down_revision = "0005_job_attempts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("opendias_jobs") as batch:
        batch.add_column(sa.Column("cpu_seconds", sa.Float, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("opendias_jobs") as batch:
        batch.drop_column("cpu_seconds")
