"""The support messages table, on the service's shared MetaData (opendias.database); revision
0007_support_messages makes it.

`mail` says what became of the e-mail of a message: `not configured` (no SMTP server),
`pending` (stored, not sent yet), `sent`, or `failed` (with `mail_error`: the SMTP server's
refusal or why it could not be reached); the message is stored whatever happens to it."""

from __future__ import annotations

import sqlalchemy as sa

from opendias.database import ID_TEXT, METADATA, TIME_TEXT

NOT_CONFIGURED, PENDING, SENT, FAILED = "not configured", "pending", "sent", "failed"

SUPPORT_MESSAGES = sa.Table(
    "opendias_support_messages", METADATA,
    sa.Column("id", ID_TEXT, primary_key=True),
    sa.Column("created", TIME_TEXT, nullable=False),
    sa.Column("name", sa.String(128), nullable=False),
    sa.Column("email", sa.String(254), nullable=False),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("username", sa.String(64)),          # the signed-in sender's account, if any
    sa.Column("client", sa.String(64), nullable=False),  # the sender's address (rate limit)
    sa.Column("mail", sa.String(16), nullable=False),
    sa.Column("mail_error", sa.String(512)),
    sa.Column("mailed", TIME_TEXT),
    sa.Index("ix_opendias_support_messages_client_created", "client", "created"),
)
