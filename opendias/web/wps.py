"""WPS 1.0.0 at /wps (PyWPS): GetCapabilities, DescribeProcess, Execute sync and async
(storeExecuteResponse=true&status=true, statusLocation polling), outputs as references.

The processes are generated from processes.registry (processes/wps.py); PyWPS is
configured from the top-level wps.cfg (settings.wps_config, OPENDIAS_WPS_CONFIG, to use
another file) plus the values derived from opendias' settings (opendias.config), see wps.cfg.
Its own request records go to settings.wps_database_url (OPENDIAS_WPS_DATABASE_URL). Status
documents and outputs live in the results folder and are served by opendias.web.results.
"""

from __future__ import annotations

import os
import threading
from opendias.config import get_settings

_SERVICE: dict = {}
_LOCK = threading.Lock()


def configure_pywps() -> None:
    from pywps import configuration

    settings = get_settings()
    results = settings.results_dir
    workdir = settings.tmp_dir / "wps"
    results.mkdir(parents=True, exist_ok=True)
    workdir.mkdir(parents=True, exist_ok=True)
    configuration.load_configuration([str(settings.wps_config)])
    config = configuration.CONFIG
    config.set("server", "url", f"{settings.base_url}/wps")
    config.set("server", "outputurl", f"{settings.base_url}/results")
    config.set("server", "outputpath", str(results))
    config.set("server", "workdir", str(workdir))
    config.set("server", "temp_path", str(workdir))
    config.set("logging", "database", settings.wps_database_url)


def get_service():
    key = os.getpid()
    service = _SERVICE.get(key)
    if service is None:
        with _LOCK:
            service = _SERVICE.get(key)
            if service is None:
                from pywps import Service

                from processes.wps import wps_processes

                configure_pywps()
                service = Service(processes=wps_processes())
                _SERVICE[key] = service
    return service


WPS_NS = "http://www.opengis.net/wps/1.0.0"


def _foreign_xml(environ) -> str | None:
    """Why a POSTed XML body is no WPS 1.0.0 request (its root element outside the WPS
    namespace: PyWPS answers those with a 500), or None."""
    if environ.get("REQUEST_METHOD", "GET").upper() != "POST" \
            or "json" in (environ.get("CONTENT_TYPE") or ""):
        return None
    from pywps.xml_util import fromstring

    from opendias.web.bodies import request_body

    try:
        root = fromstring(request_body(environ))
    except Exception:  # noqa: BLE001 - not XML at all: PyWPS words that itself (400)
        return None
    namespace = root.tag.partition("}")[0].lstrip("{") if root.tag.startswith("{") else ""
    if namespace == WPS_NS:
        return None
    return (f"the XML body's root element {root.tag[:80]!r} is no WPS 1.0.0 request: send "
            f"wps:Execute, wps:DescribeProcess or wps:GetCapabilities in the namespace {WPS_NS}")


def app(environ, start_response):
    """The WSGI application of /wps."""
    problem = _foreign_xml(environ)
    if problem is not None:
        from opendias.web.refusals import refuse

        return refuse(environ, start_response, 400, "InvalidParameterValue", "Bad Request",
                      problem)
    return get_service()(environ, start_response)
