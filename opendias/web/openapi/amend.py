"""pygeoapi's description of the paths it lists, made true of what opendias answers.

- Every error status an operation may answer is documented, with the body it has: the OGC
  exception JSON (pygeoapi words its own as application/json, opendias' fronts as
  application/problem+json; opendias.web.pygeoapi_front gives both the same members), for
  400, 401, 403 (the access layer), 404, 405, 413 (too large to answer at once), 429
  (quotas), 500 (only the request id) and 503 (a dataset or dependency unavailable).
- The media types pygeoapi answers but does not list are added: JSON-LD (f=jsonld) beside
  JSON, application/json beside GeoJSON, JSON Schema for /schema and /queryables; the
  coverage and EDR paths (opendias.web.coverages) list the formats that front writes.
A `$ref` to a response is replaced by a copy of it (from the document or from a vendored
schema file) so that these additions can be made; its own references stay valid.
"""

from __future__ import annotations

import copy
import re
from urllib.parse import urljoin

import yaml

from opendias.web.openapi.components import ERROR_STATUSES, error_response
from opendias.web.openapi.schemas import URL_PATH, vendored_file

_COVERAGE = re.compile(r"^/collections/[^/]+/(coverage|position|area|cube)$")
_ANY = {"schema": {}}
COVERAGE_MEDIA = ("application/prs.coverage+json", "application/x-netcdf",
                  "image/tiff; application=geotiff", "text/csv", "application/json",
                  "application/zip", "text/html")


def _pointer(doc, fragment: str):
    for part in [p for p in fragment.split("/") if p]:
        doc = doc[part.replace("~1", "/").replace("~0", "~")]
    return doc


def _absolute_refs(node, base: str):
    """node with every `$ref` made absolute against base (the file it was read from)."""
    if isinstance(node, dict):
        out = {k: _absolute_refs(v, base) for k, v in node.items()}
        if isinstance(out.get("$ref"), str):
            out["$ref"] = urljoin(base, out["$ref"])
        return out
    if isinstance(node, list):
        return [_absolute_refs(v, base) for v in node]
    return node


def _resolved(oas: dict, response: dict, base_url: str) -> dict:
    ref = response.get("$ref")
    if not isinstance(ref, str):
        return copy.deepcopy(response)
    url, _, fragment = ref.partition("#")
    if not url:
        return _resolved(oas, _pointer(oas, fragment), base_url)
    path = vendored_file(url, base_url)
    if path is None:  # not one of ours: left as it is
        return copy.deepcopy(response)
    target = _pointer(yaml.safe_load(path.read_text()), fragment)
    return _resolved(oas, _absolute_refs(target, url), base_url)


# The EDR 1.0.1 CoverageJSON schema cannot be met: its NdArray is a oneOf whose branches
# both take an array of nulls (a cell outside the data), so only the members are checked.
COVERAGE_JSON = {"schema": {"type": "object", "required": ["type"],
                            "properties": {"type": {"type": "string",
                                                    "enum": ["Coverage", "CoverageCollection"]}}}}
_FEATURES_CONFORMANCE = ("ogcapi-features/part1-1.0.1/ogcapi-features-1.yaml"
                         "#/components/schemas/confClasses")


_SCHEMA = {"schema": {"type": "object", "description": "A JSON Schema"}}


def _media(path: str, content: dict, base_url: str) -> None:
    if _COVERAGE.match(path):
        content.clear()
        content.update({m: COVERAGE_JSON if m.endswith("coverage+json") else _ANY
                        for m in COVERAGE_MEDIA})
        return
    if path == "/conformance":  # pygeoapi points it at the landing page's schema
        content["application/json"] = {"schema": {
            "$ref": f"{base_url.rstrip('/')}{URL_PATH}/{_FEATURES_CONFORMANCE}"}}
    if path.endswith(("/schema", "/queryables")):  # JSON Schema, not a list of queryables
        content.clear()
        content.update({"application/schema+json": _SCHEMA, "application/json": _SCHEMA,
                        "text/html": _ANY})
    if "application/json" in content:
        content.setdefault("application/ld+json", _ANY)
        content.setdefault("text/html", _ANY)
    if "application/geo+json" in content:
        content.setdefault("application/json", content["application/geo+json"])
    if path.endswith(("/schema", "/queryables")):
        content.setdefault("application/schema+json", content.get("application/json", _ANY))


def amend(oas: dict, base_url: str) -> dict:
    """The document (changed in place, and returned) with each operation's answers
    documented as described above."""
    for path, item in (oas.get("paths") or {}).items():
        for method, op in item.items():
            if not isinstance(op, dict) or "responses" not in op:
                continue
            responses = op["responses"]
            for status in list(responses):
                if status.startswith("2"):
                    responses[status] = _resolved(oas, responses[status], base_url)
                    if responses[status].get("content") is not None:
                        _media(path, responses[status]["content"], base_url)
            for status in ERROR_STATUSES:
                responses[str(status)] = error_response(status, pygeoapi=True)
    return oas
