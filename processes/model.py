"""The description model of a process: an `Operation` declares its inputs (name, title,
JSON schema, required, default, allowed values) and outputs once, with the function that
runs it on a Dask worker and the cheap checks made before a job is accepted. The OGC API -
Processes description (processes.ogcapi) and the PyWPS process (processes.wps) are both
generated from it, and `Operation.validate` checks the inputs of either."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable

from opendias.errors import InvalidParameter, MissingParameter

_TYPE_NAMES = {"string": "a string", "number": "a number", "integer": "an integer",
               "array": "an array", "object": "an object", "boolean": "true or false"}


@dataclass
class Input:
    name: str
    title: str
    description: str
    schema: dict | Callable[[], dict]   # JSON schema, or a function giving it (live enums)
    required: bool = False
    default: Any = None

    def json_schema(self) -> dict:
        schema = self.schema() if callable(self.schema) else dict(self.schema)
        if self.default is not None:
            schema.setdefault("default", self.default)
        return schema


@dataclass
class Output:
    name: str
    title: str
    description: str
    media_types: dict[str, str]  # format name -> media type of the file it produces


@dataclass
class Operation:
    id: str
    title: str
    description: str
    inputs: list[Input]
    outputs: list[Output]
    run: Callable[[dict, Any], dict | None]      # (validated inputs, JobContext) -> summary
    # cheap up-front checks, raising OpendiasError; returns the lazy job (processes.running.
    # Built) that processes.costing estimates
    check: Callable[[dict], Any] | None = None
    version: str = "1.0.0"
    keywords: list[str] = field(default_factory=list)
    example: dict | None = None

    def input(self, name: str) -> Input:
        return next(i for i in self.inputs if i.name == name)

    def validate(self, data: dict | None) -> dict:
        """Inputs checked against their schemas, defaults filled in. Raises OpendiasError
        naming the input and what was expected."""
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise InvalidParameter("inputs must be a JSON object of input name to value")
        known = {i.name for i in self.inputs}
        unknown = [k for k in data if k not in known]
        if unknown:
            raise InvalidParameter(f"unknown input(s) {', '.join(map(repr, unknown))} for "
                                   f"process {self.id!r}; its inputs are "
                                   f"{', '.join(sorted(known))}", parameter=unknown[0])
        data = dict(data)
        for name in list(data):
            value = data[name]
            if isinstance(value, dict) and "bbox" in value:  # OGC bbox object {bbox, crs}
                data[name] = value["bbox"]
                if value.get("crs") and f"{name}_crs" in known and not data.get(f"{name}_crs"):
                    data[f"{name}_crs"] = value["crs"]
        out = {}
        for inp in self.inputs:
            value = data.get(inp.name)
            if value is None or value == "" or value == []:
                if inp.required:
                    raise MissingParameter(f"input {inp.name!r} ({inp.title}) is required",
                                           parameter=inp.name)
                out[inp.name] = inp.default
                continue
            out[inp.name] = _check_value(inp.name, value, inp.json_schema())
        return out


def _unwrap(value):
    """OGC API - Processes allows {"value": ...} and bbox objects {"bbox": [...]}."""
    if isinstance(value, dict) and set(value) <= {"value", "mediaType", "encoding", "schema"} \
            and "value" in value:
        return value["value"]
    return value


def _type_ok(value, typ: str) -> bool:
    if typ == "string":
        return isinstance(value, str)
    if typ == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if typ == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if typ == "array":
        return isinstance(value, list)
    if typ == "object":
        return isinstance(value, dict)
    if typ == "boolean":
        return isinstance(value, bool)
    return True


def _check_value(name: str, value, schema: dict):
    value = _unwrap(value)
    if "oneOf" in schema:
        errors = []
        for option in schema["oneOf"]:
            try:
                return _check_value(name, value, option)
            except InvalidParameter as err:
                errors.append(err.detail)
        raise InvalidParameter(f"input {name!r} is not valid: " + "; or ".join(errors),
                               parameter=name)
    typ = schema.get("type")
    if typ == "array" and isinstance(value, str) and schema.get("x-comma-separated", True):
        # WPS and query-string clients send "a,b,c"
        value = [v.strip() for v in value.split(",") if v.strip()]
        item_type = (schema.get("items") or {}).get("type")
        if item_type in ("number", "integer"):
            try:
                value = [float(v) if item_type == "number" else int(v) for v in value]
            except ValueError:
                raise InvalidParameter(f"input {name!r} must be {item_type}s separated by "
                                       f"commas, got {value!r}", parameter=name) from None
    if typ == "number" and isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            pass
    if typ and not _type_ok(value, typ):
        raise InvalidParameter(f"input {name!r} must be {_TYPE_NAMES.get(typ, typ)}"
                               f"{_shape_text(schema)}, got {json.dumps(value)[:80]}",
                               parameter=name)
    if "enum" in schema and value not in schema["enum"]:
        raise InvalidParameter(f"input {name!r} must be one of "
                               f"{', '.join(map(str, schema['enum']))}; got {value!r}",
                               parameter=name)
    if typ == "array":
        n = len(value)
        if n < schema.get("minItems", 0) or n > schema.get("maxItems", n):
            raise InvalidParameter(f"input {name!r} must be an array{_shape_text(schema)}, "
                                   f"got {n} item(s)", parameter=name)
        items = schema.get("items")
        if items:
            value = [_check_value(f"{name}[{i}]", v, items) for i, v in enumerate(value)]
    return value


def _shape_text(schema: dict) -> str:
    if schema.get("type") != "array":
        return ""
    lo, hi = schema.get("minItems"), schema.get("maxItems")
    items = (schema.get("items") or {}).get("type", "item")
    if lo is not None and lo == hi:
        return f" of {lo} {items}s"
    return f" of {items}s"


def dataset_schema() -> dict:
    """The schema of an input naming a dataset of the catalogue (its ids, read live)."""
    from opendias.catalogue import load_catalogue

    return {"type": "string", "enum": load_catalogue().ids()}


# -- inputs and outputs every operation shares -----------------------------------------------

NAMES = {"type": "array", "items": {"type": "string"}, "minItems": 1}
BOX = {"type": "array", "items": {"type": "number"}, "minItems": 4, "maxItems": 4}
POLYGON = {"oneOf": [{"type": "string"}, {"type": "object"}]}
STEPS = {"oneOf": [{"type": "object"}, {"type": "string"}]}  # opendias.params.parse_steps


def dataset_input(description: str) -> Input:
    return Input("dataset", "Dataset", description, dataset_schema, required=True)


def variables_input(description: str) -> Input:
    return Input("variables", "Variables", description, NAMES)


def period_input(description: str) -> Input:
    return Input("datetime", "Period", description, {"type": "string"})


def format_input(formats: dict[str, str],
                 description: str = "File format of the result.") -> Input:
    return Input("format", "Output format", description,
                 {"type": "string", "enum": list(formats)}, default="netcdf")


def file_output(formats: dict[str, str], description: str,
                title: str = "Result file") -> Output:
    return Output("result", title, description, formats)
