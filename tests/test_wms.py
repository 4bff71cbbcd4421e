"""WMS 1.3.0 / 1.1.1 and OGC API - Maps: real clients (OWSLib, GDAL) against gunicorn, and
pixels checked against the values of the files read directly with xarray."""

from __future__ import annotations

import io
import json
import math
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pyproj
import pytest
import xarray as xr
from PIL import Image

SST = "SST_MED_SST_L4_REP_OBSERVATIONS_010_021.nc"
ERA5 = "reanalysis-era5-single-levels_2020-01.nc"
PHYS = "MEDSEA_MULTIYEAR_PHY_006_004_daily.nc"
SST_LAYER = "med-sst-l4/analysed_sst"
R = 6378137.0
OGC = "{http://www.opengis.net/ogc}"


# --------------------------------------------------------------------------- helpers
def _get(client, query: str, path: str = "/wms"):
    return client.get(f"{path}?{query}")


def _getmap(client, layer=SST_LAYER, crs="EPSG:4326", bbox="30,-20,47,40", width=600,
            height=170, fmt="image/png", version="1.3.0", extra="", style=""):
    key = "SRS" if version == "1.1.1" else "CRS"
    return _get(client, f"SERVICE=WMS&VERSION={version}&REQUEST=GetMap&LAYERS={layer}"
                        f"&STYLES={style}&{key}={crs}&BBOX={bbox}&WIDTH={width}&HEIGHT={height}"
                        f"&FORMAT={fmt}{extra}")


def _image(resp) -> np.ndarray:
    assert resp.status_code == 200, resp.data[:800]
    assert resp.headers["Content-Type"].startswith("image/")
    return np.asarray(Image.open(io.BytesIO(resp.data)).convert("RGBA"))


def _palette(style="thermal") -> np.ndarray:
    from opendias.operations.render import styles

    return styles.palette(styles.STYLES[style]).astype(int)


def _value_of_colour(rgb, lo, hi, style="thermal") -> float:
    """The value a colour stands for (nearest palette entry)."""
    pal = _palette(style)
    k = int(np.argmin(((pal - np.asarray(rgb[:3], int)) ** 2).sum(axis=1)))
    return lo + k * (hi - lo) / (len(pal) - 1)


def _wms_error(resp, code, status=400, version="1.3.0"):
    assert resp.status_code == status, (resp.status_code, resp.data[:800])
    text = resp.get_data(as_text=True)
    assert "Traceback" not in text
    root = ET.fromstring(resp.data)
    assert root.tag.endswith("ServiceExceptionReport")
    exc = root.find(f"{OGC}ServiceException") if version == "1.3.0" else \
        root.find("ServiceException")
    assert exc is not None, text
    assert exc.get("code") == code, text
    assert exc.text and len(exc.text) > 10
    if version == "1.3.0":
        assert resp.headers["Content-Type"].startswith("text/xml")
    else:
        assert resp.headers["Content-Type"].startswith("application/vnd.ogc.se_xml")
    return exc.text


@pytest.fixture(scope="module")
def sst(data_dir):
    with xr.open_dataset(data_dir / SST) as ds:
        yield ds.load()


@pytest.fixture(scope="module")
def era5(data_dir):
    with xr.open_dataset(data_dir / ERA5) as ds:
        yield ds.load()


@pytest.fixture(scope="module")
def phys(data_dir):
    with xr.open_dataset(data_dir / PHYS) as ds:
        yield ds.load()


def _pixel_4326(lon, lat, bbox=(-20, 30, 40, 47), width=600, height=170):
    """(row, col) of a lon/lat in a map of a lon/lat bbox (west, south, east, north)."""
    col = int((lon - bbox[0]) / (bbox[2] - bbox[0]) * width)
    row = int((bbox[3] - lat) / (bbox[3] - bbox[1]) * height)
    return row, col


def _merc(lon, lat):
    return R * math.radians(lon), R * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


# --------------------------------------------------------------------------- capabilities
def test_owslib_reads_capabilities_layers_crs_times_styles(live_server, data_dir, sst):
    from owslib.wms import WebMapService

    wms = WebMapService(live_server.url + "/wms", version="1.3.0", timeout=60)
    assert wms.identification.type == "WMS"
    assert wms.identification.version == "1.3.0"
    names = set(wms.contents)
    # one layer per published variable, for every dataset in the catalogue
    for layer in ("med-sst-l4/analysed_sst", "med-sst-l4/analysis_error",
                  "era5-single-levels/t2m", "era5-single-levels/tp", "med-physics/thetao",
                  "med-physics/so", "cams-europe-pm2p5/pm2p5"):
        assert layer in names, sorted(names)
    assert any(n.startswith("clms-ndvi-italy/") for n in names)
    layer = wms[SST_LAYER]
    assert layer.queryable
    for crs in ("EPSG:4326", "CRS:84", "EPSG:3857"):
        assert crs in layer.crsOptions, layer.crsOptions
    # the catalogue's real time steps, and the latest as the default
    expected = [f"{t:%Y-%m-%dT%H:%M:%SZ}" for t in sst.indexes["time"]]
    assert [t.strip() for t in layer.timepositions] == expected
    assert layer.defaulttimeposition == expected[-1]
    west, south, east, north = layer.boundingBoxWGS84
    assert west == pytest.approx(-18.125 - 1 / 48, abs=1e-3)
    assert east == pytest.approx(36.25 + 1 / 48, abs=1e-3)
    assert south == pytest.approx(30.25 - 1 / 48, abs=1e-3)
    assert north == pytest.approx(46.0 + 1 / 48, abs=1e-3)
    # styles: a perceptual default and a diverging one, each with a legend
    assert list(layer.styles)[0] == "thermal"
    assert "balance" in layer.styles
    for style in layer.styles.values():
        assert "GetLegendGraphic" in style["legend"]
    # the dataset group carries the catalogue's title and abstract
    parent = layer.parent
    assert parent.title.startswith("Mediterranean Sea - High Resolution L4")
    assert "optimal interpolation" in parent.abstract
    # ELEVATION for depth
    thetao = wms["med-physics/thetao"]
    assert "elevation" in thetao.dimensions
    with xr.open_dataset(data_dir / PHYS) as phys:
        depths = [float(v) for v in phys["depth"].values]
    values = [float(v) for v in thetao.dimensions["elevation"]["values"]]
    assert values == pytest.approx(depths, rel=1e-5)
    assert thetao.dimensions["elevation"]["units"] == "m"


