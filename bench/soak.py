"""Soak benchmark: the service under a mixed load for a while, killed in the middle and
restarted; what a user would notice. Bounded, on loopback. Prints figures; not a test.

Load: `--clients` threads, each looping over catalogue searches, /conformance, WMS tiles,
small coverages and job status polls; meanwhile `--jobs` asynchronous subset jobs submitted
over the first half. In the middle, one Dask worker is SIGKILLed, then a few seconds later
the whole service (gunicorn master, its workers and its LocalCluster) with SIGKILL, and the
service is started again on the same OPENDIAS_HOME. At the end the script waits for every
job to finish.

Prints: requests by kind and status class (5xx must be 0; requests that found the service
down are counted apart), jobs successful / failed (with reasons) / lost (0), jobs resumed
(attempts > 1), p50/p95 of the cheap requests, and the peak RSS of the service's process
tree (target: at most 4 GB with the default settings).

    .venv/bin/python bench/soak.py [--minutes 10] [--clients 20] [--jobs 100] [--data DIR]

Requests are anonymous with every capability opened (OPENDIAS_ANONYMOUS), so that plans'
quotas do not shape the load.
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import signal
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import requests

from harness import OpendiasServer, clean_environ
from proctree import RssSampler

CHEAP = ("conformance", "catalogue", "job status")
SUBSET = {"dataset": "med-sst-l4", "variables": ["analysed_sst"], "format": "netcdf"}


def _requests(base: str, jobs: list[str], rng: random.Random) -> tuple[str, str]:
    """(kind, path) of one request of the mix."""
    kind = rng.choices(["conformance", "catalogue", "wms", "coverage", "job status"],
                       weights=[2, 3, 4, 2, 3])[0]
    if kind == "conformance":
        return kind, "/conformance?f=json"
    if kind == "catalogue":
        return kind, f"/collections/catalogue/items?f=json&q={rng.choice(['sst', 'wind', 'ndvi'])}"
    if kind == "wms":
        x, y = rng.uniform(-5, 30), rng.uniform(31, 44)
        return kind, ("/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=med-sst-l4/"
                      f"analysed_sst&STYLES=&CRS=CRS:84&BBOX={x},{y},{x + 4},{y + 2}"
                      "&WIDTH=256&HEIGHT=256&FORMAT=image/png")
    if kind == "coverage":
        x, y = rng.uniform(0, 30), rng.uniform(32, 42)
        return kind, (f"/collections/med-sst-l4/coverage?bbox={x},{y},{x + 1},{y + 1}"
                      "&datetime=2016-03-01&f=netcdf")
    if not jobs:
        return "conformance", "/conformance?f=json"
    return kind, f"/jobs/{rng.choice(jobs)}?f=json"


class Load:
    """The clients and the job submitter, against `self.url` (changed on restart)."""

    def __init__(self, url: str, clients: int, jobs: int, seconds: float):
        self.url, self.clients, self.n_jobs, self.seconds = url, clients, jobs, seconds
        self.counts: dict[tuple[str, str], int] = collections.Counter()
        self.latency: dict[str, list[float]] = collections.defaultdict(list)
        self.jobs: list[str] = []
        self.refused: list[str] = []
        self.stop = threading.Event()
        self.lock = threading.Lock()

    def _record(self, kind: str, status: str, seconds: float | None) -> None:
        with self.lock:
            self.counts[(kind, status)] += 1
            if seconds is not None and status == "2xx":
                self.latency[kind].append(seconds)

    def client(self, seed: int) -> None:
        rng, http = random.Random(seed), requests.Session()
        while not self.stop.is_set():
            kind, path = _requests(self.url, list(self.jobs), rng)
            t0 = time.perf_counter()
            try:
                resp = http.get(self.url + path, timeout=120)
                resp.content  # noqa: B018 - read the whole answer
                status = f"{resp.status_code // 100}xx"
                if resp.status_code >= 500:
                    print(f"  5xx: {resp.status_code} {path} {resp.text[:200]}", flush=True)
            except requests.RequestException:
                status, t0 = "service down", None
                time.sleep(0.5)
            self._record(kind, status, time.perf_counter() - t0 if t0 else None)

    def submitter(self) -> None:
        rng, http = random.Random(0), requests.Session()
        interval = self.seconds / 2 / max(1, self.n_jobs)
        while len(self.jobs) + len(self.refused) < self.n_jobs and not self.stop.is_set():
            x, y = rng.uniform(0, 25), rng.uniform(32, 40)
            day = rng.randint(1, 5)
            body = {"inputs": {**SUBSET, "bbox": [x, y, x + 5, y + 4],
                               "datetime": f"2016-03-0{day}/2016-03-0{day + 1}"}}
            t0 = time.monotonic()
            try:
                resp = http.post(f"{self.url}/processes/subset/execution", json=body,
                                 headers={"Prefer": "respond-async"}, timeout=60)
                if time.monotonic() - t0 > 5:
                    print(f"  slow submission: {time.monotonic() - t0:.1f} s", flush=True)
                if resp.status_code == 201:
                    self.jobs.append(resp.json()["jobID"])
                else:
                    self.refused.append(f"{resp.status_code} {resp.text[:120]}")
            except requests.RequestException as err:
                print(f"  submission failed after {time.monotonic() - t0:.1f} s: {err!r:.120}",
                      flush=True)
                time.sleep(1)
                continue
            time.sleep(interval)


def _kill_one_dask_worker(root_pid: int) -> str:
    for proc in psutil.Process(root_pid).children(recursive=True):
        try:
            cmd = " ".join(proc.cmdline())
        except psutil.Error:
            continue
        if "spawn_main" in cmd:  # a LocalCluster worker (the nanny spawned it)
            proc.kill()
            return f"pid {proc.pid}"
    return "none found"


def _final_jobs(url: str, ids: list[str], timeout: float) -> dict[str, dict]:
    http, deadline, found = requests.Session(), time.monotonic() + timeout, {}
    while time.monotonic() < deadline:
        for job_id in ids:
            if job_id in found:
                continue
            resp = http.get(f"{url}/jobs/{job_id}?f=json", timeout=60)
            if resp.status_code == 404:
                found[job_id] = {"status": "lost"}
            elif resp.json().get("status") in ("successful", "failed", "dismissed"):
                found[job_id] = resp.json()
        if len(found) == len(ids):
            break
        time.sleep(2)
    return found


def _attempts(home: Path, ids: list[str]) -> dict[str, int]:
    import sqlalchemy as sa

    engine = sa.create_engine(f"sqlite:///{home / 'jobs.sqlite'}")
    with engine.connect() as conn:
        rows = conn.execute(sa.text("select id, attempts from opendias_jobs")).all()
    engine.dispose()
    return {r[0]: int(r[1] or 0) for r in rows if r[0] in set(ids)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--data", help="sample data folder (default: made small, here)")
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="opendias-soak-"))
    data = Path(args.data) if args.data else home / "data"
    if not args.data:
        from opendias import sample_data

        sample_data.generate(data, "small")
    env = {"OPENDIAS_ANONYMOUS": "catalogue,maps,subset,download,processes"}

    def server(log: str, port: int | None = None) -> OpendiasServer:
        return OpendiasServer(home, data, workers=args.workers, env=env, port=port,
                              base_env=clean_environ(), log=home / log)

    seconds = args.minutes * 60
    first = server("service.log")
    first.start()
    load = Load(first.url, args.clients, args.jobs, seconds)
    threads = [threading.Thread(target=load.client, args=(i,), daemon=True)
               for i in range(args.clients)]
    threads.append(threading.Thread(target=load.submitter, daemon=True))
    peaks = []
    t0 = time.monotonic()
    with RssSampler(first.proc.pid, interval=0.2) as mem:
        for t in threads:
            t.start()
        time.sleep(seconds / 2)
        print(f"{time.monotonic() - t0:.0f} s: SIGKILL one Dask worker "
              f"({_kill_one_dask_worker(first.proc.pid)})", flush=True)
        time.sleep(5)
        print(f"{time.monotonic() - t0:.0f} s: SIGKILL the service", flush=True)
        os.killpg(first.proc.pid, signal.SIGKILL)
    peaks.append(mem.peak)
    first.proc.wait()
    second = server("service-2.log", port=first.port)  # the clients keep their URL
    restart = second.start()
    print(f"{time.monotonic() - t0:.0f} s: restarted in {restart:.1f} s", flush=True)
    try:
        with RssSampler(second.proc.pid, interval=0.2) as mem:
            time.sleep(max(0.0, seconds - (time.monotonic() - t0)))
            load.stop.set()
            for t in threads:
                t.join(timeout=130)
            final = _final_jobs(second.url, load.jobs, timeout=600)
        peaks.append(mem.peak)
        attempts = _attempts(home, load.jobs)
    finally:
        second.stop()
    _report(load, final, attempts, peaks, time.monotonic() - t0)


def _report(load: Load, final: dict, attempts: dict, peaks: list[int], elapsed: float):
    print(f"\nsoak: {elapsed / 60:.1f} min, {load.clients} clients, {len(load.jobs)} jobs "
          f"accepted ({len(load.refused)} refused)")
    kinds = sorted({k for k, _ in load.counts})
    classes = sorted({s for _, s in load.counts})
    print(f"{'requests':<12}" + "".join(f"{c:>14}" for c in classes))
    for kind in kinds:
        print(f"{kind:<12}" + "".join(f"{load.counts.get((kind, c), 0):>14}" for c in classes))
    cheap = sorted(x for k in CHEAP for x in load.latency.get(k, []))
    if cheap:
        p95 = cheap[int(0.95 * (len(cheap) - 1))]
        print(f"cheap requests: p50 {statistics.median(cheap) * 1000:.0f} ms, "
              f"p95 {p95 * 1000:.0f} ms ({len(cheap)})")
    states = collections.Counter(j["status"] for j in final.values())
    unfinished = len(load.jobs) - len(final)
    print(f"jobs: {dict(states)}; not finished in time: {unfinished}; lost: "
          f"{states.get('lost', 0)}")
    for job in final.values():
        if job["status"] == "failed":
            print(f"  failed: {job.get('message', '')[:160]}")
    print(f"jobs resumed (attempts > 1): {sum(1 for a in attempts.values() if a > 1)}")
    print(f"peak RSS of the service's processes: "
          + ", ".join(f"{p / 2 ** 30:.2f} GB" for p in peaks) + " (before / after the restart)")
    print(f"5xx answers: {sum(v for (k, s), v in load.counts.items() if s == '5xx')}")


if __name__ == "__main__":
    sys.exit(main())
