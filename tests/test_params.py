"""The request-parameter parsers of opendias.params, on their own (no server): every front
calls these, so their edge cases are checked once here."""

from __future__ import annotations

import math

import pandas as pd
import pyproj
import pytest
import shapely

from opendias.errors import InvalidParameter
from opendias.params import (CRS84, bbox_xy, crs_name, northing_first, parse_bbox, parse_crs,
                             parse_datetime, parse_features, parse_frequency, parse_geometry,
                             parse_instant, parse_interval, parse_method, parse_reference,
                             parse_resolution, parse_stats, parse_subset)


def _refused(fn, *args, expect: str, words=(), **kwargs):
    """fn(*args, **kwargs) raises InvalidParameter naming `expect`, with these words."""
    with pytest.raises(InvalidParameter) as info:
        fn(*args, **kwargs)
    assert info.value.parameter == expect
    for word in words:
        assert word in info.value.detail
    return info.value


# --------------------------------------------------------------------------- bbox
def test_bbox_values():
    assert parse_bbox("12,40,20,46") == [12.0, 40.0, 20.0, 46.0]
    assert parse_bbox([170, -10, -170, 10]) == [170.0, -10.0, -170.0, 10.0]  # antimeridian
    assert parse_bbox("12,40,0,20,46,100") == [12.0, 40.0, 20.0, 46.0]  # 3-D box: z dropped
    assert parse_bbox(" 1e1 , 2,3 ,4 ") == [10.0, 2.0, 3.0, 4.0]


@pytest.mark.parametrize("value, words", [
    ("1,2,3", ["4 numbers", "got 3"]),
    ("1,2,3,4,5", ["got 5"]),
    ("a,b,c,d", ["must be numbers"]),
    ("nan,1,2,3", ["finite"]),
    ("1,inf,2,3", ["finite"]),
    ("1,2,-inf,3", ["finite"]),
    ("1" + "0" * 400 + ",1,2,3", ["finite"]),  # overflows to inf
    ([1, None, 2, 3], ["must be numbers"]),
])
def test_bbox_refused(value, words):
    _refused(parse_bbox, value, expect="bbox", words=words)


def test_bbox_named_as_the_front_names_it():
    _refused(parse_bbox, "1,2", expect="BBOX", parameter="BBOX", words=["BBOX"])
    _refused(parse_bbox, "1,2,3,4,5,6", expect="BBOX", parameter="BBOX", allow_z=False)


def test_bbox_axis_order_follows_the_crs():
    epsg4326 = parse_crs("EPSG:4326")
    assert northing_first(epsg4326) and not northing_first(CRS84)
    assert bbox_xy([40, 12, 46, 20], epsg4326) == [12, 40, 20, 46]
    assert bbox_xy([12, 40, 20, 46], CRS84) == [12, 40, 20, 46]
    assert bbox_xy([1, 2, 3, 4], parse_crs("EPSG:3857")) == [1, 2, 3, 4]


# --------------------------------------------------------------------------- CRS
@pytest.mark.parametrize("text, name", [
    ("EPSG:3035", "EPSG:3035"),
    ("epsg:4326", "EPSG:4326"),
    ("3035", "EPSG:3035"),
    ("http://www.opengis.net/def/crs/EPSG/0/3035", "EPSG:3035"),
    ("https://www.opengis.net/def/crs/OGC/1.3/CRS84", "CRS:84"),
    ("http://www.opengis.net/def/crs/OGC/0/CRS84", "CRS:84"),
    ("urn:ogc:def:crs:EPSG::4326", "EPSG:4326"),
    ("urn:ogc:def:crs:OGC:1.3:CRS84", "CRS:84"),
    ("[EPSG:3035]", "EPSG:3035"),
    ("CRS:84", "CRS:84"), ("crs84", "CRS:84"), ("OGC:CRS84", "CRS:84"),
    ("EPSG:900913", "EPSG:3857"), ("EPSG:102100", "EPSG:3857"),
    ("", "CRS:84"), (None, "CRS:84"),
])
def test_crs_names(text, name):
    assert crs_name(parse_crs(text)) == name


def test_crs_wkt_and_objects():
    crs = pyproj.CRS.from_epsg(32633)
    assert parse_crs(crs) is crs
    assert crs_name(parse_crs(crs.to_wkt())) == "EPSG:32633"


@pytest.mark.parametrize("text", ["EPSG:0", "EPSG:99999999", "not a crs",
                                  "http://www.opengis.net/def/crs/EPSG/0/nope"])
