"""What a request is, for the access layer (opendias.web.layers.access): the capability of a
plan it needs and the dataset it touches, from its path and method (and, on /wms and /wps,
its `REQUEST`), in one table.

| capability | requests |
| --- | --- |
| catalogue | landing page, /conformance, /openapi, /collections and each dataset's pages, the catalogue's records, /processes and their descriptions, the dry run of an execution (POST /processes/{id}/costing), capabilities documents (WMS, WPS GetCapabilities and DescribeProcess), /vendor, /health, /ready, /metrics |
| maps | WMS GetMap, GetFeatureInfo, GetLegendGraphic; /collections/{id}/map; /jobs/{id}/results/map (the map of a job's result) |
| subset | /collections/{id}/coverage, position, area, cube; /zarr/{id}/... (every key of the dataset's Zarr store) |
| download | /results/{job}/... (files of results) |
| processes | POST /processes/{id}/execution, WPS Execute (GET or POST) |
| subset, download | an HDA order (POST {hda}/api/v1/dataaccess/download: a download made as a job, counted as a job as a CDS retrieve), fetching it (GET {hda}/api/v1/dataaccess/download/{id}); the rest of the HDA API is catalogue, its gettoken, refreshtoken and terms the account's own |
| (none) | the portal's pages (/portal/...: HTML shells, their data requests are checked each on its own); /jobs, /jobs/{id}, its results document, WPS status documents (/results/{id}.xml): what the user already has; /register, /gettoken, /refreshtoken, /signin, /signout, /password, /me, /terms, /termsaccepted, /tokens, /plans: the account itself; /support: the contact form (anyone); /users (operators: the front checks) |
| openEO front ({openeo}/) | POST result and POST jobs: processes (with the licences of the collections the graph loads); POST jobs/{id}/results (start): processes, an execution (job quotas); me, credentials/basic, process_graphs, the rest of jobs: none; the rest: catalogue |
| CDS front (/cds/) | POST retrieve/v1/processes/{name}/execution: subset of the dataset with that cds_name, counted as a job (a retrieve is a download made as a job: the plan needs subset, not processes, and the job quotas apply); retrieve/v1/jobs/... and profiles/v1/...: none; the rest (catalogue, forms, costing, api-request): catalogue |

A path that names a dataset (/collections/{id}/...) gives it as `datasets`; an execution
names its datasets in its body (OGC API - Processes: `inputs.dataset`,
`inputs.target_dataset`; WPS: those inputs of DataInputs or of the Execute document), read by
`execution_datasets`, which puts the body back for the front. A path nobody serves is
catalogue (the front answers it 404).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import parse_qs

from opendias.errors import InvalidParameter
from opendias.web.bodies import json_body, request_body
from opendias.web.cds import path_pattern as cds_path_pattern

CATALOGUE, MAPS, SUBSET, DOWNLOAD, PROCESSES = ("catalogue", "maps", "subset", "download",
                                                "processes")
DATASET_INPUTS = ("dataset", "target_dataset")
MAX_EXECUTE_BODY = 16 * 1024 * 1024  # bytes of an execute request read for its datasets


@dataclass(frozen=True)
class RequestKind:
    capability: str | None   # None: no capability needed
    datasets: tuple[str, ...] = ()
    execution: bool = False  # a job is submitted (jobs_per_day; datasets in the body)


_NONE = RequestKind(None)
_WMS = {"getmap": MAPS, "getfeatureinfo": MAPS, "getlegendgraphic": MAPS}


def _query(environ) -> dict[str, str]:
    """The query's parameters, names in lower case (WMS and WPS names have no case)."""
    return {k.lower(): v[0] for k, v in parse_qs(environ.get("QUERY_STRING", ""),
                                                  keep_blank_values=True).items()}


def _wms(environ, _match) -> RequestKind:
    return RequestKind(_WMS.get(_query(environ).get("request", "").lower(), CATALOGUE))


def _wps(environ, _match) -> RequestKind:
    if environ.get("REQUEST_METHOD", "GET").upper() == "POST":
        execute = _wps_document(environ) is not None
    else:
        execute = _query(environ).get("request", "").lower() == "execute"
    return RequestKind(PROCESSES, execution=True) if execute else RequestKind(CATALOGUE)


def _execution(environ, _match) -> RequestKind:
    if environ.get("REQUEST_METHOD", "GET").upper() == "POST":
        return RequestKind(PROCESSES, execution=True)
    return RequestKind(CATALOGUE)


