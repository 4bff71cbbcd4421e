"""No request starves the service, through a started gunicorn: CSV and CoverageJSON answers
stream as they are computed (first byte after one block, values those of the source), the
computation stops when the client hangs up, a heavy request above the worker's slots is a
503 with Retry-After while cheap requests are answered, the time limit cuts a stream and
refuses an answer not begun (OGC exception JSON; WMS ServiceExceptionReport)."""

from __future__ import annotations

import io
import json
import time
import xml.etree.ElementTree as ET

import dask
import pandas as pd
import pytest
import requests
import xarray as xr

from conftest import Server
from opendias.catalogue import load_catalogue
from opendias.datacube import open_cube
from opendias.operations import budget, streams
from opendias.params import ISO_SECONDS
from test_monitoring import scrape, value

SST = "SST_MED_SST_L4_REP_OBSERVATIONS_010_021.nc"
WHOLE_ERA5_CSV = "/collections/era5-single-levels/coverage?f=csv"  # 16.6 M cells, 240 MB
SMALL_CSV = "/collections/med-sst-l4/coverage?f=csv&bbox=5,38,6,39&datetime=2016-03-01"
TILE = ("/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=med-sst-l4/analysed_sst"
        "&STYLES=&CRS=CRS:84&BBOX=0,35,10,45&WIDTH=256&HEIGHT=256&FORMAT=image/png")


def tasks(url: str) -> float:
    return value(scrape(url), "opendias_sync_tasks_total")


def settled_tasks(url: str, timeout: float = 10.0) -> float:
    """The task count once it stops moving (two reads 0.5 s apart)."""
    deadline, last = time.monotonic() + timeout, tasks(url)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = tasks(url)
        if now == last:
            return now
        last = now
    raise AssertionError(f"still computing after {timeout} s")


@pytest.fixture(scope="module")
def whole_era5_csv_tasks():
    """Tasks the whole-cube ERA5 CSV takes: its blocks times the tasks of its first one."""
    cube = open_cube(load_catalogue().get("era5-single-levels"))
    b = budget.Budget(None)
    with dask.config.set(scheduler=budget.get), b.active():
        pieces = streams.csv_chunks(cube.ds)
        next(pieces)
        pieces.close()
    return b.tasks * len(list(streams.blocks(cube.ds, list(cube.ds.dims))))


def test_csv_streams_from_the_first_block_and_stops_when_the_client_leaves(
        live_server, whole_era5_csv_tasks):
    url = live_server.url
    before = settled_tasks(url)
    started = time.monotonic()
    with requests.get(url + WHOLE_ERA5_CSV, stream=True, timeout=60) as r:
        assert r.status_code == 200 and r.headers["Content-Type"] == "text/csv"
        assert "Content-Length" not in r.headers  # chunked: sent as it is made
        chunks = r.iter_content(1 << 16)
        head = next(chunks)
        first_byte = time.monotonic() - started
        assert head.startswith(b"time,latitude,longitude,t2m,tp,u10,v10\n2020-01-01T00:00:00Z,")
        at_first = tasks(url) - before
        read = len(head) + sum(len(b) for _, b in zip(range(16), chunks))
    # the client hung up after 1 MB of 240
    stopped = settled_tasks(url) - before
    assert first_byte < 5 and read >= 1 << 20
    assert 0 < at_first <= whole_era5_csv_tasks / 3
    assert stopped <= whole_era5_csv_tasks / 3, (stopped, whole_era5_csv_tasks)
    assert value(scrape(url), "opendias_sync_heavy_in_progress") == 0


def test_streamed_csv_and_coveragejson_have_the_values_of_the_source(live_server, data_dir):
    query = "bbox=0,35,12,44&datetime=2016-03-01/2016-03-04"
    r = requests.get(f"{live_server.url}/collections/med-sst-l4/coverage?{query}&f=csv",
                     timeout=120)
    assert r.status_code == 200 and r.headers.get("Transfer-Encoding") == "chunked"
    src = xr.open_dataset(data_dir / SST).sel(lon=slice(0, 12), lat=slice(35, 44),
                                              time=slice("2016-03-01", "2016-03-04T23:59"))
    frame = src.to_dataframe()[["analysed_sst", "analysis_error"]].dropna(how="all")
    reference = frame.reset_index().to_csv(index=False, float_format="%.8g",
                                           date_format=ISO_SECONDS)
    assert len(r.content) > 5_000_000 and r.text == reference  # 4 blocks, as one text
    table = pd.read_csv(io.BytesIO(r.content))
    assert len(table) == len(frame) and table["analysed_sst"].notna().any()

    small = src.isel(lon=slice(0, 50), lat=slice(0, 40))
    bbox = (f"{float(small.lon[0]):.5f},{float(small.lat[0]):.5f},"
            f"{float(small.lon[-1]):.5f},{float(small.lat[-1]):.5f}")
    r = requests.get(f"{live_server.url}/collections/med-sst-l4/coverage?bbox={bbox}"
                     "&datetime=2016-03-01/2016-03-04&f=covjson", timeout=60)
    assert r.status_code == 200
    doc = r.json()
    values = doc["ranges"]["analysed_sst"]["values"]
    expected = small.analysed_sst.values.astype("f8").ravel()
    assert doc["ranges"]["analysed_sst"]["shape"] == list(small.analysed_sst.shape)
    assert [v is None for v in values] == list(pd.isna(expected))
    assert all(abs(v - e) < 1e-6 for v, e in zip(values, expected) if v is not None)


