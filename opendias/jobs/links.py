"""Signed result links: URLs of result files that a plain client (a browser, `curl -O`, GDAL
`/vsicurl/`, a link pasted in a notebook) can follow without sending credentials.

A link is `{base}/results/{path}?expires=E&signature=S`: S is the HMAC-SHA256 of the path
under the results folder and of E (epoch seconds), with the service's key for this use
(opendias.identity.signing_key("result-links"), derived from the secret every web and Dask
worker shares), URL-safe base64 without padding. A link is valid for exactly its path, until
E: a job's links expire with the job (its retention, OPENDIAS_RESULTS_RETENTION, counted from
when they are made, i.e. when the job finishes). Changing one character of the path, the
expiry or the signature makes it invalid.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from urllib.parse import quote

from opendias.config import get_settings

PURPOSE = "result-links"
EXPIRES, SIGNATURE = "expires", "signature"


def _normal(relative: str) -> str:
    return "/".join(part for part in relative.split("/") if part)


def _signature(relative: str, expires: int) -> str:
    from opendias.identity.keys import signing_key

    message = f"{_normal(relative)}\n{expires}".encode("utf-8", "surrogateescape")
    digest = hmac.new(signing_key(PURPOSE), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def link_expiry(start: float | None = None) -> int:
    """When links made at `start` (now by default) expire: after the results' retention."""
    return int((time.time() if start is None else start) + get_settings().retention)


def signed_query(relative: str, expires: int | None = None) -> str:
    expires = link_expiry() if expires is None else int(expires)
    return f"{EXPIRES}={expires}&{SIGNATURE}={_signature(relative, expires)}"


def signed_url(relative: str, expires: int | None = None) -> str:
    """The signed link of `relative` (a path under the results folder, e.g. "job/a.nc")."""
    return (f"{get_settings().base_url}/results/{quote(_normal(relative))}"
            f"?{signed_query(relative, expires)}")


def sign_url(url: str, expires: int | None = None) -> str:
    """A URL of the results folder (as PyWPS makes them) made a signed link; any other URL
    is returned as it is."""
    from urllib.parse import unquote

    prefix = f"{get_settings().base_url}/results/"
    if not url.startswith(prefix) or "?" in url:
        return url
    return signed_url(unquote(url[len(prefix):]), expires)


def verify(relative: str, expires: str | None, signature: str | None,
           now: float | None = None) -> bool:
    """Whether (expires, signature) of a request sign `relative` and are not expired."""
    if not expires or not signature or len(expires) > 20 or not expires.isdigit():
        return False
    when = int(expires)
    if when < (time.time() if now is None else now):
        return False
    return hmac.compare_digest(_signature(relative, when).encode(),
                               signature.encode("utf-8", "surrogateescape"))
