"""The openEO front's Flask application (opendias.web.openeo): every route under the prefix.
Graphs go to the core (opendias.graphs), batch jobs through the job machinery every front
uses (processes.costing.admit, opendias.jobs), errors out as openEO's error document
(opendias.web.openeo.errors)."""

from __future__ import annotations

import re

from flask import Flask, Response, jsonify, request

from opendias import jobs
from opendias.config import get_settings
from opendias.errors import Conflict, InvalidParameter, NotFound, Unauthorized
from opendias.web import owners
from opendias.web.bodies import json_body
from opendias.web.openeo import documents, prefix
from opendias.web.openeo.errors import openeo_error

PROCESS_ID = "openeo-graph"
UDP_ID = re.compile(r"^\w{1,128}$")
app_ = Flask(__name__)


@app_.errorhandler(Exception)
def _error(err):
    status, payload, headers = openeo_error(request.environ, err)
    return Response(payload, status=status, headers=headers)


def _base() -> str:
    return f"{get_settings().base_url}{prefix()}"


def _user():
    user = owners.requester(request.environ)
    if user is None:
        raise Unauthorized("authenticate first: GET /credentials/basic with HTTP Basic "
                           "username:password (openeo: connection.authenticate_basic), then "
                           "send Authorization: Bearer basic//<access_token>")
    return user


def _body() -> dict:
    body = json_body(request.environ)
    if not isinstance(body, dict):
        raise InvalidParameter("the body must be a JSON object", parameter="body")
    return body


def _process(body: dict) -> dict:
    process = body.get("process") if isinstance(body.get("process"), dict) else body
    if not isinstance(process.get("process_graph"), dict):
        raise InvalidParameter('the body must hold {"process": {"process_graph": {...}}}',
                               parameter="body")
    return {"process_graph": process["process_graph"],
            **{k: process[k] for k in ("id", "parameters") if k in process}}


def _udps(process: dict) -> dict:
    from opendias.graphs.store import GraphStore

    return GraphStore().user_processes(owners.owner_id(request.environ),
                                       process["process_graph"])


def _operation():
    from processes.registry import get_operation

    return get_operation(PROCESS_ID)


# -- discovery ------------------------------------------------------------------------------
@app_.get("/")
def capabilities():
    return jsonify(documents.capabilities(_base()))


@app_.get("/.well-known/openeo")
def well_known():
    return jsonify(documents.well_known(_base()))


@app_.get("/conformance")
def conformance():
    return jsonify({"conformsTo": documents.CONFORMANCE})


@app_.get("/file_formats")
def file_formats():
    return jsonify(documents.file_formats())


@app_.get("/collections")
def collections():
    from opendias.catalogue import load_catalogue
    from opendias.datacube import open_cube

    found = [documents.collection(e, open_cube(e), _base(), full=False)
             for e in load_catalogue()]
    return jsonify({"collections": found, "links": []})


@app_.get("/collections/<path:collection_id>")
def collection(collection_id: str):
    from opendias.catalogue import load_catalogue
    from opendias.datacube import open_cube

    catalogue = load_catalogue()
    if collection_id not in catalogue.ids():
        raise NotFound(f"collection {collection_id[:100]!r} not found", parameter="collection")
    entry = catalogue.get(collection_id)
    return jsonify(documents.collection(entry, open_cube(entry), _base()))


@app_.get("/processes")
def processes():
    return jsonify(documents.processes())


# -- account --------------------------------------------------------------------------------
@app_.get("/credentials/basic")
def credentials_basic():
    from opendias.identity import Grants

    auth = request.authorization
    if auth is None or auth.type != "basic" or not auth.username or not auth.password:
        raise Unauthorized("send HTTP Basic credentials: your username and password")
    try:
        grant = Grants().password_grant(auth.username, auth.password)
    except Unauthorized as err:  # wrong password: openEO's CredentialsInvalid
        raise Unauthorized(err.detail) from None
    return jsonify({"access_token": grant["access_token"]})


@app_.get("/udf_runtimes")
def udf_runtimes():
    return jsonify({})  # user-defined functions (code) are not run


@app_.get("/service_types")
def service_types():
    return jsonify({})  # no secondary web services


@app_.get("/me")
def me():
    return jsonify(documents.me(_user()))


