"""The portal's shell (issue 9), without a browser: `/` sends a browser to /portal/ and gives
JSON clients the OGC landing page; every page of the nav answers with the layout; its CSS and
ES modules are served, and the libraries it names are vendored."""

from __future__ import annotations

import re

import pytest

from opendias.web.portal import PAGES

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/webp,*/*;q=0.8"


def test_a_browser_opening_the_root_lands_on_the_portal(client):
    resp = client.get("/", headers={"Accept": BROWSER})
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/portal/")
    assert "Accept" in resp.headers["Vary"]


@pytest.mark.parametrize("query,accept", [("?f=json", BROWSER), ("", "application/json"),
                                          ("", None)])
def test_json_clients_get_the_ogc_landing_page(client, query, accept):
    resp = client.get("/" + query, headers={"Accept": accept} if accept else {})
    assert resp.status_code == 200 and resp.mimetype == "application/json"
    assert any(link["rel"] == "conformance" for link in resp.get_json()["links"])


def test_pygeoapi_html_landing_page_stays_reachable(client):
    resp = client.get("/?f=html", headers={"Accept": BROWSER})
    assert resp.status_code == 200 and resp.mimetype == "text/html"
    assert "/collections" in resp.get_data(as_text=True)


def test_every_page_has_the_layout_and_its_nav(client):
    titles = [p.title for p in PAGES if p.title]
    assert titles == ["Find", "Map", "Jobs", "Compute", "Account", "Support"]
    for page in PAGES:
        path = "/portal" + re.sub(r"<[^>]+>", "med-sst-l4", page.rule)
        resp = client.get(path)
        assert resp.status_code == 200 and resp.mimetype == "text/html", path
        html = resp.get_data(as_text=True)
        assert '<html lang="en">' in html and 'href="#main"' in html
        nav = re.findall(r'<nav aria-label="Main">(.*?)</nav>', html, re.DOTALL)[0]
        assert re.findall(r">(\w+)</a>", nav) == titles
        if page.title:
            assert re.search(rf'aria-current="page">{page.title}<', nav), path
        for src in re.findall(r'(?:src|href)="(/(?:portal/static|vendor)/[^"]+)"', html):
            asset = client.get(src)
            assert asset.status_code == 200, src
        assert "//" not in re.sub(r'(?:https?:)?//[^"]*(localhost|127\.0\.0\.1)', "",
                                  " ".join(re.findall(r'(?:src|href)="([^"]+)"', html)))


def test_bare_prefix_and_unknown_pages(client):
    assert client.get("/portal").status_code == 301
    resp = client.get("/portal/nowhere")
    assert resp.status_code == 404 and resp.mimetype == "application/problem+json"
    assert client.get("/portal/static/../../app.py").status_code == 404


def test_static_modules_are_javascript_and_versioned(client):
    html = client.get("/portal/").get_data(as_text=True)
    src = re.search(r'src="(/portal/static/shell\.js\?v=[0-9a-f]{10})"', html).group(1)
    resp = client.get(src)
    assert resp.mimetype == "text/javascript" and "immutable" in resp.headers["Cache-Control"]
    bare = client.get("/portal/static/api.js")
    assert bare.headers["Cache-Control"] == "no-cache" and b"export async function api" \
        in bare.get_data()


def test_the_portal_libraries_are_vendored_with_their_licences(client):
    from opendias.web import vendor

    portal = [p for p in vendor.PACKAGES.values() if p.files]
    assert {p.key for p in portal} >= {"leaflet@1.9.4", "topojson-client", "world-atlas"}
    for package in portal:
        for file in package.files:
            assert (vendor.VENDOR_DIR / package.local_dir / file).is_file(), (package, file)
            resp = client.get(vendor.URL_PREFIX + vendor.local_path(package.key, file))
            assert resp.status_code == 200
        assert any((vendor.VENDOR_DIR / package.local_dir).glob("LICENSE*")), package.key
    # Leaflet twice: 1.3.1 for pygeoapi's pages, 1.9.4 for the portal's
    assert vendor.local_path("leaflet", "dist/leaflet.js") == "leaflet/1.3.1/dist/leaflet.js"
    assert vendor.local_path("leaflet@1.9.4", "dist/leaflet.js") == \
        "leaflet/1.9.4/dist/leaflet.js"


def test_pygeoapi_pages_draw_the_offline_basemap(client):
    from opendias.web import basemap, vendor

    for path in ("/collections/med-sst-l4?f=html", "/collections/catalogue/items?f=html"):
        html = client.get(path, headers={"Accept": "text/html"}).get_data(as_text=True)
        assert "openstreetmap" not in html and "L.TileLayer(" not in html.split("basemap.js")[1]
        assert "/vendor/opendias/basemap.js" in html and "opendiasBasemap('', '')" in html
    assert client.get("/vendor/opendias/basemap.js").status_code == 200
    overrides = vendor.template_overrides(vendor.pygeoapi_templates_dir())
    uses = [name for name, text in overrides.items() if "opendiasBasemap(" in text]
    assert len(uses) >= 7  # every pygeoapi map: collection, items, item, coverage, EDR, tiles...
    text, problems = basemap.patch("x.html", "L.tileLayer('{{ config['server']['map']['url'] }}')",
                                   "/vendor/opendias/basemap.js")
    assert problems and "x.html uses the configured map URL 1 time(s)" in problems[0]


def test_the_portal_opens_whatever_anonymous_may_do(client, monkeypatch):
    monkeypatch.setenv("OPENDIAS_ANONYMOUS", "none")
    assert client.get("/portal/account").status_code == 200
    assert client.get("/portal/static/api.js").status_code == 200
    assert client.get("/collections/catalogue/items?f=json").status_code == 401  # its data
