"""pygeoapi's side of the operations: PROCESS_METADATA and a processor, generated from
processes.registry; and the `resources:` entries that publish them (added to pygeoapi's
configuration by opendias.web.pygeoapi_setup.build_config)."""

from __future__ import annotations

from pygeoapi.process.base import BaseProcessor, ProcessorExecuteError

from opendias.errors import OpendiasError
from processes.model import Operation
from processes.registry import OPERATIONS, get_operation

PROCESSOR = "processes.ogcapi.OperationProcessor"


def process_metadata(op: Operation) -> dict:
    """pygeoapi's PROCESS_METADATA of an operation (enums read live, e.g. dataset ids)."""
    inputs = {}
    for inp in op.inputs:
        inputs[inp.name] = {
            "title": inp.title,
            "description": inp.description,
            "schema": inp.json_schema(),
            "minOccurs": 1 if inp.required else 0,
            "maxOccurs": 1,
            "keywords": [],
        }
    outputs = {}
    for out in op.outputs:
        outputs[out.name] = {
            "title": out.title,
            "description": out.description,
            "schema": {"type": "object", "contentMediaType": "application/json",
                       "properties": {
                           "href": {"type": "string", "format": "uri"},
                           "type": {"type": "string", "enum": sorted(set(
                               out.media_types.values()))},
                           "size": {"type": "integer"}}},
        }
    meta = {
        "version": op.version,
        "id": op.id,
        "title": {"en": op.title},
        "description": {"en": op.description},
        "jobControlOptions": ["sync-execute", "async-execute", "dismiss"],
        "outputTransmission": ["value"],
        "keywords": list(op.keywords),
        "links": [],
        "inputs": inputs,
        "outputs": outputs,
    }
    if op.example:
        meta["example"] = op.example
    return meta


def process_resources() -> dict:
    """pygeoapi `resources:` entries publishing every operation."""
    return {op_id: {"type": "process",
                    "processor": {"name": PROCESSOR, "operation": op_id}}
            for op_id in OPERATIONS}


class OpendiasProcessError(ProcessorExecuteError):
    """An OpendiasError as pygeoapi's processor error (its status, code and detail)."""

    def __init__(self, err: OpendiasError):
        super().__init__(user_msg=err.detail)
        self.http_status_code = err.status
        self.ogc_exception_code = err.code


class OperationProcessor(BaseProcessor):
    """A pygeoapi processor of one operation (`processor: {name: ..., operation: id}`): what
    pygeoapi needs to describe the process. Executions go through the opendias job manager
    (processes.manager), which runs them as jobs on Dask; this processor never executes."""

    def __init__(self, processor_def: dict):
        self.operation = get_operation(processor_def["operation"])
        super().__init__(processor_def, process_metadata(self.operation))
