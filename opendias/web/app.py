"""The WSGI composition: one application serving every front.

Requests are routed by path: opendias' own fronts (coverages/EDR over the core, WMS, WPS,
result downloads) take the paths listed in FRONTS; everything else (landing page, collections
metadata, the catalogue's records, processes and jobs) is pygeoapi, configured from the
dataset registry.
"""

from __future__ import annotations

import importlib
import logging
import re
import threading

LOGGER = logging.getLogger(__name__)

# (path pattern, "module:attribute" of a WSGI application)
FRONTS = [
    (r"^/collections/[^/]+/(coverage|position|area|cube)/?$", "opendias.web.coverages:app"),
    (r"^/results/", "opendias.web.results:app"),
    (r"^/wps/?$", "opendias.web.wps:app"),
    (r"^/processes/[^/]+/execution/?$", "processes.ogcapi:execution_app"),
    (r"^/jobs/?$", "processes.ogcapi:jobs_app"),
    (r"^/jobs/[^/]+/results/?$", "processes.ogcapi:job_results_app"),
    (r"^/wms/?$", "opendias.web.wms:app"),
    (r"^/collections/[^/]+/map/?$", "opendias.web.maps:app"),
    (r"^/vendor/", "opendias.web.vendor:app"),
]


def _load(target: str):
    module, attr = target.split(":")
    return getattr(importlib.import_module(module), attr)


class Dispatcher:
    """Route each request to the first front whose pattern matches its path."""

    def __init__(self, fronts, fallback):
        self.fronts = [(re.compile(p), app) for p, app in fronts]
        self.fallback = fallback

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "") or "/"
        for pattern, app in self.fronts:
            if pattern.match(path):
                return app(environ, start_response)
        return self.fallback(environ, start_response)


def create_app():
    """Build the whole service (configures pygeoapi from the catalogue first)."""
    import dask

    from opendias.web.pygeoapi_setup import configure_pygeoapi

    # A web worker computes each request in the request's own thread, one chunk at a time:
    # reads are serialised by the HDF5 library anyway, and a request's memory stays at about
    # one chunk. Jobs run on the Dask cluster, not here (opendias.jobs).
    dask.config.set(scheduler="synchronous")
    configure_pygeoapi()
    from pygeoapi.flask_app import APP as pygeoapi_app

    fronts = [(pattern, _load(target)) for pattern, target in FRONTS]
    return Dispatcher(fronts, pygeoapi_app)


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
