"""Support messages: what a sender must give (a name, a valid e-mail address, a message of
bounded size), how many one client may send in an hour, and the stored records."""

from __future__ import annotations

import re
import secrets

import sqlalchemy as sa

from opendias import database
from opendias.config import get_settings
from opendias.errors import InvalidParameter, TooManyRequests
from opendias.support.schema import NOT_CONFIGURED, PENDING, SUPPORT_MESSAGES

MAX_NAME, MAX_EMAIL, MAX_MESSAGE = 128, 254, 5000
WINDOW = 3600  # seconds: OPENDIAS_SUPPORT_PER_HOUR messages per client in this window
# one address, as a person types it: local@domain.tld, no spaces nor control characters
_EMAIL = re.compile(r"[^@\s\x00-\x1f\x7f]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # keeps tab and newlines


def checked(name, email, message) -> tuple[str, str, str]:
    """The fields, trimmed; InvalidParameter naming the first that is wrong."""
    values = {}
    for field, value in (("name", name), ("email", email), ("message", message)):
        if not isinstance(value, str) or not value.strip():
            raise InvalidParameter(f"{field} is required", parameter=field)
        values[field] = value.strip()
    if len(values["name"]) > MAX_NAME or _CONTROL.search(values["name"]) \
            or "\n" in values["name"] or "\r" in values["name"]:
        raise InvalidParameter(f"name: at most {MAX_NAME} characters on one line",
                               parameter="name")
    if len(values["email"]) > MAX_EMAIL or not _EMAIL.fullmatch(values["email"]):
        raise InvalidParameter("email: an e-mail address such as name@example.org, to "
                               "answer you", parameter="email")
    if len(values["message"]) > MAX_MESSAGE or _CONTROL.search(values["message"]):
        raise InvalidParameter(f"message: at most {MAX_MESSAGE} characters of text (this "
                               f"one has {len(values['message'])})", parameter="message")
    return values["name"], values["email"], values["message"]


def _record(row) -> dict:
    return {"id": row.id, "created": row.created, "name": row.name, "email": row.email,
            "message": row.message, "username": row.username, "mail": row.mail,
            "mail_error": row.mail_error, "mailed": row.mailed}


class SupportMessages:
    """The support messages of one database."""

    def __init__(self, url: str | None = None):
        self.url = url or get_settings().database_url
        self.engine = database.engine(self.url)

    def add(self, name, email, message, *, client: str, username: str | None = None,
            mail: bool = False) -> dict:
        """Store a message (checked; TooManyRequests once the client has sent
        OPENDIAS_SUPPORT_PER_HOUR in the last hour); `mail`: an e-mail is to be sent."""
        name, email, message = checked(name, email, message)
        client = (client or "unknown")[:64]
        self._check_rate(client)
        values = database.clean(dict(
            id=secrets.token_hex(8), created=database.now_text(), name=name, email=email,
            message=message, username=username, client=client,
            mail=PENDING if mail else NOT_CONFIGURED, mail_error=None, mailed=None),
            SUPPORT_MESSAGES)

        def run():
            with self.engine.begin() as conn:
                conn.execute(SUPPORT_MESSAGES.insert().values(**values))
        database.retry(run)
        return {k: v for k, v in values.items() if k != "client"}

    def _check_rate(self, client: str) -> None:
        limit = get_settings().support_per_hour
        since = database.now_text(-WINDOW)
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(SUPPORT_MESSAGES.c.created)
                .where(SUPPORT_MESSAGES.c.client == client, SUPPORT_MESSAGES.c.created > since)
                .order_by(SUPPORT_MESSAGES.c.created).limit(max(limit, 1))).all()
        if len(rows) >= limit:
            oldest = database.parse_time(rows[0].created).timestamp() if rows else 0.0
            free = database.parse_time(since).timestamp()
            wait = max(1, int(oldest - free) + 1)
            raise TooManyRequests(f"at most {limit} support messages an hour from one "
                                  f"address: send again in {wait} s", retry_after=wait)

    def record_mail(self, message_id: str, status: str, error: str | None = None) -> None:
        values = {"mail": status, "mail_error": (error or None) and error[:512],
                  "mailed": database.now_text() if error is None else None}

        def run():
            with self.engine.begin() as conn:
                conn.execute(SUPPORT_MESSAGES.update()
                             .where(SUPPORT_MESSAGES.c.id == message_id).values(**values))
        database.retry(run)

    def get(self, message_id: str) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(SUPPORT_MESSAGES)
                               .where(SUPPORT_MESSAGES.c.id == message_id)).first()
        return _record(row) if row is not None else None

    def list(self, limit: int | None = None) -> list[dict]:
        """The messages, newest first."""
        query = sa.select(SUPPORT_MESSAGES).order_by(SUPPORT_MESSAGES.c.created.desc(),
                                                     SUPPORT_MESSAGES.c.id)
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [_record(r) for r in conn.execute(query).all()]
