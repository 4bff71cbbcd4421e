"""The operations opendias runs as processes, each described once.

An `Operation` is a declarative description of inputs (name, title, JSON schema, required,
default, allowed values) and outputs, plus the function that runs it on a Dask worker.
From it are generated:
- pygeoapi's PROCESS_METADATA and processor (processes/ogcapi.py), published at /processes
- PyWPS's Process (processes/wps.py), published at /wps
- the validation of the inputs of both (`Operation.validate`), and the up-front checks
  (`Operation.check`) made before a job is accepted.

To publish a new operation: describe it here and add it to OPERATIONS.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass, field
from typing import Any, Callable

from opendias.errors import InvalidParameter, MissingParameter, OpendiasError
from opendias.operations import formats as _formats

# -- the description model -------------------------------------------------------------------

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
    check: Callable[[dict], None] | None = None  # cheap up-front checks, raise OpendiasError
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

    def validate_and_check(self, data: dict | None) -> dict:
        inputs = self.validate(data)
        if self.check is not None:
            self.check(inputs)
        return inputs


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


# -- subset ----------------------------------------------------------------------------------

# the file formats a process can write (opendias.operations.formats knows how)
FORMATS = {k: _formats.MEDIA_TYPES[k] for k in ("netcdf", "geotiff", "csv", "zarr-zip")}
SUFFIXES = _formats.SUFFIXES


def _dataset_schema() -> dict:
    from opendias.catalogue import load_catalogue

    return {"type": "string", "enum": load_catalogue().ids()}


def _select(inputs: dict):
    """(cube, lazy selection) of subset inputs; raises OpendiasError."""
    from opendias.catalogue import load_catalogue
    from opendias.datacube import open_cube
    from opendias.config import get_settings
    from opendias.operations.subset import (check_size, mask_geometry, parse_geometry,
                                            select_subsets, subset_cube)

    cube = open_cube(load_catalogue().get(inputs["dataset"]))
    ds = subset_cube(cube, bbox=inputs.get("bbox"), bbox_crs=inputs.get("bbox_crs"),
                     datetime=inputs.get("datetime"), variables=inputs.get("variables"))
    depth = inputs.get("depth")
    if depth:
        if cube.z is None:
            raise InvalidParameter(f"dataset {cube.id!r} has no depth axis: leave depth out",
                                   parameter="depth")
        lo, hi = depth
        ds = select_subsets(cube, ds, {cube.z: (str(lo), str(hi))})
    if inputs.get("polygon"):
        try:
            geom = parse_geometry(inputs["polygon"])
        except InvalidParameter as err:
            raise InvalidParameter(err.detail, parameter="polygon") from None
        ds = mask_geometry(cube, ds, geom)
    check_size(ds, get_settings().max_job_cells, what="job")
    return cube, ds


def check_subset(inputs: dict) -> None:
    _select(inputs)


def _request_text(operation: str, inputs: dict) -> str:
    shown = {k: v for k, v in inputs.items() if v is not None}
    return f"process {operation} {json.dumps(shown, default=str, sort_keys=True)}"


def run_subset(inputs: dict, ctx) -> dict:
    from opendias.operations import formats
    from opendias.operations.subset import count_cells

    ctx.progress(8, "Selecting the data", force=True)
    cube, ds = _select(inputs)
    ds = formats.provenance(ds, _request_text("subset", inputs))
    fmt = inputs["format"]
    name = f"{cube.id}-subset{SUFFIXES[fmt]}"
    path = ctx.workdir / name
    ctx.progress(10, f"Writing {fmt}", force=True)
    formats.write_output(cube, ds, fmt, path, bands=True)
    ctx.media_types[name] = FORMATS[fmt]
    return {"cells": count_cells(ds), "dataset": cube.id, "format": fmt}


SUBSET = Operation(
    id="subset",
    title="Subset a dataset",
    description="Cut a region (bounding box or polygon), a period, variables and a depth "
                "range out of a dataset of the catalogue and get it as a file: NetCDF (CF, "
                "the source's packing kept), GeoTIFF (one band per time step), CSV or a "
                "zipped Zarr store.",
    keywords=["subset", "clip", "download", "Copernicus"],
    inputs=[
        Input("dataset", "Dataset", "Identifier of a dataset (collection) of the catalogue.",
              _dataset_schema, required=True),
        Input("bbox", "Bounding box", "minx, miny, maxx, maxy in bbox_crs (CRS84 longitude, "
              "latitude by default); a west edge greater than the east edge crosses the "
              "antimeridian.",
              {"type": "array", "items": {"type": "number"}, "minItems": 4, "maxItems": 4}),
        Input("bbox_crs", "CRS of the bounding box", "EPSG code or OGC CRS URI of bbox; "
              "CRS84 when left out.", {"type": "string"}),
        Input("polygon", "Polygon", "Only the cells whose centre lies inside this polygon "
              "(WKT or GeoJSON, CRS84 longitude/latitude); others are set missing.",
              {"oneOf": [{"type": "string"}, {"type": "object"}]}),
        Input("datetime", "Period", "ISO 8601 instant or interval start/end (open ends as ..),"
              " e.g. 2016-03-01/2016-03-03.", {"type": "string"}),
        Input("variables", "Variables", "Variables to keep (all when left out).",
              {"type": "array", "items": {"type": "string"}, "minItems": 1}),
        Input("depth", "Depth range", "minimum and maximum depth (in the dataset's vertical "
              "units) of the levels to keep.",
              {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2}),
        Input("format", "Output format", "File format of the result.",
              {"type": "string", "enum": list(FORMATS)}, default="netcdf"),
    ],
    outputs=[Output("result", "Result file", "Link to the file cut out of the dataset "
                    "(href, media type, size in bytes).", FORMATS)],
    run=run_subset,
    check=check_subset,
    example={"inputs": {"dataset": "med-sst-l4", "bbox": [5, 38, 10, 42],
                        "datetime": "2016-03-01/2016-03-02", "variables": ["analysed_sst"],
                        "format": "netcdf"}},
)

OPERATIONS: dict[str, Operation] = {SUBSET.id: SUBSET}

# operations described in their own modules (regrid, statistics): OPERATION or OPERATIONS
for _module in ("processes.regrid", "processes.statistics"):
    try:
        _mod = importlib.import_module(_module)
    except ModuleNotFoundError as _err:
        if _err.name != _module:
            raise
        continue
    for _op in getattr(_mod, "OPERATIONS", None) or [_mod.OPERATION]:
        OPERATIONS[_op.id] = _op


def get_operation(process_id: str) -> Operation:
    try:
        return OPERATIONS[process_id]
    except KeyError:
        from opendias.errors import NotFound

        raise NotFound(f"unknown process {process_id!r}; processes are "
                       f"{', '.join(OPERATIONS)}") from None


__all__ = ["Input", "Output", "Operation", "OPERATIONS", "get_operation", "OpendiasError"]
