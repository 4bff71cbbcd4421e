"""The portal: the service's own web pages at `/portal/`, for people (issue 9).

Find (search the catalogue, a dataset's page), Map (view layers, order data, the API request
of the selection), Jobs, Compute, Account and Support. The pages are HTML shells rendered by
this package; everything they show comes from the service's public APIs (the ones the OpenAPI
document describes), called from the browser by plain ES modules: the portal is also the
proof that those APIs suffice. No build step: the modules are served as they are written.

| where | what |
| --- | --- |
| `pages.py` | PAGES (one `Page` per page: name, URL rule, nav title, template) and the front |
| `landing.py` | `/`: a browser wanting HTML (no `f=`) is sent to `/portal/`; JSON clients and `?f=...` get pygeoapi's OGC landing page |
| `templates/portal/` | Jinja templates; `base.html` is the layout (header nav, main, footer) |
| `opendias/web/static/portal/` | the CSS (`portal.css`) and the ES modules, served at `/portal/static/` |

Vendored libraries (Leaflet, the basemap's Natural Earth data...) are served at `/vendor/`
(opendias.web.vendor: PACKAGES, `bin/vendor-assets`); templates name them with
`vendor('leaflet@1.9.4', 'dist/leaflet.js')`.

The shared modules of `static/portal/`:
- `api.js`: `api(path, {method, body, query, headers})` calls the service (same origin, the
  session cookie, the CSRF token of the session on every state-changing request) and
  returns the parsed JSON (or throws an `ApiError` with the OGC exception's `status`,
  `title` and `detail`); `rememberSession(me)` / `forgetSession()` / `signedIn()` keep who is
  signed in (the account pages call them after POST /signin and /signout); `url(path)` is
  a path of the service under its root.
- `selection.js`: the user's selection, shared by every page and kept in localStorage:
  `getSelection()`, `setSelection(patch)`, `onSelection(fn)`; members `layers` (each
  `{collection, variable, layer, title, opacity, visible, colorscalerange, time,
  elevation}`), `bbox` ([west, south, east, north]), `datetime` ([start, end], ISO dates),
  `variables`, `depth` ([min, max]), `format`.
- `dom.js`: `h(tag, attrs, ...children)` builds elements (text is never parsed as HTML).

To add a page:
1. a template `templates/portal/<name>.html` that `{% extends "portal/base.html" %}` and
   fills `{% block main %}` (and `{% block scripts %}` with
   `<script type="module" src="{{ asset('<name>.js') }}"></script>`);
2. its module `opendias/web/static/portal/<name>.js`, importing `./api.js`,
   `./selection.js`, `./dom.js` as it needs;
3. one `Page(name, rule, title, template)` in `pages.PAGES` (`title` None keeps it out of
   the header nav); the rule is under `/portal/` (FRONTS in opendias.web.app routes
   `/portal...` here), its URL variables are passed to the template.
Each page must pass tests/test_portal_*.py's checks: no request leaving the service, no
console error, no serious or critical axe-core violation, usable at 390 px wide.
"""

from opendias.web.portal.landing import landing_app
from opendias.web.portal.pages import PAGES, Page, app

__all__ = ["PAGES", "Page", "app", "landing_app"]
