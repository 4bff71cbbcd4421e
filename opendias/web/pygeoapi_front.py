"""pygeoapi as one of opendias' fronts: its Flask application, with its error answers in the
OGC exception body every opendias front gives (`type`, `title`, `status`, `detail`; see
opendias.web.errors). pygeoapi words its own errors `{"code", "type", "description"}`; those
members are kept, the missing ones added. Only error answers (status 400 and above, JSON) are
read and rewritten; every other answer passes through untouched and unbuffered."""

from __future__ import annotations

import json
from functools import lru_cache

from werkzeug.http import HTTP_STATUS_CODES

from opendias.web.errors import ogc_exception_body


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


class OgcErrorBodies:
    """WSGI wrapper giving pygeoapi's JSON error answers the OGC exception members."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        seen: dict = {}

        def capture(status, headers, exc_info=None):
            code = int(status.split(" ", 1)[0])
            media = next((v for k, v in headers if k.lower() == "content-type"), "")
            if code >= 400 and "json" in media:
                seen.update(status=status, headers=headers, code=code)
                return lambda data: None
            return start_response(status, headers, exc_info)

        chunks = self.app(environ, capture)
        if not seen:
            return chunks
        try:
            raw = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        body = _ogc_body(raw, seen["code"]) or raw
        headers = [(k, v) for k, v in seen["headers"] if k.lower() != "content-length"]
        headers.append(("Content-Length", str(len(body))))
        start_response(seen["status"], headers)
        return [body]


@lru_cache(maxsize=1)
def pygeoapi_app() -> OgcErrorBodies:
    """pygeoapi's application, wrapped (pygeoapi reads its configuration when first imported:
    opendias.web.app configures it before any front asks for it)."""
    from pygeoapi.flask_app import APP

    return OgcErrorBodies(APP)
