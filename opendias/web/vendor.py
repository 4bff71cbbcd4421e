"""Every web asset of the HTML pages served by opendias itself: no CDN.

pygeoapi's HTML templates load Leaflet, Bootstrap, Swagger UI, c3/d3... from unpkg.com,
cdn.jsdelivr.net and cdnjs.cloudflare.com; the machine that runs opendias may be offline. So:

- the files those templates load are vendored from the npm registry (pinned versions, see
  PACKAGES and CDN_URLS; `bin/vendor-assets` re-fetches them) under
  opendias/web/static/vendor/<package>/<version>/<path in the package>, and served at
  `/vendor/...` by `app`, with year-long immutable cache headers (the version is in the path);
- at start-up, write_template_overrides() copies each pygeoapi template that references a
  CDN into a folder that pygeoapi searches before its own templates, with each CDN URL
  rewritten to `{{ config['server']['url'] }}/vendor/...`. A CDN URL that has no vendored
  copy stops the start-up with a message naming the template and the URL, so that an upgrade
  of pygeoapi cannot silently bring a CDN back.
"""

from __future__ import annotations

import functools
import gzip
import os
import re
from dataclasses import dataclass
from pathlib import Path

from opendias.web import basemap
from opendias.web.service_links import landing_section

VENDOR_DIR = Path(__file__).resolve().parent / "static" / "vendor"
URL_PREFIX = "/vendor/"
CACHE_SECONDS = 365 * 24 * 3600
TEMPLATE_PREFIX = "{{ config['server']['url'] }}" + URL_PREFIX.rstrip("/")


@dataclass(frozen=True)
class NpmPackage:
    """One npm package whose files are vendored, at one exact version."""

    name: str
    version: str
    extra: tuple[str, ...] = ()  # glob patterns of further files the loaded ones need
    licence: str | None = None   # when the package's package.json names none
    files: tuple[str, ...] = ()  # files opendias' own pages (the portal) load
    pinned: bool = False         # keyed "name@version": a second version of a package

    @property
    def key(self) -> str:
        """Its key in PACKAGES (and CDN_URLS): the name, or name@version when pinned."""
        return f"{self.name}@{self.version}" if self.pinned else self.name

    @property
    def local_dir(self) -> str:
        return f"{self.name}/{self.version}"


PACKAGES: dict[str, NpmPackage] = {p.key: p for p in (
    # Leaflet's JS builds the default marker icons' URLs from the CSS's image folder
    NpmPackage("leaflet", "1.3.1", extra=("dist/images/*.png",)),
    NpmPackage("bootstrap", "5.1.3"),
    NpmPackage("html5shiv", "3.7.3", licence="MIT OR GPL-2.0"),
    NpmPackage("leaflet.markercluster", "1.5.3"),      # templates: no version (latest)
    NpmPackage("leaflet-coverage", "0.7.2"),           # templates: 0.7
    NpmPackage("covutils", "0.6.1"),                   # templates: 0.6
    NpmPackage("covjson-reader", "0.16.3"),            # templates: 0.16
    NpmPackage("leaflet-draw", "1.0.4"),
    NpmPackage("leaflet.vectorgrid", "1.3.0"),         # templates: latest
    NpmPackage("c3", "0.7.20"),
    NpmPackage("d3", "5.16.0"),
    NpmPackage("swagger-ui-dist", "5.35.0"),           # templates: no version (latest)
    # the portal (opendias.web.portal): its map, its offline basemap; axe-core for its tests
    NpmPackage("leaflet", "1.9.4", pinned=True, extra=("dist/images/*.png",),
               files=("dist/leaflet.js", "dist/leaflet.css")),
    NpmPackage("topojson-client", "3.1.0", files=("dist/topojson-client.min.js",)),
    NpmPackage("world-atlas", "2.0.2", files=("countries-110m.json", "land-110m.json")),
    NpmPackage("axe-core", "4.14.1", files=("axe.min.js",)),
    # the portal's compute page: time series charts
    NpmPackage("uplot", "1.6.32", files=("dist/uPlot.esm.js", "dist/uPlot.min.css")),
)}

