"""NetCDF outputs pass the CF checker (issue 11, section 4): IOOS compliance-checker
`cf:1.8` finds nothing of high priority in what the service writes from every sample and
real dataset of the test catalogue (NetCDF, GRIB, GeoTIFF sources; coverages, EDR and the
processes' results: regridding, spatial and temporal statistics), run in this process (one
checker load, about a second per file); and the facts behind it, checked on values."""

from __future__ import annotations

import json

import netCDF4
import numpy as np
import pytest
import xarray as xr

BOXES = {"med-sst-l4": "bbox=12,40,14,42&datetime=2016-03-01/2016-03-02",
         "era5-single-levels": "bbox=5,45,10,50", "med-physics": "bbox=12,38,14,40",
         "clms-ndvi-italy": "bbox=12.8,41.8,13,42", "cams-europe-pm2p5": "bbox=5,45,8,48",
         "real-cmems-ibi-thetao": "", "real-cmems-arco-thetao": "", "real-era5-grib": "",
         "real-clms-forest-type": "bbox=14.3,35.8,14.4,35.9"}


def _findings(path) -> list:
    """compliance-checker cf:1.8's failed checks of high priority, as (name, messages)."""
    from compliance_checker.runner import CheckSuite, ComplianceChecker

    CheckSuite.load_all_available_checkers()
    out = path.with_suffix(".cf.json")
    ComplianceChecker.run_checker(str(path), ["cf:1.8"], 0, "normal",
                                  output_filename=str(out), output_format="json")
    report = json.loads(out.read_text())["cf:1.8"]
    return [(r["name"], r["msgs"]) for r in report["high_priorities"]
            if r["value"][0] < r["value"][1]]


@pytest.fixture(scope="module")
def coverages(client, tmp_path_factory):
    folder = tmp_path_factory.mktemp("cf")
    paths = {}
    for dataset, query in BOXES.items():
        resp = client.get(f"/collections/{dataset}/coverage?f=netcdf&{query}")
        assert resp.status_code == 200, (dataset, resp.get_data(as_text=True)[:300])
        paths[dataset] = folder / f"{dataset}.nc"
        paths[dataset].write_bytes(resp.data)
    for name, path in {"position": "/collections/med-physics/position?coords=POINT(13 39)"
                                   "&f=netcdf",
                       "area": "/collections/clms-ndvi-italy/area?f=netcdf&coords=POLYGON(("
                               "12.8 41.8,13 41.8,13 42,12.8 42,12.8 41.8))"}.items():
        resp = client.get(path)
        assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
        paths[name] = folder / f"{name}.nc"
        paths[name].write_bytes(resp.data)
    return paths


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    """What the processes write (the writer of processes/running.py, as a job does)."""
    from opendias.catalogue import load_catalogue
    from opendias.datacube import open_cube
    from opendias.operations import formats, regrid, statistics, temporal

    folder = tmp_path_factory.mktemp("cf-results")
    sst = open_cube(load_catalogue().get("med-sst-l4"))
    ndvi = open_cube(load_catalogue().get("clms-ndvi-italy"))
    made = {
        "monthly-mean": (sst, temporal.temporal_statistics(sst, frequency="day", stat="mean")),
        "fldmean": (sst, statistics.spatial_statistics(sst, stats=["mean", "max"],
                                                       bbox="12,40,14,42")),
        "conservative": (sst, regrid.regrid(sst, method="conservative", resolution=0.5,
                                            bbox=[12, 40, 16, 44])),
        "ndvi-lonlat": (ndvi, regrid.regrid(ndvi, method="nearest", resolution=0.01,
                                            bbox=[12.6, 41.6, 13.0, 42.0])),
    }
    paths = {}
    for name, (cube, ds) in made.items():
        paths[name] = formats.write_output(cube, ds, "netcdf", folder / f"{name}.nc")
    return paths


@pytest.mark.parametrize("name", [*BOXES, "position", "area"])
def test_coverages_pass_cf_18(coverages, name):
    assert _findings(coverages[name]) == []
    with xr.open_dataset(coverages[name], decode_times=False) as ds:
        assert ds.attrs["Conventions"].startswith("CF-1.8")
        assert ds.attrs["title"].strip()


