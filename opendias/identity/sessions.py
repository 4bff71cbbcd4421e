"""Browser sessions (the portal): a username and password give a session, presented by the
browser as a cookie, and a CSRF token that every state-changing request of the session must
echo (opendias.web.layers.identity checks both).

- A session is a sign-in of the password grant (opendias.identity.grants: a row of
  opendias_refresh_tokens, no refresh token handed out), valid OPENDIAS_SESSION_TTL seconds:
  signing out revokes it, and so do a password change and disabling the account, at once.
- The cookie's value is the session's id signed with itsdangerous (a TimestampSigner with
  the service's key for this use, opendias.identity.keys): it cannot be forged or changed,
  and it names nothing a client could use elsewhere.
- The CSRF token is the HMAC-SHA256 of the session's id with another key: a page of the
  service reads it from the sign-in answer or from `GET /me`; a page of another site can
  neither read it nor compute it.
"""

from __future__ import annotations

import hashlib
import hmac

from itsdangerous import BadSignature, TimestampSigner

from opendias.config import get_settings
from opendias.identity.accounts import User
from opendias.identity.keys import signing_key

COOKIE = "opendias_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
MAX_COOKIE = 512


def _signer() -> TimestampSigner:
    return TimestampSigner(signing_key("session-cookie"), salt="opendias-session")


def csrf_token(session_id: str) -> str:
    return hmac.new(signing_key("csrf"), session_id.encode(), hashlib.sha256).hexdigest()


def csrf_matches(session_id: str, token) -> bool:
    return isinstance(token, str) and hmac.compare_digest(csrf_token(session_id), token)


class Sessions:
    """Browser sessions of the users of one database."""

    def __init__(self, url: str | None = None):
        from opendias.identity.grants import Grants

        self.grants = Grants(url)

    def sign_in(self, name, password) -> tuple[User, str, str]:
        """(user, cookie value, CSRF token) of a new session; Unauthorized for a wrong
        username or password (or a disabled account)."""
        user, session_id, _refresh, _expires = self.grants.sign_in(
            name, password, get_settings().session_ttl)
        cookie = _signer().sign(session_id).decode()
        return user, cookie, csrf_token(session_id)

    def open(self, cookie) -> tuple[User, str] | None:
        """(user, session id) of a cookie value, None when it is not a live session
        (tampered, signed with another key, expired, signed out, account disabled)."""
        if not isinstance(cookie, str) or not cookie or len(cookie) > MAX_COOKIE:
            return None
        try:
            session_id = _signer().unsign(cookie, max_age=get_settings().session_ttl).decode()
        except (BadSignature, UnicodeDecodeError):
            return None
        user = self.grants.user_of_sign_in(session_id)
        return (user, session_id) if user is not None else None

    def sign_out(self, session_id: str) -> bool:
        return self.grants.revoke_sign_in(session_id)
