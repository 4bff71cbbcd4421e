"""What the descriptions of opendias' fronts share: the error bodies and a few helpers.

Every OGC API front of opendias answers an error with the OGC exception JSON of
opendias.web.errors (media type application/problem+json); WMS answers a
ServiceExceptionReport and WPS an OWS ExceptionReport (XML).
"""

from __future__ import annotations

PROBLEM = "application/problem+json"

EXCEPTION_SCHEMA = {
    "type": "object",
    "description": "OGC API exception (RFC 7807 members, plus pygeoapi's code/description)",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri",
                 "example": "http://www.opengis.net/def/exceptions/ogcapi-common-1/1.0/"
                            "InvalidParameterValue"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "description": {"type": "string"},
    },
}

_EXC = {"$ref": "#/components/schemas/opendias-exception"}
_XML = {"type": "string", "description": "XML document"}

# status -> (component name, description)
_OGC_ERRORS = {
    400: ("opendias-BadRequest", "A parameter or the body is wrong; `detail` names it"),
    401: ("opendias-Unauthorized", "Credentials are needed, or those sent are not valid "
                                   "(WWW-Authenticate gives the schemes)"),
    403: ("opendias-Forbidden", "The credentials do not allow this (plan, role or terms)"),
    404: ("opendias-NotFound", "No such resource"),
    405: ("opendias-MethodNotAllowed", "The method is not served here (Allow names those that "
                                       "are)"),
    409: ("opendias-Conflict", "The resource exists already"),
    413: ("opendias-TooLarge", "The request asks for more than the service gives at once"),
    429: ("opendias-TooMany", "A quota or rate limit is reached (Retry-After when known)"),
    500: ("opendias-ServerError", "The service failed; `detail` gives only the request id"),
    503: ("opendias-Unavailable", "A dataset or a dependency is not available now"),
}

COMPONENTS = {
    "schemas": {
        "opendias-exception": EXCEPTION_SCHEMA,
        "opendias-ows-exception": {**_XML, "description": "WMS ServiceExceptionReport or OWS "
                                                          "ExceptionReport"},
    },
    "responses": {
        **{name: {"description": text, "content": {PROBLEM: {"schema": _EXC}}}
           for name, text in _OGC_ERRORS.values()},
        "opendias-OwsError": {
            "description": "A ServiceExceptionReport (WMS) or ExceptionReport (WPS) naming "
                           "the code and the parameter (locator)",
            "content": {m: {"schema": {"$ref": "#/components/schemas/opendias-ows-exception"}}
                        for m in ("text/xml", "application/vnd.ogc.se_xml",
                                  "application/xml")}},
    },
}

SECURITY_SCHEMES = {
    "opendias-bearer": {"type": "http", "scheme": "bearer",
                        "description": "An access token of POST /gettoken"},
    "opendias-basic": {"type": "http", "scheme": "basic",
                       "description": "username and one of its personal access tokens"},
    "opendias-private-token": {"type": "apiKey", "in": "header", "name": "PRIVATE-TOKEN",
                               "description": "A personal access token"},
    "opendias-session": {"type": "apiKey", "in": "cookie", "name": "opendias_session",
                         "description": "The browser session of POST /signin; a request "
                                        "that changes state also sends X-CSRF-Token"},
}

COMPONENTS["securitySchemes"] = SECURITY_SCHEMES

TAGS = [
    {"name": "wms", "description": "OGC WMS 1.3.0 and 1.1.1"},
    {"name": "wps", "description": "OGC WPS 1.0.0 (PyWPS)"},
    {"name": "maps", "description": "OGC API - Maps"},
    {"name": "results", "description": "Downloads of job results"},
    {"name": "zarr", "description": "Each dataset as a read-only Zarr v2 store (xarray, fsspec)"},
    {"name": "account", "description": "Accounts, tokens and terms of use"},
    {"name": "operations", "description": "Health, readiness and metrics"},
    {"name": "hda", "description": "WEkEO's Harmonised Data Access API (v2)"},
    {"name": "openeo", "description": "openEO API 1.2"},
]


ERROR_STATUSES = (400, 401, 403, 404, 405, 413, 429, 500, 503)


def error_response(status: int, pygeoapi: bool = False) -> dict:
    """The OGC exception JSON answer of `status`; pygeoapi=True: as application/json too
    (pygeoapi's own error answers keep that media type)."""
    if not pygeoapi:
        return {"$ref": f"#/components/responses/{_OGC_ERRORS[status][0]}"}
    media = {PROBLEM: {"schema": _EXC}, "application/json": {"schema": _EXC},
             "application/ld+json": {"schema": _EXC}, "text/html": {"schema": {}}}
    return {"description": _OGC_ERRORS[status][1] + " (f=html: an HTML page)",
            "content": media}


# gunicorn's own answers, before any front: a request line or header too long
SERVER_LIMITS = {
    "414": {"description": "The request line is longer than the server takes (4094 bytes)",
            "content": {"text/html": {"schema": {}}}},
    "431": {"description": "A header is longer than the server takes",
            "content": {"text/html": {"schema": {}}}},
}


def errors(*statuses: int) -> dict:
    """The `responses` entries of these OGC exception JSON answers."""
    return {str(s): {"$ref": f"#/components/responses/{_OGC_ERRORS[s][0]}"} for s in statuses}


def ows_errors(*statuses: int) -> dict:
    return {str(s): {"$ref": "#/components/responses/opendias-OwsError"} for s in statuses}


def json_response(description: str, schema: dict, media: str = "application/json") -> dict:
    return {"description": description, "content": {media: {"schema": schema}}}


def query(name: str, schema: dict, description: str = "", required: bool = False,
          **extra) -> dict:
    return {"name": name, "in": "query", "required": required, "schema": schema,
            "description": description, **extra}


def path_param(name: str, schema: dict, description: str = "") -> dict:
    return {"name": name, "in": "path", "required": True, "schema": schema,
            "description": description}


def coverage_collections(config: dict) -> list[str]:
    """The collections of pygeoapi's configuration served by opendias' coverage provider
    (those with maps, WMS layers, coverages and EDR queries)."""
    return [name for name, res in (config.get("resources") or {}).items()
            if any(p.get("type") == "coverage" for p in res.get("providers") or [])]


def map_layers(config: dict) -> list[str]:
    """The WMS layer names, `{dataset id}/{variable}`, of the coverage collections."""
    from opendias.catalogue import load_catalogue
    from opendias.datacube import open_cube
    from opendias.errors import OpendiasError

    catalogue, names = load_catalogue(), []
    for collection in coverage_collections(config):
        try:
            names += [f"{collection}/{v}" for v in open_cube(catalogue.get(collection)).variables]
        except OpendiasError:
            continue
    return names
