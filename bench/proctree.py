"""Memory and CPU of a process tree (a gunicorn master and its workers, or a subprocess) while
it answers a request or runs, for bench/subset.py. Not a benchmark.

Memory: the summed RSS of the process and all its descendants, sampled every 20 ms in a thread
(baseline just before, peak during); for a subprocess also the peak RSS from wait4()
(ru_maxrss). Since gunicorn workers are forked from the master, a sum of RSS counts shared
pages more than once: tree_breakdown gives USS and PSS per process as well.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path

import psutil
import requests

from harness import REPO, Server

MB = 1024 * 1024


def _tree(root: psutil.Process) -> list[psutil.Process]:
    try:
        return [root] + root.children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _tree_sum(root: psutil.Process, measure) -> float:
    """`measure` summed over a process and all its descendants (those gone are skipped)."""
    total = 0
    for p in _tree(root):
        try:
            total += measure(p)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total


def tree_rss(root: psutil.Process) -> int:
    """RSS of a process and all its descendants, in bytes."""
    return _tree_sum(root, lambda p: p.memory_info().rss)


def tree_cpu(root: psutil.Process) -> float:
    """user+system CPU seconds of a process and all its descendants (threads included)."""
    def cpu(p: psutil.Process) -> float:
        t = p.cpu_times()
        return t.user + t.system

    return _tree_sum(root, cpu)


def tree_breakdown(pid: int) -> str:
    """RSS, USS and PSS of each process of a tree (USS/PSS discount shared pages)."""
    parts, tot = [], [0, 0, 0]
    for i, p in enumerate(_tree(psutil.Process(pid))):
        try:
            m = p.memory_full_info()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        role = "master" if i == 0 else f"worker {p.pid}"
        parts.append(f"{role} rss {m.rss / MB:.0f} uss {m.uss / MB:.0f} pss {m.pss / MB:.0f}")
        tot = [tot[0] + m.rss, tot[1] + m.uss, tot[2] + m.pss]
    return (f"total rss {tot[0] / MB:.0f} MB, uss {tot[1] / MB:.0f} MB, pss {tot[2] / MB:.0f} MB"
            f" ({'; '.join(parts)})")


class RssSampler:
    """Samples the summed RSS of a process tree every `interval` seconds in a thread."""

    def __init__(self, pid: int, interval: float = 0.02):
        self.proc = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            rss = tree_rss(self.proc)
            self.samples += 1
            self.peak = max(self.peak, rss)
            self._stop.wait(self.interval)

    def __enter__(self):
        self.baseline = tree_rss(self.proc)
        self.peak = self.baseline
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, tree_rss(self.proc))


def measured_get(server: Server, path: str, out: Path) -> dict:
    """GET path of a server, streaming the body to `out`; wall time, time to first byte, and
    CPU time and RSS of the server's process tree."""
    root = psutil.Process(server.proc.pid)
    cpu0 = tree_cpu(root)
    with RssSampler(server.proc.pid) as mem:
        t0 = time.perf_counter()
        with requests.get(server.url + path, stream=True, timeout=3600) as r:
            first = None
            with open(out, "wb") as fh:
                for block in r.iter_content(1 << 20):
                    if first is None:
                        first = time.perf_counter() - t0
                    fh.write(block)
            status = r.status_code
            ctype = r.headers.get("Content-Type", "")
        wall = time.perf_counter() - t0
    cpu = tree_cpu(root) - cpu0
    result = {"wall": wall, "cpu": cpu, "ttfb": first, "status": status, "ctype": ctype,
              "baseline": mem.baseline, "peak": mem.peak, "samples": mem.samples,
              "size": out.stat().st_size}
    if status != 200:
        result["body"] = out.read_bytes()[:2000].decode(errors="replace")
    return result


def run_subprocess(cmd: list[str]) -> dict:
    """Run cmd in the repository; wall and CPU time, peak RSS (wait4 and sampled)."""
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    t0 = time.perf_counter()
    with RssSampler(proc.pid) as mem:
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    output = proc.stdout.read().decode(errors="replace")
    proc.stdout.close()
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({proc.returncode}):\n{output}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
            "maxrss": usage.ru_maxrss * 1024, "peak": mem.peak,
            "samples": mem.samples}
