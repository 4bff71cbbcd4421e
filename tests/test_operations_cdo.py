"""Regrid and statistics operations compared with CDO on the same NetCDF inputs.

Each test runs `cdo` (with -b F64, so CDO's results are not re-packed) on the file behind
a cube, runs the opendias operation on the lazy cube, and compares the numbers.

Tolerances met (max abs difference), stated once here (`pytest -s` prints each one):
- temperatures (K): TOL_K = 1e-4. Observed: Med SST (int16 packed, decoded by xarray in
  float32 while CDO decodes in double) <= 2.8e-5 K for regridding, <= 1.6e-5 K for field
  min/max, <= 1.1e-6 K for field means; ERA5 (decoded in double) <= 4e-13 K for
  regridding, <= 9.4e-6 K for the global field mean; temporal statistics, climatology and
  anomalies of a float32 daily field <= 4e-7 K (most exactly 0); results keep float32,
  so a monthly sum is compared to its float32 spacing (observed 4.9e-4 K on ~9000 K).
- other variables: TOL_REL = 1e-6 of the field's range (precipitation: observed 4e-17 m
  for regridding, 2e-10 m for field means); salinity 1e-4 (observed 2e-9).
- missing values: the set of missing cells is identical (remapnn, remapcon, remapbil on a
  target grid that does not coincide with source points). On a target grid whose points
  coincide exactly with source points, remapbil picks the interpolation square of such a
  point in a way that cannot be reproduced from the coordinates; there at most 0.1% of the
  target cells (observed 0.05%, all on the coast) may be missing in one result only.
Box convention: a cell belongs to a bbox when its centre is inside (edges included), as
`cdo sellonlatbox`.
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from opendias.catalogue import DatasetEntry, load_catalogue
from opendias.datacube import _build, open_cube
from opendias.errors import EmptyResult, InvalidParameter
from opendias.operations import regrid as rg
from opendias.operations import statistics as st
from opendias.operations import temporal as tp
from opendias.operations.provenance import CELL_METHODS
from opendias.params import METHODS
from opendias.operations.subset import subset_cube

TOL_K = 1e-4
TOL_REL = 1e-6

pytestmark = pytest.mark.skipif(shutil.which("cdo") is None, reason="cdo not installed")

_COUNTER = itertools.count()


def cdo(tmp: Path, chain: str, infile) -> xr.Dataset:
    """CDO's result, values only: its time stamps are not compared (they follow CDO's own
    conventions and CDO 2.1's y*stat operators sometimes write garbage ones)."""
    out = tmp / f"cdo{next(_COUNTER)}.nc"
    cmd = ["cdo", "-s", "-b", "F64", *chain.split(), str(infile), str(out)]
    subprocess.run(cmd, check=True, capture_output=True)
    with xr.open_dataset(out, decode_times=False) as ds:
        return ds.load()


def gridfile(tmp: Path, xfirst, xinc, nx, yfirst, yinc, ny) -> Path:
    path = tmp / f"grid{next(_COUNTER)}.txt"
    path.write_text(f"gridtype = lonlat\nxsize = {nx}\nysize = {ny}\nxfirst = {xfirst}\n"
                    f"xinc = {xinc}\nyfirst = {yfirst}\nyinc = {yinc}\n")
    return path


def compare(ours: xr.DataArray, ref: np.ndarray, tol: float, nan_mismatch: float = 0.0):
    """Max abs difference over cells valid in both; missing cells identical (or within
    the allowed fraction)."""
    a = np.asarray(ours.values, dtype="f8")
    b = np.asarray(ref, dtype="f8").reshape(a.shape)
    na, nb = np.isnan(a), np.isnan(b)
    mismatch = float((na != nb).mean())
    assert mismatch <= nan_mismatch, f"missing cells differ in {mismatch:.4%} of cells"
    both = ~na & ~nb
    assert both.any()
    diff = float(np.max(np.abs(a[both] - b[both])))
    assert diff <= tol, f"max abs difference {diff} > {tol}"
    print(f"[{ours.name}] max abs difference {diff:.2e} (tolerance {tol:.0e}), "
          f"missing in one only {mismatch:.3%}")
    return diff


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


