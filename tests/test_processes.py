"""OGC API - Processes over real jobs: sync and async execution through HTTP, progress,
results checked against a direct xarray computation, Range downloads, bad inputs, dismiss,
two gunicorn workers over one store, an external Dask cluster, OWSLib (a restart mid-job:
test_jobs_resume)."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest
import requests
import xarray as xr

from conftest import (SST_JOB_INPUTS, Server, expected_sst_job, free_port,
                      local_path)

SST_BODY = {"inputs": SST_JOB_INPUTS}
# a job that runs for tens of seconds: the ERA5 sample month regridded conservatively
SLOW_PROCESS = "regrid"
SLOW_BODY = {"inputs": {"dataset": "era5-single-levels", "method": "conservative",
                        "resolution": [0.2]}}
# a job of a few seconds: the whole ERA5 sample month as CSV
SHORT_SLOW_BODY = {"inputs": {"dataset": "era5-single-levels", "format": "csv"}}


def _check_sst(path: Path, data_dir: Path) -> None:
    expected = expected_sst_job(data_dir)
    with xr.open_dataset(path) as got:
        da = got["analysed_sst"]
        assert da.shape == expected.shape
        np.testing.assert_allclose(da.values, expected.values, equal_nan=True, rtol=0,
                                   atol=1e-6)
        np.testing.assert_allclose(got.lon.values, expected.lon.values)
        assert "process subset" in got.attrs["history"]


def _poll(get, job_url: str, timeout: float = 60.0) -> tuple[dict, list[int]]:
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = get(job_url)
        seen.append(status["progress"])
        if status["status"] in ("successful", "failed", "dismissed"):
            return status, seen
        time.sleep(0.1)
    raise AssertionError(f"job {job_url} not finished after {timeout}s: {status}")


def _client_get(client):
    return lambda url: client.get(local_path(url) + "?f=json").get_json()


# -- description -----------------------------------------------------------------------------

def test_processes_published_from_definitions(client):
    listing = client.get("/processes?f=json").get_json()
    ids = [p["id"] for p in listing["processes"]]
    assert "subset" in ids
    desc = client.get("/processes/subset?f=json").get_json()
    assert "med-sst-l4" in desc["inputs"]["dataset"]["schema"]["enum"]
    assert desc["inputs"]["dataset"]["minOccurs"] == 1
    assert desc["inputs"]["format"]["schema"]["enum"] == ["netcdf", "geotiff", "csv",
                                                          "zarr-zip", "grib"]
    assert desc["inputs"]["format"]["schema"]["default"] == "netcdf"
    assert "async-execute" in desc["jobControlOptions"]
    assert desc["outputs"]["result"]["schema"]["type"] == "object"


# -- execution -------------------------------------------------------------------------------

def test_sync_execution_values(client, data_dir, tmp_path):
    resp = client.post("/processes/subset/execution", json=SST_BODY)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    doc = resp.get_json()
    link = doc["result"]
    assert link["type"] == "application/x-netcdf"
    download = client.get(local_path(link["href"]))
    assert download.status_code == 200
    assert len(download.data) == link["size"] == int(download.headers["Content-Length"])
    path = tmp_path / "sync.nc"
    path.write_bytes(download.data)
    _check_sst(path, data_dir)


def test_async_execution_progress_and_range(client, data_dir, tmp_path):
    resp = client.post("/processes/subset/execution", json=SST_BODY,
                       headers={"Prefer": "respond-async"})
    assert resp.status_code == 201, resp.get_data(as_text=True)
    body = resp.get_json()
    assert body["status"] == "accepted" and body["jobID"]
    job_url = resp.headers["Location"]
    assert job_url.endswith(f"/jobs/{body['jobID']}")
    rels = {link["rel"]: link["href"] for link in body["links"]}
    assert rels["monitor"] == job_url
    assert rels["http://www.opengis.net/def/rel/ogc/1.0/results"].startswith(job_url)
    status, seen = _poll(_client_get(client), job_url)
    assert status["status"] == "successful", status
    assert status["progress"] == 100
    assert seen == sorted(seen)  # progress never goes back
    results = client.get(local_path(job_url) + "/results?f=json")
    assert results.status_code == 200
    links = results.get_json()["links"]
    assert len(links) == 1 and links[0]["size"] > 0
    href = local_path(links[0]["href"])
    full = client.get(href).data
    part = client.get(href, headers={"Range": "bytes=10-99"})
    assert part.status_code == 206
    assert part.headers["Content-Range"] == f"bytes 10-99/{len(full)}"
    assert part.data == full[10:100]
    assert client.get(href).headers["Accept-Ranges"] == "bytes"
    assert client.get(href, headers={"Range": f"bytes={len(full) + 1}-"}).status_code == 416
    path = tmp_path / "async.nc"
    path.write_bytes(full)
    _check_sst(path, data_dir)
    # the job folder lists its files as links too, to whoever holds a signed link of the
    # folder (an anonymous job: there is no owner to sign in)
    from opendias.jobs import signed_url

    assert client.get(f"/results/{body['jobID']}/").status_code == 404
    listing = client.get(local_path(signed_url(body["jobID"]))).get_json()
    assert listing["links"][0]["size"] == len(full)
    assert client.get(local_path(listing["links"][0]["href"])).data == full


@pytest.mark.parametrize("fmt", ["geotiff", "csv", "zarr-zip"])
def test_other_formats(client, data_dir, tmp_path, fmt):
    body = {"inputs": {**SST_BODY["inputs"], "format": fmt}}
    resp = client.post("/processes/subset/execution", json=body)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    link = resp.get_json()["result"]
    data = client.get(local_path(link["href"])).data
    expected = expected_sst_job(data_dir)
    if fmt == "geotiff":
        import rioxarray

        path = tmp_path / "out.tif"
        path.write_bytes(data)
        got = rioxarray.open_rasterio(path, mask_and_scale=True)  # stored as int16, packed
        assert got.sizes["band"] == expected.sizes["time"]
        assert got.attrs["long_name"][0] == "analysed_sst time=2016-03-01T00:00:00"
        band = got.isel(band=0).sortby("y").values
        first = expected.isel(time=0).sortby("lat").values
        np.testing.assert_allclose(band, first, equal_nan=True, atol=1e-4)
        np.testing.assert_allclose(np.sort(got.y.values), np.sort(expected.lat.values),
                                   atol=1e-4)
    elif fmt == "csv":
        import pandas as pd

        frame = pd.read_csv(io.BytesIO(data))
        assert len(frame) == int(expected.notnull().sum())
        assert np.isclose(frame["analysed_sst"].mean(), float(expected.mean()), atol=1e-4)
    else:
        import zarr

        path = tmp_path / "out.zarr.zip"
        path.write_bytes(data)
        assert zipfile.is_zipfile(path)
        store = zarr.storage.ZipStore(path, mode="r")
        with xr.open_zarr(store) as got:
            np.testing.assert_allclose(got["analysed_sst"].values, expected.values,
                                       equal_nan=True, atol=1e-6)


def test_polygon_and_depth(client, tmp_path):
    body = {"inputs": {"dataset": "med-physics", "variables": ["thetao"],
                       "polygon": "POLYGON((10 38, 14 38, 14 42, 10 38))",
                       "depth": [0, 30], "datetime": "2020-01-01/2020-01-02"}}
    resp = client.post("/processes/subset/execution", json=body)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    path = tmp_path / "poly.nc"
    path.write_bytes(client.get(local_path(resp.get_json()["result"]["href"])).data)
    with xr.open_dataset(path) as got:
        assert float(got.depth.max()) <= 30
        lon, lat = np.meshgrid(got.lon.values, got.lat.values)
        outside = lat > 38 + (lon - 10) + 1e-3  # above the triangle's hypotenuse
        values = got["thetao"].isel(time=0, depth=0).values
        assert np.isnan(values[outside]).all()
        assert np.isfinite(values[~outside]).any()


# -- bad requests ----------------------------------------------------------------------------

@pytest.mark.parametrize("body, status, words", [
    ({"inputs": {"bbox": [0, 0, 1, 1]}}, 400, "'dataset'"),
    ({"inputs": {"dataset": "no-such-dataset"}}, 400, "no-such-dataset"),
    ({"inputs": {"dataset": "med-sst-l4", "bbox": "abc"}}, 400, "bbox"),
    ({"inputs": {"dataset": "med-sst-l4", "bbox": [1, 2, 3]}}, 400, "4 numbers"),
    ({"inputs": {"dataset": "med-sst-l4", "format": "xls"}}, 400, "netcdf"),
    ({"inputs": {"dataset": "med-sst-l4", "colour": "red"}}, 400, "colour"),
    ({"inputs": {"dataset": "med-sst-l4", "datetime": "2030-01-01/2030-02-01"}}, 400,
     "datetime"),
    ({"inputs": {"dataset": "med-sst-l4", "depth": [0, 10]}}, 400, "depth"),
    ({"inputs": {"dataset": "med-sst-l4", "polygon": "POLYGON((1 2, 3"}}, 400, "geometry"),
])
def test_bad_inputs(client, body, status, words):
    before = client.get("/jobs?f=json&limit=1").get_json()
    resp = client.post("/processes/subset/execution", json=body)
    assert resp.status_code == status, resp.get_data(as_text=True)
    assert words in resp.get_json()["description"]
    after = client.get("/jobs?f=json&limit=1").get_json()
    assert [j["jobID"] for j in after["jobs"]] == [j["jobID"] for j in before["jobs"]]


def test_ogc_bbox_object(client):
    body = {"inputs": {**SST_BODY["inputs"],
                       "bbox": {"bbox": [38, 5, 42, 10], "crs": "EPSG:4326"}}}
    resp = client.post("/processes/subset/execution", json=body)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert resp.get_json()["cells"] == int(_expected_sst_size())


def _expected_sst_size() -> int:
    from conftest import DATA

    return expected_sst_job(DATA).size


def test_too_large(client, monkeypatch):
    monkeypatch.setenv("OPENDIAS_MAX_JOB_CELLS", "1000")
    resp = client.post("/processes/subset/execution", json=SST_BODY,
                       headers={"Prefer": "respond-async"})
    assert resp.status_code == 413
    assert "1,000 cells" in resp.get_json()["description"]


def test_protocol_errors(client):
    assert client.post("/processes/nope/execution", json=SST_BODY).status_code == 404
    resp = client.post("/processes/subset/execution", data="{not json",
                       content_type="application/json")
    assert resp.status_code == 400
    assert "not valid JSON" in resp.get_json()["description"]
    for body in ("[1, 2]", '"text"'):
        resp = client.post("/processes/subset/execution", data=body,
                           content_type="application/json")
        assert resp.status_code == 400
        assert "JSON object" in resp.get_json()["description"]
    resp = client.post("/processes/subset/execution", data="",
                       content_type="application/json")
    assert resp.status_code == 400
    assert client.get("/jobs/00000000000000000000000000000000?f=json").status_code == 404
    assert client.get("/jobs/0000/results?f=json").status_code == 404
    assert client.delete("/jobs/0000").status_code == 404
    assert client.get("/results/0000/x.nc").status_code == 404
    assert client.get("/results/../jobs.sqlite").status_code == 404


def test_results_of_unfinished_job_dismiss_and_failure(client):
    resp = client.post(f"/processes/{SLOW_PROCESS}/execution", json=SLOW_BODY,
                       headers={"Prefer": "respond-async"})
    assert resp.status_code == 201
    job_url = local_path(resp.headers["Location"])
    job_id = resp.get_json()["jobID"]
    # wait until it runs
    deadline = time.monotonic() + 30
    while client.get(job_url + "?f=json").get_json()["status"] != "running":
        assert time.monotonic() < deadline
        time.sleep(0.1)
    early = client.get(job_url + "/results?f=json")
    assert early.status_code == 404
    assert "running" in early.get_json()["description"]
    running = client.get("/jobs?f=json&status=running").get_json()["jobs"]
    assert job_id in [j["jobID"] for j in running]
    # progress of the Dask computation is reported while it runs
    while client.get(job_url + "?f=json").get_json()["progress"] <= 10:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert client.get(job_url + "?f=json").get_json()["status"] == "running"
    # dismiss: the computation stops, no result is left
    gone = client.delete(job_url)
    assert gone.status_code == 200 and json.loads(gone.data)["status"] == "dismissed"
    from opendias.config import get_settings
    from opendias.jobs import JobStore

    part = get_settings().results_dir / f".{job_id}.part"
    deadline = time.monotonic() + 20
    while part.exists():  # the computation stops at its next step and cleans up
        assert time.monotonic() < deadline
        time.sleep(0.1)
    job = JobStore().get(job_id)
    assert job["status"] == "dismissed"
    assert not (get_settings().results_dir / job_id).exists()


def test_failed_job_says_why(client):
    """A job that fails while running (here: GRIB asked of a projected grid) says why, in its
    status and in its results."""
    from opendias.jobs import JobStore, new_job_id, submit, wait
    from processes.registry import get_operation

    job_id = new_job_id()
    operation = get_operation("subset")
    inputs = operation.validate({"dataset": "clms-ndvi-italy", "format": "grib"})
    JobStore().add(job_id, "subset", inputs, owner=None)
    wait(job_id, submit(job_id, operation.run, inputs))
    status = client.get(f"/jobs/{job_id}?f=json").get_json()
    assert status["status"] == "failed"
    assert "GRIB output is for longitude/latitude grids" in status["message"]
    results = client.get(f"/jobs/{job_id}/results?f=json")
    assert results.status_code == 400
    assert "GRIB output is for longitude/latitude grids" in results.get_json()["detail"]


def test_jobs_listing_filter_and_paging(client):
    for _ in range(3):
        assert client.post("/processes/subset/execution", json=SST_BODY).status_code == 200
    page = client.get("/jobs?f=json&limit=2").get_json()
    assert len(page["jobs"]) == 2
    assert any(link["rel"] == "next" for link in page["links"])
    second = client.get("/jobs?f=json&limit=2&offset=2").get_json()
    assert not {j["jobID"] for j in page["jobs"]} & {j["jobID"] for j in second["jobs"]}
    ok = client.get("/jobs?f=json&status=successful&limit=1000").get_json()["jobs"]
    assert ok and all(j["status"] == "successful" for j in ok)
    failed = client.get("/jobs?f=json&status=failed&limit=1000").get_json()["jobs"]
    assert all(j["status"] == "failed" for j in failed)
    both = client.get("/jobs?f=json&status=failed,successful&limit=1000").get_json()["jobs"]
    assert len(both) == len(ok) + len(failed)
    mine = client.get("/jobs?f=json&processID=subset&limit=1").get_json()["jobs"]
    assert mine[0]["processID"] == "subset"
    bad = client.get("/jobs?f=json&status=finished")
    assert bad.status_code == 400 and "'finished'" in bad.get_json()["description"]


def test_regrid_process_values(client, tmp_path):
    ids = [p["id"] for p in client.get("/processes?f=json").get_json()["processes"]]
    assert {"subset", "regrid", "statistics", "zonal-statistics"} <= set(ids)
    body = {"inputs": {"dataset": "med-sst-l4", "variables": ["analysed_sst"],
                       "datetime": "2016-03-01", "resolution": [0.5],
                       "bbox": [5, 38, 10, 42]}}
    resp = client.post("/processes/regrid/execution", json=body)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    path = tmp_path / "regrid.nc"
    path.write_bytes(client.get(local_path(resp.get_json()["result"]["href"])).data)
    from opendias.catalogue import load_catalogue
    from opendias.datacube import open_cube
    from opendias.operations.regrid import regrid
    from opendias.operations.subset import subset_cube

    cube = open_cube(load_catalogue().get("med-sst-l4"))
    direct = regrid(cube, subset_cube(cube, datetime="2016-03-01", variables=["analysed_sst"]),
                    method="bilinear", resolution=0.5, bbox=(5, 38, 10, 42)).compute()
    with xr.open_dataset(path) as got:
        assert got.sizes["lon"] == 10 and got.sizes["lat"] == 8
        assert int(got.analysed_sst.notnull().sum()) > 40
        np.testing.assert_allclose(got.analysed_sst.values, direct.analysed_sst.values,
                                   atol=1e-4)  # float32, not packed: regridding changes values


# -- the real service: gunicorn workers, restarts, clusters ----------------------------------

def test_two_workers_share_the_store(live_server):
    url = live_server.url
    resp = requests.post(f"{url}/processes/subset/execution", json=SST_BODY,
                         headers={"Prefer": "respond-async"}, timeout=60)
    assert resp.status_code == 201
    job_url = resp.headers["Location"]
    assert job_url.startswith(url)
    status, _ = _poll(lambda u: requests.get(u + "?f=json", timeout=30).json(), job_url)
    assert status["status"] == "successful"
    # every request (spread over both workers) sees the same record and result
    with requests.Session() as s:
        answers = {s.get(job_url + "?f=json", timeout=30, headers={"Connection": "close"})
                   .json()["status"] for _ in range(20)}
    assert answers == {"successful"}
    links = requests.get(job_url + "/results?f=json", timeout=30).json()["links"]
    data = requests.get(links[0]["href"], timeout=30).content
    assert len(data) == links[0]["size"]


def test_owslib_processes(live_server):
    from owslib.ogcapi.processes import Processes

    api = Processes(live_server.url)
    assert "subset" in [p["id"] for p in api.processes()]
    assert "dataset" in api.process("subset")["inputs"]
    started = api.execute("subset", inputs=SST_BODY["inputs"], async_=True)
    job_id = started["jobID"]
    status, _ = _poll(lambda u: api._request(path=f"jobs/{job_id}"), job_id)
    assert status["status"] == "successful"
    result = api._request(path=f"jobs/{job_id}/results", kwargs={"f": "json"})
    assert result["result"]["type"] == "application/x-netcdf"
    sync = api.execute("subset", inputs=SST_BODY["inputs"], response="document")
    assert sync["outputs"]["result"]["size"] > 0


def test_external_dask_cluster(tmp_path, monkeypatch):
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    dask_bin = str(Path(sys.executable).with_name("dask"))
    procs = [subprocess.Popen([dask_bin, "scheduler", "--host", "127.0.0.1", "--port",
                               str(port), "--no-dashboard"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)]
    try:
        for name in ("ext-worker-1", "ext-worker-2"):
            procs.append(subprocess.Popen(
                [dask_bin, "worker", address, "--name", name, "--nthreads", "2",
                 "--no-dashboard", "--nworkers", "1"], env=env,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
        from distributed import Client

        with Client(address, timeout=30) as c:
            c.wait_for_workers(2, timeout=60)
        home = str(tmp_path / "home")
        with Server(workers=1, env={"OPENDIAS_HOME": home,
                                    "OPENDIAS_DASK_SCHEDULER": address}) as server:
            resp = requests.post(f"{server.url}/processes/subset/execution", json=SST_BODY,
                                 timeout=120)
            assert resp.status_code == 200, resp.text
            job_id = resp.headers["Location"].rsplit("/", 1)[1]
            assert not Path(home, "runtime", "dask-scheduler.json").exists()
            # a worker dies while running a job: Dask runs it again on the other one
            resp = requests.post(f"{server.url}/processes/subset/execution",
                                 json=SHORT_SLOW_BODY, headers={"Prefer": "respond-async"},
                                 timeout=60)
            slow_url = resp.headers["Location"]
            deadline = time.monotonic() + 60
            while requests.get(slow_url + "?f=json", timeout=10).json()["status"] != "running":
                assert time.monotonic() < deadline
                time.sleep(0.05)
            from opendias.jobs import JobStore

            monkeypatch.setenv("OPENDIAS_DATABASE_URL", f"sqlite:///{home}/jobs.sqlite")
            first = JobStore().get(slow_url.rsplit("/", 1)[1])["worker"].split("@")[0]
            victim = procs[1] if first == "ext-worker-1" else procs[2]
            os.killpg(victim.pid, signal.SIGKILL)
            status, _ = _poll(lambda u: requests.get(u + "?f=json", timeout=10).json(),
                              slow_url, timeout=120)
            assert status["status"] == "successful", status
            again = JobStore().get(slow_url.rsplit("/", 1)[1])
            assert again["worker"].split("@")[0] not in ("", first)
        from sqlalchemy import create_engine, text

        with create_engine(f"sqlite:///{home}/jobs.sqlite").connect() as conn:
            worker, scheduler = conn.execute(
                text("select worker, scheduler from opendias_jobs where id = :i"),
                {"i": job_id}).one()
        assert worker.split("@")[0] in ("ext-worker-1", "ext-worker-2")
        assert scheduler == address
        with Client(address, timeout=30) as c:
            def prefixes(dask_scheduler):
                return list(dask_scheduler.task_prefixes)
            assert "opendias-job" in c.run_on_scheduler(prefixes)
    finally:
        for proc in reversed(procs):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


def test_statistics_process_values(client, data_dir, tmp_path):
    import pandas as pd

    body = {"inputs": {"dataset": "med-sst-l4", "variables": ["analysed_sst"],
                       "kind": "spatial", "stats": ["max"], "bbox": [5, 38, 10, 42],
                       "format": "csv"}}
    resp = client.post("/processes/statistics/execution", json=body)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    table = pd.read_csv(io.BytesIO(client.get(local_path(resp.get_json()["result"]["href"])).data))
    src = xr.open_dataset(data_dir / "SST_MED_SST_L4_REP_OBSERVATIONS_010_021.nc")
    lat = slice(38, 42) if src.lat[0] < src.lat[-1] else slice(42, 38)
    expected = src["analysed_sst"].sel(lon=slice(5, 10), lat=lat).max(["lat", "lon"])
    np.testing.assert_allclose(table["analysed_sst_max"].values, expected.values, rtol=1e-6)
    features = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": "box", "properties": {"name": "box"},
         "geometry": {"type": "Polygon", "coordinates": [[[5, 38], [10, 38], [10, 42],
                                                          [5, 42], [5, 38]]]}}]}
    resp = client.post("/processes/zonal-statistics/execution", json={"inputs": {
        "dataset": "med-sst-l4", "variables": ["analysed_sst"], "features": features,
        "datetime": "2016-03-01"}})
    assert resp.status_code == 200, resp.get_data(as_text=True)
    table = pd.read_csv(io.BytesIO(client.get(local_path(resp.get_json()["result"]["href"])).data))
    assert list(table["feature"]) == ["box"] and table["cells"][0] > 0


def test_results_removed_after_retention(tmp_path, monkeypatch):
    """Finished jobs older than OPENDIAS_RESULTS_RETENTION go, with their files; others stay."""
    import datetime as dt

    from opendias import jobs

    monkeypatch.setenv("OPENDIAS_DATABASE_URL", f"sqlite:///{tmp_path / 'jobs.sqlite'}")
    monkeypatch.setenv("OPENDIAS_RESULTS_DIR", str(tmp_path / "results"))
    monkeypatch.setenv("OPENDIAS_RESULTS_RETENTION", "3600")
    store = jobs.JobStore()
    old_stamp = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=2)).strftime(
        jobs.DATETIME_FORMAT)
    for job_id, stamp in (("old", old_stamp), ("new", jobs.now_text())):
        store.add(job_id, "subset", {}, owner=None)
        store.update(job_id, status=jobs.SUCCESSFUL, updated=stamp, finished=stamp)
        (tmp_path / "results" / job_id).mkdir(parents=True)
        (tmp_path / "results" / job_id / "x.nc").write_bytes(b"x")
    store.add("running", "subset", {}, owner=None)
    assert jobs.cleanup_expired(store, force=True) == 1
    assert store.get("old") is None and not (tmp_path / "results" / "old").exists()
    assert store.get("new") is not None and (tmp_path / "results" / "new" / "x.nc").exists()
    assert store.get("running")["status"] == jobs.ACCEPTED
