"""The openEO front's Flask application (opendias.web.openeo): every route under the prefix.
Graphs go to the core (opendias.graphs), batch jobs through the job machinery every front
uses (processes.costing.admit, opendias.jobs), errors out as openEO's error document
(opendias.web.openeo.errors)."""

from __future__ import annotations

import re

from flask import Flask, Response, jsonify, request

from opendias.config import get_settings
from opendias.errors import InvalidParameter, NotFound, Unauthorized
from opendias.web.openeo import documents, prefix
from opendias.web.openeo.common import base, process_of, request_doc, signed_in, udps_of
from opendias.web.openeo.errors import openeo_error
from opendias.web.openeo.jobs import bp as jobs_blueprint

UDP_ID = re.compile(r"^\w{1,128}$")
app_ = Flask(__name__)
app_.register_blueprint(jobs_blueprint)


@app_.errorhandler(Exception)
def _error(err):
    status, payload, headers = openeo_error(request.environ, err)
    return Response(payload, status=status, headers=headers)


# -- discovery ------------------------------------------------------------------------------
@app_.get("/")
def capabilities():
    return jsonify(documents.capabilities(base()))


@app_.get("/.well-known/openeo")
def well_known():
    return jsonify(documents.well_known(base()))


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

    found = [documents.collection(e, open_cube(e), base(), full=False)
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
    return jsonify(documents.collection(entry, open_cube(entry), base()))


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
    return jsonify(documents.me(signed_in()))


# -- processing -----------------------------------------------------------------------------
@app_.post("/validation")
def validation():
    from opendias.errors import OpendiasError
    from opendias.graphs.evaluate import validate
    from opendias.web.openeo.errors import error_facts

    process = process_of(request_doc())
    try:
        validate(process, udps_of(process))
    except OpendiasError as err:
        return jsonify({"errors": [{"code": error_facts(err)[1], "message": err.detail}]})
    return jsonify({"errors": []})


@app_.post("/result")
def result():
    """The graph computed in this request (the synchronous limits of every front)."""
    from opendias.graphs.outputs import format_name, media_type, suffix, write_result
    from opendias.operations import formats
    from opendias.operations.subset import check_size, count_cells
    from opendias.web.file_answers import send_once
    from opendias.web.layers.sync_limits import take_heavy_slot

    from opendias.graphs.evaluate import evaluate

    process = process_of(request_doc())
    evaluated = evaluate(process, udps_of(process))
    name = format_name(evaluated.saved.format, vector=evaluated.vector)
    settings = get_settings()
    for source in evaluated.loaded.sources:
        check_size(source, settings.max_sync_cells, "synchronous process graph's source")
    take_heavy_slot(request.environ, "narrow the extents, or run the graph as a batch job "
                    "(POST /jobs)", sum(count_cells(s) for s in evaluated.loaded.sources))
    tmp = formats.tmp_path(settings.tmp_dir, suffix(name))
    try:
        write_result(evaluated, tmp, f"openEO POST {prefix()}/result")
        return send_once(tmp, media_type(name), f"{evaluated.cube.id}-openeo{suffix(name)}")
    except BaseException:
        if tmp.exists():
            tmp.unlink()
        raise


# -- user-defined processes -----------------------------------------------------------------
@app_.get("/process_graphs")
def list_process_graphs():
    from opendias.graphs.store import PROCESS, GraphStore

    found = GraphStore().list(signed_in().id, PROCESS)
    return jsonify({"processes": [documents.user_process(d, base(), full=False)
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

    user = signed_in()
    pid = _udp_id(process_graph_id)
    if pid in known_processes():
        raise InvalidParameter(f"{pid!r} is a predefined process: choose another id",
                               parameter="process_graph_id")
    body = request_doc()
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

    doc = GraphStore().get(signed_in().id, PROCESS, _udp_id(process_graph_id))
    if doc is None:
        raise NotFound(f"process graph {process_graph_id!r} not found",
                       parameter="process_graph_id")
    return jsonify(documents.user_process(doc, base()))


@app_.delete("/process_graphs/<process_graph_id>")
def delete_process_graph(process_graph_id: str):
    from opendias.graphs.store import PROCESS, GraphStore

    if not GraphStore().delete(signed_in().id, PROCESS, _udp_id(process_graph_id)):
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
