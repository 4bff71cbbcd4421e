"""An openEO process graph run as an operation (opendias.graphs): what an openEO batch job
is, kept in the same job store and run on the same Dask cluster as every job, so that it is
listed, dismissed and recovered as they are, and published to OGC API - Processes and WPS
too. The graph's own save_result names the file's format (netCDF without one)."""

from __future__ import annotations

import json

from opendias.errors import InvalidParameter
from processes.model import Input, Operation, Output
from processes.running import Built, check_job_size, request_text

PROCESS_ID = "openeo-graph"
DOCUMENT = {"oneOf": [{"type": "object"}, {"type": "string"}]}  # WPS sends JSON text
MEDIA_TYPES = {"netCDF": "application/x-netcdf", "GTiff": "image/tiff; application=geotiff",
               "JSON": "application/json"}


def _document(value, name: str):
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise InvalidParameter(f"input {name!r} is not JSON", parameter=name) from None
    return value


def evaluated(inputs: dict):
    """The graph of `inputs` evaluated lazily (opendias.graphs.evaluate); its source
    selection refused above OPENDIAS_MAX_JOB_CELLS."""
    from opendias.graphs.evaluate import evaluate

    graph = _document(inputs["process_graph"], "process_graph")
    udps = _document(inputs.get("user_processes"), "user_processes") or {}
    ev = evaluate(graph, udps)
    for source in ev.loaded.sources:
        check_job_size(source, "job's source selection")
    return ev


def check(inputs: dict) -> Built:
    from opendias.graphs.outputs import format_name, result_dataset

    ev = evaluated(inputs)
    format_name(ev.saved.format, vector=ev.vector)
    return Built(ev.cube, result_dataset(ev), ev.source)


def run(inputs: dict, ctx) -> dict:
    from opendias.graphs.checks import collections_of, graph_of
    from opendias.graphs.outputs import format_name, media_type, suffix, write_result
    from opendias.operations.subset import count_cells
    from processes.running import licences

    ctx.progress(8, "Evaluating the process graph", force=True)
    ev = evaluated(inputs)
    name = format_name(ev.saved.format, vector=ev.vector)
    filename = f"{ev.cube.id}-openeo{suffix(name)}"
    ctx.progress(10, f"Computing and writing {name}", force=True)
    write_result(ev, ctx.workdir / filename, request_text(PROCESS_ID, inputs))
    ctx.media_types[filename] = media_type(name)
    graph = graph_of(_document(inputs["process_graph"], "process_graph"))
    used = [t for d in collections_of(graph) for t in licences({"dataset": d})]
    return {"cells": count_cells(ev.source), "dataset": ev.cube.id, "format": name,
            "licences": used}


OPERATION = Operation(
    id=PROCESS_ID,
    title="Run an openEO process graph",
    description="Evaluate an openEO (API 1.2) process graph over the catalogue's datasets: "
                "load_collection, filter and reduce, apply, aggregate_spatial, "
                "resample_spatial and the other openEO processes, save_result as netCDF, "
                "GTiff or JSON. The same jobs as the openEO front's batch jobs.",
    keywords=["openEO", "process graph", "datacube"],
    inputs=[
        Input("process_graph", "Process graph", "The openEO process: {\"process_graph\": "
              "{node id: {process_id, arguments, result}}}.", DOCUMENT, required=True),
        Input("user_processes", "User-defined processes", "The user-defined processes the "
              "graph calls: {id: {\"process_graph\", \"parameters\"}}.", DOCUMENT),
    ],
    outputs=[Output("result", "Result file", "Link to the file save_result wrote.",
                    MEDIA_TYPES)],
    run=run,
    check=check,
)
