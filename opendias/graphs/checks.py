"""The checks of a process graph before it runs, in openEO's terms: every node a process
the service knows (or a user-defined process given), one result node per graph, references
to nodes that exist, no cycle, every required argument there and no unknown one. Raises
OpendiasError naming what is wrong (parameter: "process_graph", "process" for an unknown
process, the argument for a missing one). `collections_of` gives the collections a graph
loads (for terms of use and an early "collection not found")."""

from __future__ import annotations

from opendias.errors import InvalidParameter, MissingParameter, NotFound

MAX_NODES = 1000


def graph_of(document) -> dict:
    """The flat process graph of a document {"process_graph": {...}} or {"process": {...}}."""
    if isinstance(document, dict) and isinstance(document.get("process"), dict):
        document = document["process"]
    graph = document.get("process_graph") if isinstance(document, dict) else None
    if not isinstance(graph, dict) or not graph:
        raise InvalidParameter('send {"process": {"process_graph": {node id: {process_id, '
                               'arguments}, ...}}}: the process graph is missing or empty',
                               parameter="process_graph")
    return graph


def _subgraphs(value):
    """The callbacks ({"process_graph": {...}}) inside an argument's value."""
    if isinstance(value, dict):
        if isinstance(value.get("process_graph"), dict):
            yield value["process_graph"]
            return
        for item in value.values():
            yield from _subgraphs(item)
    elif isinstance(value, list):
        for item in value:
            yield from _subgraphs(item)


def _references(value):
    if isinstance(value, dict):
        if set(value) == {"from_node"}:
            yield value["from_node"]
            return
        if isinstance(value.get("process_graph"), dict):
            return  # a callback's references are its own graph's
        for item in value.values():
            yield from _references(item)
    elif isinstance(value, list):
        for item in value:
            yield from _references(item)


def _check_cycles(graph: dict) -> None:
    state: dict[str, int] = {}  # 1: on the path, 2: done

    def visit(node: str, path: list[str]):
        state[node] = 1
        for ref in _references(graph[node].get("arguments") or {}):
            if state.get(ref) == 1:
                loop = path[path.index(ref):] + [ref] if ref in path else [node, ref]
                raise InvalidParameter(f"the process graph has a cycle: "
                                       f"{' -> '.join(loop)}", parameter="process_graph")
            if state.get(ref) is None:
                visit(ref, [*path, ref])
        state[node] = 2

    for node in graph:
        if state.get(node) is None:
            visit(node, [node])


def _check_node(name: str, node, graph: dict, known: dict) -> None:
    if not isinstance(node, dict) or not isinstance(node.get("process_id"), str):
        raise InvalidParameter(f"node {name!r} of the process graph needs a process_id",
                               parameter="process_graph")
    pid = node["process_id"]
    if pid not in known:
        raise NotFound(f"process {pid!r} (node {name!r}) is not supported; GET /processes "
                       "lists the processes", parameter="process")
    arguments = node.get("arguments", {})
    if not isinstance(arguments, dict):
        raise InvalidParameter(f"the arguments of node {name!r} must be an object",
                               parameter="process_graph")
    params = {p["name"]: p for p in known[pid].get("parameters") or []}
    unknown = [a for a in arguments if params and a not in params]
    if unknown:
        raise InvalidParameter(f"process {pid!r} (node {name!r}) has no argument "
                               f"{unknown[0]!r}; its arguments are {', '.join(params)}",
                               parameter=unknown[0])
    for pname, spec in params.items():
        if not spec.get("optional") and "default" not in spec and pname not in arguments:
            raise MissingParameter(f"process {pid!r} (node {name!r}) requires the argument "
                                   f"{pname!r}", parameter=pname)
    for ref in _references(arguments):
        if ref not in graph:
            raise InvalidParameter(f"node {name!r} refers to node {ref!r}, which the graph "
                                   "does not have", parameter="process_graph")


def check_graph(graph, known: dict, *, _count: list | None = None) -> None:
    """Check a flat process graph (and its callbacks) against `known` process specs."""
    count = _count if _count is not None else [0]
    if not isinstance(graph, dict) or not graph:
        raise InvalidParameter("a process graph must be a non-empty object of nodes",
                               parameter="process_graph")
    results = [n for n, node in graph.items() if isinstance(node, dict) and node.get("result")]
    if len(results) != 1:
        raise InvalidParameter(f"a process graph needs exactly one result node "
                               f"(\"result\": true), this one has {len(results)}",
                               parameter="process_graph")
    for name, node in graph.items():
        count[0] += 1
        if count[0] > MAX_NODES:
            raise InvalidParameter(f"the process graph has more than {MAX_NODES} nodes",
                                   parameter="process_graph")
        _check_node(name, node, graph, known)
    _check_cycles(graph)
    for node in graph.values():
        for sub in _subgraphs(node.get("arguments") or {}):
            check_graph(sub, known, _count=count)


def collections_of(graph: dict) -> list[str]:
    """The collection ids a graph's load_collection nodes name (callbacks included)."""
    found = []
    for node in graph.values() if isinstance(graph, dict) else ():
        if not isinstance(node, dict):
            continue
        args = node.get("arguments") or {}
        if node.get("process_id") == "load_collection" and isinstance(args.get("id"), str):
            found.append(args["id"])
        for sub in _subgraphs(args):
            found += collections_of(sub)
    return list(dict.fromkeys(found))


def processes_of(graph: dict) -> set[str]:
    """Every process id a graph uses (callbacks included)."""
    found = set()
    for node in graph.values() if isinstance(graph, dict) else ():
        if isinstance(node, dict) and isinstance(node.get("process_id"), str):
            found.add(node["process_id"])
            for sub in _subgraphs(node.get("arguments") or {}):
                found |= processes_of(sub)
    return found
