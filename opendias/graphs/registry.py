"""The processes a graph may use: the ~130 of openeo-processes-dask (on xarray/dask) with
their openEO specs, and opendias' own (opendias.graphs.own, opendias.graphs.cubes) that
replace or add to them. Built once per process (`base_registry`); an evaluation copies it
and binds the own processes to its context (`registry_for`)."""

from __future__ import annotations

import copy
import functools
import importlib
import inspect
import logging
import threading

LOGGER = logging.getLogger(__name__)
# processes whose openeo-processes-dask implementation is replaced (or missing there)
OWN = ("load_collection", "save_result", "aggregate_spatial", "resample_spatial")
_LOCK = threading.Lock()


@functools.cache
def _dask_processes() -> dict:
    """process id -> implementation of openeo-processes-dask (its ml processes are not
    loaded; a process named as a Python builtin or keyword, e.g. max, and, is `_max`)."""
    logging.getLogger("openeo_processes_dask").setLevel(logging.ERROR)
    module = importlib.import_module("openeo_processes_dask.process_implementations")
    return {name.removeprefix("_"): func
            for name, func in inspect.getmembers(module, inspect.isfunction)
            if not name.startswith("__") and (not name.startswith("_") or name[1:2].isalpha())}


@functools.cache
def specs() -> dict[str, dict]:
    """name -> openEO process description, of every process a graph may use."""
    spec_module = importlib.import_module("openeo_processes_dask.specs")
    found = {}
    for name in spec_module.__all__:
        spec = getattr(spec_module, name)
        if spec["id"] in _dask_processes() or spec["id"] in OWN:
            found[spec["id"]] = spec
    params = found["resample_spatial"]["parameters"]
    if not any(p["name"] == "align" for p in params):  # API 1.2's spec has it
        params.append({"name": "align", "description": "Where to align the new grid "
                       "(opendias aligns it on the extent's edges).", "optional": True,
                       "default": "upper-left", "schema": {"type": "string"}})
    return found


def base_registry():
    """The registry of openeo-processes-dask's implementations (built once)."""
    with _LOCK:
        return _base()


@functools.cache
def _base():
    from openeo_pg_parser_networkx import ProcessRegistry
    from openeo_pg_parser_networkx.process_registry import Process
    from openeo_processes_dask.process_implementations.core import process

    registry = ProcessRegistry(wrap_funcs=[process])
    for name, func in _dask_processes().items():
        spec = specs().get(name)
        if spec is not None and name not in OWN:
            registry["predefined", name] = Process(spec=spec, implementation=func)
    return registry


def registry_for(own: dict):
    """A registry for one evaluation: the base one plus `own` (name -> implementation)."""
    from openeo_pg_parser_networkx import ProcessRegistry
    from openeo_pg_parser_networkx.process_registry import Process
    from openeo_processes_dask.process_implementations.core import process

    base = base_registry()
    registry = ProcessRegistry(wrap_funcs=[process])
    registry.store = {ns: dict(procs) for ns, procs in base.store.items()}
    registry.aliases = copy.deepcopy(base.aliases)
    for name, func in own.items():
        registry["predefined", name] = Process(spec=specs().get(name, {"id": name}),
                                               implementation=func)
    return registry
