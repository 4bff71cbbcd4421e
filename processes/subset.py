"""The subset operation (opendias.operations.subset) described once: cut a region, a
period, variables and a depth range out of a dataset, as a file."""

from __future__ import annotations

from opendias.errors import InvalidParameter
from processes.model import (BOX, POLYGON, STEPS, Input, Operation, dataset_input,
                             file_output, format_input, period_input, variables_input)
from processes.running import FORMATS, Built, FileResult, check_job_size, open_dataset


def select_subset(inputs: dict) -> Built:
    """The lazy selection of subset inputs (what the job reads is what it writes); raises
    OpendiasError."""
    from opendias.operations.subset import (mask_geometry, select_steps, select_subsets,
                                            subset_cube)
    from opendias.params import parse_geometry

    cube = open_dataset(inputs["dataset"])
    ds = subset_cube(cube, bbox=inputs.get("bbox"), bbox_crs=inputs.get("bbox_crs"),
                     datetime=inputs.get("datetime"), variables=inputs.get("variables"))
    if inputs.get("steps"):
        ds = select_steps(cube, ds, inputs["steps"])
    depth = inputs.get("depth")
    if depth:
        if cube.z is None:
            raise InvalidParameter(f"dataset {cube.id!r} has no depth axis: leave depth out",
                                   parameter="depth")
        lo, hi = depth
        ds = select_subsets(cube, ds, {cube.z: (str(lo), str(hi))})
    if inputs.get("polygon"):
        ds = mask_geometry(cube, ds, parse_geometry(inputs["polygon"], parameter="polygon"))
    check_job_size(ds)
    if inputs.get("format") == "grib":  # refused before the job, not by its writer
        from opendias.operations.grib import check_grib

        check_grib(cube, ds)
    return Built(cube, ds, ds)


RUN = FileResult("subset", select_subset, name="subset", preparing="Selecting the data",
                 writing="Writing")


SUBSET = Operation(
    id="subset",
    title="Subset a dataset",
    description="Cut a region (bounding box or polygon), a period, variables and a depth "
                "range out of a dataset of the catalogue and get it as a file: NetCDF (CF, "
                "the source's packing kept), GeoTIFF (one band per time step), CSV, a "
                "zipped Zarr store or GRIB 2 (lon/lat grids of ECMWF parameters).",
    keywords=["subset", "clip", "download", "Copernicus"],
    inputs=[
        dataset_input("Identifier of a dataset (collection) of the catalogue."),
        Input("bbox", "Bounding box", "minx, miny, maxx, maxy in bbox_crs (CRS84 longitude, "
              "latitude by default); a west edge greater than the east edge crosses the "
              "antimeridian.", BOX),
        Input("bbox_crs", "CRS of the bounding box", "EPSG code or OGC CRS URI of bbox; "
              "CRS84 when left out.", {"type": "string"}),
        Input("polygon", "Polygon", "Only the cells whose centre lies inside this polygon "
              "(WKT or GeoJSON, CRS84 longitude/latitude); others are set missing.", POLYGON),
        period_input("ISO 8601 instant or interval start/end (open ends as ..), e.g. "
                     "2016-03-01/2016-03-03."),
        Input("steps", "Time steps", "Exactly the time steps whose year, month, day and time "
              "of day are among those given: an object of lists, e.g. {\"year\": [2020], "
              "\"month\": [1], \"day\": [1, 15], \"time\": [\"00:00\", \"12:00\"]} (a "
              "field left out matches every step; with datetime, within that period too).",
              STEPS),
        variables_input("Variables to keep (all when left out)."),
        Input("depth", "Depth range", "minimum and maximum depth (in the dataset's vertical "
              "units) of the levels to keep.",
              {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2}),
        format_input(FORMATS),
    ],
    outputs=[file_output(FORMATS, "Link to the file cut out of the dataset (href, media type, "
                                  "size in bytes).")],
    run=RUN,
    check=RUN.check,
    example={"inputs": {"dataset": "med-sst-l4", "bbox": [5, 38, 10, 42],
                        "datetime": "2016-03-01/2016-03-02", "variables": ["analysed_sst"],
                        "format": "netcdf"}},
)
