"""pygeoapi's configuration, derived from pygeoapi-config.yml plus the dataset registry.

Collections and the catalogue collection are generated from the catalogue, so nothing is
declared twice. The merged configuration and its OpenAPI document are written under
$OPENDIAS_HOME/runtime and pygeoapi is pointed at them through its environment variables.
"""

from __future__ import annotations

import html

import logging
import os
import uuid
from pathlib import Path

import yaml

from opendias.catalogue import Catalogue, load_catalogue
from opendias.config import get_settings
from opendias.datacube import EXTENT_NOTE, open_cube
from opendias.errors import OpendiasError
from opendias.params import ISO_SECONDS
from opendias.web.coverage_domain import collection_links

LOGGER = logging.getLogger(__name__)

CATALOGUE_COLLECTION = "catalogue"


def collection_resource(entry, cube) -> dict:
    west, south, east, north = cube.wgs84_edges  # the cells' edges, as WMS (EXTENT_NOTE)
    extents = {"spatial": {"bbox": [west, south, east, north],
                           "crs": "http://www.opengis.net/def/crs/OGC/1.3/CRS84"}}
    if cube.time_extent:
        begin, end = cube.time_extent
        extents["temporal"] = {"begin": begin.strftime(ISO_SECONDS),
                               "end": end.strftime(ISO_SECONDS)}
    if cube.vertical_extent:
        extents["vertical"] = vertical_extent(cube)
    return {
        "type": "collection",
        "title": entry.title,
        "description": f"{entry.abstract} {EXTENT_NOTE}",
        "keywords": [entry.service, entry.dataset_id, *entry.tags],
        "links": [{"type": "application/json", "rel": "describedby",
                   "title": "Catalogue record",
                   "href": f"{get_settings().base_url}/collections/{CATALOGUE_COLLECTION}"
                           f"/items/{entry.id}", "hreflang": "en-US"},
                  *collection_links(get_settings().base_url, cube)],
        "extents": extents,
        "providers": [
            {"type": "coverage", "name": "providers.coverage.OpendiasCoverageProvider",
             "data": entry.id, "format": {"name": "netcdf", "mimetype": "application/x-netcdf"}},
            {"type": "edr", "name": "providers.edr.OpendiasEDRProvider", "data": entry.id},
        ],
    }


def vertical_extent(cube) -> dict:
    """pygeoapi's form of a further extent (`definition`, `interval`, `unit`, `grid`): the
    vertical axis, its levels and units (depth positive down: EPSG:5831, Instantaneous
    Water Level depth; a height: EPSG:5829)."""
    coord = cube.ds[cube.z]
    depth = str(coord.attrs.get("positive", "down")).lower() == "down"
    values = [float(v) for v in cube.coord(cube.z)]
    return {"url": "http://www.opengis.net/def/crs/EPSG/0/" + ("5831" if depth else "5829"),
            "range": list(cube.vertical_extent), "units": str(coord.attrs.get("units", "m")),
            "values": values}


def catalogue_resource(catalogue: Catalogue) -> dict:
    return {
        "type": "collection",
        "itemType": "record",
        "title": "opendias dataset catalogue",
        "description": "Records of every Copernicus dataset this service publishes: search by "
                       "free text, area, time and facets (service, area, time category, "
                       "tags, originating centre, data policy).",
        "keywords": ["catalogue", "records", "Copernicus"],
        "links": [],
        "extents": {"spatial": {"bbox": [-180, -90, 180, 90],
                                "crs": "http://www.opengis.net/def/crs/OGC/1.3/CRS84"}},
        "providers": [{"type": "record", "name": "providers.records.CatalogueRecordsProvider",
                       "data": str(catalogue.path), "id_field": "id",
                       "time_field": "datetime", "title_field": "title"}],
    }


def build_config() -> dict:
    settings = get_settings()
    config = yaml.safe_load(settings.pygeoapi_config.read_text())
    config["server"]["url"] = settings.base_url
    # the maps' basemap (opendias.web.basemap): offline Natural Earth unless a tile server
    config["server"]["map"] = {"url": settings.basemap_tiles,
                               "attribution": html.escape(settings.basemap_attribution)}
    catalogue = load_catalogue()
    resources = {CATALOGUE_COLLECTION: catalogue_resource(catalogue)}
    for entry in catalogue:
        try:
            cube = open_cube(entry)
        except OpendiasError as err:
            LOGGER.error("not publishing %s: %s", entry.id, err.detail)
            continue
        resources[entry.id] = collection_resource(entry, cube)
    from processes.ogcapi import process_resources
    resources.update(process_resources())  # processes, generated from processes.registry
    resources.update(config.get("resources") or {})
    config["resources"] = resources
    return config


def served_operations(oas: dict, config: dict) -> dict:
    """The OpenAPI document without the operations pygeoapi lists for every item collection
    that opendias does not serve: POST on the items (CQL2 queries or, when editable, new
    items; opendias' providers take neither) and PUT/DELETE of an item unless editable.
    (pygeoapi 0.24 adds the POST for every feature/record collection whatever its provider;
    opendias.web.pygeoapi_front answers those methods with a 405.)"""
    from opendias.web.pygeoapi_front import editable

    for name in config.get("resources") or {}:
        if editable(config, name):
            continue
        for path in (f"/collections/{name}/items", f"/collections/{name}/items/{{featureId}}"):
            for method in ("post", "put", "patch", "delete"):
                (oas.get("paths") or {}).get(path, {}).pop(method, None)
    return oas


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}")
    tmp.write_text(text)
    os.replace(tmp, path)


def configure_pygeoapi() -> dict:
    """Write pygeoapi's merged configuration and OpenAPI document; point pygeoapi at them."""
    from pygeoapi.openapi import get_oas
    from pygeoapi.util import to_json

    from opendias.web.openapi import complete
    from opendias.web.vendor import write_template_overrides

    settings = get_settings()
    settings.runtime_dir.mkdir(parents=True, exist_ok=True)
    config = build_config()
    config["server"]["templates"] = {**(config["server"].get("templates") or {}),
                                     **write_template_overrides(settings.runtime_dir / "templates")}
    cfg_path = settings.runtime_dir / "pygeoapi-config.yml"
    oas_path = settings.runtime_dir / "pygeoapi-openapi.json"
    _write_atomic(cfg_path, yaml.safe_dump(config, sort_keys=False))
    oas = complete(served_operations(get_oas(config, fail_on_invalid_collection=False), config),
                   config, settings.base_url)
    _write_atomic(oas_path, to_json(oas, pretty=False))
    os.environ["PYGEOAPI_CONFIG"] = str(cfg_path)
    os.environ["PYGEOAPI_OPENAPI"] = str(oas_path)
    return config
