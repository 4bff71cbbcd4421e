"""Asynchronous WPS requests that PyWPS keeps in its queue (more than `parallelprocesses`
at once) keep who sent them (processes.wps: a note beside PyWPS' queue): they run as the
sender's jobs, visible to the sender only, instead of being refused."""

from __future__ import annotations

import re
import time
from pathlib import Path

import requests
from lxml import etree

from conftest import REPO, Server
from test_isolation import WPS_EXECUTE, _account, _wait_wps


def _wait_until_started(location: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        text = requests.get(location, timeout=30).text
        if "ProcessStarted" in text:
            return
        assert "ProcessSucceeded" not in text and "ProcessFailed" not in text, text
        time.sleep(0.01)
    raise AssertionError(f"{location} did not start")


def _queued() -> set[str]:
    """The uuids of the requests in PyWPS' queue now (its table of stored requests)."""
    import sqlalchemy as sa

    from opendias.config import get_settings

    engine = sa.create_engine(get_settings().wps_database_url)
    try:
        with engine.connect() as conn:
            return {r[0] for r in conn.execute(sa.text(
                "SELECT uuid FROM pywps_stored_requests"))}
    finally:
        engine.dispose()


def test_queued_wps_requests_keep_their_owner(tmp_path):
    from opendias.config import get_settings
    from opendias.jobs import JobStore

    config = (REPO / "wps.cfg").read_text().replace("parallelprocesses = 64",
                                                     "parallelprocesses = 1")
    assert "parallelprocesses = 1" in config
    (tmp_path / "wps.cfg").write_text(config)
    a, b = _account(), _account()
    with Server(workers=1, env={"OPENDIAS_WPS_CONFIG": str(tmp_path / "wps.cfg")}) as server:
        first = requests.get(server.url + WPS_EXECUTE, headers=a["headers"], timeout=60)
        locations = [etree.fromstring(first.content).get("statusLocation")]
        _wait_until_started(locations[0])  # PyWPS counts it running: the next ones queue
        for _ in range(2):
            accepted = requests.get(server.url + WPS_EXECUTE, headers=a["headers"], timeout=60)
            locations.append(etree.fromstring(accepted.content).get("statusLocation"))
        uuids = [re.search(r"/results/([^/?]+)\.xml", loc).group(1) for loc in locations]
        assert set(uuids[1:]) & _queued(), "PyWPS queued none of the requests"
        for location in locations:
            _wait_wps(location)  # every request succeeded, queued or not
        store = JobStore()
        for job_id in (f"wps-{u}" for u in uuids):
            assert store.get(job_id)["owner"] == a["id"]
            mine = requests.get(f"{server.url}/jobs/{job_id}?f=json", headers=a["headers"],
                                timeout=30)
            assert mine.status_code == 200 and mine.json()["status"] == "successful"
            theirs = requests.get(f"{server.url}/jobs/{job_id}?f=json",
                                  headers=b["headers"], timeout=30)
            assert theirs.status_code == 404
    notes = Path(get_settings().runtime_dir) / "wps-queue"
    assert not list(notes.glob("*.owner"))  # each note removed once its request ran