# -- processing -----------------------------------------------------------------------------
@app_.post("/validation")
def validation():
    from opendias.errors import OpendiasError
    from opendias.graphs.evaluate import validate
    from opendias.web.openeo.errors import error_facts

    process = _process(_body())
    try:
        validate(process, _udps(process))
    except OpendiasError as err:
        return jsonify({"errors": [{"code": error_facts(err)[1], "message": err.detail}]})
    return jsonify({"errors": []})


@app_.post("/result")
def result():
    """The graph computed in this request (the synchronous limits of every front)."""
    from opendias.graphs.outputs import format_name, media_type, suffix, write_result
    from opendias.operations import formats
    from opendias.operations.subset import check_size, count_cells
    from opendias.web.coverages import _stream_file
    from opendias.web.layers.sync_limits import take_heavy_slot

    from opendias.graphs.evaluate import evaluate

    process = _process(_body())
    evaluated = evaluate(process, _udps(process))
    name = format_name(evaluated.saved.format, vector=evaluated.vector)
    settings = get_settings()
    for source in evaluated.loaded.sources:
        check_size(source, settings.max_sync_cells, "synchronous process graph's source")
    take_heavy_slot(request.environ, "narrow the extents, or run the graph as a batch job "
                    "(POST /jobs)", sum(count_cells(s) for s in evaluated.loaded.sources))
    tmp = formats.tmp_path(settings.tmp_dir, suffix(name))
    try:
        write_result(evaluated, tmp, f"openEO POST {prefix()}/result")
        return _stream_file(tmp, media_type(name), f"{evaluated.cube.id}-openeo{suffix(name)}")
    except BaseException:
        if tmp.exists():
            tmp.unlink()
        raise


# -- batch jobs -----------------------------------------------------------------------------
def _record(job_id: str) -> dict:
    """A job of the caller: started (the job store) or created (its draft)."""
    from opendias.graphs.store import JOB, GraphStore

    user = _user()
    job = owners.visible_job(request.environ, job_id)
    if job is not None and job["process_id"] == PROCESS_ID:
        return job
    draft = GraphStore().get(user.id, JOB, job_id) if job is None else None
    if draft is None:
        raise NotFound(f"job {job_id[:64]!r} not found", parameter="job")
    return {**draft, "_created_job": True}


@app_.post("/jobs")
def create_job():
    from opendias.database import now_text
    from opendias.graphs.evaluate import validate
    from opendias.graphs.store import JOB, GraphStore

    user = _user()
    body = _body()
    process = _process(body)
    validate(process, _udps(process))
    job_id = jobs.new_job_id()
    GraphStore().put(user.id, JOB, job_id, {
        "id": job_id, "process": process, "title": body.get("title"),
        "description": body.get("description"), "created": now_text()})
    url = f"{_base()}/jobs/{job_id}"
    return Response(status=201, headers={"Location": url, "OpenEO-Identifier": job_id})


@app_.get("/jobs")
def list_jobs():
    from opendias.graphs.store import JOB, GraphStore

    user = _user()
    found, _ = jobs.JobStore().list(owner=user.id, process_id=[PROCESS_ID], limit=1000)
    drafts = [{**d, "_created_job": True} for d in GraphStore().list(user.id, JOB)]
    return jsonify({"jobs": [documents.job(j, _base(), full=False) for j in drafts + found],
                    "links": []})


@app_.get("/jobs/<job_id>")
def get_job(job_id: str):
    return jsonify(documents.job(_record(job_id), _base()))


@app_.delete("/jobs/<job_id>")
def delete_job(job_id: str):
    from opendias.graphs.store import JOB, GraphStore

    record = _record(job_id)
    if record.get("_created_job"):
        GraphStore().delete(_user().id, JOB, job_id)
    else:
        jobs.dismiss(job_id)
    return Response(status=204)


@app_.post("/jobs/<job_id>/results")
def start_job(job_id: str):
    from opendias.graphs.store import JOB, GraphStore
    from opendias.web.layers.access import NO_JOB
    from processes.costing import admit

    record = _record(job_id)
    if not record.get("_created_job"):
        request.environ[NO_JOB] = True  # already started: nothing new runs
        return Response(status=202)
    user = _user()
    process = record["process"]
    op = _operation()
    inputs = admit(op, {"process_graph": process, "user_processes": _udps(process) or None},
                   user)
    store = jobs.JobStore()
    if store.get(job_id) is not None:
        raise Conflict(f"job {job_id} was started already")
    store.add(job_id, op.id, inputs, owner=user.id, origin="openeo")
    GraphStore().delete(user.id, JOB, job_id)
    jobs.submit(job_id, op.run, inputs)
    return Response(status=202)


