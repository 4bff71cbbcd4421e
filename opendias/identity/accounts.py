"""Accounts: users, their passwords, plans, roles and state, in the service's database.

A username is 3..64 of A-Z a-z 0-9 . _ - starting with a letter or digit (so no space, no
SQL or regular-expression metacharacter, and never read as a command-line option), unique
whatever its case; sign-in accepts it in any case. An e-mail is kept in lower case and is
unique too. Disabling an account revokes its personal access tokens and refresh tokens;
changing or resetting a password revokes its refresh tokens (signed-in sessions).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

import sqlalchemy as sa

from opendias import database
from opendias.config import get_settings
from opendias.errors import Conflict, InvalidParameter, NotFound, Unauthorized
from opendias.identity import passwords
from opendias.identity.plans import DEFAULT_PLAN, check_plan, plan_names
from opendias.identity.schema import OPERATOR, REFRESH_TOKENS, ROLES, TOKENS, USERS

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{2,63}")
_EMAIL = re.compile(r"[^@\s\x00-\x1f]+@[^@\s\x00-\x1f.]+(\.[^@\s\x00-\x1f.]+)+")
MAX_EMAIL = 254


@dataclass(frozen=True)
class User:
    id: str
    name: str
    email: str
    plan: str
    role: str                # "user" | "operator"
    disabled: bool
    created: str             # ISO 8601 UTC text

    @property
    def is_operator(self) -> bool:
        return self.role == OPERATOR


def user_from_row(row) -> User:
    return User(id=row.id, name=row.name, email=row.email, plan=row.plan, role=row.role,
                disabled=bool(row.disabled), created=row.created)


def check_name(name) -> str:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise InvalidParameter("a username is 3 to 64 characters of A-Z a-z 0-9 . _ - "
                               "starting with a letter or digit", parameter="name")
    return name


def check_email(email) -> str:
    if not isinstance(email, str) or len(email.strip()) > MAX_EMAIL \
            or not _EMAIL.fullmatch(email.strip()):
        raise InvalidParameter("not a plausible e-mail address (name@domain.tld)",
                               parameter="email")
    return email.strip().lower()


def revoke_credentials(conn: sa.Connection, user_id: str, *, tokens: bool) -> None:
    """Revoke a user's refresh tokens (and, with `tokens`, personal access tokens)."""
    stamp = database.now_text()
    tables = (REFRESH_TOKENS, TOKENS) if tokens else (REFRESH_TOKENS,)
    for table in tables:
        conn.execute(table.update().where(table.c.user_id == user_id,
                                          table.c.revoked.is_(None)).values(revoked=stamp))


