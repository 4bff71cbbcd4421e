"""The openEO API 1.2 (what the `openeo` Python client and the openEO Web Editor speak),
mounted at OPENDIAS_OPENEO_PREFIX (default /openeo/1.2):
`openeo.connect(base + "/openeo/1.2").authenticate_basic(user, password)`. A thin front:
process graphs are checked and evaluated by the core (opendias.graphs: openeo-pg-parser-
networkx and openeo-processes-dask, with load_collection, save_result, aggregate_spatial and
resample_spatial over opendias' own datacube, formats and operations); a batch job is a job
of the `openeo-graph` operation (processes/openeo_graph.py) admitted by processes.costing,
in the same job store, run on the same Dask cluster and listed in OGC API - Processes'
/jobs too; a user's process graphs and created-but-unstarted jobs are kept in the
database (opendias.graphs.store).

| path under the prefix | what |
| --- | --- |
| GET /, /.well-known/openeo, /conformance, /file_formats | capabilities (billing plans of the plans file), versions, formats |
| GET /collections, /collections/{id} | the catalogue's datasets as STAC collections, `cube:dimensions` read from the data |
| GET /processes | the processes a graph may use |
| GET /credentials/basic | HTTP Basic username:password -> `{"access_token"}` (the password grant); then `Authorization: Bearer basic//<token>` |
| GET /me | the account: plan and quotas |
| POST /validation, /result | a graph's errors; a graph computed synchronously (the file) |
| GET, POST /jobs; GET, DELETE /jobs/{id}; POST, GET, DELETE /jobs/{id}/results; GET /jobs/{id}/estimate, /logs | batch jobs |
| GET /process_graphs; GET, PUT, DELETE /process_graphs/{id} | the caller's user-defined processes |

| module | what it holds |
| --- | --- |
| documents | the JSON documents (capabilities, collections, jobs, results, logs) |
| errors | openEO's error document for every error, the layers' refusals |
| common | the base URL, the caller, the request's process and its user-defined processes |
| jobs | the batch jobs' routes (a Blueprint) |
| front | the Flask application: discovery, account, /validation, /result, process graphs |

Access (opendias.web.request_kinds): POST /result and POST /jobs need the plan's
`processes` capability, starting a job (POST /jobs/{id}/results) is an execution counted
against the job quotas, with the licences of the collections its graph loads; the account's
paths need none; the rest is catalogue.
"""

from __future__ import annotations


def prefix() -> str:
    """Where the front is mounted (OPENDIAS_OPENEO_PREFIX), e.g. "/openeo/1.2"."""
    from opendias.config import get_settings

    return get_settings().openeo_prefix


def path_pattern(rest: str | None = None) -> str:
    """A regular expression of the paths under the prefix followed by `rest` (None: the
    prefix itself and every path under it)."""
    from opendias.web import prefix_pattern

    return prefix_pattern(prefix(), rest)


def is_openeo_path(path: str) -> bool:
    return path == prefix() or path.startswith(prefix() + "/") or \
        path == "/.well-known/openeo"