@app_.get("/jobs/<job_id>/results")
def job_results(job_id: str):
    record = _record(job_id)
    status = "created" if record.get("_created_job") else record["status"]
    if status == jobs.SUCCESSFUL:
        return jsonify(documents.results(record, _base()))
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


@app_.delete("/jobs/<job_id>/results")
def cancel_job(job_id: str):
    record = _record(job_id)
    if not record.get("_created_job"):
        jobs.dismiss(job_id)
    return Response(status=204)


@app_.get("/jobs/<job_id>/estimate")
def estimate(job_id: str):
    from processes.costing import costing

    record = _record(job_id)
    process = record["process"] if record.get("_created_job") else \
        record["inputs"]["process_graph"]
    doc = costing(_operation(), {"process_graph": process,
                                 "user_processes": _udps(process) or None},
                  _user())
    return jsonify({"costs": 0, "duration": f"PT{max(1, round(doc['cpu_seconds_estimate']))}S",
                    "size": doc["result"]["bytes_at_most"], "downloads_included": None,
                    "opendias:costing": doc})


@app_.get("/jobs/<job_id>/logs")
def logs(job_id: str):
    return jsonify(documents.logs(_record(job_id)))


# -- user-defined processes -----------------------------------------------------------------
@app_.get("/process_graphs")
def list_process_graphs():
    from opendias.graphs.store import PROCESS, GraphStore

    found = GraphStore().list(_user().id, PROCESS)
    return jsonify({"processes": [documents.user_process(d, _base(), full=False)
                                  for d in found], "links": []})


def _udp_id(process_graph_id: str) -> str:
    if not UDP_ID.match(process_graph_id):
        raise InvalidParameter("a process graph id is 1..128 letters, digits or _",
                               parameter="process_graph_id")
    return process_graph_id


@app_.put("/process_graphs/<process_graph_id>")
def put_process_graph(process_graph_id: str):
    from opendias.graphs.evaluate import known_processes
    from opendias.graphs.checks import check_graph
    from opendias.graphs.store import PROCESS, GraphStore

    user = _user()
    pid = _udp_id(process_graph_id)
    if pid in known_processes():
        raise InvalidParameter(f"{pid!r} is a predefined process: choose another id",
                               parameter="process_graph_id")
    body = _body()
    graph = body.get("process_graph")
    store = GraphStore()
    others = store.user_processes(user.id, graph) if isinstance(graph, dict) else {}
    check_graph(graph, known_processes({**others, pid: body}))
    keep = ("summary", "description", "parameters", "returns", "categories")
    store.put(user.id, PROCESS, pid, {"id": pid, "process_graph": graph,
                                      **{k: body[k] for k in keep if k in body}})
    return Response(status=200)


@app_.get("/process_graphs/<process_graph_id>")
def get_process_graph(process_graph_id: str):
    from opendias.graphs.store import PROCESS, GraphStore

    doc = GraphStore().get(_user().id, PROCESS, _udp_id(process_graph_id))
    if doc is None:
        raise NotFound(f"process graph {process_graph_id!r} not found",
                       parameter="process_graph_id")
    return jsonify(documents.user_process(doc, _base()))


@app_.delete("/process_graphs/<process_graph_id>")
def delete_process_graph(process_graph_id: str):
    from opendias.graphs.store import PROCESS, GraphStore

    if not GraphStore().delete(_user().id, PROCESS, _udp_id(process_graph_id)):
        raise NotFound(f"process graph {process_graph_id!r} not found",
                       parameter="process_graph_id")
    return Response(status=204)


def openeo_app(environ, start_response):
    """The WSGI application of the prefix (and of /.well-known/openeo at the root)."""
    path = environ.get("PATH_INFO", "")
    here = prefix()
    if path.startswith(here):
        environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + here
        environ["PATH_INFO"] = path[len(here):] or "/"
    return app_(environ, start_response)
