"""The password grant: a username and password give a short-lived access token (a JWT,
HS256, signed with a key derived from the service's secret) and a refresh token (a random
secret, stored hashed, valid OPENDIAS_REFRESH_TOKEN_TTL seconds) that gives new access
tokens until it expires or is revoked.

An access token says `sub` (the user's id), `jti` (the id of its refresh token), `iat`,
`exp` (OPENDIAS_ACCESS_TOKEN_TTL seconds on, never past its refresh token's expiry) and
`iss`. Verifying it checks the signature and expiry, then that its refresh token is not
revoked and the account enabled: revoking the refresh token (sign-out), changing the
password or disabling the account refuses its access tokens at once.
"""

from __future__ import annotations

import hashlib
import secrets
import time
import uuid

import jwt
import sqlalchemy as sa

from opendias import database
from opendias.config import get_settings
from opendias.errors import Unauthorized
from opendias.identity.accounts import Accounts, User, user_from_row
from opendias.identity.keys import signing_key
from opendias.identity.schema import REFRESH_TOKENS, USERS

PREFIX = "odr_"
_SECRET_LENGTH = len(PREFIX) + 43
ISSUER = "opendias"
ALGORITHM = "HS256"
MAX_TOKEN = 4096
_PURPOSE = "access-token"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _epoch(text: str) -> int:
    return int(database.parse_time(text).timestamp())


class Grants:
    """Access and refresh tokens of the users of one database."""

    def __init__(self, url: str | None = None):
        self.url = url or get_settings().database_url
        self.engine = database.engine(self.url)
        self.accounts = Accounts(self.url)

    def _access(self, user_id: str, refresh_id: str, refresh_expires: str) -> dict:
        now = int(time.time())
        exp = min(now + get_settings().access_token_ttl, _epoch(refresh_expires))
        claims = {"iss": ISSUER, "sub": user_id, "jti": refresh_id, "iat": now, "exp": exp}
        token = jwt.encode(claims, signing_key(_PURPOSE), algorithm=ALGORITHM)
        return {"access_token": token, "expires_in": max(0, exp - now), "token_type": "Bearer"}

    def sign_in(self, name, password, ttl: int) -> tuple[User, str, str, str]:
        """A new sign-in of `name` valid `ttl` seconds: (user, its id, its refresh token,
        when it expires); Unauthorized for a wrong username or password."""
        user = self.accounts.check_password(name, password)
        if user is None:
            raise Unauthorized("wrong username or password")
        refresh = PREFIX + secrets.token_urlsafe(32)
        values = dict(id=uuid.uuid4().hex, user_id=user.id, secret_hash=_hash(refresh),
                      created=database.now_text(), expires=database.now_text(ttl),
                      revoked=None)

        def run():
            with self.engine.begin() as conn:
                conn.execute(REFRESH_TOKENS.insert().values(**values))
        database.retry(run)
        return user, values["id"], refresh, values["expires"]

    def password_grant(self, name, password) -> dict:
        user, sign_in, refresh, expires = self.sign_in(name, password,
                                                       get_settings().refresh_token_ttl)
        return {**self._access(user.id, sign_in, expires), "refresh_token": refresh}

    def _live_refresh(self, refresh_token):
        if not isinstance(refresh_token, str) or len(refresh_token) != _SECRET_LENGTH \
                or not refresh_token.startswith(PREFIX):
            return None
        query = (sa.select(REFRESH_TOKENS.c.id, REFRESH_TOKENS.c.user_id,
                           REFRESH_TOKENS.c.expires)
                 .join(USERS, USERS.c.id == REFRESH_TOKENS.c.user_id)
                 .where(REFRESH_TOKENS.c.secret_hash == _hash(refresh_token),
                        REFRESH_TOKENS.c.revoked.is_(None),
                        REFRESH_TOKENS.c.expires > database.now_text(),
                        USERS.c.disabled.is_(False)))
        with self.engine.connect() as conn:
            return conn.execute(query).first()

    def refresh(self, refresh_token) -> dict:
        """A new access token for a live refresh token (the same refresh token again)."""
        row = self._live_refresh(refresh_token)
        if row is None:
            raise Unauthorized("the refresh token is unknown, revoked or expired, or its "
                               "account disabled: sign in again", parameter="refresh_token")
        return {**self._access(row.user_id, row.id, row.expires),
                "refresh_token": refresh_token}

    def revoke(self, refresh_token) -> bool:
        """Revoke a refresh token and, with it, its access tokens (sign-out)."""
        if not isinstance(refresh_token, str) or not refresh_token.startswith(PREFIX) \
                or len(refresh_token) != _SECRET_LENGTH:
            return False
        stmt = REFRESH_TOKENS.update().where(
            REFRESH_TOKENS.c.secret_hash == _hash(refresh_token),
            REFRESH_TOKENS.c.revoked.is_(None)).values(revoked=database.now_text())

        def run():
            with self.engine.begin() as conn:
                return conn.execute(stmt).rowcount
        return bool(database.retry(run))

    def revoke_sign_in(self, sign_in: str) -> bool:
        """Revoke a sign-in by its id (a browser session's sign-out)."""
        stmt = REFRESH_TOKENS.update().where(REFRESH_TOKENS.c.id == sign_in,
                                             REFRESH_TOKENS.c.revoked.is_(None)).values(
            revoked=database.now_text())

        def run():
            with self.engine.begin() as conn:
                return conn.execute(stmt).rowcount
        return bool(database.retry(run))

    def user_of_sign_in(self, sign_in: str, user_id: str | None = None) -> User | None:
        """The user of a live sign-in (not revoked, not expired, account enabled), else
        None; with `user_id`, only if it is that user's."""
        where = [REFRESH_TOKENS.c.id == sign_in, REFRESH_TOKENS.c.revoked.is_(None),
                 REFRESH_TOKENS.c.expires > database.now_text(), USERS.c.disabled.is_(False)]
        if user_id is not None:
            where.append(USERS.c.id == user_id)
        query = (sa.select(USERS).join(REFRESH_TOKENS, REFRESH_TOKENS.c.user_id == USERS.c.id)
                 .where(*where))
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return user_from_row(row) if row is not None else None

    def verify_access(self, token) -> User | None:
        """The user of a valid access token; None for a bad signature (another key, a
        changed token), an expired one, a revoked refresh token or a disabled account."""
        if not isinstance(token, str) or len(token) > MAX_TOKEN or token.count(".") != 2:
            return None
        try:
            claims = jwt.decode(token, signing_key(_PURPOSE), algorithms=[ALGORITHM],
                                issuer=ISSUER,
                                options={"require": ["exp", "iat", "sub", "jti", "iss"]})
        except jwt.InvalidTokenError:
            return None
        sub, jti = claims.get("sub"), claims.get("jti")
        if not isinstance(sub, str) or not isinstance(jti, str):
            return None
        return self.user_of_sign_in(jti, sub)