def test_capabilities_bounding_boxes_per_crs(client):
    resp = _get(client, "SERVICE=WMS&REQUEST=GetCapabilities&VERSION=1.3.0")
    assert resp.status_code == 200
    ns = {"w": "http://www.opengis.net/wms"}
    root = ET.fromstring(resp.data)
    layer = next(el for el in root.iter("{http://www.opengis.net/wms}Layer")
                 if el.findtext("w:Name", namespaces=ns) == SST_LAYER)
    boxes = {b.get("CRS"): [float(b.get(k)) for k in ("minx", "miny", "maxx", "maxy")]
             for b in layer.findall("w:BoundingBox", ns)}
    assert set(boxes) >= {"CRS:84", "EPSG:4326", "EPSG:3857"}
    # EPSG:4326 in 1.3.0 is latitude first
    assert boxes["EPSG:4326"][0] == pytest.approx(boxes["CRS:84"][1])
    assert boxes["EPSG:4326"][1] == pytest.approx(boxes["CRS:84"][0])
    minx, miny = _merc(boxes["CRS:84"][0], boxes["CRS:84"][1])
    assert boxes["EPSG:3857"][0] == pytest.approx(minx, rel=1e-6)
    assert boxes["EPSG:3857"][1] == pytest.approx(miny, rel=1e-6)
    dims = {d.get("name"): d for d in layer.findall("w:Dimension", ns)}
    assert dims["time"].get("units") == "ISO8601"
    assert dims["time"].get("default") == "2016-03-06T00:00:00Z"
    # a UTM dataset offers its own CRS too
    ndvi = next(el for el in root.iter("{http://www.opengis.net/wms}Layer")
                if (el.findtext("w:Name", namespaces=ns) or "").startswith("clms-ndvi"))
    assert "EPSG:32633" in {b.get("CRS") for b in ndvi.findall("w:BoundingBox", ns)}


def test_owslib_wms_111(live_server, sst):
    from owslib.wms import WebMapService

    wms = WebMapService(live_server.url + "/wms", version="1.1.1", timeout=60)
    layer = wms[SST_LAYER]
    assert "EPSG:4326" in layer.crsOptions and "EPSG:3857" in layer.crsOptions
    expected = [f"{t:%Y-%m-%dT%H:%M:%SZ}" for t in sst.indexes["time"]]
    assert [t.strip() for t in layer.timepositions] == expected
    img = wms.getmap(layers=[SST_LAYER], srs="EPSG:4326", bbox=(-20, 30, 40, 47),
                     size=(600, 170), format="image/png", transparent=True)
    rgba = np.asarray(Image.open(io.BytesIO(img.read())).convert("RGBA"))
    row, col = _pixel_4326(14.0, 37.5)  # Sicily
    assert rgba[row, col, 3] == 0
    row, col = _pixel_4326(18.0, 35.0)  # Ionian Sea
    assert rgba[row, col, 3] == 255


def test_owslib_111_getfeatureinfo_without_info_format(live_server, sst):
    """WMS 1.1.1 makes INFO_FORMAT optional; OWSLib then sends `INFO_FORMAT=None`: the
    default format (text/plain) answers, with the cell's value."""
    from owslib.wms import WebMapService

    wms = WebMapService(live_server.url + "/wms", version="1.1.1", timeout=60)
    row, col = _pixel_4326(18.0, 35.0)
    info = wms.getfeatureinfo(layers=[SST_LAYER], srs="EPSG:4326", bbox=(-20, 30, 40, 47),
                              size=(600, 170), format="image/png", query_layers=[SST_LAYER],
                              xy=(col, row))
    text = info.read().decode()
    assert info.info()["Content-Type"].startswith("text/plain"), text
    expected = float(sst["analysed_sst"].isel(time=-1).sel(
        lon=-20 + (col + 0.5) * 60 / 600, lat=47 - (row + 0.5) * 17 / 170, method="nearest"))
    value = float(re.search(r"value\W+([-0-9.]+)", text).group(1))
    assert value == pytest.approx(expected, abs=1e-2)


# --------------------------------------------------------------------------- GetMap with OWSLib
def test_owslib_getmap_and_getfeatureinfo(live_server, sst):
    from owslib.wms import WebMapService

    wms = WebMapService(live_server.url + "/wms", version="1.3.0", timeout=60)
    kwargs = dict(layers=[SST_LAYER], styles=[""], srs="EPSG:4326",
                  bbox=(-20, 30, 40, 47), size=(600, 170), format="image/png",
                  transparent=True, time="2016-03-02T00:00:00Z")
    img = wms.getmap(**kwargs)
    rgba = np.asarray(Image.open(io.BytesIO(img.read())).convert("RGBA"))
    assert rgba.shape == (170, 600, 4)
    row, col = _pixel_4326(14.0, 37.5)
    assert rgba[row, col, 3] == 0
    row, col = _pixel_4326(18.0, 35.0)
    assert rgba[row, col, 3] == 255
    # OWSLib sends the 1.3.0 bbox as given; with EPSG:4326 that is lat/lon order: check that
    # the picture is the right way round, by sending a lat/lon bbox ourselves
    info = wms.getfeatureinfo(layers=[SST_LAYER], srs="CRS:84", bbox=(-20, 30, 40, 47),
                              size=(600, 170), format="image/png",
                              query_layers=[SST_LAYER], info_format="application/json",
                              xy=(col, row), time="2016-03-02T00:00:00Z")
    feature = json.loads(info.read())["features"][0]["properties"]
    xs = (-20 + (col + 0.5) * 60 / 600)
    ys = (47 - (row + 0.5) * 17 / 170)
    expected = float(sst["analysed_sst"].sel(time="2016-03-02").sel(
        lon=xs, lat=ys, method="nearest"))
    assert feature["value"] == pytest.approx(expected, abs=1e-3)
    assert feature["units"] == "kelvin"
    assert feature["time"] == "2016-03-02T00:00:00Z"


# --------------------------------------------------------------------------- pixels
def test_getmap_epsg4326_axis_order_land_transparent_sea_coloured(client, sst):
    resp = _getmap(client, extra="&TIME=2016-03-03T00:00:00Z")
    rgba = _image(resp)
    assert resp.headers["X-Opendias-Time"] == "2016-03-03T00:00:00Z"
    lo, hi = (float(v) for v in resp.headers["X-Opendias-Colorscalerange"].split(","))
    assert lo < hi
    field = sst["analysed_sst"].sel(time="2016-03-03")
    # land (Sicily, Sardinia, Africa, Spain) is transparent
    for lon, lat in ((14.0, 37.5), (9.0, 40.0), (5.0, 32.0), (-4.0, 40.0)):
        row, col = _pixel_4326(lon, lat)
        assert rgba[row, col, 3] == 0, (lon, lat)
    # sea is opaque and its colour stands for its value
    for lon, lat in ((18.0, 35.0), (5.0, 40.0), (30.0, 33.5), (-15.0, 35.0), (15.5, 43.0)):
        row, col = _pixel_4326(lon, lat)
        assert rgba[row, col, 3] == 255, (lon, lat)
        cx, cy = -20 + (col + 0.5) * 0.1, 47 - (row + 0.5) * 0.1
        expected = float(field.sel(lon=cx, lat=cy, method="nearest"))
        got = _value_of_colour(rgba[row, col], lo, hi)
        assert got == pytest.approx(min(max(expected, lo), hi), abs=0.12), (lon, lat)
    # outside the dataset (north of 46N) nothing is drawn
    assert rgba[0, :, 3].max() == 0
    # same picture with the 1.1.1 (lon/lat) order and with CRS:84
    rgba111 = _image(_getmap(client, bbox="-20,30,40,47", version="1.1.1",
                             extra="&TIME=2016-03-03T00:00:00Z"))
    rgba84 = _image(_getmap(client, crs="CRS:84", bbox="-20,30,40,47",
                            extra="&TIME=2016-03-03T00:00:00Z"))
    assert np.array_equal(rgba, rgba111)
    assert np.array_equal(rgba, rgba84)


