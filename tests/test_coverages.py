"""OGC API - Coverages and EDR through the real WSGI app, values checked against a direct
xarray selection of the same files."""

from __future__ import annotations

import json

import numpy as np
import pytest
import rasterio
import xarray as xr

SST = "SST_MED_SST_L4_REP_OBSERVATIONS_010_021.nc"
ERA5 = "reanalysis-era5-single-levels_2020-01.nc"


def _netcdf(resp, tmp_path, name="out.nc") -> xr.Dataset:
    assert resp.status_code == 200, resp.data[:500]
    assert resp.headers["Content-Type"].startswith("application/x-netcdf")
    assert int(resp.headers["Content-Length"]) == len(resp.data)
    path = tmp_path / name
    path.write_bytes(resp.data)
    return xr.open_dataset(path)


def _error(resp, status, *words):
    assert resp.status_code == status, (resp.status_code, resp.data[:500])
    body = json.loads(resp.data)
    assert body["status"] == status
    assert body["detail"]
    for word in words:
        assert word.lower() in body["detail"].lower(), body["detail"]
    assert "Traceback" not in resp.get_data(as_text=True)
    return body


def test_netcdf_subset_matches_xarray_and_keeps_packing(client, data_dir, tmp_path):
    url = ("/collections/med-sst-l4/coverage?bbox=12,40,20,46&datetime=2016-03-02/2016-03-04"
           "&properties=analysed_sst&f=netcdf")
    out = _netcdf(client.get(url), tmp_path)
    src = xr.open_dataset(data_dir / SST)
    expected = src.analysed_sst.sel(lon=slice(12, 20), lat=slice(40, 46),
                                    time=slice("2016-03-02", "2016-03-04"))
    assert list(out.data_vars) == ["analysed_sst"]
    assert out.analysed_sst.shape == expected.shape == (3, 145, 193)
    np.testing.assert_array_equal(out.lon.values, expected.lon.values)
    np.testing.assert_array_equal(out.analysed_sst.values, expected.values)
    # CF attributes, packing and fill value of the source are kept
    enc = out.analysed_sst.encoding
    assert enc["dtype"] == np.dtype("int16")
    assert enc["scale_factor"] == pytest.approx(0.01)
    assert enc["add_offset"] == pytest.approx(273.15)
    assert enc["_FillValue"] == -32768
    assert out.analysed_sst.attrs["standard_name"] == "sea_surface_foundation_temperature"
    assert out.analysed_sst.attrs["units"] == "kelvin"
    assert "opendias" in out.attrs["history"]
    assert "bbox=12,40,20,46" in out.attrs["opendias_request"]
    # land stays missing
    assert bool(out.analysed_sst.isnull().any()) and bool(out.analysed_sst.notnull().any())
    raw_out = xr.open_dataset(tmp_path / "out.nc", mask_and_scale=False).analysed_sst
    raw_src = xr.open_dataset(data_dir / SST, mask_and_scale=False).analysed_sst.sel(
        lon=slice(12, 20), lat=slice(40, 46), time=slice("2016-03-02", "2016-03-04"))
    np.testing.assert_array_equal(raw_out.values, raw_src.values)


def test_box_edges_follow_cell_centres_inclusive(client, data_dir):
    src = xr.open_dataset(data_dir / SST)
    lon = src.lon.values
    # an edge exactly on a float32 cell centre is included, one just past is not
    edge = float(lon[500])
    r = client.get(f"/collections/med-sst-l4/coverage?bbox={edge},40,{edge + 0.1},40.1"
                   "&datetime=2016-03-01&properties=analysed_sst")
    cov = json.loads(r.data)
    xs = cov["domain"]["axes"]["x"]["values"]
    assert xs[0] == pytest.approx(edge, abs=1e-5)
    assert len(xs) == 3  # 0.1 degree at 1/24 degree: centres at +0, +1/24, +2/24