@pytest.fixture(scope="module")
def limited_server():
    """One worker of 2 threads (one heavy slot), a 5 s time limit."""
    with Server(workers=1, env={"OPENDIAS_THREADS": "2",
                                "OPENDIAS_SYNC_TIME_LIMIT": "5"}) as server:
        yield server


def _ogc_error(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.text[:300]
    body = r.json()
    assert body["status"] == status and body["code"] == code
    return body


def test_a_heavy_request_above_the_slots_is_refused_while_cheap_ones_are_answered(
        limited_server):
    url = limited_server.url
    before = scrape(url)
    started = time.monotonic()
    with requests.get(url + WHOLE_ERA5_CSV, stream=True, timeout=60) as held:
        assert held.status_code == 200
        chunks = held.iter_content(1 << 16)
        next(chunks)  # the slot is taken; the client stops reading
        small = requests.get(url + SMALL_CSV, timeout=30)  # not heavy: takes no slot
        assert small.status_code == 200 and small.text.startswith("time,")
        busy = requests.get(url + WHOLE_ERA5_CSV, timeout=30)
        body = _ogc_error(busy, 503, "ServiceBusy")
        assert busy.headers["Retry-After"] == "10"
        assert "OPENDIAS_SYNC_CONCURRENCY" in body["detail"]
        assert "POST /processes/subset/execution" in body["detail"]
        for path in ("/conformance?f=json", "/?f=json", TILE, "/jobs?f=json"):
            t0 = time.monotonic()
            cheap = requests.get(url + path, timeout=30)
            assert cheap.status_code == 200 and time.monotonic() - t0 < 2, path
        # a client that stops reading does not hold the slot past the time limit
        with pytest.raises(requests.exceptions.ChunkedEncodingError):
            for _ in chunks:
                time.sleep(0.01)
    assert 5 <= time.monotonic() - started < 20
    after = scrape(url)
    assert value(after, "opendias_sync_busy_total") - value(before, "opendias_sync_busy_total") == 1
    assert value(after, "opendias_sync_heavy_in_progress") == 0
    assert requests.get(url + SMALL_CSV, timeout=30).status_code == 200  # the slot is back


def test_the_time_limit_cuts_a_stream_that_reads_on(limited_server):
    url = limited_server.url
    before = value(scrape(url), "opendias_sync_stopped_total", reason="time_limit")
    started, read = time.monotonic(), 0
    with requests.get(url + WHOLE_ERA5_CSV, stream=True, timeout=60) as r:
        assert r.status_code == 200
        with pytest.raises(requests.exceptions.ChunkedEncodingError):
            for block in r.iter_content(1 << 16):  # about 6 MB/s: 40 s for the whole
                read += len(block)
                time.sleep(0.01)
    assert 5 <= time.monotonic() - started < 15 and 0 < read < 100_000_000
    time.sleep(0.3)
    stopped = value(scrape(url), "opendias_sync_stopped_total", reason="time_limit")
    assert stopped - before == 1


# -- in-process: a time limit that no answer can meet ---------------------------------------

def test_an_answer_not_begun_at_the_time_limit_is_a_503_saying_what_to_do(
        client, monkeypatch, tmp_path):
    monkeypatch.setenv("OPENDIAS_SYNC_TIME_LIMIT", "0.01")
    r = client.get("/collections/era5-single-levels/coverage?f=netcdf")
    assert r.status_code == 503 and r.headers["Retry-After"] == "60"
    body = json.loads(r.data)
    assert body["code"] == "TimeLimitExceeded" and "0.01 s" in body["detail"]
    assert "POST /processes/subset/execution" in body["detail"]
    from opendias.config import get_settings
    assert not list(get_settings().tmp_dir.glob("*.part"))  # the half-written file is gone


def test_a_map_past_the_time_limit_is_a_wms_exception_with_retry_after(client, monkeypatch):
    monkeypatch.setenv("OPENDIAS_SYNC_TIME_LIMIT", "0.000001")
    r = client.get(TILE.replace("CRS:84&BBOX=0,35,10,45", "CRS:84&BBOX=1,36,9,44"))
    assert r.status_code == 503 and r.headers["Retry-After"] == "60"
    assert r.headers["Content-Type"].startswith("text/xml")
    exc = ET.fromstring(r.data).find("{http://www.opengis.net/ogc}ServiceException")
    assert exc.get("code") == "TimeLimitExceeded" and "time limit" in exc.text