# Files written for opendias, kept under VENDOR_DIR beside the npm packages.
LOCAL_DIR = "opendias"

# Each CDN URL pygeoapi's templates name -> (npm package or LOCAL_DIR, file in it).
CDN_URLS: dict[str, tuple[str, str]] = {
    "https://unpkg.com/leaflet@1.3.1/dist/leaflet.css": ("leaflet", "dist/leaflet.css"),
    "https://unpkg.com/leaflet@1.3.1/dist/leaflet.js": ("leaflet", "dist/leaflet.js"),
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet/1.3.1/leaflet.js": ("leaflet",
                                                                        "dist/leaflet.js"),
    "https://unpkg.com/bootstrap@5.1.3/dist/css/bootstrap.min.css":
        ("bootstrap", "dist/css/bootstrap.min.css"),
    "https://cdnjs.cloudflare.com/ajax/libs/html5shiv/3.7.3/html5shiv.js":
        ("html5shiv", "dist/html5shiv.js"),
    "https://unpkg.com/leaflet.markercluster/dist/MarkerCluster.css":
        ("leaflet.markercluster", "dist/MarkerCluster.css"),
    "https://unpkg.com/leaflet.markercluster/dist/MarkerCluster.Default.css":
        ("leaflet.markercluster", "dist/MarkerCluster.Default.css"),
    "https://unpkg.com/leaflet.markercluster/dist/leaflet.markercluster-src.js":
        ("leaflet.markercluster", "dist/leaflet.markercluster-src.js"),
    "https://unpkg.com/leaflet-coverage@0.7/leaflet-coverage.css":
        ("leaflet-coverage", "leaflet-coverage.css"),
    "https://unpkg.com/leaflet-coverage@0.7/leaflet-coverage.min.js":
        ("leaflet-coverage", "leaflet-coverage.min.js"),
    "https://unpkg.com/covutils@0.6/covutils.min.js": ("covutils", "covutils.min.js"),
    "https://unpkg.com/covjson-reader@0.16/covjson-reader.src.js":
        ("covjson-reader", "covjson-reader.src.js"),
    "https://unpkg.com/leaflet-draw@1.0.4/dist/leaflet.draw.css":
        ("leaflet-draw", "dist/leaflet.draw.css"),
    "https://unpkg.com/leaflet-draw@1.0.4/dist/leaflet.draw.js":
        ("leaflet-draw", "dist/leaflet.draw.js"),
    "https://unpkg.com/leaflet.vectorgrid@latest/dist/Leaflet.VectorGrid.bundled.js":
        ("leaflet.vectorgrid", "dist/Leaflet.VectorGrid.bundled.js"),
    "https://cdn.jsdelivr.net/npm/c3@0.7.20/c3.css": ("c3", "c3.css"),
    "https://cdn.jsdelivr.net/npm/c3@0.7.20/c3.js": ("c3", "c3.js"),
    "https://cdn.jsdelivr.net/npm/d3@5.16.0/dist/d3.js": ("d3", "dist/d3.js"),
    "https://unpkg.com/swagger-ui-dist/swagger-ui.css": ("swagger-ui-dist", "swagger-ui.css"),
    "https://unpkg.com/swagger-ui-dist/swagger-ui-bundle.js":
        ("swagger-ui-dist", "swagger-ui-bundle.js"),
    "https://unpkg.com/swagger-ui-dist/swagger-ui-standalone-preset.js":
        ("swagger-ui-dist", "swagger-ui-standalone-preset.js"),
    "https://unpkg.com/swagger-ui-dist/favicon-16x16.png":
        ("swagger-ui-dist", "favicon-16x16.png"),
    "https://unpkg.com/swagger-ui-dist/favicon-32x32.png":
        ("swagger-ui-dist", "favicon-32x32.png"),
    # Not published on npm (so this CDN URL answers 404): a small implementation of ours.
    "https://unpkg.com/leaflet-imageoverlay-ogcapi@0.1.0/Leaflet.ImageOverlay.OGCAPI.js":
        (LOCAL_DIR, "Leaflet.ImageOverlay.OGCAPI.js"),
}