def test_coveragejson_values(client, data_dir):
    r = client.get("/collections/med-sst-l4/coverage?bbox=5,38,5.2,38.1&datetime=2016-03-03"
                   "&properties=analysed_sst&f=covjson")
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/prs.coverage+json"
    cov = json.loads(r.data)
    rng = cov["ranges"]["analysed_sst"]
    assert rng["axisNames"] == ["t", "y", "x"]
    src = xr.open_dataset(data_dir / SST).analysed_sst.sel(
        lon=slice(5, 5.2), lat=slice(38, 38.1), time="2016-03-03")
    assert rng["shape"] == [1, *src.shape]
    np.testing.assert_allclose(np.array(rng["values"], dtype=float), src.values.ravel(),
                               atol=1e-5)
    assert cov["parameters"]["analysed_sst"]["unit"]["symbol"] == "kelvin"
    assert cov["domain"]["axes"]["t"]["values"] == ["2016-03-03T00:00:00Z"]


def test_era5_antimeridian_on_0_360_with_descending_latitude(client, data_dir, tmp_path):
    url = ("/collections/era5-single-levels/coverage?bbox=170,-10,-170,10&properties=t2m"
           "&datetime=2020-01-01T06:00:00Z&f=netcdf")
    out = _netcdf(client.get(url), tmp_path)
    src = xr.open_dataset(data_dir / ERA5).t2m.sel(time="2020-01-01T06:00")
    expected = xr.concat([src.sel(longitude=slice(170, 190), latitude=slice(10, -10))],
                         dim="longitude")
    lon = out.longitude.values
    assert lon[0] == pytest.approx(170) and lon[-1] == pytest.approx(190)
    assert np.all(np.diff(lon) > 0), "one continuous increasing longitude axis"
    assert out.latitude.values[0] == pytest.approx(10)  # descending order kept
    assert out.latitude.values[-1] == pytest.approx(-10)
    np.testing.assert_array_equal(out.t2m.isel(time=0).values, expected.values)


def test_era5_negative_longitudes_across_greenwich(client, data_dir):
    r = client.get("/collections/era5-single-levels/coverage?bbox=-1,50,1,51&properties=u10"
                   "&datetime=2020-01-01T00:00:00Z")
    cov = json.loads(r.data)
    xs = cov["domain"]["axes"]["x"]["values"]
    assert xs == pytest.approx([-1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 1])
    src = xr.open_dataset(ERA5_PATH(data_dir)).u10.sel(time="2020-01-01T00:00")
    west = src.sel(longitude=slice(359, 359.75), latitude=slice(51, 50))
    east = src.sel(longitude=slice(0, 1), latitude=slice(51, 50))
    expected = np.concatenate([west.values, east.values], axis=1)
    got = np.array(cov["ranges"]["u10"]["values"], dtype=float).reshape(expected.shape)
    np.testing.assert_allclose(got, expected, atol=1e-5)


def ERA5_PATH(data_dir):
    return data_dir / ERA5


def test_antimeridian_on_minus180_180_data(client):
    # the CAMS grid is -25..45: a box crossing 180 from the west does not reach it
    r = client.get("/collections/cams-europe-pm2p5/coverage?bbox=170,40,-170,50")
    _error(r, 400, "does not intersect")


def test_projected_bbox_crs_on_geographic_data(client, data_dir):
    # EPSG:3035 (LAEA Europe) has northing-first axis order, as the OGC API requires
    import pyproj

    tr = pyproj.Transformer.from_crs("OGC:CRS84", "EPSG:3035", always_xy=True)
    corners = [tr.transform(lon, lat) for lon in (12.0, 16.0) for lat in (40.0, 44.0)]
    e0, e1 = min(c[0] for c in corners), max(c[0] for c in corners)
    n0, n1 = min(c[1] for c in corners), max(c[1] for c in corners)
    box = f"{n0},{e0},{n1},{e1}"  # northing first
    r = client.get(f"/collections/med-sst-l4/coverage?bbox={box}&bbox-crs="
                   "http://www.opengis.net/def/crs/EPSG/0/3035&datetime=2016-03-01"
                   "&properties=analysed_sst")
    assert r.status_code == 200, r.data
    cov = json.loads(r.data)
    xs, ys = cov["domain"]["axes"]["x"]["values"], cov["domain"]["axes"]["y"]["values"]
    back = pyproj.Transformer.from_crs("EPSG:3035", "OGC:CRS84", always_xy=True)
    west, south, east, north = back.transform_bounds(e0, n0, e1, n1, densify_pts=21)
    assert west < 11.9 and east > 16.35  # the projected box is wider than its corners
    assert min(xs) >= west - 1e-4 and max(xs) <= east + 1e-4
    assert min(xs) - west < 1 / 24 and east - max(xs) < 1 / 24
    assert min(ys) >= south - 1e-4 and max(ys) <= north + 1e-4


