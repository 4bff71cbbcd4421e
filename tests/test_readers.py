"""The reader registry: a new input format is one function and one registration, accepted by
the catalogue and opened by the datacube like the built-in ones."""

from __future__ import annotations

import dask
import numpy as np
import pandas as pd
import pytest
import xarray as xr
import yaml

from opendias import readers
from opendias.catalogue import FORMATS, Catalogue, CatalogueError, DatasetEntry
from opendias.datacube import DASK_CHUNK_SIZE, open_cube
from opendias.errors import DatasetUnavailable
from opendias.operations.subset import subset_cube

SST = "SST_MED_SST_L4_REP_OBSERVATIONS_010_021.nc"


@pytest.fixture
def registry():
    """The registry, restored after the test (readers registered here do not leak)."""
    saved = dict(readers.READERS)
    yield readers
    readers.READERS.clear()
    readers.READERS.update(saved)


def _write_npz_grid(path):
    """A tiny format of the test's own: a .npz of lon, lat, ISO times and one field."""
    lon = np.arange(10.0, 12.0, 0.5)
    lat = np.arange(40.0, 41.5, 0.5)
    times = np.array(["2020-01-01T00:00", "2020-01-02T00:00"])
    field = np.arange(2 * lat.size * lon.size, dtype="float32").reshape(2, lat.size, lon.size)
    np.savez(path, lon=lon, lat=lat, time=times, chl=field)
    return field


def _catalogue(tmp_path, source):
    path = tmp_path / "catalogue.yml"
    path.write_text(yaml.safe_dump({"datasets": [
        {"id": f"test-{source.get('format', 'netcdf')}", "dataset_id": "EO:TEST",
         "title": "A test dataset", "abstract": "Opened by a test's reader.",
         "service": "TEST", "source": source}]}))
    return Catalogue.from_file(path, tmp_path)


def test_a_new_format_is_one_function_and_one_registration(registry, tmp_path):
    field = _write_npz_grid(tmp_path / "grid.npz")
    chunk_sizes = []

    @registry.register_reader("npz-grid")
    def open_npz_grid(entry, files, mask_and_scale):
        chunk_sizes.append(dask.config.get("array.chunk-size"))
        with np.load(files[0]) as npz:
            ds = xr.Dataset(
                {"chl": (("time", "lat", "lon"), npz["chl"],
                         {"units": "mg m-3", "long_name": "chlorophyll"})},
                coords={"time": pd.to_datetime(npz["time"]),
                        "lon": ("lon", npz["lon"], {"units": "degrees_east"}),
                        "lat": ("lat", npz["lat"], {"units": "degrees_north"})})
        return ds.chunk("auto")

    assert "npz-grid" in FORMATS
    entry = _catalogue(tmp_path, {"path": "grid.npz", "format": "npz-grid"}).get(
        "test-npz-grid")
    cube = open_cube(entry)
    assert (cube.x, cube.y, cube.t, cube.variables) == ("lon", "lat", "time", ["chl"])
    assert chunk_sizes == [DASK_CHUNK_SIZE]  # opened inside the datacube's chunking
    assert cube.ds.chl.chunks is not None
    assert cube.packed is None  # registered without packed: always decoded
    assert open_cube(entry) is cube  # cached like every cube
    assert chunk_sizes == [DASK_CHUNK_SIZE]
    out = subset_cube(cube, bbox="10.4,40.4,11.1,41", datetime="2020-01-02")
    np.testing.assert_array_equal(out.chl.values, field[1:2, 1:3, 1:3])
    assert cube.variable_info("chl")["units"] == "mg m-3"


def test_a_second_name_for_netcdf_opens_packed(registry, tmp_path, data_dir):
    registry.register_reader("netcdf-cmems", packed=True)(readers.open_netcdf)
    entry = _catalogue(tmp_path, {"path": str(data_dir / SST), "format": "netcdf-cmems"}).get(
        "test-netcdf-cmems")
    cube = open_cube(entry)
    assert cube.ds.analysed_sst.dtype == np.float32
    assert cube.packed.analysed_sst.dtype == np.int16  # mask_and_scale=False reached it
    with xr.open_dataset(data_dir / SST) as src:
        np.testing.assert_array_equal(cube.ds.analysed_sst.isel(time=0).values,
                                      src.analysed_sst.isel(time=0).values)


def test_an_unknown_format_is_a_clear_error_naming_the_registered_ones(registry, tmp_path):
    with pytest.raises(CatalogueError) as err:
        _catalogue(tmp_path, {"path": "x.h5", "format": "hdf4"})
    assert str(err.value) == ("dataset 'test-hdf4': no reader for format 'hdf4'; registered "
                              "formats: geotiff, grib, netcdf, zarr")
    registry.register_reader("npz-grid")(lambda entry, files, mask_and_scale: None)
    with pytest.raises(CatalogueError, match="registered formats: geotiff, grib, netcdf, "
                                             "npz-grid, zarr$"):
        _catalogue(tmp_path, {"path": "x.h5", "format": "hdf4"})

    # an entry made in code, past the catalogue's check, fails as clearly when opened
    (tmp_path / "x.h5").write_bytes(b"")
    entry = DatasetEntry(id="test-hdf4-direct", dataset_id="EO:TEST", title="t", abstract="a",
                         service="TEST", source={"path": str(tmp_path / "x.h5"),
                                                 "format": "hdf4"})
    with pytest.raises(DatasetUnavailable, match="no reader for format 'hdf4'; registered "
                                                 "formats: geotiff, grib, netcdf"):
        open_cube(entry)


def test_a_format_is_registered_once(registry):
    with pytest.raises(ValueError, match="'netcdf' is already registered.*open_netcdf"):
        registry.register_reader("netcdf")(lambda entry, files, mask_and_scale: None)
