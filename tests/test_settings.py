"""One settings object (opendias.config): every OPENDIAS_* variable, its default and
derivations, float notation for integers, a clear error naming a bad variable, and
`opendias config` printing every setting."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from opendias.config import PACKAGE_DIR, Settings, get_settings

SETTINGS = ("home", "data_dir", "catalogue_path", "base_url", "max_sync_cells",
            "max_json_cells", "max_job_cells", "database_url", "results_dir", "retention",
            "dask_scheduler", "dask_workers", "dask_threads", "pygeoapi_config", "wps_config",
            "wps_database_url", "secret_key", "access_token_ttl", "refresh_token_ttl",
            "plans_path", "host", "port", "workers", "threads", "anonymous", "cors_origins",
            "access_log", "results_disk_reserve", "session_ttl", "hda_prefix", "dask_memory_limit",
            "job_attempts", "results_quota", "cds_prefix", "sync_time_limit", "sync_concurrency",
            "sync_heavy_cells", "smtp_host", "smtp_port", "smtp_starttls", "smtp_user", "smtp_password",
            "smtp_from", "smtp_to", "support_per_hour", "basemap_tiles", "basemap_attribution",
            "answer_cache_bytes", "answer_cache_seconds", "openeo_prefix",
            "s3_endpoint", "results_url", "results_presign_ttl")


@pytest.fixture()
def clean_env(monkeypatch, tmp_path):
    for name in list(os.environ):
        if name.upper().startswith("OPENDIAS_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return monkeypatch


def test_every_setting_is_a_field():
    assert set(Settings.model_fields) == set(SETTINGS)


def test_defaults_and_derivations(clean_env, tmp_path):
    s = get_settings()
    home = (tmp_path / "var").resolve()
    assert s.home == home and s.data_dir == home / "data"
    assert s.catalogue_path == (PACKAGE_DIR / "catalogue.yml").resolve()
    assert s.base_url == "http://localhost:5000"
    assert (s.max_sync_cells, s.max_json_cells, s.max_job_cells) == (
        200_000_000, 1_000_000, 2_000_000_000)
    assert s.database_url == f"sqlite:///{home / 'jobs.sqlite'}"
    assert s.wps_database_url == f"sqlite:///{home / 'pywps.sqlite'}"
    assert s.results_dir == home / "results" and s.retention == 7 * 24 * 3600
    assert s.dask_scheduler == "" and s.dask_threads == 1
    assert s.dask_workers == max(2, os.cpu_count() or 2)
    assert s.pygeoapi_config == PACKAGE_DIR.parent / "pygeoapi-config.yml"
    assert s.wps_config == PACKAGE_DIR.parent / "wps.cfg"
    assert (s.host, s.port, s.workers, s.threads) == ("0.0.0.0", 5000, 2, 4)
    assert s.runtime_dir == home / "runtime" and s.tmp_dir == home / "tmp"
    assert s.secret_key is None  # generated once into runtime/secret.key when needed
    assert (s.access_token_ttl, s.refresh_token_ttl) == (3600, 30 * 24 * 3600)
    assert s.plans_path == (PACKAGE_DIR / "plans.yml").resolve()


def test_heavy_requests_leave_a_thread_to_cheap_ones(clean_env):
    s = get_settings()
    assert (s.sync_time_limit, s.sync_concurrency) == (300.0, 2)  # half of the 4 threads
    for threads, asked, slots in (("2", "", 1), ("8", "", 4), ("4", "9", 3), ("1", "", 1)):
        clean_env.setenv("OPENDIAS_THREADS", threads)
        clean_env.setenv("OPENDIAS_SYNC_CONCURRENCY", asked)
        assert get_settings().sync_concurrency == slots, (threads, asked)
    clean_env.setenv("OPENDIAS_SYNC_TIME_LIMIT", "-1")
    with pytest.raises(RuntimeError, match="OPENDIAS_SYNC_TIME_LIMIT"):
        get_settings()


def test_environment(clean_env, tmp_path):
    clean_env.setenv("OPENDIAS_HOME", str(tmp_path / "h"))
    clean_env.setenv("OPENDIAS_CATALOGUE", "cat.yml")
    clean_env.setenv("OPENDIAS_BASE_URL", "https://example.org/dias/")
    clean_env.setenv("OPENDIAS_MAX_JOB_CELLS", "2e9")
    clean_env.setenv("OPENDIAS_RESULTS_RETENTION", "60")
    clean_env.setenv("OPENDIAS_DASK_SCHEDULER", " tcp://h:8786 ")
    clean_env.setenv("OPENDIAS_DATA_DIR", "")  # empty: the default
    clean_env.setenv("OPENDIAS_PORT", "8080")
    s = get_settings()
    assert s.home == tmp_path / "h" and s.data_dir == tmp_path / "h" / "data"
    assert s.catalogue_path == tmp_path / "cat.yml"
    assert s.base_url == "https://example.org/dias"
    assert s.max_job_cells == 2_000_000_000 and isinstance(s.max_job_cells, int)
    assert s.retention == 60 and s.port == 8080
    assert s.dask_scheduler == "tcp://h:8786"
    assert s.database_url == f"sqlite:///{tmp_path / 'h' / 'jobs.sqlite'}"
    # read anew when the environment changes
    clean_env.setenv("OPENDIAS_RESULTS_DIR", str(tmp_path / "r"))
    assert get_settings().results_dir == tmp_path / "r"
    with pytest.raises(Exception):
        s.home = Path("/")  # frozen


@pytest.mark.parametrize("name,value", [("OPENDIAS_MAX_JOB_CELLS", "lots"),
                                        ("OPENDIAS_RESULTS_RETENTION", "1.5x"),
                                        ("OPENDIAS_PORT", "nan")])
def test_bad_integer_names_the_variable(clean_env, name, value):
    clean_env.setenv(name, value)
    with pytest.raises(RuntimeError, match=f"^{name} must be an integer, got '{value}'$"):
        get_settings()


def test_cli_config_prints_every_setting(tmp_path):
    env = {**os.environ, "OPENDIAS_HOME": str(tmp_path), "OPENDIAS_MAX_JOB_CELLS": "3e6"}
    out = subprocess.run([sys.executable, "-m", "opendias.cli", "config"], env=env,
                         capture_output=True, text=True, timeout=120, check=True).stdout
    printed = dict(line.split(": ", 1) for line in out.splitlines())
    assert set(printed) == {*SETTINGS, "runtime_dir", "tmp_dir"}
    assert printed["home"] == str(tmp_path) and printed["max_job_cells"] == "3000000"


def test_cli_config_masks_database_passwords(tmp_path):
    env = {**os.environ, "OPENDIAS_HOME": str(tmp_path),
           "OPENDIAS_DATABASE_URL": "postgresql+psycopg://opendias:s3cret@db:5432/jobs",
           "OPENDIAS_WPS_DATABASE_URL": "postgresql://wps:an0ther@db/wps"}
    out = subprocess.run([sys.executable, "-m", "opendias.cli", "config"], env=env,
                         capture_output=True, text=True, timeout=120, check=True).stdout
    assert "s3cret" not in out and "an0ther" not in out
    printed = dict(line.split(": ", 1) for line in out.splitlines())
    assert printed["database_url"] == "postgresql+psycopg://opendias:***@db:5432/jobs"
    assert printed["wps_database_url"] == "postgresql://wps:***@db/wps"


def test_serve_defaults_from_settings(clean_env):
    from opendias.cli import build_parser

    clean_env.setenv("OPENDIAS_PORT", "5050")
    clean_env.setenv("OPENDIAS_THREADS", "8")
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.workers, args.threads) == ("0.0.0.0", 5050, 2, 8)


def test_basemap_tiles_is_a_tile_template_or_empty(clean_env, monkeypatch):
    monkeypatch.setenv("OPENDIAS_BASEMAP_TILES", "https://tiles.example.org/{z}/{x}/{y}.png")
    assert Settings().basemap_tiles == "https://tiles.example.org/{z}/{x}/{y}.png"
    for wrong in ("tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org/a.png"):
        monkeypatch.setenv("OPENDIAS_BASEMAP_TILES", wrong)
        with pytest.raises(ValueError, match="OPENDIAS_BASEMAP_TILES must be"):
            Settings()
