"""A job's result files: where they live (a folder per job under OPENDIAS_RESULTS_DIR,
served at /results/; or objects under OPENDIAS_RESULTS_URL: opendias.jobs.remote), the links a finished job's results document gives to them (signed:
opendias.jobs.links), which job a path of the results folder belongs to, and their removal
(dismissed, failed or expired jobs)."""

from __future__ import annotations

import shutil
from pathlib import Path

from opendias.config import get_settings
from opendias.jobs.links import link_expiry, signed_url


def job_results_dir(job_id: str) -> Path:
    return get_settings().results_dir / job_id


def result_links(job_id: str, folder: Path, media_types: dict[str, str],
                 expires: int | None = None) -> list[dict]:
    """Links (href, size in bytes, media type) to the files of a finished job; the hrefs are
    signed links valid until `expires` (epoch seconds; by default the retention from now)."""
    expires = link_expiry() if expires is None else expires
    links = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        links.append({"href": signed_url(f"{job_id}/{path.name}", expires), "rel": "enclosure",
                      "type": media_types.get(path.name, guess_media_type(path.name)),
                      "title": path.name, "size": path.stat().st_size})
    return links


def result_job_ids(relative: str) -> list[str]:
    """The ids a job whose file `relative` (a path under the results folder) is may have:
    `{job}/{file}` is in the job's own folder; PyWPS writes `{uuid}.xml` (the status
    document) and `{uuid}/{file}` (its copy of the outputs) for job `wps-{uuid}`."""
    parts = [p for p in relative.split("/") if p]
    if not parts:
        return []
    if len(parts) == 1 and parts[0].endswith(".xml"):
        return [f"wps-{parts[0][:-len('.xml')]}"]
    return [parts[0], f"wps-{parts[0]}"]


def guess_media_type(name: str) -> str:
    import mimetypes

    if name.endswith(".nc"):
        return "application/x-netcdf"
    if name.endswith(".tif"):
        return "image/tiff; application=geotiff"
    if name.endswith(".zip"):
        return "application/zip"
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def remove_results(job_id: str) -> None:
    """A job's files removed: its folder (and the one being written), and its objects when
    results are on object storage (opendias.jobs.remote)."""
    from opendias.jobs import remote

    root = get_settings().results_dir
    for path in (root / job_id, root / f".{job_id}.part"):
        shutil.rmtree(path, ignore_errors=True)
    if remote.enabled():
        remote.remove(job_id)
