"""WEkEO's Harmonised Data Access API (v2, what the `hda` 2.x client speaks), mounted at
OPENDIAS_HDA_PREFIX (default `/hda`): `hda.Client(Configuration(url=base + "/hda/", ...))`.
A thin front: the catalogue's datasets under their WEkEO ids, the `subset` operation's jobs
(the same jobs as OGC API - Processes, admitted by processes.costing), the identity layer's
tokens and the terms of use; plans, quotas and licences are the access layer's, as for
every front (opendias.web.request_kinds classifies these paths).

| request | answer |
| --- | --- |
| POST gettoken `{"username","password"}` | `{"access_token","refresh_token","expires_in"}` |
| POST refreshtoken (form `refresh_token`) | a new access token |
| GET api/v1/datasets?q=&startIndex=&itemsPerPage= | dataset records, paged |
| GET api/v1/datasets/{dataset_id} | one record, with its `terms` |
| GET api/v1/dataaccess/queryable/{dataset_id} | the keys a request may carry |
| POST api/v1/dataaccess/search | the products of a request (opendias.web.hda.queries) |
| POST api/v1/dataaccess/download `{"dataset_id","product_id","location"}` | `{"download_id"}`: a subset job |
| HEAD/GET api/v1/dataaccess/download/{id} | 202 while it runs; the file (Range) when done |
| GET api/v1/terms, termsaccepted; PUT/DELETE termsaccepted/{id} | the terms of use |

Errors are JSON `{"type","title","status","detail"}` and carry the detail in the status
line's reason phrase too: `hda` reports a failed request by its status line only
(requests' HTTPError), so that is where its user reads what is wrong.
"""

from __future__ import annotations

import json

from flask import Flask, Response, jsonify, request

from opendias.errors import InvalidParameter, NotFound
from opendias.web.hda.errors import hda_error
from opendias.web.owners import requester

flask_app = Flask(__name__)
flask_app.register_error_handler(Exception, hda_error)


def _body():
    from opendias.web.bodies import json_body

    body = json_body(request.environ)
    return {} if body is None else body


@flask_app.post("/gettoken")
def get_token():
    from opendias.identity import Grants

    body = request.form.to_dict() if request.form else _body()
    if not isinstance(body, dict) or not all(isinstance(body.get(k), str) and body.get(k)
                                             for k in ("username", "password")):
        raise InvalidParameter("send {\"username\", \"password\"}", parameter="body")
    return jsonify(Grants().password_grant(body["username"], body["password"]))


@flask_app.post("/refreshtoken")
def refresh_token():
    from opendias.identity import Grants

    token = request.form.get("refresh_token") or (_body() or {}).get("refresh_token")
    return jsonify(Grants().refresh(token))


@flask_app.get("/api/v1/datasets")
def datasets():
    from opendias.catalogue import load_catalogue
    from opendias.records import search
    from opendias.web.hda.products import dataset_record
    from opendias.web.hda.queries import MAX_ITEMS_PER_PAGE, page_value

    start = page_value(request.args, "startIndex", 0, 10 ** 9)
    size = page_value(request.args, "itemsPerPage", 100, MAX_ITEMS_PER_PAGE)
    catalogue = load_catalogue()
    found = search(catalogue, q=request.args.get("q") or None, offset=start, limit=size)
    return jsonify({"features": [dataset_record(catalogue.get(r["id"])) for r in found.records],
                    "properties": {"startIndex": start, "itemsPerPage": size,
                                   "totalResults": found.number_matched}})


@flask_app.get("/api/v1/datasets/<path:dataset_id>")
def dataset(dataset_id: str):
    from opendias.web.hda.products import dataset_record
    from opendias.web.hda.queries import entry_of

    return jsonify(dataset_record(entry_of(dataset_id)))


@flask_app.get("/api/v1/dataaccess/queryable/<path:dataset_id>")
def queryable(dataset_id: str):
    from opendias.web.hda.products import queryables
    from opendias.web.hda.queries import entry_of

    return jsonify(queryables(entry_of(dataset_id)))


