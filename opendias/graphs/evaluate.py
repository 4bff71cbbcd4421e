"""A process graph evaluated lazily: checked (opendias.graphs.checks), then walked by
openeo-pg-parser-networkx with the processes of opendias.graphs.registry, opendias' own
bound to this evaluation. Nothing is computed here but coordinates: the result is a lazy
xarray object that a writer (opendias.graphs.outputs) computes chunk by chunk.

User-defined processes (`udps`: id -> {"process_graph", "parameters"}) are processes of the
graph like any other; their graphs are evaluated with the node's arguments as parameters."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from opendias.errors import InvalidParameter, OpendiasError
from opendias.graphs.checks import check_graph, graph_of
from opendias.graphs.cubes import Loaded
from opendias.graphs.own import GEOMETRY, REDUCERS, Saved, own_processes

MAX_UDP_DEPTH = 16
DEFAULT_FORMATS = ("netCDF", "JSON")  # of a graph without save_result: raster, vector


@dataclass
class Evaluated:
    """A graph's lazy result and what it read."""

    saved: Saved
    loaded: Loaded

    @property
    def cube(self):
        return self.loaded.cube_of(self.saved.data)

    @property
    def vector(self) -> bool:
        return GEOMETRY in getattr(self.saved.data, "dims", ())

    @property
    def source(self):
        """The first collection's lazy selection (what the job reads)."""
        return self.loaded.sources[0] if self.loaded.sources else None


def known_processes(udps: dict | None = None) -> dict:
    from opendias.graphs.registry import specs

    known = dict(specs())
    for pid, udp in (udps or {}).items():
        known[pid] = {"id": pid, "parameters": udp.get("parameters") or []}
    return known


def _simple_reducers(graph: dict) -> dict:
    """aggregate_spatial's reducer callbacks of one process (mean, max, ...) as the name of
    that process, which opendias.graphs.own computes as the statistics process does."""
    graph = copy.deepcopy(graph)
    for node in graph.values():
        args = node.get("arguments") or {}
        if node.get("process_id") == "aggregate_spatial" and isinstance(args.get("reducer"),
                                                                        dict):
            inner = (args["reducer"].get("process_graph") or {}).values()
            ids = [n.get("process_id") for n in inner if isinstance(n, dict)]
            if len(ids) == 1 and ids[0] in REDUCERS:
                args["reducer"] = ids[0]
        for value in args.values():
            if isinstance(value, dict) and isinstance(value.get("process_graph"), dict):
                value["process_graph"] = _simple_reducers(value["process_graph"])
    return graph


def _callable(graph: dict, registry):
    from openeo_pg_parser_networkx import OpenEOProcessGraph

    try:
        return OpenEOProcessGraph({"process_graph": _simple_reducers(graph)}).to_callable(
            process_registry=registry)
    except OpendiasError:
        raise
    except Exception as err:  # pydantic's validation of arguments, the parser's own
        raise InvalidParameter(f"the process graph is not valid: {str(err)[:400]}",
                               parameter="process_graph") from None


def _user_process(pid: str, udp: dict, registry, depth: list):
    def run(*_, **kwargs):
        if depth[0] >= MAX_UDP_DEPTH:
            raise InvalidParameter(f"user-defined process {pid!r} calls itself more than "
                                   f"{MAX_UDP_DEPTH} deep", parameter="process_graph")
        params = {p["name"]: p.get("default") for p in udp.get("parameters") or []
                  if isinstance(p, dict) and "name" in p}
        params.update(kwargs)
        depth[0] += 1
        try:
            return _callable(udp["process_graph"], registry)(named_parameters=params)
        finally:
            depth[0] -= 1
    return run


def evaluate(document, udps: dict | None = None) -> Evaluated:
    """The lazy result of a process graph document; raises OpendiasError for a graph that
    is not valid or whose processes refuse their arguments."""
    from openeo_pg_parser_networkx.process_registry import Process
    from openeo_processes_dask.process_implementations.exceptions import OpenEOException

    from opendias.graphs.registry import registry_for

    graph = graph_of(document)
    udps = udps or {}
    check_graph(graph, known_processes(udps))
    loaded = Loaded()
    registry = registry_for(own_processes(loaded))
    depth = [0]
    for pid, udp in udps.items():
        registry["predefined", pid] = Process(spec={"id": pid, **udp},
                                              implementation=_user_process(pid, udp, registry,
                                                                           depth))
    try:
        result = _callable(graph, registry)()
    except OpendiasError:
        raise
    except OpenEOException as err:
        raise InvalidParameter(f"{type(err).__name__}: {err}"[:500],
                               parameter="process_graph") from None
    except (ValueError, TypeError, KeyError, IndexError) as err:
        raise InvalidParameter(f"the process graph cannot be evaluated: "
                               f"{type(err).__name__}: {err}"[:500],
                               parameter="process_graph") from None
    if not isinstance(result, Saved):
        vector = GEOMETRY in getattr(result, "dims", ())
        result = Saved(result, DEFAULT_FORMATS[1 if vector else 0], {})
    if not loaded.cubes:
        raise InvalidParameter("the process graph loads no collection (load_collection)",
                               parameter="process_graph")
    return Evaluated(result, loaded)


def validate(document, udps: dict | None = None) -> dict:
    """The checks made before a graph is stored or run, without evaluating it: its
    structure and processes (opendias.graphs.checks) and the collections it loads.
    Returns the flat graph."""
    from opendias.catalogue import load_catalogue
    from opendias.errors import NotFound
    from opendias.graphs.checks import collections_of

    graph = graph_of(document)
    check_graph(graph, known_processes(udps))
    ids = load_catalogue().ids()
    for collection in collections_of(graph):
        if collection not in ids:
            raise NotFound(f"collection {collection[:100]!r} not found; the collections are "
                           f"{', '.join(ids)}", parameter="collection")
    return graph
