"""The OpenAPI document of the whole service: pygeoapi's, completed.

pygeoapi describes what it serves (landing page, collections, records, processes, jobs,
coverages, EDR). opendias adds, in `complete`:
- the paths of its own fronts that pygeoapi does not know (WMS, WPS, OGC API - Maps, result
  downloads, accounts, terms, health and metrics): each from the `paths(config)` function of
  one module of this package, listed in DESCRIPTIONS;
- the answers pygeoapi's own description leaves out (`amend`: error statuses and bodies,
  media types);
- its shared components (the OGC exception body, the OWS exception report; `components`);
- its `$ref`s to remote OGC schemas pointed at the copies it serves itself (`schemas`), so
  that a client offline can resolve the whole document.

To describe a new front: a module here with `paths(config) -> {path: path item}` (use the
responses of `components`: every error body the front really gives), and its
"module:function" in DESCRIPTIONS.
"""

from __future__ import annotations

import importlib

from opendias.web.openapi import components
from opendias.web.openapi.amend import amend
from opendias.web.openapi.coverage_domain import add_scaling
from opendias.web.openapi.schemas import local_refs
from opendias.web.service_links import tag_docs

# "module:function" -> {path: OpenAPI path item}, for each front pygeoapi does not describe
DESCRIPTIONS = [
    "opendias.web.openapi.ows:paths",         # /wms, /wps
    "opendias.web.openapi.maps:paths",        # /collections/{id}/map
    "opendias.web.openapi.results:paths",     # /results/{path}
    "opendias.web.openapi.zarr:paths",        # /zarr/{id}/...
    "opendias.web.openapi.account:paths",     # /register, /gettoken, /refreshtoken, /me, terms
    "opendias.web.openapi.operations:paths",  # /health, /ready, /metrics
    "opendias.web.openapi.costing:paths",     # /processes/{id}/costing
    "opendias.web.openapi.hda:paths",         # WEkEO's HDA API under OPENDIAS_HDA_PREFIX
    "opendias.web.openapi.coverage_domain:paths",  # /collections/{id}/coverage/domainset...
    "opendias.web.openapi.portal:paths",      # /portal/ (HTML)
    "opendias.web.openapi.openeo:paths",      # the openEO API under OPENDIAS_OPENEO_PREFIX
]


def _load(target: str):
    module, attr = target.split(":")
    return getattr(importlib.import_module(module), attr)


def complete(oas: dict, config: dict, base_url: str) -> dict:
    """pygeoapi's document with opendias' own paths and components, every `$ref` local."""
    oas = amend(local_refs(oas, base_url), base_url)
    add_scaling(oas, config)
    paths = oas.setdefault("paths", {})
    for target in DESCRIPTIONS:
        for path, item in _load(target)(config).items():
            if path in paths:
                raise ValueError(f"{target} describes {path}, which is already described")
            paths[path] = item
    for item in paths.values():
        for op in item.values():
            if isinstance(op, dict) and "responses" in op:
                for status, response in components.SERVER_LIMITS.items():
                    op["responses"].setdefault(status, response)
    for kind, members in components.COMPONENTS.items():
        oas.setdefault("components", {}).setdefault(kind, {}).update(members)
    tags = {t["name"] for t in oas.get("tags", [])}
    oas.setdefault("tags", []).extend(t for t in components.TAGS if t["name"] not in tags)
    docs = tag_docs(base_url)  # the services of the landing page's links
    for tag in oas["tags"]:
        if tag["name"] in docs:
            tag["externalDocs"] = docs[tag["name"]]
    return oas
