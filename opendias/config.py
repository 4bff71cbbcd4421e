"""Configuration: one settings object, read from OPENDIAS_* environment variables.

Every setting of the service is a field of `Settings` (pydantic-settings); `get_settings()`
reads them anew from the environment on each call (cheap, and tests change it).
`opendias config` prints them all; README.md's table documents them.

| variable | default | meaning |
| --- | --- | --- |
| OPENDIAS_HOME | ./var | working directory for data, runtime config and results |
| OPENDIAS_DATA_DIR | $OPENDIAS_HOME/data | where `{data}` in the catalogue points (sample data goes here) |
| OPENDIAS_CATALOGUE | packaged catalogue.yml | the dataset registry file |
| OPENDIAS_BASE_URL | http://localhost:5000 | public URL of the service (links in responses) |
| OPENDIAS_MAX_SYNC_CELLS | 200000000 | cells a synchronous coverage/EDR request may return |
| OPENDIAS_MAX_JSON_CELLS | 1000000 | cells a CoverageJSON response may hold |
| OPENDIAS_SYNC_TIME_LIMIT | 300 | seconds a synchronous coverage/EDR/WMS answer may compute and stream (0: no limit); past it the request is stopped: a 503 before the first byte, a cut stream after |
| OPENDIAS_SYNC_CONCURRENCY | half of OPENDIAS_THREADS, at least 1 | heavy synchronous requests (coverage/EDR data answers) computed at once per gunicorn worker, at most OPENDIAS_THREADS - 1 (the other threads answer cheap requests); one more is a 503 with Retry-After |
| OPENDIAS_MAX_JOB_CELLS | 2000000000 | cells a job may select (larger requests are refused) |
| OPENDIAS_DATABASE_URL | sqlite:///$OPENDIAS_HOME/jobs.sqlite | SQLAlchemy URL of the job store (PostgreSQL: `postgresql+psycopg://user:password@host:5432/db`, with the `postgres` extra) |
| OPENDIAS_RESULTS_DIR | $OPENDIAS_HOME/results | where job results are written (served at /results/) |
| OPENDIAS_RESULTS_RETENTION | 604800 | seconds a finished job and its files are kept (7 days) |
| OPENDIAS_S3_ENDPOINT | (empty: AWS) | URL of the S3-compatible object store that `s3://` dataset sources and results are on (credentials: the usual AWS_* variables; a dataset may name its own: opendias.objectstore) |
| OPENDIAS_RESULTS_URL | (empty: OPENDIAS_RESULTS_DIR) | `s3://bucket/prefix`: job results are uploaded there, each file whole, before the job is successful, and downloaded through a redirect to a presigned URL |
| OPENDIAS_RESULTS_PRESIGN_TTL | 900 | seconds a presigned URL of a result on object storage is valid (the result's own link lasts the retention) |
| OPENDIAS_DASK_SCHEDULER | (empty: a LocalCluster) | address of an existing Dask scheduler |
| OPENDIAS_DASK_WORKERS | number of CPUs, at least 2 | LocalCluster worker processes (jobs run in parallel) |
| OPENDIAS_DASK_THREADS | 1 | threads per LocalCluster worker |
| OPENDIAS_DASK_MEMORY_LIMIT | (empty: 60% of the machine's memory shared by the workers) | bytes of memory a LocalCluster worker may use (Dask's `memory_limit`: it spills above 60%, and is restarted above 95%, its job then run again); `0`: no limit |
| OPENDIAS_JOB_ATTEMPTS | 3 | times a job is started before it fails: a job whose Dask worker died, or whose service stopped, is run again (a queued job is queued again) up to this many times |
| OPENDIAS_RESULTS_QUOTA | 0 (no quota) | bytes the results folder may hold: above it, the results of the oldest finished jobs are removed first, as if expired |
| OPENDIAS_PYGEOAPI_CONFIG | ./pygeoapi-config.yml of the repository | the base pygeoapi configuration |
| OPENDIAS_WPS_CONFIG | ./wps.cfg of the repository | PyWPS configuration file |
| OPENDIAS_WPS_DATABASE_URL | sqlite:///$OPENDIAS_HOME/pywps.sqlite | PyWPS' own request records |
| OPENDIAS_SECRET_KEY | (empty: generated once into $OPENDIAS_HOME/runtime/secret.key, mode 0600) | the service's secret: signs access tokens; every worker must share it |
| OPENDIAS_ACCESS_TOKEN_TTL | 3600 | seconds an access token of the password grant is valid |
| OPENDIAS_REFRESH_TOKEN_TTL | 2592000 | seconds a refresh token is valid (30 days) |
| OPENDIAS_PLANS | packaged plans.yml | the plans file (names, capabilities, quotas) |
| OPENDIAS_HOST, OPENDIAS_PORT | 0.0.0.0, 5000 | `opendias serve` address |
| OPENDIAS_WORKERS, OPENDIAS_THREADS | 2, 4 | `opendias serve` gunicorn workers and threads |
| OPENDIAS_ANONYMOUS | catalogue,maps | capabilities open without an account (comma-separated, of catalogue, maps, subset, download, processes; `none`: nothing) |
| OPENDIAS_CORS_ORIGINS | * | origins allowed cross-origin (comma-separated): `*` reads only (GET, HEAD); a listed origin every method |
| OPENDIAS_ACCESS_LOG | (empty: stderr) | where `opendias serve` writes the JSON access log: a file path, or `off` |
| OPENDIAS_SMTP_HOST | (empty: no e-mail) | SMTP server the support messages are e-mailed through (stored whether or not) |
| OPENDIAS_SMTP_PORT | 25 | its port |
| OPENDIAS_SMTP_STARTTLS | false | upgrade the connection with STARTTLS before sending |
| OPENDIAS_SMTP_USER, OPENDIAS_SMTP_PASSWORD | (empty: no login) | SMTP login |
| OPENDIAS_SMTP_FROM | opendias@$OPENDIAS_SMTP_HOST | the e-mails' From address |
| OPENDIAS_SMTP_TO | (empty: no e-mail) | where support messages are sent (comma-separated addresses) |
| OPENDIAS_SUPPORT_PER_HOUR | 10 | support messages one client address may send in an hour (more: 429) |

An empty variable means its default. Integers accept a float notation (`2e9`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from pydantic import AliasChoices, Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent
ENV_PREFIX = "OPENDIAS_"

_INTEGERS = ("max_sync_cells", "max_json_cells", "max_job_cells", "retention", "dask_workers",
             "dask_threads", "port", "workers", "threads", "access_token_ttl",
             "refresh_token_ttl", "results_disk_reserve", "session_ttl", "dask_memory_limit",
             "job_attempts", "results_quota", "sync_concurrency", "sync_heavy_cells",
             "smtp_port", "support_per_hour",
             "answer_cache_bytes", "answer_cache_seconds", "results_presign_ttl")


def _env(name: str) -> Any:
    """The environment variable of a field (its alias if it has one)."""
    return Field(default=None, validation_alias=AliasChoices(name))


class Settings(BaseSettings):
    """Every setting of the service; derived defaults are filled in after reading."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, env_ignore_empty=True,
                                      frozen=True, extra="ignore", populate_by_name=True)

    home: Path = Path("var")
    data_dir: Path | None = None
    catalogue_path: Path | None = _env("OPENDIAS_CATALOGUE")
    base_url: str = "http://localhost:5000"
    max_sync_cells: int = 200_000_000
    max_json_cells: int = 1_000_000
    max_job_cells: int = 2_000_000_000
    sync_time_limit: float = Field(default=300.0, ge=0)
    sync_concurrency: int | None = Field(default=None, ge=1)
    # a synchronous answer of more cells takes a heavy slot (OPENDIAS_SYNC_CONCURRENCY)
    sync_heavy_cells: int = Field(default=1_000_000, ge=0)
    # bytes of generated coverage files (NetCDF, GeoTIFF...) kept under tmp/answers so that
    # Range requests (GDAL /vsicurl/, netCDF #mode=bytes) read them without making them again
    answer_cache_bytes: int = Field(default=1024 * 1024 * 1024, ge=0)
    # seconds a generated coverage file stays in that cache
    answer_cache_seconds: int = Field(default=600, ge=0)
    database_url: str | None = None
    results_dir: Path | None = None
    retention: int = Field(default=7 * 24 * 3600,
                           validation_alias=AliasChoices("OPENDIAS_RESULTS_RETENTION"))
    # bytes of the results' disk that jobs leave free: a job whose result would not fit in
    # the rest is refused before it runs (processes.costing)
    results_disk_reserve: int = Field(default=512 * 1024 * 1024, ge=0)
    # object storage (opendias.objectstore); credentials: the usual AWS_* variables
    s3_endpoint: str = ""
    # s3://bucket/prefix: job results go there, not into results_dir (opendias.jobs.remote)
    results_url: str = ""
    results_presign_ttl: int = Field(default=900, ge=1)
    dask_scheduler: str = ""
    dask_workers: int = max(2, os.cpu_count() or 2)
    dask_threads: int = 1
    dask_memory_limit: int | None = Field(default=None, ge=0)  # None: derived (jobs.cluster)
    job_attempts: int = Field(default=3, ge=1)
    results_quota: int = Field(default=0, ge=0)
    pygeoapi_config: Path = PACKAGE_DIR.parent / "pygeoapi-config.yml"
    wps_config: Path = PACKAGE_DIR.parent / "wps.cfg"
    wps_database_url: str | None = None
    secret_key: str | None = None
    access_token_ttl: int = Field(default=3600, ge=1)
    refresh_token_ttl: int = Field(default=30 * 24 * 3600, ge=1)
    session_ttl: int = Field(default=12 * 3600, ge=1)  # a browser session's life, seconds
    plans_path: Path | None = _env("OPENDIAS_PLANS")
    host: str = "0.0.0.0"
    port: int = 5000
    workers: int = 2
    threads: int = 4
    anonymous: str = "catalogue,maps"
    hda_prefix: str = "/hda"  # where WEkEO's HDA API is served (opendias.web.hda)
    cors_origins: str = "*"
    cds_prefix: str = "/cds"  # where the Climate Data Store retrieve API is served
    openeo_prefix: str = "/openeo/1.2"  # where the openEO API 1.2 is served (opendias.web.openeo)
    access_log: str = ""
    # support messages (opendias.support): e-mailed through this SMTP server when host and
    # recipients are set; stored in the database in any case
    smtp_host: str = ""            # empty: no e-mail
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_starttls: bool = False    # STARTTLS before login and sending
    smtp_user: str = ""            # empty: no login
    smtp_password: str | None = None
    smtp_from: str = ""            # empty: opendias@<smtp_host>
    smtp_to: str = ""              # comma-separated recipients; empty: no e-mail
    support_per_hour: int = Field(default=10, ge=1)  # messages per client address an hour
    # the basemap of the portal's and pygeoapi's maps: a tile server's URL template
    # (https://tiles.example.org/{z}/{x}/{y}.png); empty: the offline vector basemap of
    # Natural Earth countries served by the service itself (opendias.web.portal)
    basemap_tiles: str = ""
    basemap_attribution: str = ""  # the tile server's attribution (HTML-escaped when shown)

    @field_validator(*_INTEGERS, mode="before")
    @classmethod
    def _integer(cls, value):
        """`2e9` is an integer too (as in the variables' documentation)."""
        if isinstance(value, str):
            text = value.strip()
            try:
                return int(text)
            except ValueError:
                pass
            try:
                number = float(text)
            except ValueError:
                raise ValueError("not an integer") from None
            if number != number or number in (float("inf"), float("-inf")):
                raise ValueError("not an integer")
            return int(number)
        return value

    @field_validator("base_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @field_validator("basemap_tiles")
    @classmethod
    def _tile_template(cls, value: str) -> str:
        """A tile URL template: http(s), with {z}, {x} and {y} (or empty)."""
        value = value.strip()
        if value and (not re.match(r"^https?://", value)
                      or not all(k in value for k in ("{z}", "{x}", "{y}"))):
            raise ValueError("OPENDIAS_BASEMAP_TILES must be an http(s) URL template with "
                             "{z}, {x} and {y}, e.g. https://tiles.example.org/{z}/{x}/{y}.png"
                             ", or empty for the offline basemap")
        return value

    @field_validator("hda_prefix", "cds_prefix", "openeo_prefix")
    @classmethod
    def _path_prefix(cls, value: str) -> str:
        """A path prefix: one leading slash, no trailing slash, at least one segment of
        A-Z a-z 0-9 . _ -."""
        text = "/" + value.strip().strip("/")
        if not re.fullmatch(r"(/[A-Za-z0-9._-]+)+", text):
            raise ValueError("not a path prefix such as /cds")
        return text

    @field_validator("dask_scheduler", "s3_endpoint")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()

    @field_validator("results_url")
    @classmethod
    def _s3_url(cls, value: str) -> str:
        text = value.strip().rstrip("/")
        if text and not re.fullmatch(r"s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[^\s]*)?", text):
            raise ValueError("not an s3://bucket/prefix URL")
        return text

    @model_validator(mode="after")
    def _derive(self) -> "Settings":
        home = self.home.resolve()
        derived = {
            "home": home,
            "data_dir": (self.data_dir or home / "data").resolve(),
            "catalogue_path": (self.catalogue_path or PACKAGE_DIR / "catalogue.yml").resolve(),
            "database_url": self.database_url or f"sqlite:///{home / 'jobs.sqlite'}",
            "results_dir": (self.results_dir or home / "results").resolve(),
            "wps_database_url": self.wps_database_url or f"sqlite:///{home / 'pywps.sqlite'}",
            "plans_path": (self.plans_path or PACKAGE_DIR / "plans.yml").resolve(),
            # heavy requests leave at least one thread of a worker to the cheap ones
            "sync_concurrency": min(self.sync_concurrency or max(1, self.threads // 2),
                                    max(1, self.threads - 1)),
        }
        for name, value in derived.items():  # frozen: set once, here
            object.__setattr__(self, name, value)
        return self

    @property
    def runtime_dir(self) -> Path:
        return self.home / "runtime"

    @property
    def tmp_dir(self) -> Path:
        return self.home / "tmp"

    def as_dict(self) -> dict[str, Any]:
        """Every setting, with the folders derived from them (what `opendias config` shows)."""
        return {**self.model_dump(), "runtime_dir": self.runtime_dir, "tmp_dir": self.tmp_dir}


def env_name(field: str) -> str:
    """The environment variable of a setting."""
    info = Settings.model_fields[field]
    alias = info.validation_alias
    if isinstance(alias, AliasChoices):
        return str(alias.choices[0])
    return ENV_PREFIX + field.upper()


_LAST: dict[tuple, Settings] = {}


def get_settings() -> Settings:
    """Settings from the environment (read anew on each call: tests change it). Reading is
    cheap: the settings of the last environment seen are kept, and made again whenever an
    OPENDIAS_* variable (or the working directory, which relative paths depend on) changes.
    A bad value is a RuntimeError naming the variable and the value."""
    key = (os.getcwd(), *sorted((k, v) for k, v in os.environ.items()
                                if k[:9].upper() == ENV_PREFIX))
    settings = _LAST.get(key)
    if settings is not None:
        return settings
    try:
        settings = Settings()
    except ValidationError as err:
        problems = []
        for error in err.errors():
            loc = str(error["loc"][0]) if error["loc"] else ""
            field = next((f for f in Settings.model_fields if loc in (f, env_name(f))), loc)
            name = env_name(field) if field in Settings.model_fields else loc
            value = os.environ.get(name, error.get("input"))
            if field in _INTEGERS and not error["type"].startswith("greater_than"):
                problems.append(f"{name} must be an integer, got {value!r}")
            else:
                problems.append(f"{name}: {error['msg']}, got {value!r}")
        raise RuntimeError("; ".join(problems)) from None
    _LAST.clear()
    _LAST[key] = settings
    return settings
