"""The service's entry points that pygeoapi does not know, linked from the landing page
(JSON links and an HTML section) and from the OpenAPI document (each tag's externalDocs):
WMS, WPS, OGC API - Maps, result downloads and the Zarr stores. One list, SERVICE_LINKS."""

from __future__ import annotations

import json
from html import escape

from opendias.web.json_answers import JsonAnswers

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


class LandingLinks(JsonAnswers):
    """WSGI wrapper: the landing page's JSON answer with the links of SERVICE_LINKS added
    (the HTML page has them from its template)."""

    def __init__(self, app, base_url: str):
        super().__init__(app)
        self.base_url = base_url

    def wanted(self, environ, code: int, media: str) -> bool:
        return code == 200 and "ld+json" not in media and \
            (environ.get("PATH_INFO") or "/") == "/" and \
            environ.get("REQUEST_METHOD", "GET").upper() == "GET"

    def rewrite(self, environ, raw: bytes, code: int) -> bytes | None:
        doc = json.loads(raw)
        doc.setdefault("links", []).extend(landing_links(self.base_url))
        return json.dumps(doc).encode()
