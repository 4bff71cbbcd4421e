"""/health, /ready (opendias.web.health) and /metrics (opendias.web.metrics_front)."""

from __future__ import annotations

from opendias.web.openapi.components import errors, json_response

_CHECK = {"type": "object", "required": ["status", "detail"],
          "properties": {"status": {"type": "string", "enum": ["ok", "failed"]},
                         "detail": {"type": "string"}, "ms": {"type": "number"}}}
_HEALTH = {"type": "object", "required": ["status", "checks"],
           "properties": {"status": {"type": "string"}, "version": {"type": "string"},
                          "not_ready": {"type": "array", "items": {"type": "string"}},
                          "checks": {"type": "object", "additionalProperties": _CHECK}}}


def _get(op: str, summary: str, responses: dict) -> dict:
    return {"get": {"tags": ["operations"], "operationId": op, "summary": summary,
                    "responses": {**responses, **errors(405)}}}


def paths(config: dict) -> dict:
    return {
        "/health": _get("health", "Liveness: the process answers",
                        {"200": json_response("Alive", _HEALTH)}),
        "/ready": _get("ready", "Readiness: the job database, the Dask scheduler and the "
                                "results folder", {
                           "200": json_response("Ready", _HEALTH),
                           "503": json_response("Not ready; `not_ready` names what", _HEALTH)}),
        "/metrics": _get("metrics", "Metrics in the Prometheus text format", {
            "200": {"description": "Prometheus text exposition format 0.0.4",
                    "content": {"text/plain": {"schema": {"type": "string"}}}}}),
    }