def _results(environ, match) -> RequestKind:
    rest = match.group(1)
    if "/" not in rest.strip("/") and rest.endswith(".xml"):
        return _NONE  # a WPS status document (statusLocation): the job's status
    return RequestKind(DOWNLOAD)


def _cds(environ, match) -> RequestKind:
    """The CDS retrieve API (opendias.web.cds): a retrieve is a download made as a job."""
    from opendias.web.cds.names import dataset_id_of

    route, name, action = match.group(1), match.group(2), match.group(3)
    post = environ.get("REQUEST_METHOD", "GET").upper() == "POST"
    if route == "retrieve/v1/processes" and action == "execution" and post:
        dataset = dataset_id_of(name)
        return RequestKind(SUBSET, (dataset,) if dataset else (), execution=True)
    if route in ("retrieve/v1/jobs", "profiles/v1"):
        return _NONE
    return RequestKind(CATALOGUE)


def _fixed(kind: RequestKind):
    return lambda _environ, _match: kind


def _dataset(capability: str):
    return lambda _environ, match: RequestKind(capability, (match.group(1),))


# (path pattern, what the request is): the first pattern that matches decides
TABLE = [
    (r"^/collections/([^/]+)/(?:coverage|position|area|cube)/?$", _dataset(SUBSET)),
    (r"^/zarr/([^/]+)(?:/.*)?$", _dataset(SUBSET)),
    (r"^/collections/([^/]+)/map/?$", _dataset(MAPS)),
    (r"^/collections/([^/]+)(?:/.*)?$", _dataset(CATALOGUE)),
    (r"^/wms/?$", _wms),
    (r"^/wps/?$", _wps),
    (r"^/processes/[^/]+/execution/?$", _execution),
    (r"^/results/(.*)$", _results),
    (r"^/jobs/[^/]+/results/map/?$", _fixed(RequestKind(MAPS))),
    (r"^/jobs(?:/.*)?$", _fixed(_NONE)),
    # the portal's HTML pages and their scripts: shells whose data requests are checked
    # each on its own (a visitor must reach the sign-in page whatever OPENDIAS_ANONYMOUS)
    (r"^/portal(?:/.*)?$", _fixed(_NONE)),
    (r"^/(?:register|gettoken|refreshtoken|revoketoken|me|signin|signout|password|terms"
     r"|termsaccepted(?:/[^/]*)?|users(?:/[^/]*)?|plans|tokens(?:/[^/]*)?|support)/?$",
     _fixed(_NONE)),
    (cds_path_pattern(r"(retrieve/v1/processes|retrieve/v1/jobs|profiles/v1)(?:/([^/]+)"
                      r"(?:/([^/]+))?)?"), _cds),  # OPENDIAS_CDS_PREFIX
]
_TABLE = [(re.compile(pattern), kind) for pattern, kind in TABLE]
_DEFAULT = RequestKind(CATALOGUE)


def _hda(environ, path: str) -> RequestKind:
    """WEkEO's HDA API (opendias.web.hda): an order is a download made as a job, as a Data
    Store retrieve (`subset` of the dataset its product names, with the job quotas),
    fetching it a download; the rest catalogue or the account's own."""
    method = environ.get("REQUEST_METHOD", "GET").upper()
    if re.fullmatch(r"/(gettoken|refreshtoken|api/v1/terms|api/v1/termsaccepted(/[^/]*)?)/?",
                    path):
        return _NONE
    if path.rstrip("/") == "/api/v1/dataaccess/download" and method == "POST":
        return RequestKind(SUBSET, tuple(_hda_datasets(environ)), execution=True)
    if path.startswith("/api/v1/dataaccess/download/"):
        return RequestKind(DOWNLOAD)
    return _DEFAULT


def _hda_datasets(environ) -> list[str]:
    """The catalogue id of the dataset an HDA order names (by its WEkEO id), if any."""
    try:
        doc = json_body(environ)
    except InvalidParameter:
        return []
    wekeo = doc.get("dataset_id") if isinstance(doc, dict) else None
    from opendias.catalogue import load_catalogue

    return [e.id for e in load_catalogue() if wekeo and e.dataset_id == wekeo][:1]


