"""GDAL 3.6's OGC API driver (what QGIS uses) against gunicorn, for every dataset and both
APIs, with pixels compared with the source; GeoTIFFs that keep what the source had
(bands, north-up, type, nodata, palette, RGB); scaling; Range on coverage files
(GDAL /vsicurl/, netCDF #mode=bytes)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pyproj
import pytest
import rasterio
import requests
import xarray as xr

from opendias.catalogue import load_catalogue

pytestmark = pytest.mark.skipif(shutil.which("gdalinfo") is None, reason="needs gdal-bin")
GDAL_ENV = {"PATH": "/usr/bin:/bin", "GDAL_HTTP_TIMEOUT": "120", "CPL_VSIL_CURL_CACHE_SIZE": "0",
            # the map API's WMS tiles: in the test home (conftest), not the working directory
            "GDAL_DEFAULT_WMS_CACHE_PATH": os.environ["GDAL_DEFAULT_WMS_CACHE_PATH"]}
DATASETS = [entry.id for entry in load_catalogue()]


def _gdal(*args, check=True) -> subprocess.CompletedProcess:
    done = subprocess.run(args, capture_output=True, text=True, env=GDAL_ENV, timeout=300)
    if check:
        assert done.returncode == 0, done.stderr[-2000:]
    return done


@pytest.mark.parametrize("api", ["COVERAGE", "MAP"])
@pytest.mark.parametrize("dataset", DATASETS)
def test_gdalinfo_opens_every_dataset(live_server, dataset, api):
    url = f"{live_server.url}/collections/{dataset}"
    info = json.loads(_gdal("gdalinfo", "-json", "-oo", f"API={api}", f"OGCAPI:{url}").stdout)
    if api == "COVERAGE":
        domain = requests.get(f"{url}/coverage/domainset", timeout=60).json()["generalGrid"]
        fields = requests.get(f"{url}/coverage/rangetype", timeout=60).json()["field"]
        assert len(info["bands"]) == len(fields) >= 1
        lon, lat = domain["axis"]
        assert info["size"] == [round((lon["upperBound"] - lon["lowerBound"]) / lon["resolution"]),
                                round((lat["upperBound"] - lat["lowerBound"]) / lat["resolution"])]
        assert info["geoTransform"][0] == pytest.approx(lon["lowerBound"])
        assert info["geoTransform"][5] < 0
    else:
        assert [b["colorInterpretation"] for b in info["bands"]] == ["Red", "Green", "Blue",
                                                                      "Alpha"]
        # sized from the collection's scaleDenominator: about one pixel per cell (GDAL 3.6
        # widens the raster by up to 0.3%)
        doc = requests.get(f"{url}?f=json", timeout=60).json()
        _west, south, _east, north = doc["extent"]["spatial"]["bbox"][0]
        res = doc["scaleDenominator"] * 0.28e-3 / (6378137 * np.pi / 180)
        assert abs(info["size"][1] - (north - south) / res) <= 1
        assert info["size"][0] < 20_000


def test_gdal_translate_coverage_is_the_source(live_server, data_dir, tmp_path):
    """Lon/lat NetCDF, packed int16: GDAL's raster is the source's stored values, cell for
    cell, at the last time step."""
    out = tmp_path / "sst.tif"
    _gdal("gdal_translate", "-oo", "API=COVERAGE", "-projwin", "5", "43", "15", "36",
          f"OGCAPI:{live_server.url}/collections/med-sst-l4", str(out))
    src = xr.open_dataset(data_dir / "SST_MED_SST_L4_REP_OBSERVATIONS_010_021.nc",
                          mask_and_scale=False).analysed_sst.isel(time=-1)
    with rasterio.open(out) as tif:
        got = tif.read(1)
        t = tif.transform
        lons = t.c + t.a * (np.arange(tif.width) + 0.5)
        lats = t.f + t.e * (np.arange(tif.height) + 0.5)
    assert got.dtype == np.int16 and got.shape[0] > 100 and got.shape[1] > 200
    expected = src.sel(lon=lons, lat=lats, method="nearest").values
    np.testing.assert_array_equal(got, expected)
    assert (got != -32768).sum() > got.size / 3  # sea cells, not only fill values


def test_gdal_translate_global_0_360_dataset_across_greenwich(live_server, data_dir,
                                                              tmp_path):
    """ERA5 (longitudes 0..360) is published in -180..180: a box across 0 E reads both
    sides of the source's seam; four packed int16 variables, one band each."""
    out = tmp_path / "era5.tif"
    _gdal("gdal_translate", "-oo", "API=COVERAGE", "-projwin", "-10", "50", "10", "40",
          f"OGCAPI:{live_server.url}/collections/era5-single-levels", str(out))
    src = xr.open_dataset(data_dir / "reanalysis-era5-single-levels_2020-01.nc",
                          mask_and_scale=False).isel(time=-1)
    with rasterio.open(out) as tif:
        t = tif.transform
        lons = t.c + t.a * (np.arange(tif.width) + 0.5)
        lats = t.f + t.e * (np.arange(tif.height) + 0.5)
        names = [n for n in src.data_vars if {"longitude", "latitude"} <= set(src[n].dims)]
        assert tif.count == len(names) >= 2
        for band, name in enumerate(names, start=1):
            expected = src[name].sel(longitude=np.mod(lons, 360), latitude=lats,
                                     method="nearest").values
            np.testing.assert_array_equal(tif.read(band), expected)


