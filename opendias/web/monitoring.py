"""What `opendias serve` sets up for monitoring around gunicorn, before and after the fork.

- Metrics: prometheus_client counts in each gunicorn worker; its multiprocess mode needs
  PROMETHEUS_MULTIPROC_DIR set before a worker imports it. `prepare_metrics_dir` sets it to
  an empty $OPENDIAS_HOME/runtime/prometheus/<master pid> (counts of an earlier run are not
  this run's), in the master, before any worker starts; `child_exit` (a gunicorn hook)
  marks a dead worker's live gauges dead, so /metrics stops adding them up. Its counters
  stay counted: they are requests that were served.
- The access log: `configure_access_log` sends the logger `opendias.access`
  (opendias.web.layers.metrics: one JSON line per request) to stderr, or to the file named
  by OPENDIAS_ACCESS_LOG (`off`: nowhere). Set up in the master, inherited by the workers.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
from logging.handlers import WatchedFileHandler
from pathlib import Path

from opendias.config import Settings

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def prepare_metrics_dir(settings: Settings) -> Path:
    """This service's empty metrics folder, named for the master's pid (another service
    under the same OPENDIAS_HOME keeps its own); folders of services gone are removed."""
    parent = settings.runtime_dir / "prometheus"
    parent.mkdir(parents=True, exist_ok=True)
    for old in parent.iterdir():
        if old.is_dir() and (not old.name.isdigit() or not _alive(int(old.name))):
            shutil.rmtree(old, ignore_errors=True)
    folder = parent / str(os.getpid())
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    os.environ[MULTIPROC_ENV] = str(folder)
    return folder


def child_exit(server, worker) -> None:
    """gunicorn's child_exit hook (runs in the master)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def configure_access_log(settings: Settings) -> logging.Logger:
    logger = logging.getLogger("opendias.access")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
    target = settings.access_log.strip()
    logger.propagate = False
    if target.lower() == "off":
        logger.disabled = True
        return logger
    if target in ("", "-"):
        handler = logging.StreamHandler(sys.stderr)
    else:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        handler = WatchedFileHandler(target, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.disabled = False
    return logger
