"""What every operation's run shares: the job's source selection within the size limit, the
provenance of a result, and writing it as the job's file."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable

from opendias.config import get_settings
from opendias.operations import formats
from opendias.operations.provenance import provenance
from opendias.operations.subset import check_size, count_cells, subset_cube

# the file formats a process can write (opendias.operations.formats knows how)
FORMATS = {k: formats.MEDIA_TYPES[k] for k in ("netcdf", "geotiff", "csv", "zarr-zip",
                                                "grib")}


def formats_of(*names: str) -> dict[str, str]:
    return {k: FORMATS[k] for k in names}


def request_text(process_id: str, inputs: dict) -> str:
    """How a result names the request that made it (its `history` and provenance)."""
    shown = {k: v for k, v in inputs.items() if v is not None}
    return f"process {process_id} {json.dumps(shown, default=str, sort_keys=True)}"


def check_job_size(ds, what: str = "job") -> None:
    check_size(ds, get_settings().max_job_cells, what=what)


def licences(inputs: dict) -> list[dict]:
    """The licences (terms of use, opendias.identity.terms) of the datasets a job used:
    what its result records."""
    from opendias.identity.terms import term_of

    found = {}
    for name in ("dataset", "target_dataset"):
        term = term_of(inputs[name]) if inputs.get(name) else None
        if term is not None:
            found.setdefault(term.id, {"id": term.id, "title": term.title, "datasets": []})
            found[term.id]["datasets"].append(inputs[name])
    return list(found.values())


def open_dataset(dataset_id: str):
    from opendias.catalogue import load_catalogue
    from opendias.datacube import open_cube

    return open_cube(load_catalogue().get(dataset_id))


def job_source(inputs: dict, *, bbox: bool = False):
    """(cube, lazy selection) of a job's dataset, period, variables (and bbox), refused
    above OPENDIAS_MAX_JOB_CELLS."""
    cube = open_dataset(inputs["dataset"])
    ds = subset_cube(cube, datetime=inputs.get("datetime"), variables=inputs.get("variables"),
                     bbox=inputs.get("bbox") if bbox else None)
    check_job_size(ds, "job's source selection")
    return cube, ds


@dataclass(frozen=True)
class Built:
    """What an operation's inputs make, lazily, before a job runs (its `check`): the cube,
    the result it will write and the source selection it reads (`result_bytes`: the result
    file's size when it is not a dataset, e.g. a table)."""

    cube: Any
    result: Any      # xarray.Dataset, lazy
    source: Any      # xarray.Dataset, lazy: what the job reads
    result_bytes: int | None = None


@dataclass(frozen=True)
class FileResult:
    """The run of an operation whose answer is one file: build the result with
    `build(inputs) -> Built`, stamp its provenance and write it in the requested
    format as the job's file `{dataset}-{name}{suffix}` (`name` is formatted with the
    inputs). An instance is the operation's `run` (Dask pickles it with its `build` by
    module path) and `check` (the same build, made lazily before a job is accepted)."""

    process_id: str
    build: Callable
    name: str
    preparing: str
    writing: str

    def check(self, inputs: dict) -> Built:
        return self.build(inputs)

    def __call__(self, inputs: dict, ctx) -> dict:
        ctx.progress(8, self.preparing, force=True)
        built = self.build(inputs)
        cube, ds = built.cube, built.result
        ds = provenance(ds, request_text(self.process_id, inputs))
        fmt = inputs["format"]
        filename = f"{cube.id}-{self.name.format(**inputs)}{formats.SUFFIXES[fmt]}"
        ctx.progress(10, f"{self.writing} {fmt}", force=True)
        formats.write_output(cube, ds, fmt, ctx.workdir / filename)
        ctx.media_types[filename] = FORMATS[fmt]
        return {"cells": count_cells(ds), "dataset": cube.id, "format": fmt,
                "licences": licences(inputs)}