@pytest.fixture(scope="module")
def sst(cat):
    return open_cube(cat.get("med-sst-l4"))


@pytest.fixture(scope="module")
def era(cat):
    return open_cube(cat.get("era5-single-levels"))


def _file(cube) -> str:
    return cube.entry.files()[0]


# -- regrid ----------------------------------------------------------------------------------

@pytest.mark.parametrize("method,operator", [("bilinear", "remapbil"),
                                             ("nearest", "remapnn"),
                                             ("conservative", "remapcon")])
def test_regrid_med_sst_masked_matches_cdo(tmp_path, sst, method, operator):
    """Land-masked, int16-packed SST to 0.25 deg over the Med (target points coincide with
    source points: the hardest case for the missing-value handling)."""
    out = rg.regrid(sst, sst.ds[["analysed_sst"]], method=method, resolution=0.25,
                    bbox=(-18, 30.25, 36, 45.75))
    assert out.analysed_sst.chunks is not None  # lazy
    assert out.sizes["lon"] == 216 and out.sizes["lat"] == 62
    grid = gridfile(tmp_path, -17.875, 0.25, 216, 30.375, 0.25, 62)
    ref = cdo(tmp_path, f"-{operator},{grid} -selname,analysed_sst", _file(sst))
    np.testing.assert_allclose(out.lon.values, ref.lon.values)
    np.testing.assert_allclose(out.lat.values, ref.lat.values)
    allowed = 0.001 if method == "bilinear" else 0.0
    compare(out.analysed_sst, ref.analysed_sst.values, TOL_K, nan_mismatch=allowed)
    assert out.analysed_sst.attrs["units"] == "kelvin"
    assert "scale_factor" not in out.analysed_sst.encoding
    if method == "conservative":
        assert "area: mean" in out.analysed_sst.attrs["cell_methods"]


def test_regrid_bilinear_offset_grid_missing_cells_identical(tmp_path, sst):
    """Target points between source points: missing where any of the 4 corners is (no NaN
    bleeding beyond the footprint), exactly as CDO."""
    out = rg.regrid(sst, sst.ds[["analysed_sst"]], method="bilinear", resolution=0.3,
                    bbox=(-5.01, 34.01, 15.09, 44.21))
    grid = gridfile(tmp_path, out.lon.values[0], 0.3, out.sizes["lon"], out.lat.values[0],
                    0.3, out.sizes["lat"])
    ref = cdo(tmp_path, f"-remapbil,{grid} -selname,analysed_sst", _file(sst))
    compare(out.analysed_sst, ref.analysed_sst.values, TOL_K, nan_mismatch=0.0)
    assert np.isnan(out.analysed_sst.values).any() and np.isfinite(out.analysed_sst.values).any()


@pytest.mark.parametrize("method,operator", [("bilinear", "remapbil"),
                                             ("nearest", "remapnn"),
                                             ("conservative", "remapcon")])
def test_regrid_beyond_the_source_edge_matches_cdo(tmp_path, sst, method, operator):
    """A target reaching 1.7 deg west of the Med grid (over sea): bilinear is missing beyond
    the last cell centre, conservative where no source cell overlaps, nearest takes the
    great-circle nearest edge cell, as CDO does."""
    out = rg.regrid(sst, sst.ds[["analysed_sst"]], method=method, resolution=0.5,
                    bbox=(-19.85, 38.85, -16.85, 41.35))
    grid = gridfile(tmp_path, -19.6, 0.5, 6, 39.1, 0.5, 5)
    ref = cdo(tmp_path, f"-{operator},{grid} -selname,analysed_sst", _file(sst))
    compare(out.analysed_sst, ref.analysed_sst.values, TOL_K)
    assert np.isnan(out.analysed_sst.values[..., 0]).all() == (method != "nearest")


