"""The CDS retrieve API's Flask application (opendias.web.cds): every route under the
prefix; a CDS request becomes a job of the subset operation, admitted, stored and run as
every job is. Errors in the Data Stores' body (opendias.web.cds.errors)."""

from __future__ import annotations

import logging

from flask import Blueprint, Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from opendias import jobs
from opendias.config import get_settings
from opendias.errors import InvalidParameter, NotFound, OpendiasError, Unauthorized
from opendias.web import owners
from opendias.web.bodies import json_body
from opendias.web.cds import documents, prefix
from opendias.web.cds.errors import error_facts
from opendias.web.cds.names import cds_entries, entry_of, licence_of
from opendias.web.cds.request import subset_inputs
from opendias.web.errors import internal_error_detail, ogc_exception

LOGGER = logging.getLogger(__name__)
MAX_PAGE = 100
bp = Blueprint("cds", __name__)


def _base() -> str:
    return f"{get_settings().base_url}{prefix()}"


def _dataset(name: str):
    from opendias.datacube import open_cube

    entry = entry_of(name)
    return entry, open_cube(entry)


def _request() -> dict:
    """The `inputs` of a body `{"inputs": {...}}` (the request of cdsapi.retrieve)."""
    body = json_body(request.environ)
    if not isinstance(body, dict) or not isinstance(body.get("inputs", {}), dict):
        raise InvalidParameter('the body must be a JSON object {"inputs": {...}} holding the '
                               "request", parameter="inputs")
    return body.get("inputs") or {}


def _user():
    user = owners.requester(request.environ)
    if user is None:
        raise Unauthorized("send a personal access token in the PRIVATE-TOKEN header "
                           "(cdsapi: key=<token>)")
    return user


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    text = request.args.get(name, "")
    if not text:
        return default
    if not text.isdigit() or not low <= int(text) <= high:
        raise InvalidParameter(f"{name} must be an integer {low}..{high}", parameter=name)
    return int(text)


# -- catalogue ------------------------------------------------------------------------------
@bp.get("/catalogue/v1/messages")
def messages():
    return jsonify({"messages": []})


@bp.get("/catalogue/v1/datasets")
def datasets():
    from opendias.datacube import open_cube

    words = request.args.get("q", "").lower().split()
    found = [e for e in cds_entries() if all(w in f"{e.cds_name} {e.title} {e.abstract}"
                                              .lower() for w in words)]
    return jsonify({"collections": [documents.collection(e, open_cube(e), _base())
                                    for e in found], "links": [],
                    "numberMatched": len(found), "numberReturned": len(found)})


@bp.get("/catalogue/v1/collections/<name>")
def collection(name: str):
    entry, cube = _dataset(name)
    return jsonify(documents.collection(entry, cube, _base()))


@bp.get("/catalogue/v1/vocabularies/licences")
def licences():
    found = {t.id: t for t in (licence_of(e) for e in cds_entries()) if t is not None}
    return jsonify({"licences": [{"id": t.id, "label": t.title, "revision": 1}
                                 for t in found.values()]})


# -- retrieve: processes --------------------------------------------------------------------
@bp.get("/retrieve/v1/processes")
def processes():
    return jsonify({"processes": [{"id": e.cds_name, "title": e.title, "links": [
        {"rel": "self", "href": f"{_base()}/retrieve/v1/processes/{e.cds_name}"}]}
        for e in cds_entries()], "links": []})


@bp.get("/retrieve/v1/processes/<name>")
def process(name: str):
    entry, cube = _dataset(name)
    return jsonify(documents.process(entry, cube, _base()))


@bp.post("/retrieve/v1/processes/<name>/execution")
def execute(name: str):
    from processes.costing import admit
    from processes.registry import get_operation

    entry, cube = _dataset(name)
    operation = get_operation("subset")
    inputs = admit(operation, subset_inputs(entry, cube, _request()),
                   owners.requester(request.environ))
    job_id = jobs.new_job_id()
    job = jobs.JobStore().add(job_id, operation.id, inputs, origin="cds",
                              owner=owners.owner_id(request.environ))
    jobs.submit(job_id, operation.run, inputs)
    doc = documents.status_info(job, _base(), monitor=True)
    return jsonify(doc), 201, {"Location": doc["links"][0]["href"]}


@bp.post("/retrieve/v1/processes/<name>/costing")
def costing(name: str):
    from processes.costing import costing as dry_run
    from processes.registry import get_operation

    entry, cube = _dataset(name)
    limit = get_settings().max_job_cells
    try:
        inputs = subset_inputs(entry, cube, _request())
        doc = dry_run(get_operation("subset"), inputs, owners.requester(request.environ),
                      capability="subset")
    except InvalidParameter as err:
        if err.parameter == "inputs":
            raise
        return jsonify({"cost": 0, "limit": limit, "request_is_valid": False,
                        "invalid_reason": err.detail})
    except OpendiasError as err:  # an empty selection and the like: not a valid request
        return jsonify({"cost": 0, "limit": limit, "request_is_valid": False,
                        "invalid_reason": err.detail})
    limit = doc.get("quotas", {}).get("max_job_cells", {}).get("limit", limit)
    return jsonify({"cost": doc["read"]["cells"], "limit": limit,
                    "request_is_valid": doc["accepted"],
                    "invalid_reason": "; ".join(doc["refusals"]) or None,
                    "costing": doc})


