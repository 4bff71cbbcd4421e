"""GRIB 2 output (opendias.operations.grib) of the subset operation: written for the
lon/lat reanalyses, refused before the job with a 400 naming why where GRIB cannot hold it."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from conftest import SST_JOB_INPUTS


def test_era5_subset_as_grib_reads_back(tmp_path):
    from opendias.catalogue import load_catalogue
    from opendias.datacube import open_cube
    from opendias.operations.formats import write_output
    from opendias.operations.subset import subset_cube

    cube = open_cube(load_catalogue().get("era5-single-levels"))
    ds = subset_cube(cube, bbox=[0, 40, 5, 45], variables=["t2m", "tp"],
                     datetime="2020-01-01T00:00:00Z/2020-01-01T06:00:00Z")
    path = write_output(cube, ds, "grib", tmp_path / "out.grib")
    back = xr.open_dataset(path, engine="cfgrib", backend_kwargs={"indexpath": ""})
    try:
        for name in ("t2m", "tp"):
            want = ds[name].values
            step = max((np.nanmax(want) - np.nanmin(want)) / 2 ** 16, 1e-12)
            np.testing.assert_allclose(back[name].values, want, rtol=0, atol=step)
        assert back.sizes["time"] == ds.sizes[cube.t]
    finally:
        back.close()


@pytest.mark.parametrize("inputs, words", [
    ({**SST_JOB_INPUTS, "variables": ["analysed_sst"]}, "no GRIB parameter"),
    ({"dataset": "med-physics", "bbox": [15, 38, 16, 39], "datetime": "2020-01-01T12:00:00Z"},
     "GRIB output holds one level"),
    ({"dataset": "clms-ndvi-italy", "bbox": [12.8, 41.8, 13, 42]},
     "GRIB output is for longitude/latitude grids"),
])
def test_what_grib_cannot_hold_is_refused_before_the_job(client, inputs, words):
    resp = client.post("/processes/subset/execution",
                       json={"inputs": {**inputs, "format": "grib"}})
    assert resp.status_code == 400, resp.get_data(as_text=True)
    assert words in resp.get_json()["detail"]
