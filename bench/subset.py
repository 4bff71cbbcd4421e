"""Benchmark: one coverage subset of the large Med SST cube, done four ways, plus one
full-cube NetCDF request through opendias. Prints figures; not a test.

The request: bbox 12..20E 40..46N, 2016-03-01..2016-05-31, variable analysed_sst, NetCDF.

  1. opendias over HTTP (`opendias serve`, gunicorn, 2 workers), packaged catalogue
  2. a direct xarray script in a subprocess (open_dataset with chunks, sel, to_netcdf)
  3. ncks hyperslabs (-d lon,12.,20. -d lat,40.,46. -d time,...)
  4. stock pygeoapi (XarrayProvider, coverage, netcdf) under gunicorn, 2 workers

Wall time: median of --repeat runs (after --warmup untimed runs; every run is listed).
Memory: servers, the summed RSS of the gunicorn master and all its children, sampled every
20 ms in a thread (baseline just before the request, peak during it); subprocesses, the
peak RSS from wait4() (ru_maxrss) and from the same sampling.

Then one full-cube NetCDF request through opendias (both variables, the whole year), its
server peak memory, and a day-by-day comparison of the raw packed int16 values with the
source (mask_and_scale=False), never loading the whole cube.

    .venv/bin/python bench/subset.py [--data DIR] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import numpy as np
import psutil
import xarray as xr

from harness import REPO, OpendiasServer, clean_environ
from proctree import MB, measured_get, run_subprocess, tree_breakdown
from stock_pygeoapi import stock_server

PY = sys.executable
SRC_NAME = "SST_MED_SST_L4_REP_OBSERVATIONS_010_021.nc"
BBOX = (12.0, 40.0, 20.0, 46.0)
START, END = "2016-03-01", "2016-05-31"
VAR = "analysed_sst"
QUERY = (f"bbox={BBOX[0]:g},{BBOX[1]:g},{BBOX[2]:g},{BBOX[3]:g}&datetime={START}/{END}"
         f"&properties={VAR}&f=netcdf")


# -- subprocesses ----------------------------------------------------------------------------

XARRAY_SCRIPT = textwrap.dedent(f"""
    import sys
    import xarray as xr
    src, out = sys.argv[1], sys.argv[2]
    ds = xr.open_dataset(src, chunks={{}})
    sub = ds[[{VAR!r}]].sel(lon=slice({BBOX[0]!r}, {BBOX[2]!r}),
                           lat=slice({BBOX[1]!r}, {BBOX[3]!r}),
                           time=slice({START!r}, {END!r}))
    sub.to_netcdf(out, engine="netcdf4", format="NETCDF4")  # keeps the source encoding
