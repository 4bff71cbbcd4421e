"""How a cross-cutting layer refuses a request, in the words of the front the request was
for: a WMS ServiceExceptionReport for /wms, an OWS ExceptionReport for /wps, OGC exception
JSON (opendias.web.errors) for every other path, with the detail in the status line too for
the HDA API (opendias.web.hda.errors: what `hda` prints), and the Data Stores' words for the
CDS front (opendias.web.cds.errors). Layers call `refuse`; fronts word their own errors
themselves."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import parse_qs

from werkzeug.http import HTTP_STATUS_CODES

from opendias.web.errors import ogc_exception_wsgi

OWS = "http://www.opengis.net/ows/1.1"


def _status_line(status: int) -> str:
    return f"{status} {HTTP_STATUS_CODES.get(status, 'Error')}"


def _ows_report(code: str, detail: str) -> bytes:
    ET.register_namespace("ows", OWS)
    root = ET.Element(f"{{{OWS}}}ExceptionReport", {"version": "1.0.0"})
    exc = ET.SubElement(root, f"{{{OWS}}}Exception", {"exceptionCode": code})
    ET.SubElement(exc, f"{{{OWS}}}ExceptionText").text = detail
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")


def refuse(environ, start_response, status: int, code: str, title: str, detail: str,
           headers: list[tuple[str, str]] | None = None, error=None) -> list[bytes]:
    """Answer `status` with the refusal worded for the request's front (`error`: the core
    error refused, when there is one, for a front that words it its own way)."""
    path = environ.get("PATH_INFO", "") or "/"
    extra = list(headers or [])
    from opendias.web.cds import prefix

    if path == prefix() or path.startswith(prefix() + "/"):
        from opendias.web.cds.errors import refusal

        return refusal(start_response, status, code, title, detail, extra, error)
    from opendias.web.openeo import is_openeo_path

    if is_openeo_path(path):
        from opendias.web.openeo.errors import refusal as openeo_refusal

        return openeo_refusal(environ, start_response, status, code, title, detail, extra,
                              error)
    if path.rstrip("/") == "/wms":
        from opendias.web.wms.errors import exception_report

        query = {k.upper(): v for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        version = "1.1.1" if (query.get("VERSION") or [""])[0].startswith("1.1") else "1.3.0"
        response = exception_report(code, detail, version, status=status)
        response.headers.extend(extra)
        return response(environ, start_response)
    if path.rstrip("/") == "/wps":
        body = _ows_report(code, detail)
        start_response(_status_line(status), [("Content-Type", "text/xml; charset=utf-8"),
                                              ("Content-Length", str(len(body))), *extra])
        return [body]
    from opendias.config import get_settings

    if path.startswith(get_settings().hda_prefix + "/"):
        from opendias.web.hda.errors import hda_response

        response = hda_response(status, code, title, detail)
        response.headers.extend(extra)
        return response(environ, start_response)
    return ogc_exception_wsgi(start_response, status, code, title, detail, extra)