def test_getmap_epsg3857_places_values(client, sst):
    west, south = _merc(5.0, 33.0)
    east, north = _merc(25.0, 45.0)
    width, height = 512, 400
    resp = _getmap(client, crs="EPSG:3857", bbox=f"{west},{south},{east},{north}",
                   width=width, height=height, extra="&TIME=2016-03-01&COLORSCALERANGE=285,293")
    rgba = _image(resp)
    assert resp.headers["X-Opendias-Colorscalerange"] == "285,293"
    field = sst["analysed_sst"].sel(time="2016-03-01")

    def pixel(lon, lat):
        x, y = _merc(lon, lat)
        return int((north - y) / (north - south) * height), int((x - west) / (east - west) * width)

    for lon, lat in ((14.0, 37.5), (9.0, 40.0), (12.5, 42.5), (22.0, 39.5)):  # land
        assert rgba[pixel(lon, lat)][3] == 0, (lon, lat)
    for lon, lat in ((18.0, 35.0), (5.5, 40.0), (20.0, 38.0), (15.0, 43.0), (11.5, 36.2)):
        row, col = pixel(lon, lat)
        assert rgba[row, col, 3] == 255, (lon, lat)
        x = west + (col + 0.5) * (east - west) / width
        y = north - (row + 0.5) * (north - south) / height
        clon, clat = math.degrees(x / R), math.degrees(math.atan(math.sinh(y / R)))
        expected = float(field.sel(lon=clon, lat=clat, method="nearest"))
        assert _value_of_colour(rgba[row, col], 285, 293) == pytest.approx(expected, abs=0.1)


def test_time_changes_picture_and_nearest_step_is_reported(client):
    a = _getmap(client, extra="&TIME=2016-03-01T00:00:00Z")
    b = _getmap(client, extra="&TIME=2016-03-06T00:00:00Z")
    near = _getmap(client, extra="&TIME=2016-03-05T20:00:00Z")
    default = _getmap(client)
    assert a.headers["X-Opendias-Time"] == "2016-03-01T00:00:00Z"
    assert near.headers["X-Opendias-Time"] == "2016-03-06T00:00:00Z"
    assert default.headers["X-Opendias-Time"] == "2016-03-06T00:00:00Z"
    ia, ib = _image(a), _image(b)
    # the sea warms over these days: the pictures differ where there is sea
    sea = ia[..., 3] == 255
    assert sea.mean() > 0.3
    assert np.array_equal(ia[..., 3], ib[..., 3])
    assert (np.abs(ia[..., :3].astype(int) - ib[..., :3].astype(int)).sum(axis=2)[sea] > 0).mean() > 0.5
    assert np.array_equal(_image(near), ib)
    assert np.array_equal(_image(default), ib)


def test_elevation_is_honoured(client, phys):
    query = ("SERVICE=WMS&VERSION=1.3.0&REQUEST=GetFeatureInfo&LAYERS=med-physics/thetao"
             "&QUERY_LAYERS=med-physics/thetao&CRS=CRS:84&BBOX=10,30,30,40&WIDTH=200"
             "&HEIGHT=100&I=80&J=50&INFO_FORMAT=application/json&TIME=2020-01-02T12:00:00Z")
    lon, lat = 10 + 80.5 * 0.1, 40 - 50.5 * 0.1
    got = {}
    for elevation in ("1", "100", "-500", "990"):
        resp = _get(client, query + f"&ELEVATION={elevation}")
        assert resp.status_code == 200, resp.data
        props = json.loads(resp.data)["features"][0]["properties"]
        depth = float(phys["depth"].sel(depth=abs(float(elevation)), method="nearest"))
        assert props["elevation"] == pytest.approx(depth, rel=1e-6)
        assert float(resp.headers["X-Opendias-Elevation"]) == pytest.approx(depth, rel=1e-5)
        expected = float(phys["thetao"].sel(time="2020-01-02T12:00", depth=depth).sel(
            lon=lon, lat=lat, method="nearest"))
        assert props["value"] == pytest.approx(expected, abs=1e-4)
        got[elevation] = props["value"]
    assert got["1"] != got["990"]
    maps = [_image(_getmap(client, layer="med-physics/thetao", crs="CRS:84",
                           bbox="10,30,30,40", width=200, height=100,
                           extra=f"&ELEVATION={z}&COLORSCALERANGE=13,20")) for z in (1, 500)]
    assert not np.array_equal(maps[0], maps[1])


def test_antimeridian_and_0_360_longitudes(client, era5):
    field = era5["t2m"].isel(time=1)  # 2020-01-01T06
    # a bbox across the antimeridian, 170E..170W, on a 0..360 dataset
    resp = _get(client, "SERVICE=WMS&VERSION=1.3.0&REQUEST=GetFeatureInfo"
                        "&LAYERS=era5-single-levels/t2m&QUERY_LAYERS=era5-single-levels/t2m"
                        "&CRS=CRS:84&BBOX=170,-10,190,10&WIDTH=100&HEIGHT=100&I=70&J=40"
                        "&INFO_FORMAT=application/json&TIME=2020-01-01T06:00:00Z")
    props = json.loads(resp.data)["features"][0]["properties"]
    lon = 170 + 70.5 * 0.2  # 184.1 = -175.9
    expected = float(field.sel(longitude=lon, latitude=10 - 40.5 * 0.2, method="nearest"))
    assert props["value"] == pytest.approx(expected, abs=1e-3)
    rgba = _image(_getmap(client, layer="era5-single-levels/t2m", crs="CRS:84",
                          bbox="170,-10,190,10", width=80, height=80,
                          extra="&TIME=2020-01-01T06:00:00Z&COLORSCALERANGE=290,305"))
    assert rgba[..., 3].min() == 255  # no gap at the antimeridian
    # the same bbox written east-west in EPSG:4326 (1.3.0 lat/lon) gives the same picture
    rgba2 = _image(_getmap(client, layer="era5-single-levels/t2m", crs="EPSG:4326",
                           bbox="-10,170,10,-170", width=80, height=80,
                           extra="&TIME=2020-01-01T06:00:00Z&COLORSCALERANGE=290,305"))
    assert np.array_equal(rgba, rgba2)
    # a -180..180 world map of a 0..360 dataset: west of Greenwich comes from 180..360
    rgba = _image(_getmap(client, layer="era5-single-levels/t2m", crs="CRS:84",
                          bbox="-180,-90,180,90", width=720, height=360,
                          extra="&TIME=2020-01-01T06:00:00Z&COLORSCALERANGE=240,305"))
    for lon, lat in ((-90.0, 40.0), (90.0, -20.0), (-150.0, 0.0), (0.1, 60.0)):
        row, col = int((90 - lat) * 2), int((lon + 180) * 2)
        cx, cy = -180 + (col + 0.5) / 2, 90 - (row + 0.5) / 2
        expected = float(field.sel(longitude=cx % 360, latitude=cy, method="nearest"))
        got = _value_of_colour(rgba[row, col], 240, 305)
        assert got == pytest.approx(min(max(expected, 240), 305), abs=0.6), (lon, lat)


