"""The dataset registry: one YAML file, the single source of truth for every dataset.

Everything published (pygeoapi collections, catalogue records, map layers, processes' dataset
choices) is derived from the entries loaded here. Extents, variables and units are not
declared in the registry: `opendias.datacube` reads them from the data, with the reader
registered for the entry's format (`source.format`, see opendias.readers).
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from opendias import objectstore
from opendias.config import get_settings
from opendias.errors import DatasetUnavailable, NotFound
from opendias.readers import READERS, reader_names

# the input formats an entry may name: those with a registered reader (a live view)
FORMATS = READERS.keys()
REQUIRED = ("id", "dataset_id", "title", "abstract", "service", "source")


def source_format(source: dict) -> str:
    """The input format of an entry's source: `format`, else zarr for a `zarr` store, else
    netcdf."""
    return source.get("format") or ("zarr" if "zarr" in source else "netcdf")


class CatalogueError(ValueError):
    """The registry file itself is wrong (an operator's mistake, reported at start-up)."""


@dataclass(frozen=True)
class DatasetEntry:
    id: str
    dataset_id: str
    title: str
    abstract: str
    service: str
    source: dict
    area: str = ""
    time_category: str = ""
    tags: tuple = ()
    centre: str = ""
    policy: str = ""
    published: str = ""
    contacts: tuple = ()
    variables: tuple = ()
    cds_name: str = ""      # its name on the Climate/Atmosphere Data Store (opendias.web.cds)
    cds_keys: dict = field(default_factory=dict, compare=False, hash=False)
    base_dir: str = ""
    data_dir: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def format(self) -> str:
        return source_format(self.source)

    @property
    def remote(self) -> bool:
        """Whether the dataset is on object storage (an `s3://` source)."""
        return objectstore.is_remote(self.location())

    @property
    def storage_options(self) -> dict:
        """How to reach its objects (s3fs options: opendias.objectstore)."""
        return objectstore.storage_options(self.source.get("s3"))

    def _resolve(self, pattern: str) -> str:
        if objectstore.is_remote(pattern):
            return pattern
        pattern = pattern.replace("{data}", self.data_dir)
        pattern = os.path.expanduser(pattern)
        if not os.path.isabs(pattern):
            pattern = os.path.join(self.base_dir, pattern)
        return pattern

    def files(self) -> list[str]:
        """The files (or the Zarr store) that hold this dataset, as they are now on disk
        (or their `s3://` URLs, as object storage said at most SIGNATURE_TTL seconds ago)."""
        if self.remote:
            return self._objects()
        if "glob" in self.source:
            return sorted(glob.glob(self._resolve(self.source["glob"])))
        key = "zarr" if "zarr" in self.source else "path"
        path = self._resolve(self.source[key])
        return [path] if os.path.exists(path) else []

    def _objects(self) -> list[str]:
        url = self.location()
        try:
            if "glob" in self.source:
                return objectstore.glob(url, self.storage_options)
            markers = objectstore.ZARR_MARKERS if self.format == "zarr" else ()
            found = objectstore.signature(url, self.storage_options, markers=markers)
        except Exception as err:  # noqa: BLE001 - refused, unreachable: the store's words
            raise DatasetUnavailable(f"dataset {self.id!r}: its object storage did not "
                                     f"answer for {url}: {type(err).__name__}: {err}") from err
        return [url] if found else []

    def location(self) -> str:
        """Where the files are expected, for messages."""
        for key in ("glob", "zarr", "path"):
            if key in self.source:
                return self._resolve(self.source[key])
        return "?"

    @property
    def facets(self) -> dict:
        """The searchable facets of this dataset, as the catalogue's filters name them."""
        return {
            "service": self.service,
            "area": self.area,
            "time_category": self.time_category,
            "centre": self.centre,
            "policy": self.policy,
            "tags": list(self.tags),
        }


def _cds_keys(raw: dict) -> dict:
    keys = raw.get("cds_keys") or {}
    if not isinstance(keys, dict):
        raise CatalogueError(f"dataset {raw.get('id', '?')!r}: cds_keys must map request "
                             "keys to their values")
    return {str(k): [str(v) for v in (vs if isinstance(vs, list) else [vs])]
            for k, vs in keys.items()}


def _entry(raw: dict, base_dir: Path, data_dir: Path) -> DatasetEntry:
    missing = [k for k in REQUIRED if not raw.get(k)]
    if missing:
        raise CatalogueError(f"dataset {raw.get('id', '?')!r}: missing {', '.join(missing)}")
    source = dict(raw["source"])
    if not any(k in source for k in ("path", "glob", "zarr")):
        raise CatalogueError(f"dataset {raw['id']!r}: source needs path, glob or zarr")
    fmt = source_format(source)
    if fmt not in FORMATS:
        raise CatalogueError(f"dataset {raw['id']!r}: no reader for format {fmt!r}; "
                             f"registered formats: {', '.join(reader_names())}")
    known = {f for f in DatasetEntry.__dataclass_fields__}
    extra = {k: v for k, v in raw.items() if k not in known}
    return DatasetEntry(
        id=str(raw["id"]), dataset_id=str(raw["dataset_id"]), title=raw["title"].strip(),
        abstract=" ".join(str(raw["abstract"]).split()), service=str(raw["service"]),
        source=source, area=str(raw.get("area", "")),
        time_category=str(raw.get("time_category", "")), tags=tuple(raw.get("tags") or ()),
        centre=str(raw.get("centre", "")), policy=str(raw.get("policy", "")),
        published=str(raw.get("published", "")),
        contacts=tuple(dict(c) for c in raw.get("contacts") or ()),
        variables=tuple(raw.get("variables") or ()), cds_name=str(raw.get("cds_name") or ""),
        cds_keys=_cds_keys(raw), base_dir=str(base_dir),
        data_dir=str(data_dir), extra=extra,
    )


class Catalogue:
    """The loaded registry: entries in file order, looked up by collection id."""

    def __init__(self, entries: list[DatasetEntry], path: Path | None = None):
        self.path = path
        self.entries = list(entries)
        self._by_id = {}
        for e in self.entries:
            if e.id in self._by_id:
                raise CatalogueError(f"dataset id {e.id!r} appears twice")
            self._by_id[e.id] = e

    def __iter__(self):
        return iter(self.entries)

    def __len__(self):
        return len(self.entries)

    def ids(self) -> list[str]:
        return [e.id for e in self.entries]

    def by_cds_name(self, name: str) -> DatasetEntry | None:
        """The entry published under this Data Stores name (its cds_name), if any."""
        return next((e for e in self.entries if e.cds_name and e.cds_name == name), None)

    def get(self, collection_id: str) -> DatasetEntry:
        try:
            return self._by_id[collection_id]
        except KeyError:
            raise NotFound(f"unknown dataset {collection_id!r}; known datasets: "
                           f"{', '.join(self.ids())}", parameter="collectionId") from None

    @classmethod
    def from_file(cls, path: Path, data_dir: Path) -> "Catalogue":
        path = Path(path)
        try:
            raw = yaml.safe_load(path.read_text())
        except OSError as err:
            raise CatalogueError(f"cannot read catalogue {path}: {err}") from err
        except yaml.YAMLError as err:
            raise CatalogueError(f"catalogue {path} is not valid YAML: {err}") from err
        if not isinstance(raw, dict) or not isinstance(raw.get("datasets"), list):
            raise CatalogueError(f"catalogue {path} must hold a 'datasets' list")
        return cls([_entry(d, path.parent, data_dir) for d in raw["datasets"]], path)


@lru_cache(maxsize=8)
def _load(path: str, mtime: float, data_dir: str) -> Catalogue:
    return Catalogue.from_file(Path(path), Path(data_dir))


def load_catalogue() -> Catalogue:
    """The catalogue named by the settings (reloaded when the file changes)."""
    settings = get_settings()
    path = settings.catalogue_path
    try:
        mtime = path.stat().st_mtime
    except OSError as err:
        raise CatalogueError(f"catalogue file {path} not found (OPENDIAS_CATALOGUE)") from err
    return _load(str(path), mtime, str(settings.data_dir))