@pytest.mark.parametrize("method,operator", [("bilinear", "remapbil"),
                                             ("nearest", "remapnn"),
                                             ("conservative", "remapcon")])
def test_regrid_era5_360_descending_lat_matches_cdo(tmp_path, era, method, operator):
    """ERA5: longitudes 0..360, latitudes 90..-90; the target is in -180..180 and crosses
    the 0/360 seam; conservative reaches the poles (CDO moves outer bounds beyond 88 deg
    to the pole)."""
    out = rg.regrid(era, era.ds[["t2m", "tp"]], method=method, resolution=(0.7, 3.0),
                    bbox=(-20.45, -88.5, 49.55, 88.5))
    assert out.sizes["longitude"] == 100 and out.sizes["latitude"] == 59
    grid = gridfile(tmp_path, -20.1, 0.7, 100, -87.0, 3.0, 59)
    ref = cdo(tmp_path, f"-{operator},{grid} -selname,t2m,tp", _file(era))
    compare(out.t2m, ref.t2m.values, TOL_K)
    tp_range = float(ref.tp.max() - ref.tp.min())
    compare(out.tp, ref.tp.values, TOL_REL * tp_range)


@pytest.fixture(scope="module")
def global_1deg(tmp_path_factory):
    """A global 1 deg grid whose rows stop half a degree from the poles (as many model
    grids), with a missing patch, ascending latitudes in 0..360 longitudes."""
    path = tmp_path_factory.mktemp("global") / "global_1deg.nc"
    lat = np.arange(-89.5, 90, 1.0)
    lon = np.arange(0.5, 360, 1.0)
    f = (280 + 20 * np.cos(np.radians(lat))[:, None] + 2 * np.sin(np.radians(lon))[None, :]
         + 0.5 * np.sin(np.radians(3 * lon))[None, :] * np.sin(np.radians(lat))[:, None])
    f[0:2, 100:120] = np.nan  # next to the south pole
    f[3:6, 200:220] = np.nan
    ds = xr.Dataset({"t": (("time", "lat", "lon"), f[None], {"units": "K"})},
                    coords={"time": [np.datetime64("2020-01-01")],
                            "lat": ("lat", lat, {"units": "degrees_north"}),
                            "lon": ("lon", lon, {"units": "degrees_east"})})
    ds.to_netcdf(path)
    entry = DatasetEntry(id="global-1deg", dataset_id="TEST:G", title="global 1 deg",
                         abstract="test", service="TEST", source={"path": str(path)})
    cube = _build(entry, xr.open_dataset(path, chunks={}))
    yield cube, path
    cube.ds.close()


@pytest.mark.parametrize("method,operator", [("bilinear", "remapbil"),
                                             ("nearest", "remapnn"),
                                             ("conservative", "remapcon")])
@pytest.mark.parametrize("south", [-90.0, 86.0])
def test_regrid_polar_rows_match_cdo(tmp_path, global_1deg, method, operator, south):
    """Target rows poleward of the source's last row: CDO's remapbil falls back to an
    inverse-distance mean of the 4 nearest points, reproduced here."""
    cube, path = global_1deg
    out = rg.regrid(cube, method=method, resolution=(7.5, 0.25),
                    bbox=(-180, south, 180, south + 4))
    grid = gridfile(tmp_path, -176.25, 7.5, 48, south + 0.125, 0.25, 16)
    ref = cdo(tmp_path, f"-{operator},{grid}", path)
    compare(out.t, ref.t.values, TOL_K)


