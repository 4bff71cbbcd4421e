"""No CDN: every web asset (JS, CSS, fonts, images) of the HTML pages is served by opendias.

The pages are rendered through the whole WSGI application; every script, image and
stylesheet/icon link they load must be on the server itself and answer 200 with a sensible
Content-Type, and so must the files those stylesheets refer to (Leaflet's images...).
"""

from __future__ import annotations

import gzip
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from opendias.web import vendor

BASE_URL = os.environ["OPENDIAS_BASE_URL"].rstrip("/")

PAGES = [
    "/?f=html",
    "/collections?f=html",
    "/collections/med-sst-l4?f=html",
    "/collections/catalogue/items?f=html",
    "/collections/catalogue/items/med-sst-l4?f=html",
    "/openapi?f=html",
    "/openapi?f=html&ui=redoc",
    "/processes?f=html",
    "/jobs?f=html",
    "/conformance?f=html",
]

CONTENT_TYPES = {
    ".js": ("text/javascript", "application/javascript"),
    ".css": ("text/css",),
    ".png": ("image/png",),
    ".svg": ("image/svg+xml",),
    ".ico": ("image/x-icon", "image/vnd.microsoft.icon"),
}
CDN_TEXT = re.compile("|".join(re.escape(h) for h in vendor.CDN_HOSTS), re.IGNORECASE)


class AssetParser(HTMLParser):
    """The URLs a browser loads from a page: <script src>, <img src>, and the href of
    <link>s that load something (stylesheet, icon, preload...), also inside IE conditional
    comments. Other <link>s (alternate, describedby, about...) are links, not assets."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v or "") for k, v in attrs}
        if tag in ("script", "img") and attrs.get("src"):
            self.urls.append((tag, attrs["src"]))
        elif tag == "link" and attrs.get("href"):
            if vendor.LOADING_RELS & set(attrs.get("rel", "").lower().split()):
                self.urls.append((f"link rel={attrs['rel']}", attrs["href"]))

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        if data.startswith("[if"):  # <!--[if lt IE 9]><script src=...><![endif]-->
            inner = AssetParser()
            inner.feed(data.split("]>", 1)[-1].rsplit("<![endif]", 1)[0])
            inner.close()
            self.urls += inner.urls


def page_assets(client, page: str) -> list[tuple[str, str]]:
    resp = client.get(page)
    assert resp.status_code == 200, (page, resp.status_code, resp.get_data(as_text=True)[:500])
    assert resp.headers["Content-Type"].startswith("text/html")
    html = resp.get_data(as_text=True)
    parser = AssetParser()
    parser.feed(html)
    parser.close()
    return [(tag, urljoin(BASE_URL + page, url)) for tag, url in parser.urls], html


def local_path(url: str) -> str:
    """The path (and query) of a URL of this server; fails for another host."""
    parts = urlsplit(url)
    base = urlsplit(BASE_URL)
    assert (parts.scheme, parts.netloc) == (base.scheme, base.netloc), \
        f"{url} is on another host than the server ({BASE_URL})"
    return parts.path + (f"?{parts.query}" if parts.query else "")


def assert_served(client, url: str, what: str):
    resp = client.get(local_path(url))
    assert resp.status_code == 200, f"{what}: {url} answered {resp.status_code}"
    suffix = Path(urlsplit(url).path).suffix.lower()
    ctype = resp.headers.get("Content-Type", "").split(";")[0].strip()
    assert ctype in CONTENT_TYPES.get(suffix, (ctype,)), f"{what}: {url} is {ctype}"
    assert resp.get_data(), f"{what}: {url} is empty"
    return resp


@pytest.mark.parametrize("page", PAGES)
def test_page_loads_nothing_from_another_host(client, page):
    assets, html = page_assets(client, page)
    assert assets, f"{page} loads no asset at all?"
    for tag, url in assets:
        local_path(url)
    assert not CDN_TEXT.search(html), f"{page} names a CDN: {CDN_TEXT.search(html).group(0)}"


@pytest.mark.parametrize("page", PAGES)
def test_page_assets_are_served(client, page):
    assets, _ = page_assets(client, page)
    for tag, url in assets:
        assert_served(client, url, f"{page} <{tag}>")


def css_references(css_url: str, text: str) -> list[str]:
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL)
    refs = re.findall(r"""url\(\s*["']?([^"')]+)["']?\s*\)""", text)
    return [urljoin(css_url, r) for r in refs if not r.startswith(("data:", "#"))]


def test_stylesheet_images_are_served(client):
    """Every file a served stylesheet refers to (url(...)) is served too: Leaflet's and
    Leaflet.draw's images, on the pages that load them."""
    stylesheets = set()
    for page in PAGES:
        assets, _ = page_assets(client, page)
        stylesheets |= {url for tag, url in assets if tag.startswith("link rel=stylesheet")}
    assert any("/vendor/leaflet/" in u for u in stylesheets), stylesheets
    checked = 0
    for css in sorted(stylesheets):
        text = client.get(local_path(css)).get_data(as_text=True)
        for ref in css_references(css, text):
            assert_served(client, ref, f"url() of {css}")
            checked += 1
    assert checked >= 3


