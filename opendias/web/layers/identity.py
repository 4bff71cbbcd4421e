"""Identity: who sends the request, for every front, from the credentials each client
ecosystem is used to sending (one identity, several ways to present it):

- `Authorization: Bearer <token>`: a personal access token (API key, `odt_...`) or an access
  token from `POST /gettoken` (WEkEO's `hda` client);
- `PRIVATE-TOKEN: <personal access token>` (the Climate Data Store's clients);
- `Authorization: Basic base64(username:personal access token)` (QGIS and GDAL:
  `GDAL_HTTP_AUTH=BASIC GDAL_HTTP_USERPWD=name:token`); a password is not accepted here.

The user (an `opendias.identity.User`) goes into `environ["opendias.user"]`; None when the
request carries no credentials (anonymous). Credentials that are wrong, unknown, revoked or
expired, or those of a disabled account, are refused at once with 401 and a
`WWW-Authenticate` challenge, in the words of the request's front (opendias.web.refusals):
sending bad credentials is never silently anonymous.
"""

from __future__ import annotations

import base64
import binascii

from opendias.errors import Unauthorized
from opendias.web.errors import CHALLENGE

ENVIRON_KEY = "opendias.user"
__all__ = ["CHALLENGE", "ENVIRON_KEY", "IdentityLayer", "identify"]


def _bearer(token: str):
    from opendias.identity import Grants, Tokens

    token = token.strip()
    if not token:
        raise Unauthorized("the Authorization header has an empty bearer token")
    user = Tokens().authenticate(token) if token.startswith("odt_") \
        else Grants().verify_access(token)
    if user is None:
        raise Unauthorized("the bearer token is unknown, revoked or expired, or its account "
                           "is disabled: get a new one (POST /gettoken, or a personal access "
                           "token from `opendias tokens create`)")
    return user


def _basic(encoded: str):
    from opendias.identity import Tokens

    try:
        text = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise Unauthorized("the Basic credentials are not base64 of username:token") from None
    name, sep, secret = text.partition(":")
    user = Tokens().authenticate(secret) if sep and secret else None
    if user is None or user.name != name:
        raise Unauthorized("Basic credentials must be a username and one of its personal "
                           "access tokens (not a password), valid and not revoked")
    return user


def identify(environ):
    """The user the request's credentials name, None without credentials; Unauthorized for
    credentials that do not hold."""
    header = environ.get("HTTP_AUTHORIZATION")
    if header:
        scheme, _, value = header.strip().partition(" ")
        if scheme.lower() == "bearer":
            return _bearer(value)
        if scheme.lower() == "basic":
            return _basic(value)
        raise Unauthorized(f"unsupported Authorization scheme {scheme[:20]!r}: use Bearer "
                           "(a token) or Basic (username and personal access token)")
    private = environ.get("HTTP_PRIVATE_TOKEN")
    if private is not None:
        from opendias.identity import Tokens

        user = Tokens().authenticate(private.strip())
        if user is None:
            raise Unauthorized("the PRIVATE-TOKEN is unknown or revoked, or its account is "
                               "disabled")
        return user
    return None


class IdentityLayer:
    """WSGI middleware: `environ["opendias.user"]` for every request (see the module
    docstring)."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        from opendias.web.refusals import refuse

        try:
            environ[ENVIRON_KEY] = identify(environ)
        except Unauthorized as err:
            return refuse(environ, start_response, 401, err.code, err.title, err.detail,
                          CHALLENGE)
        return self.app(environ, start_response)
