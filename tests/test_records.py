"""The dataset catalogue as OGC API - Records: search, ranking, facets, records, errors.

Through the whole WSGI application (`client`) over the test catalogue: 5 sample datasets
(med-sst-l4, era5-single-levels, med-physics, clms-ndvi-italy, cams-europe-pm2p5) and the 4
real-file datasets (real-cmems-ibi-thetao, real-cmems-arco-thetao, real-era5-grib,
real-clms-forest-type).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ITEMS = "/collections/catalogue/items"
ALL = ["med-sst-l4", "era5-single-levels", "med-physics", "clms-ndvi-italy",
       "cams-europe-pm2p5", "real-cmems-ibi-thetao", "real-cmems-arco-thetao",
       "real-era5-grib", "real-clms-forest-type"]


def items(client, **params):
    resp = client.get(ITEMS, query_string={"limit": 50, **params})
    assert resp.status_code == 200, resp.get_data(as_text=True)
    return resp.get_json()


def ids(doc):
    return [f["id"] for f in doc["features"]]


# --------------------------------------------------------------------------- listing

def test_all_records_in_registry_order_with_facets(client):
    doc = items(client)
    assert ids(doc) == ALL
    assert doc["numberMatched"] == 9 and doc["numberReturned"] == 9
    facets = doc["facets"]
    assert facets["service"] == {"CMEMS": 4, "C3S": 2, "CLMS": 2, "CAMS": 1}
    assert list(facets["service"]) == ["CMEMS", "C3S", "CLMS", "CAMS"]   # most frequent first
    assert facets["area"] == {"Europe": 4, "Global": 2, "Mediterranean Sea": 2,
                              "Iberia-Biscay-Ireland": 1}
    assert facets["time_category"] == {"Multi-year": 2, "Reanalysis": 2, "Near real time": 1}
    assert facets["centre"]["ECMWF"] == 1 and len(facets["centre"]) == 5
    assert facets["policy"] == {"Copernicus Marine Service licence": 2,
                                "Licence to use Copernicus Products": 2,
                                "Copernicus Land Monitoring Service data policy": 1}
    assert facets["tags"]["ocean"] == 4 and facets["tags"]["reanalysis"] == 3
    assert facets["tags"]["land"] == 2 and facets["tags"]["forest"] == 1


# --------------------------------------------------------------------------- free text

def test_q_single_match(client):
    doc = items(client, q="sst")
    assert ids(doc) == ["med-sst-l4"]
    assert doc["numberMatched"] == 1
    assert doc["facets"]["service"] == {"CMEMS": 1}
    assert doc["features"][0]["properties"]["score"] > 0


def test_q_ranking_by_relevance(client):
    doc = items(client, q="sea surface temperature")
    # every word must occur: only the two Mediterranean ocean datasets hold all three;
    # the SST dataset has the whole phrase in its title and ranks first
    assert ids(doc) == ["med-sst-l4", "med-physics"]
    scores = [f["properties"]["score"] for f in doc["features"]]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[1]


def test_q_title_weighs_more(client):
    # "thetao" is the variable of three datasets; the two whose title names it come first
    doc = items(client, q="thetao")
    assert set(ids(doc)[:2]) == {"real-cmems-ibi-thetao", "real-cmems-arco-thetao"}
    assert ids(doc)[2] == "med-physics"
    assert doc["numberMatched"] == 3
    # "forest" only in one title/tag
    assert ids(items(client, q="Forest")) == ["real-clms-forest-type"]


def test_q_searches_variables_ids_and_centre(client):
    # standard name of the CAMS variable, dataset_id words, originating centre
    assert ids(items(client, q="mass_concentration_of_pm2p5_ambient_aerosol_particles_in_air")) \
        == ["cams-europe-pm2p5"]
    assert ids(items(client, q="SST_MED_SST_L4_REP_OBSERVATIONS_010_021")) == ["med-sst-l4"]
    assert ids(items(client, q="vito")) == ["clms-ndvi-italy"]
    assert ids(items(client, q="PM2.5")) == ["cams-europe-pm2p5"]


def test_q_comma_is_or(client):
    doc = items(client, q="air quality,ndvi")
    assert ids(doc) == ["cams-europe-pm2p5", "clms-ndvi-italy"]
    assert doc["facets"]["service"] == {"CAMS": 1, "CLMS": 1}


def test_q_ranking_with_facet_filter_and_facet_counts(client):
    doc = items(client, q="temperature")
    assert doc["numberMatched"] == 6
    assert doc["facets"]["service"] == {"CMEMS": 4, "C3S": 2}
    # the real ERA5 GRIB's t2m has its standard name (air_temperature, from ecCodes' tables)
    assert ids(doc)[:3] == ["med-physics", "real-era5-grib", "med-sst-l4"]
    doc = items(client, q="temperature", service="c3s")
    assert ids(doc) == ["real-era5-grib", "era5-single-levels"]   # title names it first
    assert doc["facets"]["service"] == {"C3S": 2}


def test_q_without_match(client):
    doc = items(client, q="volcano")
    assert doc["features"] == [] and doc["numberMatched"] == 0
    assert doc["facets"]["service"] == {}


# --------------------------------------------------------------------------- facets

@pytest.mark.parametrize("params, expected", [
    ({"service": "cmems"}, ["med-sst-l4", "med-physics", "real-cmems-ibi-thetao",
                            "real-cmems-arco-thetao"]),
    ({"service": "CMEMS,C3S"}, ["med-sst-l4", "era5-single-levels", "med-physics",
                                "real-cmems-ibi-thetao", "real-cmems-arco-thetao",
                                "real-era5-grib"]),
    ({"area": "EUROPE"}, ["clms-ndvi-italy", "cams-europe-pm2p5", "real-era5-grib",
                          "real-clms-forest-type"]),
    ({"time_category": "reanalysis"}, ["era5-single-levels", "cams-europe-pm2p5"]),
    ({"centre": "cnr-ismar (it)"}, ["med-sst-l4"]),
    ({"policy": "licence to use copernicus products"}, ["era5-single-levels",
                                                        "cams-europe-pm2p5"]),
    ({"tags": "Ocean"}, ["med-sst-l4", "med-physics", "real-cmems-ibi-thetao",
                         "real-cmems-arco-thetao"]),
    ({"tags": "sea surface temperature"}, ["med-sst-l4"]),
    ({"tags": "ocean", "area": "global"}, ["real-cmems-arco-thetao"]),
])
def test_facet_filters(client, params, expected):
    doc = items(client, **params)
    assert ids(doc) == expected
    assert doc["numberMatched"] == len(expected)


def test_facet_counts_follow_the_filters(client):
    doc = items(client, area="Europe")
    assert doc["facets"]["service"] == {"CLMS": 2, "C3S": 1, "CAMS": 1}
    assert doc["facets"]["tags"]["land"] == 2


# --------------------------------------------------------------------------- space, time

def test_bbox_intersects_extent(client):
    doc = items(client, bbox="10,35,20,40")
    assert ids(doc) == ["med-sst-l4", "era5-single-levels", "med-physics",
                        "cams-europe-pm2p5", "real-era5-grib", "real-clms-forest-type"]
    assert doc["facets"]["service"] == {"C3S": 2, "CMEMS": 2, "CAMS": 1, "CLMS": 1}


def test_bbox_across_antimeridian(client):
    assert ids(items(client, bbox="170,-10,-170,10")) == ["era5-single-levels"]
    # a small box on Rome: the NDVI tile and every extent that covers central Italy
    assert ids(items(client, bbox="12.9,41.9,13.0,42.0")) == [
        "med-sst-l4", "era5-single-levels", "med-physics", "clms-ndvi-italy",
        "cams-europe-pm2p5", "real-era5-grib"]
    # bbox in 0..360 longitudes
    assert ids(items(client, bbox="350,35,355,36")) == ids(items(client, bbox="-10,35,-5,36"))


@pytest.mark.parametrize("dt, expected", [
    ("2020-01-02", ["med-physics", "real-cmems-ibi-thetao"]),
    ("2021-01-01T00:00:00Z/..", ["cams-europe-pm2p5", "real-cmems-ibi-thetao",
                                 "real-cmems-arco-thetao"]),
    ("../2016-12-31", ["med-sst-l4", "real-cmems-ibi-thetao"]),
    ("2020-06", ["clms-ndvi-italy", "real-cmems-ibi-thetao"]),
])
def test_datetime_intersects_temporal_extent(client, dt, expected):
    assert ids(items(client, datetime=dt)) == expected


def test_combined_q_bbox_datetime_facet(client):
    doc = items(client, q="temperature", bbox="-20,30,40,50", datetime="2016/2020-12-31",
                service="CMEMS")
    assert ids(doc) == ["med-physics", "med-sst-l4", "real-cmems-ibi-thetao"]
    assert doc["facets"]["area"] == {"Mediterranean Sea": 2, "Iberia-Biscay-Ireland": 1}


# --------------------------------------------------------------------------- paging, sorting

def test_paging_keeps_counts_and_facets(client):
    first = client.get(ITEMS, query_string={"service": "CMEMS", "limit": 2}).get_json()
    assert ids(first) == ["med-sst-l4", "med-physics"]
    assert first["numberMatched"] == 4 and first["numberReturned"] == 2
    assert first["facets"]["service"] == {"CMEMS": 4}
    assert any(link["rel"] == "next" for link in first["links"])
    second = client.get(ITEMS, query_string={"service": "CMEMS", "limit": 2,
                                             "offset": 2}).get_json()
    assert ids(second) == ["real-cmems-ibi-thetao", "real-cmems-arco-thetao"]
    assert second["numberMatched"] == 4 and second["numberReturned"] == 2
    past = client.get(ITEMS, query_string={"service": "CMEMS", "offset": 10}).get_json()
    assert past["features"] == [] and past["numberMatched"] == 4


def test_sortby_overrides_relevance(client):
    doc = items(client, q="temperature", sortby="title")
    titles = [f["properties"]["title"] for f in doc["features"]]
    assert titles == sorted(titles, key=str.lower)
    doc = items(client, sortby="-service,title", area="Europe")
    # services descending (clms > cams > c3s), then titles ascending
    assert ids(doc) == ["real-clms-forest-type", "clms-ndvi-italy", "cams-europe-pm2p5",
                        "real-era5-grib"]


def test_resulttype_hits(client):
    doc = items(client, tags="ocean", resulttype="hits")
    assert doc["features"] == [] and doc["numberMatched"] == 4


# --------------------------------------------------------------------------- records

def test_record_model(client):
    resp = client.get(f"{ITEMS}/med-sst-l4")
    assert resp.status_code == 200
    rec = resp.get_json()
    assert rec["id"] == "med-sst-l4" and rec["type"] == "Feature"
    assert rec["geometry"]["type"] == "Polygon"
    ring = rec["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1] and len(ring) == 5
    p = rec["properties"]
    assert p["type"] == "dataset"
    assert p["title"].startswith("Mediterranean Sea - High Resolution L4")
    assert p["description"].startswith("Daily gap-free (L4) maps of foundation sea surface")
    assert p["dataset_id"] == "EO:MO:DAT:SST_MED_SST_L4_REP_OBSERVATIONS_010_021"
    assert (p["service"], p["area"], p["time_category"], p["centre"]) == (
        "CMEMS", "Mediterranean Sea", "Multi-year", "CNR-ISMAR (IT)")
    assert p["policy"] == p["license"] == "Copernicus Marine Service licence"
    assert p["created"] == "2021-12-09"
    assert "SST" in p["keywords"] and "CMEMS" in p["keywords"]
    assert {"concepts": [{"id": "CMEMS", "title": "CMEMS"}], "scheme": "service"} \
        in p["themes"]
    assert p["contacts"][0]["emails"] == [{"value": "servicedesk.cmems@mercator-ocean.eu"}]
    assert p["time"]["interval"] == ["2016-03-01T00:00:00Z", "2016-03-06T00:00:00Z"]
    assert rec["time"] == p["time"]
    sst = next(v for v in p["variables"] if v["name"] == "analysed_sst")
    assert sst["standard_name"] == "sea_surface_foundation_temperature" and sst["units"]
    # the cells' outer edges: the southernmost centre less half a 1/24 degree cell
    assert p["extents"]["spatial"]["bbox"][0][1] == pytest.approx(30.25 - 1 / 48)
    hrefs = {link["href"] for link in rec["links"]}
    base = "http://localhost:5000"
    for path in ("/coverage", "/cube", "/position", "/area", "/map", ""):
        assert f"{base}/collections/med-sst-l4{path}" in hrefs
    assert f"{base}/wms?service=WMS&request=GetCapabilities" in hrefs


def test_record_without_time_axis(client):
    rec = client.get(f"{ITEMS}/real-clms-forest-type").get_json()
    assert rec["properties"]["time"] is None and rec["geometry"] is not None
    assert "temporal" not in rec["properties"]["extents"]


def test_record_html_shows_abstract(client):
    resp = client.get(f"{ITEMS}/med-physics", query_string={"f": "html"})
    assert resp.status_code == 200 and resp.mimetype == "text/html"
    text = resp.get_data(as_text=True)
    assert "Mediterranean Sea Physics Reanalysis" in text
    assert "Daily mean potential temperature and salinity" in text
    resp = client.get(ITEMS, query_string={"f": "html", "q": "temperature"})
    assert resp.status_code == 200
    assert "Mediterranean Sea Physics" in resp.get_data(as_text=True)


# --------------------------------------------------------------------------- errors

def test_unknown_record_is_404(client):
    resp = client.get(f"{ITEMS}/no-such-dataset")
    assert resp.status_code == 404
    body = resp.get_json()
    assert body["code"] == "NotFound" and "no-such-dataset" in body["description"]


@pytest.mark.parametrize("params, words", [
    ({"bbox": "1,2,3"}, "bbox"),
    ({"bbox": "a,b,c,d"}, "bbox"),
    ({"bbox": "0,50,10,40"}, "miny"),
    ({"bbox": "0,95,10,99"}, "latitude"),
    ({"datetime": "2020-13-01"}, "datetime"),
    ({"datetime": "yesterday"}, "datetime"),
    ({"datetime": "2021-01-01/2020-01-01"}, "start is after end"),
    ({"datetime": "2020/2021/2022"}, "datetime"),
    ({"limit": "abc"}, "limit"),
    ({"limit": "-1"}, "limit"),
    ({"offset": "x"}, "offset"),
    ({"sortby": "nonsense"}, "sortby"),
    ({"q": ",,"}, "q="),
])
def test_bad_parameters_are_400(client, params, words):
    resp = client.get(ITEMS, query_string=params)
    assert resp.status_code == 400, resp.get_data(as_text=True)
    assert words in resp.get_json()["description"]


# --------------------------------------------------------------------------- core, no HTTP

def test_unavailable_dataset_is_listed_without_extent(tmp_path):
    from opendias import records
    from opendias.catalogue import Catalogue

    path = tmp_path / "cat.yml"
    path.write_text(yaml.safe_dump({"datasets": [
        {"id": "gone", "dataset_id": "EO:X:DAT:GONE", "title": "Missing wave dataset",
         "abstract": "Its files were deleted.", "service": "CMEMS", "area": "Arctic",
         "tags": ["waves"], "variables": ["VHM0"], "source": {"path": "nowhere.nc"}}]}))
    cat = Catalogue.from_file(path, Path(tmp_path))
    result = records.search(cat, q="wave")
    assert [r["id"] for r in result.records] == ["gone"]
    rec = result.records[0]
    assert rec["geometry"] is None and rec["properties"]["time"] is None
    assert rec["properties"]["variables"][0]["name"] == "VHM0"
    assert "availability" in rec["properties"]
    assert result.facets["area"] == {"Arctic": 1}
    assert records.search(cat, bbox="-180,-90,180,90").number_matched == 0
    assert records.search(cat, datetime_="../..").number_matched == 0


def test_ranking_units():
    from opendias.ranking import TextIndex, tokenize
    from opendias.records import search_boxes, search_interval

    assert tokenize("The Sea-Surface Temperatures of the Mediterranean") == [
        "sea", "surface", "temperature", "mediterranean"]
    index = TextIndex({"a": {"title": "ocean waves", "abstract": "wind"},
                       "b": {"title": "wind", "abstract": "ocean waves in the ocean"},
                       "c": {"title": "land cover"}})
    assert index.match("c", "ocean") is None
    assert index.match("a", "ocean waves") > index.match("b", "ocean waves")
    assert index.match("a", "ocean waves,land") is not None
    assert index.match("c", "ocean,land") is not None
    assert search_boxes("170,-10,190,10") == [(170.0, -10.0, 180.0, 10.0),
                                             (-180.0, -10.0, -170.0, 10.0)]
    begin, end = search_interval("2020")
    assert begin.isoformat() == "2020-01-01T00:00:00+00:00"
    assert end.isoformat().startswith("2020-12-31T23:59:59.999999")


# --------------------------------------------------------------------------- OWSLib

def test_owslib_records_search(live_server):
    from owslib.ogcapi.records import Records

    w = Records(live_server.url)
    result = w.collection_items("catalogue", q="sea surface temperature")
    assert [f["id"] for f in result["features"]] == ["med-sst-l4", "med-physics"]
    assert result["numberMatched"] == 2
    assert result["facets"]["service"] == {"CMEMS": 2}
    filtered = w.collection_items("catalogue", service="CLMS")
    assert {f["id"] for f in filtered["features"]} == {"clms-ndvi-italy",
                                                      "real-clms-forest-type"}
    record = w.collection_item("catalogue", "era5-single-levels")
    assert record["properties"]["dataset_id"] == "EO:ECMWF:DAT:REANALYSIS_ERA5_SINGLE_LEVELS"
    assert f"{live_server.url}/collections/era5-single-levels/coverage" in {
        link["href"] for link in record["links"]}
