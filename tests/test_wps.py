"""WPS 1.0.0 at /wps: capabilities and descriptions generated from the same definitions as
OGC API - Processes, Execute sync and async with statusLocation polling, outputs as
references checked against a direct xarray computation, OWSLib with monitorExecution."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import numpy as np
import requests
import xarray as xr
from conftest import expected_sst_job, local_path
from lxml import etree

BASE = os.environ["OPENDIAS_BASE_URL"]
NS = {"wps": "http://www.opengis.net/wps/1.0.0", "ows": "http://www.opengis.net/ows/1.1"}
INPUTS = ("dataset=med-sst-l4;bbox=5,38,10,42;datetime=2016-03-01/2016-03-02;"
          "variables=analysed_sst")
EXECUTE = ("/wps?service=WPS&request=Execute&version=1.0.0&identifier=subset"
           f"&DataInputs={INPUTS}&ResponseDocument=result=@asReference=true")


def _xml(resp) -> etree._Element:
    return etree.fromstring(resp.data if hasattr(resp, "data") else resp.content)


def _check(data: bytes, data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "wps.nc"
    path.write_bytes(data)
    expected = expected_sst_job(data_dir)
    with xr.open_dataset(path) as got:
        np.testing.assert_allclose(got["analysed_sst"].values, expected.values,
                                   equal_nan=True, atol=1e-6)


def test_capabilities_and_description(client):
    caps = _xml(client.get("/wps?service=WPS&request=GetCapabilities&version=1.0.0"))
    ids = caps.xpath("//wps:Process/ows:Identifier/text()", namespaces=NS)
    assert "subset" in ids
    desc = _xml(client.get("/wps?service=WPS&request=DescribeProcess&version=1.0.0"
                           "&identifier=subset"))
    inputs = {i.findtext("ows:Identifier", namespaces=NS): i
              for i in desc.xpath("//DataInputs/Input", namespaces=NS)}
    # the same inputs as OGC API - Processes, from the same definition
    api = client.get("/processes/subset?f=json").get_json()
    assert set(inputs) == set(api["inputs"])
    assert inputs["dataset"].get("minOccurs") == "1"
    allowed = inputs["dataset"].xpath(".//ows:AllowedValues/ows:Value/text()", namespaces=NS)
    assert allowed == api["inputs"]["dataset"]["schema"]["enum"]
    formats = desc.xpath("//ProcessOutputs//Format/MimeType/text()")
    assert "application/x-netcdf" in formats


def test_execute_sync_reference(client, data_dir, tmp_path):
    doc = _xml(client.get(EXECUTE))
    assert doc.xpath("//wps:ProcessSucceeded", namespaces=NS), etree.tostring(doc)
    ref = doc.xpath("//wps:Output/wps:Reference", namespaces=NS)[0]
    assert ref.get("mimeType") == "application/x-netcdf"
    download = client.get(local_path(ref.get("href")))
    assert download.status_code == 200
    _check(download.data, data_dir, tmp_path)


def test_execute_async_status_location(client, data_dir, tmp_path):
    doc = _xml(client.get(EXECUTE + "&storeExecuteResponse=true&status=true"))
    location = doc.get("statusLocation")
    assert location.startswith(f"{BASE}/results/")
    assert doc.xpath("//wps:ProcessAccepted", namespaces=NS)
    percents = []
    deadline = time.monotonic() + 60
    while True:
        status = _xml(client.get(local_path(location)))
        started = status.xpath("//wps:ProcessStarted", namespaces=NS)
        if started:
            percents.append(int(started[0].get("percentCompleted")))
        if status.xpath("//wps:ProcessSucceeded|//wps:ProcessFailed", namespaces=NS):
            break
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert status.xpath("//wps:ProcessSucceeded", namespaces=NS), etree.tostring(status)
    assert percents == sorted(percents)
    href = status.xpath("//wps:Reference", namespaces=NS)[0].get("href")
    _check(client.get(local_path(href)).data, data_dir, tmp_path)


def test_execute_bad_input_says_why(client):
    doc = _xml(client.get("/wps?service=WPS&request=Execute&version=1.0.0&identifier=subset"
                          "&DataInputs=dataset=med-sst-l4;datetime=2030-01-01"))
    text = etree.tostring(doc).decode()
    assert "ProcessFailed" in text or "ExceptionReport" in text
    assert "datetime selects no time step" in text
    doc = _xml(client.get("/wps?service=WPS&request=Execute&version=1.0.0&identifier=subset"
                          "&DataInputs=dataset=nope"))
    assert "ExceptionReport" in etree.tostring(doc).decode()
    doc = _xml(client.get("/wps?service=WPS&request=DescribeProcess&version=1.0.0"
                          "&identifier=nope"))
    assert "ExceptionReport" in etree.tostring(doc).decode()


def test_wps_jobs_visible_in_job_store(client):
    doc = _xml(client.get(EXECUTE))
    href = doc.xpath("//wps:Reference", namespaces=NS)[0].get("href")
    uuid = re.search(r"/results/([^/]+)/", href).group(1)
    job = client.get(f"/jobs/wps-{uuid}?f=json").get_json()
    assert job["status"] == "successful" and job["processID"] == "subset"


def test_owslib_async_monitor_execution(live_server, data_dir, tmp_path):
    from owslib.wps import WebProcessingService, monitorExecution

    wps = WebProcessingService(live_server.url + "/wps")
    assert "subset" in [p.identifier for p in wps.processes]
    process = wps.describeprocess("subset")
    assert "dataset" in [i.identifier for i in process.dataInputs]
    inputs = [("dataset", "med-sst-l4"), ("bbox", "5,38,10,42"),
              ("datetime", "2016-03-01/2016-03-02"), ("variables", "analysed_sst")]
    execution = wps.execute("subset", inputs, output=[("result", True)], mode="async")
    assert execution.statusLocation.startswith(live_server.url + "/results/")
    monitorExecution(execution, sleepSecs=1)
    assert execution.isSucceded(), execution.errors
    href = execution.processOutputs[0].reference
    _check(requests.get(href, timeout=30).content, data_dir, tmp_path)


def test_status_documents_are_written_whole(tmp_path):
    """A status document is replaced in one step (PyWPS truncates, then writes): a reader
    never sees an empty or half-written file."""
    import threading

    from processes.wps import AtomicFileStorage

    store = AtomicFileStorage(str(tmp_path), "http://localhost/results")
    docs = [f"<doc n='{i}'>{'x' * 200_000}</doc>" for i in range(2)]
    store.write(docs[0], "status.xml")
    seen, stop = set(), threading.Event()

    def read():
        while not stop.is_set():
            seen.add((tmp_path / "status.xml").read_text())

    reader = threading.Thread(target=read)
    reader.start()
    for i in range(200):
        store.write(docs[i % 2], "status.xml")
    stop.set()
    reader.join()
    assert seen <= set(docs) and seen
    assert [p.name for p in tmp_path.iterdir()] == ["status.xml"]  # no temporary left


def test_invalid_input_is_named_as_locator(client):
    """A value outside an input's allowed values: InvalidParameterValue whose locator is the
    input, the message naming it and what it allows (PyWPS alone says "Input data not valid
    using mode 1" with an empty locator)."""
    resp = client.get("/wps?service=WPS&request=Execute&version=1.0.0&identifier=subset"
                      "&DataInputs=dataset=med-sst-l4;format=xyz")
    assert resp.status_code == 400
    exc = _xml(resp).find("ows:Exception", NS)
    assert exc.get("exceptionCode") == "InvalidParameterValue"
    assert exc.get("locator") == "format"
    text = exc.findtext("ows:ExceptionText", namespaces=NS)
    assert "format" in text and "'xyz'" in text and "netcdf" in text, text
