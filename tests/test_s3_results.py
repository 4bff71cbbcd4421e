"""Job results on object storage (OPENDIAS_RESULTS_URL=s3://bucket/prefix) with the real
service (gunicorn, its LocalCluster) and a real S3 server (SeaweedFS): a job's file lands in
the bucket, whole, and nowhere on the service's disk; its usual signed link answers with a
redirect to a presigned URL that downloads the announced bytes; a link without signature
is still a 404; dismissing removes the objects; the S3 server killed while a job runs fails
the job, saying so, and the service keeps answering."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
import requests
import xarray as xr

from conftest import SST_JOB_INPUTS, Server, expected_sst_job, final_job
from s3_server import S3Server

BUCKET = "opendias-results"
SECRET = "s3-results-test-secret"


def _service_env(s3: S3Server, home: Path) -> dict:
    s3.bucket(BUCKET)
    return {**s3.env(), "OPENDIAS_HOME": str(home), "OPENDIAS_DASK_WORKERS": "1",
            "OPENDIAS_RESULTS_URL": f"s3://{BUCKET}/jobs", "OPENDIAS_SECRET_KEY": SECRET}


def test_results_land_in_s3_and_download_through_a_presigned_redirect(
        s3_server, tmp_path, data_dir, monkeypatch):
    from opendias.jobs.links import signed_query

    monkeypatch.setenv("OPENDIAS_SECRET_KEY", SECRET)
    home = tmp_path / "home"
    with Server(workers=1, env=_service_env(s3_server, home)) as server:
        resp = requests.post(f"{server.url}/processes/subset/execution",
                             json={"inputs": SST_JOB_INPUTS},
                             headers={"Prefer": "respond-async"}, timeout=60)
        assert resp.status_code == 201, resp.text
        job_url = resp.headers["Location"]
        job_id = job_url.rsplit("/", 1)[1]
        assert final_job(job_url)["status"] == "successful"
        link = requests.get(f"{job_url}/results?f=json", timeout=30).json()["result"]
        objects = s3_server.filesystem().find(f"{BUCKET}/jobs/{job_id}", detail=True)
        assert [k.rsplit("/", 1)[1] for k in objects] == [link["title"]]
        assert next(iter(objects.values()))["size"] == link["size"] > 1000
        assert not (home / "results" / job_id).exists()  # nothing on the service's disk

        first = requests.get(link["href"], allow_redirects=False, timeout=30)
        assert first.status_code == 302, first.text
        location = first.headers["Location"]
        assert location.startswith(f"{s3_server.endpoint}/{BUCKET}/jobs/{job_id}/")
        assert "X-Amz-Signature=" in location and "X-Amz-Expires=900" in location
        body = requests.get(location, timeout=30)
        assert body.status_code == 200 and len(body.content) == link["size"]
        path = tmp_path / "got.nc"
        path.write_bytes(body.content)
        with xr.open_dataset(path) as got:
            np.testing.assert_array_equal(got["analysed_sst"].values,
                                          expected_sst_job(data_dir).values)
        # the usual checks stay: no signature, a tampered one, are a result that is not there
        bare = link["href"].split("?")[0]
        assert requests.get(bare, allow_redirects=False, timeout=30).status_code == 404
        tampered = link["href"].replace("signature=", "signature=x")
        assert requests.get(tampered, allow_redirects=False, timeout=30).status_code == 404
        folder = f"{server.url}/results/{job_id}/"
        assert requests.get(folder, timeout=30).status_code == 404  # anonymous: signed only
        listing = requests.get(f"{folder}?{signed_query(job_id)}", timeout=30).json()
        assert [(x["title"], x["size"]) for x in listing["links"]] == [
            (link["title"], link["size"])]
        # dismissing the job removes its objects
        assert requests.delete(job_url, timeout=30).status_code == 200
        left = s3_server.filesystem().find(f"{BUCKET}/jobs/{job_id}", detail=True)
        assert not [key for key, info in left.items() if info["type"] == "file"]
        assert requests.get(link["href"], allow_redirects=False, timeout=30).status_code == 404


def test_s3_gone_mid_job_fails_the_job_saying_so(tmp_path):
    with S3Server() as s3, Server(workers=1, env=_service_env(s3, tmp_path / "home")) \
            as server:
        resp = requests.post(f"{server.url}/processes/subset/execution",
                             json={"inputs": SST_JOB_INPUTS},
                             headers={"Prefer": "respond-async"}, timeout=60)
        assert resp.status_code == 201, resp.text
        job_url = resp.headers["Location"]
        s3.stop()  # SIGKILL: the object store is gone while the job is under way
        assert requests.get(f"{job_url}?f=json", timeout=30).json()["status"] in (
            "accepted", "running")
        job = final_job(job_url, timeout=90)
        assert job["status"] == "failed", job
        assert "results could not be stored" in job["message"], job["message"]
        assert "object storage" in job["message"] and f"s3://{BUCKET}/jobs" in job["message"]
        # the service keeps answering, fast
        started = time.monotonic()
        assert requests.get(f"{server.url}/conformance", timeout=30).status_code == 200
        assert requests.get(f"{server.url}/jobs?f=json", timeout=30).status_code == 200
        assert requests.get(f"{server.url}/collections?f=json", timeout=30).status_code == 200
        assert time.monotonic() - started < 10


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
