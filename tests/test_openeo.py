"""The openEO API 1.2 front (/openeo/1.2/, opendias.web.openeo) through gunicorn with the
real `openeo` client: basic authentication, collections with their dimensions read from the
data, a mean over time of the sample Med SST synchronously and as a batch job equal to
xarray, aggregate_spatial equal to the `statistics` process, resample_spatial equal to the
`regrid` process, a user-defined process stored and reused, owner isolation of jobs and
results (and the same jobs in OGC API - Processes), and bad inputs as openEO errors."""

from __future__ import annotations

import json
import uuid

import numpy as np
import pytest
import requests
import xarray as xr

PASSWORD = "correct horse battery staple"
LICENCE = "copernicus-marine-service-licence"
SST = "med-sst-l4"
BOX = {"west": 5, "south": 38, "east": 10, "north": 42}
PERIOD = ["2016-03-01", "2016-03-03"]  # openEO: the end is left out
POLYGON = {"type": "Polygon", "coordinates": [[[6, 39], [9, 39], [9, 41.5], [6, 39]]]}


def _account(plan: str = "advanced"):
    from opendias.identity import Accounts
    from opendias.identity.terms import Terms

    name = f"o{uuid.uuid4().hex[:10]}"
    user = Accounts().register(name, f"{name}@example.org", PASSWORD, plan=plan)
    Terms().accept(user, LICENCE)
    return name


@pytest.fixture(scope="module")
def url(live_server):
    return f"{live_server.url}/openeo/1.2"


@pytest.fixture(scope="module")
def conn(url):
    import openeo

    return openeo.connect(url).authenticate_basic(_account(), PASSWORD)


def _source(data_dir):
    src = xr.open_dataset(data_dir / "SST_MED_SST_L4_REP_OBSERVATIONS_010_021.nc")
    lat = slice(38, 42) if src.lat[0] < src.lat[-1] else slice(42, 38)
    return src["analysed_sst"].sel(lon=slice(5, 10), lat=lat,
                                   time=slice("2016-03-01", "2016-03-02T23:59:59"))


def _mean_cube(conn):
    cube = conn.load_collection(SST, spatial_extent=BOX, temporal_extent=PERIOD,
                                bands=["analysed_sst"])
    return cube.reduce_dimension(dimension="t", reducer="mean")


def test_capabilities_collections_and_processes(conn, url):
    caps = requests.get(url + "/").json()
    assert caps["api_version"] == "1.2.0"
    assert caps["billing"]["default_plan"] == "essential"
    assert {"essential", "advanced"} <= {p["name"] for p in caps["billing"]["plans"]}
    assert requests.get(url + "/.well-known/openeo").json()["versions"][0]["url"] == url + "/"
    assert SST in conn.list_collection_ids()
    meta = conn.describe_collection(SST)
    dims = meta["cube:dimensions"]
    assert dims["bands"]["values"][0] == "analysed_sst"
    assert dims["t"]["type"] == "temporal" and dims["x"]["axis"] == "x"
    assert dims["x"]["extent"] == pytest.approx([-18.125, 36.25])
    ids = {p["id"] for p in conn.list_processes()}
    assert {"load_collection", "save_result", "reduce_dimension", "mean", "aggregate_spatial",
            "resample_spatial", "apply", "linear_scale_range"} <= ids
    assert "netCDF" in conn.list_output_formats()


def test_mean_over_time_synchronous_equals_xarray(conn, data_dir, tmp_path):
    target = tmp_path / "mean.nc"
    _mean_cube(conn).download(target, format="netCDF")
    out = xr.open_dataset(target)["analysed_sst"]
    expected = _source(data_dir).mean("time")
    assert out.shape == expected.shape
    np.testing.assert_allclose(out.values, expected.values, rtol=1e-6, equal_nan=True)
    assert out.attrs["units"] == expected.attrs["units"]


