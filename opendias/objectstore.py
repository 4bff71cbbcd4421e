"""Object storage: `s3://` URLs of datasets and results, their credentials and endpoint, and
the fsspec file systems (s3fs) that read and write them.

Where the credentials come from, per URL: the dataset's own `source.s3` mapping (catalogue:
`endpoint`, `region`, `profile`, `anon`, `key` and `secret`, or `key_env` and `secret_env`
naming the environment variables that hold them), else the service's: OPENDIAS_S3_ENDPOINT
(an S3-compatible server's URL; empty: AWS itself) and the usual `AWS_*` variables
(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_DEFAULT_REGION,
AWS_PROFILE), which botocore reads itself.

Objects are read lazily, in ranges: a Zarr store chunk by chunk (one GET per chunk read), a
NetCDF object through a file-like object (h5netcdf), a GeoTIFF through GDAL reading the same
kind of file-like object (rasterio's `opener`: GDAL's own `/vsis3/` would need its AWS_*
configuration in force around every lazy read, which rioxarray does not keep).
"""

from __future__ import annotations

import os
import threading
import time

from opendias.config import get_settings

SCHEME = "s3://"
# how long what an object's metadata says (exists, ETag) is believed, seconds: a cube is
# reopened at most this long after its objects change, and a request sends no HEAD
SIGNATURE_TTL = 30.0


def is_remote(location) -> bool:
    return isinstance(location, str) and location.startswith(SCHEME)


def split(url: str) -> tuple[str, str]:
    """`s3://bucket/a/b` -> ("bucket", "a/b")."""
    bucket, _, key = url[len(SCHEME):].partition("/")
    return bucket, key.strip("/")


def storage_options(own: dict | None = None) -> dict:
    """s3fs options for a dataset's `source.s3` (None: the service's own settings)."""
    own = dict(own or {})
    endpoint = own.get("endpoint") or get_settings().s3_endpoint
    client = {}
    if endpoint:
        client["endpoint_url"] = endpoint
    region = own.get("region") or os.environ.get("AWS_DEFAULT_REGION") \
        or os.environ.get("AWS_REGION")
    if region:
        client["region_name"] = region
    # a store that does not answer is said so within seconds, not after minutes of retries;
    # presigned URLs signed as AWS wants them now (SigV4, not botocore's V2 default for an
    # endpoint of its own)
    options: dict = {"client_kwargs": client,
                     "config_kwargs": {"connect_timeout": 5, "read_timeout": 60,
                                       "retries": {"max_attempts": 2},
                                       "signature_version": "s3v4"}}
    if own.get("anon"):
        options["anon"] = True
    if own.get("profile"):
        options["profile"] = own["profile"]
    key = own.get("key") or (os.environ.get(own["key_env"]) if own.get("key_env") else None)
    secret = own.get("secret") or (os.environ.get(own["secret_env"])
                                   if own.get("secret_env") else None)
    if key and secret:
        options.update(key=key, secret=secret)
    return options


def filesystem(options: dict | None = None):
    """The s3fs file system of these options (fsspec keeps one per process, thread and
    options)."""
    import s3fs

    return s3fs.S3FileSystem(**(storage_options() if options is None else options))


_SIGNATURES: dict[tuple, tuple[float, tuple | None]] = {}
_LOCK = threading.Lock()


ZARR_MARKERS = ("zarr.json", ".zmetadata", ".zgroup")  # v3, v2 consolidated, v2


def signature(url: str, options: dict, *, markers: tuple[str, ...] = ()) -> tuple | None:
    """(url, ETag, size) of an object, or of the first of `markers` under it (a store such
    as Zarr's, by its metadata object); None when it does not exist. Believed for
    SIGNATURE_TTL seconds."""
    key = (url, markers, repr(sorted(options.items(), key=str)))
    now = time.monotonic()
    with _LOCK:
        cached = _SIGNATURES.get(key)
    if cached and now - cached[0] < SIGNATURE_TTL:
        return cached[1]
    fs = filesystem(options)
    found = None
    for target in [f"{url.rstrip('/')}/{m}" for m in markers] or [url]:
        try:
            info = fs.info(target)
        except FileNotFoundError:
            continue
        found = (url, str(info.get("ETag") or info.get("LastModified") or ""),
                 int(info.get("size") or 0))
        break
    with _LOCK:
        _SIGNATURES[key] = (now, found)
    return found


def glob(url: str, options: dict) -> list[str]:
    """The objects a pattern matches (one listing every SIGNATURE_TTL seconds at most)."""
    key = ("glob", url, repr(sorted(options.items(), key=str)))
    now = time.monotonic()
    with _LOCK:
        cached = _SIGNATURES.get(key)
    if cached and now - cached[0] < SIGNATURE_TTL:
        return list(cached[1])
    found = sorted(SCHEME + path for path in filesystem(options).glob(url))
    with _LOCK:
        _SIGNATURES[key] = (now, tuple(found))
    return found


def open_object(url: str, options: dict):
    """A lazily read, seekable file object of an object (reads ranges of 4 MiB)."""
    return filesystem(options).open(url, "rb", block_size=4 * 1024 * 1024,
                                    cache_type="readahead")
