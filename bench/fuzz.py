"""Benchmark: a longer schemathesis run over the whole OpenAPI document, offline.

Starts `opendias serve` (gunicorn, 2 workers) on the test configuration (the small sample
data plus the real files of tests/data/real, every capability open to anonymous requests, as
the test suite does), runs schemathesis with the checks of tests/test_openapi.py (no 5xx; status
code, media type and body as documented) over every operation, all collections included,
and prints the status counts per operation.

    .venv/bin/python bench/fuzz.py                       # 100 examples an operation
    .venv/bin/python bench/fuzz.py --examples 300 --phases examples,coverage,fuzzing
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))


def status_counts(ndjson: Path) -> dict[str, Counter]:
    """{"METHOD path": Counter(status)} from schemathesis' NDJSON event report."""
    counts: dict[str, Counter] = defaultdict(Counter)

    def walk(node, label=None):
        if isinstance(node, dict):
            if "response" in node and isinstance(node.get("response"), dict) and label:
                status = node["response"].get("status_code")
                if status is not None:
                    counts[label][status] += 1
            label = node.get("label", label) if isinstance(node.get("label"), str) else label
            for value in node.values():
                walk(value, label)
        elif isinstance(node, list):
            for value in node:
                walk(value, label)

    for line in ndjson.read_text().splitlines():
        walk(json.loads(line))
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=100)
    parser.add_argument("--phases", default="examples,fuzzing")
    parser.add_argument("--seed", type=int)
    args = parser.parse_args()

    import conftest  # the test configuration: OPENDIAS_HOME, data, catalogue, anonymous
    from test_openapi import schemathesis_command

    report = Path(tempfile.mkdtemp(prefix="opendias-fuzz-"))
    with conftest.Server(workers=2) as server:
        extra = ["--seed", str(args.seed)] if args.seed else []
        cmd = schemathesis_command(server.url, args.examples, report, *extra)
        cmd[cmd.index("--phases") + 1] = args.phases
        t0 = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=report)
        elapsed = time.perf_counter() - t0
    tail = [line for line in done.stdout.splitlines() if line.strip()][-12:]
    print("\n".join(tail))
    files = sorted(report.glob("*.ndjson"))
    counts = status_counts(files[-1]) if files else {}
    total = Counter()
    print(f"\n{'operation':58} statuses")
    for label in sorted(counts):
        total.update(counts[label])
        print(f"{label[:58]:58} " + " ".join(f"{s}:{n}" for s, n in sorted(counts[label].items())))
    classes = Counter()
    for status, n in total.items():
        classes[f"{status // 100}xx"] += n
    print(f"\n{sum(total.values())} requests in {elapsed:.0f} s; by class: "
          + ", ".join(f"{k} {v}" for k, v in sorted(classes.items()))
          + f"; schemathesis exit code {done.returncode} (0: no failure)")
    sys.exit(done.returncode)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
