"""Personal access tokens (API keys): made for a user, named by a label, listed, revoked.

A token is "odt_" and 43 characters (32 random bytes, URL-safe base64): recognisable in a
configuration file or a leaked log, and shown once: only its SHA-256 is stored (a hash
without salt nor stretching is enough for a high-entropy secret that nobody can guess).
"""

from __future__ import annotations

import hashlib
import logging
import secrets

import sqlalchemy as sa

from opendias import database
from opendias.config import get_settings
from opendias.errors import Forbidden, InvalidParameter, NotFound
from opendias.identity.accounts import Accounts, User, user_from_row
from opendias.identity.schema import TOKENS, USERS

PREFIX = "odt_"
_SECRET_LENGTH = len(PREFIX) + 43
MAX_LABEL = 128
LAST_USED_EVERY = 60.0  # seconds: last_used is written at most this often per token
LOGGER = logging.getLogger(__name__)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _record(row) -> dict:
    return {"id": row.id, "label": row.label, "created": row.created,
            "last_used": row.last_used}


class Tokens:
    """Personal access tokens of the users of one database."""

    def __init__(self, url: str | None = None):
        self.url = url or get_settings().database_url
        self.engine = database.engine(self.url)
        self.accounts = Accounts(self.url)

    def _user(self, user_name) -> User:
        user = self.accounts.get(user_name)
        if user is None:
            raise NotFound(f"no user {user_name!r}", parameter="name")
        return user

    def create(self, user_name, label: str = "") -> tuple[dict, str]:
        """The new token's record and its secret (shown once: only its hash is kept)."""
        if not isinstance(label, str):
            raise InvalidParameter("a label is text", parameter="label")
        label = label.strip()
        if len(label) > MAX_LABEL or any(ord(c) < 32 for c in label):
            raise InvalidParameter(f"a label is at most {MAX_LABEL} characters, without "
                                   "control characters", parameter="label")
        user = self._user(user_name)
        if user.disabled:
            raise Forbidden(f"the account {user.name!r} is disabled", parameter="name")
        secret = PREFIX + secrets.token_urlsafe(32)
        values = dict(id=secrets.token_hex(8), user_id=user.id, label=label,
                      secret_hash=secret_hash(secret), created=database.now_text(),
                      last_used=None, revoked=None)

        def run():
            with self.engine.begin() as conn:
                conn.execute(TOKENS.insert().values(**values))
        database.retry(run)
        return {k: values[k] for k in ("id", "label", "created", "last_used")}, secret

    def list(self, user_name) -> list[dict]:
        """The user's live tokens, oldest first (never a secret nor its hash)."""
        user = self._user(user_name)
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(TOKENS.c.id, TOKENS.c.label, TOKENS.c.created,
                                          TOKENS.c.last_used)
                                .where(TOKENS.c.user_id == user.id, TOKENS.c.revoked.is_(None))
                                .order_by(TOKENS.c.created, TOKENS.c.id)).all()
        return [_record(r) for r in rows]

    def revoke(self, user_name, token_id) -> bool:
        """True if the user had this live token (refused from now on)."""
        user = self.accounts.get(user_name)
        if user is None or not isinstance(token_id, str):
            return False
        stmt = TOKENS.update().where(TOKENS.c.id == token_id, TOKENS.c.user_id == user.id,
                                     TOKENS.c.revoked.is_(None)).values(
            revoked=database.now_text())

        def run():
            with self.engine.begin() as conn:
                return conn.execute(stmt).rowcount
        return bool(database.retry(run))

    def authenticate(self, secret) -> User | None:
        """The user of a live token of an enabled account; None otherwise."""
        if not isinstance(secret, str) or len(secret) != _SECRET_LENGTH \
                or not secret.startswith(PREFIX):
            return None
        query = (sa.select(USERS, TOKENS.c.id.label("token_id"),
                           TOKENS.c.last_used.label("token_last_used"))
                 .join(TOKENS, TOKENS.c.user_id == USERS.c.id)
                 .where(TOKENS.c.secret_hash == secret_hash(secret),
                        TOKENS.c.revoked.is_(None), USERS.c.disabled.is_(False)))
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        cutoff = database.now_text(-LAST_USED_EVERY)
        if row.token_last_used is None or row.token_last_used < cutoff:
            self._touch(row.token_id, cutoff)
        return user_from_row(row)

    def _touch(self, token_id: str, cutoff: str) -> None:
        """Record the use (once a minute at most, even with concurrent requests); a busy
        database does not fail the request for it."""
        stmt = TOKENS.update().where(
            TOKENS.c.id == token_id,
            sa.or_(TOKENS.c.last_used.is_(None), TOKENS.c.last_used < cutoff)).values(
            last_used=database.now_text())

        def run():
            with self.engine.begin() as conn:
                conn.execute(stmt)
        try:
            database.retry(run)
        except sa.exc.OperationalError as err:
            LOGGER.warning("could not record the use of token %s: %s", token_id,
                           type(err).__name__)