class Accounts:
    """Users of the service (one database: opendias.database)."""

    def __init__(self, url: str | None = None):
        self.url = url or get_settings().database_url
        self.engine = database.engine(self.url)

    def _row(self, name):
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            return None  # cannot exist: no query (a NUL would upset PostgreSQL)
        with self.engine.connect() as conn:
            return conn.execute(USERS.select().where(USERS.c.name_key == name.lower())).first()

    def _existing(self, name: str) -> sa.Row:
        row = self._row(name)
        if row is None:
            raise NotFound(f"no user {name!r}", parameter="name")
        return row

    def _write(self, stmt_or_fn) -> int:
        def run():
            with self.engine.begin() as conn:
                if callable(stmt_or_fn):
                    return stmt_or_fn(conn)
                return conn.execute(stmt_or_fn).rowcount
        return database.retry(run)

    def _update(self, user_id: str, **values) -> None:
        values["updated"] = database.now_text()
        self._write(USERS.update().where(USERS.c.id == user_id).values(**values))

    def _conflict(self, name: str, email: str) -> Conflict | None:
        with self.engine.connect() as conn:
            taken = conn.execute(sa.select(USERS.c.name_key, USERS.c.email).where(
                sa.or_(USERS.c.name_key == name.lower(), USERS.c.email == email))).all()
        if any(row.name_key == name.lower() for row in taken):
            return Conflict(f"the username {name!r} is taken", parameter="name")
        if taken:
            return Conflict("an account with this e-mail address exists", parameter="email")
        return None

    # -- accounts ---------------------------------------------------------------------------
    def register(self, name, email, password, *, plan: str = DEFAULT_PLAN,
                 role: str = "user") -> User:
        name = check_name(name)
        email = check_email(email)
        passwords.check_policy(password, name)
        plan = check_plan(plan)
        if role not in ROLES:
            raise InvalidParameter(f"unknown role {role!r}; roles: {', '.join(ROLES)}",
                                   parameter="role")
        clash = self._conflict(name, email)
        if clash:
            raise clash
        stamp = database.now_text()
        values = dict(id=uuid.uuid4().hex, name=name, name_key=name.lower(), email=email,
                      password_hash=passwords.hash_password(password), plan=plan, role=role,
                      disabled=False, created=stamp, updated=stamp)
        try:
            self._write(USERS.insert().values(**values))
        except sa.exc.IntegrityError:  # registered at the same moment by another request
            raise self._conflict(name, email) or Conflict(
                f"the username {name!r} is taken", parameter="name") from None
        return self.by_id(values["id"])

    def get(self, name) -> User | None:
        row = self._row(name)
        return user_from_row(row) if row is not None else None

    def by_id(self, user_id) -> User | None:
        if not isinstance(user_id, str) or not user_id.isalnum():
            return None
        with self.engine.connect() as conn:
            row = conn.execute(USERS.select().where(USERS.c.id == user_id)).first()
        return user_from_row(row) if row is not None else None

    def list(self) -> list[User]:
        with self.engine.connect() as conn:
            rows = conn.execute(USERS.select().order_by(USERS.c.name_key)).all()
        return [user_from_row(r) for r in rows]

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(USERS)).scalar())

    # -- passwords --------------------------------------------------------------------------
    def check_password(self, name, password) -> User | None:
        """The user if `password` is theirs and the account enabled; None otherwise (an
        unknown name costs the same hashing as a wrong password)."""
        if not isinstance(password, str) or len(password) > passwords.MAX_LENGTH:
            return None  # no account has such a password: no hashing of a megabyte
        row = self._row(name)
        if row is None:
            passwords.waste_verification(password)
            return None
        if not passwords.verify_password(row.password_hash, password) or row.disabled:
            return None
        if passwords.needs_rehash(row.password_hash):
            self._update(row.id, password_hash=passwords.hash_password(password))
        return user_from_row(row)

    def change_password(self, name, old, new) -> None:
        user = self.check_password(name, old)
        if user is None:
            raise Unauthorized("wrong username or password", parameter="password")
        passwords.check_policy(new, user.name, parameter="new_password")
        self._set_password(user.id, new)

    def reset_password(self, name) -> str:
        """A new random password (returned once: it is kept hashed only)."""
        row = self._existing(name)
        new = passwords.random_password(row.name)
        self._set_password(row.id, new)
        return new

    def _set_password(self, user_id: str, password: str) -> None:
        password_hash = passwords.hash_password(password)

        def run(conn):
            conn.execute(USERS.update().where(USERS.c.id == user_id).values(
                password_hash=password_hash, updated=database.now_text()))
            revoke_credentials(conn, user_id, tokens=False)
        self._write(run)

    # -- plan and state ---------------------------------------------------------------------
    def set_plan(self, name, plan) -> User:
        plan = check_plan(plan)
        row = self._existing(name)
        self._update(row.id, plan=plan)
        return self.by_id(row.id)

    def disable(self, name) -> User:
        row = self._existing(name)

        def run(conn):
            conn.execute(USERS.update().where(USERS.c.id == row.id).values(
                disabled=True, updated=database.now_text()))
            revoke_credentials(conn, row.id, tokens=True)
        self._write(run)
        return self.by_id(row.id)

    def enable(self, name) -> User:
        row = self._existing(name)
        self._update(row.id, disabled=False)
        return self.by_id(row.id)

    def create_first_operator(self, name: str = "operator") -> tuple[User, str] | None:
        """On a database without any user: an operator account (advanced plan if the plans
        have it) with a random password, and that password (to show once). None when the
        database already has a user."""
        if self.count():
            return None
        password = passwords.random_password(name)
        plan = "advanced" if "advanced" in plan_names() else DEFAULT_PLAN
        try:
            user = self.register(name, f"{name}@localhost.localdomain", password, plan=plan,
                                 role=OPERATOR)
        except Conflict:  # another process was first
            return None
        return user, password
