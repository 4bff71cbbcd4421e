"""The results quota: OPENDIAS_RESULTS_QUOTA bytes the results folder may hold; above it
the oldest finished jobs expire first, files and record, as after their retention (called
by the periodic clean-up, opendias.jobs.lifecycle, and when a job finishes)."""

from __future__ import annotations

import logging

from opendias.config import get_settings
from opendias.jobs.results import remove_results
from opendias.jobs.store import JobStore

LOGGER = logging.getLogger(__name__)


def _size(path) -> int:
    """Bytes of a file, or of the files under a folder."""
    try:
        if not path.is_dir():
            return path.stat().st_size
        return sum(_size(child) for child in path.iterdir())
    except OSError:
        return 0


def results_bytes() -> dict[str, int]:
    """Bytes of each entry of the results folder (a job's folder, a WPS status document),
    or of each job's objects when results are on object storage."""
    from opendias.jobs import remote

    if remote.enabled():
        return remote.sizes()
    root = get_settings().results_dir
    if not root.exists():
        return {}
    return {path.name: _size(path) for path in root.iterdir()}


def enforce_quota(store: JobStore | None = None, *, keep: str | None = None) -> int:
    """Expire the oldest finished jobs (files and record, as cleanup_expired does) until
    the results folder holds at most OPENDIAS_RESULTS_QUOTA bytes (0: no quota); never a
    job still running, nor `keep`. Returns how many jobs expired."""
    quota = get_settings().results_quota
    if not quota:
        return 0
    sizes = results_bytes()
    total = sum(sizes.values())
    if total <= quota:
        return 0
    store = store or JobStore()
    expired = 0
    for job in store.finished_before("~", oldest_first=True):  # every finished job
        if total <= quota:
            break
        if job["id"] == keep or not sizes.get(job["id"]):
            continue
        total -= sizes.get(job["id"], 0)
        remove_results(job["id"])
        store.delete(job["id"])
        expired += 1
    if expired:
        LOGGER.warning("results above OPENDIAS_RESULTS_QUOTA (%d bytes): the %d oldest "
                       "finished job(s) expired early", quota, expired)
    return expired
