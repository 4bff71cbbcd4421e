"""The map of a job's gridded result: `GET /jobs/{jobId}/results/map` renders the job's
NetCDF result (a regridded field, a subset...) as a picture, with the OGC API - Maps
parameters of /collections/{id}/map (bbox, bbox-crs, crs, width/height, datetime, subset,
properties, style, colorscalerange, f) and its headers (Content-Bbox, Content-Crs, the time
step and colour range shown). Without bbox the picture covers the whole result, so a map
client places it with Content-Bbox.

The job must be one the request may see (opendias.web.owners: the results document gives
the same requester signed links to the files) and successful; another's or an unknown job is
404, an unfinished one or one without a NetCDF result 404 saying so. The file is opened for
the request only (opendias.datacube.opened_cube). Errors are OGC exception JSON."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

from flask import Flask, request

from opendias.catalogue import DatasetEntry
from opendias.config import get_settings
from opendias.datacube import opened_cube
from opendias.errors import DatasetUnavailable, NotFound
from opendias.jobs import SUCCESSFUL
from opendias.web import owners
from opendias.web.errors import install_error_handlers
from opendias.web.maps import map_response

app = Flask(__name__)
install_error_handlers(app)


def _result_file(job_id: str) -> Path:
    job = owners.visible_job(request.environ, job_id)
    if job is None:
        raise NotFound(f"no job {job_id[:64]!r}", parameter="jobId")
    if job["status"] != SUCCESSFUL:
        raise NotFound(f"job {job_id} is {job['status']}: its result has no map (yet)",
                       parameter="jobId")
    folder = get_settings().results_dir / job_id
    grids = sorted(folder.glob("[!.]*.nc")) if folder.is_dir() else []
    if not grids:
        raise NotFound(f"job {job_id} has no NetCDF result to map (a table or another "
                       "format: download it from /jobs/{jobId}/results)", parameter="jobId")
    return grids[0]


@app.route("/jobs/<job_id>/results/map", methods=["GET", "HEAD"])
def result_map(job_id: str):
    path = _result_file(job_id)
    entry = DatasetEntry(id=f"job-{job_id}", dataset_id="", title=path.name, abstract="",
                         service="", source={"path": str(path)})
    with ExitStack() as stack:
        try:
            cube = stack.enter_context(opened_cube(entry))
        except DatasetUnavailable:  # a table in NetCDF (a spatial statistics' time series)
            raise NotFound(f"job {job_id}'s result {path.name} is not a map (no lon/lat or "
                           "x/y grid): download it from /jobs/{jobId}/results",
                           parameter="jobId") from None
        resp = map_response(cube, entry.id, request.args)  # rendered while it is open
    resp.headers["Cache-Control"] = "private, max-age=3600"
    return resp