def test_gdal_translate_projected_coverage_in_lonlat(live_server, real_data, tmp_path):
    """A LAEA Byte GeoTIFF through GDAL: lon/lat pixels, each the source pixel (nearest)
    under its centre."""
    out = tmp_path / "fty.tif"
    _gdal("gdal_translate", "-oo", "API=COVERAGE",
          f"OGCAPI:{live_server.url}/collections/real-clms-forest-type", str(out))
    with rasterio.open(out) as tif, \
            rasterio.open(real_data / "fty_2018_100m_eu_03035_v0_1.tif") as src:
        got = tif.read(1)
        t = tif.transform
        lon, lat = np.meshgrid(t.c + t.a * (np.arange(tif.width) + 0.5),
                               t.f + t.e * (np.arange(tif.height) + 0.5))
        x, y = pyproj.Transformer.from_crs("OGC:CRS84", "EPSG:3035",
                                           always_xy=True).transform(lon, lat)
        rows, cols = rasterio.transform.rowcol(src.transform, x.ravel(), y.ravel())
        rows, cols = np.asarray(rows), np.asarray(cols)
        inside = (rows >= 0) & (rows < src.height) & (cols >= 0) & (cols < src.width)
        raw = src.read(1)
    assert tif.dtypes == ("uint8",)
    assert inside.mean() > 0.8
    np.testing.assert_array_equal(got.ravel()[inside], raw[rows[inside], cols[inside]])
    assert set(np.unique(got.ravel()[inside])) <= {0, 1, 2, 3, 255}


def test_gdal_translate_map(live_server, tmp_path):
    out = tmp_path / "map.png"
    _gdal("gdal_translate", "-of", "PNG", "-oo", "API=MAP", "-outsize", "256", "0",
          f"OGCAPI:{live_server.url}/collections/med-sst-l4", str(out))
    with rasterio.open(out) as png:
        rgba = png.read()
    assert rgba.shape[0] == 4 and rgba.shape[2] == 256
    assert 0.3 < (rgba[3] == 255).mean() < 0.95  # the sea drawn, the land transparent


def test_qgis_loads_the_ogcapi_layer(live_server):
    """QGIS 3.22 (Debian's python3-qgis, system Python) opens a collection as a GDAL layer."""
    probe = subprocess.run(["/usr/bin/python3", "-c", "import qgis.core"],
                           capture_output=True, timeout=120)
    if probe.returncode != 0:
        pytest.skip("python3-qgis is not installed")
    script = (
        "import sys\nfrom qgis.core import QgsApplication, QgsRasterLayer\n"
        "app = QgsApplication([], False); app.initQgis()\n"
        "layer = QgsRasterLayer(sys.argv[1], 'sst', 'gdal')\n"
        "print(layer.isValid(), layer.bandCount(), layer.width(), layer.height())\n")
    done = subprocess.run(["/usr/bin/python3", "-c", script,
                           f"OGCAPI:{live_server.url}/collections/med-sst-l4"],
                          capture_output=True, text=True, timeout=300,
                          env={**GDAL_ENV, "QT_QPA_PLATFORM": "offscreen", "HOME": "/tmp"})
    assert done.stdout.split()[:4] == ["True", "2", "1306", "379"], done.stderr[-2000:]


