"""Identity: who sends the request, for every front, from the credentials each client
ecosystem is used to sending (one identity, several ways to present it):

- `Authorization: Bearer <token>`: a personal access token (API key, `odt_...`) or an access
  token from `POST /gettoken` (WEkEO's `hda` client);
- `PRIVATE-TOKEN: <personal access token>` (the Climate Data Store's clients);
- openEO's `Authorization: Bearer basic//<access token>` (the token of the openEO front's
  GET {OPENDIAS_OPENEO_PREFIX}/credentials/basic, whose Basic credentials are a username and
  password left to that front);
- `Authorization: Basic base64(username:personal access token)` (QGIS and GDAL:
  `GDAL_HTTP_AUTH=BASIC GDAL_HTTP_USERPWD=name:token`); a password is not accepted here;
- the browser session cookie `opendias_session` of `POST /signin` (opendias.identity.
  sessions), when the request sends none of the above. A request of a session whose method
  changes state (anything but GET, HEAD, OPTIONS) must carry the session's CSRF token, in
  the `X-CSRF-Token` header or the `csrf_token` field of a form, or it is refused with 403
  (`POST /signin` excepted: it makes a session). A cookie that is no longer a live session
  (expired, signed out, tampered) is ignored: the request is anonymous, as a browser that
  kept an old cookie would expect.

The user (an `opendias.identity.User`) goes into `environ["opendias.user"]`; None when the
request carries no credentials (anonymous). Credentials that are wrong, unknown, revoked or
expired, or those of a disabled account, are refused at once with 401 and a
`WWW-Authenticate` challenge, in the words of the request's front (opendias.web.refusals):
sending bad credentials is never silently anonymous.
"""

from __future__ import annotations

import base64
import binascii

from opendias.errors import Forbidden, Unauthorized
from opendias.web.errors import CHALLENGE

ENVIRON_KEY = "opendias.user"
SESSION_KEY = "opendias.session"  # the session id, when the user came by the session cookie
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
OPENEO_BASIC = "basic//"
__all__ = ["CHALLENGE", "ENVIRON_KEY", "SESSION_KEY", "IdentityLayer", "identify"]


def _bearer(token: str):
    from opendias.identity import Grants, Tokens

    token = token.strip()
    if token.startswith(OPENEO_BASIC):  # openEO clients: "basic//<access token>"
        token = token[len(OPENEO_BASIC):]
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


def _openeo_credentials(environ) -> bool:
    """A request for an access token of the openEO front (GET {openeo}/credentials/basic):
    its Basic credentials are a username and password, which that front checks."""
    from opendias.web.openeo import prefix

    return (environ.get("PATH_INFO") or "").rstrip("/") == prefix() + "/credentials/basic"


def identify(environ):
    """The user the request's credentials name, None without credentials; Unauthorized for
    credentials that do not hold."""
    header = environ.get("HTTP_AUTHORIZATION")
    if header:
        scheme, _, value = header.strip().partition(" ")
        if scheme.lower() == "bearer":
            return _bearer(value)
        if scheme.lower() == "basic":
            if _openeo_credentials(environ):
                return None  # a username and password, for the openEO front to check
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
    return _session(environ)


def _session(environ):
    """The user of the request's session cookie (None: no live session); Forbidden for a
    state-changing request of a session without its CSRF token."""
    from werkzeug.http import parse_cookie

    from opendias.identity.sessions import COOKIE, Sessions

    cookie = parse_cookie(environ.get("HTTP_COOKIE", "")).get(COOKIE)
    opened = Sessions().open(cookie) if cookie else None
    if opened is None:
        return None
    user, session_id = opened
    environ[SESSION_KEY] = session_id
    method = environ.get("REQUEST_METHOD", "GET").upper()
    if method not in SAFE_METHODS and (environ.get("PATH_INFO") or "").rstrip("/") != "/signin":
        _check_csrf(environ, session_id)
    return user


def _check_csrf(environ, session_id: str) -> None:
    from urllib.parse import parse_qs

    from opendias.identity.sessions import CSRF_FIELD, csrf_matches
    from opendias.web.bodies import request_body

    token = environ.get("HTTP_X_CSRF_TOKEN")
    if token is None and (environ.get("CONTENT_TYPE") or "").startswith(
            "application/x-www-form-urlencoded"):
        form = parse_qs(request_body(environ).decode("latin-1"))
        token = (form.get(CSRF_FIELD) or [None])[0]
    if not csrf_matches(session_id, token):
        raise Forbidden("this request of a browser session changes state and needs the "
                        "session's CSRF token (the X-CSRF-Token header or the csrf_token "
                        "form field; GET /me gives it); "
                        + ("it is missing" if token is None else "it is wrong"),
                        parameter="csrf_token")


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
        except Forbidden as err:
            return refuse(environ, start_response, 403, err.code, err.title, err.detail)
        return self.app(environ, start_response)
