"""The processes opendias publishes: every operation described once (processes.subset,
processes.regrid, processes.statistics), by id. To publish a new operation, describe it in
its own module (an `Operation` of processes.model) and list it here."""

from __future__ import annotations

from opendias.errors import NotFound
from processes import openeo_graph, regrid, statistics, subset
from processes.model import Operation

OPERATIONS: dict[str, Operation] = {
    op.id: op for op in (subset.SUBSET, regrid.OPERATION, statistics.OPERATION,
                         statistics.ZONAL, openeo_graph.OPERATION)}


def get_operation(process_id: str) -> Operation:
    try:
        return OPERATIONS[process_id]
    except KeyError:
        raise NotFound(f"unknown process {process_id!r}; processes are "
                       f"{', '.join(OPERATIONS)}") from None