# -- GeoTIFF out -----------------------------------------------------------------------------

def _tif(client, query: str, tmp_path, name="out.tif"):
    r = client.get(query)
    assert r.status_code == 200, r.data[:500]
    (tmp_path / name).write_bytes(r.data)
    return rasterio.open(tmp_path / name)


def test_geotiff_one_band_per_variable_and_step(client, data_dir, tmp_path):
    src = xr.open_dataset(data_dir / "SST_MED_SST_L4_REP_OBSERVATIONS_010_021.nc",
                          mask_and_scale=False).sel(lon=slice(12, 13), lat=slice(40, 41),
                                                    time=slice("2016-03-01", "2016-03-02"))
    with _tif(client, "/collections/med-sst-l4/coverage?bbox=12,40,13,41&f=geotiff"
                      "&datetime=2016-03-01/2016-03-02", tmp_path) as tif:
        assert tif.count == 4 and tif.dtypes == ("int16",) * 4 and tif.nodata == -32768
        assert tif.descriptions == ("analysed_sst time=2016-03-01T00:00:00",
                                    "analysed_sst time=2016-03-02T00:00:00",
                                    "analysis_error time=2016-03-01T00:00:00",
                                    "analysis_error time=2016-03-02T00:00:00")
        assert tif.units == ("kelvin",) * 4
        assert tif.transform.e < 0 and tif.transform.f == pytest.approx(41 + 1 / 48, abs=1e-3)
        sst = src.analysed_sst
        assert tif.scales[0] == pytest.approx(sst.attrs["scale_factor"])
        assert tif.offsets[0] == pytest.approx(sst.attrs["add_offset"])
        for band, (var, step) in enumerate([(v, s) for v in ("analysed_sst", "analysis_error")
                                            for s in range(2)], start=1):
            expected = src[var].isel(time=step).values[::-1]  # north-up
            np.testing.assert_array_equal(tif.read(band), expected)


def test_geotiff_rgb_stays_rgb(tmp_path):
    """A 3-band RGB GeoTIFF (tests/data/rgb, read as a catalogue dataset of its own) comes
    back as one 3-band RGB GeoTIFF of the same pixels."""
    import yaml

    from opendias.catalogue import Catalogue
    from opendias.datacube import open_cube
    from opendias.operations.formats import write_output
    from opendias.operations.subset import subset_cube

    path = Path(__file__).parent / "data" / "rgb" / "rgb_quicklook_4326.tif"
    (tmp_path / "catalogue.yml").write_text(yaml.safe_dump({"datasets": [{
        "id": "test-rgb", "dataset_id": "EO:TEST:DAT:RGB", "title": "RGB", "abstract": "RGB",
        "service": "CLMS", "source": {"path": str(path), "format": "geotiff"}}]}))
    cube = open_cube(Catalogue.from_file(tmp_path / "catalogue.yml", tmp_path).get("test-rgb"))
    write_output(cube, subset_cube(cube), "geotiff", tmp_path / "out.tif")
    with rasterio.open(tmp_path / "out.tif") as tif, rasterio.open(path) as src:
        assert tif.count == 3 and tif.dtypes == ("uint8",) * 3
        assert [c.name for c in tif.colorinterp] == ["red", "green", "blue"]
        assert tif.transform.almost_equals(src.transform)
        np.testing.assert_array_equal(tif.read(), src.read())


def test_scaling_is_nearest_neighbour(client, data_dir, tmp_path):
    src = xr.open_dataset(data_dir / "SST_MED_SST_L4_REP_OBSERVATIONS_010_021.nc",
                          mask_and_scale=False).analysed_sst.isel(time=0)
    q = ("/collections/med-sst-l4/coverage?f=geotiff&properties=analysed_sst"
         "&datetime=2016-03-01&subset=Lon(10:14),Lat(38:40)")
    for scaling, shape in (("scale-size=Lon(40),Lat(20)", (20, 40)),
                           ("scaleSize=Lon(40),Lat(20)", (20, 40)),
                           ("width=8&height=4", (4, 8)), ("scale-factor=4", (12, 24)),
                           ("scale-size=Lon(1),Lat(1)", (1, 1))):
        with _tif(client, f"{q}&{scaling}", tmp_path) as tif:
            assert (tif.height, tif.width) == shape
            assert tif.bounds == pytest.approx((10, 38, 14, 40))
            t = tif.transform
            lons = t.c + t.a * (np.arange(tif.width) + 0.5)
            lats = t.f + t.e * (np.arange(tif.height) + 0.5)
            np.testing.assert_array_equal(
                tif.read(1), src.sel(lon=lons, lat=lats, method="nearest").values)


