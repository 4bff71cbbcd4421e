"""The WMS front's own parsers (TIME, ELEVATION, COLORSCALERANGE, BGCOLOR, BBOX, CRS) and
the wording of the core's errors as WMS exceptions, without a server; and the capabilities
template's escaping."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest
import xarray as xr

from opendias.errors import InvalidParameter, MissingParameter, NotFound
from opendias.params import parse_crs
from opendias.web.wms import parameters as wp
from opendias.web.wms.errors import WmsError, map_error, wms_exception

OGC = "{http://www.opengis.net/ogc}"


def _cube(ds: xr.Dataset):
    from opendias.catalogue import DatasetEntry
    from opendias.datacube import _build

    entry = DatasetEntry(id="unit", dataset_id="unit", title="unit", abstract="unit",
                         service="test", source={"path": "none.nc"})
    return _build(entry, ds.chunk())


@pytest.fixture(scope="module")
def daily():
    """Ten daily steps 2020-01-01..10 at 00:00, three depths 5, 50, 500 m."""
    times = np.arange("2020-01-01", "2020-01-11", dtype="datetime64[D]").astype("M8[ns]")
    depth = xr.DataArray([5.0, 50.0, 500.0], dims="depth", attrs={"units": "m",
                                                                 "positive": "down"})
    ds = xr.Dataset({"v": (("time", "depth", "lat", "lon"), np.zeros((10, 3, 2, 2)))},
                    coords={"time": times, "depth": depth, "lat": [0.0, 1.0],
                            "lon": [0.0, 1.0]})
    return _cube(ds)


@pytest.fixture(scope="module")
def flat():
    return _cube(xr.Dataset({"v": (("lat", "lon"), np.zeros((2, 2)))},
                            coords={"lat": [0.0, 1.0], "lon": [0.0, 1.0]}))


def _day(index: int) -> str:
    return f"2020-01-{index + 1:02d}T00:00:00"


# --------------------------------------------------------------------------- TIME
@pytest.mark.parametrize("text, index", [
    (None, 9), ("current", 9), ("CURRENT", 9), (" now ", 9), ("present", 9),
    ("2020-01-03", 2), ("2020-01-03T00:00:00Z", 2), ("2020-01-03T00:00:00.000Z", 2),
    ("2020-01-03T11:00:00Z", 2), ("2020-01-03T13:00:00Z", 3), ("2020-01-03T01:00:00+02:00", 2),
    ("2019-12-31T12:00:00Z", 0), ("2020-01-10T20:00:00Z", 9),  # within a step of the ends
    ("2020-01-02/2020-01-05", 4), ("2020-01-02T00:00:00.000Z/2020-01-05T00:00:00.000Z", 4),
    ("../2020-01-05", 4), ("/2020-01-05", 4), ("2020-01-05/..", 9), ("2020-01-05/", 9),
    ("../..", 9), ("/", 9), ("2020-01-02/2020-01-05/P1D", 4),
    ("2020-01-04T12:00:00Z/2020-01-04T18:00:00Z", None),
])
def test_time_values(daily, text, index):
    if index is None:
        with pytest.raises(InvalidParameter) as err:
            wp.select_time(daily, text)
        assert err.value.parameter == "time" and "no time step" in err.value.detail
        return
    got, stamp = wp.select_time(daily, text)
    assert got == index
    assert str(stamp.isoformat()) == _day(index)


@pytest.mark.parametrize("text, words", [
    ("2020-01-01,2020-01-02", "not a list"), ("1999-01-01", "outside"),
    ("2020-02-01", "outside"), ("yesterday", "ISO 8601"), ("..", "ISO 8601"),
    ("2020-13-45", "ISO 8601"), ("NaN", "ISO 8601"), ("inf", "ISO 8601"),
    ("20200103", "ISO 8601"), ("2020-01-05/2020-01-02", "no time step"),
    ("2020-01-02/soon", "ISO 8601"),
])
def test_time_refused(daily, text, words):
    with pytest.raises(InvalidParameter) as err:
        wp.select_time(daily, text)
    assert err.value.parameter == "time"
    assert words in err.value.detail
    assert map_error(err.value).code == "InvalidDimensionValue"


def test_time_given_without_value_and_layers_without_time(daily, flat):
    for blank in ("", "  "):
        with pytest.raises(MissingParameter) as err:
            wp.select_time(daily, blank)
        assert map_error(err.value).code == "MissingDimensionValue"
    # a layer without a time axis ignores TIME (but not an empty one)
    assert wp.select_time(flat, "2020-01-01") == (None, None)
    assert wp.select_time(flat, None) == (None, None)
    with pytest.raises(MissingParameter):
        wp.select_time(flat, "")


# --------------------------------------------------------------------------- ELEVATION
@pytest.mark.parametrize("text, level", [
    (None, 5.0), ("5", 5.0), ("40", 50.0), ("-50", 50.0), (" 499.9 ", 500.0), ("0", 5.0),
    ("900", 500.0), ("5e1", 50.0),
])
def test_elevation_values(daily, text, level):
    index, value = wp.select_elevation(daily, text)
    assert value == level and index == [5.0, 50.0, 500.0].index(level)


@pytest.mark.parametrize("text", ["deep", "nan", "NaN", "inf", "-inf", "10,20", "1000",
                                  "-1000", "5 m"])
def test_elevation_refused(daily, text):
    with pytest.raises(InvalidParameter) as err:
        wp.select_elevation(daily, text)
    assert err.value.parameter == "elevation"
    assert map_error(err.value).code == "InvalidDimensionValue"


def test_elevation_missing_and_layers_without_levels(daily, flat):
    with pytest.raises(MissingParameter) as err:
        wp.select_elevation(daily, " ")
    assert map_error(err.value).code == "MissingDimensionValue"
    assert wp.select_elevation(flat, "deep") == (None, None)


# --------------------------------------------------------------------------- colours
@pytest.mark.parametrize("text, expected", [
    (None, None), ("", None), ("default", None), ("AUTO", None), ("280,300", (280.0, 300.0)),
    (" -1.5 , 2e1 ", (-1.5, 20.0)),
])
def test_colour_range(text, expected):
    assert wp.parse_colour_range(text) == expected


@pytest.mark.parametrize("text", ["5,1", "1,1", "abc", "1", "1,2,3", "nan,1", "1,inf",
                                  "-inf,0", ","])
def test_colour_range_refused(text):
    with pytest.raises(InvalidParameter) as err:
        wp.parse_colour_range(text)
    assert err.value.parameter == "COLORSCALERANGE"
    with pytest.raises(InvalidParameter) as err:
        wp.parse_colour_range(text, parameter="colorscalerange")
    assert err.value.detail.startswith("colorscalerange")


@pytest.mark.parametrize("text, rgb", [
    (None, (255, 255, 255)), ("", (255, 255, 255)), ("0x00FF00", (0, 255, 0)),
    ("0xff8000", (255, 128, 0)), ("#102030", (16, 32, 48)), ("102030", (16, 32, 48)),
])
def test_bgcolor(text, rgb):
    assert wp.parse_bgcolor(text) == rgb


@pytest.mark.parametrize("text", ["red", "0x12345", "0x1234567", "0xGGGGGG", "#12"])
def test_bgcolor_refused(text):
    with pytest.raises(InvalidParameter) as err:
        wp.parse_bgcolor(text)
    assert err.value.parameter == "BGCOLOR"


# --------------------------------------------------------------------------- BBOX and CRS
def test_bbox_axis_order_and_antimeridian():
    crs4326, crs84 = parse_crs("EPSG:4326"), parse_crs("CRS:84")
    assert wp.bbox({"BBOX": "30,-20,47,40"}, crs4326, "1.3.0") == [-20, 30, 40, 47]
    assert wp.bbox({"BBOX": "-20,30,40,47"}, crs4326, "1.1.1") == [-20, 30, 40, 47]
    assert wp.bbox({"BBOX": "-20,30,40,47"}, crs84, "1.3.0") == [-20, 30, 40, 47]
    assert wp.bbox({"BBOX": "170,-10,-170,10"}, crs84, "1.3.0") == [170, -10, 190, 10]
    for text in ("1,2,3", "1,2,3,4,5,6", "nan,0,1,1", "0,0,1e400,1", "a,b,c,d", "0,3,1,1"):
        with pytest.raises(InvalidParameter) as err:
            wp.bbox({"BBOX": text}, crs84, "1.3.0")
        assert err.value.parameter == "BBOX"
    with pytest.raises(WmsError) as err:
        wp.bbox({}, crs84, "1.3.0")
    assert err.value.code == "MissingParameterValue"


def test_crs_offered_and_refused(flat):
    assert wp.crs({"CRS": "urn:ogc:def:crs:EPSG::4326"}, "1.3.0", flat)[0] == "EPSG:4326"
    assert wp.crs({"CRS": "EPSG:900913"}, "1.3.0", flat)[0] == "EPSG:3857"
    assert wp.crs({"SRS": "EPSG:3857"}, "1.1.1", flat)[0] == "EPSG:3857"
    assert wp.crs({"CRS": "http://www.opengis.net/def/crs/OGC/1.3/CRS84"}, "1.3.0",
                  flat)[0] == "CRS:84"
    for name in ("EPSG:2154", "EPSG:banana"):
        with pytest.raises(InvalidParameter) as err:
            wp.crs({"CRS": name}, "1.3.0", flat)
        assert err.value.parameter == "crs"
        assert map_error(err.value).code == "InvalidCRS"


# --------------------------------------------------------------------------- exception reports
def _report(err, version="1.3.0"):
    resp = wms_exception(err, version)
    exc = ET.fromstring(resp.data).find(f"{OGC}ServiceException" if version == "1.3.0"
                                        else "ServiceException")
    return resp.status_code, exc.get("code"), exc.get("locator")


def test_core_errors_as_wms_codes_and_locators():
    assert _report(InvalidParameter("x", parameter="time")) == \
        (400, "InvalidDimensionValue", "TIME")
    assert _report(MissingParameter("x", parameter="elevation")) == \
        (400, "MissingDimensionValue", "ELEVATION")
    assert _report(InvalidParameter("x", parameter="style")) == \
        (400, "StyleNotDefined", "STYLES")
    assert _report(InvalidParameter("x", parameter="crs")) == (400, "InvalidCRS", "CRS")
    assert _report(InvalidParameter("x", parameter="crs"), "1.1.1") == \
        (400, "InvalidSRS", "SRS")
    assert _report(InvalidParameter("x", parameter="format")) == \
        (400, "InvalidFormat", "FORMAT")
    assert _report(InvalidParameter("x", parameter="BBOX")) == \
        (400, "InvalidParameterValue", "BBOX")
    assert _report(NotFound("x")) == (404, "LayerNotDefined", None)


# --------------------------------------------------------------------------- capabilities
def test_capabilities_escape_catalogue_text(flat):
    from opendias.web.wms.capabilities import build_capabilities
    from opendias.web.wms.handlers import INFO_FORMATS

    class Entry:
        id = "unit"
        title = 'Sea & "ice" <north>'
        abstract = "it's < 5 & > 1"
        service = "A&B"
        dataset_id = "x<y"
        tags = ['"quoted"']

    for version, ns in (("1.3.0", "{http://www.opengis.net/wms}"), ("1.1.1", "")):
        body = build_capabilities(version, "http://h/wms?a=1&b=2", [(Entry, flat)],
                                  INFO_FORMATS)
        assert body.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')
        root = ET.fromstring(body)
        group = root.find(f"{ns}Capability/{ns}Layer/{ns}Layer")
        assert group.findtext(f"{ns}Title") == Entry.title
        # the catalogue's text, unescaped back exactly, then what its extent means
        from opendias.datacube import EXTENT_NOTE

        assert group.findtext(f"{ns}Abstract") == f"{Entry.abstract} {EXTENT_NOTE}"
        words = [k.text for k in group.find(f"{ns}KeywordList")]
        assert words == ["A&B", "x<y", '"quoted"']
        layer = group.find(f"{ns}Layer")
        assert layer.findtext(f"{ns}Name") == "unit/v"
        legend = layer.find(f"{ns}Style/{ns}LegendURL/{ns}OnlineResource")
        assert legend.get("{http://www.w3.org/1999/xlink}href").startswith(
            "http://h/wms?a=1&b=2?SERVICE=WMS&REQUEST=GetLegendGraphic")