def test_geographic_bbox_on_projected_geotiff(client, data_dir, tmp_path):
    r = client.get("/collections/clms-ndvi-italy/coverage?bbox=12.8,41.8,13.0,42.0&f=geotiff")
    assert r.status_code == 200, r.data
    path = tmp_path / "ndvi.tif"
    path.write_bytes(r.data)
    src_path = data_dir / "c_gls_NDVI300_202006010000_IT_synthetic.tif"
    with rasterio.open(path) as out, rasterio.open(src_path) as src:
        assert out.crs.to_epsg() == 32633
        assert out.res == src.res
        # the same pixels as the source at the same place, as stored: Byte, nodata 255,
        # the source's scale and offset
        assert out.dtypes == ("uint8",) and out.nodata == 255
        assert out.scales == pytest.approx((0.004,)) and out.offsets == pytest.approx((-0.08,))
        assert out.transform.e < 0  # north-up
        row, col = src.index(out.bounds.left + 50, out.bounds.top - 50)
        window = rasterio.windows.Window(col, row, out.width, out.height)
        np.testing.assert_array_equal(out.read(1), src.read(1, window=window))
        assert (out.read(1) == 255).any() or (out.read(1) < 251).all()


def test_subset_on_depth_axis(client, data_dir):
    r = client.get("/collections/med-physics/coverage?subset=depth(5:25),lat(38:38.5),"
                   "lon(15:15.5)&datetime=2020-01-02T12:00:00Z&properties=thetao")
    assert r.status_code == 200, r.data
    cov = json.loads(r.data)
    zs = cov["domain"]["axes"]["z"]["values"]
    assert zs == pytest.approx([5.4649, 10.5366, 20.1], abs=1e-4)
    src = xr.open_dataset(data_dir / "MEDSEA_MULTIYEAR_PHY_006_004_daily.nc").thetao.sel(
        depth=slice(5, 25), lat=slice(38, 38.5), lon=slice(15, 15.5), time="2020-01-02")
    got = np.array(cov["ranges"]["thetao"]["values"], dtype=float)
    np.testing.assert_allclose(got, src.values.ravel(), atol=1e-5, equal_nan=True)


def test_multi_file_dataset_is_one_cube(client, data_dir):
    r = client.get("/collections/cams-europe-pm2p5/coverage?bbox=10,47,10.3,47.2"
                   "&datetime=2021-01-02/2021-01-04")
    cov = json.loads(r.data)
    times = cov["domain"]["axes"]["t"]["values"]
    assert times == ["2021-01-02T00:00:00Z", "2021-01-02T12:00:00Z", "2021-01-03T00:00:00Z",
                     "2021-01-03T12:00:00Z", "2021-01-04T00:00:00Z", "2021-01-04T12:00:00Z"]
    files = sorted((data_dir / "cams-europe-air-quality").glob("*.nc"))
    src = xr.open_mfdataset(files).pm2p5.sel(longitude=slice(10, 10.3),
                                             latitude=slice(47.2, 47),
                                             time=slice("2021-01-02", "2021-01-04"))
    np.testing.assert_allclose(np.array(cov["ranges"]["pm2p5"]["values"], dtype=float),
                               src.values.ravel(), rtol=1e-6)


def test_open_ended_datetime(client):
    r = client.get("/collections/med-sst-l4/coverage?bbox=5,38,5.05,38.05&datetime=2016-03-05/..")
    assert json.loads(r.data)["domain"]["axes"]["t"]["values"] == [
        "2016-03-05T00:00:00Z", "2016-03-06T00:00:00Z"]
    r = client.get("/collections/med-sst-l4/coverage?bbox=5,38,5.05,38.05&datetime=../2016-03-01")
    assert json.loads(r.data)["domain"]["axes"]["t"]["values"] == ["2016-03-01T00:00:00Z"]