@pytest.mark.parametrize("query,words", [
    ("scale-size=Lon(0),Lat(10)", ["1 to"]),
    ("scale-size=Lon(ten)", ["whole number"]),
    ("scale-size=Lon(10", ["axis(value)"]),
    ("scale-factor=-2", ["positive"]),
    ("scale-size=depth(3)", ["not a horizontal axis"]),
    ("scale-factor=2&width=10", ["one way of scaling"]),
    ("scale-factor=nan", ["positive"]),
])
def test_bad_scaling_is_400(client, query, words):
    r = client.get(f"/collections/med-sst-l4/coverage?f=geotiff&{query}")
    assert r.status_code == 400, r.data[:300]
    detail = r.get_json()["detail"]
    assert all(w in detail for w in words), detail


def test_too_many_scaled_cells_is_413(client):
    r = client.get("/collections/clms-ndvi-italy/coverage?f=geotiff"
                   "&scale-size=Lon(16384),Lat(16384)")
    assert r.status_code == 413, r.data[:300]
    assert "16384 x 16384" in r.get_json()["detail"]
    r = client.get("/collections/med-sst-l4/coverage?f=geotiff&scale-factor=1e-300")
    assert r.status_code == 413, r.data[:300]


# -- Range -----------------------------------------------------------------------------------

def test_coverage_files_honour_range(live_server):
    url = (f"{live_server.url}/collections/med-sst-l4/coverage?f=netcdf&bbox=12,40,13,41"
           "&datetime=2016-03-01")
    whole = requests.get(url, timeout=60)
    assert whole.status_code == 200 and whole.headers["Accept-Ranges"] == "bytes"
    size = len(whole.content)
    assert int(whole.headers["Content-Length"]) == size
    part = requests.get(url, headers={"Range": "bytes=100-199"}, timeout=60)
    assert part.status_code == 206
    assert part.headers["Content-Range"] == f"bytes 100-199/{size}"
    assert part.content == whole.content[100:200]
    assert part.headers["ETag"] == whole.headers["ETag"]
    tail = requests.get(url, headers={"Range": "bytes=-10"}, timeout=60)
    assert tail.status_code == 206 and tail.content == whole.content[-10:]
    bad = requests.get(url, headers={"Range": f"bytes={size + 10}-"}, timeout=60)
    assert bad.status_code == 416
    streamed = requests.get(url.replace("f=netcdf", "f=csv"), timeout=60)
    assert streamed.status_code == 200 and "Accept-Ranges" not in streamed.headers


def test_vsicurl_and_netcdf_byte_ranges(live_server, data_dir, tmp_path):
    url = (f"{live_server.url}/collections/med-sst-l4/coverage?bbox=12,40,13,41"
           "&datetime=2016-03-01&properties=analysed_sst")
    done = _gdal("gdalinfo", "-checksum", f"/vsicurl/{url}&f=geotiff")
    assert "Range downloading not supported" not in done.stderr
    (tmp_path / "whole.tif").write_bytes(requests.get(f"{url}&f=geotiff", timeout=60).content)
    expected = _gdal("gdalinfo", "-checksum", str(tmp_path / "whole.tif")).stdout
    assert done.stdout.split("Checksum=")[1].split()[0] == \
        expected.split("Checksum=")[1].split()[0]
    remote = xr.open_dataset(f"{url}&f=netcdf#mode=bytes", engine="netcdf4")
    src = xr.open_dataset(data_dir / "SST_MED_SST_L4_REP_OBSERVATIONS_010_021.nc").sel(
        lon=slice(12, 13), lat=slice(40, 41), time=slice("2016-03-01", "2016-03-01"))
    np.testing.assert_array_equal(remote.analysed_sst.values, src.analysed_sst.values)
    remote.close()
