"""`POST /processes/{id}/costing`: the dry run of an execution (processes.costing), with the
same body as `POST /processes/{id}/execution` (`{"inputs": {...}}`). 200 with the estimate (the
cells and bytes the job reads, its result's size at most, its CPU seconds), the share of each
quota of the caller's plan it would use and what is left, the licences it needs and
`accepted` (whether an execution would be accepted now) with the `refusals` when not; nothing
is run and no quota is used. Inputs an execution would refuse are refused the same way
(400/404), in the OGC exception body (opendias.web.errors)."""

from __future__ import annotations

from flask import Flask, jsonify, request

from opendias.errors import InvalidParameter, NotFound
from opendias.web.bodies import json_body
from opendias.web.errors import install_error_handlers
from opendias.web.owners import requester

app = Flask(__name__)
install_error_handlers(app)


@app.post("/processes/<process_id>/costing")
def costing(process_id: str):
    from processes.costing import costing as dry_run
    from processes.registry import get_operation

    try:
        operation = get_operation(process_id)
    except NotFound as err:
        raise NotFound(err.detail, parameter="process") from None
    body = json_body(request.environ)
    if body is None:
        body = {}
    if not isinstance(body, dict) or not isinstance(body.get("inputs", {}), dict):
        raise InvalidParameter('the costing request is the execute request: a JSON object '
                               '{"inputs": {...}}', parameter="body")
    return jsonify(dry_run(operation, body.get("inputs"), requester(request.environ)))
