"""The service's entry points that pygeoapi does not know, linked from the landing page
(JSON links and an HTML section) and from the OpenAPI document (each tag's externalDocs):
WMS, WPS, OGC API - Maps, result downloads and the Zarr stores. One list, SERVICE_LINKS."""

from __future__ import annotations

import json
from html import escape

OGC_REL = "http://www.opengis.net/def/rel/ogc/1.0/"

# (OpenAPI tag, rel, media type, path, title); a path with {..} is a URI template
SERVICE_LINKS = [
    ("wms", "service", "text/xml", "/wms?service=WMS&request=GetCapabilities",
     "WMS 1.3.0 / 1.1.1 map layers (GetCapabilities)"),
    ("wps", "service", "text/xml", "/wps?service=WPS&request=GetCapabilities",
     "WPS 1.0.0 processes (GetCapabilities)"),
    ("maps", OGC_REL + "map", "image/png", "/collections/{collectionId}/map",
     "OGC API - Maps: a map of each collection"),
    ("results", OGC_REL + "results", "application/octet-stream", "/results/{jobId}/{file}",
     "Result downloads of jobs (HTTP Range; the links of /jobs/{jobId}/results)"),
    ("zarr", "data", "application/json", "/zarr/{collectionId}/",
     "Each collection as a Zarr v2 store (xr.open_zarr)"),
]


def landing_links(base_url: str) -> list[dict]:
    """The links of SERVICE_LINKS as OGC API links (`templated` when the href is one)."""
    links = []
    for _tag, rel, media, path, title in SERVICE_LINKS:
        link = {"rel": rel, "type": media, "title": title, "href": base_url + path}
        if "{" in path:
            link["templated"] = True
        links.append(link)
    return links


def landing_section() -> str:
    """The HTML section of the landing page template (pygeoapi's landing_page.html) that
    lists them; the server's URL is the template's."""
    items = "".join(
        f'\n        <li><a href="{{{{ config[\'server\'][\'url\'] }}}}{escape(path)}">'
        f"{escape(title)}</a></li>" for _tag, _rel, _media, path, title in SERVICE_LINKS
        if "{" not in path)
    templated = "".join(
        f"\n        <li>{escape(title)}: <code>{escape(path)}</code></li>"
        for _tag, _rel, _media, path, title in SERVICE_LINKS if "{" in path)
    return (f'<section id="services">\n      <h2>More services</h2>\n      <ul>{items}'
            f"{templated}\n      </ul>\n  </section>\n  ")


def tag_docs(base_url: str) -> dict[str, dict]:
    """{OpenAPI tag: its externalDocs} for the tags of SERVICE_LINKS."""
    return {tag: {"description": title, "url": base_url + path.split("{")[0]}
            for tag, _rel, _media, path, title in SERVICE_LINKS}


class LandingLinks:
    """WSGI wrapper: the landing page's JSON answer with the links of SERVICE_LINKS added
    (the HTML page has them from its template)."""

    def __init__(self, app, base_url: str):
        self.app = app
        self.base_url = base_url

    def __call__(self, environ, start_response):
        if (environ.get("PATH_INFO") or "/") != "/" or \
                environ.get("REQUEST_METHOD", "GET").upper() != "GET":
            return self.app(environ, start_response)
        seen: dict = {}

        def capture(status, headers, exc_info=None):
            media = next((v for k, v in headers if k.lower() == "content-type"), "")
            if status.startswith("200") and "json" in media and "ld+json" not in media:
                seen.update(status=status, headers=headers)
                return lambda data: None
            return start_response(status, headers, exc_info)

        chunks = self.app(environ, capture)
        if not seen:
            return chunks
        try:
            doc = json.loads(b"".join(chunks))
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        doc.setdefault("links", []).extend(landing_links(self.base_url))
        body = json.dumps(doc).encode()
        headers = [(k, v) for k, v in seen["headers"] if k.lower() != "content-length"]
        start_response(seen["status"], headers + [("Content-Length", str(len(body)))])
        return [body]
