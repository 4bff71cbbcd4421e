"""Coverage answers that are files (NetCDF, GeoTIFF), served whole or in byte ranges.

A generated file is complete before its first byte is sent, so it is served with
`Accept-Ranges: bytes`, an ETag and Last-Modified, and a single `Range` is answered with
206 and `Content-Range` (an unsatisfiable one with 416), as werkzeug's conditional
responses do. GDAL's `/vsicurl/` and netCDF-C's `#mode=bytes` read a file with many range
requests of the same URL: each generated file is kept in a cache on disk,
`$OPENDIAS_HOME/tmp/answers/<sha256 of the request>`, so that the next range of the same
request is read from it instead of being computed again.

The cache key is the request's path and query, its Accept header (the format negotiated
without `f`) and the size and time of the dataset's files (a changed file is another
answer). Bounds: `OPENDIAS_ANSWER_CACHE_SECONDS` (600) per file and
`OPENDIAS_ANSWER_CACHE_BYTES` (1 GiB) in all; each new file removes the expired ones, then
the oldest until the rest fits. A file larger than a quarter of the bound is not kept: it
is made for its request alone (ranges still honoured) and removed once open. Files are
renamed into place complete, and opened before anything may remove them, so several
workers share the cache safely. Access is checked by the layers before every request:
a cached answer is only read by a request that may read it.
"""

from __future__ import annotations

import hashlib
import os
import time
import uuid
from pathlib import Path

from flask import Response, request
from werkzeug.wsgi import wrap_file

from opendias.config import get_settings


def _folder() -> Path:
    folder = get_settings().tmp_dir / "answers"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def request_key(files: list[str]) -> str:
    """The cache key of this request for a dataset made of `files`."""
    parts = [request.path, request.query_string.decode("latin-1"),
             request.headers.get("Accept", "")]
    for name in files:
        try:
            st = os.stat(name)
            parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{name}:missing")
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def cached(key: str) -> Path | None:
    """The cached file of a key, when it is there and fresh."""
    path = _folder() / key
    try:
        age = time.time() - path.stat().st_mtime
    except OSError:
        return None
    return path if age <= get_settings().answer_cache_seconds else None


def _evict(folder: Path, limit: int, ttl: int) -> None:
    now = time.time()
    entries = []
    for entry in os.scandir(folder):
        try:
            st = entry.stat()
        except OSError:
            continue
        if now - st.st_mtime > ttl:
            Path(entry.path).unlink(missing_ok=True)
        elif not entry.name.startswith("."):
            entries.append((st.st_mtime, st.st_size, entry.path))
    total = sum(size for _, size, _ in entries)
    for _mtime, size, path in sorted(entries):
        if total <= limit:
            break
        Path(path).unlink(missing_ok=True)
        total -= size


def serve(tmp: Path, key: str, media_type: str, filename: str) -> Response:
    """A finished temporary file as the answer: kept in the cache when it fits (else
    removed once open)."""
    settings = get_settings()
    size = tmp.stat().st_size
    if size <= settings.answer_cache_bytes // 4 and settings.answer_cache_seconds > 0:
        path = _folder() / key
        os.replace(tmp, path)
        fh = open(path, "rb")
        _evict(path.parent, settings.answer_cache_bytes, settings.answer_cache_seconds)
        return send(fh, key, media_type, filename)
    return send_once(tmp, media_type, filename, key)


def send_once(tmp: Path, media_type: str, filename: str, key: str | None = None) -> Response:
    """A finished temporary file as the answer, removed once open (never cached)."""
    fh = open(tmp, "rb")
    os.unlink(tmp)
    return send(fh, key or uuid.uuid4().hex, media_type, filename)


def send(fh, key: str, media_type: str, filename: str) -> Response:
    """An open file as a conditional answer (Range, If-None-Match, If-Range)."""
    st = os.fstat(fh.fileno())
    response = Response(wrap_file(request.environ, fh), direct_passthrough=True)
    response.headers["Content-Type"] = media_type
    response.headers["Content-Length"] = str(st.st_size)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.last_modified = int(st.st_mtime)
    response.set_etag(f"{key[:32]}-{st.st_size}")
    response.cache_control.no_cache = True
    try:
        return response.make_conditional(request.environ, accept_ranges=True,
                                         complete_length=st.st_size)
    except Exception:  # 416: the range is beyond the file
        fh.close()
        raise
