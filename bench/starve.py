"""Benchmark: can heavy synchronous requests starve the service? Ten whole-cube CSV requests
in flight while a prober asks for /conformance every 100 ms. Prints figures; not a test.

Starts `opendias serve` (2 gunicorn workers, their default threads, anonymous subset allowed)
on the large bench data (made with `opendias sample-data --size large --out DIR` if missing),
with the packaged catalogue. Then:

  1. /conformance idle: p50/p95 of 40 sequential requests;
  2. --requests whole-cube CSV requests at once (`/collections/med-sst-l4/coverage?f=csv&
     properties=analysed_sst`: 181 M cells, under the default cell limit), each read for
     --duration seconds then closed by the client; per request: status, time to the first
     body byte (or to the refusal), MB read, Retry-After of a refusal;
  3. meanwhile /conformance every 100 ms (timeout 10 s, a timeout counts as 10 s): p50, p95,
     max, how many failed (each on a new connection);
  4. after the clients hung up: the CPU of the server's processes in 1 s windows until it is
     idle (< 10 % of one CPU), i.e. whether the computation stopped; the summed RSS of the
     server's processes before and at its peak under load.

    .venv/bin/python bench/starve.py --data /work/bench-data-stream [--requests 10]
                                     [--duration 40] [--server-env OPENDIAS_X=Y]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import requests

from harness import REPO, OpendiasServer
from proctree import MB, RssSampler, tree_cpu

CSV = "/collections/med-sst-l4/coverage?f=csv&properties=analysed_sst"
CHEAP = "/conformance?f=json"
PROBE_TIMEOUT = 10.0


def pct(values, q) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, int(round(q / 100 * (len(values) - 1)))))]


def ms(seconds: float) -> str:
    return f"{1000 * seconds:7.1f} ms"


def probe(url: str, stop: threading.Event, latencies: list, failures: list) -> None:
    """/conformance every 100 ms, each on a new connection (as from many clients: a kept-alive
    connection would stay with one gunicorn worker)."""
    while not stop.is_set():
        t0 = time.perf_counter()
        try:
            r = requests.get(url + CHEAP, timeout=PROBE_TIMEOUT)
            latencies.append(time.perf_counter() - t0)
            if r.status_code != 200:
                failures.append(r.status_code)
        except requests.RequestException as err:
            latencies.append(PROBE_TIMEOUT)
            failures.append(type(err).__name__)
        stop.wait(max(0.0, 0.1 - (time.perf_counter() - t0)))


def heavy(url: str, until: float, out: dict) -> None:
    """One whole-cube CSV request, read until `until` (monotonic), then closed."""
    t0 = time.monotonic()
    try:
        r = requests.get(url + CSV, stream=True, timeout=(10, max(1.0, until - t0 + 5)))
    except requests.RequestException as err:
        out.update(status=type(err).__name__, first=None, mb=0.0)
        return
    out["status"] = r.status_code
    out["retry_after"] = r.headers.get("Retry-After")
    read, first = 0, None
    try:
        for block in r.raw.stream(64 * 1024, decode_content=True):
            if first is None:
                first = time.monotonic() - t0
            read += len(block)
            if time.monotonic() >= until:
                break
    except Exception as err:  # noqa: BLE001 (a cut stream is a figure too)
        out["error"] = type(err).__name__
    finally:
        r.close()  # the client hangs up
    out.update(first=first, mb=read / MB)


def idle_after(proc: psutil.Process, limit: float = 60.0) -> tuple[float, list[float]]:
    """Seconds until the server's processes use < 10 % of one CPU over 1 s, and the CPU
    fractions of each 1 s window."""
    t0, windows = time.monotonic(), []
    while time.monotonic() - t0 < limit:
        c0 = tree_cpu(proc)
        time.sleep(1.0)
        windows.append(tree_cpu(proc) - c0)
        if windows[-1] < 0.1:
            return time.monotonic() - t0, windows
    return float("inf"), windows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="/work/bench-data-stream",
                        help="the large sample data (made if missing)")
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--duration", type=float, default=40.0,
                        help="seconds the CSV requests are read before the clients hang up")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--server-env", action="append", default=[],
                        help="NAME=VALUE for the service (e.g. OPENDIAS_SYNC_CONCURRENCY=1)")
    args = parser.parse_args(argv)

    data = Path(args.data)
    if not (data / ".sample-data.json").exists():
        subprocess.run([sys.executable, "-m", "opendias.cli", "sample-data", "--size", "large",
                        "--out", str(data)], check=True, cwd=REPO, stdout=subprocess.DEVNULL)
    env = {"OPENDIAS_ANONYMOUS": "catalogue,maps,subset,download,processes",
           "OPENDIAS_CATALOGUE": str(REPO / "opendias" / "catalogue.yml")}
    env.update(item.split("=", 1) for item in args.server_env)
    home = Path(tempfile.mkdtemp(prefix="opendias-bench-starve-"))
    log = home / "server.log"
    with OpendiasServer(home, data, args.workers, env=env, log=log) as server:
        url = server.url
        print(f"server {url}: {args.workers} workers; {os.cpu_count()} CPUs; "
              f"{args.requests} x GET {CSV}; settings {args.server_env or 'default'}")
        for _ in range(2 * args.workers):  # each worker opens the cube once
            requests.get(url + "/collections/med-sst-l4/coverage?f=csv&bbox=5,38,5.2,38.2"
                         "&datetime=2016-01-01", timeout=120)
        idle = []
        for _ in range(40):
            t0 = time.perf_counter()
            requests.get(url + CHEAP, timeout=PROBE_TIMEOUT)
            idle.append(time.perf_counter() - t0)
        print(f"/conformance idle:    p50 {ms(statistics.median(idle))}  "
              f"p95 {ms(pct(idle, 95))}")

        stop, latencies, failures = threading.Event(), [], []
        prober = threading.Thread(target=probe, args=(url, stop, latencies, failures))
        until = time.monotonic() + args.duration
        results = [{} for _ in range(args.requests)]
        threads = [threading.Thread(target=heavy, args=(url, until, out)) for out in results]
        with RssSampler(server.proc.pid, interval=0.1) as rss:
            prober.start()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            stop.set()
            prober.join()
        print(f"/conformance loaded:  p50 {ms(statistics.median(latencies))}  "
              f"p95 {ms(pct(latencies, 95))}  max {ms(max(latencies))}  "
              f"n={len(latencies)} failed={len(failures)} {sorted(set(map(str, failures)))}")
        for i, out in enumerate(results):
            first = out.get("first")
            print(f"  csv #{i}: status {out.get('status')}  first byte "
                  f"{'-' if first is None else f'{first:6.2f} s'}  read {out.get('mb', 0):7.1f} MB"
                  + (f"  Retry-After {out['retry_after']}" if out.get("retry_after") else "")
                  + (f"  ({out['error']})" if out.get("error") else ""))
        firsts = [o["first"] for o in results if o.get("status") == 200 and o.get("first")]
        if firsts:
            print(f"time to first byte (200s): min {min(firsts):.2f} s  "
                  f"median {statistics.median(firsts):.2f} s  max {max(firsts):.2f} s")
        took, windows = idle_after(psutil.Process(server.proc.pid))
        idle_text = f"idle after {took:.0f} s" if took != float("inf") else "not idle in 60 s"
        print("after the clients hung up: server CPU s per 1 s window "
              f"{' '.join(f'{w:.2f}' for w in windows)}; {idle_text}")
        print(f"server RSS (master + workers, summed): before {rss.baseline / MB:.0f} MB, "
              f"peak under load {rss.peak / MB:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
