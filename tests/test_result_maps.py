"""The map of a job's gridded result (GET /jobs/{jobId}/results/map, opendias.web.result_maps):
what the portal's compute page shows of a regridded field. One pixel per cell of the result:
the picture's extent is the result's, and exactly its cells with a value are painted; the job
of another user, an unknown job and a table result are 404."""

from __future__ import annotations

import io
import uuid

import numpy as np
import pytest
import xarray as xr
from PIL import Image
from werkzeug.test import Client

from conftest import local_path
from test_access import PASSWORD
from test_processes import _client_get, _poll

REGRID = {"inputs": {"dataset": "med-sst-l4", "variables": ["analysed_sst"],
                     "datetime": "2016-03-01", "resolution": [0.5], "bbox": [5, 38, 10, 42]}}


def _job(client, body) -> str:
    resp = client.post(f"/processes/{body['process']}/execution", json=body["body"],
                       headers={"Prefer": "respond-async"})
    assert resp.status_code == 201, resp.get_data(as_text=True)
    status, _ = _poll(_client_get(client), resp.headers["Location"])
    assert status["status"] == "successful", status
    return resp.get_json()["jobID"]


@pytest.fixture(scope="module")
def regridded(client, tmp_path_factory):
    job_id = _job(client, {"process": "regrid", "body": REGRID})
    link = client.get(f"/jobs/{job_id}/results?f=json").get_json()["links"][0]
    path = tmp_path_factory.mktemp("result") / "regrid.nc"
    path.write_bytes(client.get(local_path(link["href"])).data)
    return job_id, path


def test_the_map_paints_exactly_the_cells_of_the_result(client, regridded):
    job_id, path = regridded
    with xr.open_dataset(path) as got:
        values = got.analysed_sst.isel(time=0).values  # lat ascending or not: see below
        lat, lon = got.lat.values, got.lon.values
    ny, nx = values.shape
    resp = client.get(f"/jobs/{job_id}/results/map?width={nx}&height={ny}")
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert resp.mimetype == "image/png"
    west, south, east, north = map(float, resp.headers["Content-Bbox"].split(","))
    step = 0.5
    assert (west, south, east, north) == pytest.approx(
        (lon.min() - step / 2, lat.min() - step / 2, lon.max() + step / 2, lat.max() + step / 2))
    image = np.asarray(Image.open(io.BytesIO(resp.data)).convert("RGBA"))
    assert image.shape == (ny, nx, 4)
    north_up = values if lat[0] > lat[-1] else values[::-1]
    assert np.isfinite(north_up).sum() > 40
    np.testing.assert_array_equal(image[..., 3] > 0, np.isfinite(north_up))
    # warmer cells are drawn in another colour than colder ones
    warm, cold = np.unravel_index(np.nanargmax(north_up), north_up.shape), \
        np.unravel_index(np.nanargmin(north_up), north_up.shape)
    assert tuple(image[warm][:3]) != tuple(image[cold][:3])
    assert resp.headers["Cache-Control"] == "private, max-age=3600"


def test_only_who_may_see_the_job_gets_its_map(wsgi_app, client, regridded):
    from opendias.identity import Accounts

    job_id, _ = regridded
    assert client.get("/jobs/0000/results/map").status_code == 404
    name = f"m{uuid.uuid4().hex[:10]}"
    Accounts().register(name, f"{name}@example.org", PASSWORD)
    other = Client(wsgi_app)
    other.post("/signin", json={"username": name, "password": PASSWORD})
    resp = other.get(f"/jobs/{job_id}/results/map")  # an anonymous job, asked by a user
    assert resp.status_code == 404 and resp.get_json()["detail"] == f"no job {job_id!r}"


def test_a_table_result_has_no_map(client):
    spatial = {"dataset": "med-sst-l4", "variables": ["analysed_sst"], "kind": "spatial",
               "bbox": [5, 38, 10, 42]}
    job_id = _job(client, {"process": "statistics", "body": {"inputs": {**spatial,
                                                                        "format": "csv"}}})
    resp = client.get(f"/jobs/{job_id}/results/map")
    assert resp.status_code == 404 and "no NetCDF result to map" in resp.get_json()["detail"]
    job_id = _job(client, {"process": "statistics", "body": {"inputs": spatial}})  # NetCDF
    resp = client.get(f"/jobs/{job_id}/results/map")
    assert resp.status_code == 404, resp.get_data(as_text=True)
    assert "is not a map (no lon/lat or x/y grid)" in resp.get_json()["detail"]
