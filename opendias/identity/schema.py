"""The identity tables, on the service's shared MetaData (opendias.database); revision 0002
of opendias/database/migrations makes them; revision 0003_usage_and_terms adds the usage
counters and the accepted terms.

Names are unique whatever their case (`name_key` is the lower-case name), e-mails are kept
in lower case; secrets are never stored, only their SHA-256 (hex): personal access tokens
and refresh tokens are 32 random bytes, which no dictionary guesses. Times are text (see
opendias.database.metadata); a revoked token keeps its row, with the time it was revoked.
"""

from __future__ import annotations

import sqlalchemy as sa

from opendias.database import ID_TEXT, METADATA, TIME_TEXT

USER, OPERATOR = "user", "operator"
ROLES = (USER, OPERATOR)

USERS = sa.Table(
    "opendias_users", METADATA,
    sa.Column("id", ID_TEXT, primary_key=True),
    sa.Column("name", sa.String(64), nullable=False),
    sa.Column("name_key", sa.String(64), nullable=False),   # lower-case name: unique
    sa.Column("email", sa.String(254), nullable=False),     # lower case: unique
    sa.Column("password_hash", sa.String(255), nullable=False),  # argon2id, PHC string
    sa.Column("plan", sa.String(64), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("disabled", sa.Boolean, nullable=False),
    sa.Column("created", TIME_TEXT, nullable=False),
    sa.Column("updated", TIME_TEXT, nullable=False),
    sa.Index("ux_opendias_users_name_key", "name_key", unique=True),
    sa.Index("ux_opendias_users_email", "email", unique=True),
)

TOKENS = sa.Table(  # personal access tokens (API keys)
    "opendias_tokens", METADATA,
    sa.Column("id", ID_TEXT, primary_key=True),
    sa.Column("user_id", ID_TEXT, sa.ForeignKey("opendias_users.id"), nullable=False),
    sa.Column("label", sa.String(128), nullable=False),
    sa.Column("secret_hash", sa.String(64), nullable=False),
    sa.Column("created", TIME_TEXT, nullable=False),
    sa.Column("last_used", TIME_TEXT),
    sa.Column("revoked", TIME_TEXT),
    sa.Index("ix_opendias_tokens_user_id", "user_id"),
    sa.Index("ux_opendias_tokens_secret_hash", "secret_hash", unique=True),
)

REFRESH_TOKENS = sa.Table(  # of the password grant; an access token's `jti` is its id
    "opendias_refresh_tokens", METADATA,
    sa.Column("id", ID_TEXT, primary_key=True),
    sa.Column("user_id", ID_TEXT, sa.ForeignKey("opendias_users.id"), nullable=False),
    sa.Column("secret_hash", sa.String(64), nullable=False),
    sa.Column("created", TIME_TEXT, nullable=False),
    sa.Column("expires", TIME_TEXT, nullable=False),
    sa.Column("revoked", TIME_TEXT),
    sa.Index("ix_opendias_refresh_tokens_user_id", "user_id"),
    sa.Index("ux_opendias_refresh_tokens_secret_hash", "secret_hash", unique=True),
)

USAGE = sa.Table(  # quota counters (opendias.identity.usage): one row per window
    "opendias_usage", METADATA,
    sa.Column("user_id", ID_TEXT, sa.ForeignKey("opendias_users.id"), primary_key=True),
    sa.Column("counter", sa.String(64), primary_key=True),       # a quota's name
    sa.Column("window_start", sa.BigInteger, primary_key=True,   # epoch seconds (UTC)
              autoincrement=False),
    sa.Column("value", sa.BigInteger, nullable=False),
)

TERMS_ACCEPTED = sa.Table(  # licences a user accepted (opendias.identity.terms)
    "opendias_terms_accepted", METADATA,
    sa.Column("user_id", ID_TEXT, sa.ForeignKey("opendias_users.id"), primary_key=True),
    sa.Column("term_id", sa.String(128), primary_key=True),
    sa.Column("accepted", TIME_TEXT, nullable=False),
)
