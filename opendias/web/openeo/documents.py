"""The JSON documents of the openEO front: capabilities (with billing plans from the plans
file), collections as STAC with `cube:dimensions` read from the data, processes, file
formats, the caller's account, jobs, their results (STAC assets with signed links) and
logs, in openEO API 1.2's shapes."""

from __future__ import annotations

import numpy as np

from opendias import __version__

API_VERSION = "1.2.0"
CURRENCY = "CPU seconds"
STAC_VERSION = "1.0.0"
# openEO job statuses of opendias' job statuses
STATUSES = {"accepted": "queued", "running": "running", "successful": "finished",
            "failed": "error", "dismissed": "canceled"}
ENDPOINTS = [
    ("/", ["GET"]), ("/conformance", ["GET"]), ("/file_formats", ["GET"]),
    ("/collections", ["GET"]), ("/collections/{collection_id}", ["GET"]),
    ("/processes", ["GET"]), ("/credentials/basic", ["GET"]), ("/me", ["GET"]),
    ("/validation", ["POST"]), ("/result", ["POST"]), ("/jobs", ["GET", "POST"]),
    ("/jobs/{job_id}", ["GET", "DELETE"]), ("/jobs/{job_id}/estimate", ["GET"]),
    ("/jobs/{job_id}/logs", ["GET"]), ("/jobs/{job_id}/results", ["GET", "POST", "DELETE"]),
    ("/process_graphs", ["GET"]), ("/udf_runtimes", ["GET"]),
    ("/service_types", ["GET"]), ("/process_graphs/{process_graph_id}",
                                   ["GET", "PUT", "DELETE"]),
]
CONFORMANCE = ["https://api.openeo.org/1.2.0",
               "https://api.stacspec.org/v1.0.0/collections",
               "http://www.opengis.net/spec/ogcapi-common-2/1.0/conf/collections"]


def capabilities(base: str) -> dict:
    from opendias.identity import DEFAULT_PLAN, load_plans

    plans = [{"name": name, "description": plan.get("title") or name,
              "paid": False} for name, plan in load_plans().items()]
    return {"api_version": API_VERSION, "backend_version": __version__,
            "stac_version": STAC_VERSION, "type": "Catalog", "id": "opendias",
            "title": "opendias openEO", "production": False,
            "description": "openEO API 1.2 over the opendias catalogue: process graphs "
                           "evaluated next to the data, synchronously or as batch jobs.",
            "endpoints": [{"path": p, "methods": m} for p, m in ENDPOINTS],
            # no money: a plan's budget is its job CPU time (job_cpu_seconds_per_day)
            "billing": {"currency": CURRENCY, "default_plan": DEFAULT_PLAN, "plans": plans},
            "links": [{"rel": "self", "href": f"{base}/", "type": "application/json"},
                      {"rel": "conformance", "href": f"{base}/conformance"},
                      {"rel": "data", "href": f"{base}/collections",
                       "type": "application/json"},
                      {"rel": "version-history", "href": f"{base}/.well-known/openeo"}]}


def well_known(base: str) -> dict:
    return {"versions": [{"url": f"{base}/", "production": False,
                          "api_version": API_VERSION}]}


def file_formats() -> dict:
    from opendias.graphs.outputs import FORMATS

    out = {name: {"title": name, "gis_data_types": (["raster"] if raster else [])
                  + (["vector"] if vector else []), "parameters": {}}
           for name, (_, _, _, raster, vector) in FORMATS.items()}
    return {"input": {}, "output": out}


def _iso(stamp) -> str:
    return np.datetime_as_string(np.datetime64(stamp, "s")) + "Z"


def _spatial(cube, axis: str, dim: str, values, step) -> dict:
    doc = {"type": "spatial", "axis": axis, "extent": [float(np.nanmin(values)),
                                                       float(np.nanmax(values))]}
    if step:
        doc["step"] = float(step)
    doc["reference_system"] = cube.crs.to_epsg() or cube.crs.to_wkt()
    return doc


def cube_dimensions(cube) -> dict:
    """`cube:dimensions` of a dataset as load_collection gives it (opendias.graphs.cubes)."""
    rx, ry = cube.resolution
    dims = {"x": _spatial(cube, "x", cube.x, cube.coord(cube.x), rx),
            "y": _spatial(cube, "y", cube.y, cube.coord(cube.y), ry)}
    if cube.t and cube.times is not None and len(cube.times):
        times = cube.times
        dims["t"] = {"type": "temporal", "extent": [_iso(times.min()), _iso(times.max())],
                     "step": None}
    if cube.z:
        dims[cube.z] = {"type": "other", "values": [float(v) for v in cube.coord(cube.z)]}
    dims["bands"] = {"type": "bands", "values": list(cube.variables)}
    return dims


