"""Job results on object storage (OPENDIAS_RESULTS_URL=s3://bucket/prefix): a job's files
are uploaded under `{prefix}/{job}/` when it completes, each whole (s3fs' put: one PUT, or a
multipart upload completed, and its size checked) before the job is marked successful, so a
link never serves half a file. Clients keep the service's signed result links
(opendias.jobs.links); the service answers them with a redirect to a presigned URL of the
object, valid OPENDIAS_RESULTS_PRESIGN_TTL seconds. Removal (dismissed, failed, expired
jobs, the quota) deletes the job's objects; the clean-up removes objects older than the
retention that no job owns.

The endpoint and credentials are the service's (OPENDIAS_S3_ENDPOINT, AWS_*:
opendias.objectstore); every Dask worker needs them too. A presigned URL names that
endpoint: clients must reach it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from opendias import objectstore
from opendias.config import get_settings
from opendias.errors import StorageUnavailable

LOGGER = logging.getLogger(__name__)


def enabled() -> bool:
    return bool(get_settings().results_url)


def _root() -> str:
    return get_settings().results_url.rstrip("/")


def url_of(relative: str) -> str:
    return f"{_root()}/{relative.strip('/')}"


def _fs():
    return objectstore.filesystem()


def _unavailable(what: str, err: BaseException) -> StorageUnavailable:
    return StorageUnavailable(f"{what}: the results' object storage ({_root()}) did not "
                              f"answer or refused: {type(err).__name__}: {err}")


def upload(job_id: str, folder: Path) -> None:
    """Every file of `folder` uploaded whole as `{job}/{name}`; raises StorageUnavailable
    (and leaves nothing of the job behind) when it cannot be."""
    fs = _fs()
    try:
        for path in sorted(folder.iterdir()):
            if path.name.startswith(".") or not path.is_file():
                continue
            target = url_of(f"{job_id}/{path.name}")
            fs.put_file(str(path), target)
            stored = fs.info(target).get("size")
            if stored != path.stat().st_size:
                raise OSError(f"{target} holds {stored} bytes, not {path.stat().st_size}")
    except Exception as err:  # noqa: BLE001 - whatever the store said, the job says it
        remove(job_id)
        raise _unavailable("the job's results could not be stored", err) from err


def objects(prefix: str) -> list[dict]:
    """The objects under `{root}/{prefix}` (name, size, modified), [] if none."""
    fs = _fs()
    try:
        found = fs.find(url_of(prefix), detail=True)
    except FileNotFoundError:
        return []
    return [{"name": key.rsplit("/", 1)[-1], "key": key, "size": int(info.get("size") or 0),
             "modified": info.get("LastModified")} for key, info in sorted(found.items())
            if info.get("type") == "file"]


def exists(relative: str) -> int | None:
    """The size of the object a result path names, None if there is none."""
    try:
        info = _fs().info(url_of(relative))
    except FileNotFoundError:
        return None
    return None if info.get("type") == "directory" else int(info.get("size") or 0)


def presigned(relative: str) -> str:
    """A time-limited URL of the object (OPENDIAS_RESULTS_PRESIGN_TTL seconds)."""
    return _fs().sign(url_of(relative), expiration=get_settings().results_presign_ttl)


def remove(job_id: str) -> None:
    try:
        _fs().rm(url_of(job_id) + "/", recursive=True)
    except FileNotFoundError:
        pass
    except Exception:  # noqa: BLE001 - the next clean-up tries again
        LOGGER.exception("could not remove the results of job %s from %s", job_id, _root())


def sizes() -> dict[str, int]:
    """Bytes under each top-level name of the results prefix (a job's folder)."""
    totals: dict[str, int] = {}
    root = _root()[len(objectstore.SCHEME):].rstrip("/") + "/"
    for item in objects(""):
        name = item["key"][len(root):].split("/", 1)[0] if item["key"].startswith(root) else ""
        if name:
            totals[name] = totals.get(name, 0) + item["size"]
    return totals


def remove_older(cutoff: float) -> int:
    """Objects last modified before `cutoff` (epoch seconds) removed: the files of jobs
    whose records are gone. Returns how many."""
    old = [item["key"] for item in objects("")
           if item["modified"] is not None and item["modified"].timestamp() < cutoff]
    if old:
        _fs().rm(old)
    return len(old)
