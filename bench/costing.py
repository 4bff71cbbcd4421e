"""Benchmark: how close the cost of a job (processes.costing, what POST
/processes/{id}/costing answers) is to what the job then takes: for a mix of jobs on the
benchmark data, the estimated result size against the file written, and the estimated CPU
seconds against the CPU time measured while the operation runs (one process, dask's
synchronous scheduler: the CPU of one Dask worker running one job). Prints a table and the
cells read per CPU second (processes.costing.CELLS_PER_CPU_SECOND and
CSV_CELLS_PER_CPU_SECOND are set from it). Not a test.

    .venv/bin/opendias sample-data --size large --out /work/bench-data
    OPENDIAS_DATA_DIR=/work/bench-data .venv/bin/python bench/costing.py
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

JOBS = [
    ("subset", {"dataset": "med-sst-l4", "datetime": "2016-03-01/2016-03-31",
                "variables": ["analysed_sst"], "format": "netcdf"}),
    ("subset", {"dataset": "med-sst-l4", "bbox": [5, 38, 10, 42],
                "datetime": "2016-03-01/2016-03-10", "variables": ["analysed_sst"],
                "format": "csv"}),
    ("subset", {"dataset": "era5-single-levels", "datetime": "2020-01-01/2020-01-07",
                "format": "zarr-zip"}),
    ("regrid", {"dataset": "med-sst-l4", "datetime": "2016-03-01/2016-03-10",
                "variables": ["analysed_sst"], "resolution": [0.1], "method": "bilinear"}),
    ("statistics", {"dataset": "med-sst-l4", "variables": ["analysed_sst"], "kind": "spatial",
                    "stats": ["mean", "max"], "format": "csv"}),
    ("statistics", {"dataset": "era5-single-levels", "kind": "temporal", "frequency": "day",
                    "stats": ["mean"], "format": "netcdf"}),
]


class _Context:
    def __init__(self, workdir: Path):
        self.workdir, self.media_types = workdir, {}

    def progress(self, *args, **kwargs):
        pass


def main() -> None:
    import dask

    from processes.costing import CELLS_PER_CPU_SECOND, estimate
    from processes.registry import get_operation

    dask.config.set(scheduler="synchronous")
    print(f"{'process':<11} {'dataset':<19} {'fmt':<8} {'cells read':>12} "
          f"{'est. MiB':>9} {'file MiB':>9} {'file/est':>8} {'est. CPU s':>10} "
          f"{'CPU s':>7} {'CPU/est':>7} {'cells/CPU s':>12}")
    rates = []
    for process_id, data in JOBS:
        op = get_operation(process_id)
        inputs = op.validate(data)
        cost = estimate(op, inputs)
        with tempfile.TemporaryDirectory() as tmp:
            ctx = _Context(Path(tmp))
            start = time.process_time()
            op.run(inputs, ctx)
            cpu = time.process_time() - start
            size = sum(p.stat().st_size for p in Path(tmp).iterdir())
        rate = cost.cells_read / cpu if cpu else float("inf")
        rates.append(rate)
        mib = 1024 * 1024
        print(f"{process_id:<11} {inputs['dataset']:<19} {inputs['format']:<8} "
              f"{cost.cells_read:>12,} {cost.bytes_written / mib:>9.1f} {size / mib:>9.1f} "
              f"{size / cost.bytes_written:>8.2f} {cost.cpu_seconds:>10.2f} {cpu:>7.2f} "
              f"{cpu / max(cost.cpu_seconds, 0.01):>7.2f} {rate:>12,.0f}")
    print(f"cells per CPU second: min {min(rates):,.0f}, max {max(rates):,.0f}; "
          f"processes.costing assumes {CELLS_PER_CPU_SECOND:,}")


if __name__ == "__main__":
    os.environ.setdefault("OPENDIAS_HOME", tempfile.mkdtemp(prefix="opendias-costing-"))
    main()
