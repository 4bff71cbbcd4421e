"""Operations, through gunicorn with two workers: /health and /ready, /metrics (Prometheus,
added up across the workers) and the JSON access log on the server's stderr."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from conftest import Server, wait_for


class LoggedServer(Server):
    """`opendias serve` with its stderr kept in a file, under its own OPENDIAS_HOME."""

    def __init__(self, home, env: dict | None = None):
        super().__init__(workers=2, env={"OPENDIAS_HOME": str(home), **(env or {})})
        self.stderr_path = home / "stderr.log"

    def start(self):
        self.stderr_path.parent.mkdir(parents=True, exist_ok=True)
        self._stderr = open(self.stderr_path, "wb")
        cmd = [sys.executable, "-m", "opendias.cli", "serve", "--host", "127.0.0.1",
               "--port", str(self.port), "--workers", str(self.workers)]
        self.proc = subprocess.Popen(cmd, env=self.env, start_new_session=True,
                                     stderr=self._stderr)
        wait_for(self.url + "/health", proc=self.proc)
        return self

    def stop(self, *args):
        super().stop(*args)
        self._stderr.close()

    def access_lines(self) -> list[dict]:
        lines = []
        for line in self.stderr_path.read_text(errors="replace").splitlines():
            if line.startswith("{"):
                try:
                    lines.append(json.loads(line))
                except ValueError:
                    pass
        return lines


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with LoggedServer(tmp_path_factory.mktemp("ops-home")) as server:
        yield server


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then closed)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scrape(url: str) -> dict[tuple, float]:
    r = requests.get(url + "/metrics", timeout=30)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/plain")
    values = {}
    for family in text_string_to_metric_families(r.text):
        for sample in family.samples:
            values[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return values


def value(values: dict, name: str, **labels) -> float:
    return values.get((name, tuple(sorted(labels.items()))), 0.0)


# -- /health and /ready ----------------------------------------------------------------------

def test_health_says_the_process_answers(server):
    r = requests.get(server.url + "/health", timeout=10)
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    doc = r.json()
    assert doc["status"] == "ok"
    assert doc["checks"]["process"]["status"] == "ok"
    assert 0 <= doc["checks"]["process"]["ms"] < 50


def test_ready_checks_the_database_dask_and_results(server):
    requests.get(server.url + "/ready", timeout=10)  # the first opens the job store
    started = time.perf_counter()
    r = requests.get(server.url + "/ready", timeout=10)
    took = time.perf_counter() - started
    assert r.status_code == 200, r.text
    doc = r.json()
    assert doc["status"] == "ready" and doc["not_ready"] == []
    assert set(doc["checks"]) == {"database", "dask", "results"}
    assert {c["status"] for c in doc["checks"].values()} == {"ok"}
    assert doc["checks"]["dask"]["detail"].startswith("no LocalCluster running")
    assert all(0 <= c["ms"] < 200 for c in doc["checks"].values()), doc
    assert took < 0.5


def test_ready_is_503_naming_an_unreachable_database_and_scheduler(tmp_path):
    env = {"OPENDIAS_DATABASE_URL": f"postgresql+psycopg://u:p@127.0.0.1:{closed_port()}/db",
           "OPENDIAS_DASK_SCHEDULER": f"tcp://127.0.0.1:{closed_port()}",
           "OPENDIAS_ACCESS_LOG": str(tmp_path / "logs" / "access.jsonl")}
    with LoggedServer(tmp_path / "home", env) as down:
        assert requests.get(down.url + "/health", timeout=10).status_code == 200
        r = requests.get(down.url + "/ready", timeout=10, headers={"X-Request-Id": "ready-1"})
        assert r.status_code == 503
        doc = r.json()
        assert doc["status"] == "not ready" and doc["not_ready"] == ["database", "dask"]
        assert doc["checks"]["results"]["status"] == "ok"
        assert "does not answer" in doc["checks"]["database"]["detail"]
        assert "127.0.0.1" not in r.text and ":p@" not in r.text  # no address in public
        metrics = scrape(down.url)
        assert value(metrics, "opendias_job_store_up") == 0
        assert value(metrics, "opendias_dask_scheduler_up") == 0
        time.sleep(0.5)
    # OPENDIAS_ACCESS_LOG: the lines go to that file, not to stderr
    lines = [json.loads(t) for t in (tmp_path / "logs" / "access.jsonl").read_text().splitlines()]
    (line,) = [t for t in lines if t["request_id"] == "ready-1"]
    assert (line["path"], line["status"], line["front"]) == ("/ready", 503, "health")
    assert not [t for t in down.access_lines() if t.get("request_id") == "ready-1"]


# -- /metrics --------------------------------------------------------------------------------

def test_metrics_count_every_request_across_both_workers(server):
    before = scrape(server.url)
    pids, sent = set(), 0
    with ThreadPoolExecutor(8) as pool:
        while len(pids) < 2 and sent < 400:
            answers = list(pool.map(lambda _: requests.get(server.url + "/health", timeout=10),
                                    range(40)))
            sent += len(answers)
            assert [a.status_code for a in answers] == [200] * len(answers)
            pids |= {a.json()["checks"]["process"]["detail"].split()[1] for a in answers}
    assert len(pids) == 2, "both workers served"
    for _ in range(3):
        assert requests.get(server.url + "/collections/unknown-dataset",
                            timeout=10).status_code == 404
    missing = dict(front="pygeoapi", method="GET", status="404")
    for _ in range(20):  # a request is counted after its last byte is sent: a loaded
        after = scrape(server.url)  # machine may show the count a moment after the answer
        if value(after, "opendias_http_requests_total", **missing) \
                - value(before, "opendias_http_requests_total", **missing) >= 3:
            break
        time.sleep(0.1)
    labels = dict(front="health", method="GET", status="200")
    assert value(after, "opendias_http_requests_total", **labels) \
        - value(before, "opendias_http_requests_total", **labels) == sent
    assert value(after, "opendias_http_request_duration_seconds_count", **labels) \
        - value(before, "opendias_http_request_duration_seconds_count", **labels) == sent
    assert value(after, "opendias_http_requests_total", **missing) \
        - value(before, "opendias_http_requests_total", **missing) == 3
    assert value(after, "opendias_jobs", state="accepted") == 0
    assert value(after, "opendias_job_queue_length") == 0
    assert value(after, "opendias_job_store_up") == 1
    assert value(after, "opendias_dask_scheduler_up") == 0  # no job yet, no cluster


def test_bytes_of_a_streamed_netcdf_are_counted_as_sent(server):
    before = scrape(server.url)
    url = (f"{server.url}/collections/med-sst-l4/coverage?bbox=12,40,20,46"
           "&datetime=2016-03-01/2016-03-03&f=netcdf")
    with requests.get(url, stream=True, timeout=120,
                      headers={"X-Request-Id": "netcdf-bytes-1"}) as r:
        assert r.status_code == 200
        size = sum(len(block) for block in r.iter_content(1 << 16))
    assert size == int(r.headers["Content-Length"]) > 50_000
    time.sleep(0.3)  # counted when the server closes the body, after the last byte
    after = scrape(server.url)
    sent = value(after, "opendias_http_response_bytes_total", front="coverages") \
        - value(before, "opendias_http_response_bytes_total", front="coverages")
    assert sent == size
    (line,) = [t for t in server.access_lines() if t.get("request_id") == "netcdf-bytes-1"]
    assert line["bytes"] == size and line["front"] == "coverages" and line["status"] == 200


def test_a_job_shows_in_the_job_metrics(server):
    from conftest import SST_JOB_INPUTS

    r = requests.post(server.url + "/processes/subset/execution", timeout=60,
                      json={"inputs": {**SST_JOB_INPUTS, "format": "netcdf"}})
    assert r.status_code == 200, r.text[:300]
    metrics = scrape(server.url)
    assert value(metrics, "opendias_jobs", state="successful") == 1
    assert value(metrics, "opendias_job_duration_seconds_gcount", state="successful") == 1
    assert value(metrics, "opendias_dask_scheduler_up") == 1
    assert value(metrics, "opendias_dask_workers") >= 1
    r = requests.get(server.url + "/ready", timeout=10)
    assert r.json()["checks"]["dask"]["detail"] == "the service's LocalCluster is reachable"


# -- the access log --------------------------------------------------------------------------

def test_each_request_is_one_json_access_line_with_its_request_id(server):
    r = requests.get(server.url + "/collections/med-sst-l4?f=json", timeout=30,
                     headers={"X-Request-Id": "access-line-1"})
    assert r.status_code == 200 and r.headers["X-Request-Id"] == "access-line-1"
    deadline = time.monotonic() + 5
    while True:
        found = [t for t in server.access_lines() if t.get("request_id") == "access-line-1"]
        if found or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    (line,) = found
    assert set(line) == {"time", "request_id", "user", "method", "path", "front", "status",
                         "duration_ms", "bytes"}
    assert (line["method"], line["path"], line["front"], line["status"], line["user"]) == \
        ("GET", "/collections/med-sst-l4", "pygeoapi", 200, None)
    assert line["bytes"] == len(r.content) and line["duration_ms"] > 0
    assert line["time"].endswith("Z")


def test_a_metrics_file_not_yet_sized_is_skipped(tmp_path, monkeypatch):
    """A worker that has just created its metrics file (still empty) while /metrics is
    scraped: the scrape answers with the others' counts instead of failing."""
    from prometheus_client import CollectorRegistry, Counter, generate_latest, values

    from opendias.web import metrics_front

    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    monkeypatch.setattr(values, "ValueClass", values.MultiProcessValue())
    counter = Counter("opendias_test_scrapes", "test", registry=CollectorRegistry())
    counter.inc(3)
    (tmp_path / "counter_99999.db").write_bytes(b"")  # a file just created, not sized
    body = generate_latest(metrics_front._counted_registry()).decode()
    assert "opendias_test_scrapes_total 3.0" in body