def test_edr_position_area_cube(client, data_dir):
    r = client.get("/collections/med-physics/position?coords=POINT(15 38.45)&z=10"
                   "&parameter-name=thetao&datetime=2020-01-03T12:00:00Z")
    assert r.status_code == 200, r.data
    cov = json.loads(r.data)
    src = xr.open_dataset(data_dir / "MEDSEA_MULTIYEAR_PHY_006_004_daily.nc").thetao.sel(
        lon=15, lat=38.45, depth=10, time="2020-01-03T12:00", method="nearest")
    assert cov["ranges"]["thetao"]["values"][0] == pytest.approx(float(src), abs=1e-5)

    poly = "POLYGON((12 40,14 40,13 41.5,12 40))"
    r = client.get(f"/collections/med-sst-l4/area?coords={poly}&datetime=2016-03-02"
                   "&parameter-name=analysed_sst")
    cov = json.loads(r.data)
    values = np.array(cov["ranges"]["analysed_sst"]["values"], dtype=float).reshape(
        cov["ranges"]["analysed_sst"]["shape"])[0]
    xs = np.array(cov["domain"]["axes"]["x"]["values"])
    ys = np.array(cov["domain"]["axes"]["y"]["values"])
    # the triangle's apex row holds (almost) nothing, its base row is full of sea
    top = values[np.argmin(np.abs(ys - 41.4))]
    assert np.isfinite(values[0]).sum() > np.isfinite(top).sum()
    # a cell outside the triangle (north-west corner of its box) is masked
    assert np.isnan(values[np.argmin(np.abs(ys - 41.4)), np.argmin(np.abs(xs - 12.1))])

    r = client.get("/collections/med-sst-l4/cube?bbox=5,38,5.1,38.1&datetime=2016-03-02"
                   "&f=netcdf")
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/x-netcdf")


def test_collection_metadata_lists_edr_and_extents(client):
    meta = json.loads(client.get("/collections/med-sst-l4?f=json").data)
    assert set(meta["data_queries"]) == {"position", "area", "cube"}
    half = 1 / 48  # the cells' outer edges: centres and half a 1/24 degree cell
    assert meta["extent"]["spatial"]["bbox"][0] == pytest.approx(
        [-18.125 - half, 30.25 - half, 36.25 + half, 46 + half])
    assert meta["extent"]["temporal"]["interval"][0] == ["2016-03-01T00:00:00Z",
                                                         "2016-03-06T00:00:00Z"]
    assert set(meta["parameter_names"]) == {"analysed_sst", "analysis_error"}


# -- real Copernicus files -------------------------------------------------------------------

def test_real_cmems_ibi_netcdf(client, real_data, tmp_path):
    out = _netcdf(client.get("/collections/real-cmems-ibi-thetao/coverage?"
                             "datetime=2000-01-01/2005-12-31&subset=depth(0:1)&f=netcdf"),
                  tmp_path)
    src = xr.open_dataset(real_data / "cmems_ibi_phy_my_thetao_P1Y.nc").thetao.sel(
        time=slice("2000-01-01", "2005-12-31"), depth=slice(0, 1))
    assert out.thetao.shape == src.shape and src.shape[0] == 6
    np.testing.assert_array_equal(out.thetao.values, src.values)
    assert out.thetao.dtype == src.dtype == np.float64


def test_real_cmems_arco_point(client, real_data):
    r = client.get("/collections/real-cmems-arco-thetao/position?coords=POINT(-28.04 40.33)")
    cov = json.loads(r.data)
    src = xr.open_dataset(real_data / "ARCO_smaller_area_subset.nc").thetao.sel(
        longitude=-28.04, latitude=40.33, method="nearest")
    np.testing.assert_allclose(cov["ranges"]["thetao"]["values"], src.values.ravel(),
                               rtol=1e-6)


