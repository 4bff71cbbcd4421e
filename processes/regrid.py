"""The regrid operation (opendias.operations.regrid) described once, published to OGC API -
Processes and WPS (see processes.registry)."""

from __future__ import annotations

from processes.model import (BOX, Input, Operation, dataset_input, dataset_schema, file_output,
                             format_input, period_input, variables_input)
from processes.running import (Built, FileResult, check_job_size, formats_of, job_source,
                               open_dataset)

REGRID_FORMATS = formats_of("netcdf", "zarr-zip")


def regridded(inputs: dict) -> Built:
    """The lazy regridded dataset of regrid inputs; raises OpendiasError."""
    from opendias.operations.regrid import regrid

    cube, ds = job_source(inputs)
    target = open_dataset(inputs["target_dataset"]) if inputs.get("target_dataset") else None
    out = regrid(cube, ds, method=inputs["method"], resolution=inputs.get("resolution"),
                 bbox=inputs.get("bbox"), target=target, crs=inputs.get("crs"))
    check_job_size(out)
    return Built(cube, out, ds)


RUN = FileResult("regrid", regridded, name="regrid", preparing="Preparing the target grid",
                 writing="Regridding and writing")


OPERATION = Operation(
    id="regrid",
    title="Regrid a dataset",
    description="Regrid variables of a dataset to a regular grid (resolution and extent, "
                "lon/lat or a projected CRS) or to the grid of another dataset: bilinear "
                "(CDO remapbil), nearest (remapnn) or first-order conservative (remapcon).",
    keywords=["regrid", "interpolation", "remap", "conservative"],
    inputs=[
        dataset_input("Identifier of the dataset to regrid."),
        variables_input("Variables to regrid (all when left out)."),
        period_input("ISO 8601 instant or interval start/end of the time steps to regrid."),
        Input("method", "Method", "bilinear, nearest or conservative (area-weighted, for "
              "fluxes; lon/lat grids only).",
              {"type": "string", "enum": ["bilinear", "nearest", "conservative"]},
              default="bilinear"),
        Input("resolution", "Resolution", "Cell size of the target grid: one number, or "
              "dx,dy; degrees for lon/lat, the CRS's units otherwise.",
              {"type": "array", "items": {"type": "number"}, "minItems": 1, "maxItems": 2}),
        Input("bbox", "Target extent", "west, south, east, north of the target grid (cell "
              "edges), in lon/lat or in crs; the source's extent when left out.", BOX),
        Input("crs", "Target CRS", "EPSG code or OGC URI of a projected target grid; "
              "lon/lat when left out.", {"type": "string"}),
        Input("target_dataset", "Target dataset", "Regrid to the grid of this dataset "
              "(instead of resolution/bbox/crs).", dataset_schema),
        format_input(REGRID_FORMATS),
    ],
    outputs=[file_output(REGRID_FORMATS, "Link to the regridded file (href, media type, size "
                                         "in bytes).")],
    run=RUN,
    check=RUN.check,
    example={"inputs": {"dataset": "med-sst-l4", "variables": ["analysed_sst"],
                        "datetime": "2016-03-01", "method": "bilinear",
                        "resolution": [0.25], "bbox": [5, 38, 10, 42]}},
)
