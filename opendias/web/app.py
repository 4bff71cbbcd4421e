"""The WSGI composition: one application serving every front.

    request -> LAYERS (cross-cutting, in order) -> Dispatcher -> one front -> the core

Every request first passes the layers listed in LAYERS, outermost first: WSGI middleware
that does one thing for every request whatever its protocol (today: the request id, see
opendias.web.layers.request_id). Then the Dispatcher routes it by path: opendias' own fronts
(coverages/EDR over the core, WMS and OGC API - Maps, WPS, result downloads, job execution and
listings, vendored assets) take the paths listed in FRONTS; everything else (landing page,
collections metadata, the catalogue's records, process descriptions, OpenAPI) is pygeoapi,
configured from the dataset registry.

To add a cross-cutting layer (identity, quotas, metrics, ...): write a class or factory
`Layer(app) -> WSGI application` in a module of opendias/web/layers/ (the rules a layer keeps
are in that package's docstring) and add its "module:attribute" to LAYERS at the place it
belongs: a layer sees what the layers before it put in the environ (e.g. identity after the
request id, so a refusal carries the id; quotas after identity). `create_app` applies the list
in one place, so every front, current or future, is behind every layer.

To add a front: its WSGI application and one (path pattern, "module:attribute") in FRONTS
(a front mounted where a setting says, as the HDA API, names its prefix `{name}` in its
pattern and `create_app` puts the setting in).
"""

from __future__ import annotations

import importlib
import logging
import re
import threading

from opendias.web.cds import path_pattern as cds_path_pattern
from opendias.web.layers import wrap
from opendias.web.openeo import path_pattern as openeo_path_pattern

LOGGER = logging.getLogger(__name__)

# (path pattern, "module:attribute" of a WSGI application)
FRONTS = [
    (r"^/collections/[^/]+/(coverage(/domainset|/rangetype)?|position|area|cube)/?$",
     "opendias.web.coverages:app"),
    (r"^/results/", "opendias.web.results:app"),
    (r"^/zarr/[^/]+(/.*)?$", "opendias.web.zarr_front:app"),
    (r"^/wps/?$", "opendias.web.wps:app"),
    (r"^/processes/[^/]+/execution/?$", "opendias.web.processes_front:execution_app"),
    (r"^/processes/[^/]+/costing$", "opendias.web.costing_front:app"),
    (r"^/jobs/?$", "opendias.web.processes_front:jobs_app"),
    (r"^/jobs/[^/]+/results/map/?$", "opendias.web.result_maps:app"),
    (r"^/jobs/[^/]+/results/?$", "opendias.web.processes_front:job_results_app"),
    (r"^/wms/?$", "opendias.web.wms:app"),
    (r"^/collections/[^/]+/map/?$", "opendias.web.maps:app"),
    (r"^/vendor/", "opendias.web.vendor:app"),
    (r"^/portal(/.*)?$", "opendias.web.portal:app"),
    (r"^/$", "opendias.web.portal:landing_app"),  # a browser -> /portal/, else pygeoapi
    (r"^/(health|ready)/?$", "opendias.web.health:app"),
    (r"^/metrics/?$", "opendias.web.metrics_front:app"),
    (r"^/(register|gettoken|refreshtoken|revoketoken|me|signin|signout|password|plans)/?$",
     "opendias.web.account:app"),
    (r"^/tokens(/[^/]+)?/?$", "opendias.web.tokens_front:app"),
    (r"^/support/?$", "opendias.web.support_front:app"),
    (r"^/(terms|termsaccepted(/[^/]*)?)/?$", "opendias.web.terms_front:app"),
    (r"^/users(/[^/]+)?$", "opendias.web.users_front:app"),
    (r"^{hda}/", "opendias.web.hda:app"),  # {hda}: OPENDIAS_HDA_PREFIX
    (cds_path_pattern(), "opendias.web.cds.front:cds_app"),  # OPENDIAS_CDS_PREFIX
    (openeo_path_pattern(), "opendias.web.openeo.front:openeo_app"),  # OPENDIAS_OPENEO_PREFIX
    (r"^/\.well-known/openeo$", "opendias.web.openeo.front:openeo_app"),
]