def test_projected_dataset_in_geographic_map(client, data_dir):
    import rasterio

    path = next(data_dir.glob("c_gls_NDVI300_*.tif"))
    with rasterio.open(path) as src:
        raw = src.read(1)
        transform, scale, offset = src.transform, src.scales[0], src.offsets[0]
    caps = _get(client, "SERVICE=WMS&REQUEST=GetCapabilities")
    name = next(n.text for n in ET.fromstring(caps.data).iter("{http://www.opengis.net/wms}Name")
                if n.text.startswith("clms-ndvi-italy/"))
    to_utm = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:32633", always_xy=True)
    for i, j in ((30, 40), (120, 100), (150, 20)):
        resp = _get(client, f"SERVICE=WMS&VERSION=1.3.0&REQUEST=GetFeatureInfo&LAYERS={name}"
                            f"&QUERY_LAYERS={name}&CRS=EPSG:4326&BBOX=41.5,12.5,42.5,13.9"
                            f"&WIDTH=200&HEIGHT=150&I={i}&J={j}&INFO_FORMAT=application/json")
        props = json.loads(resp.data)["features"][0]["properties"]
        lon, lat = 12.5 + (i + 0.5) * 1.4 / 200, 42.5 - (j + 0.5) * 1.0 / 150
        x, y = to_utm.transform(lon, lat)
        col, row = ~transform * (x, y)
        dn = raw[int(row), int(col)]
        if dn == 255:
            assert props["value"] is None
        else:
            assert props["value"] == pytest.approx(dn * scale + offset, abs=1e-5)
    rgba = _image(_getmap(client, layer=name, crs="EPSG:3857",
                          bbox="1390000,5090000,1540000,5240000", width=256, height=256))
    assert 0.05 < (rgba[..., 3] == 0).mean() < 0.9  # the tile's edge and the lake


def test_jpeg_and_opaque_png(client):
    resp = _getmap(client, fmt="image/jpeg")
    assert resp.headers["Content-Type"] == "image/jpeg"
    img = Image.open(io.BytesIO(resp.data))
    assert img.format == "JPEG" and img.size == (600, 170)
    rgba = _image(_getmap(client, extra="&TRANSPARENT=FALSE&BGCOLOR=0x00FF00"))
    row, col = _pixel_4326(14.0, 37.5)
    assert tuple(rgba[row, col]) == (0, 255, 0, 255)


def test_style_and_colorscalerange(client):
    resp = _getmap(client, style="balance", extra="&COLORSCALERANGE=280,300")
    rgba = _image(resp)
    assert resp.headers["X-Opendias-Style"] == "balance"
    row, col = _pixel_4326(18.0, 35.0)
    pal = _palette("balance")
    assert tuple(rgba[row, col, :3]) in {tuple(c) for c in pal}
    # a value below the range takes the lowest colour
    low = _image(_getmap(client, extra="&COLORSCALERANGE=300,310"))
    assert tuple(low[row, col, :3]) == tuple(_palette("thermal")[0])
    high = _image(_getmap(client, extra="&COLORSCALERANGE=250,260"))
    assert tuple(high[row, col, :3]) == tuple(_palette("thermal")[-1])


# --------------------------------------------------------------------------- info and legend
def test_getfeatureinfo_formats_and_111_xy(client, sst):
    base = ("SERVICE=WMS&REQUEST=GetFeatureInfo&LAYERS=med-sst-l4/analysed_sst"
            "&QUERY_LAYERS=med-sst-l4/analysed_sst&WIDTH=600&HEIGHT=170&TIME=2016-03-04")
    row, col = _pixel_4326(18.0, 35.0)
    expected = float(sst["analysed_sst"].sel(time="2016-03-04").sel(
        lon=-20 + (col + 0.5) * 0.1, lat=47 - (row + 0.5) * 0.1, method="nearest"))
    j130 = _get(client, base + f"&VERSION=1.3.0&CRS=EPSG:4326&BBOX=30,-20,47,40&I={col}"
                                f"&J={row}&INFO_FORMAT=application/json")
    assert j130.headers["Content-Type"].startswith("application/json")
    props = json.loads(j130.data)["features"][0]["properties"]
    assert props["value"] == pytest.approx(expected, abs=1e-3)
    assert props["units"] == "kelvin" and props["time"] == "2016-03-04T00:00:00Z"
    txt = _get(client, base + f"&VERSION=1.1.1&SRS=EPSG:4326&BBOX=-20,30,40,47&X={col}"
                              f"&Y={row}&INFO_FORMAT=text/plain")
    assert txt.headers["Content-Type"].startswith("text/plain")
    text = txt.get_data(as_text=True)
    assert f"value: {expected:.6g} kelvin" in text
    assert "time: 2016-03-04T00:00:00Z" in text
    htm = _get(client, base + f"&VERSION=1.3.0&CRS=CRS:84&BBOX=-20,30,40,47&I={col}"
                              f"&J={row}&INFO_FORMAT=text/html")
    assert htm.headers["Content-Type"].startswith("text/html")
    assert f"<td>{expected:.6g}</td>" in htm.get_data(as_text=True)
    # on land: no value
    row, col = _pixel_4326(14.0, 37.5)
    land = _get(client, base + f"&VERSION=1.3.0&CRS=CRS:84&BBOX=-20,30,40,47&I={col}"
                               f"&J={row}&INFO_FORMAT=application/json")
    assert json.loads(land.data)["features"][0]["properties"]["value"] is None


