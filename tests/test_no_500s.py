"""Bad input that used to end in a 500 (issue 10, section 1): each a 4xx naming the problem in
its front's body (OGC exception JSON, WMS ServiceExceptionReport, WPS ExceptionReport), and
our own failures a 500 that says only the request id."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import requests
import xarray as xr
import yaml

from conftest import HOME, SST_JOB_INPUTS, local_path

OGC_JSON = ("application/problem+json", "application/json")
RANGE = "outside the times this service handles (1677-09-21 to 2262-04-11)"
WMS_MAP = ("/wms?service=WMS&version=1.3.0&request=GetMap&layers=med-sst-l4/analysed_sst"
           "&styles=&crs=CRS:84&bbox=5,38,10,42&width=10&height=10&format=image/png")


def ogc_error(resp, status: int) -> str:
    assert resp.status_code == status, resp.get_data()[:500]
    assert resp.headers["Content-Type"].split(";")[0] in OGC_JSON
    doc = resp.get_json()
    assert doc["status"] == status and doc["type"].startswith("http://www.opengis.net/")
    return doc["detail"]


# -- 1. result paths ---------------------------------------------------------------------------

@pytest.mark.parametrize("char", ["%00", "%01", "%1f", "%7f"])
def test_result_path_with_a_control_character_is_a_400(client, char):
    detail = ogc_error(client.get(f"/results/x{char}.nc"), 400)
    assert "control characters" in detail


def test_overlong_result_paths_are_a_404(client):
    detail = ogc_error(client.get("/results/" + "a" * 5000 + ".nc"), 404)
    assert "at most 1024 bytes" in detail and "a" * 300 not in detail
    detail = ogc_error(client.get("/results/job/" + "b" * 300 + ".nc"), 404)
    assert "each name at most 255" in detail
    # a new line is no path of a result at all (the route does not match it)
    ogc_error(client.get("/results/x%0a.nc"), 404)
    # a long path of short names is no result either
    ogc_error(client.get("/results/" + "/".join(["c" * 200] * 5)), 404)


def test_result_paths_through_gunicorn(live_server):
    resp = requests.get(live_server.url + "/results/x%00.nc", timeout=30)
    assert resp.status_code == 400 and "control characters" in resp.json()["detail"]
    resp = requests.get(live_server.url + "/results/" + "a" * 3000 + ".nc", timeout=30)
    assert resp.status_code in (404, 414) and "<html" not in resp.text.lower()


# -- 2. times outside datetime64[ns] -----------------------------------------------------------

@pytest.mark.parametrize("when", ["0000-01-01", "-0001-01-01", "99999-01-01", "1500-01-01",
                                  "0000-01-01/2016-03-01", "2016-03-01/99999-01-01"])
def test_times_out_of_range_on_coverage_and_edr(client, when):
    urls = [f"/collections/med-sst-l4/coverage?datetime={when}",
            f"/collections/med-sst-l4/position?coords=POINT(7%2040)&datetime={when}",
            f"/collections/med-sst-l4/cube?bbox=5,38,10,42&datetime={when}",
            f"/collections/catalogue/items?datetime={when}"]
    for url in urls:
        detail = ogc_error(client.get(url), 400)
        assert RANGE in detail and "datetime" in detail, url


def test_an_expanded_year_in_range_is_read(client):
    resp = client.get("/collections/med-sst-l4/position?coords=POINT(7%2040)"
                      "&datetime=%2B2016-03-01")
    assert resp.status_code == 200
    assert resp.get_json()["domain"]["axes"]["t"]["values"] == ["2016-03-01T00:00:00Z"]


@pytest.mark.parametrize("when", ["0000-01-01", "-0001-01-01", "99999-01-01"])
def test_wms_time_out_of_range_is_an_invalid_dimension_value(client, when):
    resp = client.get(f"{WMS_MAP}&TIME={when}")
    assert resp.status_code == 400 and resp.mimetype == "text/xml"
    text = resp.get_data(as_text=True)
    assert 'code="InvalidDimensionValue"' in text and 'locator="TIME"' in text
    assert RANGE in text
    detail = ogc_error(client.get(f"/collections/med-sst-l4/map?bbox=5,38,10,42&width=10"
                                  f"&datetime={when}"), 400)
    assert RANGE in detail


def test_process_input_time_out_of_range(client):
    body = {"inputs": {**SST_JOB_INPUTS, "datetime": "0000-01-01/2016-03-02"}}
    detail = ogc_error(client.post("/processes/subset/execution", json=body), 400)
    assert RANGE in detail


def test_wps_time_out_of_range(client):
    resp = client.get("/wps?service=WPS&version=1.0.0&request=Execute&identifier=subset"
                      "&DataInputs=dataset=med-sst-l4;datetime=-0001-01-01")
    text = resp.get_data(as_text=True)
    assert resp.status_code in (200, 400) and "ExceptionText" in text, text[:800]
    assert RANGE in text


# -- 3. z and subset numbers -------------------------------------------------------------------

@pytest.mark.parametrize("z", ["nan", "inf", "-inf", "1e999", "nan/10", "0/inf"])
def test_edr_z_must_be_a_finite_number(client, z):
    detail = ogc_error(client.get(f"/collections/med-physics/cube?bbox=12,38,16,42&z={z}"),
                       400)
    assert detail.startswith("z needs finite numbers")
    detail = ogc_error(client.get(f"/collections/med-physics/position?coords=POINT(15%2038)"
                                  f"&z={z}"), 400)
    assert "finite" in detail


@pytest.mark.parametrize("subset", ["depth(nan)", "depth(inf)", "depth(1e999)",
                                    "depth(0:nan)", "lat(nan)", "lon(-inf:inf)"])
def test_subset_numbers_must_be_finite(client, subset):
    detail = ogc_error(client.get(f"/collections/med-physics/coverage?subset={subset}"), 400)
    assert "needs finite numbers" in detail and "subset on" in detail


def test_a_finite_z_still_selects_the_nearest_level(client):
    resp = client.get("/collections/med-physics/position?coords=POINT(15%2038.5)&z=10")
    assert resp.status_code == 200
    axes = resp.get_json()["domain"]["axes"]
    assert len(axes["z"]["values"]) == 1


# -- 4. execution bodies -----------------------------------------------------------------------

DEEP_ARRAY = b"[" * 100_000 + b"]" * 100_000
DEEP_OBJECT = b'{"a":' * 100_000 + b"1" + b"}" * 100_000
NOT_UTF8 = b'{"inputs": {"dataset": "med-sst-l4\xff\xfe"}}'
LONG_INT = (b'{"inputs": {"dataset": "med-sst-l4", "bbox": [' + b"1" * 5000
            + b', 38, 10, 42]}}')
BAD_BODIES = [(DEEP_ARRAY, "nested more than 64 levels"),
              (DEEP_OBJECT, "nested more than 64 levels"),
              (b"[" * 65 + b"]" * 65, "nested more than 64 levels"),
              (NOT_UTF8, "not UTF-8"),
              (LONG_INT, "more than 4300 digits"),
              (b'{"inputs": ', "not valid JSON"),
              # found by the schemathesis run: pygeoapi indexes a subscriber without a check
              (b'{"inputs": {}, "subscriber": 999999}', "subscriber must be an object"),
              (b'{"inputs": {}, "subscriber": {"inProgressUri": "x"}}',
               "subscriber must be an object with successUri"),
              (b'{"inputs": 3}', "inputs must be a JSON object"),
              (b'{"inputs": {}, "response": ["raw"]}', "response must be raw or document")]


@pytest.mark.parametrize("body,message", BAD_BODIES)
def test_bad_execution_bodies_are_a_400(client, body, message):
    resp = client.post("/processes/subset/execution", data=body,
                       content_type="application/json")
    assert message in ogc_error(resp, 400)


@pytest.mark.parametrize("body,message", BAD_BODIES)
def test_bad_execution_bodies_through_gunicorn(live_server, body, message):
    resp = requests.post(live_server.url + "/processes/subset/execution", data=body,
                         headers={"Content-Type": "application/json"}, timeout=60)
    assert resp.status_code == 400, resp.text[:300]
    assert resp.headers["Content-Type"] == "application/problem+json"
    assert message in resp.json()["detail"]


WPS_BAD = [b"<a>" * 100_000 + b"</a>" * 100_000,
           b'<?xml version="1.0" encoding="UTF-8"?><wps:Execute xmlns:wps="http://www.opengis'
           b'.net/wps/1.0.0" service="WPS" version="1.0.0"><ows:Identifier xmlns:ows="http://'
           b'www.opengis.net/ows/1.1">subset\xff\xfe</ows:Identifier></wps:Execute>']


@pytest.mark.parametrize("body", WPS_BAD)
def test_bad_wps_bodies_are_an_exception_report(live_server, body):
    resp = requests.post(live_server.url + "/wps", data=body,
                         headers={"Content-Type": "text/xml"}, timeout=60)
    assert resp.status_code == 400
    assert "ExceptionReport" in resp.text and "<html" not in resp.text.lower()


def test_wps_kvp_overlong_bbox_number(client):
    resp = client.get("/wps?service=WPS&version=1.0.0&request=Execute&identifier=subset"
                      "&DataInputs=dataset=med-sst-l4;bbox=" + "1" * 5000 + ",38,10,42")
    text = resp.get_data(as_text=True)
    assert resp.status_code in (200, 400) and "ExceptionText" in text, text[:800]
    assert "bbox values must be finite numbers" in text


# -- 5. the catalogue serves no transactions ---------------------------------------------------

def test_openapi_lists_only_the_catalogue_operations_served(client):
    paths = client.get("/openapi?f=json").get_json()["paths"]
    assert sorted(paths["/collections/catalogue/items"]) == ["get", "options"]
    assert sorted(paths["/collections/catalogue/items/{featureId}"]) == ["get", "options"]
    assert not [p for p, ops in paths.items() if "/items" in p
                and {"post", "put", "delete", "patch"} & set(ops)]


@pytest.mark.parametrize("method,path,body", [
    ("POST", "/collections/catalogue/items", b""),
    ("POST", "/collections/catalogue/items", b"{}"),
    ("PUT", "/collections/catalogue/items/med-sst-l4", b"{}"),
    ("PATCH", "/collections/catalogue/items/med-sst-l4", b"{}"),
    ("DELETE", "/collections/catalogue/items/med-sst-l4", b""),
])
def test_catalogue_transactions_are_a_405(client, method, path, body):
    resp = client.open(path, method=method, data=body, content_type="application/json")
    detail = ogc_error(resp, 405)
    assert f"{method} is not served" in detail and "read-only" in detail
    assert resp.headers["Allow"] == "GET, HEAD, OPTIONS"
    # and the record is still there
    assert client.get("/collections/catalogue/items/med-sst-l4?f=json").status_code == 200


def test_empty_catalogue_post_through_gunicorn(live_server):
    resp = requests.post(live_server.url + "/collections/catalogue/items", timeout=30)
    assert resp.status_code == 405 and resp.json()["code"] == "MethodNotAllowed"


# -- 6. a dismissed job ------------------------------------------------------------------------

def test_results_of_a_dismissed_job_say_so(client):
    body = {"inputs": SST_JOB_INPUTS}
    resp = client.post("/processes/subset/execution", json=body,
                       headers={"Prefer": "respond-async"})
    assert resp.status_code == 201
    job_url = local_path(resp.headers["Location"])
    job_id = resp.get_json()["jobID"]
    assert client.delete(job_url).status_code == 200
    deadline = time.monotonic() + 30
    while client.get(job_url + "?f=json").get_json()["status"] != "dismissed":
        assert time.monotonic() < deadline
        time.sleep(0.1)
    status = client.get(job_url + "?f=json")
    assert status.status_code == 200 and status.get_json()["status"] == "dismissed"
    for url in (job_url + "/results", job_url + "/results?f=json"):
        detail = ogc_error(client.get(url), 404)
        assert detail.startswith(f"job {job_id} was dismissed")
        assert client.get(url).get_json()["code"] == "NoSuchJob"


# -- 7. one row, one column --------------------------------------------------------------------

def _thin(path: Path, lat, lon) -> np.ndarray:
    times = pd.date_range("2016-03-01", periods=3, freq="D")
    values = np.arange(3 * len(lat) * len(lon), dtype="float32").reshape(
        3, len(lat), len(lon)) + 280
    xr.Dataset({"t": (("time", "lat", "lon"), values,
                      {"units": "K", "standard_name": "air_temperature"})},
               coords={"time": times,
                       "lat": ("lat", np.asarray(lat, "f8"), {"units": "degrees_north"}),
                       "lon": ("lon", np.asarray(lon, "f8"), {"units": "degrees_east"})}
               ).to_netcdf(path)
    return values


@pytest.fixture(scope="module")
def thin():
    """Two datasets published in the session's catalogue while this module runs: one row of
    latitude (40N, 12..14E every 0.25) and one column of longitude (12E, 38..40N)."""
    folder = HOME / "thin-datasets"
    folder.mkdir(exist_ok=True)
    values = {"thin-row": _thin(folder / "row.nc", [40.0], np.arange(12, 14.01, 0.25)),
              "thin-col": _thin(folder / "col.nc", np.arange(38, 40.01, 0.25), [12.0])}
    catalogue = Path(os.environ["OPENDIAS_CATALOGUE"])
    original = catalogue.read_text()
    doc = yaml.safe_load(original)
    doc["datasets"] += [{"id": name, "dataset_id": "EO:TEST", "title": name,
                         "abstract": "A dataset one cell wide.", "service": "TEST",
                         "source": {"path": str(folder / f"{name[5:]}.nc")}}
                        for name in values]
    catalogue.write_text(yaml.safe_dump(doc, sort_keys=False))
    os.utime(catalogue, (time.time() + 1, time.time() + 1))  # reloaded: a new mtime
    yield values
    catalogue.write_text(original)
    os.utime(catalogue, (time.time() + 2, time.time() + 2))


def _covjson_values(resp) -> list:
    assert resp.status_code == 200, resp.get_data()[:400]
    return resp.get_json()["ranges"]["t"]["values"]


@pytest.mark.parametrize("name", ["thin-row", "thin-col"])
def test_thin_dataset_subset_position_area(client, thin, name):
    values = thin[name]
    got = _covjson_values(client.get(f"/collections/{name}/coverage?bbox=11,37,15,41"))
    assert got == values.ravel().tolist()
    # a point inside the cell of the single row/column, off its centre: that cell
    got = _covjson_values(client.get(f"/collections/{name}/position?"
                                     "coords=POINT(12.05%2039.95)"))
    assert got == values[:, -1 if name == "thin-col" else 0, 0].tolist()
    # a point beyond the cell is still outside
    detail = ogc_error(client.get(f"/collections/{name}/position?coords=POINT(12.05%2041)"
                                  if name == "thin-row" else
                                  f"/collections/{name}/position?coords=POINT(13%2039)"), 400)
    assert "outside the dataset" in detail
    got = _covjson_values(client.get(
        f"/collections/{name}/area?coords=POLYGON((11.9 39.9,12.6 39.9,12.6 40.1,"
        "11.9 40.1,11.9 39.9))"))
    expected = values[:, -1:, :3] if name == "thin-row" else values[:, -1:, :]
    assert got == expected.ravel().tolist()
    got = _covjson_values(client.get(f"/collections/{name}/cube?bbox=11.9,39.9,12.6,40.1"))
    assert got == expected.ravel().tolist()


@pytest.mark.parametrize("name", ["thin-row", "thin-col"])
def test_thin_dataset_regrid(thin, name):
    from opendias.catalogue import load_catalogue
    from opendias.datacube import open_cube
    from opendias.errors import InvalidParameter
    from opendias.operations.regrid import regrid

    cube = open_cube(load_catalogue().get(name))
    what = "row (lat 40)" if name == "thin-row" else "column (lon 12)"
    for method in ("bilinear", "conservative"):
        with pytest.raises(InvalidParameter, match=rf"{method} regridding needs at least two "
                           rf"cells .* {name!r} has a single {re.escape(what)}.*use method "
                           "nearest"):
            regrid(cube, method=method, resolution=0.5)
    out = regrid(cube, method="nearest", resolution=0.5, bbox=[11.5, 37.5, 14.5, 40.5]).load()
    assert out["t"].dtype.kind == "f"
    first = out["t"].isel(time=0).values
    if name == "thin-row":  # every row takes the single row; columns the nearest column
        np.testing.assert_array_equal(first, np.tile([280, 281, 283, 285, 287, 288], (6, 1)))
    else:
        np.testing.assert_array_equal(first, np.tile([[280], [281], [283], [285], [287],
                                                      [288]], (1, 6)))


def test_thin_dataset_regrid_process_answers_a_400(client, thin):
    body = {"inputs": {"dataset": "thin-row", "resolution": [0.5, 0.5],
                       "method": "bilinear"}}
    detail = ogc_error(client.post("/processes/regrid/execution", json=body), 400)
    assert "single row" in detail


@pytest.mark.parametrize("name", ["thin-row", "thin-col"])
def test_thin_dataset_statistics(thin, name):
    from opendias.catalogue import load_catalogue
    from opendias.datacube import open_cube
    from opendias.operations.statistics import spatial_statistics
    from opendias.operations.temporal import temporal_statistics

    cube = open_cube(load_catalogue().get(name))
    values = thin[name]
    out = spatial_statistics(cube, stats=("mean", "max", "count")).load()
    np.testing.assert_array_equal(out["t_max"].values, values.max(axis=(1, 2)))
    assert out["t_count"].values.tolist() == [values[0].size] * 3
    if name == "thin-row":  # equal areas along one row: the plain mean
        np.testing.assert_allclose(out["t_mean"].values, values.mean(axis=(1, 2)), rtol=1e-6)
    else:  # cos-latitude weights along one column
        w = np.cos(np.radians(np.arange(38, 40.01, 0.25)))
        np.testing.assert_allclose(out["t_mean"].values,
                                   (values[:, :, 0] * w).sum(1) / w.sum(), rtol=1e-4)
    monthly = temporal_statistics(cube, frequency="month", stat="mean").load()
    np.testing.assert_allclose(monthly["t"].values[0], values.mean(axis=0), rtol=1e-6)


@pytest.mark.parametrize("name", ["thin-row", "thin-col"])
def test_thin_dataset_wms(client, thin, name):
    resp = client.get(f"/wms?service=WMS&version=1.3.0&request=GetMap&layers={name}/t"
                      "&styles=&crs=CRS:84&bbox=11,37,15,41&width=20&height=20"
                      "&format=image/png")
    assert resp.status_code == 200 and resp.mimetype == "image/png"
    from io import BytesIO

    from PIL import Image

    alpha = np.asarray(Image.open(BytesIO(resp.data)).convert("RGBA"))[..., 3]
    assert 0 < (alpha > 0).sum() < alpha.size  # the strip is drawn, the rest transparent
    resp = client.get(f"/wms?service=WMS&version=1.3.0&request=GetFeatureInfo&layers={name}/t"
                      f"&query_layers={name}/t&styles=&crs=CRS:84&bbox=11.5,39.5,12.5,40.5"
                      "&width=10&height=10&i=5&j=5&info_format=application/json")
    assert resp.status_code == 200
    props = resp.get_json()["features"][0]["properties"]
    row = -1 if name == "thin-col" else 0  # the cell at 12.05E 39.95N, the latest time step
    assert props["value"] == pytest.approx(float(thin[name][-1, row, 0]))


# -- 8. our own failures say only the request id -----------------------------------------------

SECRET = "/srv/secret/internal/path.nc"


def _boom(*args, **kwargs):
    raise RuntimeError(f"cannot open {SECRET}")


def test_unexpected_error_on_an_ogc_front_says_only_the_request_id(client, monkeypatch,
                                                                   caplog):
    import opendias.web.coverages as coverages

    monkeypatch.setattr(coverages, "subset_cube", _boom)
    resp = client.get("/collections/med-sst-l4/coverage?bbox=5,38,10,42",
                      headers={"X-Request-Id": "test-boom-1"})
    detail = ogc_error(resp, 500)
    assert SECRET not in resp.get_data(as_text=True) and "RuntimeError" not in detail
    assert resp.headers["X-Request-Id"] == "test-boom-1" and "test-boom-1" in detail
    logged = [r for r in caplog.records if r.exc_info and SECRET in str(r.exc_info[1])]
    assert logged and logged[0].request_id == "test-boom-1"


def test_unexpected_error_on_wms_says_only_the_request_id(client, monkeypatch):
    from opendias.web.wms import handlers

    monkeypatch.setitem(handlers.OPERATIONS, "getmap", _boom)
    resp = client.get(WMS_MAP, headers={"X-Request-Id": "test-boom-2"})
    text = resp.get_data(as_text=True)
    assert resp.status_code == 500 and "ServiceExceptionReport" in text
    assert SECRET not in text and "RuntimeError" not in text and "test-boom-2" in text
    assert resp.headers["X-Request-Id"] == "test-boom-2"


def test_unexpected_error_in_pygeoapi_says_only_the_request_id(client, monkeypatch):
    from pygeoapi.api import itemtypes

    monkeypatch.setattr(itemtypes, "get_collection_items", _boom)
    import pygeoapi.flask_app as flask_app

    monkeypatch.setattr(flask_app.itemtypes_api, "get_collection_items", _boom)
    resp = client.get("/collections/catalogue/items?f=json",
                      headers={"X-Request-Id": "test-boom-3"})
    detail = ogc_error(resp, 500)
    assert SECRET not in resp.get_data(as_text=True) and "test-boom-3" in detail


def test_unexpected_error_escaping_a_front_says_only_the_request_id(client, monkeypatch):
    import opendias.web.processes_front as front

    monkeypatch.setattr(front, "_body_problem", _boom)
    resp = client.post("/processes/subset/execution", json={"inputs": {}},
                       headers={"X-Request-Id": "test-boom-4"})
    text = resp.get_data(as_text=True)
    assert resp.status_code == 500 and SECRET not in text and "test-boom-4" in text
