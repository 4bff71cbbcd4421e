"""The cost of identity per request: the latency a request pays for having its credentials
checked (a personal access token as Bearer, as PRIVATE-TOKEN, as Basic; an access token from
/gettoken) and its quota counted (requests_per_minute, one conditional increment in the
database per request: the bench's plan has a limit it never reaches), against the same
request sent anonymously, in one run, on a cheap endpoint
(`GET /conformance?f=json`), through `opendias serve` (gunicorn). Target: at most 2 ms added
at the median.

    .venv/bin/python bench/auth.py [--requests 400] [--workers 2]

The ways are interleaved request by request, so a change in the machine's load falls on all
of them alike. Prints p50 and p95 of each way and the added latency against anonymous.
"""

from __future__ import annotations

import argparse
import base64
import os
import statistics
import subprocess
import sys
import tempfile
import time

from harness import OpendiasServer, clean_environ

PATH = "/conformance?f=json"
PASSWORD = "a long passphrase for timing"


PLANS = """plans:
  bench:
    capabilities: [catalogue, maps, subset, download, processes]
    requests_per_minute: 1000000000
"""


def _plans_env(home: str) -> dict[str, str]:
    path = os.path.join(home, "plans.yml")
    if not os.path.exists(path):
        with open(path, "w") as f:
            f.write(PLANS)
    return {"OPENDIAS_PLANS": path}


def _cli(home: str, *args: str) -> str:
    env = {**clean_environ(), "OPENDIAS_HOME": home, **_plans_env(home)}
    done = subprocess.run([sys.executable, "-m", "opendias.cli", *args], env=env,
                          capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise SystemExit(f"opendias {' '.join(args[:2])}: {done.stderr.strip()}")
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=400, help="requests per way")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="opendias-bench-auth-") as home:
        data = os.path.join(home, "data")
        _cli(home, "sample-data", "--size", "small", "--out", data)
        _cli(home, "users", "add", "bench", "--email", "bench@example.org", "--password",
             PASSWORD, "--plan", "bench")
        token = _cli(home, "tokens", "create", "bench", "--label", "bench")
        with OpendiasServer(home, data, workers=args.workers, base_env=clean_environ(),
                            env=_plans_env(home),
                            log=os.path.join(home, "server.log")) as server:
            grant = server.http.post(server.url + "/gettoken", timeout=30,
                                     json={"username": "bench", "password": PASSWORD}).json()
            basic = base64.b64encode(f"bench:{token}".encode()).decode()
            ways = {
                "anonymous": {},
                "Bearer personal token": {"Authorization": f"Bearer {token}"},
                "PRIVATE-TOKEN": {"PRIVATE-TOKEN": token},
                "Basic name:token": {"Authorization": f"Basic {basic}"},
                "Bearer access token (JWT)": {"Authorization":
                                              f"Bearer {grant['access_token']}"},
            }
            times = {name: [] for name in ways}
            for name, headers in ways.items():  # warm-up: every worker, every way
                for _ in range(20):
                    server.http.get(server.url + PATH, headers=headers, timeout=30)
            for _ in range(args.requests):
                for name, headers in ways.items():
                    t0 = time.perf_counter()
                    resp = server.http.get(server.url + PATH, headers=headers, timeout=30)
                    times[name].append((time.perf_counter() - t0) * 1000)
                    if resp.status_code != 200 or (
                            headers and "X-Quota-Remaining" not in resp.headers):
                        print(f"{name}: HTTP {resp.status_code}: {resp.text[:200]}")
                        return 1
    base = statistics.median(times["anonymous"])
    print(f"GET {PATH} through gunicorn ({args.workers} workers), {args.requests} requests per "
          f"way, interleaved; load average {os.getloadavg()[0]:.2f}")
    ok = True
    for name, values in times.items():
        p50, p95 = statistics.median(values), _pct(values, 95)
        added = p50 - base
        line = f"  {name:28s} p50 {p50:6.2f} ms  p95 {p95:6.2f} ms"
        if name != "anonymous":
            met = added <= 2.0
            ok &= met
            line += f"  added at p50 {added:+.2f} ms (target <= 2 ms: {'MET' if met else 'MISSED'})"
        print(line)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
