"""The statistics operations (opendias.operations.statistics, .temporal) described once,
published to OGC API - Processes and WPS (see processes.registry):

- `statistics`: spatial (area-weighted time series over a box or polygon), temporal
  (resampled to days/months/seasons/years), climatology, anomalies -> NetCDF/Zarr (or CSV
  for a spatial time series)
- `zonal-statistics`: one row per feature of a GeoJSON FeatureCollection -> CSV
"""

from __future__ import annotations

from opendias.errors import InvalidParameter
from processes.model import (BOX, NAMES, POLYGON, Input, Operation, dataset_input, file_output,
                             format_input, period_input, variables_input)
from processes.running import Built, FileResult, formats_of, job_source, licences

STAT_FORMATS = formats_of("netcdf", "zarr-zip", "csv")
KINDS = ["spatial", "temporal", "climatology", "anomalies"]


def _common_inputs() -> list[Input]:
    return [
        dataset_input("Identifier of a dataset of the catalogue."),
        variables_input("Variables to compute on (all when left out)."),
        period_input("ISO 8601 instant or interval start/end of the time steps to use."),
    ]


def computed_statistics(inputs: dict) -> Built:
    """The lazy statistics of statistics inputs; raises OpendiasError."""
    from opendias.operations import statistics as st
    from opendias.operations import temporal

    kind = inputs["kind"]
    if kind != "spatial" and inputs["format"] == "csv":
        raise InvalidParameter("CSV output is for spatial statistics (a time series); use "
                               "netcdf or zarr-zip", parameter="format")
    if kind == "spatial":
        cube, ds = job_source(inputs)
        out = st.spatial_statistics(cube, ds, stats=inputs["stats"], bbox=inputs.get("bbox"),
                                    geometry=inputs.get("polygon"))
    else:
        if inputs.get("polygon"):
            raise InvalidParameter("polygon is for spatial statistics; use bbox to choose "
                                   "the region of temporal statistics", parameter="polygon")
        cube, ds = job_source(inputs, bbox=True)
        stat = (inputs["stats"] or ["mean"])[0]
        if kind == "temporal":
            out = temporal.temporal_statistics(cube, ds, frequency=inputs["frequency"], stat=stat)
        elif kind == "climatology":
            out = temporal.climatology(cube, ds, reference=inputs["reference"],
                                 frequency=inputs["frequency"], stat=stat)
        else:
            out = temporal.anomalies(cube, ds, reference=inputs["reference"],
                               frequency=inputs["frequency"])
    return Built(cube, out, ds)


RUN = FileResult("statistics", computed_statistics, name="{kind}-statistics",
                 preparing="Preparing the computation", writing="Computing and writing")


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
              "sum, std.", NAMES, default=["mean"]),
        Input("bbox", "Region", "west, south, east, north in CRS84 of the cells to use.", BOX),
        Input("polygon", "Polygon", "Spatial statistics over the cells whose centre lies "
              "inside this polygon (WKT or GeoJSON, CRS84).", POLYGON),
        Input("frequency", "Frequency", "Periods of temporal statistics, climatologies and "
              "anomalies.", {"type": "string", "enum": ["day", "month", "season", "year"]},
              default="month"),
        Input("reference", "Reference period", "start/end of the climatology's reference "
              "period.", {"type": "string"}, default="1991-01-01/2020-12-31"),
        format_input(STAT_FORMATS, "File format of the result (CSV: spatial only)."),
    ],
    outputs=[file_output(STAT_FORMATS, "Link to the statistics file (href, media type, size "
                                       "in bytes).")],
    run=RUN,
    check=RUN.check,
    example={"inputs": {"dataset": "med-sst-l4", "variables": ["analysed_sst"],
                        "kind": "spatial", "stats": ["mean", "max"],
                        "bbox": [5, 38, 10, 42], "format": "csv"}},
)


def check_zonal(inputs: dict) -> Built:
    from opendias.operations.sizes import CSV_NUMBER_BYTES, CSV_TIME_BYTES
    from opendias.params import parse_features

    cube, ds = job_source(inputs)
    features = parse_features(inputs["features"])
    steps = ds.sizes[cube.t] if cube.t and cube.t in ds.dims else 1
    row = CSV_TIME_BYTES + CSV_NUMBER_BYTES * (1 + len(ds.data_vars) * len(inputs["stats"]))
    return Built(cube, None, ds, result_bytes=len(features) * steps * row)


def run_zonal(inputs: dict, ctx) -> dict:
    from opendias.operations.statistics import zonal_statistics
    from opendias.params import ISO_SECONDS

    ctx.progress(8, "Selecting the data", force=True)
    cube, ds = job_source(inputs)
    ctx.progress(10, "Computing statistics per feature", force=True)
    table = zonal_statistics(cube, ds, inputs["features"], stats=inputs["stats"])
    name = f"{cube.id}-zonal-statistics.csv"
    tmp = ctx.workdir / f".{name}.part"
    table.to_csv(tmp, index=False, float_format="%.8g", date_format=ISO_SECONDS)
    tmp.rename(ctx.workdir / name)
    ctx.media_types[name] = "text/csv"
    return {"rows": int(len(table)), "dataset": cube.id, "format": "csv",
            "licences": licences(inputs)}


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
              NAMES, default=["mean"]),
    ],
    outputs=[file_output({"csv": "text/csv"}, "Link to the CSV table.", title="Result table")],
    run=run_zonal,
    check=check_zonal,
)

OPERATIONS = [OPERATION, ZONAL]
