"""What the openEO front's modules share: the base URL, the caller, the request's process
and the user-defined processes it calls."""

from __future__ import annotations

from flask import request

from opendias.config import get_settings
from opendias.errors import InvalidParameter, Unauthorized
from opendias.web import owners
from opendias.web.bodies import json_body
from opendias.web.openeo import prefix

PROCESS_ID = "openeo-graph"


def base() -> str:
    return f"{get_settings().base_url}{prefix()}"


def signed_in():
    user = owners.requester(request.environ)
    if user is None:
        raise Unauthorized("authenticate first: GET /credentials/basic with HTTP Basic "
                           "username:password (openeo: connection.authenticate_basic), then "
                           "send Authorization: Bearer basic//<access_token>")
    return user


def request_doc() -> dict:
    body = json_body(request.environ)
    if not isinstance(body, dict):
        raise InvalidParameter("the body must be a JSON object", parameter="body")
    return body


def process_of(body: dict) -> dict:
    process = body.get("process") if isinstance(body.get("process"), dict) else body
    if not isinstance(process.get("process_graph"), dict):
        raise InvalidParameter('the body must hold {"process": {"process_graph": {...}}}',
                               parameter="body")
    return {"process_graph": process["process_graph"],
            **{k: process[k] for k in ("id", "parameters") if k in process}}


def udps_of(process: dict) -> dict:
    from opendias.graphs.store import GraphStore

    return GraphStore().user_processes(owners.owner_id(request.environ),
                                       process["process_graph"])


def operation():
    from processes.registry import get_operation

    return get_operation(PROCESS_ID)