""")


# -- checks ----------------------------------------------------------------------------------

def compare(a_path: Path, b_path: Path) -> dict:
    """Decoded and raw values of VAR in two files: shapes, coordinates, max abs diff."""
    res = {}
    with xr.open_dataset(a_path) as a, xr.open_dataset(b_path) as b:
        va, vb = a[VAR], b[VAR]
        res["shape_a"], res["shape_b"] = va.shape, vb.shape
        res["dims_equal"] = va.dims == vb.dims
        res["same_shape"] = va.shape == vb.shape
        if res["same_shape"]:
            res["coords_equal"] = all(np.array_equal(a[d].values, b[d].values)
                                      for d in va.dims)
            x, y = va.values.astype("f8"), vb.values.astype("f8")
            res["nan_equal"] = bool(np.array_equal(np.isnan(x), np.isnan(y)))
            both = ~np.isnan(x) & ~np.isnan(y)
            res["max_abs_diff"] = float(np.abs(x[both] - y[both]).max()) if both.any() else 0.0
            res["valid_cells"] = int(both.sum())
    with xr.open_dataset(a_path, mask_and_scale=False) as a, \
            xr.open_dataset(b_path, mask_and_scale=False) as b:
        va, vb = a[VAR], b[VAR]
        res["dtype_a"], res["dtype_b"] = str(va.dtype), str(vb.dtype)
        res["packing_a"] = (va.attrs.get("scale_factor"), va.attrs.get("add_offset"),
                            va.attrs.get("_FillValue"))
        res["packing_b"] = (vb.attrs.get("scale_factor"), vb.attrs.get("add_offset"),
                            vb.attrs.get("_FillValue"))
        res["raw_identical"] = bool(va.shape == vb.shape and va.dtype == vb.dtype
                                    and np.array_equal(va.values, vb.values))
    return res


def compare_full(src: Path, out: Path) -> dict:
    """Raw packed values of every variable, one time step at a time."""
    res = {"vars": {}, "ok": True}
    with xr.open_dataset(src, mask_and_scale=False) as a, \
            xr.open_dataset(out, mask_and_scale=False) as b:
        res["coords_equal"] = all(np.array_equal(a[c].values, b[c].values)
                                  for c in ("time", "lat", "lon"))
        res["ok"] &= res["coords_equal"]
        for name in a.data_vars:
            va = a[name]
            if name not in b:
                res["vars"][name] = "MISSING in output"
                res["ok"] = False
                continue
            vb = b[name]
            info = {"shape": (va.shape, vb.shape), "dtype": (str(va.dtype), str(vb.dtype))}
            attrs_ok = all(np.array_equal(np.asarray(va.attrs.get(k)), np.asarray(vb.attrs.get(k)))
                           for k in ("scale_factor", "add_offset", "_FillValue"))
            info["packing_equal"] = attrs_ok
            bad_days = 0
            if va.shape == vb.shape and va.dtype == vb.dtype:
                for i in range(va.shape[0]):
                    if not np.array_equal(va[i].values, vb[i].values):
                        bad_days += 1
                info["days_compared"] = va.shape[0]
                info["days_different"] = bad_days
                same = bad_days == 0
            else:
                same = False
            info["identical"] = same and attrs_ok
            res["ok"] &= info["identical"]
            res["vars"][name] = info
    return res


# -- helpers ---------------------------------------------------------------------------------

def mb(n: float) -> str:
    return f"{n / MB:8.1f} MB"


def ensure_data(data: Path) -> Path:
    src = data / SRC_NAME
    if not src.exists():
        print(f"generating the large Med SST in {data} (once; reused) ...", flush=True)
        t0 = time.perf_counter()
        subprocess.run([PY, "-m", "opendias.cli", "sample-data", "--size", "large", "--only",
                        "med-sst", "--out", str(data)], cwd=REPO, check=True)
        print(f"  done in {time.perf_counter() - t0:.1f} s", flush=True)
    return src


def fmt_runs(runs: list[float]) -> str:
    return ", ".join(f"{r:.2f}" for r in runs)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(REPO / "var" / "bench-data"),
                        help="folder with (or for) the large Med SST (default var/bench-data)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per way (median)")
    parser.add_argument("--warmup", type=int, default=2,
                        help="untimed rounds first (default 2: one per gunicorn worker, "
                             "which open the dataset on their first request)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--skip-full", action="store_true", help="skip the full-cube request")
    parser.add_argument("--stock-full", action="store_true",
                        help="also the full cube through stock pygeoapi (needs ~5 GB of RAM); "
                             "properties are named, otherwise stock returns the file as is")
    parser.add_argument("--opendias-env", action="append", default=[], metavar="NAME=VALUE",
                        help="extra environment for the opendias server (repeatable), to try "
                             "settings, e.g. DASK_SCHEDULER=synchronous")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)

    data = Path(args.data).resolve()
    data.mkdir(parents=True, exist_ok=True)
    src = ensure_data(data)
    ncks = shutil.which("ncks")
    if ncks is None:
        print("ncks not found (apt-get install nco)", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="opendias-bench-"))
    out = tmp / "out"
    out.mkdir()
    print(f"opendias subset benchmark  {dt.datetime.now(dt.timezone.utc):%Y-%m-%dT%H:%M:%SZ}")
    print(f"host: {os.cpu_count()} CPUs, {psutil.virtual_memory().total / 2**30:.1f} GiB RAM; "
          f"python {sys.version.split()[0]}; xarray {xr.__version__}")
    with xr.open_dataset(src) as ds:
        sizes = dict(ds.sizes)
        values = sum(v.size * v.encoding.get("dtype", v.dtype).itemsize
                     for v in ds.data_vars.values())
    print(f"source: {src} ({src.stat().st_size / MB:.0f} MB on disk, {values / MB:.0f} MB of "
          f"packed values, {sizes})")
    print(f"request: {QUERY}")
    print(f"runs per way: {args.warmup} warm-up (untimed) + {args.repeat} timed, round-robin; "
          f"gunicorn workers: {args.workers}")
    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())} on "
          f"{os.cpu_count()} CPUs" + ("  (BUSY MACHINE: other processes compete for the CPUs; "
                                       "wall times are inflated, compare cpu times too)"
                                       if os.getloadavg()[0] > 0.5 * os.cpu_count() else ""))
    print()

    # -- servers --
    if args.opendias_env:
        print(f"opendias server extra environment: {' '.join(args.opendias_env)}")
    opendias = OpendiasServer(tmp / "opendias-home", data, args.workers, base_env=clean_environ(),
                              env={"OPENDIAS_MAX_SYNC_CELLS": "2000000000",
                                   **{name: value for name, _, value in
                                      (item.partition("=") for item in args.opendias_env)}},
                              log=tmp / "opendias.log")
    try:
        stock = stock_server(tmp / "stock", src, args.workers, tmp / "stock.log")
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return 2

    results: dict[str, dict] = {}
    files: dict[str, Path] = {}
    try:
        started = opendias.start(timeout=180)
        print(f"opendias server up in {started:.1f} s (port {opendias.port}, "
              f"pid {opendias.proc.pid})")
        started = stock.start(timeout=180)
        print(f"stock pygeoapi server up in {started:.1f} s (port {stock.port}, "
              f"pid {stock.proc.pid})")
        time.sleep(2)  # let both workers of each finish booting
        print(f"opendias idle: {tree_breakdown(opendias.proc.pid)}")
        print(f"stock idle:    {tree_breakdown(stock.proc.pid)}")
        print()

        ways = {
            "opendias": lambda o: measured_get(opendias,
                                               f"/collections/med-sst-l4/coverage?{QUERY}", o),
            "xarray": lambda o: run_subprocess([PY, "-c", XARRAY_SCRIPT, str(src), str(o)]),
            "ncks": lambda o: run_subprocess([ncks, "-O", "-d", f"lon,{BBOX[0]:.1f},{BBOX[2]:.1f}",
                                              "-d", f"lat,{BBOX[1]:.1f},{BBOX[3]:.1f}",
                                              "-d", f"time,{START},{END} 23:59", "-v", VAR,
                                              str(src), str(o)]),
            "stock": lambda o: measured_get(stock, f"/collections/sst/coverage?{QUERY}", o),
        }
        # round-robin: each round runs every way once, so a change in the machine's load
        # during the benchmark falls on all ways alike
        results = {name: {"runs": []} for name in ways}
        for i in range(args.warmup + args.repeat):
            for name, fn in ways.items():
                target = out / f"{name}-{i}.nc"
                r = fn(target)
                if r.get("status", 200) != 200:
                    print(f"{name}: HTTP {r['status']} {r['ctype']}\n{r.get('body')}")
                    raise SystemExit(1)
                r["warmup"] = i < args.warmup
                results[name]["runs"].append(r)
                files[name] = target
        for name in ways:
            timed = [r for r in results[name]["runs"] if not r["warmup"]]
            results[name]["median"] = statistics.median(r["wall"] for r in timed)
            results[name]["cpu"] = statistics.median(r["cpu"] for r in timed)

        # -- report: subset --
        print("== subset: bbox 12,40,20,46, 2016-03-01/2016-05-31, analysed_sst, NetCDF ==")
        print("wall = median of the timed runs; cpu = median user+system CPU seconds (for a "
              "server: of the whole gunicorn tree during the request)")
        print(f"{'way':9s} {'wall s':>7s} {'cpu s':>6s}  {'all runs, s (warm-up first)':34s} memory")
        for name in ways:
            runs = results[name]["runs"]
            timed = [r for r in runs if not r["warmup"]]
            walls = "[" + fmt_runs([r["wall"] for r in runs]) + "]"
            if "baseline" in runs[0]:
                worst = max(timed, key=lambda r: r["peak"])
                mem = (f"server tree (master+workers RSS): baseline {worst['baseline'] / MB:.0f} "
                       f"MB, peak {worst['peak'] / MB:.0f} MB "
                       f"(+{(worst['peak'] - worst['baseline']) / MB:.0f} MB)")
            else:
                worst = max(timed, key=lambda r: r["maxrss"])
                mem = (f"process peak RSS {worst['maxrss'] / MB:.0f} MB (wait4 ru_maxrss; "
                       f"20 ms sampling saw {worst['peak'] / MB:.0f} MB)")
            print(f"{name:9s} {results[name]['median']:7.3f} {results[name]['cpu']:6.3f}  "
                  f"{walls:34s} {mem}")
        print("output sizes: " + ", ".join(f"{n} {files[n].stat().st_size / 1024:.0f} KiB"
                                           for n in ways))
        od, nk, st = (results[k]["median"] for k in ("opendias", "ncks", "stock"))
        print()
        odc, nkc, stc = (results[k]["cpu"] for k in ("opendias", "ncks", "stock"))
        print(f"ratio opendias/ncks           wall time: {od / nk:5.2f}x  (target <= 1.5x: "
              f"{'MET' if od / nk <= 1.5 else 'MISSED'});  cpu time: {odc / nkc:5.2f}x")
        print(f"ratio opendias/stock pygeoapi wall time: {od / st:5.2f}x  (target < 1x:    "
              f"{'MET' if od < st else 'MISSED'});  cpu time: {odc / stc:5.2f}x")
        def per_round(a: str, b: str) -> float:
            ra = [r["wall"] for r in results[a]["runs"] if not r["warmup"]]
            rb = [r["wall"] for r in results[b]["runs"] if not r["warmup"]]
            return statistics.median(x / y for x, y in zip(ra, rb))

        print(f"median of per-round wall ratios (same minute, so less sensitive to load): "
              f"opendias/ncks {per_round('opendias', 'ncks'):.2f}x, opendias/stock "
              f"{per_round('opendias', 'stock'):.2f}x")
        od_peak = max(r["peak"] - r["baseline"] for r in results["opendias"]["runs"]
                      if not r["warmup"])
        st_peak = max(r["peak"] - r["baseline"] for r in results["stock"]["runs"]
                      if not r["warmup"])
        print(f"ratio opendias/stock pygeoapi memory growth during request: "
              f"{od_peak / MB:.0f} MB / {st_peak / MB:.0f} MB")
        ttfb = [r["ttfb"] for r in results["opendias"]["runs"] if not r["warmup"]]
        print(f"opendias time to first byte (median): {statistics.median(ttfb):.3f} s")
        print()

        print("== values (analysed_sst), each against ncks ==")
        all_same = True
        for name in ("opendias", "xarray", "stock"):
            c = compare(files[name], files["ncks"])
            same = (c["same_shape"] and c.get("coords_equal") and c.get("nan_equal")
                    and c.get("max_abs_diff") == 0.0)
            all_same &= bool(same)
            print(f"{name:9s} vs ncks: shape {c['shape_a']} vs {c['shape_b']} "
                  f"(equal: {c['same_shape']}); coords equal: {c.get('coords_equal')}; "
                  f"missing cells equal: {c.get('nan_equal')}; max abs diff (decoded): "
                  f"{c.get('max_abs_diff')} over {c.get('valid_cells')} cells; "
                  f"raw int16 identical: {c['raw_identical']} "
                  f"({c['dtype_a']} {c['packing_a']} / {c['dtype_b']} {c['packing_b']})")
        with xr.open_dataset(files["ncks"]) as n:
            lon, lat, t = n["lon"].values, n["lat"].values, n["time"].values
        print(f"ncks selection: lon {lon[0]:g}..{lon[-1]:g} ({lon.size}), lat {lat[0]:g}..{lat[-1]:g}"
              f" ({lat.size}), time {str(t[0])[:10]}..{str(t[-1])[:10]} ({t.size}); "
              "expected from the source's cell centres inside the box, edges included: "
              + _expected(src))
        print(f"all outputs hold the same values: {'YES' if all_same else 'NO'}")
        print()

        if not args.skip_full:
            print("== full cube through opendias: /collections/med-sst-l4/coverage?f=netcdf ==")
            full = out / "opendias-full.nc"
            print(f"server before: {tree_breakdown(opendias.proc.pid)}")
            r = measured_get(opendias, "/collections/med-sst-l4/coverage?f=netcdf", full)
            print(f"server after:  {tree_breakdown(opendias.proc.pid)}")
            if r["status"] != 200:
                print(f"HTTP {r['status']} {r['ctype']}\n{r.get('body')}")
            else:
                grow = r["peak"] - r["baseline"]
                print(f"wall {r['wall']:.2f} s, cpu {r['cpu']:.2f} s (first byte after "
                      f"{r['ttfb']:.2f} s), "
                      f"{r['size'] / MB:.0f} MB written; server tree baseline "
                      f"{r['baseline'] / MB:.0f} MB, peak {r['peak'] / MB:.0f} MB "
                      f"(+{grow / MB:.0f} MB; {r['samples']} samples)")
                print(f"peak server memory {r['peak'] / MB:.0f} MB, target < 600 MB: "
                      f"{'MET' if r['peak'] < 600 * MB else 'MISSED'} "
                      "(stock pygeoapi: 4.7 GB on this cube)")
                t0 = time.perf_counter()
                c = compare_full(src, full)
                for name, info in c["vars"].items():
                    print(f"  {name}: {info}")
                print(f"  coordinates equal: {c['coords_equal']}; compared day by day in "
                      f"{time.perf_counter() - t0:.1f} s")
                print(f"raw packed values byte-identical to the source: "
                      f"{'YES' if c['ok'] else 'NO'}")
                full.unlink()
                ref = out / "ncks-full.nc"
                n = run_subprocess([ncks, "-O", "-v", "analysis_error,analysed_sst", str(src),
                                    str(ref)])
                print(f"for reference, ncks copying the same: wall {n['wall']:.2f} s, cpu "
                      f"{n['cpu']:.2f} s, peak RSS {n['maxrss'] / MB:.0f} MB; opendias/ncks "
                      f"wall {r['wall'] / n['wall']:.2f}x")
                ref.unlink()
            print()
        if args.stock_full:
            print("== full cube through stock pygeoapi: /collections/sst/coverage?"
                  "properties=analysed_sst,analysis_error&f=netcdf ==")
            full = out / "stock-full.nc"
            r = measured_get(stock, "/collections/sst/coverage?properties=analysed_sst,"
                             "analysis_error&f=netcdf", full)
            print(f"HTTP {r['status']}: wall {r['wall']:.2f} s, cpu {r['cpu']:.2f} s, "
                  f"{r['size'] / MB:.0f} MB; server tree baseline {r['baseline'] / MB:.0f} MB, "
                  f"peak {r['peak'] / MB:.0f} MB (+{(r['peak'] - r['baseline']) / MB:.0f} MB)")
            full.unlink()
            print()
        print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    finally:
        opendias.stop()
        stock.stop()
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


def _expected(src: Path) -> str:
    with xr.open_dataset(src) as ds:
        lon = ds["lon"].values.astype("f8")
        lat = ds["lat"].values.astype("f8")
        t = ds["time"].values
    nx = int(((lon >= BBOX[0]) & (lon <= BBOX[2])).sum())
    ny = int(((lat >= BBOX[1]) & (lat <= BBOX[3])).sum())
    nt = int(((t >= np.datetime64(START)) & (t < np.datetime64(END) + np.timedelta64(1, "D"))).sum())
    return f"({nt}, {ny}, {nx})"


if __name__ == "__main__":
    sys.exit(main())