# Templates replaced whole instead of rewritten: their viewer is not vendored.
# - openapi/redoc.html (`/openapi?f=html&ui=redoc`): ReDoc's standalone bundle is 2.3 MB
#   (plus Google Fonts) for a second view of the same OpenAPI document; the page shows the
#   vendored Swagger UI instead.
# - asyncapi.html: the AsyncAPI React viewer is 3 MB and pygeoapi only serves that page when
#   a pub/sub broker is configured, which opendias does not; the page links the document.
REPLACED_TEMPLATES: dict[str, str] = {
    "openapi/redoc.html":
        "{# opendias: ReDoc is not vendored (see opendias/web/vendor.py); Swagger UI shows "
        "the same document #}\n{% include 'openapi/swagger.html' %}\n",
    "asyncapi.html": """<!DOCTYPE html>
<html>
  <head>
    <meta charset="utf-8">
    <title>AsyncAPI - {{ config['metadata']['identification']['title'] }}</title>
    <link rel="stylesheet" href="https://unpkg.com/bootstrap@5.1.3/dist/css/bootstrap.min.css">
  </head>
  <body>
    <main class="container py-4">
      <h1>AsyncAPI document</h1>
      {% set document = data['asyncapi-document-path'] ~ '?f=json' %}
      <p>This server does not bundle an AsyncAPI viewer. The document:
        <a href="{{ document }}">{{ document }}</a></p>
    </main>
  </body>
</html>
""",
}

# Exact edits of pygeoapi templates beyond URL rewriting: (template, text, replacement).
TEMPLATE_PATCHES: list[tuple[str, str, str]] = [
    # Swagger UI's default shows a badge image from validator.swagger.io (sending it the
    # document's URL) whenever the server is not on localhost.
    ("openapi/swagger.html", "dom_id: '#swagger-ui',",
     "dom_id: '#swagger-ui',\n        validatorUrl: null,"),
    # the landing page lists the services pygeoapi does not know (opendias.web.service_links)
    ("landing_page.html", '<section id="openapi">',
     landing_section() + '<section id="openapi">'),
]

CDN_HOSTS = (
    "unpkg.com", "cdn.jsdelivr.net", "fastly.jsdelivr.net", "cdnjs.cloudflare.com",
    "fonts.googleapis.com", "fonts.gstatic.com", "ajax.googleapis.com", "code.jquery.com",
    "stackpath.bootstrapcdn.com", "maxcdn.bootstrapcdn.com", "cdn.skypack.dev", "esm.sh",
    "ga.jspm.io", "use.fontawesome.com", "kit.fontawesome.com", "cdn.rawgit.com",
    "rawcdn.githack.com", "api.mapbox.com", "cdn.plot.ly", "code.highcharts.com",
)
_CDN_URL = re.compile(r"(?:https?:)?//(?:%s)/[^\s\"'<>()`]*"
                      % "|".join(re.escape(h) for h in CDN_HOSTS), re.IGNORECASE)
_TAG = re.compile(r"<(script|img|link|iframe|source|embed|video|audio|input)\b[^>]*>",
                  re.IGNORECASE | re.DOTALL)