def test_regrid_to_another_dataset_grid(tmp_path, cat, sst, era):
    """Med SST (-180..180, ascending) onto the ERA5 grid (0..360, descending) of the same
    area, conservatively, as `cdo remapcon` onto ERA5's grid."""
    era_med = subset_cube(era, bbox=(-5, 31, 30, 45), variables=["t2m"])
    target = _build(era.entry, era_med)
    out = rg.regrid(sst, sst.ds[["analysed_sst"]], method="conservative", target=target)
    assert list(out.analysed_sst.dims) == ["time", "latitude", "longitude"]
    np.testing.assert_array_equal(out.latitude.values, era_med.latitude.values)
    target_file = tmp_path / "era_med.nc"
    era_med.isel(time=[0]).to_netcdf(target_file)
    ref = cdo(tmp_path, f"-remapcon,{target_file} -selname,analysed_sst", _file(sst))
    compare(out.analysed_sst, ref.analysed_sst.values, TOL_K)


def test_regrid_projected_crs(sst):
    """To ETRS89-LAEA (EPSG:3035) at 25 km: bilinear in the source lon/lat at each target
    cell centre; checked against xarray's pointwise interpolation."""
    out = rg.regrid(sst, sst.ds[["analysed_sst"]].isel(time=[0]), method="bilinear",
                    resolution=25000, crs="EPSG:3035",
                    bbox=(3_500_000, 1_500_000, 4_500_000, 2_200_000))
    assert out.sizes["x"] == 40 and out.sizes["y"] == 28
    assert out.analysed_sst.attrs["grid_mapping"] == "spatial_ref"
    import pyproj

    tr = pyproj.Transformer.from_crs("EPSG:3035", "EPSG:4326", always_xy=True)
    x, y = float(out.x[10]), float(out.y[5])
    lon, lat = tr.transform(x, y)
    expected = sst.ds.analysed_sst.isel(time=0).interp(lon=lon, lat=lat).values.item()
    got = out.analysed_sst.isel(time=0).sel(x=x, y=y).values.item()
    assert np.isnan(expected) and np.isnan(got) or abs(got - expected) < TOL_K


def test_regrid_errors(sst, era):
    with pytest.raises(InvalidParameter, match="resolution must be > 0"):
        rg.regrid(sst, method="bilinear", resolution=0)
    with pytest.raises(InvalidParameter, match="bigger than the longitude extent"):
        rg.regrid(sst, resolution=5, bbox=(0, 35, 2, 45))
    with pytest.raises(InvalidParameter, match="unknown regridding method 'cubicspline'"):
        rg.regrid(sst, method="cubicspline", resolution=0.25)
    with pytest.raises(InvalidParameter, match="give a target resolution"):
        rg.regrid(sst)
    with pytest.raises(InvalidParameter, match="conservative regridding needs lon/lat"):
        rg.regrid(sst, method="conservative", resolution=25000, crs="EPSG:3035")
    with pytest.raises(InvalidParameter, match="either target"):
        rg.regrid(sst, target=era, resolution=1)
    with pytest.raises(EmptyResult, match="does not overlap"):
        rg.regrid(sst, method="conservative", resolution=1, bbox=(100, 0, 110, 10))
    with pytest.raises(InvalidParameter, match="impossible grid"):
        rg.regrid(sst, resolution=1, bbox=(10, 40, 5, 45)[:2] + (10, 40))


# -- spatial statistics ----------------------------------------------------------------------

