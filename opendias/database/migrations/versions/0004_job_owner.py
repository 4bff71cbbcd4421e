"""Jobs have an owner: the id of the user who submitted the job (opendias_users.id), NULL
for a job submitted anonymously; indexed, since every listing filters on it. No foreign key:
an owner may later be a user of an external identity provider.

Revision ID: 0004_job_owner
Revises: 0003_usage_and_terms
Create Date: 2025-06-20
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from opendias.database.migrations.columns import ID as _ID

revision = "0004_job_owner"
down_revision = "0003_usage_and_terms"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("opendias_jobs") as batch:
        batch.add_column(sa.Column("owner", _ID, nullable=True))
    op.create_index("ix_opendias_jobs_owner", "opendias_jobs", ["owner"])


def downgrade() -> None:
    op.drop_index("ix_opendias_jobs_owner", table_name="opendias_jobs")
    with op.batch_alter_table("opendias_jobs") as batch:
        batch.drop_column("owner")