def _openeo(environ, path: str) -> RequestKind:
    """The openEO API (opendias.web.openeo): a synchronous result or a created job needs
    processes (with the licences of the collections its graph loads); starting a job is an
    execution (job quotas); the account's own paths need nothing; the rest is catalogue."""
    method = environ.get("REQUEST_METHOD", "GET").upper()
    if re.fullmatch(r"/(me|credentials/basic|process_graphs(/[^/]*)?)/?", path):
        return _NONE
    if method == "POST" and path.rstrip("/") in ("/result", "/jobs"):
        return RequestKind(PROCESSES, tuple(_graph_datasets(environ)))
    start = re.fullmatch(r"/jobs/([^/]+)/results/?", path)
    if start and method == "POST":
        return RequestKind(PROCESSES, tuple(_created_job_datasets(environ, start.group(1))),
                           execution=True)
    if path.startswith("/jobs"):
        return _NONE
    return _DEFAULT


def _graph_datasets(environ) -> list[str]:
    """The collections the process graph of an openEO request body loads."""
    from opendias.graphs.checks import collections_of

    if len(request_body(environ)) > MAX_EXECUTE_BODY:
        return []
    try:
        doc = json_body(environ)
    except InvalidParameter:
        return []
    process = doc.get("process") if isinstance(doc, dict) else None
    graph = (process or {}).get("process_graph") if isinstance(process, dict) else None
    return collections_of(graph) if isinstance(graph, dict) else []


def _created_job_datasets(environ, job_id: str) -> list[str]:
    """The collections a created (not started) openEO job of the requester loads."""
    from opendias.graphs.checks import collections_of
    from opendias.graphs.store import JOB, GraphStore

    user = environ.get("opendias.user")
    draft = GraphStore().get(user.id, JOB, job_id) if user is not None else None
    graph = ((draft or {}).get("process") or {}).get("process_graph")
    return collections_of(graph) if isinstance(graph, dict) else []


def classify(environ) -> RequestKind:
    from opendias.config import get_settings
    from opendias.web.openeo import prefix as openeo_prefix

    path = environ.get("PATH_INFO", "") or "/"
    prefix = get_settings().hda_prefix
    if path.startswith(prefix + "/"):
        return _hda(environ, path[len(prefix):])
    if path.startswith(openeo_prefix() + "/"):
        return _openeo(environ, path[len(openeo_prefix()):])
    for pattern, kind in _TABLE:
        match = pattern.match(path)
        if match:
            return kind(environ, match)
    return _DEFAULT


# -- the datasets of an execution -----------------------------------------------------------
def _local(tag: str) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _wps_document(environ):
    """The root of a POSTed WPS Execute document, or None (another request, or no XML)."""
    raw = request_body(environ)
    if not raw.strip() or len(raw) > MAX_EXECUTE_BODY:
        return None
    try:
        root = ET.fromstring(raw)
    except ET.ParseError:
        return None  # PyWPS answers it
    return root if _local(root.tag) == "Execute" else None


def _wps_datasets(environ) -> list[str]:
    if environ.get("REQUEST_METHOD", "GET").upper() == "POST":
        root = _wps_document(environ)
        found = []
        for element in root.iter() if root is not None else ():
            if _local(element.tag) != "Input":
                continue
            ident = next((c.text for c in element if _local(c.tag) == "Identifier"), None)
            if (ident or "").strip() in DATASET_INPUTS:
                found += [(d.text or "").strip() for d in element.iter()
                          if _local(d.tag) == "LiteralData"]
        return found
    found = []
    for item in _query(environ).get("datainputs", "").split(";"):
        name, _, value = item.partition("=")
        if name.strip() in DATASET_INPUTS:
            found.append(value.partition("@")[0].strip())
    return found


def execution_datasets(environ) -> list[str]:
    """The datasets an execution request names (see the module docstring); [] when its body
    cannot be read (the front answers that)."""
    path = (environ.get("PATH_INFO", "") or "/").rstrip("/")
    if path == "/wps":
        return [d for d in _wps_datasets(environ) if d]
    if len(request_body(environ)) > MAX_EXECUTE_BODY:
        return []
    try:
        doc = json_body(environ)
    except InvalidParameter:
        return []  # the front answers it
    inputs = doc.get("inputs") if isinstance(doc, dict) else None
    if not isinstance(inputs, dict):
        return []
    found = [v for v in (inputs.get(name) for name in DATASET_INPUTS)
             if isinstance(v, str) and v]
    graph = inputs.get("process_graph")  # the openeo-graph operation: its collections
    if isinstance(graph, dict) and isinstance(graph.get("process_graph"), dict):
        from opendias.graphs.checks import collections_of

        found += collections_of(graph["process_graph"])
    return found