@pytest.mark.parametrize("name", ["monthly-mean", "fldmean", "conservative", "ndvi-lonlat"])
def test_process_results_pass_cf_18(results, name):
    assert _findings(results[name]) == []


def test_grib_time_is_the_valid_time_with_standard_names(coverages, real_data):
    with xr.open_dataset(real_data / "cfgrib_era5-single-level-scalar-time.grib",
                         engine="cfgrib", backend_kwargs={"indexpath": ""}) as src, \
            xr.open_dataset(coverages["real-era5-grib"]) as out:
        assert out["time"].values == src["valid_time"].values
        assert out["forecast_reference_time"].values == src["time"].values
        assert out["time"].attrs["standard_name"] == "time"
        assert out["t2m"].attrs["standard_name"] == "air_temperature"
        np.testing.assert_array_equal(out["t2m"].values, src["t2m"].values)
    with netCDF4.Dataset(coverages["real-era5-grib"]) as nc:
        assert nc["time"].dtype == np.float64 and nc["number"].dtype == np.int32


def test_geotiff_as_netcdf_keeps_its_byte_packing(coverages, data_dir):
    """Byte values stored as signed bytes with _Unsigned (CF 1.8 has no unsigned types):
    every reader gets the source's digital numbers back, scaled with float packing."""
    import rioxarray

    with netCDF4.Dataset(coverages["clms-ndvi-italy"]) as nc:
        var = nc["NDVI"]
        assert var.dtype == np.int8 and var.getncattr("_Unsigned") == "true"
        assert var.scale_factor.dtype == np.float32 and var.add_offset.dtype == np.float32
        assert nc["x"].standard_name == "projection_x_coordinate" and nc["x"].units == "m"
        assert var.grid_mapping == "spatial_ref" and var.units == "1"
    src = rioxarray.open_rasterio(data_dir / "c_gls_NDVI300_202006010000_IT_synthetic.tif",
                                  mask_and_scale=False).isel(band=0)
    with xr.open_dataset(coverages["clms-ndvi-italy"], mask_and_scale=False) as out:
        stored = out["NDVI"]
        expected = src.sel(x=stored["x"], y=stored["y"]).values
    with xr.open_dataset(coverages["clms-ndvi-italy"]) as out:
        assert stored.dtype == np.int8
        np.testing.assert_array_equal(stored.values.view(np.uint8), expected)
        np.testing.assert_allclose(out["NDVI"].values, np.where(
            expected == 255, np.nan, expected * np.float32(0.004) - np.float32(0.08)),
            rtol=1e-6, atol=1e-6)
        assert (expected == 255).any() and np.isnan(out["NDVI"].values[expected == 255]).all()
    with netCDF4.Dataset(coverages["real-clms-forest-type"]) as nc:  # scale 1, offset 0
        assert not {"scale_factor", "add_offset"} & set(nc["band_1"].ncattrs())


def test_statistics_bounds_and_cell_methods(results):
    with netCDF4.Dataset(results["monthly-mean"]) as nc:
        assert "_FillValue" not in nc["time_bnds"].ncattrs()
        for name in ("time", "lat", "lon"):
            assert "_FillValue" not in nc[name].ncattrs()
        assert nc["analysed_sst"].cell_methods == "time: mean"
    with netCDF4.Dataset(results["conservative"]) as nc:
        assert nc["analysed_sst"].cell_methods == "area: mean"


def test_cell_method_is_appended_once():
    from opendias.operations.provenance import add_cell_method

    assert add_cell_method({"cell_methods": "area: mean"}, "area: mean") == \
        {"cell_methods": "area: mean"}
    assert add_cell_method({"cell_methods": "time: mean area: mean"}, "area: mean") == \
        {"cell_methods": "time: mean area: mean"}
    assert add_cell_method({"cell_methods": "area: mean"}, "time: maximum") == \
        {"cell_methods": "area: mean time: maximum"}


def test_conventions_name_the_version_met():
    from opendias.operations.cf import conventions

    assert conventions("CF-1.7") == "CF-1.8"
    assert conventions("CF-1.6 ACDD-1.3") == "CF-1.8 ACDD-1.3"
    assert conventions(None) == "CF-1.8"
    assert conventions("COARDS") == "CF-1.8 COARDS"
