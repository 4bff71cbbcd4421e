"""The service as an operator and a client meet it: sample data, the CLI, gunicorn on
loopback, OWSLib as a client, CF compliance of what is written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import requests
import xarray as xr

BIN = Path(sys.executable).parent


def _cf_failures(path: Path, suite: str = "cf:1.7") -> tuple[int, int, list]:
    out = path.with_suffix(".cf.json")
    subprocess.run([str(BIN / "compliance-checker"), f"--test={suite}", "-f", "json", "-o",
                    str(out), str(path)], check=False, capture_output=True, timeout=300)
    report = json.loads(out.read_text())[suite]
    failed = [(x["name"], x["msgs"]) for k in ("high_priorities", "medium_priorities")
              for x in report[k] if x["value"][0] < x["value"][1]]
    return report["scored_points"], report["possible_points"], failed


@pytest.mark.parametrize("name", [
    "SST_MED_SST_L4_REP_OBSERVATIONS_010_021.nc", "reanalysis-era5-single-levels_2020-01.nc",
    "MEDSEA_MULTIYEAR_PHY_006_004_daily.nc",
    "cams-europe-air-quality/cams_europe_pm2p5_analysis_20210101.nc"])
def test_sample_data_is_cf_compliant(data_dir, name):
    scored, possible, failed = _cf_failures(data_dir / name)
    assert failed == [] and scored == possible


def test_sample_data_has_the_products_shape(data_dir):
    raw = xr.open_dataset(data_dir / "SST_MED_SST_L4_REP_OBSERVATIONS_010_021.nc",
                          mask_and_scale=False)
    sst = raw.analysed_sst
    assert sst.dims == ("time", "lat", "lon") and sst.dtype == np.int16
    assert sst.attrs["scale_factor"] == pytest.approx(0.01)
    assert sst.attrs["_FillValue"] == -32768
    assert float(raw.lat[0]) == pytest.approx(30.25) and float(raw.lat[-1]) == pytest.approx(46)
    assert float(raw.lon[0]) == pytest.approx(-18.125)
    assert float(raw.lon[-1]) == pytest.approx(36.25)
    assert float(raw.lon[1] - raw.lon[0]) == pytest.approx(1 / 24, abs=1e-6)
    decoded = xr.open_dataset(data_dir / "SST_MED_SST_L4_REP_OBSERVATIONS_010_021.nc")
    day = decoded.analysed_sst.isel(time=0)
    # land masked (Sicily, inland Spain), sea valid and plausible
    assert np.isnan(float(day.sel(lon=14.0, lat=37.5, method="nearest")))
    assert np.isnan(float(day.sel(lon=-3.7, lat=40.4, method="nearest")))
    sea = float(day.sel(lon=18.0, lat=35.0, method="nearest"))
    assert 285 < sea < 295
    era5 = xr.open_dataset(data_dir / "reanalysis-era5-single-levels_2020-01.nc")
    assert era5.latitude.values[0] == 90 and era5.latitude.values[-1] == -90
    assert era5.longitude.values[0] == 0 and era5.longitude.values[-1] == 359.75
    assert set(era5.data_vars) == {"t2m", "tp", "u10", "v10"}


def test_netcdf_output_is_cf_compliant(client, tmp_path):
    r = client.get("/collections/med-physics/coverage?bbox=14,38,16,40&datetime=2020-01-02"
                   "&f=netcdf")
    path = tmp_path / "physics.nc"
    path.write_bytes(r.data)
    scored, possible, failed = _cf_failures(path, "cf:1.8")  # the version outputs name
    assert failed == [], failed


def test_cli_datasets_and_config(tmp_path):
    out = subprocess.run([sys.executable, "-m", "opendias.cli", "datasets"],
                         capture_output=True, text=True, timeout=120, check=True).stdout
    lines = {line.split()[0]: line for line in out.splitlines()}
    assert "analysed_sst,analysis_error" in lines["med-sst-l4"]
    assert "2016-03-01..2016-03-06" in lines["med-sst-l4"]
    assert "UNAVAILABLE" not in out
    out = subprocess.run([sys.executable, "-m", "opendias.cli", "sample-data", "--out",
                          str(tmp_path), "--only", "ndvi"], capture_output=True, text=True,
                         timeout=120, check=True).stdout
    made = json.loads(out)
    assert Path(made["ndvi"]).exists() and list(made) == ["ndvi"]


def test_gunicorn_streams_netcdf(live_server, data_dir, tmp_path):
    url = (f"{live_server.url}/collections/med-sst-l4/coverage?bbox=12,40,20,46"
           "&datetime=2016-03-01/2016-03-03&properties=analysed_sst&f=netcdf")
    with requests.get(url, stream=True, timeout=120) as r:
        assert r.status_code == 200
        assert r.headers["Content-Type"].startswith("application/x-netcdf")
        path = tmp_path / "sst.nc"
        with open(path, "wb") as fh:
            for block in r.iter_content(1 << 16):
                fh.write(block)
    assert path.stat().st_size == int(r.headers["Content-Length"])
    out = xr.open_dataset(path)
    src = xr.open_dataset(data_dir / "SST_MED_SST_L4_REP_OBSERVATIONS_010_021.nc")
    expected = src.analysed_sst.sel(lon=slice(12, 20), lat=slice(40, 46),
                                    time=slice("2016-03-01", "2016-03-03"))
    np.testing.assert_array_equal(out.analysed_sst.values, expected.values)
    r = requests.get(f"{live_server.url}/collections/med-sst-l4/coverage?bbox=1,2", timeout=30)
    assert r.status_code == 400 and "4 numbers" in r.json()["detail"]


def test_owslib_coverages_client(live_server, data_dir):
    from owslib.ogcapi.coverages import Coverages

    api = Coverages(live_server.url)
    assert "med-sst-l4" in api.coverages()
    data = api.coverage("med-sst-l4", properties=["analysed_sst"],
                        subset={"lat": (40, 40.1), "lon": (12, 12.2)},
                        datetime="2016-03-02/2016-03-02")
    cov = json.load(data)
    src = xr.open_dataset(data_dir / "SST_MED_SST_L4_REP_OBSERVATIONS_010_021.nc")
    expected = src.analysed_sst.sel(lon=slice(12, 12.2), lat=slice(40, 40.1), time="2016-03-02")
    np.testing.assert_allclose(np.array(cov["ranges"]["analysed_sst"]["values"], dtype=float),
                               expected.values.ravel(), atol=1e-5)
    schema = api.coverage_rangetype("med-sst-l4") if hasattr(api, "coverage_rangetype") else None
    del schema
