"""The Zarr front (issue 11, section 3): `xr.open_zarr("http://host/zarr/<id>")` over fsspec
HTTP against gunicorn reads the consolidated metadata, then only the chunks a selection
touches (counted on the client's own HTTP session), with the source's encoding, and the
values are the file's."""

from __future__ import annotations

import json

import numpy as np
import pytest
import xarray as xr

SST = "SST_MED_SST_L4_REP_OBSERVATIONS_010_021.nc"


def _open(url: str, seen: list[str]) -> xr.Dataset:
    """xr.open_zarr over fsspec HTTP, every GET it sends recorded in `seen`."""
    import aiohttp

    async def on_start(_session, _ctx, params):
        seen.append(params.url.path)

    trace = aiohttp.TraceConfig()
    trace.on_request_start.append(on_start)
    return xr.open_zarr(url, consolidated=True, zarr_format=2, storage_options={
        "client_kwargs": {"trace_configs": [trace]}})


def test_open_zarr_reads_only_the_chunks_of_a_box(live_server, data_dir):
    seen: list[str] = []
    ds = _open(f"{live_server.url}/zarr/med-sst-l4", seen)
    src = xr.open_dataset(data_dir / SST, mask_and_scale=False)
    assert set(ds.data_vars) == {"analysed_sst", "analysis_error"}
    var = ds["analysed_sst"]
    # the source's encoding: int16 packed, its fill value, zlib with HDF5's shuffle
    assert var.encoding["dtype"] == np.dtype("int16")
    assert var.encoding["scale_factor"] == pytest.approx(0.01)
    assert var.encoding["add_offset"] == pytest.approx(273.15)
    assert var.encoding["_FillValue"] == -32768
    assert var.encoding["chunks"] == (1, 379, 1306)
    codecs = [getattr(c, "codec_id", None) for c in (*var.encoding.get("filters", ()),
                                                     *var.encoding["compressors"])]
    assert codecs[-1] == "zlib" and "shuffle" in codecs, codecs
    assert ds.attrs["title"] == src.attrs["title"]
    np.testing.assert_array_equal(ds["time"].values, xr.open_dataset(data_dir / SST)
                                  ["time"].values)
    metadata = [p for p in seen if p.rsplit("/", 1)[-1].startswith(".")]
    before = len(seen)
    box = var.sel(lon=slice(12, 14), lat=slice(40, 42), time=slice("2016-03-02", "2016-03-03"))
    values = box.values
    chunks = sorted(p.rsplit("/zarr/med-sst-l4/", 1)[1] for p in seen[before:])
    assert chunks == ["analysed_sst/1.0.0", "analysed_sst/2.0.0"]  # two days, one chunk each
    assert len(metadata) <= 3  # the consolidated metadata, read once (plus zarr's probes)
    expected = xr.open_dataset(data_dir / SST)["analysed_sst"].sel(
        lon=slice(12, 14), lat=slice(40, 42), time=slice("2016-03-02", "2016-03-03"))
    assert values.shape == expected.shape and np.isfinite(values).any()
    # decoded in float64 from the JSON scale factor: the same as the file's float32 to 1e-4
    np.testing.assert_allclose(values, expected.values, atol=1e-4, equal_nan=True)
    stored = xr.open_zarr(f"{live_server.url}/zarr/med-sst-l4", zarr_format=2,
                          mask_and_scale=False)["analysed_sst"]
    np.testing.assert_array_equal(stored.isel(time=1).values,
                                  src["analysed_sst"].isel(time=1).values)


@pytest.mark.parametrize("dataset", ["med-physics", "clms-ndvi-italy", "cams-europe-pm2p5",
                                     "era5-single-levels", "real-cmems-ibi-thetao",
                                     "real-era5-grib"])
def test_every_dataset_reads_back_as_its_cube(client, dataset):
    """Every key through the WSGI application, read by zarr from a dict: the values, dims and
    coordinates of the cube (as the coverage front sees them)."""
    import zarr.core.buffer
    from zarr.storage import MemoryStore

    from opendias.catalogue import load_catalogue
    from opendias.datacube import open_cube

    cube = open_cube(load_catalogue().get(dataset))
    resp = client.get(f"/zarr/{dataset}/.zmetadata")
    assert resp.status_code == 200, resp.get_data(as_text=True)
    keys = {".zmetadata": resp.data}
    for key, doc in json.loads(resp.data)["metadata"].items():
        keys[key] = json.dumps(doc).encode()
        if key.endswith("/.zarray"):
            name = key[:-len("/.zarray")]
            grid = [-(-n // c) for n, c in zip(doc["shape"], doc["chunks"])]
            for index in np.ndindex(*grid) if grid else [()]:
                chunk = ".".join(map(str, index)) or "0"
                got = client.get(f"/zarr/{dataset}/{name}/{chunk}")
                assert got.status_code == 200, (name, chunk)
                keys[f"{name}/{chunk}"] = got.data
    store = MemoryStore({k: zarr.core.buffer.cpu.Buffer.from_bytes(v) for k, v in keys.items()})
    ds = xr.open_zarr(store, zarr_format=2, consolidated=True)
    for name in cube.variables:
        assert ds[name].dims == cube.ds[name].dims
        np.testing.assert_allclose(ds[name].values, cube.ds[name].values, rtol=1e-6,
                                   atol=1e-6, equal_nan=True)
    for name in (cube.x, cube.y, cube.t):
        if name:
            np.testing.assert_array_equal(ds[name].values, cube.ds[name].values)


def test_absent_keys_are_404_and_unknown_datasets_too(client):
    for path in ("/zarr/med-sst-l4/analysed_sst/9.0.0", "/zarr/med-sst-l4/analysed_sst/0.0",
                 "/zarr/med-sst-l4/nothing/.zarray", "/zarr/med-sst-l4/zarr.json",
                 "/zarr/med-sst-l4/analysed_sst/x.y.z", "/zarr/no-such-dataset/.zmetadata"):
        resp = client.get(path)
        assert resp.status_code == 404, path
        assert resp.get_json()["status"] == 404
    assert client.get("/zarr/med-sst-l4/.zgroup").get_json() == {"zarr_format": 2}


def test_zarr_needs_what_a_coverage_needs(client, monkeypatch):
    """Without credentials, when anonymous requests may only browse: 401 naming subset, as a
    coverage."""
    monkeypatch.setenv("OPENDIAS_ANONYMOUS", "catalogue,maps")
    zarr_resp = client.get("/zarr/med-sst-l4/analysed_sst/0.0.0")
    coverage = client.get("/collections/med-sst-l4/coverage?f=netcdf")
    assert zarr_resp.status_code == coverage.status_code == 401
    assert zarr_resp.get_json()["detail"] == coverage.get_json()["detail"]
    assert client.get("/zarr/med-sst-l4/.zmetadata").status_code == 401
