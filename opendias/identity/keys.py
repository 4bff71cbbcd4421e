"""The service's secret key, and the keys derived from it for each use.

OPENDIAS_SECRET_KEY when set; else a random key generated once into
$OPENDIAS_HOME/runtime/secret.key (mode 0600), which every worker of the service reads (the
first process to need it writes it; the others read the same file). Each use (access
tokens, and later session cookies, signed result links) signs with its own key derived from
the secret (HMAC-SHA256 of the purpose), so that a signature made for one use is not valid
for another and every key has full length whatever the secret's.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading
from pathlib import Path

from opendias.config import get_settings

_FILE_NAME = "secret.key"
_READ: dict[str, str] = {}
_LOCK = threading.Lock()


def _from_file(path: Path) -> str:
    """The key in `path`, made there first if missing: written to a private temporary file,
    then linked into place, so that a concurrent reader sees the whole key or no file."""
    key = _READ.get(str(path))
    if key:
        return key
    with _LOCK:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{_FILE_NAME}.{os.getpid()}.{secrets.token_hex(4)}")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                with os.fdopen(fd, "w") as out:
                    out.write(secrets.token_urlsafe(48) + "\n")
                try:
                    os.link(tmp, path)
                except FileExistsError:
                    pass  # another process was first: use its key
            finally:
                tmp.unlink(missing_ok=True)
        key = path.read_text().strip()
        if not key:
            raise RuntimeError(f"the secret key file {path} is empty: remove it (a new key is "
                               "made) or set OPENDIAS_SECRET_KEY")
        _READ[str(path)] = key
    return key


def secret_key_path() -> Path:
    return get_settings().runtime_dir / _FILE_NAME


def secret_key() -> str:
    """The service's secret (OPENDIAS_SECRET_KEY, or the generated key file)."""
    configured = get_settings().secret_key
    if configured:
        return configured
    return _from_file(secret_key_path())


def signing_key(purpose: str) -> bytes:
    """The key of one use of the secret (e.g. "access-token"), 32 bytes."""
    return hmac.new(secret_key().encode(), f"opendias:{purpose}".encode(),
                    hashlib.sha256).digest()
