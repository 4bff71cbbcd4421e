"""Benchmark: opendias regrid and field mean against CDO on the large Med SST cube.

    python bench/compute.py --data DIR          # DIR holds SST_MED_SST_L4_REP_..._021.nc
    python bench/compute.py                     # generates the large sample (a few minutes)

1. Regrid January 2016 (31 days, 379 x 1306 cells, int16 packed, land masked) to a 0.25 deg
   lon/lat grid over the Med, bilinear: opendias `subset_cube` + `regrid` + `write_netcdf`
   vs `cdo -b F32 remapbil,GRIDFILE -seldate,... -selname,analysed_sst`.
2. Area-weighted field mean of the whole year (366 steps): opendias `spatial_statistics`
   written to NetCDF vs `cdo -b F64 fldmean -selname,analysed_sst`.
3. (--monmean) monthly means of the year: `temporal_statistics` vs `cdo monmean`.
Each opendias run opens the cube anew (as a fresh worker would), uses the default dask
threaded scheduler, and writes its result to a file, as CDO does. Prints both wall times,
the ratio opendias/CDO, and the largest difference of the values.
Targets: within 1.5x of CDO's time; values equal within 1e-4 K.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import xarray as xr

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from opendias.catalogue import DatasetEntry  # noqa: E402
from opendias.datacube import clear_cache, open_cube  # noqa: E402
from opendias.operations.formats import write_netcdf  # noqa: E402
from opendias.operations.regrid import regrid  # noqa: E402
from opendias.operations.statistics import spatial_statistics, temporal_statistics  # noqa: E402
from opendias.operations.subset import subset_cube  # noqa: E402

FILE = "SST_MED_SST_L4_REP_OBSERVATIONS_010_021.nc"
BBOX = (-18.0, 30.25, 36.25, 46.0)  # cell edges of the 0.25 deg target grid
RES = 0.25


def cube_of(path: Path):
    clear_cache()
    entry = DatasetEntry(id="med-sst-l4-large", dataset_id="EO:MO:DAT:SST_MED_BENCH",
                         title="Med SST large", abstract="bench", service="CMEMS",
                         source={"path": str(path), "format": "netcdf"})
    return open_cube(entry)


def run_cdo(args: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(["cdo", "-s", *args], check=True)
    return time.perf_counter() - t0


def max_diff(a: np.ndarray, b: np.ndarray) -> tuple[float, int]:
    a = np.asarray(a, "f8")
    b = np.asarray(b, "f8").reshape(a.shape)
    na, nb = np.isnan(a), np.isnan(b)
    both = ~na & ~nb
    return float(np.max(np.abs(a[both] - b[both]))), int((na != nb).sum())


def report(name: str, t_ours: float, t_cdo: float, diff: float, nan_mismatch: int,
           cells: int) -> bool:
    ratio = t_ours / t_cdo
    ok_t, ok_v = ratio <= 1.5, diff <= 1e-4
    print(f"{name}:\n  opendias {t_ours:7.2f} s   cdo {t_cdo:7.2f} s   ratio {ratio:5.2f}"
          f" ({'OK' if ok_t else 'MISSED'}: target <= 1.5)\n"
          f"  max |difference| {diff:.2e} K ({'OK' if ok_v else 'MISSED'}: target 1e-4 K)"
          f"; cells missing in one result only: {nan_mismatch} of {cells}")
    return ok_t and ok_v


def bench_regrid(src: Path, work: Path, repeat: int) -> bool:
    lon0, lat0, lon1, lat1 = BBOX
    nx, ny = int(round((lon1 - lon0) / RES)), int(round((lat1 - lat0) / RES))
    grid = work / "med025.txt"
    grid.write_text(f"gridtype = lonlat\nxsize = {nx}\nysize = {ny}\nxfirst = "
                    f"{lon0 + RES / 2}\nxinc = {RES}\nyfirst = {lat0 + RES / 2}\n"
                    f"yinc = {RES}\n")
    ref_path = work / "cdo_regrid.nc"
    t_cdo = min(run_cdo(["-b", "F32", f"-remapbil,{grid}", "-seldate,2016-01-01,2016-01-31T23:59:59",
                         "-selname,analysed_sst", str(src), str(ref_path)])
                for _ in range(repeat))
    ours_path = work / "ours_regrid.nc"
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        cube = cube_of(src)
        ds = subset_cube(cube, datetime="2016-01", variables=["analysed_sst"])
        out = regrid(cube, ds, method="bilinear", resolution=RES, bbox=BBOX)
        write_netcdf(out, ours_path)
        times.append(time.perf_counter() - t0)
    with xr.open_dataset(ours_path) as ours, xr.open_dataset(ref_path) as ref:
        diff, mism = max_diff(ours.analysed_sst.values, ref.analysed_sst.values)
        cells = ours.analysed_sst.size
    return report(f"regrid January 2016 to {RES} deg bilinear ({nx}x{ny}, 31 steps)",
                  min(times), t_cdo, diff, mism, cells)


def bench_fldmean(src: Path, work: Path, repeat: int) -> bool:
    ref_path = work / "cdo_fldmean.nc"
    t_cdo = min(run_cdo(["-b", "F64", "-fldmean", "-selname,analysed_sst", str(src),
                         str(ref_path)]) for _ in range(repeat))
    ours_path = work / "ours_fldmean.nc"
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        cube = cube_of(src)
        out = spatial_statistics(cube, cube.ds[["analysed_sst"]], stats="mean")
        write_netcdf(out, ours_path)
        times.append(time.perf_counter() - t0)
    with xr.open_dataset(ours_path) as ours, xr.open_dataset(ref_path) as ref:
        diff, mism = max_diff(ours.analysed_sst_mean.values, ref.analysed_sst.values)
        steps = ours.sizes["time"]
    return report(f"area-weighted field mean, full year ({steps} steps)", min(times), t_cdo,
                  diff, mism, steps)


def bench_monmean(src: Path, work: Path, repeat: int) -> bool:
    ref_path = work / "cdo_monmean.nc"
    t_cdo = min(run_cdo(["-b", "F64", "-monmean", "-selname,analysed_sst", str(src),
                         str(ref_path)]) for _ in range(repeat))
    ours_path = work / "ours_monmean.nc"
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        cube = cube_of(src)
        out = temporal_statistics(cube, cube.ds[["analysed_sst"]], frequency="month",
                                  stat="mean")
        write_netcdf(out, ours_path)
        times.append(time.perf_counter() - t0)
    with xr.open_dataset(ours_path) as ours, xr.open_dataset(ref_path) as ref:
        diff, mism = max_diff(ours.analysed_sst.values, ref.analysed_sst.values)
        cells = ours.analysed_sst.size
    return report("monthly means of the full year (extra)", min(times), t_cdo, diff, mism,
                  cells)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="directory holding " + FILE)
    parser.add_argument("--repeat", type=int, default=2,
                        help="runs of each side; the best time counts (default 2)")
    parser.add_argument("--monmean", action="store_true",
                        help="also time monthly means of the year against cdo monmean")
    args = parser.parse_args(argv)
    if shutil.which("cdo") is None:
        print("cdo is not installed", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="opendias-bench-compute-"))
    try:
        data = args.data
        if data is None:
            from opendias import sample_data

            data = work / "data"
            print(f"generating the large Med SST sample in {data} ...", flush=True)
            sample_data.generate(data, "large", only=["med-sst"])
        src = data / FILE
        if not src.exists():
            print(f"{src} not found", file=sys.stderr)
            return 2
        print(f"input: {src} ({os.path.getsize(src) / 1e6:.0f} MB), "
              f"{os.cpu_count()} CPUs, cdo single-threaded, dask threaded scheduler")
        ok = bench_regrid(src, work, args.repeat)
        ok = bench_fldmean(src, work, args.repeat) and ok
        if args.monmean:
            bench_monmean(src, work, args.repeat)
        return 0 if ok else 1
    finally:
        clear_cache()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
