"""The Climate/Atmosphere Data Store retrieve API, for the clients of the ECMWF Data Stores
(`cdsapi` 0.7, `ecmwf-datastores-client`) unchanged: `cdsapi.Client(url=".../cds",
key=token)`. A thin front: a CDS request is translated into the inputs of the one `subset`
operation (processes/subset.py), admitted as every job is (processes.costing.admit), kept in
the same job store (origin "cds") and run on the same Dask cluster; the jobs are the OGC API
- Processes jobs (/jobs/{id} shows them too), private to their owner (opendias.web.owners).

Mounted at OPENDIAS_CDS_PREFIX (default /cds):

| path under the prefix | what |
| --- | --- |
| GET catalogue/v1/messages | service messages (none) |
| GET catalogue/v1/datasets, catalogue/v1/collections/{name} | the datasets with a `cds_name` |
| GET catalogue/v1/vocabularies/licences | the licences (terms) of those datasets |
| GET retrieve/v1/processes, retrieve/v1/processes/{name} | the request form of a dataset |
| POST retrieve/v1/processes/{name}/execution | submit: 201 status info, one rel=monitor |
| POST retrieve/v1/processes/{name}/costing | the estimate (processes.costing) in CDS words |
| POST retrieve/v1/processes/{name}/api-request | the Python code of the request |
| GET retrieve/v1/jobs, retrieve/v1/jobs/{id}, .../results; DELETE retrieve/v1/jobs/{id}; POST retrieve/v1/jobs/delete | the caller's jobs |
| GET, PUT profiles/v1/account/licences[/{id}]; POST profiles/v1/account/verification/pat | licences accepted (the terms of opendias.identity.terms), the token |

| module | what it holds |
| --- | --- |
| names | CDS dataset names, variable names (long names of the data, a small table), licences |
| request | a CDS request -> subset inputs; every bad key a 400 naming it |
| documents | the JSON documents: collections, process description, status info, results |
| errors | the error body `{type, title, status, detail}` the clients print; layers' refusals |
| front | the Flask application |

Access (opendias.web.request_kinds): a retrieve is a download in its user's mind, so an
execution needs the plan's `subset` capability (not `processes`) and the dataset's licence,
and, being a job on the cluster, counts against the job quotas (jobs_per_day,
concurrent_jobs, job_cpu_seconds_per_day, max_job_cells) as every job does. Its result file
is served at /results/ (a signed link), counted against download_bytes_per_day as it is sent.
"""

from __future__ import annotations


def prefix() -> str:
    """Where the front is mounted (OPENDIAS_CDS_PREFIX), e.g. "/cds"."""
    from opendias.config import get_settings

    return get_settings().cds_prefix


def path_pattern(rest: str | None = None) -> str:
    """A regular expression of the paths under the prefix followed by `rest` (None: the
    prefix itself and every path under it)."""
    from opendias.web import prefix_pattern

    return prefix_pattern(prefix(), rest)
