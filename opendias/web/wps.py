"""WPS 1.0.0 at /wps (PyWPS): GetCapabilities, DescribeProcess, Execute sync and async
(storeExecuteResponse=true&status=true, statusLocation polling), outputs as references.

The processes are generated from processes.registry (processes/wps.py); PyWPS is
configured from the top-level wps.cfg (OPENDIAS_WPS_CONFIG to use another file) plus the
values derived from opendias' settings, see wps.cfg. Status documents and outputs live in
the results folder and are served by opendias.web.results.

| variable | default | meaning |
| --- | --- | --- |
| OPENDIAS_WPS_CONFIG | ./wps.cfg of the repository | PyWPS configuration file |
| OPENDIAS_WPS_DATABASE_URL | sqlite:///$OPENDIAS_HOME/pywps.sqlite | PyWPS' own request records |
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from opendias.config import PACKAGE_DIR, get_settings

_SERVICE: dict = {}
_LOCK = threading.Lock()


def wps_config_path() -> Path:
    return Path(os.environ.get("OPENDIAS_WPS_CONFIG") or PACKAGE_DIR.parent / "wps.cfg")


def configure_pywps() -> None:
    from pywps import configuration

    from opendias.jobs import get_job_settings

    settings = get_settings()
    results = get_job_settings().results_dir
    workdir = settings.tmp_dir / "wps"
    results.mkdir(parents=True, exist_ok=True)
    workdir.mkdir(parents=True, exist_ok=True)
    configuration.load_configuration([str(wps_config_path())])
    config = configuration.CONFIG
    config.set("server", "url", f"{settings.base_url}/wps")
    config.set("server", "outputurl", f"{settings.base_url}/results")
    config.set("server", "outputpath", str(results))
    config.set("server", "workdir", str(workdir))
    config.set("server", "temp_path", str(workdir))
    config.set("logging", "database", os.environ.get("OPENDIAS_WPS_DATABASE_URL")
               or f"sqlite:///{settings.home / 'pywps.sqlite'}")


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


def app(environ, start_response):
    """The WSGI application of /wps."""
    return get_service()(environ, start_response)
