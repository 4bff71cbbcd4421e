"""Benchmark: the bench/subset.py request on the large Med SST, from the local NetCDF file and
from the same data as a Zarr store in a local S3 server (SeaweedFS, tests/s3_server.py), in
one run through one `opendias serve`. Prints figures; not a test.

The request: /collections/{id}/coverage?bbox=12,40,20,46&datetime=2016-03-01/2016-05-31
&properties=analysed_sst&f=netcdf, for `med-sst-l4` (the file) and `med-sst-s3` (the Zarr
store written by opendias.sample_zarr, the file's chunks: one day a chunk).

Figures, per source: wall time (median of --repeat after one warm-up), bytes the service's
process tree read from files (the kernel's `rchar` of every process: read() and pread(), not
a socket's recv()), and for S3 the GET requests and the bytes SeaweedFS sent (its metrics).
The two answers are compared value by value.

    OPENDIAS_DATA_DIR=/work/bench-data .venv/bin/python bench/s3.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import psutil
import requests
import xarray as xr
import yaml

from harness import REPO, OpendiasServer
from proctree import _tree_sum

sys.path.insert(0, str(REPO / "tests"))
from s3_server import S3Server  # noqa: E402 - the tests' helper

SRC = "SST_MED_SST_L4_REP_OBSERVATIONS_010_021"
BUCKET = "opendias-bench"
QUERY = ("bbox=12,40,20,46&datetime=2016-03-01/2016-05-31&properties=analysed_sst"
         "&f=netcdf")


def _rchar(pid: int) -> int:
    return int(_tree_sum(psutil.Process(pid), lambda p: p.io_counters().read_chars))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    data_dir = Path(os.environ.get("OPENDIAS_DATA_DIR") or "/work/bench-data")
    if not (data_dir / f"{SRC}.nc").exists():
        from opendias import sample_data

        sample_data.generate(data_dir, "large", only=["med-sst"])
    home = Path(tempfile.mkdtemp(prefix="opendias-bench-s3-"))
    with S3Server() as s3:
        os.environ.update(s3.env())
        s3.bucket(BUCKET)
        from opendias.sample_zarr import as_zarr

        t0 = time.perf_counter()
        store = as_zarr(data_dir / f"{SRC}.nc", f"s3://{BUCKET}/sst")
        written = s3.metric("SeaweedFS_s3_bucket_traffic_received_bytes_total", bucket=BUCKET)
        print(f"wrote {store} in {time.perf_counter() - t0:.1f} s ({written / 1e6:.0f} MB)")
        raw = yaml.safe_load((REPO / "opendias" / "catalogue.yml").read_text())
        sst = next(d for d in raw["datasets"] if d["id"] == "med-sst-l4")
        raw["datasets"].append({**sst, "id": "med-sst-s3", "source": {"zarr": store}})
        catalogue = home / "catalogue.yml"
        catalogue.write_text(yaml.safe_dump(raw, sort_keys=False))
        server = OpendiasServer(home, data_dir, workers=1, log=home / "server.log",
                                env={**s3.env(), "OPENDIAS_CATALOGUE": str(catalogue),
                                     "OPENDIAS_ANONYMOUS": "catalogue,maps,subset,download"})
        results = {}
        try:
            server.start(timeout=120)
            for dataset in ("med-sst-l4", "med-sst-s3"):
                url = f"{server.url}/collections/{dataset}/coverage?{QUERY}"
                out = home / f"{dataset}.nc"
                runs = []
                for i in range(args.repeat + 1):
                    rchar0, gets0 = _rchar(server.proc.pid), s3.requests("GET", BUCKET)
                    sent0 = s3.sent_bytes(BUCKET)
                    t0 = time.perf_counter()
                    with requests.get(url, stream=True, timeout=600) as r:
                        r.raise_for_status()
                        with open(out, "wb") as fh:
                            for block in r.iter_content(1 << 20):
                                fh.write(block)
                    wall = time.perf_counter() - t0
                    if i:  # the first run opens the dataset: not counted
                        runs.append({"wall": wall, "rchar": _rchar(server.proc.pid) - rchar0,
                                     "gets": s3.requests("GET", BUCKET) - gets0,
                                     "sent": s3.sent_bytes(BUCKET) - sent0})
                results[dataset] = (runs, out)
        finally:
            server.stop()
        local, remote = (xr.open_dataset(results[d][1]) for d in ("med-sst-l4", "med-sst-s3"))
        same = np.array_equal(local["analysed_sst"].values, remote["analysed_sst"].values,
                              equal_nan=True)
        shape = local["analysed_sst"].shape
        local.close(), remote.close()
    print(f"request: {QUERY} -> analysed_sst {shape}; values equal: {same}")
    for dataset, (runs, out) in results.items():
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        line = (f"  {dataset:11s} wall {med['wall']:.2f} s (runs: "
                f"{', '.join(f'{r['wall']:.2f}' for r in runs)}), service read() "
                f"{med['rchar'] / 1e6:.1f} MB, answer {out.stat().st_size / 1e6:.1f} MB")
        if dataset.endswith("s3"):
            line += f", S3 GETs {med['gets']:.0f}, S3 sent {med['sent'] / 1e6:.1f} MB"
        print(line)
    shutil.rmtree(home, ignore_errors=True)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