def test_crs_refused(text):
    _refused(parse_crs, text, expect="bbox-crs", words=["CRS", "EPSG:3035"])
    _refused(parse_crs, text, expect="crs", parameter="crs")


# --------------------------------------------------------------------------- datetime
def test_datetime_instants_and_days():
    assert parse_datetime("2016-03-01T12:00:00Z") == (pd.Timestamp("2016-03-01T12:00"),) * 2
    start, end = parse_datetime("2016-03-01")
    assert start == pd.Timestamp("2016-03-01") and end == pd.Timestamp("2016-03-01T23:59:59.999999")
    start, end = parse_datetime("2016-02")
    assert end == pd.Timestamp("2016-02-29T23:59:59.999999")  # a leap year's February
    start, end = parse_datetime("2016")
    assert (start, end) == (pd.Timestamp("2016-01-01"), pd.Timestamp("2016-12-31T23:59:59.999999"))
    # time zones become UTC
    assert parse_datetime("2016-03-01T12:00:00+02:00")[0] == pd.Timestamp("2016-03-01T10:00")


def test_datetime_open_intervals():
    assert parse_datetime("../..") == (None, None)
    assert parse_datetime("2016-03-01/..") == (pd.Timestamp("2016-03-01"), None)
    assert parse_datetime("/2016-03-02") == (None, pd.Timestamp("2016-03-02T23:59:59.999999"))
    assert parse_datetime("2016-03-01/2016-03-31")[1] == pd.Timestamp("2016-03-31T23:59:59.999999")
    assert parse_interval("*", "2016-03-02", open_ends=("*",))[0] is None


@pytest.mark.parametrize("value, words", [
    ("", ["empty"]), ("..", ["../.."]), ("yesterday", ["invalid datetime"]),
    ("2016-13-45", ["invalid datetime"]), ("0000-01-01", ["outside the times"]), ("3000-01-01", ["outside"]),
    ("2016-03-01/2016-03-02/2016-03-03", ["start/end"]),
    ("2016-03-05/2016-03-01", ["ends before it starts"]),
    ("20160301", ["invalid datetime"]), ("2016-03-01T25:00:00Z", ["invalid datetime"]),
    ("99999-01-01", ["outside the times this service handles"]),
])
def test_datetime_refused(value, words):
    _refused(parse_datetime, value, expect="datetime", words=words)


def test_instant_names_its_parameter():
    err = _refused(parse_instant, "soon", expect="TIME", parameter="TIME")
    assert err.detail.startswith("invalid TIME 'soon'")


# --------------------------------------------------------------------------- subset
def test_subset_grammar():
    assert parse_subset('lat(40:46),time("2016-03-01":"2016-03-03"),depth(5)') == {
        "lat": ("40", "46"), "time": ("2016-03-01", "2016-03-03"), "depth": ("5",)}
    assert parse_subset(["lon(10:20)", "time(*:2016-03-02)"]) == {
        "lon": ("10", "20"), "time": ("*", "2016-03-02")}
    # times hold colons of their own, quoted or not
    assert parse_subset('time("2016-03-01T12:00:00Z")') == {"time": ("2016-03-01T12:00:00Z",)}
    assert parse_subset("time(2016-03-01T12:00:00Z)") == {"time": ("2016-03-01T12:00:00Z",)}
    assert parse_subset("time(2016-03-01T00:00:00Z:2016-03-02T00:00:00Z)") == {
        "time": ("2016-03-01T00:00:00Z", "2016-03-02T00:00:00Z")}
    assert parse_subset("Lat( -10 : 10 )") == {"Lat": ("-10", "10")}


@pytest.mark.parametrize("value, words", [
    ("lat(1:2:3)", ["axis 'lat'"]), ("lat()", ["axis 'lat'"]), ("lat(1:)", ["axis 'lat'"]),
    ("lat(1),lat(2)", ["twice"]), ("lat(1) x", ["invalid subset"]), ("lat", ["axis(low:high)"]),
    ("lat(1);lon(2)", ["invalid subset"]),
])
def test_subset_refused(value, words):
    _refused(parse_subset, value, expect="subset", words=words)


