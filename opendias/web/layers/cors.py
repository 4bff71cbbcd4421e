"""CORS: the one cross-origin policy of the service, for every front.

OPENDIAS_CORS_ORIGINS (comma-separated, default `*`) lists who may call the service from a
web page of another origin:
- `*`: any origin may read: GET and HEAD (and their preflights), answered with
  `Access-Control-Allow-Origin: *`, never with credentials;
- a listed origin (`https://portal.example.org`) may also use the state-changing methods
  (POST, PUT, PATCH, DELETE): answers to it name it (`Vary: Origin`). The service's own origin
  (OPENDIAS_BASE_URL) is always listed.
An origin that is not listed gets no `Access-Control-Allow-Origin` on a state-changing request
(so the browser neither sends a DELETE after its preflight nor shows a POST's answer), and no
Origin header is ever echoed unless it is listed.

Preflights (OPTIONS with `Access-Control-Request-Method`) are answered here (204) without
reaching a front. Every cross-origin answer exposes the headers a client script needs
(EXPOSED: the request id, the quota headers, Location, ...). Access-Control-* headers a front
or library set are dropped: this layer is the only place they come from.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from opendias.config import get_settings

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
STATE_CHANGING = ("POST", "PUT", "PATCH", "DELETE")
EXPOSED = ("X-Request-Id", "X-Quota-Limit", "X-Quota-Remaining", "X-Quota-Reset",
           "Retry-After", "Location", "Link", "Content-Disposition", "Content-Range",
           "Content-Crs", "Content-Bbox", "Preference-Applied", "X-Opendias-Time",
           "X-Opendias-Elevation", "X-Opendias-Style", "X-Opendias-Colorscalerange")
MAX_AGE = "600"
FRONT_KEY = "opendias.front"
_HEADER_NAMES = re.compile(r"[A-Za-z0-9!#$%&'*+.^_`|~-]+(\s*,\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+)*")


def _origin_of(url: str) -> str | None:
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


class CorsPolicy:
    """Who may do what cross-origin (from the settings)."""

    def __init__(self, origins: str, base_url: str):
        names = [o.strip() for o in origins.split(",") if o.strip()]
        self.anyone_reads = "*" in names
        self.listed = {o for o in (_origin_of(n) for n in names if n != "*") if o}
        own = _origin_of(base_url)
        if own:
            self.listed.add(own)

    def allowed_origin(self, origin: str | None, method: str) -> str | None:
        """The Access-Control-Allow-Origin value for `method` from `origin` (None: none)."""
        method = method.upper()
        if method in SAFE_METHODS and self.anyone_reads:
            return "*"
        if origin and origin.lower() in self.listed:
            return origin
        return None

    def methods_for(self, allowed: str) -> str:
        return ", ".join(SAFE_METHODS if allowed == "*" else SAFE_METHODS + STATE_CHANGING)


_POLICIES: dict[tuple[str, str], CorsPolicy] = {}


def current_policy() -> CorsPolicy:
    settings = get_settings()
    key = (settings.cors_origins, settings.base_url)
    policy = _POLICIES.get(key)
    if policy is None:
        policy = _POLICIES[key] = CorsPolicy(*key)
    return policy


def _without_cors(headers):
    return [(k, v) for k, v in headers if not k.lower().startswith("access-control-")]


class CorsLayer:
    """WSGI middleware: the CORS policy (see the module docstring)."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        policy = current_policy()
        origin = environ.get("HTTP_ORIGIN")
        method = environ.get("REQUEST_METHOD", "GET").upper()
        requested = environ.get("HTTP_ACCESS_CONTROL_REQUEST_METHOD")
        if method == "OPTIONS" and origin and requested:
            return self._preflight(environ, start_response, policy, origin, requested)
        allowed = policy.allowed_origin(origin, method)

        def start_with_cors(status, headers, exc_info=None):
            headers = _without_cors(headers)
            if allowed:
                headers.append(("Access-Control-Allow-Origin", allowed))
                headers.append(("Access-Control-Expose-Headers", ", ".join(EXPOSED)))
            if allowed != "*":
                headers.append(("Vary", "Origin"))
            return start_response(status, headers, exc_info)

        return self.app(environ, start_with_cors)

    @staticmethod
    def _preflight(environ, start_response, policy, origin, requested):
        environ[FRONT_KEY] = "cors"
        headers = [("Vary", "Origin, Access-Control-Request-Method, "
                            "Access-Control-Request-Headers"),
                   ("Content-Length", "0")]
        allowed = policy.allowed_origin(origin, requested.strip())
        if allowed:
            headers += [("Access-Control-Allow-Origin", allowed),
                        ("Access-Control-Allow-Methods", policy.methods_for(allowed)),
                        ("Access-Control-Max-Age", MAX_AGE)]
            asked = (environ.get("HTTP_ACCESS_CONTROL_REQUEST_HEADERS") or "").strip()
            if asked and _HEADER_NAMES.fullmatch(asked):
                headers.append(("Access-Control-Allow-Headers", asked))
        start_response("204 No Content", headers)
        return []
