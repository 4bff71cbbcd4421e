"""pygeoapi as one of opendias' fronts: its Flask application, with its error answers in the
OGC exception body every opendias front gives (`type`, `title`, `status`, `detail`; see
opendias.web.errors). pygeoapi words its own errors `{"code", "type", "description"}`; those
members are kept, the missing ones added. A dataset's JSON collection document gets its
`scaleDenominator` (GDAL's OGC API map raster). Only those answers are read and rewritten;
every other answer passes through untouched and unbuffered."""

from __future__ import annotations

import json
import logging
import re
from functools import lru_cache

from werkzeug.http import HTTP_STATUS_CODES

from opendias.web.errors import ogc_exception_body, ogc_exception_wsgi
from opendias.web.json_answers import JsonAnswers

LOGGER = logging.getLogger(__name__)


def _ogc_body(raw: bytes, status: int) -> bytes | None:
    """The OGC exception JSON of a pygeoapi error body, or None when it is not one."""
    try:
        doc = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(doc, dict) or "description" not in doc or "detail" in doc:
        return None
    code = str(doc.get("code") or doc.get("type") or "NoApplicableCode")
    detail = str(doc.get("description") or HTTP_STATUS_CODES.get(status, "Error"))
    body = ogc_exception_body(status, code, HTTP_STATUS_CODES.get(status, "Error"), detail)
    return json.dumps({**doc, **body, "code": code, "description": detail}).encode()


class OgcErrorBodies(JsonAnswers):
    """WSGI wrapper giving pygeoapi's JSON error answers the OGC exception members."""

    def wanted(self, environ, code: int, media: str) -> bool:
        return code >= 400

    def rewrite(self, environ, raw: bytes, code: int) -> bytes | None:
        return _ogc_body(raw, code)


_COLLECTION = re.compile(r"^/collections/([^/]+)/?$")


def _with_scale(collection: str, raw: bytes) -> bytes | None:
    from opendias.catalogue import load_catalogue
    from opendias.datacube import open_cube
    from opendias.errors import OpendiasError
    from opendias.web.coverage_domain import scale_denominator

    try:
        doc = json.loads(raw)
        cube = open_cube(load_catalogue().get(collection))
    except (ValueError, OpendiasError):
        return None
    if not isinstance(doc, dict) or "extent" not in doc:
        return None
    doc["scaleDenominator"] = scale_denominator(cube)
    return json.dumps(doc).encode()


class ScaleDenominator(JsonAnswers):
    """WSGI wrapper: a dataset's JSON collection document gets the `scaleDenominator` of its
    cells, from which GDAL's OGC API driver sizes the map raster
    (opendias.web.coverage_domain)."""

    def wanted(self, environ, code: int, media: str) -> bool:
        return (code == 200 and environ.get("REQUEST_METHOD", "GET") == "GET"
                and _COLLECTION.match(environ.get("PATH_INFO", "")) is not None)

    def rewrite(self, environ, raw: bytes, code: int) -> bytes | None:
        return _with_scale(_COLLECTION.match(environ["PATH_INFO"]).group(1), raw)


_ITEMS = re.compile(r"^/collections/([^/]+)/items(/[^/]+)?/?$")
_WRITES = ("POST", "PUT", "PATCH", "DELETE")


def editable(config: dict, collection: str) -> bool:
    """Whether a collection of pygeoapi's configuration takes transactions (a provider with
    `editable: true`); none of opendias' do."""
    resource = (config.get("resources") or {}).get(collection) or {}
    return any(p.get("editable") for p in resource.get("providers") or [])


class ReadOnlyItems:
    """WSGI wrapper: POST, PUT, PATCH and DELETE on the items of a collection that takes no
    transactions are a 405 naming the methods served (pygeoapi answers an empty POST with a
    500 and the others with a 400)."""

    def __init__(self, app, config: dict):
        self.app = app
        self.config = config

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD", "GET").upper()
        match = _ITEMS.match(environ.get("PATH_INFO", "")) if method in _WRITES else None
        if match is None or editable(self.config, match.group(1)):
            return self.app(environ, start_response)
        allowed = "GET, HEAD, OPTIONS"
        detail = (f"{method} is not served on {environ.get('PATH_INFO')}: the collection "
                  f"{match.group(1)!r} is read-only (no transactions); use {allowed}")
        return ogc_exception_wsgi(start_response, 405, "MethodNotAllowed",
                                  HTTP_STATUS_CODES[405], detail, [("Allow", allowed)])


class KnownLanguages:
    """WSGI wrapper: a `lang` pygeoapi does not offer is a 400 naming those it does (pygeoapi
    falls back to its default language without a word). A language offered in another
    region (lang=en for en-US) is accepted, as pygeoapi's negotiation does."""

    def __init__(self, app, languages: list[str]):
        self.app = app
        self.languages = [str(lang) for lang in languages or ["en-US"]]
        self.primary = {lang.replace("_", "-").split("-")[0].lower() for lang in self.languages}

    def __call__(self, environ, start_response):
        from urllib.parse import parse_qs

        for lang in parse_qs(environ.get("QUERY_STRING", "")).get("lang", []):
            if lang.replace("_", "-").split("-")[0].strip().lower() not in self.primary:
                detail = (f"lang {lang[:40]!r} is not offered; use one of "
                          f"{', '.join(self.languages)}")
                return ogc_exception_wsgi(start_response, 400, "InvalidParameterValue",
                                          HTTP_STATUS_CODES[400], detail)
        return self.app(environ, start_response)


@lru_cache(maxsize=1)
def pygeoapi_app() -> KnownLanguages:
    """pygeoapi's application, wrapped (pygeoapi reads its configuration when first imported:
    opendias.web.app configures it before any front asks for it)."""
    from pygeoapi.flask_app import APP, CONFIG
    from werkzeug.exceptions import HTTPException

    from opendias.web.errors import internal_error_detail, ogc_exception

    @APP.errorhandler(Exception)
    def _unexpected(err):  # Flask's HTML 500 page otherwise; never the exception's text
        if isinstance(err, HTTPException):
            return err
        LOGGER.exception("unexpected error in pygeoapi")
        return ogc_exception(500, "NoApplicableCode", "Internal server error",
                             internal_error_detail())

    from opendias.web.service_links import LandingLinks

    server = CONFIG.get("server") or {}
    inner = ScaleDenominator(ReadOnlyItems(OgcErrorBodies(APP), CONFIG))
    return KnownLanguages(LandingLinks(inner, server.get("url", "")),
                          server.get("languages"))