def test_fldmean_med_sst_masked(tmp_path, sst):
    out = st.spatial_statistics(sst, stats=["mean", "std", "min", "max", "p90"])
    assert out.analysed_sst_mean.chunks is not None  # lazy
    assert out.analysed_sst_p90.chunks is not None
    out = out.compute()
    path = _file(sst)
    compare(out.analysed_sst_mean, cdo(tmp_path, "-fldmean -selname,analysed_sst", path)
            .analysed_sst.values, TOL_K)
    compare(out.analysed_sst_std, cdo(tmp_path, "-fldstd -selname,analysed_sst", path)
            .analysed_sst.values, TOL_K)
    compare(out.analysed_sst_min, cdo(tmp_path, "-fldmin -selname,analysed_sst", path)
            .analysed_sst.values, TOL_K)
    compare(out.analysed_sst_max, cdo(tmp_path, "-fldmax -selname,analysed_sst", path)
            .analysed_sst.values, TOL_K)
    assert (out.analysed_sst_p90 < out.analysed_sst_max).all()
    assert (out.analysed_sst_p90 > out.analysed_sst_mean).all()
    assert out.analysed_sst_mean.attrs["units"] == "kelvin"
    assert out.analysed_sst_mean.attrs["cell_methods"] == "area: mean"


@pytest.mark.parametrize("bbox,cdo_box", [
    ((170, -10, -170, 10), "170,-170,-10,10"),   # crosses the antimeridian
    ((-10, 60, 30, 90), "-10,30,60,90"),          # crosses 0/360, reaches the pole
    (None, None),                                 # global, descending latitude
])
def test_fldmean_era5(tmp_path, era, bbox, cdo_box):
    out = st.spatial_statistics(era, stats="mean", bbox=bbox).compute()
    chain = "-fldmean " + (f"-sellonlatbox,{cdo_box} " if cdo_box else "") + "-selname,t2m,tp"
    ref = cdo(tmp_path, chain, _file(era))
    compare(out.t2m_mean, ref.t2m.values, TOL_K)
    compare(out.tp_mean, ref.tp.values, TOL_REL * float(ref.tp.max() - ref.tp.min() + 1e-3))


def test_fldmean_with_depth_axis(tmp_path, cat):
    """A 4-D cube (time, depth, lat, lon): one mean per time step and depth level."""
    phy = open_cube(cat.get("med-physics"))
    out = st.spatial_statistics(phy, stats="mean", bbox=(0, 35, 20, 42)).compute()
    assert out.thetao_mean.dims == (phy.t, phy.z)
    ref = cdo(tmp_path, "-fldmean -sellonlatbox,0,20,35,42 -selname,thetao,so",
              _file(phy))
    compare(out.thetao_mean, ref.thetao.values, TOL_K)
    compare(out.so_mean, ref.so.values, 1e-4)


def test_polygon_mean_matches_cdo_maskregion(tmp_path, sst):
    """A polygon (cells whose centre is inside): compared with `cdo maskregion` + fldmean.
    Vertices off the grid's lines, so that no cell centre lies on the boundary (where
    CDO's point-in-polygon test and ours may differ)."""
    wkt = "POLYGON ((3.01 38.01, 9.01 36.51, 12.01 40.01, 6.01 43.51, 3.01 38.01))"
    out = st.spatial_statistics(sst, stats="mean", geometry=wkt).compute()
    region = tmp_path / "poly.txt"
    region.write_text("3.01 38.01\n9.01 36.51\n12.01 40.01\n6.01 43.51\n")
    ref = cdo(tmp_path, f"-fldmean -maskregion,{region} -selname,analysed_sst", _file(sst))
    compare(out.analysed_sst_mean, ref.analysed_sst.values, TOL_K)


def test_spatial_errors(sst):
    with pytest.raises(InvalidParameter, match="unknown statistic 'mode'"):
        st.spatial_statistics(sst, stats="mean,mode")
    with pytest.raises(InvalidParameter, match="percentile 'p100'"):
        st.spatial_statistics(sst, stats="p100")
    with pytest.raises(InvalidParameter, match="geometry does not parse"):
        st.spatial_statistics(sst, geometry="POLYGON ((1 2, 3")
    with pytest.raises(EmptyResult):
        st.spatial_statistics(sst, bbox=(100, 0, 110, 10))


# -- temporal statistics on a 400-day fixture ------------------------------------------------

