"""The table of stored process graphs (revision 0008_openeo_process_graphs), on the shared
MetaData (opendias.database): a user's user-defined processes (kind "process", id chosen by
the user) and the openEO jobs created but not started yet (kind "job", id a job id: once
started, a job is a row of the job store, opendias.jobs, and leaves this table)."""

from __future__ import annotations

import sqlalchemy as sa

from opendias.database import ID_TEXT, METADATA, TIME_TEXT

PROCESS, JOB = "process", "job"

PROCESS_GRAPHS = sa.Table(
    "opendias_openeo_process_graphs", METADATA,
    sa.Column("owner", ID_TEXT, sa.ForeignKey("opendias_users.id"), primary_key=True),
    sa.Column("kind", sa.String(16), primary_key=True),
    sa.Column("id", sa.String(128), primary_key=True),
    sa.Column("document", sa.Text, nullable=False),  # JSON: the process or job document
    sa.Column("created", TIME_TEXT, nullable=False),
    sa.Column("updated", TIME_TEXT, nullable=False),
)
