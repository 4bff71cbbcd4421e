"""/portal/ (opendias.web.portal): the web pages for people; their data come from the APIs
this document describes."""

from __future__ import annotations

from opendias.web.openapi.components import errors


def paths(config: dict) -> dict:
    return {"/portal/": {"get": {
        "tags": ["portal"], "operationId": "portal",
        "summary": "The portal's home: find datasets (a browser opening / is sent here)",
        "responses": {"200": {"description": "An HTML page",
                              "content": {"text/html": {"schema": {"type": "string"}}}},
                      **errors(405)}}}}