def test_legend_matches_range_and_units(client):
    from opendias.operations.render import styles

    resp = _get(client, "SERVICE=WMS&REQUEST=GetLegendGraphic&LAYER=med-sst-l4/analysed_sst"
                        "&STYLE=thermal&FORMAT=image/png&COLORSCALERANGE=283,291")
    assert resp.status_code == 200 and resp.headers["Content-Type"] == "image/png"
    img = Image.open(io.BytesIO(resp.data))
    assert img.text["colorscalerange"] == "283,291"
    assert img.text["units"] == "kelvin"
    rgba = np.asarray(img.convert("RGBA"))
    pal = _palette("thermal")
    col = 10
    bar = rgba[:, col, :3].astype(int)
    coloured = [r for r in range(rgba.shape[0]) if any((bar[r] == c).all() for c in pal[[0, -1]])]
    top, bottom = min(coloured), max(coloured)
    assert tuple(bar[top]) == tuple(pal[-1])  # the maximum at the top
    assert tuple(bar[bottom]) == tuple(pal[0])  # the minimum at the bottom
    # labels are drawn next to the bar (dark pixels right of it)
    assert (rgba[:, 30:, :3].sum(axis=2) < 200).sum() > 50
    # default legend: the same range GetMap uses by default
    default = _get(client, "SERVICE=WMS&REQUEST=GetLegendGraphic&LAYER=med-sst-l4/analysed_sst"
                           "&FORMAT=image/png")
    map_range = _getmap(client).headers["X-Opendias-Colorscalerange"]
    assert Image.open(io.BytesIO(default.data)).text["colorscalerange"] == map_range
    lo, hi = (float(v) for v in map_range.split(","))
    # a robust range of the data: inside the data's span, not far from it
    assert 280 < lo < hi < 296
    assert styles.STYLES["balance"].diverging


# --------------------------------------------------------------------------- errors
BASE = "SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&STYLES=&WIDTH=10&HEIGHT=10&FORMAT=image/png"
GOOD = f"{BASE}&LAYERS={SST_LAYER}&CRS=EPSG:4326&BBOX=30,-20,47,40"


@pytest.mark.parametrize("query, code", [
    (f"{BASE}&LAYERS=nope/analysed_sst&CRS=EPSG:4326&BBOX=30,-20,47,40", "LayerNotDefined"),
    (f"{BASE}&LAYERS=med-sst-l4/nope&CRS=EPSG:4326&BBOX=30,-20,47,40", "LayerNotDefined"),
    (GOOD.replace("STYLES=", "STYLES=rainbow"), "StyleNotDefined"),
    (GOOD.replace("EPSG:4326", "EPSG:2154"), "InvalidCRS"),
    (GOOD.replace("EPSG:4326", "EPSG:banana"), "InvalidCRS"),
    (GOOD + "&TIME=1999-01-01", "InvalidDimensionValue"),
    (GOOD + "&TIME=yesterday-ish", "InvalidDimensionValue"),
    (GOOD + "&TIME=2016-03-01,2016-03-02", "InvalidDimensionValue"),
    (GOOD + "&TIME=", "MissingDimensionValue"),
    (GOOD.replace(SST_LAYER, "med-physics/thetao") + "&ELEVATION=5000",
     "InvalidDimensionValue"),
    (GOOD.replace(SST_LAYER, "med-physics/thetao") + "&ELEVATION=deep",
     "InvalidDimensionValue"),
    (GOOD.replace(SST_LAYER, "med-physics/thetao") + "&ELEVATION=", "MissingDimensionValue"),
    (GOOD.replace("image/png", "image/gif"), "InvalidFormat"),
    (GOOD.replace("BBOX=30,-20,47,40", "BBOX=30,-20,47"), "InvalidParameterValue"),
    (GOOD.replace("BBOX=30,-20,47,40", "BBOX=47,-20,30,40"), "InvalidParameterValue"),
    (GOOD.replace("WIDTH=10", "WIDTH=ten"), "InvalidParameterValue"),
    (GOOD.replace("WIDTH=10", "WIDTH=100000"), "InvalidParameterValue"),
    (GOOD + "&COLORSCALERANGE=5,1", "InvalidParameterValue"),
    (GOOD + "&COLORSCALERANGE=abc", "InvalidParameterValue"),
    (GOOD + "&TRANSPARENT=maybe", "InvalidParameterValue"),
    (GOOD + "&BGCOLOR=red", "InvalidParameterValue"),
    (GOOD.replace("SERVICE=WMS", "SERVICE=WFS"), "InvalidParameterValue"),
    (GOOD.replace("&BBOX=30,-20,47,40", ""), "MissingParameterValue"),
    (GOOD.replace("&CRS=EPSG:4326", ""), "MissingParameterValue"),
    (GOOD.replace(f"&LAYERS={SST_LAYER}", ""), "MissingParameterValue"),
    (GOOD.replace("&WIDTH=10", ""), "MissingParameterValue"),
    ("SERVICE=WMS&VERSION=1.3.0", "MissingParameterValue"),
    ("SERVICE=WMS&VERSION=1.3.0&REQUEST=GetFeature", "OperationNotSupported"),
    ("SERVICE=WMS&VERSION=1.3.0&REQUEST=DescribeLayer", "OperationNotSupported"),
    ("SERVICE=WMS&VERSION=1.3.0&REQUEST=GetCapabilities&FORMAT=image/png", "InvalidFormat"),
    (GOOD.replace("GetMap", "GetFeatureInfo") + f"&QUERY_LAYERS={SST_LAYER}&I=50&J=5"
     "&INFO_FORMAT=application/json", "InvalidPoint"),
    (GOOD.replace("GetMap", "GetFeatureInfo") + f"&QUERY_LAYERS={SST_LAYER}&I=5&J=5"
     "&INFO_FORMAT=application/gml", "InvalidFormat"),
    (GOOD.replace("GetMap", "GetFeatureInfo") + f"&QUERY_LAYERS={SST_LAYER}&J=5"
     "&INFO_FORMAT=text/plain", "MissingParameterValue"),
    (GOOD.replace("GetMap", "GetFeatureInfo") + "&QUERY_LAYERS=nope/x&I=5&J=5",
     "LayerNotDefined"),
    ("SERVICE=WMS&REQUEST=GetLegendGraphic&LAYER=nope/x&FORMAT=image/png", "LayerNotDefined"),
    (f"SERVICE=WMS&REQUEST=GetLegendGraphic&LAYER={SST_LAYER}&STYLE=x&FORMAT=image/png",
     "StyleNotDefined"),
    (f"SERVICE=WMS&REQUEST=GetLegendGraphic&LAYER={SST_LAYER}&FORMAT=image/jpeg",
     "InvalidFormat"),
])
def test_errors_are_service_exception_reports(client, query, code):
    _wms_error(_get(client, query), code)


