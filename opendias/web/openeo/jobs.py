"""The openEO front's batch jobs (a Blueprint of opendias.web.openeo.front): a job is
created as a draft of its owner (opendias.graphs.store), started as a job of the
`openeo-graph` operation through the machinery every front uses (processes.costing.admit,
opendias.jobs: the same store, Dask runner, owner isolation, dismissal), its results the
signed links of its files."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from opendias import jobs
from opendias.errors import Conflict, NotFound
from opendias.web import owners
from opendias.web.openeo import documents
from opendias.web.openeo.common import PROCESS_ID, base, operation, process_of, \
    request_doc, signed_in, udps_of

bp = Blueprint("openeo_jobs", __name__)


# -- batch jobs -----------------------------------------------------------------------------
def _record(job_id: str) -> dict:
    """A job of the caller: started (the job store) or created (its draft)."""
    from opendias.graphs.store import JOB, GraphStore

    user = signed_in()
    job = owners.visible_job(request.environ, job_id)
    if job is not None and job["process_id"] == PROCESS_ID:
        return job
    draft = GraphStore().get(user.id, JOB, job_id) if job is None else None
    if draft is None:
        raise NotFound(f"job {job_id[:64]!r} not found", parameter="job")
    return {**draft, "_created_job": True}


@bp.post("/jobs")
def create_job():
    from opendias.database import now_text
    from opendias.graphs.evaluate import validate
    from opendias.graphs.store import JOB, GraphStore

    user = signed_in()
    body = request_doc()
    process = process_of(body)
    validate(process, udps_of(process))
    job_id = jobs.new_job_id()
    GraphStore().put(user.id, JOB, job_id, {
        "id": job_id, "process": process, "title": body.get("title"),
        "description": body.get("description"), "created": now_text()})
    url = f"{base()}/jobs/{job_id}"
    return Response(status=201, headers={"Location": url, "OpenEO-Identifier": job_id})


@bp.get("/jobs")
def list_jobs():
    from opendias.graphs.store import JOB, GraphStore

    user = signed_in()
    found, _ = jobs.JobStore().list(owner=user.id, process_id=[PROCESS_ID], limit=1000)
    drafts = [{**d, "_created_job": True} for d in GraphStore().list(user.id, JOB)]
    return jsonify({"jobs": [documents.job(j, base(), full=False) for j in drafts + found],
                    "links": []})


@bp.get("/jobs/<job_id>")
def get_job(job_id: str):
    return jsonify(documents.job(_record(job_id), base()))


@bp.delete("/jobs/<job_id>")
def delete_job(job_id: str):
    from opendias.graphs.store import JOB, GraphStore

    record = _record(job_id)
    if record.get("_created_job"):
        GraphStore().delete(signed_in().id, JOB, job_id)
    else:
        jobs.dismiss(job_id)
    return Response(status=204)


@bp.post("/jobs/<job_id>/results")
def start_job(job_id: str):
    from opendias.graphs.store import JOB, GraphStore
    from opendias.web.layers.access import NO_JOB
    from processes.costing import admit

    record = _record(job_id)
    if not record.get("_created_job"):
        request.environ[NO_JOB] = True  # already started: nothing new runs
        return Response(status=202)
    user = signed_in()
    process = record["process"]
    op = operation()
    inputs = admit(op, {"process_graph": process, "user_processes": udps_of(process) or None},
                   user)
    store = jobs.JobStore()
    if store.get(job_id) is not None:
        raise Conflict(f"job {job_id} was started already")
    store.add(job_id, op.id, inputs, owner=user.id, origin="openeo")
    GraphStore().delete(user.id, JOB, job_id)
    jobs.submit(job_id, op.run, inputs)
    return Response(status=202)


@bp.get("/jobs/<job_id>/results")
def job_results(job_id: str):
    record = _record(job_id)
    status = "created" if record.get("_created_job") else record["status"]
    if status == jobs.SUCCESSFUL:
        return jsonify(documents.results(record, base()))
    if status == jobs.FAILED:
        facts = record.get("error") or {}
        return Response(documents_error("JobFailed", f"job {job_id} failed: "
                                        f"{facts.get('detail') or record['message']}"),
                        status=424, mimetype="application/json")
    return Response(documents_error("JobNotFinished", f"job {job_id} is "
                                    f"{documents.STATUSES.get(status, status)}: its results "
                                    "are not ready"), status=400, mimetype="application/json")


def documents_error(code: str, message: str) -> bytes:
    from opendias.web.layers.request_id import ENVIRON_KEY
    from opendias.web.openeo.errors import body

    return body(code, message, request.environ.get(ENVIRON_KEY))


@bp.delete("/jobs/<job_id>/results")
def cancel_job(job_id: str):
    record = _record(job_id)
    if not record.get("_created_job"):
        jobs.dismiss(job_id)
    return Response(status=204)


@bp.get("/jobs/<job_id>/estimate")
def estimate(job_id: str):
    from processes.costing import costing

    record = _record(job_id)
    process = record["process"] if record.get("_created_job") else \
        record["inputs"]["process_graph"]
    doc = costing(operation(), {"process_graph": process,
                                 "user_processes": udps_of(process) or None},
                  signed_in())
    return jsonify({"costs": 0, "duration": f"PT{max(1, round(doc['cpu_seconds_estimate']))}S",
                    "size": doc["result"]["bytes_at_most"], "downloads_included": None,
                    "opendias:costing": doc})


@bp.get("/jobs/<job_id>/logs")
def logs(job_id: str):
    return jsonify(documents.logs(_record(job_id)))
