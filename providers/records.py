"""pygeoapi record provider over the dataset registry: the catalogue as OGC API - Records.

A thin shell: it loads the registry named by the provider's `data` and hands every query to
`opendias.records`, turning our errors into pygeoapi's (a client's mistake is a 400 naming
the parameter, an unknown record a 404).

Facet counts are exposed as a top-level `facets` member of the items response
(`{"facets": {"service": {"CMEMS": 4, ...}, "tags": {...}}}`): pygeoapi 0.24 returns the
provider's FeatureCollection as it is, adding only `links` and `timeStamp`.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from pygeoapi.provider.base import (BaseProvider, ProviderInvalidQueryError,
                                    ProviderItemNotFoundError, ProviderQueryError)

from opendias import records
from opendias.catalogue import Catalogue, CatalogueError
from opendias.config import get_settings
from opendias.errors import NotFound, OpendiasError

LOGGER = logging.getLogger(__name__)
OGC_REL = "http://www.opengis.net/def/rel/ogc/1.0"


def record_links(record: dict, base_url: str) -> list[dict]:
    """The links of a record to the endpoints that serve its dataset (only the service's
    capabilities when its data is not available)."""
    entry_id = record["id"]
    links = [{"rel": "about", "type": "text/html", "title": "WMS capabilities (all layers)",
              "href": f"{base_url}/wms?service=WMS&request=GetCapabilities"}]
    if "availability" in record["properties"]:  # its files cannot be opened
        return links
    coll = f"{base_url}/collections/{entry_id}"
    return [
        {"rel": "describedby", "type": "application/json",
         "title": f"Collection {entry_id} (OGC API)", "href": coll},
        {"rel": f"{OGC_REL}/coverage", "title": "Coverage (OGC API - Coverages)",
         "href": f"{coll}/coverage"},
        {"rel": f"{OGC_REL}/data", "title": "EDR cube query", "href": f"{coll}/cube"},
        {"rel": f"{OGC_REL}/data", "title": "EDR position query", "href": f"{coll}/position"},
        {"rel": f"{OGC_REL}/data", "title": "EDR area query", "href": f"{coll}/area"},
        {"rel": f"{OGC_REL}/map", "type": "image/png", "title": "Map (OGC API - Maps)",
         "href": f"{coll}/map"},
        {"rel": "service", "type": "application/xml",
         "title": "WMS 1.3.0 GetCapabilities",
         "href": f"{base_url}/wms?service=WMS&request=GetCapabilities"},
    ]


def _with_links(record: dict) -> dict:
    record["links"] = record_links(record, get_settings().base_url)
    return record


class InvalidRecordQuery(ProviderInvalidQueryError):
    """A client's mistake in a catalogue query (400, OGC code InvalidParameterValue)."""

    ogc_exception_code = "InvalidParameterValue"


@lru_cache(maxsize=4)
def _catalogue(path: str, mtime: float, data_dir: str) -> Catalogue:
    return Catalogue.from_file(Path(path), Path(data_dir))


def load_registry(path: str) -> Catalogue:
    """The registry at `path`, reloaded when the file changes."""
    try:
        mtime = Path(path).stat().st_mtime
    except OSError as err:
        raise ProviderQueryError(user_msg=f"catalogue file {path} not found") from err
    try:
        return _catalogue(str(path), mtime, str(get_settings().data_dir))
    except CatalogueError as err:
        raise ProviderQueryError(user_msg=str(err)) from err


class CatalogueRecordsProvider(BaseProvider):
    """One record per dataset of the registry; search by q, bbox, datetime and facets."""

    def __init__(self, provider_def):
        super().__init__(provider_def)
        self.id_field = provider_def.get("id_field") or "id"
        self.title_field = provider_def.get("title_field") or "title"
        self._fields = self.get_fields()

    def get_fields(self):
        fields = {"q": {"type": "string"}}
        for name in records.PLAIN_FIELDS + records.FACETS:
            fields[name] = {"type": "string"}
        return fields

    def query(self, offset=0, limit=10, resulttype="results", bbox=[], datetime_=None,
              properties=[], sortby=[], select_properties=[], skip_geometry=False, q=None,
              filterq=None, **kwargs):
        if filterq is not None:
            raise InvalidRecordQuery(
                user_msg="filter (CQL2) is not supported by the catalogue: use q, bbox, "
                         "datetime and the facet parameters (" +
                         ", ".join(records.FACETS) + ")")
        catalogue = load_registry(self.data)
        try:
            result = records.search(
                catalogue, q=q, bbox=bbox or None, datetime_=datetime_,
                filters=properties, sortby=sortby, offset=int(offset or 0),
                limit=0 if resulttype == "hits" else int(limit))
        except OpendiasError as err:
            raise InvalidRecordQuery(user_msg=err.detail) from err
        collection = result.feature_collection()
        for record in collection["features"]:
            _with_links(record)
            if select_properties:
                record["properties"] = {k: v for k, v in record["properties"].items()
                                        if k in select_properties}
            if skip_geometry:
                record["geometry"] = None
        return collection

    def get(self, identifier, **kwargs):
        catalogue = load_registry(self.data)
        try:
            return _with_links(records.get_record(catalogue, str(identifier)))
        except NotFound as err:
            raise ProviderItemNotFoundError(user_msg=err.detail) from err

    def __repr__(self):
        return f"<CatalogueRecordsProvider> {self.data}"
