"""A job's result files: where they live (a folder per job under OPENDIAS_RESULTS_DIR,
served at /results/), the links a finished job's results document gives to them, and their
removal (dismissed, failed or expired jobs)."""

from __future__ import annotations

import shutil
from pathlib import Path

from opendias.config import get_settings


def job_results_dir(job_id: str) -> Path:
    return get_settings().results_dir / job_id


def result_links(job_id: str, folder: Path, media_types: dict[str, str]) -> list[dict]:
    """Links (href, size in bytes, media type) to the files of a finished job."""
    base = get_settings().base_url
    links = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        links.append({"href": f"{base}/results/{job_id}/{path.name}", "rel": "enclosure",
                      "type": media_types.get(path.name, guess_media_type(path.name)),
                      "title": path.name, "size": path.stat().st_size})
    return links


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
    root = get_settings().results_dir
    for path in (root / job_id, root / f".{job_id}.part"):
        shutil.rmtree(path, ignore_errors=True)