def test_errors_111(client):
    q = GOOD.replace("VERSION=1.3.0", "VERSION=1.1.1").replace("CRS=", "SRS=")
    _wms_error(_get(client, q.replace("EPSG:4326", "EPSG:2154")), "InvalidSRS",
               version="1.1.1")
    _wms_error(_get(client, q.replace(SST_LAYER, "nope/x")), "LayerNotDefined",
               version="1.1.1")


@pytest.mark.parametrize("junk", [
    "BBOX=nan,nan,nan,nan", "BBOX=-1e400,0,1e400,1", "WIDTH=-3", "HEIGHT=0",
    "TIME=2016-13-45", "TIME=..", "TIME=2016-03-01/1999-01-01", "ELEVATION=inf",
    "COLORSCALERANGE=nan,1", "STYLES=%00", "CRS=", "I=9999999999999999999999",
    "LAYERS=%2F", "LAYERS=med-sst-l4/", "LAYERS=,,,", "FORMAT=",
])
def test_garbage_is_never_a_500(client, junk):
    key = junk.split("=")[0]
    parts = [p for p in GOOD.split("&") if not p.startswith(key + "=")]
    resp = _get(client, "&".join(parts + [junk]))
    assert resp.status_code in (200, 400), (junk, resp.status_code, resp.data[:300])
    if resp.status_code == 400:
        assert ET.fromstring(resp.data).tag.endswith("ServiceExceptionReport")


# --------------------------------------------------------------------------- GDAL as a client
@pytest.fixture(scope="module")
def warm_server(live_server):
    """The live server with every worker's application built. GDAL fetches blocks in
    parallel; a gunicorn worker that meets its very first requests concurrently can drop them
    (the WSGI composition in opendias.web.app is built lazily without a lock: see the
    report), so the workers are warmed up first, with retries."""
    import requests
    from concurrent.futures import ThreadPoolExecutor

    url = (live_server.url + "/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS="
           + SST_LAYER + "&STYLES=&CRS=CRS:84&BBOX=10,35,11,36&WIDTH=8&HEIGHT=8"
           "&FORMAT=image/png")

    def one(k):
        for _ in range(20):
            try:
                if requests.get(url + f"&k={k}", timeout=60).status_code == 200:
                    return True
            except requests.RequestException:
                pass
        return False

    with ThreadPoolExecutor(8) as pool:
        assert all(pool.map(one, range(24)))
    return live_server


def _gdal_xml(url: str, tmp_path, layer=SST_LAYER, extra="", crs="CRS:84"):
    xml = f"""<GDAL_WMS>
  <Service name="WMS">
    <Version>1.3.0</Version>
    <ServerUrl>{url}/wms?TIME=2016-03-02T00:00:00Z{extra}</ServerUrl>
    <CRS>{crs}</CRS>{"<BBoxOrder>yxYX</BBoxOrder>" if crs == "EPSG:4326" else ""}
    <ImageFormat>image/png</ImageFormat>
    <Transparent>TRUE</Transparent>
    <Layers>{layer}</Layers>
    <Styles></Styles>
  </Service>
  <DataWindow>
    <UpperLeftX>-20</UpperLeftX><UpperLeftY>47</UpperLeftY>
    <LowerRightX>40</LowerRightX><LowerRightY>30</LowerRightY>
    <SizeX>1440</SizeX><SizeY>408</SizeY>
  </DataWindow>
  <Projection>OGC:CRS84</Projection>
  <BandsCount>4</BandsCount>
  <BlockSizeX>256</BlockSizeX><BlockSizeY>256</BlockSizeY>
</GDAL_WMS>"""
    path = tmp_path / f"sst_wms_{crs.replace(':', '_')}.xml"
    path.write_text(xml)
    return path


