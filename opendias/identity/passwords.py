"""Passwords: the policy a new password must meet, argon2id hashing (argon2-cffi), and
random passwords. A password is never logged nor kept in clear.

Policy: 10 to 1024 characters (a longer one is refused before any hashing: hashing a
megabyte on every attempt would be a denial of service), not containing the username
(case-insensitively), not one of the common passwords of common-passwords.txt.
"""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from opendias.errors import InvalidParameter

MIN_LENGTH = 10
MAX_LENGTH = 1024
_COMMON_FILE = Path(__file__).resolve().parent / "common-passwords.txt"
_HASHER = PasswordHasher()  # argon2id, RFC 9106's low-memory profile (argon2-cffi defaults)


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    lines = _COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines
                     if line.strip() and not line.startswith("#"))


def check_policy(password, name: str, *, parameter: str = "password") -> str:
    """The password if it meets the policy, else InvalidParameter naming `parameter`."""
    if not isinstance(password, str):
        raise InvalidParameter("the password must be text", parameter=parameter)
    if len(password) < MIN_LENGTH:
        raise InvalidParameter(f"the password must have at least {MIN_LENGTH} characters",
                               parameter=parameter)
    if len(password) > MAX_LENGTH:
        raise InvalidParameter(f"the password must have at most {MAX_LENGTH} characters",
                               parameter=parameter)
    if "\x00" in password:
        raise InvalidParameter("the password must not contain a NUL character",
                               parameter=parameter)
    if name and name.lower() in password.lower():
        raise InvalidParameter("the password must not contain the username",
                               parameter=parameter)
    if password.lower() in common_passwords():
        raise InvalidParameter("this password is too common: choose another one",
                               parameter=parameter)
    return password


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Hashed with other parameters than today's (a rehash at the next sign-in)."""
    try:
        return _HASHER.check_needs_rehash(password_hash)
    except InvalidHashError:
        return False


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _HASHER.hash(secrets.token_urlsafe(16))


def waste_verification(password: str) -> None:
    """The work of verifying a password, for an unknown username: an attacker cannot tell
    an unknown name from a wrong password by the time the answer takes."""
    verify_password(_dummy_hash(), password)


def random_password(name: str = "") -> str:
    """A new random password that meets the policy (24 characters, ~144 bits)."""
    while True:
        password = secrets.token_urlsafe(18)
        if password.startswith("-"):  # would read as an option on a command line
            continue
        try:
            return check_policy(password, name)
        except InvalidParameter:  # the name, by chance
            continue
