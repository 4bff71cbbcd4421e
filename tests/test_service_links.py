"""What a user finds by following links (issue 11, section 6): the landing page (JSON and
HTML) and the OpenAPI document link to WMS, WPS, Maps, result downloads and the Zarr stores,
and every HTML link a collection advertises answers an HTML page (position, area and cube
answered 400)."""

from __future__ import annotations

import pytest

SERVICES = {"/wms?service=WMS&request=GetCapabilities", "/wps?service=WPS&request=GetCapabilities",
            "/collections/{collectionId}/map", "/results/{jobId}/{file}",
            "/zarr/{collectionId}/"}
BASE = "http://localhost:5000"


def test_landing_page_links_every_service(client):
    doc = client.get("/?f=json").get_json()
    hrefs = {link["href"].replace(BASE, ""): link for link in doc["links"]}
    assert SERVICES <= set(hrefs)
    assert hrefs["/collections/{collectionId}/map"]["templated"] is True
    assert hrefs["/collections/{collectionId}/map"]["rel"].endswith("/ogc/1.0/map")
    for path in SERVICES:  # each one answers (its template filled in)
        if "results" in path:
            continue
        resp = client.get(path.replace("{collectionId}", "med-sst-l4"))
        assert resp.status_code == 200, path
    assert {"self", "service-desc", "data"} <= {link["rel"] for link in doc["links"]}
    html = client.get("/?f=html").get_data(as_text=True)
    assert f'href="{BASE}/wms?service=WMS&amp;request=GetCapabilities"' in html
    assert f'href="{BASE}/wps?service=WPS&amp;request=GetCapabilities"' in html
    assert "/collections/{collectionId}/map" in html and "/results/{jobId}/{file}" in html


def test_openapi_tags_link_the_services(client):
    tags = {t["name"]: t for t in client.get("/openapi?f=json").get_json()["tags"]}
    assert tags["wms"]["externalDocs"]["url"] == f"{BASE}/wms?service=WMS&request=GetCapabilities"
    assert tags["wps"]["externalDocs"]["url"] == f"{BASE}/wps?service=WPS&request=GetCapabilities"
    assert tags["maps"]["externalDocs"]["url"] == f"{BASE}/collections/"
    assert tags["results"]["externalDocs"]["url"] == f"{BASE}/results/"


@pytest.mark.parametrize("collection", ["med-sst-l4", "med-physics", "clms-ndvi-italy"])
def test_every_advertised_html_link_is_html(client, collection):
    links = client.get(f"/collections/{collection}?f=json").get_json()["links"]
    html = [link["href"] for link in links if link.get("type") == "text/html"]
    queries = [h for h in html if any(f"/{q}?" in h for q in ("position", "area", "cube"))]
    assert len(queries) == 3, html
    for href in html:
        resp = client.get(href.replace(BASE, ""))
        assert resp.status_code == 200, (href, resp.get_data(as_text=True)[:200])
        assert resp.mimetype == "text/html", href
    page = client.get(f"/collections/{collection}/position?f=html").get_data(as_text=True)
    assert f'action="{BASE}/collections/{collection}/position"' in page
    assert 'name="coords" value="POINT(' in page
    assert ('name="z"' in page) == (collection == "med-physics")
    page = client.get(f"/collections/{collection}/area?f=html").get_data(as_text=True)
    assert 'name="coords" value="POLYGON((' in page