def test_leaflet_images_are_served(client):
    """Leaflet's CSS images, and the marker images its JS derives from the CSS folder."""
    assets, _ = page_assets(client, "/collections/catalogue/items?f=html")
    (css,) = [u for _, u in assets if u.endswith("/leaflet.css") and "/vendor/leaflet/" in u]
    text = client.get(local_path(css)).get_data(as_text=True)
    refs = css_references(css, text)
    assert {Path(r).name for r in refs} >= {"layers.png", "layers-2x.png", "marker-icon.png"}
    for name in ("layers.png", "layers-2x.png", "marker-icon.png", "marker-icon-2x.png",
                 "marker-shadow.png"):
        resp = assert_served(client, urljoin(css, f"images/{name}"), "Leaflet image")
        assert resp.get_data()[:8] == b"\x89PNG\r\n\x1a\n"


def test_leaflet_draw_images_are_served(client):
    assets, _ = page_assets(client, "/collections/catalogue/items?f=html")
    (css,) = [u for _, u in assets if u.endswith("/leaflet.draw.css")]
    for name in ("spritesheet.png", "spritesheet-2x.png", "spritesheet.svg"):
        assert_served(client, urljoin(css, f"images/{name}"), "Leaflet.draw image")


def test_every_cdn_url_has_its_vendored_file(client):
    for url, target in vendor.CDN_URLS.items():
        path = vendor.local_path(*target)
        assert (vendor.VENDOR_DIR / path).is_file(), f"{url}: {path} missing"
        assert_served(client, f"{BASE_URL}/vendor/{path}", url)


def test_no_effective_template_names_a_cdn():
    """Every template pygeoapi may render (ours where we override it, else its own) is free of
    CDN URLs: the pages not rendered above (EDR, coverage, tiles, STAC...) too."""
    from opendias.config import get_settings

    overrides = get_settings().runtime_dir / "templates"
    source = vendor.pygeoapi_templates_dir()
    for path in source.rglob("*.html"):
        name = path.relative_to(source)
        effective = overrides / name if (overrides / name).is_file() else path
        text = effective.read_text()
        assert not vendor.external_asset_urls(text), (str(name), vendor.external_asset_urls(text))


def test_pygeoapi_is_configured_with_the_overrides(client):
    from pygeoapi.flask_app import CONFIG

    path = Path(CONFIG["server"]["templates"]["path"])
    assert (path / "_base.html").is_file()
    assert "/vendor/bootstrap/5.1.3/" in (path / "_base.html").read_text()
    # pygeoapi's own static folder still answers (default.css, logo, favicon)
    for url in ("/static/css/default.css", "/static/img/logo.png", "/static/img/favicon.ico"):
        assert client.get(url).status_code == 200, url


def test_swagger_ui_has_no_validator_badge(client):
    html = client.get("/openapi?f=html").get_data(as_text=True)
    assert "validatorUrl: null" in html
    assert "/vendor/swagger-ui-dist/" in html


def test_redoc_page_shows_the_vendored_swagger_ui(client):
    html = client.get("/openapi?f=html&ui=redoc").get_data(as_text=True)
    assert "SwaggerUIBundle" in html and "redoc" not in html.lower().replace("ui=redoc", "")


def test_vendored_files_cache_headers_and_types(client):
    resp = client.get("/vendor/leaflet/1.3.1/dist/leaflet.js")
    assert resp.status_code == 200
    assert resp.headers["Content-Type"].startswith("text/javascript")
    assert resp.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert resp.headers.get("ETag")
    assert resp.get_data() == (vendor.VENDOR_DIR / "leaflet/1.3.1/dist/leaflet.js").read_bytes()
    again = client.get("/vendor/leaflet/1.3.1/dist/leaflet.js",
                       headers={"If-None-Match": resp.headers["ETag"]})
    assert again.status_code == 304
    head = client.head("/vendor/leaflet/1.3.1/dist/leaflet.css")
    assert head.status_code == 200 and head.headers["Content-Type"].startswith("text/css")