@pytest.fixture(scope="module")
def daily(tmp_path_factory):
    """A 0.5 deg, 400-day daily float32 field with a fixed land block, gaps that vary in
    time and one cell missing for all of February 2016."""
    tmp = tmp_path_factory.mktemp("daily")
    time = pd.date_range("2015-12-01", periods=400, freq="D")
    lat = np.arange(30.25, 50, 0.5)
    lon = np.arange(-9.75, 10, 0.5)
    rng = np.random.default_rng(42)
    doy = time.dayofyear.values[:, None, None]
    field = (283.0 + 8 * np.sin(2 * np.pi * (doy - 110) / 365.25)
             - 0.5 * (lat[None, :, None] - 40) + 0.1 * lon[None, None, :]
             + rng.normal(0, 1.5, (time.size, lat.size, lon.size)))
    field[:, 5:10, 3:8] = np.nan                       # land
    field[rng.random(field.shape) < 0.03] = np.nan      # gaps
    feb = (time.year == 2016) & (time.month == 2)
    field[feb, 20, 20] = np.nan                         # a cell missing a whole month
    ds = xr.Dataset(
        {"tas": (("time", "lat", "lon"), field.astype("f4"),
                 {"standard_name": "air_temperature", "units": "K",
                  "long_name": "near-surface air temperature"})},
        coords={"time": ("time", time), "lat": ("lat", lat, {"units": "degrees_north",
                                                             "standard_name": "latitude"}),
                "lon": ("lon", lon, {"units": "degrees_east", "standard_name": "longitude"})})
    path = tmp / "daily.nc"
    ds.to_netcdf(path, encoding={"tas": {"_FillValue": np.float32(1e20)},
                                 "time": {"units": "days since 2015-01-01",
                                          "calendar": "standard", "dtype": "f8"}})
    entry = DatasetEntry(id="daily-fixture", dataset_id="TEST:DAILY", title="daily fixture",
                         abstract="test", service="TEST", source={"path": str(path)})
    cube = _build(entry, xr.open_dataset(path, chunks={"time": 50}))
    yield cube, path
    cube.ds.close()


@pytest.mark.parametrize("frequency,stat,operator", [
    ("month", "mean", "monmean"), ("year", "mean", "yearmean"), ("month", "max", "monmax"),
    ("month", "sum", "monsum"), ("season", "mean", "seasmean"), ("day", "min", "daymin"),
    ("month", "std", "monstd")])
def test_temporal_matches_cdo(tmp_path, daily, frequency, stat, operator):
    cube, path = daily
    out = tp.temporal_statistics(cube, frequency=frequency, stat=stat)
    assert out.tas.chunks is not None  # lazy
    ref = cdo(tmp_path, f"-{operator}", path)
    assert out.sizes["time"] == ref.sizes["time"]
    # the result keeps the source's float32: a monthly sum (~9000 K) is exact to its
    # float32 spacing (~0.001 K), CDO's in double
    tol = max(TOL_K, float(np.spacing(np.float32(np.nanmax(np.abs(ref.tas.values))))))
    compare(out.tas, ref.tas.values, tol)
    assert f"time: {CELL_METHODS[stat]}" in out.tas.attrs["cell_methods"]
    assert out.tas.attrs["units"] == "K"
    if frequency == "month":
        feb = out.tas.sel(time="2016-02").isel(time=0, lat=20, lon=20).values.item()
        assert np.isnan(feb)  # no valid day: missing, also for sums


