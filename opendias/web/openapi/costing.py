"""POST /processes/{processId}/costing (opendias.web.costing_front): the dry run of an
execution, with the body of an execution."""

from __future__ import annotations

from opendias.web.openapi.components import errors, json_response, path_param

_COST = {"type": "object",
         "required": ["process", "datasets", "read", "result", "cpu_seconds_estimate",
                      "results_disk", "licences", "accepted", "refusals"],
         "properties": {"process": {"type": "string"},
                        "datasets": {"type": "array", "items": {"type": "string"}},
                        "format": {"type": ["string", "null"]},
                        "read": {"type": "object"}, "result": {"type": "object"},
                        "cpu_seconds_estimate": {"type": "number"},
                        "results_disk": {"type": "object"},
                        "licences": {"type": "array"}, "plan": {"type": "string"},
                        "quotas": {"type": "object"},
                        "warnings": {"type": "array", "items": {"type": "string"}},
                        "accepted": {"type": "boolean"},
                        "refusals": {"type": "array", "items": {"type": "string"}}}}


def paths(config: dict) -> dict:
    process = path_param("processId", {"type": "string"}, "A process of GET /processes")
    return {"/processes/{processId}/costing": {"post": {
        "tags": ["processes"], "operationId": "costing", "parameters": [process],
        "summary": "The cost of an execution, before it runs (nothing runs, no quota used)",
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "properties": {"inputs": {"type": "object"}}}}}},
        "responses": {"200": json_response("The estimate and whether it would be accepted",
                                           _COST),
                      **errors(400, 401, 404, 405, 429, 500)}}}}
