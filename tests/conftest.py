"""Test fixtures: one service configuration for the whole session.

At import, before anything imports pygeoapi (which reads its configuration once per
process), this makes a fresh OPENDIAS_HOME with the small sample data and a test catalogue
that holds every packaged sample dataset plus the real Copernicus files of
tests/data/real (CMEMS NetCDF, ERA5 GRIB, a Copernicus Land GeoTIFF; see its README).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
REAL_DATA = Path(os.environ.get("OPENDIAS_REAL_DATA") or REPO / "tests" / "data" / "real")
SAMPLE_CACHE = Path(os.environ.get("OPENDIAS_TEST_SAMPLE_CACHE")
                    or Path(tempfile.gettempdir()) / "opendias-test-sample-small")

HOME = Path(tempfile.mkdtemp(prefix="opendias-test-"))
DATA = HOME / "data"

REAL_DATASETS = [
    {"id": "real-cmems-ibi-thetao", "dataset_id": "EO:MO:DAT:IBI_MULTIYEAR_PHY_005_002",
     "title": "IBI reanalysis yearly thetao (real file)", "abstract": "Real CMEMS IBI file.",
     "service": "CMEMS", "area": "Iberia-Biscay-Ireland", "tags": ["ocean", "temperature"],
     "source": {"path": str(REAL_DATA / "cmems_ibi_phy_my_thetao_P1Y.nc")}},
    {"id": "real-cmems-arco-thetao", "dataset_id": "EO:MO:DAT:GLOBAL_ANALYSISFORECAST_PHY",
     "title": "Global thetao ARCO subset (real file)", "abstract": "Real CMEMS ARCO file.",
     "service": "CMEMS", "area": "Global", "tags": ["ocean"],
     "source": {"path": str(REAL_DATA / "ARCO_smaller_area_subset.nc")}},
    {"id": "real-era5-grib", "dataset_id": "EO:ECMWF:DAT:REANALYSIS_ERA5_SINGLE_LEVELS_GRIB",
     "title": "ERA5 2 m temperature GRIB (real file)", "abstract": "Real ERA5 GRIB1 file.",
     "service": "C3S", "area": "Europe", "tags": ["reanalysis"],
     "source": {"path": str(REAL_DATA / "cfgrib_era5-single-level-scalar-time.grib"),
                "format": "grib"}},
    {"id": "real-clms-forest-type", "dataset_id": "EO:CLMS:DAT:HRL_FOREST_TYPE_2018",
     "title": "HRL Forest Type 2018 100 m (real file)", "abstract": "Real CLMS GeoTIFF.",
     "service": "CLMS", "area": "Europe", "tags": ["land", "forest"],
     "source": {"path": str(REAL_DATA / "fty_2018_100m_eu_03035_v0_1.tif"),
                "format": "geotiff"}},
]


def _prepare() -> Path:
    from opendias import sample_data

    sample_data.generate(SAMPLE_CACHE, "small")
    shutil.copytree(SAMPLE_CACHE, DATA)
    packaged = yaml.safe_load((REPO / "opendias" / "catalogue.yml").read_text())
    missing = [d["source"]["path"] for d in REAL_DATASETS
               if not Path(d["source"]["path"]).exists()]
    if missing:  # never a smaller catalogue that lets the real-file tests pass unseen
        raise RuntimeError(f"real test files missing: {missing} (OPENDIAS_REAL_DATA)")
    datasets = packaged["datasets"] + REAL_DATASETS
    path = HOME / "catalogue-test.yml"
    path.write_text(yaml.safe_dump({"datasets": datasets}, sort_keys=False))
    return path


os.environ["OPENDIAS_HOME"] = str(HOME)
os.environ["OPENDIAS_DATA_DIR"] = str(DATA)
os.environ["OPENDIAS_CATALOGUE"] = str(_prepare())
os.environ.setdefault("OPENDIAS_BASE_URL", "http://localhost:5000")
# GDAL's WMS driver (the OGC API map tests, gdalinfo of WMS URLs) caches tiles in the working
# directory unless told: in the test home, so a run leaves nothing in the clone
os.environ["GDAL_DEFAULT_WMS_CACHE_PATH"] = str(HOME / "gdalwmscache")
# The tests of the fronts send no credentials: they run with every capability open to
# anonymous requests. The default policy (catalogue,maps) is tested in test_access.py, with
# servers of its own and by setting OPENDIAS_ANONYMOUS per test.
os.environ["OPENDIAS_ANONYMOUS"] = "catalogue,maps,subset,download,processes"


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def real_data() -> Path:
    if not REAL_DATA.exists():
        pytest.fail(f"real test files not found at {REAL_DATA} (set OPENDIAS_REAL_DATA)")
    return REAL_DATA


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def wsgi_app():
    from opendias.web.app import create_app

    return create_app()


@pytest.fixture(scope="session")
def client(wsgi_app):
    """A real HTTP client of the WSGI application (werkzeug's test client). It reads every
    answer whole and closes its body, as a WSGI server does (an answer left unread would
    otherwise hold what its body holds, e.g. a heavy slot of opendias.web.layers.sync_limits,
    for the rest of the session)."""
    from werkzeug.test import Client

    class ClosingClient(Client):
        def open(self, *args, buffered: bool = True, **kwargs):
            return super().open(*args, buffered=buffered, **kwargs)

    return ClosingClient(wsgi_app)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, timeout: float = 60.0, proc=None) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout}s")


class Server:
    """`opendias serve` (gunicorn) started on a loopback port, stopped on exit."""

    def __init__(self, workers: int = 2, env: dict | None = None, port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "OPENDIAS_BASE_URL": self.url, **(env or {})}
        self.workers = workers
        self.proc = None

    def start(self):
        cmd = [sys.executable, "-m", "opendias.cli", "serve", "--host", "127.0.0.1",
               "--port", str(self.port), "--workers", str(self.workers)]
        self.proc = subprocess.Popen(cmd, env=self.env, start_new_session=True)
        try:
            wait_for(self.url + "/conformance", proc=self.proc)
        except BaseException:  # never left running behind a failed start
            self.stop()
            raise
        return self

    def stop(self, sig=signal.SIGTERM):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, sig)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


@pytest.fixture(scope="session")
def live_server():
    """One gunicorn service with two workers for the whole session."""
    with Server(workers=2) as server:
        yield server


# -- the job most process tests run: Med SST, 5..10E 38..42N, 2016-03-01..02 ------------------

SST_JOB_INPUTS = {"dataset": "med-sst-l4", "bbox": [5, 38, 10, 42],
                  "datetime": "2016-03-01/2016-03-02", "variables": ["analysed_sst"]}


def expected_sst_job(data_dir: Path):
    """What SST_JOB_INPUTS select, read directly with xarray."""
    import xarray as xr

    src = xr.open_dataset(data_dir / "SST_MED_SST_L4_REP_OBSERVATIONS_010_021.nc")
    lat = slice(38, 42) if src.lat[0] < src.lat[-1] else slice(42, 38)
    return src["analysed_sst"].sel(lon=slice(5, 10), lat=lat,
                                   time=slice("2016-03-01", "2016-03-02T23:59:59")).load()


def final_job(url: str, timeout: float = 90.0) -> dict:
    """The status document of the job at `url` (over HTTP) once it is no longer accepted or
    running."""
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = requests.get(f"{url}?f=json", timeout=30).json()
        if job["status"] not in ("accepted", "running"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {url} not finished within {timeout}s: {job}")


def local_path(url: str) -> str:
    """A link of the in-process service as a path for the test client."""
    return url.replace(os.environ["OPENDIAS_BASE_URL"], "")


def add_jobs_from_processes(url: str, count: int) -> None:
    """`count` processes started together, each opening the job store at `url` (creating or
    migrating its schema) and adding a job; all of them must succeed."""
    code = ("import sys\nfrom opendias import jobs\n"
            "store = jobs.JobStore(sys.argv[1])\nstore.add(sys.argv[2], 'subset', {}, owner=None)")
    procs = [subprocess.Popen([sys.executable, "-c", code, url, f"job-{i}"],
                              stderr=subprocess.PIPE, text=True) for i in range(count)]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * count, errors


@pytest.fixture(scope="session")
def s3_server():
    """A real S3 server (SeaweedFS on loopback ports: tests/s3_server.py) for the session."""
    from s3_server import S3Server

    with S3Server() as server:
        yield server
