"""The OGC schemas pygeoapi's OpenAPI document references, served by opendias itself.

pygeoapi's document points its `$ref`s at schemas.opengis.net and raw.githubusercontent.com;
offline, a client cannot resolve them. Each remote folder it references is listed in SOURCES
with the repository and commit its files were taken from; the files actually referenced,
transitively, are vendored (verbatim, with the repository's licence) under
opendias/web/static/vendor/schemas/<repository>/<version>/ by `bin/vendor-schemas`, served at
/vendor/schemas/... by opendias.web.vendor, and `local_refs` points the document at them. A
remote reference with no vendored copy stops the start-up with a message naming it, so that
an upgrade of pygeoapi cannot silently bring a remote schema back.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

SCHEMAS_DIR = Path(__file__).resolve().parents[1] / "static" / "vendor" / "schemas"
INDEX = SCHEMAS_DIR / "index.json"
URL_PATH = "/vendor/schemas"


@dataclass(frozen=True)
class SchemaSource:
    """One remote folder of OpenAPI fragments, vendored from one commit of a repository."""

    url: str         # the remote folder, as pygeoapi's document names it (ends with "/")
    repo: str        # GitHub owner/name the files were taken from
    commit: str      # the commit (full hash)
    path: str        # the folder in the repository that `url` publishes (ends with "/")
    version: str     # a name for the pinned version: the local folder
    note: str = ""
    licence_commit: str = ""  # where the repository's LICENSE is, when not at `commit`

    @property
    def local_dir(self) -> str:
        return f"{self.repo.rpartition('/')[2]}/{self.version}"


SOURCES: tuple[SchemaSource, ...] = (
    SchemaSource("https://schemas.opengis.net/ogcapi/processes/part1/1.0/openapi/",
                 "opengeospatial/ogcapi-processes", "ee7af60665ea78b44cbd2d7d2b5cd3c4e0ce65ad",
                 "core/openapi/", "part1-1.0",
                 "last change of core/openapi/ before OGC published Part 1 1.0 (2021-12)"),
    SchemaSource("https://schemas.opengis.net/ogcapi/features/part1/1.0/openapi/",
                 "opengeospatial/ogcapi-features", "4ff19a5734578cf1f815d03ab192e8e0dc407e9f",
                 "core/openapi/", "part1-1.0.1", "tag 1.0.1"),
    SchemaSource("https://schemas.opengis.net/ogcapi/edr/1.0/openapi/",
                 "opengeospatial/ogcapi-environmental-data-retrieval",
                 "4ab2e2296d9eb363eba9c881da9b60737d2a991e", "standard/openapi/", "1.0.1",
                 "tag 1.0.1-final", licence_commit="6c43a721"),
    SchemaSource("https://schemas.opengis.net/ogcapi/tiles/part1/1.0/openapi/",
                 "opengeospatial/ogcapi-tiles", "bcc9e01766e577b5c766b5877ac101b03862853c",
                 "openapi/", "part1-1.0.0", "tag 1.0.0"),
    SchemaSource("https://raw.githubusercontent.com/opengeospatial/ogcapi-records/master/"
                 "core/openapi/", "opengeospatial/ogcapi-records",
                 "00e9073280a206daca1cc279f53479b36bf339e3", "core/openapi/", "master-00e9073",
                 "pygeoapi references the master branch; pinned here"),
    SchemaSource("https://raw.githubusercontent.com/opengeospatial/ogcapi-coverages/refs/heads/"
                 "master/standard/openapi/", "opengeospatial/ogcapi-coverages",
                 "f0f8b5dc59f9d0060122dd21e2a93a9c851c4095", "standard/openapi/",
                 "master-f0f8b5d", "pygeoapi references the master branch; pinned here"),
)


class RemoteSchemaError(RuntimeError):
    """The OpenAPI document references a remote schema opendias does not serve itself."""


def source_of(url: str) -> SchemaSource | None:
    return next((s for s in SOURCES if url.startswith(s.url)), None)


def local_path(url: str) -> str:
    """Where the vendored copy of a remote file is, relative to SCHEMAS_DIR."""
    source = source_of(url)
    return f"{source.local_dir}/{url[len(source.url):]}"


@functools.lru_cache(maxsize=1)
def vendored_refs() -> dict[str, str]:
    """{remote `$ref` of pygeoapi's document: its vendored file#fragment} (bin/vendor-schemas)."""
    return json.loads(INDEX.read_text()) if INDEX.is_file() else {}


def vendored_file(url: str, base_url: str) -> Path | None:
    """The file of a URL under base_url/vendor/schemas/ (None for any other URL)."""
    prefix = f"{base_url.rstrip('/')}{URL_PATH}/"
    if not url.startswith(prefix):
        return None
    path = (SCHEMAS_DIR / url[len(prefix):]).resolve()
    return path if SCHEMAS_DIR.resolve() in path.parents and path.is_file() else None


def local_refs(document, base_url: str):
    """The document (changed in place, and returned) with each `$ref` to a vendored remote
    schema pointing at its copy under `base_url`/vendor/schemas/; RemoteSchemaError naming
    every remote `$ref` that has none."""
    missing: list[str] = []

    index = vendored_refs()

    def walk(node):
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(("http://", "https://")):
                local = index.get(ref)
                if local is None or not (SCHEMAS_DIR / local.partition("#")[0]).is_file():
                    missing.append(ref)
                else:
                    node["$ref"] = f"{base_url.rstrip('/')}{URL_PATH}/{local}"
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document)
    if missing:
        raise RemoteSchemaError(
            "the OpenAPI document references remote schemas that opendias does not serve "
            f"itself (a client offline cannot resolve them): {sorted(set(missing))}. Add their "
            "source to opendias/web/openapi/schemas.py SOURCES, then run bin/vendor-schemas.")
    return document