def test_mean_over_time_batch_job_is_an_opendias_job(conn, data_dir, tmp_path, live_server):
    target = tmp_path / "batch.nc"
    job = _mean_cube(conn).execute_batch(target, out_format="netCDF", max_poll_interval=1)
    assert job.status() == "finished"
    out = xr.open_dataset(target)["analysed_sst"]
    np.testing.assert_allclose(out.values, _source(data_dir).mean("time").values, rtol=1e-6,
                               equal_nan=True)
    # the same job in OGC API - Processes, and its results' signed link without credentials
    headers = {"Authorization": f"Bearer basic//{conn.auth.bearer.split('//')[-1]}"}
    ogc = requests.get(f"{live_server.url}/jobs/{job.job_id}", headers=headers,
                       params={"f": "json"}).json()
    assert ogc["processID"] == "openeo-graph" and ogc["status"] == "successful"
    assets = job.get_results().get_metadata()["assets"]
    href = next(iter(assets.values()))["href"]
    assert requests.get(href).status_code == 200
    assert job.job_id in {j["id"] for j in conn.list_jobs()}
    assert "finished" in {j["status"] for j in conn.list_jobs()}
    log = job.logs()
    assert log and log[0]["message"] == "Job accepted"


def test_aggregate_spatial_equals_the_statistics_process(conn, tmp_path):
    from processes.statistics import computed_statistics

    cube = conn.load_collection(SST, temporal_extent=PERIOD, bands=["analysed_sst"])
    series = cube.aggregate_spatial(geometries=POLYGON, reducer="mean")
    target = tmp_path / "series.json"
    series.download(target, format="JSON")
    got = json.loads(target.read_text())
    built = computed_statistics({"dataset": SST, "variables": ["analysed_sst"],
                                 "datetime": "2016-03-01/2016-03-02", "kind": "spatial",
                                 "stats": ["mean"], "polygon": POLYGON, "bbox": None,
                                 "format": "netcdf"})
    expected = built.result["analysed_sst_mean"].values
    assert list(got) == ["2016-03-01T00:00:00Z", "2016-03-02T00:00:00Z"]
    np.testing.assert_allclose([got[t][0][0] for t in got], expected, rtol=1e-6)


def test_resample_spatial_equals_the_regrid_process(conn, tmp_path):
    from processes.regrid import regridded

    cube = conn.load_collection(SST, spatial_extent=BOX, temporal_extent=["2016-03-01",
                                                                          "2016-03-02"],
                                bands=["analysed_sst"])
    target = tmp_path / "regrid.nc"
    cube.resample_spatial(resolution=0.25, method="bilinear").download(target,
                                                                      format="netCDF")
    out = xr.open_dataset(target)["analysed_sst"]
    built = regridded({"dataset": SST, "variables": ["analysed_sst"],
                       "datetime": "2016-03-01/2016-03-01", "method": "bilinear",
                       "resolution": [0.25], "bbox": [5, 38, 10, 42], "crs": None,
                       "target_dataset": None})
    expected = built.result["analysed_sst"].load()
    assert out.sizes["lon"] == 20 and out.sizes["lat"] == 16
    np.testing.assert_allclose(out.values, expected.values, rtol=1e-6, equal_nan=True)


def test_user_defined_process_saved_and_reused(conn, data_dir, tmp_path):
    from openeo.api.process import Parameter

    reducer = {"process_graph": {"m": {"process_id": "max", "arguments": {
        "data": {"from_parameter": "data"}}, "result": True}}}
    udp = {"r": {"process_id": "reduce_dimension", "arguments": {
        "data": {"from_parameter": "data"}, "dimension": "t", "reducer": reducer},
        "result": True}}  # a graph over the parameter "data"
    conn.save_user_defined_process("time_max", udp, parameters=[Parameter.raster_cube()])
    assert "time_max" in {p["id"] for p in conn.list_user_defined_processes()}
    cube = conn.load_collection(SST, spatial_extent=BOX, temporal_extent=PERIOD,
                                bands=["analysed_sst"])
    target = tmp_path / "udp.nc"
    cube.process("time_max", data=cube).download(target, format="netCDF")
    out = xr.open_dataset(target)["analysed_sst"]
    np.testing.assert_allclose(out.values, _source(data_dir).max("time").values, rtol=1e-6,
                               equal_nan=True)


