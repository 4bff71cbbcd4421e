"""The JSON documents of the CDS front, from the catalogue, the data and the job store:
collections (catalogue/v1), a dataset's request form as an OGC process description
(retrieve/v1/processes/{name}), a job's status info and results, and the Python code of a
request. `base` is the front's URL (OPENDIAS_BASE_URL and the prefix)."""

from __future__ import annotations

import json
import pprint

from opendias.config import get_settings
from opendias.params import iso_time
from opendias.web.cds.names import licence_of, variables_of
from opendias.web.cds.request import DOWNLOAD_FORMATS

STATUS_KEYS = ("created", "started", "finished", "updated")


def _licences(entry) -> list[dict]:
    term = licence_of(entry)
    return [] if term is None else [{"id": term.id, "revision": 1, "label": term.title}]


def collection(entry, cube, base: str) -> dict:
    """catalogue/v1/collections/{name}: what ecmwf.datastores.Collection reads."""
    times = cube.time_extent
    return {
        "type": "Collection", "id": entry.cds_name, "title": entry.title,
        "description": entry.abstract, "keywords": list(entry.tags),
        "extent": {"spatial": {"bbox": [list(cube.wgs84_bbox)]},
                   "temporal": {"interval": [[iso_time(times[0]), iso_time(times[1])]
                                             if times else [None, None]]}},
        "published": f"{entry.published or '1970-01-01'}T00:00:00Z",
        "updated": f"{entry.published or '1970-01-01'}T00:00:00Z",
        "licences": _licences(entry), "opendias:id": entry.id,
        "links": [{"rel": "self", "href": f"{base}/catalogue/v1/collections/{entry.cds_name}"},
                  {"rel": "retrieve", "href": f"{base}/retrieve/v1/processes/{entry.cds_name}"},
                  {"rel": "related", "href": f"{get_settings().base_url}/collections/"
                   f"{entry.id}", "title": "the same dataset on OGC API"}],
    }


def _enum(values, title: str, description: str = "", many: bool = True) -> dict:
    schema = {"type": "array", "items": {"type": "string", "enum": list(values)}} if many \
        else {"type": "string", "enum": list(values)}
    return {"title": title, "description": description, "schema": schema}


def process(entry, cube, base: str) -> dict:
    """retrieve/v1/processes/{name}: the dataset's request form, read from the data: the
    variables (CDS names and long names), year/month/day/time of its real time axis, area,
    data_format, download_format and its fixed keys."""
    variables = variables_of(cube)
    inputs = {"variable": _enum(variables, "Variable", "; ".join(
        f"{name}: {cube.ds[var].attrs.get('long_name', var)} ({var}, "
        f"{cube.ds[var].attrs.get('units', '')})" for name, var in variables.items()))}
    for key, values in entry.cds_keys.items():
        inputs[key] = _enum(values, key.replace("_", " ").capitalize())
    times = cube.times
    if times is not None and len(times):
        inputs["year"] = _enum(sorted({f"{t.year:04d}" for t in times}), "Year")
        inputs["month"] = _enum(sorted({f"{t.month:02d}" for t in times}), "Month")
        inputs["day"] = _enum(sorted({f"{t.day:02d}" for t in times}), "Day")
        inputs["time"] = _enum(sorted({f"{t.hour:02d}:{t.minute:02d}" for t in times}),
                               "Time", "UTC time of day")
        inputs["date"] = {"title": "Date", "description": "YYYY-MM-DD or "
                          "YYYY-MM-DD/YYYY-MM-DD, instead of year, month and day",
                          "schema": {"type": "string"}}
    west, south, east, north = cube.wgs84_bbox
    inputs["area"] = {"title": "Sub-region extraction", "description": "[North, West, South, "
                      "East] in degrees", "schema": {"type": "array", "minItems": 4,
                      "maxItems": 4, "items": {"type": "number"},
                      "default": [north, west, south, east]}}
    inputs["data_format"] = _enum(["netcdf"], "Data format", many=False)
    inputs["download_format"] = _enum(DOWNLOAD_FORMATS, "Download format", many=False)
    return {"id": entry.cds_name, "title": entry.title, "description": entry.abstract,
            "version": "1.0.0", "jobControlOptions": ["async-execute"],
            "outputTransmission": ["reference"], "inputs": inputs,
            "outputs": {"asset": {"title": "Result", "schema": {"type": "object"}}},
            "metadata": {"datasetMetadata": {"messages": []}, "licences": _licences(entry)},
            "links": [{"rel": "self", "href": f"{base}/retrieve/v1/processes/{entry.cds_name}"},
                      {"rel": "execute", "href":
                       f"{base}/retrieve/v1/processes/{entry.cds_name}/execution"}]}


def process_name(job: dict) -> str:
    """The CDS name a job answers to: its dataset's, else the dataset's catalogue id."""
    from opendias.catalogue import load_catalogue

    dataset = (job.get("inputs") or {}).get("dataset") or job.get("process_id")
    entry = next((e for e in load_catalogue() if e.id == dataset), None)
    return entry.cds_name if entry is not None and entry.cds_name else str(dataset)


def _log(job: dict, since: str | None) -> list[list[str]]:
    level = "ERROR" if job["status"] == "failed" else "INFO"
    entries = [[job["created"], "INFO: Job accepted"]]
    if job["message"] and job["updated"] != job["created"]:
        entries.append([job["updated"], f"{level}: {job['message']}"])
    return [e for e in entries if since is None or e[0] > since]


def status_info(job: dict, base: str, *, monitor: bool = False, log: bool = False,
                since: str | None = None) -> dict:
    """A job's status info; on submission (`monitor`) with its one rel=monitor link."""
    url = f"{base}/retrieve/v1/jobs/{job['id']}"
    links = [{"rel": "self", "href": url, "type": "application/json"}]
    if monitor:
        links.append({"rel": "monitor", "href": url, "type": "application/json"})
    if job["status"] == "successful":
        links.append({"rel": "results", "href": f"{url}/results", "type": "application/json"})
    # no "message": the clients would print it at every poll; it is in metadata.log
    doc = {"processID": process_name(job), "type": "process", "jobID": job["id"],
           "status": job["status"], **{k: job[k] for k in STATUS_KEYS if job.get(k)},
           "metadata": {"origin": job.get("origin")}, "links": links}
    if log:
        doc["metadata"]["log"] = _log(job, since)
    return doc


def results(job: dict) -> dict:
    """A successful job's results: its file's signed link, exact size and media type."""
    first = job["result"]["result"]
    return {"asset": {"value": {"type": first["type"], "href": first["href"],
                                "file:size": first["size"], "title": first.get("title")}}}


def api_request(name: str, request: dict, base: str) -> str:
    """The Python code of a request, as the Data Stores' "Show API request" gives it."""
    shown = pprint.pformat(json.loads(json.dumps(request)), sort_dicts=False, width=88)
    return (f'import cdsapi\n\ndataset = "{name}"\nrequest = {shown}\n\n'
            f'client = cdsapi.Client(url="{base}")  # key: a personal access token\n'
            "client.retrieve(dataset, request).download()\n")
