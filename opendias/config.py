"""Configuration: environment variables with sane defaults, read in one place.

| variable | default | meaning |
| --- | --- | --- |
| OPENDIAS_HOME | ./var | working directory for data, runtime config and results |
| OPENDIAS_DATA_DIR | $OPENDIAS_HOME/data | where `{data}` in the catalogue points (sample data goes here) |
| OPENDIAS_CATALOGUE | packaged catalogue.yml | the dataset registry file |
| OPENDIAS_BASE_URL | http://localhost:5000 | public URL of the service (links in responses) |
| OPENDIAS_MAX_SYNC_CELLS | 200000000 | cells a synchronous coverage/EDR request may return |
| OPENDIAS_MAX_JSON_CELLS | 1000000 | cells a CoverageJSON response may hold |
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def env_int(name: str, default: int) -> int:
    """An integer setting from the environment (`2e9` accepted); a clear error otherwise."""
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    try:
        return int(float(value))
    except ValueError as err:
        raise RuntimeError(f"{name} must be an integer, got {value!r}") from err


@dataclass(frozen=True)
class Settings:
    home: Path
    data_dir: Path
    catalogue_path: Path
    base_url: str
    max_sync_cells: int
    max_json_cells: int
    max_job_cells: int

    @property
    def runtime_dir(self) -> Path:
        return self.home / "runtime"

    @property
    def tmp_dir(self) -> Path:
        return self.home / "tmp"


def get_settings() -> Settings:
    """Settings from the environment (read anew on each call: cheap, and tests change it)."""
    home = Path(os.environ.get("OPENDIAS_HOME") or "var").resolve()
    data_dir = Path(os.environ.get("OPENDIAS_DATA_DIR") or home / "data").resolve()
    catalogue = Path(os.environ.get("OPENDIAS_CATALOGUE") or PACKAGE_DIR / "catalogue.yml").resolve()
    return Settings(
        home=home,
        data_dir=data_dir,
        catalogue_path=catalogue,
        base_url=(os.environ.get("OPENDIAS_BASE_URL") or "http://localhost:5000").rstrip("/"),
        max_sync_cells=env_int("OPENDIAS_MAX_SYNC_CELLS", 200_000_000),
        max_json_cells=env_int("OPENDIAS_MAX_JSON_CELLS", 1_000_000),
        max_job_cells=env_int("OPENDIAS_MAX_JOB_CELLS", 2_000_000_000),
    )