def test_real_era5_grib(client, real_data):
    r = client.get("/collections/real-era5-grib/coverage?bbox=0,40,2,42&properties=t2m")
    assert r.status_code == 200, r.data
    cov = json.loads(r.data)
    src = xr.open_dataset(real_data / "cfgrib_era5-single-level-scalar-time.grib",
                          engine="cfgrib", backend_kwargs={"indexpath": ""}).t2m.sel(
        longitude=slice(0, 2), latitude=slice(42, 40))
    np.testing.assert_allclose(np.array(cov["ranges"]["t2m"]["values"], dtype=float),
                               src.values.ravel(), rtol=1e-6)
    assert cov["domain"]["axes"]["t"]["values"] == ["2017-01-01T12:00:00Z"]
    r = client.get("/collections/real-era5-grib/coverage?bbox=0,40,2,42&datetime=2018-01-01")
    _error(r, 400, "2017-01-01")


def test_real_clms_geotiff_epsg3035(client, real_data, tmp_path):
    r = client.get("/collections/real-clms-forest-type/coverage?bbox=14.3,35.8,14.4,35.9"
                   "&f=geotiff")
    assert r.status_code == 200, r.data
    (tmp_path / "fty.tif").write_bytes(r.data)
    with rasterio.open(tmp_path / "fty.tif") as out, \
            rasterio.open(real_data / "fty_2018_100m_eu_03035_v0_1.tif") as src:
        assert out.crs.to_epsg() == 3035
        # Byte, nodata 255 and the palette, as the source has them
        assert out.dtypes == ("uint8",) and out.nodata == 255
        assert out.colorinterp[0].name == "palette"
        assert out.colormap(1) == src.colormap(1)
        row, col = src.index(out.bounds.left + 50, out.bounds.top - 50)
        raw = src.read(1, window=rasterio.windows.Window(col, row, out.width, out.height))
        np.testing.assert_array_equal(out.read(1), raw)
        assert set(np.unique(raw[raw != 255])) <= {0, 1, 2, 3}


# -- errors ----------------------------------------------------------------------------------

@pytest.mark.parametrize("query,status,words", [
    ("bbox=20,46,12,40", 400, ["inverted"]),
    ("bbox=12,40,20", 400, ["4 numbers"]),
    ("bbox=a,b,c,d", 400, ["numbers"]),
    ("bbox=12,-100,20,46", 400, ["latitude out of range"]),
    ("bbox=-170,-60,-160,-50", 400, ["does not intersect"]),
    ("bbox=12.001,40.001,12.002,40.002", 400, ["no grid cell"]),
    ("bbox=12,40,13,41&bbox-crs=EPSG:999999", 400, ["crs"]),
    ("datetime=2016-13-45", 400, ["invalid datetime"]),
    ("datetime=yesterday", 400, ["invalid datetime"]),
    ("datetime=", 400, ["empty"]),
    ("datetime=2016-03-05/2016-03-01", 400, ["ends before it starts"]),
    ("datetime=2019-01-01/2019-02-01", 400, ["2016-03-01"]),
    ("properties=sst,analysed_sst", 400, ["unknown variable", "sst"]),
    ("subset=foo(1:2)", 400, ["unknown axis"]),
    ("subset=lat(1:2", 400, ["invalid subset"]),
    ("f=xml", 400, ["unsupported output format"]),
    ("f=covjson", 413, ["limit", "asynchronous"]),
])
def test_bad_inputs_are_4xx_with_a_message(client, query, status, words):
    _error(client.get(f"/collections/med-sst-l4/coverage?{query}"), status, *words)


def test_unknown_collection_is_404(client):
    _error(client.get("/collections/no-such-thing/coverage"), 404, "no-such-thing")


def test_sync_limit_names_the_limit(client, monkeypatch):
    monkeypatch.setenv("OPENDIAS_MAX_SYNC_CELLS", "1000")
    body = _error(client.get("/collections/med-sst-l4/coverage?f=netcdf"), 413, "1,000")
    assert "/processes/subset/execution" in body["detail"]


