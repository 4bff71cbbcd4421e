"""Answers written as they are computed (opendias.operations.streams) and the budget that stops
a computation (opendias.operations.budget), in-process: the streamed texts equal what pandas
and json write of the whole selection at once, blocks cover a selection exactly, and a
computation stops within one task of its deadline or of its client leaving."""

from __future__ import annotations

import json
import math
import time

import dask
import numpy as np
import pytest
import xarray as xr

from opendias.catalogue import load_catalogue
from opendias.datacube import open_cube
from opendias.errors import ClientGone, TimeLimitExceeded
from opendias.operations import budget, streams
from opendias.params import ISO_SECONDS

SST = "SST_MED_SST_L4_REP_OBSERVATIONS_010_021.nc"


@pytest.fixture(autouse=True)
def _budgeted_scheduler():
    with dask.config.set(scheduler=budget.get):  # as the web application sets it
        yield


@pytest.fixture(scope="module")
def sst_cube():
    return open_cube(load_catalogue().get("med-sst-l4"))


def _pandas_csv(ds: xr.Dataset) -> str:
    """The CSV of a whole selection at once, as pandas writes it (the non-streamed way)."""
    frame = ds.compute().to_dataframe()[list(ds.data_vars)].dropna(how="all").reset_index()
    return frame.to_csv(index=False, float_format="%.8g", date_format=ISO_SECONDS)


def test_streamed_csv_is_the_text_of_the_whole_selection(sst_cube):
    ds = sst_cube.ds.isel(lon=slice(300, 600), lat=slice(150, 300))  # sea and land
    pieces = list(streams.csv_chunks(ds, block_cells=60_000))
    assert len(pieces) > 6  # cut in blocks, along time then lat
    text = "".join(pieces)
    assert text == _pandas_csv(ds)
    assert text.startswith("time,lat,lon,analysed_sst,analysis_error\n2016-03-01T00:00:00Z,")


def test_streamed_csv_keeps_rows_where_one_variable_is_missing():
    ds = xr.Dataset({"a": (("t", "y"), [[1.5, np.nan], [np.nan, np.nan]]),
                     "b": (("t", "y"), [[np.nan, 2.25], [np.nan, 1e-9]])},
                    coords={"t": np.array(["2020-01-01", "2020-01-02T06:00"],
                                          dtype="datetime64[ns]"), "y": [10, 20]})
    text = "".join(streams.csv_chunks(ds, block_cells=2))
    assert text == _pandas_csv(ds) == ("t,y,a,b\n2020-01-01T00:00:00Z,10,1.5,\n"
                                       "2020-01-01T00:00:00Z,20,,2.25\n"
                                       "2020-01-02T06:00:00Z,20,,1e-09\n")


def test_blocks_cover_a_selection_in_order_within_chunks(sst_cube):
    ds = sst_cube.ds.isel(time=slice(1, 6)).chunk({"time": 2})  # chunk starts 0, 2, 4
    dims = list(ds.dims)
    cells = 300_000
    seen = []
    for sel in streams.blocks(ds, dims, cells):
        part = ds.isel(sel)
        assert sum(v.size for v in part.data_vars.values()) <= cells
        t = sel["time"]
        assert t.stop - t.start == 1 or t.start // 2 == (t.stop - 1) // 2  # one chunk
        seen += [(int(i), j) for i in range(t.start, t.stop)
                 for j in range(sel["lat"].start, sel["lat"].stop)]
    assert seen == [(i, j) for i in range(5) for j in range(ds.sizes["lat"])]
    assert list(streams.blocks(ds, dims, 10**9)) == [{}]


def test_streamed_coveragejson_has_the_values_of_the_selection(sst_cube, data_dir):
    ds = sst_cube.ds.isel(time=slice(0, 3), lon=slice(500, 560), lat=slice(200, 240))
    pieces = list(streams.coveragejson_chunks(sst_cube, ds, block_cells=3_000))
    assert len(pieces) > 4
    doc = json.loads("".join(pieces))
    src = xr.open_dataset(data_dir / SST).isel(time=slice(0, 3), lon=slice(500, 560),
                                                 lat=slice(200, 240))
    for name in ("analysed_sst", "analysis_error"):
        rng = doc["ranges"][name]
        assert rng["axisNames"] == ["t", "y", "x"] and rng["shape"] == [3, 40, 60]
        expected = [None if not math.isfinite(v) else round(v, 7)
                    for v in src[name].values.astype("f8").ravel().tolist()]
        assert rng["values"] == expected
        assert any(v is None for v in expected) and any(v is not None for v in expected)
    assert doc["domain"]["axes"]["x"]["values"] == src.lon.values.astype("f8").tolist()
    assert doc["domain"]["axes"]["t"]["values"][0] == "2016-03-01T00:00:00Z"


def test_a_budget_stops_a_computation_at_its_deadline(sst_cube):
    ds = sst_cube.ds.chunk({"time": 1, "lat": 200})  # 12 blocks
    computed = []

    def slowly(block):
        time.sleep(0.05)
        computed.append(1)
        return block

    slow = ds.map_blocks(slowly, template=ds)
    b = budget.Budget(0.12)
    started = time.monotonic()
    with b.active(), pytest.raises(TimeLimitExceeded) as caught:
        slow.compute()
    assert time.monotonic() - started < 0.45  # not the 12 blocks of the whole
    assert b.stopped == "time_limit" and 1 <= len(computed) <= 6 and b.tasks > 0
    assert "OPENDIAS_SYNC_TIME_LIMIT" in caught.value.detail
    assert caught.value.status == 503 and caught.value.retry_after


def test_a_budget_stops_a_computation_when_its_client_is_gone(sst_cube, monkeypatch):
    monkeypatch.setattr(budget, "GONE_EVERY", 0.0)
    answers = iter([False, False, False])  # then gone
    b = budget.Budget(None, gone=lambda: next(answers, True))
    with b.active(), pytest.raises(ClientGone):
        "".join(streams.csv_chunks(sst_cube.ds, block_cells=500_000))
    assert b.stopped == "client_gone" and b.tasks <= 3


def test_outside_a_budget_the_scheduler_is_the_plain_synchronous_one(sst_cube):
    assert budget.current() is None
    assert float(sst_cube.ds.analysed_sst.isel(time=0).max().compute()) > 270
