"""The regrid operation (opendias.operations.regrid) described once, published by
processes.definitions to OGC API - Processes and WPS."""

from __future__ import annotations

from processes.definitions import (FORMATS, SUFFIXES, Input, Operation, Output,
                                   _dataset_schema, _request_text)

REGRID_FORMATS = {k: FORMATS[k] for k in ("netcdf", "zarr-zip")}


def _regridded(inputs: dict):
    from opendias.catalogue import load_catalogue
    from opendias.datacube import open_cube
    from opendias.config import get_settings
    from opendias.operations.regrid import regrid
    from opendias.operations.subset import check_size, subset_cube

    catalogue = load_catalogue()
    cube = open_cube(catalogue.get(inputs["dataset"]))
    ds = subset_cube(cube, datetime=inputs.get("datetime"), variables=inputs.get("variables"))
    check_size(ds, get_settings().max_job_cells, what="job's source selection")
    target = None
    if inputs.get("target_dataset"):
        target = open_cube(catalogue.get(inputs["target_dataset"]))
    resolution = inputs.get("resolution")
    out = regrid(cube, ds, method=inputs["method"], resolution=resolution,
                 bbox=inputs.get("bbox"), target=target, crs=inputs.get("crs"))
    check_size(out, get_settings().max_job_cells, what="job")
    return cube, out


def check_regrid(inputs: dict) -> None:
    _regridded(inputs)


def run_regrid(inputs: dict, ctx) -> dict:
    from opendias.operations import formats
    from opendias.operations.subset import count_cells

    ctx.progress(8, "Preparing the target grid", force=True)
    cube, out = _regridded(inputs)
    out = formats.provenance(out, _request_text("regrid", inputs))
    fmt = inputs["format"]
    name = f"{cube.id}-regrid{SUFFIXES[fmt]}"
    ctx.progress(10, f"Regridding and writing {fmt}", force=True)
    formats.write_output(cube, out, fmt, ctx.workdir / name)
    ctx.media_types[name] = REGRID_FORMATS[fmt]
    return {"cells": count_cells(out), "dataset": cube.id, "format": fmt}


OPERATION = Operation(
    id="regrid",
    title="Regrid a dataset",
    description="Regrid variables of a dataset to a regular grid (resolution and extent, "
                "lon/lat or a projected CRS) or to the grid of another dataset: bilinear "
                "(CDO remapbil), nearest (remapnn) or first-order conservative (remapcon).",
    keywords=["regrid", "interpolation", "remap", "conservative"],
    inputs=[
        Input("dataset", "Dataset", "Identifier of the dataset to regrid.", _dataset_schema,
              required=True),
        Input("variables", "Variables", "Variables to regrid (all when left out).",
              {"type": "array", "items": {"type": "string"}, "minItems": 1}),
        Input("datetime", "Period", "ISO 8601 instant or interval start/end of the time "
              "steps to regrid.", {"type": "string"}),
        Input("method", "Method", "bilinear, nearest or conservative (area-weighted, for "
              "fluxes; lon/lat grids only).",
              {"type": "string", "enum": ["bilinear", "nearest", "conservative"]},
              default="bilinear"),
        Input("resolution", "Resolution", "Cell size of the target grid: one number, or "
              "dx,dy; degrees for lon/lat, the CRS's units otherwise.",
              {"type": "array", "items": {"type": "number"}, "minItems": 1, "maxItems": 2}),
        Input("bbox", "Target extent", "west, south, east, north of the target grid (cell "
              "edges), in lon/lat or in crs; the source's extent when left out.",
              {"type": "array", "items": {"type": "number"}, "minItems": 4, "maxItems": 4}),
        Input("crs", "Target CRS", "EPSG code or OGC URI of a projected target grid; "
              "lon/lat when left out.", {"type": "string"}),
        Input("target_dataset", "Target dataset", "Regrid to the grid of this dataset "
              "(instead of resolution/bbox/crs).", _dataset_schema),
        Input("format", "Output format", "File format of the result.",
              {"type": "string", "enum": list(REGRID_FORMATS)}, default="netcdf"),
    ],
    outputs=[Output("result", "Result file", "Link to the regridded file (href, media type,"
                    " size in bytes).", REGRID_FORMATS)],
    run=run_regrid,
    check=check_regrid,
    example={"inputs": {"dataset": "med-sst-l4", "variables": ["analysed_sst"],
                        "datetime": "2016-03-01", "method": "bilinear",
                        "resolution": [0.25], "bbox": [5, 38, 10, 42]}},
)