def test_vendored_text_is_gzipped_when_accepted(client):
    path = "/vendor/swagger-ui-dist/5.35.0/swagger-ui-bundle.js"
    resp = client.get(path, headers={"Accept-Encoding": "gzip, deflate"})
    assert resp.status_code == 200
    assert resp.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in resp.headers["Vary"]
    assert resp.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    raw = (vendor.VENDOR_DIR / "swagger-ui-dist/5.35.0/swagger-ui-bundle.js").read_bytes()
    body = resp.get_data()
    assert gzip.decompress(body) == raw and len(body) < len(raw) / 2
    again = client.get(path, headers={"Accept-Encoding": "gzip",
                                      "If-None-Match": resp.headers["ETag"]})
    assert again.status_code == 304
    png = client.get("/vendor/leaflet/1.3.1/dist/images/layers.png",
                     headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in png.headers


@pytest.mark.parametrize("path", [
    "/vendor/leaflet/1.3.1/dist/nothing.js",
    "/vendor/../pygeoapi-config.yml",
    "/vendor/..%2F..%2Fvendor.py",
    "/vendor/leaflet/1.3.1/dist/",
])
def test_missing_or_outside_files_are_404(client, path):
    resp = client.get(path)
    assert resp.status_code == 404, path


def test_an_unvendored_cdn_url_stops_the_start_up(tmp_path):
    """An upgrade of pygeoapi whose templates name a CDN file we do not vendor must fail
    loudly, naming the template and the URL; so must a script from any other host."""
    source = tmp_path / "templates"
    (source / "collections").mkdir(parents=True)
    (source / "_base.html").write_text(
        '<link rel="stylesheet" href="https://unpkg.com/leaflet@1.3.1/dist/leaflet.css">')
    (source / "collections" / "new.html").write_text(
        '<script src="https://unpkg.com/leaflet@1.9.4/dist/leaflet.js"></script>')
    with pytest.raises(vendor.VendorError) as err:
        vendor.write_template_overrides(tmp_path / "out", source)
    assert "collections/new.html" in str(err.value)
    assert "https://unpkg.com/leaflet@1.9.4/dist/leaflet.js" in str(err.value)
    assert "_base.html" not in str(err.value)

    (source / "collections" / "new.html").write_text(
        '<script src="https://static.example.org/lib.js"></script>'
        '<link rel="icon" href="//example.org/favicon.ico">'
        '<link rel="about" href="https://example.org/about">')
    with pytest.raises(vendor.VendorError) as err:
        vendor.write_template_overrides(tmp_path / "out", source)
    assert "https://static.example.org/lib.js" in str(err.value)
    assert "//example.org/favicon.ico" in str(err.value)
    assert "example.org/about" not in str(err.value)


def test_overrides_are_rewritten_and_stale_ones_removed(tmp_path):
    source = tmp_path / "templates"
    source.mkdir()
    (source / "_base.html").write_text(
        '<!--[if lt IE 9]><script src="https://cdnjs.cloudflare.com/ajax/libs/html5shiv/'
        '3.7.3/html5shiv.js"></script><![endif]-->'
        '<link rel="stylesheet" href="https://unpkg.com/bootstrap@5.1.3/dist/css/'
        'bootstrap.min.css">')
    (source / "plain.html").write_text('<p>no asset</p>')
    out = tmp_path / "out"
    (out / "old").mkdir(parents=True)
    (out / "old" / "stale.html").write_text("stale")
    assert vendor.write_template_overrides(out, source) == {"path": str(out)}
    text = (out / "_base.html").read_text()
    assert text == (
        "<!--[if lt IE 9]><script src=\"{{ config['server']['url'] }}/vendor/html5shiv/3.7.3/"
        "dist/html5shiv.js\"></script><![endif]-->"
        "<link rel=\"stylesheet\" href=\"{{ config['server']['url'] }}/vendor/bootstrap/5.1.3/"
        "dist/css/bootstrap.min.css\">")
    assert not (out / "plain.html").exists()  # nothing to change: pygeoapi's own applies
    assert not (out / "old" / "stale.html").exists()


def test_versions_file_lists_every_package():
    text = (vendor.VENDOR_DIR / "VERSIONS.txt").read_text()
    rows = {line.split("\t")[0]: line.split("\t") for line in text.splitlines()
            if line and not line.startswith("#")}
    for package in vendor.PACKAGES.values():
        assert rows[package.key][1] == package.version
        assert rows[package.key][2], package.key  # a licence
    assert vendor.LOCAL_DIR in rows


def test_vendored_tree_stays_small():
    files = [p for p in vendor.VENDOR_DIR.rglob("*") if p.is_file()]
    # the web assets, the OGC schemas the OpenAPI document references (0.4 MiB), the
    # portal's Leaflet and Natural Earth basemap (0.3 MiB) and axe-core for its tests (0.6 MiB)
    assert sum(p.stat().st_size for p in files) < 6 * 2**20
