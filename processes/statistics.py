"""The statistics operations (opendias.operations.statistics) described once, published by
processes.definitions to OGC API - Processes and WPS:

- `statistics`: spatial (area-weighted time series over a box or polygon), temporal
  (resampled to days/months/seasons/years), climatology, anomalies -> NetCDF/Zarr (or CSV
  for a spatial time series)
- `zonal-statistics`: one row per feature of a GeoJSON FeatureCollection -> CSV
"""

from __future__ import annotations

from opendias.errors import InvalidParameter
from processes.definitions import (FORMATS, SUFFIXES, Input, Operation, Output,
                                   _dataset_schema, _request_text)

STAT_FORMATS = {k: FORMATS[k] for k in ("netcdf", "zarr-zip", "csv")}
KINDS = ["spatial", "temporal", "climatology", "anomalies"]


def _common_inputs() -> list[Input]:
    return [
        Input("dataset", "Dataset", "Identifier of a dataset of the catalogue.",
              _dataset_schema, required=True),
        Input("variables", "Variables", "Variables to compute on (all when left out).",
              {"type": "array", "items": {"type": "string"}, "minItems": 1}),
        Input("datetime", "Period", "ISO 8601 instant or interval start/end of the time "
              "steps to use.", {"type": "string"}),
    ]


def _source(inputs: dict, with_bbox: bool = False):
    from opendias.catalogue import load_catalogue
    from opendias.datacube import open_cube
    from opendias.config import get_settings
    from opendias.operations.subset import check_size, subset_cube

    cube = open_cube(load_catalogue().get(inputs["dataset"]))
    ds = subset_cube(cube, datetime=inputs.get("datetime"), variables=inputs.get("variables"),
                     bbox=inputs.get("bbox") if with_bbox else None)
    check_size(ds, get_settings().max_job_cells, what="job's source selection")
    return cube, ds


def _statistics(inputs: dict):
    from opendias.operations import statistics as st

    kind = inputs["kind"]
    if kind != "spatial" and inputs["format"] == "csv":
        raise InvalidParameter("CSV output is for spatial statistics (a time series); use "
                               "netcdf or zarr-zip", parameter="format")
    if kind == "spatial":
        cube, ds = _source(inputs)
        out = st.spatial_statistics(cube, ds, stats=inputs["stats"], bbox=inputs.get("bbox"),
                                    geometry=inputs.get("polygon"))
    else:
        if inputs.get("polygon"):
            raise InvalidParameter("polygon is for spatial statistics; use bbox to choose "
                                   "the region of temporal statistics", parameter="polygon")
        cube, ds = _source(inputs, with_bbox=True)
        stat = (inputs["stats"] or ["mean"])[0]
        if kind == "temporal":
            out = st.temporal_statistics(cube, ds, frequency=inputs["frequency"], stat=stat)
        elif kind == "climatology":
            out = st.climatology(cube, ds, reference=inputs["reference"],
                                 frequency=inputs["frequency"], stat=stat)
        else:
            out = st.anomalies(cube, ds, reference=inputs["reference"],
                               frequency=inputs["frequency"])
    return cube, out


def check_statistics(inputs: dict) -> None:
    _statistics(inputs)


def run_statistics(inputs: dict, ctx) -> dict:
    from opendias.operations import formats
    from opendias.operations.subset import count_cells

    ctx.progress(8, "Preparing the computation", force=True)
    cube, out = _statistics(inputs)
    out = formats.provenance(out, _request_text("statistics", inputs))
    fmt = inputs["format"]
    name = f"{cube.id}-{inputs['kind']}-statistics{SUFFIXES[fmt]}"
    path = ctx.workdir / name
    ctx.progress(10, f"Computing and writing {fmt}", force=True)
    formats.write_output(cube, out, fmt, path)
    ctx.media_types[name] = STAT_FORMATS[fmt]
    return {"cells": count_cells(out), "dataset": cube.id, "format": fmt}