def test_gdal_reads_the_wms(warm_server, tmp_path, sst):
    live_server = warm_server
    import rasterio

    xml = _gdal_xml(live_server.url, tmp_path)
    info = subprocess.run(["gdalinfo", str(xml)], capture_output=True, text=True, timeout=120)
    assert info.returncode == 0, info.stderr
    assert "Size is 1440, 408" in info.stdout
    assert "Band 4" in info.stdout and "Alpha" in info.stdout
    # cut a window (Sicily and the Ionian Sea) at full resolution
    out = tmp_path / "window.tif"
    run = subprocess.run(["gdal_translate", "-q", "-projwin", "11", "40", "21", "34",
                          str(xml), str(out)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    with rasterio.open(out) as src:
        rgba = np.moveaxis(src.read(), 0, -1)
        transform = src.transform
        to_pixel = ~transform

        def at(lon, lat):
            col, row = to_pixel * (lon, lat)
            return rgba[int(row), int(col)]
        assert rgba.shape == (144, 240, 4)
        assert at(14.0, 37.5)[3] == 0  # Sicily
        sea = at(18.0, 35.0)
        assert sea[3] == 255
    # EPSG:4326 in WMS 1.3.0 is latitude first (GDAL needs to be told: BBoxOrder yxYX):
    # the same pixels
    xml4326 = _gdal_xml(live_server.url, tmp_path, crs="EPSG:4326")
    out4326 = tmp_path / "window4326.tif"
    run = subprocess.run(["gdal_translate", "-q", "-projwin", "11", "40", "21", "34",
                          str(xml4326), str(out4326)], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    with rasterio.open(out4326) as src:
        assert np.array_equal(np.moveaxis(src.read(), 0, -1), rgba)
    # the same window straight from the WMS, through GetMap with the default range
    resp = subprocess.run(["gdalinfo", "-json", "WMS:" + live_server.url + "/wms?SERVICE=WMS"
                           "&VERSION=1.3.0&REQUEST=GetMap&LAYERS=" + SST_LAYER +
                           "&CRS=CRS:84&BBOX=-20,30,40,47&FORMAT=image/png"],
                          capture_output=True, text=True, timeout=120)
    assert resp.returncode == 0, resp.stderr
    meta = json.loads(resp.stdout)
    assert meta["size"][0] > 0 and len(meta["bands"]) in (3, 4)
    import requests

    rng = requests.get(live_server.url + "/wms", params=dict(
        SERVICE="WMS", VERSION="1.3.0", REQUEST="GetMap", LAYERS=SST_LAYER, STYLES="",
        CRS="CRS:84", BBOX="17.9,34.9,18.1,35.1", WIDTH=4, HEIGHT=4, FORMAT="image/png",
        TIME="2016-03-02T00:00:00Z"), timeout=60).headers["X-Opendias-Colorscalerange"]
    lo, hi = (float(v) for v in rng.split(","))
    col, row = to_pixel * (18.0, 35.0)
    clon, clat = transform * (int(col) + 0.5, int(row) + 0.5)
    expected = float(sst["analysed_sst"].sel(time="2016-03-02").sel(lon=clon, lat=clat,
                                                                     method="nearest"))
    assert _value_of_colour(sea, lo, hi) == pytest.approx(expected, abs=0.12)


def test_gdal_sets_the_4326_axis_order_of_a_wms_url_itself(warm_server, tmp_path):
    """README's GDAL note, checked with GDAL 3.6 itself: given a `WMS:` GetMap URL with the
    standard EPSG:4326 BBOX of WMS 1.3.0 (latitude first), GDAL sets BBoxOrder yxYX by itself
    and reads the same pixels as through CRS:84; a service description written by hand
    without BBoxOrder sends lon/lat boxes (hence the README's advice)."""
    url = (f"{warm_server.url}/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS={SST_LAYER}"
           "&STYLES=&FORMAT=image/png&TRANSPARENT=TRUE&TIME=2016-03-02T00:00:00Z")
    made = subprocess.run(["gdal_translate", "-q", "-of", "WMS",
                           f"WMS:{url}&CRS=EPSG:4326&BBOX=30,-20,47,40",
                           str(tmp_path / "described.xml")], capture_output=True, text=True,
                          timeout=120)
    assert made.returncode == 0, made.stderr
    assert "<BBoxOrder>yxYX</BBoxOrder>" in (tmp_path / "described.xml").read_text()
    pictures = []
    for crs, bbox in (("EPSG:4326", "30,-20,47,40"), ("CRS:84", "-20,30,40,47")):
        out = tmp_path / f"{crs.replace(':', '_')}.tif"
        run = subprocess.run(["gdal_translate", "-q", "-outsize", "600", "170",
                              f"WMS:{url}&CRS={crs}&BBOX={bbox}", str(out)],
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        import rasterio

        with rasterio.open(out) as src:
            pictures.append(src.read())
    assert pictures[0].shape == (4, 170, 600)
    np.testing.assert_array_equal(pictures[0], pictures[1])
    row, col = _pixel_4326(18.0, 35.0)
    assert pictures[0][3, row, col] == 255 and pictures[0][3, *_pixel_4326(14.0, 37.5)] == 0
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    assert "boxes in lon/lat order even in WMS 1.3.0" not in readme
    assert "sets `BBoxOrder yxYX` itself" in readme


def test_gdal_capabilities_subdatasets(warm_server):
    live_server = warm_server
    run = subprocess.run(["gdalinfo", "WMS:" + live_server.url + "/wms?SERVICE=WMS"
                          "&VERSION=1.3.0&REQUEST=GetCapabilities"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "SUBDATASET_" in run.stdout
    assert "analysed_sst" in run.stdout and "med-sst-l4" in run.stdout


# --------------------------------------------------------------------------- OGC API - Maps
def test_maps_api_shares_the_renderer(client):
    resp = _get(client, "bbox=-20,30,40,47&width=600&height=170&datetime=2016-03-03T00:00:00Z"
                        "&properties=analysed_sst&f=png", "/collections/med-sst-l4/map")
    rgba = _image(resp)
    assert resp.headers["X-Opendias-Time"] == "2016-03-03T00:00:00Z"
    wms = _image(_getmap(client, extra="&TIME=2016-03-03T00:00:00Z"))
    assert np.array_equal(rgba, wms)
    # depth through subset, width alone keeps the aspect
    resp = _get(client, "bbox=10,30,30,40&width=200&subset=elevation(100)&properties=thetao",
                "/collections/med-physics/map")
    assert _image(resp).shape == (100, 200, 4)
    assert float(resp.headers["X-Opendias-Elevation"]) == pytest.approx(100.2, abs=0.01)
    # default: the whole dataset, first variable
    resp = _get(client, "f=png", "/collections/era5-single-levels/map")
    assert _image(resp).shape == (512, 1024, 4)
    jpeg = _get(client, "f=jpeg&width=64", "/collections/med-sst-l4/map")
    assert jpeg.headers["Content-Type"] == "image/jpeg"


@pytest.mark.parametrize("query, status", [
    ("properties=nope", 400), ("f=gif", 400), ("bbox=1,2,3", 400), ("datetime=1990-01-01", 400),
    ("crs=EPSG:2154", 400), ("width=0", 400), ("style=rainbow", 400),
    ("properties=analysed_sst,analysis_error", 400), ("subset=elevation", 400),
])
def test_maps_api_errors(client, query, status):
    resp = _get(client, query, "/collections/med-sst-l4/map")
    assert resp.status_code == status, resp.data[:300]
    body = json.loads(resp.data)
    assert body["status"] == status and body["detail"]
    assert _get(client, "f=png", "/collections/nope/map").status_code == 404


def test_every_layer_renders_and_answers(client):
    """Every layer of the capabilities (sample and real files: GRIB, multi-file NetCDF,
    projected GeoTIFFs) draws its default map and answers GetFeatureInfo at its centre."""
    ns = {"w": "http://www.opengis.net/wms"}
    root = ET.fromstring(_get(client, "SERVICE=WMS&REQUEST=GetCapabilities").data)
    layers = [el for el in root.iter("{http://www.opengis.net/wms}Layer")
              if el.findtext("w:Name", namespaces=ns)]
    assert len(layers) >= 12
    for el in layers:
        name = el.findtext("w:Name", namespaces=ns)
        box = next(b for b in el.findall("w:BoundingBox", ns) if b.get("CRS") == "CRS:84")
        bbox = ",".join(box.get(k) for k in ("minx", "miny", "maxx", "maxy"))
        resp = _getmap(client, layer=name, crs="CRS:84", bbox=bbox, width=128, height=96)
        rgba = _image(resp)
        assert rgba.shape == (96, 128, 4)
        assert (rgba[..., 3] == 255).any(), name  # something is drawn
        info = _get(client, f"SERVICE=WMS&VERSION=1.3.0&REQUEST=GetFeatureInfo&LAYERS={name}"
                            f"&QUERY_LAYERS={name}&CRS=CRS:84&BBOX={bbox}&WIDTH=128&HEIGHT=96"
                            "&I=64&J=48&INFO_FORMAT=application/json")
        assert info.status_code == 200, (name, info.data[:300])
        props = json.loads(info.data)["features"][0]["properties"]
        assert props["layer"] == name


def test_multi_file_dataset_values(client, data_dir):
    with xr.open_mfdataset(sorted((data_dir / "cams-europe-air-quality").glob("*.nc"))) as ds:
        field = ds["pm2p5"].sel(time="2021-01-03T12:00").load()
    for i, j in ((100, 50), (10, 90), (190, 10)):
        resp = _get(client, "SERVICE=WMS&VERSION=1.3.0&REQUEST=GetFeatureInfo"
                            "&LAYERS=cams-europe-pm2p5/pm2p5&QUERY_LAYERS=cams-europe-pm2p5/pm2p5"
                            "&CRS=EPSG:4326&BBOX=35,-10,55,30&WIDTH=200&HEIGHT=100"
                            f"&I={i}&J={j}&INFO_FORMAT=application/json"
                            "&TIME=2021-01-03T12:00:00Z")
        props = json.loads(resp.data)["features"][0]["properties"]
        lon, lat = -10 + (i + 0.5) * 0.2, 55 - (j + 0.5) * 0.2
        expected = float(field.sel(longitude=lon, latitude=lat, method="nearest"))
        assert props["value"] == pytest.approx(expected, rel=1e-6)
        assert props["time"] == "2021-01-03T12:00:00Z"


def test_lambert_azimuthal_3035_northing_first(client, sst):
    """EPSG:3035 (a projection, northing first in 1.3.0): values come through pyproj."""
    to_laea = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:3035", always_xy=True)
    from_laea = pyproj.Transformer.from_crs("EPSG:3035", "EPSG:4326", always_xy=True)
    e0, n0 = to_laea.transform(5.0, 35.0)
    e1, n1 = e0 + 1_500_000, n0 + 800_000
    field = sst["analysed_sst"].sel(time="2016-03-02")
    width, height = 300, 160
    bbox = f"{n0},{e0},{n1},{e1}"  # 1.3.0: northing, easting
    rgba = _image(_getmap(client, crs="EPSG:3035", bbox=bbox, width=width, height=height,
                          extra="&TIME=2016-03-02&COLORSCALERANGE=285,293"))
    rgba111 = _image(_getmap(client, crs="EPSG:3035", bbox=f"{e0},{n0},{e1},{n1}",
                             width=width, height=height, version="1.1.1",
                             extra="&TIME=2016-03-02&COLORSCALERANGE=285,293"))
    assert np.array_equal(rgba, rgba111)
    checked = 0
    for i, j in ((20, 20), (150, 80), (250, 140), (100, 30), (280, 10)):
        x = e0 + (i + 0.5) * (e1 - e0) / width
        y = n1 - (j + 0.5) * (n1 - n0) / height
        lon, lat = from_laea.transform(x, y)
        resp = _get(client, f"SERVICE=WMS&VERSION=1.3.0&REQUEST=GetFeatureInfo&LAYERS={SST_LAYER}"
                            f"&QUERY_LAYERS={SST_LAYER}&CRS=EPSG:3035&BBOX={bbox}&WIDTH={width}"
                            f"&HEIGHT={height}&I={i}&J={j}&INFO_FORMAT=application/json"
                            "&TIME=2016-03-02")
        props = json.loads(resp.data)["features"][0]["properties"]
        assert props["lon"] == pytest.approx(lon, abs=1e-6)
        expected = float(field.sel(lon=lon, lat=lat, method="nearest"))
        if math.isnan(expected):
            assert props["value"] is None and rgba[j, i, 3] == 0
        else:
            assert props["value"] == pytest.approx(expected, abs=1e-3)
            assert rgba[j, i, 3] == 255
            assert _value_of_colour(rgba[j, i], 285, 293) == pytest.approx(expected, abs=0.1)
            checked += 1
    assert checked >= 2


# --------------------------------------------------------------------------- renderer units
def _cube(ds: xr.Dataset):
    from opendias.catalogue import DatasetEntry
    from opendias.datacube import _build

    entry = DatasetEntry(id="unit", dataset_id="unit", title="unit", abstract="unit",
                         service="test", source={"path": "none.nc"})
    return _build(entry, ds.chunk())


def test_time_dimension_text_list_or_period():
    from opendias.operations.render.dimensions import time_values
    from opendias.web.wms.parameters import select_time

    lat, lon = np.arange(3.0), np.arange(4.0)
    many = pd_times = np.array(np.arange("2020-01-01", "2020-07-01", dtype="datetime64[D]"),
                               dtype="datetime64[ns]")
    ds = xr.Dataset({"v": (("time", "lat", "lon"), np.zeros((many.size, 3, 4)))},
                    coords={"time": pd_times, "lat": lat, "lon": lon})
    cube = _cube(ds)
    assert time_values(cube) == "2020-01-01T00:00:00Z/2020-06-30T00:00:00Z/P1D"
    assert select_time(cube, "2020-03-10T11:00:00Z")[0] == 69
    assert select_time(cube, "2020-03-10T13:00:00Z")[0] == 70
    assert select_time(cube, "2020-03-01/2020-03-05")[0] == 64
    irregular = _cube(ds.isel(time=[0, 1, 5, 9]))
    assert time_values(irregular) == ",".join(
        f"2020-01-{d:02d}T00:00:00Z" for d in (1, 2, 6, 10))
    six_hourly = _cube(ds.isel(time=slice(0, 4)).assign_coords(
        time=np.array(["2020-01-01T00", "2020-01-01T06", "2020-01-01T12", "2020-01-01T18"],
                      dtype="datetime64[ns]")))
    assert time_values(six_hourly, max_list=2).endswith("/PT6H")


def test_descending_latitude_and_wrapped_window():
    from opendias.operations.render.map_crs import layer_crs
    from opendias.operations.render.styles import colour_indices
    from opendias.operations.render.window import read_map

    lat = np.array([2.0, 1.0, 0.0, -1.0])  # descending, as ERA5
    lon = np.arange(0.0, 360.0, 90.0)  # 0..360, global, cyclic
    values = np.arange(16, dtype="f4").reshape(4, 4)
    cube = _cube(xr.Dataset({"v": (("lat", "lon"), values)}, coords={"lat": lat, "lon": lon}))
    _, crs84 = layer_crs("CRS:84", cube)
    # -170..190: pixel centres at lon -125, -35, 55, 145 -> 270, 0, 90, 180
    got = read_map(cube, "v", crs84, (-170, -1.5, 190, 2.5), 4, 4)
    expected_cols = [3, 0, 1, 2]
    rows = [int(np.argmin(np.abs(lat - c))) for c in (2.0, 1.0, 0.0, -1.0)]
    assert np.array_equal(got, values[np.ix_(rows, expected_cols)])
    # a -180..180 dataset, a window across the antimeridian: read as two pieces
    lon180 = np.array([-135.0, -45.0, 45.0, 135.0])
    cube = _cube(xr.Dataset({"v": (("lat", "lon"), values)},
                            coords={"lat": lat, "lon": lon180}))
    got = read_map(cube, "v", crs84, (90, -1.5, 270, 2.5), 2, 4)
    assert np.array_equal(got, values[np.ix_(rows, [3, 0])])
    # values above and below the range clamp to the ends of the palette, NaN is missing
    idx = colour_indices(np.array([[-5.0, 0.0, 10.0, np.nan]]), 0.0, 10.0)
    assert idx.tolist() == [[0, 0, 254, 255]]
