"""The portal's pages (PAGES) and the front serving them and their static files.

Each page is an HTML shell: its template, the header nav, and the ES modules that fill it from
the service's public APIs. Static files (opendias/web/static/portal/) are served at
`/portal/static/`, revalidated by ETag (their names carry no version); vendored libraries
come from `/vendor/` (opendias.web.vendor), cached for a year.
"""

from __future__ import annotations

import functools
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, abort, render_template, request, send_from_directory

from opendias.web import vendor
from opendias.web.errors import install_error_handlers

STATIC_DIR = Path(__file__).resolve().parents[1] / "static" / "portal"
PREFIX = "/portal"


@dataclass(frozen=True)
class Page:
    """One page: `name` (its template is portal/<template>), its URL rule under /portal, its
    title in the header nav (None: not in the nav)."""

    name: str
    rule: str
    title: str | None
    template: str


PAGES: list[Page] = [
    Page("find", "/", "Find", "find.html"),
    Page("dataset", "/datasets/<dataset>", None, "dataset.html"),
    Page("map", "/map", "Map", "map.html"),
    Page("jobs", "/jobs", "Jobs", "jobs.html"),
    Page("compute", "/compute", "Compute", "compute.html"),
    Page("account", "/account", "Account", "account.html"),
    Page("support", "/support", "Support", "support.html"),
    Page("plans", "/plans", None, "plans.html"),
]


@functools.lru_cache(maxsize=256)
def _version(path: str, mtime_ns: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:10]


def asset(name: str) -> str:
    """URL of a portal static file, with its content's hash (a changed file is a new URL)."""
    path = STATIC_DIR / name
    version = _version(str(path), path.stat().st_mtime_ns) if path.is_file() else "missing"
    return f"{request.script_root}{PREFIX}/static/{name}?v={version}"


def vendored(package: str, file: str) -> str:
    """URL of a vendored file: vendored('leaflet@1.9.4', 'dist/leaflet.js')."""
    return f"{request.script_root}{vendor.URL_PREFIX}{vendor.local_path(package, file)}"


def _settings_for_pages() -> dict:
    from opendias.config import get_settings

    settings = get_settings()
    return {"basemap_tiles": settings.basemap_tiles,
            "basemap_attribution": settings.basemap_attribution,
            "hda_prefix": settings.hda_prefix, "cds_prefix": settings.cds_prefix}


def _render(page: Page, **values):
    nav = [p for p in PAGES if p.title]
    return render_template(f"portal/{page.template}", page=page, nav=nav,
                           root=request.script_root, asset=asset, vendor=vendored,
                           settings=_settings_for_pages(), **values)


def _create() -> Flask:
    front = Flask(__name__, template_folder="templates", static_folder=None)
    install_error_handlers(front)

    for page in PAGES:
        def view(_page=page, **values):
            resp = front.make_response(_render(_page, **values))
            resp.headers["Cache-Control"] = "no-cache"
            return resp
        front.add_url_rule(PREFIX + page.rule, page.name, view, methods=["GET", "HEAD"])

    @front.get(PREFIX)
    def bare():
        from flask import redirect

        return redirect(f"{request.script_root}{PREFIX}/", 301)

    @front.get(PREFIX + "/static/<path:filename>")
    def static_file(filename):
        if not os.path.isfile(STATIC_DIR / filename):
            abort(404)
        resp = send_from_directory(STATIC_DIR, filename, conditional=True,
                                   mimetype=vendor.MIMETYPES.get(Path(filename).suffix))
        # versioned URLs (asset()) may be kept; ES module imports carry no version
        resp.headers["Cache-Control"] = ("public, max-age=31536000, immutable"
                                         if request.args.get("v") else "no-cache")
        return resp

    return front


app = _create()