# --------------------------------------------------------------------------- geometry
def test_geometry_wkt_and_geojson():
    poly = parse_geometry("POLYGON((12 40,14 40,14 42,12 42,12 40))")
    assert poly.geom_type == "Polygon" and poly.bounds == (12, 40, 14, 42)
    same = parse_geometry({"type": "Polygon",
                           "coordinates": [[[12, 40], [14, 40], [14, 42], [12, 42], [12, 40]]]})
    assert same.equals(poly)
    feature = {"type": "Feature", "properties": {}, "geometry": same.__geo_interface__}
    assert parse_geometry(feature).equals(poly)
    assert parse_geometry('{"type": "Point", "coordinates": [12.5, 41.9]}').x == 12.5
    assert parse_geometry(shapely.Point(1, 2)).y == 2


@pytest.mark.parametrize("value, words", [
    ("POLYGON((0 0, 1 1))", ["does not parse"]),
    ("not wkt", ["does not parse"]),
    ("POLYGON EMPTY", ["empty"]),
    ("POLYGON((0 0,2 2,2 0,0 2,0 0))", ["not valid", "Self-intersection"]),
    ({"type": "Polygon"}, ["does not parse"]),
    ("{" * 100_000, ["does not parse"]),
])
def test_geometry_refused(value, words):
    _refused(parse_geometry, value, expect="coords", words=words)
    _refused(parse_geometry, value, expect="polygon", parameter="polygon")


def test_features():
    fc = {"type": "FeatureCollection", "features": [{"type": "Feature", "id": "a"}]}
    assert parse_features(fc) == fc["features"]
    assert parse_features('{"type": "Feature", "id": "b"}') == [{"type": "Feature", "id": "b"}]
    assert parse_features([{"id": 1}, {"id": 2}]) == [{"id": 1}, {"id": 2}]
    for bad, words in (({"type": "Polygon"}, ["FeatureCollection"]), ("{not json", ["GeoJSON"]),
                       ({"type": "FeatureCollection", "features": []}, ["no feature"]), (5, [])):
        _refused(parse_features, bad, expect="features", words=words)


# --------------------------------------------------------------------------- computations
def test_stats():
    assert parse_stats(None) == ["mean"]
    assert parse_stats("mean, max,avg") == ["mean", "max"]
    assert parse_stats(["P90", "percentile_99.9", "median"]) == ["p90", "p99.9", "median"]
    _refused(parse_stats, "p100", expect="stats", words=["between 0 and 100"])
    _refused(parse_stats, "mode", expect="stats", words=["unknown statistic 'mode'"])
    _refused(parse_stats, "", expect="stats")
    _refused(parse_stats, "p50", expect="stats", allowed=("mean",), percentiles=False,
             words=["unknown"])


def test_frequency_and_reference():
    assert [parse_frequency(f) for f in ("daily", "MON", "seasonal", "annual")] == [
        "day", "month", "season", "year"]
    _refused(parse_frequency, "fortnight", expect="frequency")
    _refused(parse_frequency, None, expect="frequency")
    start, end, text = parse_reference(("1991-01-01", "2020-12-31"))
    assert (start, text) == (pd.Timestamp("1991-01-01"), "1991-01-01/2020-12-31")
    assert end == pd.Timestamp("2020-12-31T23:59:59.999999")
    assert parse_reference("2016")[:2] == parse_datetime("2016")
    assert parse_reference((None, "2000"))[0] is None
    _refused(parse_reference, ("2000",), expect="reference", words=["period"])
    _refused(parse_reference, "2016-13-01/2017-01-01", expect="reference",
             words=["reference period"])


def test_method_and_resolution():
    assert parse_method(None) == "bilinear"
    assert [parse_method(m) for m in ("linear", "NN", "con", "conservative")] == [
        "bilinear", "nearest", "conservative", "conservative"]
    _refused(parse_method, "cubic", expect="method", words=["bilinear, nearest"])
    assert parse_resolution(0.25) == (0.25, 0.25)
    assert parse_resolution("0.5,0.25") == (0.5, 0.25)
    assert parse_resolution("0.5 0.25") == (0.5, 0.25)
    assert parse_resolution([1000, 2000]) == (1000.0, 2000.0)
    for bad in ("a", [1, 2, 3], "nan", [math.inf], 0, "-1", "1e999"):
        _refused(parse_resolution, bad, expect="resolution")


def test_names():
    from opendias.params import parse_names

    assert parse_names(None, parameter="properties") is None
    assert parse_names("a, b,a", parameter="properties") == ["a", "b"]
    assert parse_names(["a", "b,c", " "], parameter="status") == ["a", "b", "c"]
    _refused(parse_names, " , ", expect="properties", parameter="properties",
             words=["properties is empty"])
    _refused(parse_names, [], expect="status", parameter="status")
    assert parse_names("", parameter="properties", empty_ok=True) is None