@flask_app.post("/api/v1/dataaccess/search")
def search_products():
    from opendias.web.hda.products import search
    from opendias.web.hda.queries import parse_request

    return jsonify(search(parse_request(_body()), requester(request.environ)))


@flask_app.post("/api/v1/dataaccess/download")
def order():
    from opendias import jobs
    from processes.costing import admit
    from processes.registry import get_operation
    from opendias.web.hda.products import ordered

    entry, inputs = ordered(_body())
    op = get_operation("subset")
    user = requester(request.environ)
    inputs = admit(op, inputs, user)
    job_id = jobs.new_job_id()
    jobs.JobStore().add(job_id, op.id, inputs, owner=user.id if user else None, origin="hda")
    jobs.submit(job_id, op.run, inputs)
    return jsonify({"download_id": job_id, "status": "started",
                    "message": f"subset of {entry.dataset_id} accepted: job {job_id}"})


@flask_app.route("/api/v1/dataaccess/download/<download_id>", methods=["GET", "HEAD"])
def download(download_id: str):
    from flask import send_file

    from opendias import jobs
    from opendias.web.owners import visible_job

    job = visible_job(request.environ, download_id)
    if job is None or job["status"] == jobs.DISMISSED:
        raise NotFound(f"no download {download_id[:64]!r} of yours", parameter="download_id")
    if job["status"] in (jobs.ACCEPTED, jobs.RUNNING):
        body = {"download_id": download_id, "status": "running", "message": job["message"],
                "progress": job["progress"]}
        return Response(json.dumps(body), status=202, mimetype="application/json",
                        headers={"Retry-After": "2"})
    if job["status"] == jobs.FAILED:
        raise InvalidParameter(f"download {download_id} failed: {job['message']}",
                               parameter="download_id")
    link = (job["result"] or {}).get("links", [{}])[0]
    path = jobs.job_results_dir(job["id"]) / link.get("title", "")
    if not link or not path.is_file():
        raise NotFound(f"the file of download {download_id} is no longer kept",
                       parameter="download_id")
    return send_file(path, mimetype=link["type"], as_attachment=True,
                     download_name=path.name, conditional=True, etag=True)


@flask_app.get("/api/v1/terms")
def terms():
    from opendias.identity.terms import catalogue_terms

    features = [{"term_id": t.id, "title": t.title, "abstract": f"{t.title}: the licence of "
                 f"{', '.join(t.datasets)}"} for t in catalogue_terms().values()]
    return jsonify({"features": features, "properties": {"totalResults": len(features)}})


def _signed_in():
    from opendias.errors import Unauthorized

    user = requester(request.environ)
    if user is None:
        raise Unauthorized("send Authorization: Bearer <token> (POST gettoken)")
    return user


@flask_app.get("/api/v1/termsaccepted")
def terms_accepted():
    from opendias.identity.terms import Terms

    accepted = Terms().accepted(_signed_in())
    return jsonify({"features": [{"term_id": k, "accepted": True, "accepted_at": v}
                                 for k, v in accepted.items()]})


@flask_app.route("/api/v1/termsaccepted/<term_id>", methods=["PUT", "DELETE"])
def accept_term(term_id: str):
    from opendias.identity.terms import Terms

    user = _signed_in()
    if request.method == "DELETE":
        if not Terms().revoke(user, term_id):
            raise NotFound(f"term {term_id[:128]!r} was not accepted", parameter="term_id")
        return Response(status=204)
    body = _body()
    if not isinstance(body, dict) or body.get("accepted") is not True:
        raise InvalidParameter('accept a term with {"accepted": true}', parameter="accepted")
    return jsonify({"term_id": term_id, "accepted": True,
                    "accepted_at": Terms().accept(user, term_id)})


def app(environ, start_response):
    """The WSGI application of the prefix: the path below it goes to the Flask app."""
    from opendias.config import get_settings

    prefix = get_settings().hda_prefix
    path = environ.get("PATH_INFO", "")
    environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + prefix
    environ["PATH_INFO"] = path[len(prefix):] if path.startswith(prefix) else path
    return flask_app(environ, start_response)

