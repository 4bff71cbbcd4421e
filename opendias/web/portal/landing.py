"""`/`: a browser wanting HTML without `f=` lands on the portal; every other request (JSON
clients, `?f=json`, `?f=html`) gets pygeoapi's OGC landing page as before."""

from __future__ import annotations

from urllib.parse import parse_qs

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header


def wants_portal(environ) -> bool:
    """Whether a request of `/` is a browser's: GET/HEAD, no `f`, HTML preferred to JSON."""
    if environ.get("REQUEST_METHOD", "GET").upper() not in ("GET", "HEAD"):
        return False
    if "f" in parse_qs(environ.get("QUERY_STRING", "")):
        return False
    accept = parse_accept_header(environ.get("HTTP_ACCEPT", ""), MIMEAccept)
    return accept.best_match(["application/json", "text/html"]) == "text/html"


def landing_app(environ, start_response):
    if wants_portal(environ):
        target = environ.get("SCRIPT_NAME", "").rstrip("/") + "/portal/"
        start_response("302 Found", [("Location", target), ("Content-Length", "0"),
                                     ("Vary", "Accept"), ("Cache-Control", "no-cache")])
        return [b""]
    from opendias.web.pygeoapi_front import pygeoapi_app

    return pygeoapi_app()(environ, start_response)
