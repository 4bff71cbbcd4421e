"""Datasets on object storage: a real S3 server (SeaweedFS, tests/s3_server.py), the sample
data written there by `opendias sample-data --to s3://...` (Zarr), and catalogue entries
whose sources are `s3://` URLs: a Zarr store, a NetCDF object, a glob of NetCDF objects, a
GeoTIFF object. The
subset, regrid and statistics of each equal those of the same local file; a subset reads
only the chunks it needs (the GET requests the server answered); bad credentials and an
unknown object are a dataset that is unavailable, saying why."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
BUCKET = "opendias-data"
SST_FILE = "SST_MED_SST_L4_REP_OBSERVATIONS_010_021"


def _entry(base: dict, new_id: str, source: dict) -> dict:
    return {**base, "id": new_id, "source": source, "cds_name": ""}


@pytest.fixture(scope="module")
def s3_catalogue(s3_server, data_dir, tmp_path_factory):
    """The test catalogue plus S3 copies of the SST (Zarr), the physics (a NetCDF object)
    and the NDVI GeoTIFF; the service's environment pointed at the S3 server."""
    s3_server.bucket(BUCKET)
    env = {**os.environ, **s3_server.env()}
    done = subprocess.run([sys.executable, "-m", "opendias.cli", "sample-data", "--out",
                           str(data_dir), "--to", f"s3://{BUCKET}/sample"], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    fs = s3_server.filesystem()
    assert fs.exists(f"{BUCKET}/sample/{SST_FILE}.zarr/.zmetadata")
    fs.put_file(str(data_dir / "MEDSEA_MULTIYEAR_PHY_006_004_daily.nc"),
                f"{BUCKET}/nc/physics.nc")
    for day in sorted((data_dir / "cams-europe-air-quality").glob("*.nc")):
        fs.put_file(str(day), f"{BUCKET}/cams/{day.name}")
    raw = yaml.safe_load(Path(os.environ["OPENDIAS_CATALOGUE"]).read_text())
    by_id = {d["id"]: d for d in raw["datasets"]}
    raw["datasets"] += [
        _entry(by_id["med-sst-l4"], "s3-sst", {"zarr": f"s3://{BUCKET}/sample/{SST_FILE}.zarr"}),
        _entry(by_id["med-physics"], "s3-physics", {"path": f"s3://{BUCKET}/nc/physics.nc"}),
        _entry(by_id["cams-europe-pm2p5"], "s3-cams", {
            "glob": f"s3://{BUCKET}/cams/cams_europe_pm2p5_analysis_*.nc"}),
        _entry(by_id["clms-ndvi-italy"], "s3-ndvi", {
            "path": f"s3://{BUCKET}/sample/c_gls_NDVI300_202006010000_IT_synthetic.tif",
            "format": "geotiff"}),
        # its own credentials, wrong ones: unavailable whatever the service's are
        _entry(by_id["med-sst-l4"], "s3-sst-bad-key", {
            "zarr": f"s3://{BUCKET}/sample/{SST_FILE}.zarr",
            "s3": {"key": "nobody", "secret": "wrong"}}),
        _entry(by_id["med-sst-l4"], "s3-missing", {"zarr": f"s3://{BUCKET}/no/such.zarr"}),
    ]
    path = tmp_path_factory.mktemp("s3cat") / "catalogue.yml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False))
    with pytest.MonkeyPatch.context() as mp:
        for key, value in {**s3_server.env(), "OPENDIAS_CATALOGUE": str(path)}.items():
            mp.setenv(key, value)
        yield path


def _built(process_id: str, data: dict):
    from processes.registry import get_operation

    op = get_operation(process_id)
    return op.run.build(op.validate(data)).result.compute()


CASES = [
    ("subset", {"bbox": [5, 38, 10, 42], "datetime": "2016-03-01/2016-03-02",
                "variables": ["analysed_sst"]}),
    ("regrid", {"bbox": [5, 38, 10, 42], "datetime": "2016-03-01", "resolution": [0.5],
                "variables": ["analysed_sst"]}),
    ("statistics", {"bbox": [5, 38, 10, 42], "kind": "spatial", "stats": ["max", "mean"],
                    "variables": ["analysed_sst"]}),
]


@pytest.mark.parametrize("process_id, inputs", CASES, ids=[c[0] for c in CASES])
def test_zarr_on_s3_equals_local_file(s3_catalogue, process_id, inputs):
    local = _built(process_id, {**inputs, "dataset": "med-sst-l4"})
    remote = _built(process_id, {**inputs, "dataset": "s3-sst"})
    assert set(local.data_vars) == set(remote.data_vars) and local.data_vars
    for name in local.data_vars:
        assert remote[name].shape == local[name].shape
        assert int(local[name].notnull().sum()) >= 6  # a time series: 6 days
        np.testing.assert_array_equal(remote[name].values, local[name].values)


def test_a_subset_reads_only_the_chunks_it_needs(s3_catalogue, s3_server):
    from opendias.catalogue import load_catalogue
    from opendias.datacube import open_cube

    cube = open_cube(load_catalogue().get("s3-sst"))
    assert cube.ds["analysed_sst"].encoding["chunks"][0] == 1  # one day a chunk, as the file
    days = cube.ds.sizes["time"]
    before = s3_server.requests("GET", BUCKET, code="200")
    one_day = cube.ds["analysed_sst"].sel(time="2016-03-02", lon=slice(5, 10)).compute()
    per_day = s3_server.requests("GET", BUCKET, code="200") - before
    before = s3_server.requests("GET", BUCKET, code="200")
    cube.ds["analysed_sst"].compute()
    every_day = s3_server.requests("GET", BUCKET, code="200") - before
    assert int(one_day.notnull().sum()) > 100
    assert 1 <= per_day <= 2 and every_day == per_day * days, (per_day, every_day, days)


def test_netcdf_geotiff_and_glob_objects_equal_local_files(s3_catalogue):
    from opendias.catalogue import load_catalogue
    from opendias.datacube import open_cube

    catalogue = load_catalogue()
    for remote_id, local_id in (("s3-physics", "med-physics"), ("s3-ndvi", "clms-ndvi-italy"),
                                ("s3-cams", "cams-europe-pm2p5")):
        remote, local = open_cube(catalogue.get(remote_id)), open_cube(catalogue.get(local_id))
        assert remote.variables == local.variables and remote.crs == local.crs
        assert remote.ds.sizes == local.ds.sizes  # a glob: every day's object
        name = local.variables[0]
        nx, ny = local.ds.sizes[local.x] // 2, local.ds.sizes[local.y] // 2
        window = {local.x: slice(nx - 20, nx + 20), local.y: slice(ny - 15, ny + 15)}
        got, want = remote.ds[name].isel(window), local.ds[name].isel(window)
        assert int(want.notnull().sum()) > 100
        np.testing.assert_array_equal(got.values, want.values)
    # the packed values of a NetCDF object, as the file stores them
    packed = open_cube(catalogue.get("s3-physics")).packed
    assert packed is not None and packed["thetao"].dtype == np.float32


def test_unavailable_objects_say_why(s3_catalogue):
    from opendias.catalogue import load_catalogue
    from opendias.datacube import open_cube
    from opendias.errors import DatasetUnavailable

    catalogue = load_catalogue()
    with pytest.raises(DatasetUnavailable, match="s3-missing.*no files at s3://"):
        open_cube(catalogue.get("s3-missing"))
    with pytest.raises(DatasetUnavailable, match="s3-sst-bad-key.*object storage"):
        open_cube(catalogue.get("s3-sst-bad-key"))