OPERATION = Operation(
    id="statistics",
    title="Statistics of a dataset",
    description="Area-weighted spatial statistics per time step over a box or polygon "
                "(as CDO fldmean/fldstd/...), temporal statistics per day, month, season "
                "or year (daymean/monmean/seasmean/yearmean), a climatology over a "
                "reference period (ymonmean/yseasmean/ydaymean), or anomalies against it.",
    keywords=["statistics", "time series", "climatology", "anomalies", "CDO"],
    inputs=_common_inputs() + [
        Input("kind", "Kind of statistics", "spatial (a time series over the region), "
              "temporal (resampled), climatology, anomalies.",
              {"type": "string", "enum": KINDS}, default="spatial"),
        Input("stats", "Statistics", "spatial: mean, min, max, std, sum, median, count, "
              "percentiles p5..p99.9; temporal/climatology: the first of mean, min, max, "
              "sum, std.", {"type": "array", "items": {"type": "string"}, "minItems": 1},
              default=["mean"]),
        Input("bbox", "Region", "west, south, east, north in CRS84 of the cells to use.",
              {"type": "array", "items": {"type": "number"}, "minItems": 4, "maxItems": 4}),
        Input("polygon", "Polygon", "Spatial statistics over the cells whose centre lies "
              "inside this polygon (WKT or GeoJSON, CRS84).",
              {"oneOf": [{"type": "string"}, {"type": "object"}]}),
        Input("frequency", "Frequency", "Periods of temporal statistics, climatologies and "
              "anomalies.", {"type": "string", "enum": ["day", "month", "season", "year"]},
              default="month"),
        Input("reference", "Reference period", "start/end of the climatology's reference "
              "period.", {"type": "string"}, default="1991-01-01/2020-12-31"),
        Input("format", "Output format", "File format of the result (CSV: spatial only).",
              {"type": "string", "enum": list(STAT_FORMATS)}, default="netcdf"),
    ],
    outputs=[Output("result", "Result file", "Link to the statistics file (href, media "
                    "type, size in bytes).", STAT_FORMATS)],
    run=run_statistics,
    check=check_statistics,
    example={"inputs": {"dataset": "med-sst-l4", "variables": ["analysed_sst"],
                        "kind": "spatial", "stats": ["mean", "max"],
                        "bbox": [5, 38, 10, 42], "format": "csv"}},
)


def check_zonal(inputs: dict) -> None:
    from opendias.operations.statistics import _features

    _source(inputs)
    _features(inputs["features"])


def run_zonal(inputs: dict, ctx) -> dict:
    from opendias.operations.statistics import zonal_statistics

    ctx.progress(8, "Selecting the data", force=True)
    cube, ds = _source(inputs)
    ctx.progress(10, "Computing statistics per feature", force=True)
    table = zonal_statistics(cube, ds, inputs["features"], stats=inputs["stats"])
    name = f"{cube.id}-zonal-statistics.csv"
    tmp = ctx.workdir / f".{name}.part"
    table.to_csv(tmp, index=False, float_format="%.8g", date_format="%Y-%m-%dT%H:%M:%SZ")
    tmp.rename(ctx.workdir / name)
    ctx.media_types[name] = "text/csv"
    return {"rows": int(len(table)), "dataset": cube.id, "format": "csv"}


ZONAL = Operation(
    id="zonal-statistics",
    title="Zonal statistics",
    description="Area-weighted statistics of a dataset inside each polygon of a GeoJSON "
                "FeatureCollection, per time step: a CSV table, one row per feature and "
                "time step.",
    keywords=["statistics", "zonal", "polygons"],
    inputs=_common_inputs() + [
        Input("features", "Features", "GeoJSON FeatureCollection (or list of Features) of "
              "polygons in CRS84.", {"oneOf": [{"type": "string"}, {"type": "object"},
                                                {"type": "array"}]}, required=True),
        Input("stats", "Statistics", "mean, min, max, std, sum, median, count, p5..p99.9.",
              {"type": "array", "items": {"type": "string"}, "minItems": 1},
              default=["mean"]),
    ],
    outputs=[Output("result", "Result table", "Link to the CSV table.", {"csv": "text/csv"})],
    run=run_zonal,
    check=check_zonal,
)

OPERATIONS = [OPERATION, ZONAL]