def collection(entry, cube, base: str, *, full: bool = True) -> dict:
    west, south, east, north = cube.wgs84_bbox
    extent = cube.time_extent
    doc = {"stac_version": STAC_VERSION, "type": "Collection", "id": entry.id,
           "title": entry.title, "description": entry.abstract or entry.title,
           "license": "proprietary", "keywords": list(getattr(entry, "tags", []) or []),
           "extent": {"spatial": {"bbox": [[west, south, east, north]]},
                      "temporal": {"interval": [[_iso(extent[0]), _iso(extent[1])]
                                                if extent else [None, None]]}},
           "links": [{"rel": "self", "href": f"{base}/collections/{entry.id}",
                      "type": "application/json"},
                     {"rel": "root", "href": f"{base}/", "type": "application/json"},
                     {"rel": "parent", "href": f"{base}/", "type": "application/json"}]}
    if full:
        doc["stac_extensions"] = ["https://stac-extensions.github.io/datacube/v2.2.0/"
                                  "schema.json"]
        doc["cube:dimensions"] = cube_dimensions(cube)
        doc["summaries"] = {"eo:bands": [{"name": v, "description": cube.variable_info(v)
                                          ["title"]} for v in cube.variables],
                            "variables": [cube.variable_info(v) for v in cube.variables]}
        doc["providers"] = [{"name": str(getattr(entry, "service", "") or "Copernicus"),
                             "roles": ["producer"]}]
    return doc


def processes() -> dict:
    from opendias.graphs.registry import specs

    keep = ("id", "summary", "description", "categories", "parameters", "returns",
            "exceptions", "experimental", "deprecated", "examples", "links")
    return {"processes": [{k: s[k] for k in keep if k in s}
                          for _, s in sorted(specs().items())], "links": []}


def user_process(doc: dict, base: str, *, full: bool = True) -> dict:
    keep = ("id", "summary", "description", "parameters", "returns", "categories",
            "process_graph") if full else ("id", "summary", "description", "parameters",
                                           "returns", "categories")
    out = {k: doc[k] for k in keep if k in doc}
    out["links"] = [{"rel": "self", "href": f"{base}/process_graphs/{doc['id']}"}]
    return out


def me(user) -> dict:
    from opendias.identity.usage import account_usage

    facts = account_usage(user)
    doc = {"user_id": user.id, "name": user.name, "default_plan": user.plan,
           "info": {"plan": facts["plan"], "quotas": facts["usage"]}, "links": []}
    cpu = facts["usage"].get("job_cpu_seconds_per_day") or {}
    if cpu.get("limit") is not None:  # the budget left today, in CURRENCY
        doc["budget"] = cpu.get("remaining", cpu["limit"])
    return doc


def job(record: dict, base: str, *, full: bool = True) -> dict:
    """An openEO batch job of a job record (started) or a created job's document."""
    if record.get("_created_job"):
        doc = {"id": record["id"], "status": "created", "created": record["created"],
               "title": record.get("title"), "description": record.get("description")}
        process = record["process"]
    else:
        inputs = record["inputs"]
        doc = {"id": record["id"], "status": STATUSES.get(record["status"], "error"),
               "created": record["created"], "updated": record["updated"],
               "progress": record.get("progress") or 0,
               "title": (record.get("result") or {}).get("title")}
        process = inputs.get("process_graph") or {}
        if record.get("cpu_seconds"):
            doc["usage"] = {"cpu": {"value": round(record["cpu_seconds"], 3),
                                    "unit": "cpu-seconds"}}
    doc = {k: v for k, v in doc.items() if v is not None}
    if full:
        doc["process"] = process
    doc["links"] = [{"rel": "self", "href": f"{base}/jobs/{doc['id']}"}]
    return doc


def results(record: dict, base: str) -> dict:
    """A finished job's results: a STAC Item whose assets are the signed result links."""
    links = (record.get("result") or {}).get("links") or []
    assets = {}
    for link in links:
        name = link.get("title") or link["href"].rsplit("/", 1)[-1].split("?")[0]
        assets[name] = {"href": link["href"], "type": link.get("type"), "roles": ["data"],
                        "title": name, "file:size": link.get("size")}
    return {"stac_version": STAC_VERSION, "type": "Feature", "id": record["id"],
            "geometry": None, "properties": {"datetime": record.get("finished")},
            "assets": assets,
            "links": [{"rel": "self", "href": f"{base}/jobs/{record['id']}/results",
                       "type": "application/json"}]}


def logs(record: dict) -> dict:
    if record.get("_created_job"):
        return {"logs": [], "links": []}
    level = "error" if record["status"] == "failed" else "info"
    entries = [{"id": "0", "level": "info", "message": "Job accepted",
                "time": record["created"]}]
    for i, attempt in enumerate(record.get("history") or [], start=1):
        entries.append({"id": str(i), "level": "info", "time": attempt.get("started"),
                        "message": f"attempt {attempt.get('attempt')} on "
                                   f"{attempt.get('worker')}: {attempt.get('outcome')}"})
    if record.get("message"):
        entries.append({"id": str(len(entries)), "level": level, "time": record["updated"],
                        "message": record["message"]})
    return {"logs": [{k: v for k, v in e.items() if v is not None} for e in entries],
            "links": []}