def test_another_user_cannot_see_or_fetch_a_job(conn, url, tmp_path):
    import openeo

    job = _mean_cube(conn).create_job(out_format="netCDF")
    other = openeo.connect(url).authenticate_basic(_account(), PASSWORD)
    assert job.job_id not in {j["id"] for j in other.list_jobs()}
    for method, path in (("get", ""), ("get", "/results"), ("post", "/results"),
                         ("delete", ""), ("get", "/logs")):
        resp = getattr(other, method)(f"/jobs/{job.job_id}", expected_status=404) \
            if not path else getattr(other, method)(f"/jobs/{job.job_id}{path}",
                                                    expected_status=404)
        assert resp.json()["code"] == "JobNotFound"
    assert conn.job(job.job_id).status() == "created"
    assert "time_max" not in {p["id"] for p in other.list_user_defined_processes()}


def _post(url, path, doc, token=None):
    headers = {"Authorization": f"Bearer basic//{token}"} if token else {}
    return requests.post(url + path, json=doc, headers=headers)


def _graph(**nodes):
    return {"process": {"process_graph": nodes}}


LOAD = {"process_id": "load_collection", "arguments": {"id": SST, "spatial_extent": BOX,
                                                        "temporal_extent": PERIOD}}


@pytest.mark.parametrize("doc,status,code", [
    (_graph(a={**LOAD, "result": True}, b={"process_id": "no_such_process", "arguments": {}}),
     400, "ProcessUnsupported"),
    (_graph(a={"process_id": "absolute", "arguments": {"x": {"from_node": "b"}}},
            b={"process_id": "absolute", "arguments": {"x": {"from_node": "a"}},
               "result": True}), 400, "ProcessGraphInvalid"),
    (_graph(a={"process_id": "load_collection", "arguments": {"spatial_extent": BOX},
               "result": True}), 400, "ProcessArgumentRequired"),
    (_graph(a={**LOAD, "arguments": {**LOAD["arguments"], "id": "no-such-dataset"},
               "result": True}), 404, "CollectionNotFound"),
    (_graph(a={**LOAD, "arguments": {**LOAD["arguments"], "spatial_extent": {
        "west": 100, "south": -10, "east": 110, "north": 0}}, "result": True}),
     400, "NoDataAvailable"),
    (_graph(a={**LOAD, "result": False}), 400, "ProcessGraphInvalid"),
    ({"process": {}}, 400, "ProcessGraphMissing"),
])
def test_bad_inputs_are_openeo_errors(url, doc, status, code):
    resp = _post(url, "/result", doc)
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert body["code"] == code and body["message"] and "links" in body and "id" in body


def test_bad_authentication_is_an_openeo_error(url):
    resp = requests.get(url + "/credentials/basic", auth=("nobody", "wrong password"))
    assert resp.status_code in (401, 403) and resp.json()["code"] in (
        "AuthenticationRequired", "CredentialsInvalid", "TokenInvalid")
    resp = requests.get(url + "/me")
    assert resp.status_code == 401 and resp.json()["code"] == "AuthenticationRequired"
    resp = requests.get(url + "/me", headers={"Authorization": "Bearer basic//not-a-token"})
    assert resp.status_code == 403 and resp.json()["code"] == "TokenInvalid"
    resp = requests.post(url + "/jobs", json=_graph(a={**LOAD, "result": True}))
    assert resp.status_code == 401 and resp.json()["code"] == "AuthenticationRequired"


def test_validation_lists_errors(url):
    ok = _post(url, "/validation", _graph(a={**LOAD, "result": True})).json()
    assert ok == {"errors": []}
    bad = _post(url, "/validation", _graph(a={"process_id": "nope", "arguments": {},
                                              "result": True})).json()
    assert bad["errors"][0]["code"] == "ProcessUnsupported"
