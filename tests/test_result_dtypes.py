"""A job's output keeps the source's dtype unless the operation changes it: float32 sources
give float32 results (regridded by every method, spatial and temporal statistics), packed
16-bit sources (ERA5's t2m, decoded by xarray to float64) give float32, subsets keep the
source's packing; per operation and file format, with the values still those computed in
double precision."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pytest
import xarray as xr


class _Context:
    """What an operation sees of its job, without a job store."""

    def __init__(self, workdir: Path):
        self.workdir, self.media_types, self.job_id = workdir, {}, "dtypes"

    def progress(self, *args, **kwargs):
        pass

    def check_dismissed(self):
        pass


def _path_of(process_id: str, inputs: dict) -> Path:
    from processes.registry import get_operation

    op = get_operation(process_id)
    ctx = _Context(Path(tempfile.mkdtemp(prefix="opendias-dtypes-")))
    checked = op.validate(inputs)
    op.check(checked)  # what an execution checks before its job runs
    op.run(checked, ctx)
    return next(ctx.workdir.iterdir())


def _run(process_id: str, inputs: dict) -> xr.Dataset:
    """The operation's file, its variables as stored (not decoded)."""
    path = _path_of(process_id, inputs)
    if path.suffix == ".zip":
        import zarr

        return xr.open_zarr(zarr.storage.ZipStore(str(path), mode="r"), mask_and_scale=False)
    if path.suffix == ".tif":
        return xr.open_dataset(path, engine="rasterio", mask_and_scale=False)
    return xr.open_dataset(path, mask_and_scale=False)


PHYSICS = {"dataset": "med-physics", "variables": ["thetao"], "datetime": "2020-01-02"}
ERA5 = {"dataset": "era5-single-levels", "variables": ["t2m"],
        "datetime": "2020-01-01T00:00:00Z"}
CASES = [
    ("subset", {**PHYSICS}, "thetao", "float32"),
    ("subset", {"dataset": "med-sst-l4", "variables": ["analysed_sst"],
                "datetime": "2016-03-01"}, "analysed_sst", "int16"),  # packed, as stored
    *[("regrid", {**PHYSICS, "resolution": [0.5], "method": m}, "thetao", "float32")
      for m in ("bilinear", "nearest", "conservative")],
    ("regrid", {**ERA5, "resolution": [1.0], "method": "bilinear"}, "t2m", "float32"),
    ("statistics", {**PHYSICS, "datetime": None, "kind": "temporal", "stats": ["mean"]},
     "thetao", "float32"),
    ("statistics", {**PHYSICS, "kind": "spatial", "stats": ["mean", "max"]}, "thetao_mean",
     "float32"),
    ("statistics", {**ERA5, "datetime": None, "kind": "temporal", "stats": ["mean"]}, "t2m",
     "float32"),
]


@pytest.mark.parametrize("fmt", ["netcdf", "zarr-zip"])
@pytest.mark.parametrize("process_id, inputs, name, dtype", CASES)
def test_output_keeps_the_source_dtype(process_id, inputs, name, dtype, fmt):
    out = _run(process_id, {**inputs, "format": fmt})
    assert str(out[name].dtype) == dtype


@pytest.mark.parametrize("inputs, dtype", [(PHYSICS, "float32"), (ERA5, "int16")])
def test_geotiff_bands_keep_the_stored_type(inputs, dtype):
    """float32 stays float32; ERA5's packed int16 stays int16 (with its scale and offset)."""
    out = _run("subset", {**inputs, "format": "geotiff"})
    assert str(out["band_data"].dtype) == dtype


def test_float32_results_match_double_precision(data_dir):
    """The temporal mean and the regridded field in float32 equal the float64 computation to
    float32's precision."""
    from opendias.catalogue import load_catalogue
    from opendias.datacube import open_cube

    cube = open_cube(load_catalogue().get("med-physics"))
    expected = cube.ds["thetao"].astype("f8").resample({cube.t: "MS"}).mean().values
    out = xr.open_dataset(_path_of("statistics", {**PHYSICS, "datetime": None,
                                                   "kind": "temporal", "stats": ["mean"],
                                                   "format": "netcdf"}))
    assert out["thetao"].dtype == np.float32
    np.testing.assert_allclose(out["thetao"].values, expected, rtol=1e-6)
    src = cube.ds["thetao"].sel({cube.t: "2020-01-02"})
    out = xr.open_dataset(_path_of("regrid", {**PHYSICS, "resolution": [0.5],
                                              "method": "nearest", "format": "netcdf"}))
    assert out["thetao"].dtype == np.float32
    values = out["thetao"].values
    assert np.isfinite(values).any()
    assert np.isin(values[np.isfinite(values)], src.values[np.isfinite(src.values)]).all()