def test_climatology_and_anomalies_match_cdo(tmp_path, daily):
    cube, path = daily
    clim = tp.climatology(cube, reference="2016-01-01/2016-12-31", frequency="month")
    assert list(clim.month.values) == list(range(1, 13))
    ref = cdo(tmp_path, "-ymonmean -selyear,2016", path)
    compare(clim.tas, ref.tas.values, TOL_K)
    anom = tp.anomalies(cube, reference=("2016-01-01", "2016-12-31"), frequency="month")
    assert anom.tas.chunks is not None
    clim_file = tmp_path / "clim.nc"
    subprocess.run(["cdo", "-s", "-b", "F64", "ymonmean", "-selyear,2016", str(path),
                    str(clim_file)], check=True, capture_output=True)
    out = tmp_path / "anom.nc"
    subprocess.run(["cdo", "-s", "-b", "F64", "ymonsub", str(path), str(clim_file), str(out)],
                   check=True, capture_output=True)
    with xr.open_dataset(out) as ref_anom:
        compare(anom.tas, ref_anom.tas.values, TOL_K)
    seas = tp.climatology(cube, reference="2016-01-01/2016-12-31", frequency="season")
    ref = cdo(tmp_path, "-yseasmean -selyear,2016", path)
    # CDO writes the seasons in the order it meets them; the data start in January
    compare(seas.tas.sel(season=["DJF", "MAM", "JJA", "SON"]), ref.tas.values, TOL_K)


def test_temporal_errors(daily, sst):
    cube, _ = daily
    with pytest.raises(InvalidParameter, match="unknown frequency 'fortnight'"):
        tp.temporal_statistics(cube, frequency="fortnight")
    with pytest.raises(InvalidParameter, match="unknown statistic 'mode'"):
        tp.temporal_statistics(cube, frequency="month", stat="mode")
    with pytest.raises(EmptyResult, match="reference period 1991-01-01/2000-12-31 holds no"):
        tp.climatology(cube, reference=("1991-01-01", "2000-12-31"))
    with pytest.raises(InvalidParameter, match="reference period"):
        tp.climatology(cube, reference="2016-13-01/2017-01-01")


# -- zonal statistics ------------------------------------------------------------------------

def test_zonal_statistics_per_feature(tmp_path, sst):
    west = "POLYGON ((-1 36, 8 36, 8 43, -1 43, -1 36))"
    east = "POLYGON ((18 33, 28 33, 28 37, 18 37, 18 33))"
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": "west", "properties": {"name": "Western basin"},
         "geometry": {"type": "Polygon", "coordinates": [[[-1, 36], [8, 36], [8, 43],
                                                          [-1, 43], [-1, 36]]]}},
        {"type": "Feature", "id": "east", "properties": {"name": "Ionian"},
         "geometry": {"type": "Polygon", "coordinates": [[[18, 33], [28, 33], [28, 37],
                                                          [18, 37], [18, 33]]]}},
        {"type": "Feature", "id": "nowhere", "properties": {"name": "Pacific"},
         "geometry": {"type": "Polygon", "coordinates": [[[150, 0], [151, 0], [151, 1],
                                                          [150, 1], [150, 0]]]}}]}
    ds = subset_cube(sst, datetime="2016-03-01/2016-03-02", variables=["analysed_sst"])
    table = st.zonal_statistics(sst, ds, fc, stats=["mean", "max"])
    assert isinstance(table, pd.DataFrame)
    assert list(table.columns[:3]) == ["feature", "name", "time"]
    assert len(table) == 2 * 2 + 1
    nowhere = table[table.feature == "nowhere"]
    assert nowhere.cells.iloc[0] == 0 and np.isnan(nowhere.analysed_sst_mean.iloc[0])
    for fid, wkt in (("west", west), ("east", east)):
        ref = st.spatial_statistics(sst, ds, stats="mean", geometry=wkt).compute()
        rows = table[table.feature == fid]
        np.testing.assert_allclose(rows.analysed_sst_mean.values,
                                   ref.analysed_sst_mean.values, atol=1e-9)
    with pytest.raises(InvalidParameter, match="feature 1"):
        st.zonal_statistics(sst, ds, {"type": "FeatureCollection", "features": [
            fc["features"][0], {"type": "Feature", "properties": {},
                                "geometry": {"type": "Polygon", "coordinates": [[1, 2]]}}]})