@bp.post("/retrieve/v1/processes/<name>/api-request")
def api_request(name: str):
    entry, cube = _dataset(name)
    req = _request()
    subset_inputs(entry, cube, req)
    return Response(documents.api_request(entry.cds_name, req, _base()),
                    mimetype="text/x-python")


# -- retrieve: jobs -------------------------------------------------------------------------
def _job(job_id: str) -> dict:
    job = owners.visible_job(request.environ, job_id)
    if job is None:
        raise NotFound(f"job {job_id} not found", parameter="job")
    return job


@bp.get("/retrieve/v1/jobs")
def job_list():
    statuses = request.args.getlist("status")
    unknown = [s for s in statuses if s not in jobs.JOB_STATUSES]
    if unknown:
        raise InvalidParameter(f"unknown status {unknown[0]!r}: use "
                               f"{', '.join(jobs.JOB_STATUSES)}", parameter="status")
    if request.args.get("sortby", "-created") != "-created":
        raise InvalidParameter("sortby may be -created (newest first)", parameter="sortby")
    limit = _int_arg("limit", 10, 1, MAX_PAGE)
    offset = _int_arg("offset", 0, 0, 10**9)
    found, matched = jobs.JobStore().list(owner=owners.owner_id(request.environ),
                                          status=statuses or None, process_id=["subset"],
                                          limit=limit, offset=offset)
    links = []
    if offset + limit < matched:
        links.append({"rel": "next", "href": f"{_base()}/retrieve/v1/jobs?limit={limit}"
                      f"&offset={offset + limit}"})
    if offset:
        links.append({"rel": "prev", "href": f"{_base()}/retrieve/v1/jobs?limit={limit}"
                      f"&offset={max(0, offset - limit)}"})
    return jsonify({"jobs": [documents.status_info(j, _base()) for j in found],
                    "links": links, "metadata": {"totalCount": matched}})


@bp.get("/retrieve/v1/jobs/<job_id>")
def job_status(job_id: str):
    log = request.args.get("log", "").lower() in ("true", "1")
    return jsonify(documents.status_info(_job(job_id), _base(), log=log,
                                         since=request.args.get("logStartTime") or None))


@bp.get("/retrieve/v1/jobs/<job_id>/results")
def job_results(job_id: str):
    job = _job(job_id)
    if job["status"] == jobs.SUCCESSFUL:
        return jsonify(documents.results(job))
    if job["status"] == jobs.FAILED:
        facts = job["error"] or {"code": "NoApplicableCode", "detail": job["message"]}
        return _error_response(400, facts["code"], "The job has failed", facts["detail"])
    if job["status"] == jobs.DISMISSED:
        raise NotFound(f"job {job_id} was dismissed: it has no results", parameter="job")
    raise NotFound(f"job {job_id} is {job['status']}: its results are not ready yet",
                   parameter="job")


def _dismiss(job_id: str) -> dict:
    _job(job_id)
    return jobs.dismiss(job_id) or _job(job_id)


@bp.delete("/retrieve/v1/jobs/<job_id>")
def job_delete(job_id: str):
    return jsonify(documents.status_info(_dismiss(job_id), _base()))


@bp.post("/retrieve/v1/jobs/delete")
def jobs_delete():
    body = json_body(request.environ)
    ids = body.get("job_ids") if isinstance(body, dict) else None
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise InvalidParameter('the body must be {"job_ids": ["...", ...]}',
                               parameter="job_ids")
    return jsonify({"jobs": [documents.status_info(_dismiss(i), _base()) for i in ids]})


# -- profiles -------------------------------------------------------------------------------
@bp.get("/profiles/v1/account/licences")
def accepted_licences():
    from opendias.identity.terms import Terms

    accepted = Terms().accepted(_user())
    return jsonify({"licences": [{"id": t, "revision": 1, "accepted": when}
                                 for t, when in accepted.items()]})


@bp.put("/profiles/v1/account/licences/<licence_id>")
def accept_licence(licence_id: str):
    from opendias.identity.terms import Terms, catalogue_terms

    user = _user()
    body = json_body(request.environ)
    revision = body.get("revision") if isinstance(body, dict) else None
    if not isinstance(revision, int) or isinstance(revision, bool):
        raise InvalidParameter('the body must be {"revision": <integer>}',
                               parameter="revision")
    if licence_id not in catalogue_terms():
        raise NotFound(f"licence {licence_id!r} not found; the licences are "
                       f"{', '.join(catalogue_terms()) or 'none'}", parameter="licence")
    when = Terms().accept(user, licence_id)
    return jsonify({"id": licence_id, "revision": revision, "accepted": when})


@bp.post("/profiles/v1/account/verification/pat")
def verify_token():
    user = _user()
    return jsonify({"id": user.name, "sub": user.name})


# -- the application ------------------------------------------------------------------------
def _error_response(status: int, code: str, title: str, detail: str) -> Response:
    return ogc_exception(status, code, title, detail)


def create_app() -> Flask:
    app = Flask(__name__)
    app.register_blueprint(bp, url_prefix=prefix())

    @app.errorhandler(OpendiasError)
    def _opendias_error(err):
        return _error_response(*error_facts(err))

    @app.errorhandler(HTTPException)
    def _http_error(err):
        return _error_response(err.code or 500, type(err).__name__,
                               err.name.lower(), err.description or err.name)

    @app.errorhandler(Exception)
    def _unexpected(err):
        LOGGER.exception("unexpected error")
        return _error_response(500, "NoApplicableCode", "Internal server error",
                               internal_error_detail())
    return app


cds_app = create_app()  # its front's name in metrics and logs: "cds"