def test_edr_errors(client):
    _error(client.get("/collections/med-sst-l4/position"), 400, "coords")
    _error(client.get("/collections/med-sst-l4/position?coords=POINT(12 95)"), 400, "outside")
    _error(client.get("/collections/med-sst-l4/area?coords=POLYGON((1 2, 3"), 400, "parse")
    _error(client.get("/collections/med-sst-l4/cube"), 400, "bbox")
    _error(client.get("/collections/med-sst-l4/position?coords=POINT(-50 10)"), 400, "outside")
    _error(client.get("/collections/med-sst-l4/cube?bbox=5,38,6,39&z=10"), 400, "vertical")


def test_antimeridian_on_a_global_minus180_180_grid():
    """Selection on a -180..180 global grid across 180 gives one increasing axis."""
    from opendias.catalogue import DatasetEntry
    from opendias.datacube import _build
    from opendias.operations.subset import subset_cube

    lon = np.arange(-179.5, 180, 1.0)
    lat = np.arange(-89.5, 90, 1.0)
    field = np.add.outer(lat * 1000, lon)
    ds = xr.Dataset({"v": (("lat", "lon"), field)},
                    coords={"lon": ("lon", lon, {"units": "degrees_east"}),
                            "lat": ("lat", lat, {"units": "degrees_north"})})
    entry = DatasetEntry(id="g", dataset_id="g", title="g", abstract="g", service="x",
                         source={"path": "/nonexistent"})
    cube = _build(entry, ds)
    out = subset_cube(cube, bbox="177,0,-178,1")
    assert out.lon.values.tolist() == [177.5, 178.5, 179.5, 180.5, 181.5]
    assert out.v.values[0].tolist() == [500 + 177.5, 500 + 178.5, 500 + 179.5,
                                        500 - 179.5, 500 - 178.5]
    # the whole world in either frame keeps every column
    assert subset_cube(cube, bbox="-180,-90,180,90").sizes["lon"] == 360
    assert subset_cube(cube, bbox="0,-90,360,90").sizes["lon"] == 360
    # a 0..360 request frame on -180..180 data
    out = subset_cube(cube, bbox="350,0,360,0.6")
    assert out.lon.values.tolist() == [350.5 + i for i in range(10)]
    assert out.v.values[0, 0] == 500 - 9.5


def test_zarr_store_serves_the_same_values(data_dir, tmp_path):
    """A Zarr store opens as a cube and subsets to the same packed values as its NetCDF."""
    from opendias.catalogue import DatasetEntry
    from opendias.datacube import open_cube
    from opendias.operations.formats import write_netcdf
    from opendias.operations.subset import subset_cube

    nc = data_dir / SST
    with xr.open_dataset(nc) as sst:
        sst.chunk({"time": 1, "lat": 128, "lon": 256}).to_zarr(tmp_path / "sst.zarr")
    entries = [DatasetEntry(id=name, dataset_id=name, title=name, abstract=name,
                            service="CMEMS", source=source) for name, source in
               (("zarr-sst", {"zarr": str(tmp_path / "sst.zarr")}), ("nc-sst", {"path": str(nc)}))]
    outs = []
    for entry in entries:
        cube = open_cube(entry)
        ds = subset_cube(cube, bbox="12,40,14,41", datetime="2016-03-02",
                         variables=["analysed_sst"])
        outs.append(xr.open_dataset(write_netcdf(ds, tmp_path / f"{entry.id}.nc"),
                                    mask_and_scale=False).analysed_sst)
    assert outs[0].shape == outs[1].shape == (1, 25, 49)
    assert outs[0].dtype == outs[1].dtype == np.int16
    np.testing.assert_array_equal(outs[0].values, outs[1].values)


def test_coverage_html_page_offers_a_subset_form(client):
    r = client.get("/collections/med-sst-l4/coverage?f=html")
    assert r.status_code == 200 and r.mimetype == "text/html"
    page = r.get_data(as_text=True)
    assert "Mediterranean Sea - High Resolution L4" in page
    assert "analysed_sst" in page and "kelvin" in page
    assert 'action="http://localhost:5000/collections/med-sst-l4/coverage"' in page
    assert "2016-03-01" in page
    assert "<script" not in page and "https://" not in page  # nothing loaded from elsewhere