def test_anomalies_of_a_selection(daily):
    """Anomalies of a sub-area and sub-period use the climatology of the same cells."""
    cube, _ = daily
    whole = tp.anomalies(cube, reference="2016-01-01/2016-12-31").compute()
    ds = subset_cube(cube, bbox=(0, 40, 5, 45), datetime="2016-06-01/2016-09-30")
    part = tp.anomalies(cube, ds, reference="2016-01-01/2016-12-31")
    expected = whole.sel(lon=ds.lon, lat=ds.lat, time=ds.time)
    np.testing.assert_allclose(part.tas.values, expected.tas.values, atol=1e-9)


def test_operations_build_lazy_graphs_without_computing(sst, era, daily):
    """Nothing is computed until the caller writes the result (a scheduler that refuses
    to run is installed while the operations are built)."""
    import dask

    def refuse(*args, **kwargs):
        raise AssertionError("an operation computed data while building its result")

    cube, _ = daily
    with dask.config.set(scheduler=refuse):
        outs = [rg.regrid(sst, method=m, resolution=0.25) for m in METHODS]
        outs.append(rg.regrid(era, method="bilinear", resolution=25000, crs="EPSG:3035",
                              bbox=(3_500_000, 1_500_000, 4_500_000, 2_200_000)))
        outs.append(st.spatial_statistics(sst, stats="mean,std,p90", bbox=(0, 35, 20, 42)))
        outs.append(tp.temporal_statistics(cube, frequency="season", stat="max"))
        outs.append(tp.climatology(cube, reference="2016"))
        outs.append(tp.anomalies(cube, reference="2016"))
    for out in outs:
        assert all(out[v].chunks is not None for v in out.data_vars
                   if not str(v).endswith("_bnds"))


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("target", [
    (0.5, 9, 40.5, 9),    # halfway between two rows and two columns: the poleward row wins
    (1.0, 8, 40.5, 9),    # between two rows on a column: an exact tie
    (0.5, 9, 41.0, 8),    # between two columns on a row: an exact tie
    (0.5, 9, -48.5, 9),   # the southern hemisphere: poleward is south
    (0.25, 12, 40.25, 12)])
def test_nearest_ties_match_cdo_remapnn(tmp_path, target, descending):
    """Target points exactly halfway between source points: great-circle distance decides
    (off a grid line the poleward point is nearer, which planar lon/lat distance misses),
    and exact ties go to the point stored first, as in CDO."""
    lat = np.arange(-49.0, 50.0, 1.0)
    lat = lat[::-1] if descending else lat
    lon = np.arange(0.0, 10.0, 1.0)
    ids = np.arange(lat.size)[:, None] * 100.0 + np.arange(lon.size)[None, :]
    path = tmp_path / "ties.nc"
    xr.Dataset({"v": (("lat", "lon"), ids, {"units": "1"})},
               coords={"lat": ("lat", lat, {"units": "degrees_north"}),
                       "lon": ("lon", lon, {"units": "degrees_east"})}).to_netcdf(path)
    entry = DatasetEntry(id="ties", dataset_id="TEST:T", title="ties", abstract="test",
                         service="TEST", source={"path": str(path)})
    x0, nx, y0, ny = target
    step = 0.5 if x0 == 0.25 else 1.0
    with xr.open_dataset(path, chunks={}) as ds:
        cube = _build(entry, ds)
        out = rg.regrid(cube, method="nearest", resolution=step,
                        bbox=(x0 - step / 2, y0 - step / 2, x0 + (nx - 0.5) * step,
                              y0 + (ny - 0.5) * step))
        ours = out["v"].values
    ref = cdo(tmp_path, f"-remapnn,{gridfile(tmp_path, x0, step, nx, y0, step, ny)}", path)
    np.testing.assert_allclose(out["lat"].values, ref["lat"].values)
    np.testing.assert_array_equal(ours, ref["v"].values)
