"""GDAL's OGC API driver and Range reads against `opendias serve` (gunicorn, 2 workers):

- `gdal_translate -oo API=COVERAGE` of the whole Med SST collection (1306 x 379 cells, two
  int16 bands: 12 GeoTIFF block requests of 256 x 256 with scaleSize) and of a 10 x 7 degree
  window; `-oo API=MAP -outsize 1024 0` (PNG blocks);
- one NetCDF coverage URL read in byte ranges: the first request (the file is made) against
  the next ranges of the same URL (read from the answer cache), and `gdalinfo -checksum
  /vsicurl/` of a GeoTIFF coverage URL.

Prints the median wall time of each over --repeat runs.

    .venv/bin/python bench/gdal_ranges.py [--repeat 5] [--data DIR]   # DIR: sample data
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import requests

from harness import OpendiasServer, clean_environ


def _timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _run(*cmd: str) -> None:
    subprocess.run(cmd, check=True, capture_output=True, env={"PATH": "/usr/bin:/bin"})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--data", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        data = Path(args.data) if args.data else Path(home) / "data"
        if not args.data:
            from opendias import sample_data

            sample_data.generate(data, "small")
        env = {**clean_environ(), "OPENDIAS_ANONYMOUS": "catalogue,maps,subset,download"}
        with OpendiasServer(home, data, workers=2, base_env=env) as server:
            sst = f"OGCAPI:{server.url}/collections/med-sst-l4"
            out = Path(home) / "out"
            figures = {
                "gdal_translate COVERAGE, whole (12 blocks)": lambda: _run(
                    "gdal_translate", "-oo", "API=COVERAGE", "-oo", "CACHE=NO", sst,
                    f"{out}.tif"),
                "gdal_translate COVERAGE, 10x7 deg window": lambda: _run(
                    "gdal_translate", "-oo", "API=COVERAGE", "-oo", "CACHE=NO", "-projwin",
                    "5", "43", "15", "36", sst, f"{out}-w.tif"),
                "gdal_translate MAP, 1024 px wide PNG": lambda: _run(
                    "gdal_translate", "-of", "PNG", "-oo", "API=MAP", "-oo", "CACHE=NO",
                    "-outsize", "1024", "0", sst, f"{out}.png"),
            }
            for name, fn in figures.items():
                print(f"{name:48s} {_timed(fn, args.repeat) * 1000:8.0f} ms")
            base = (f"{server.url}/collections/med-sst-l4/coverage?bbox=5,38,15,44"
                    "&datetime=2016-03-01/2016-03-03&f=netcdf")
            firsts, ranges = [], []
            for i in range(args.repeat):
                url = f"{base}&properties=analysed_sst,analysis_error&n={i}"  # a new answer
                t0 = time.perf_counter()
                requests.get(url, headers={"Range": "bytes=0-1023"}, timeout=120)
                firsts.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                requests.get(url, headers={"Range": "bytes=4096-8191"}, timeout=120)
                ranges.append(time.perf_counter() - t0)
            print(f"{'NetCDF range, first request (made)':48s} "
                  f"{statistics.median(firsts) * 1000:8.0f} ms")
            print(f"{'NetCDF range, next range (cached)':48s} "
                  f"{statistics.median(ranges) * 1000:8.0f} ms")
            tif = f"/vsicurl/{base.replace('f=netcdf', 'f=geotiff')}"
            print(f"{'gdalinfo -checksum /vsicurl/ GeoTIFF':48s} "
                  f"{_timed(lambda: _run('gdalinfo', '-checksum', tif), args.repeat) * 1000:8.0f} ms")


if __name__ == "__main__":
    main()