_ATTR = re.compile(r"""\b(src|href|rel)\s*=\s*(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)
LOADING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "mask-icon", "preload",
                "prefetch", "modulepreload", "manifest"}


class VendorError(RuntimeError):
    """A template loads a web asset from another host that opendias does not vendor."""


def local_path(package: str, file: str) -> str:
    """Where a vendored file lives, relative to VENDOR_DIR and to URL_PREFIX."""
    if package == LOCAL_DIR:
        return f"{LOCAL_DIR}/{file}"
    return f"{PACKAGES[package].local_dir}/{file}"


def external_asset_urls(text: str) -> list[str]:
    """URLs on another host a page made from this template text would load: every CDN URL,
    and the literal absolute src of script/img/... tags and href of stylesheet/icon links."""
    found = [m.group(0) for m in _CDN_URL.finditer(text)]
    for tag in _TAG.finditer(text):
        attrs = {name.lower(): value for name, _, value in _ATTR.findall(tag.group(0))}
        if tag.group(1).lower() == "link":
            if not LOADING_RELS & set(attrs.get("rel", "").lower().split()):
                continue
            url = attrs.get("href", "")
        else:
            url = attrs.get("src", "")
        if re.match(r"(?:https?:)?//", url.strip(), re.IGNORECASE):
            found.append(url.strip())
    return list(dict.fromkeys(found))


def _normalise(url: str) -> str:
    return "https:" + url if url.startswith("//") else url


def rewrite_template(name: str, text: str) -> str:
    """The template with each CDN URL pointing at its vendored copy; VendorError naming the
    template and URL for any asset from another host that has none."""
    problems = []
    for url in external_asset_urls(text):
        target = CDN_URLS.get(_normalise(url))
        if target is None:
            problems.append(f"{name} loads {url}, which opendias does not vendor")
        elif not (VENDOR_DIR / local_path(*target)).is_file():
            problems.append(f"{name} loads {url}, whose vendored copy "
                            f"{VENDOR_DIR / local_path(*target)} is missing")
    if problems:
        raise VendorError("; ".join(problems))

    def local(match):
        return f"{TEMPLATE_PREFIX}/{local_path(*CDN_URLS[_normalise(match.group(0))])}"

    return _CDN_URL.sub(local, text)


def template_overrides(source_dir: Path) -> dict[str, str]:
    """{relative template path: text} for each template of source_dir that must differ."""
    out, problems = {}, []
    for path in sorted(p for p in source_dir.rglob("*") if p.is_file()):
        name = path.relative_to(source_dir).as_posix()
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        original = text
        text = REPLACED_TEMPLATES.get(name, text)
        for template, old, new in TEMPLATE_PATCHES:
            if template == name:
                if text.count(old) != 1:
                    problems.append(f"{name} no longer contains {old!r} exactly once; "
                                    f"update TEMPLATE_PATCHES")
                text = text.replace(old, new)
        text, wrong = basemap.patch(name, text, f"{TEMPLATE_PREFIX}/{basemap.SCRIPT}")
        problems += wrong
        try:
            text = rewrite_template(name, text)
        except VendorError as err:
            problems.append(str(err))
            continue
        if text != original:
            out[name] = text
    if problems:
        raise VendorError(
            "pygeoapi's HTML templates load web assets that opendias does not serve itself "
            "(every web asset must be, the machine may be offline): " + "; ".join(problems)
            + ". Vendor them (opendias/web/vendor.py PACKAGES/CDN_URLS, then "
              "bin/vendor-assets) or replace the template.")
    return out


def pygeoapi_templates_dir() -> Path:
    from pygeoapi.util import TEMPLATESDIR

    return Path(TEMPLATESDIR)


def write_template_overrides(target_dir: Path, source_dir: Path | None = None) -> dict:
    """Write the rewritten copies of pygeoapi's templates into target_dir (a folder owned by
    this function: other files in it are removed) and return pygeoapi's `server.templates`
    setting that puts it before pygeoapi's own templates. Raises VendorError, naming each
    template and URL, if a template loads an asset from another host that is not vendored."""
    overrides = template_overrides(source_dir or pygeoapi_templates_dir())
    target_dir = Path(target_dir)
    target_dir.mkdir(parents=True, exist_ok=True)
    for name, text in overrides.items():
        path = target_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)  # atomic: several workers may start at once
    for path in target_dir.rglob("*"):
        if path.is_file() and path.relative_to(target_dir).as_posix() not in overrides \
                and not path.name.startswith("."):
            path.unlink(missing_ok=True)  # stale: pygeoapi's own template applies again
    return {"path": str(target_dir)}


# ------------------------------------------------------------------------------- the front
MIMETYPES = {
    ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css",
    ".png": "image/png", ".svg": "image/svg+xml", ".gif": "image/gif", ".ico": "image/x-icon",
    ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf",
    ".txt": "text/plain", ".md": "text/plain", ".json": "application/json",
    ".yaml": "application/yaml", "": "text/plain",  # OGC schemas, their LICENSE files
}
_COMPRESSIBLE = {".js", ".mjs", ".css", ".svg", ".txt", ".md", ".json", ".yaml"}


_REF = re.compile(r"""(["']?\$ref["']?\s*:\s*)(["']?)([^"'\s#{][^"'\s]*)\2""")


def absolute_refs(text: str, url: str) -> str:
    """A vendored OpenAPI fragment with each relative `$ref` made absolute against the URL it
    is served at (the text is otherwise untouched). Some clients (schemathesis 4) resolve a
    relative reference of a referenced file against the wrong file."""
    from urllib.parse import urljoin

    def absolute(match):
        ref = match.group(3)
        if re.match(r"^[a-z][a-z0-9+.-]*:", ref, re.IGNORECASE):
            return match.group(0)
        return f"{match.group(1)}{match.group(2)}{urljoin(url, ref)}{match.group(2)}"

    return _REF.sub(absolute, text)


@functools.lru_cache(maxsize=64)
def _gzipped(path: str, mtime_ns: int, size: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


@functools.lru_cache(maxsize=1)
def _front():
    from flask import Flask, request, send_from_directory
    from werkzeug.exceptions import NotFound
    from werkzeug.security import safe_join
    from werkzeug.wrappers import Response

    from opendias.web.errors import install_error_handlers

    front = Flask(__name__ + ".front", static_folder=None)
    install_error_handlers(front)

    @front.route(URL_PREFIX + "<path:filename>", methods=["GET", "HEAD"])
    def vendored(filename):
        joined = safe_join(str(VENDOR_DIR), filename)
        if joined is None or not os.path.isfile(joined):
            raise NotFound(f"no vendored file {filename!r}")
        suffix = Path(joined).suffix.lower()
        mimetype = MIMETYPES.get(suffix)
        stat = os.stat(joined)
        if filename.startswith("schemas/") and suffix == ".yaml":
            from opendias.config import get_settings

            # against the URL the document names (the service's base URL), as its refs do
            here = f"{get_settings().base_url}{URL_PREFIX}{filename}"
            resp = Response(absolute_refs(Path(joined).read_text(encoding="utf-8"), here),
                            mimetype=mimetype)
            resp.set_etag(f"{stat.st_mtime_ns:x}-{stat.st_size:x}-abs")
            resp.headers["Cache-Control"] = f"public, max-age={CACHE_SECONDS}, immutable"
            return resp.make_conditional(request)
        if (suffix in _COMPRESSIBLE and stat.st_size > 1024
                and "gzip" in request.accept_encodings):
            resp = Response(_gzipped(joined, stat.st_mtime_ns, stat.st_size),
                            mimetype=mimetype or "application/octet-stream")
            resp.content_encoding = "gzip"
            resp.set_etag(f"{stat.st_mtime_ns:x}-{stat.st_size:x}-gz")
            resp.last_modified = int(stat.st_mtime)
            resp = resp.make_conditional(request)
        else:
            resp = send_from_directory(VENDOR_DIR, filename, mimetype=mimetype,
                                       conditional=True)
        resp.vary.add("Accept-Encoding")
        # a year, never revalidated: the package's version is in the path
        resp.headers["Cache-Control"] = f"public, max-age={CACHE_SECONDS}, immutable"
        return resp

    return front


def app(environ, start_response):
    """WSGI application serving VENDOR_DIR at /vendor/ (Flask is imported on first use, so
    bin/vendor-assets can read this module's tables with any Python)."""
    return _front()(environ, start_response)