# "module:attribute" of each cross-cutting layer, outermost first (opendias.web.layers)
LAYERS = [
    "opendias.web.layers.request_id:RequestIdLayer",
    "opendias.web.layers.metrics:MetricsLayer",
    "opendias.web.layers.cors:CorsLayer",
    "opendias.web.layers.identity:IdentityLayer",
    "opendias.web.layers.access:AccessLayer",
    "opendias.web.layers.sync_limits:SyncLimitLayer",
]


def _load(target: str):
    module, attr = target.split(":")
    return getattr(importlib.import_module(module), attr)


def front_name(target: str) -> str:
    """A front's name in metrics and logs: "opendias.web.wms:app" -> "wms",
    "opendias.web.processes_front:jobs_app" -> "jobs"."""
    module, attr = target.split(":")
    return module.rpartition(".")[2] if attr == "app" else attr.removesuffix("_app")


class Dispatcher:
    """Route each request to the first front whose pattern matches its path; its name
    (given as a third member, else "front-N"; "pygeoapi" for the fallback) goes into
    environ["opendias.front"], for the layers that count and log requests."""

    def __init__(self, fronts, fallback):
        self.fronts = [(re.compile(f[0]), f[1], f[2] if len(f) > 2 else f"front-{i}")
                       for i, f in enumerate(fronts)]
        self.fallback = fallback

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "") or "/"
        for pattern, app, name in self.fronts:
            if pattern.match(path):
                environ["opendias.front"] = name
                return app(environ, start_response)
        environ["opendias.front"] = "pygeoapi"
        return self.fallback(environ, start_response)


def _mounted(pattern: str, prefixes: dict[str, str]) -> str:
    """A front's pattern with its configured mount point (e.g. `{hda}`) put in."""
    for name, value in prefixes.items():
        pattern = pattern.replace(name, value)
    return pattern


def _open_datasets() -> None:
    """Every dataset of the catalogue opened, with its stored-values view, before this
    process serves (gunicorn builds the application in each worker before its threads take
    requests): xarray reads a NetCDF file's metadata without its netCDF lock, so a thread
    opening a file while another reads one can crash netCDF-C/HDF5 (SIGBUS, "NetCDF: HDF
    error"). Opened here, in one thread, requests find them open (opendias.datacube keeps
    them per process). A dataset whose files are missing is opened when asked, as before."""
    from opendias.catalogue import load_catalogue
    from opendias.datacube import open_cube

    for entry in load_catalogue():
        try:
            cube = open_cube(entry)
            _ = cube.packed
        except Exception as err:  # noqa: BLE001 - never prevent the service from starting
            LOGGER.info("dataset %s not opened at start: %s", entry.id, err)


def create_app(layers: list[str] | None = None):
    """Build the whole service (configures pygeoapi from the catalogue first): the fronts
    behind the Dispatcher, inside `layers` (LAYERS unless given)."""
    import dask

    from opendias.config import get_settings
    from opendias.operations import budget
    from opendias.web.pygeoapi_setup import configure_pygeoapi

    # A web worker computes each request in the request's own thread, one chunk at a time:
    # reads are serialised by the HDF5 library anyway, and a request's memory stays at about
    # one chunk. Jobs run on the Dask cluster, not here (opendias.jobs). The synchronous
    # scheduler under the request's budget: its time limit, its client still there.
    dask.config.set(scheduler=budget.get)
    configure_pygeoapi()
    _open_datasets()
    from opendias.web.pygeoapi_front import pygeoapi_app

    prefixes = {"{hda}": re.escape(get_settings().hda_prefix)}
    fronts = [(_mounted(pattern, prefixes), _load(target), front_name(target))
              for pattern, target in FRONTS]
    return wrap(Dispatcher(fronts, pygeoapi_app()),
                [_load(target) for target in (LAYERS if layers is None else layers)])


_application = None
_LOCK = threading.Lock()


def get_application():
    """The service, built once per process (under a lock: a new worker may get several
    requests at once)."""
    global _application
    if _application is None:
        with _LOCK:
            if _application is None:
                _application = create_app()
    return _application


def application(environ, start_response):
    """The WSGI entry point (`opendias.web.app:application`)."""
    return get_application()(environ, start_response)
