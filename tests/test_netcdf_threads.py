"""Opening NetCDF datasets while other threads read values (web threads do both) does not
crash the process: opendias.readers opens under xarray's netCDF lock, made reentrant. Without
it this crashed with SIGBUS or "NetCDF: HDF error" within seconds (seen under bench/soak.py).
Run in a subprocess: a crash must fail the test, not the test session."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from conftest import REAL_DATA

SCRIPT = textwrap.dedent("""
    import sys, threading, time
    import numpy as np
    from opendias.catalogue import DatasetEntry
    from opendias.readers import get_reader

    files = sys.argv[1:]
    open_netcdf = get_reader("netcdf").open

    def entry(path):
        return DatasetEntry(id="t", dataset_id="t", title="t", abstract="", service="",
                            source={"path": path})

    opened = open_netcdf(entry(files[0]), [files[0]], True)
    var = opened[list(opened.data_vars)[0]]
    stop, errors, counts = time.time() + 6, [], [0, 0]

    def opener():
        while time.time() < stop:
            try:
                for path in files:
                    ds = open_netcdf(entry(path), [path], True)
                    counts[0] += len(ds.variables)
            except Exception as err:
                errors.append(repr(err))

    def reader():
        while time.time() < stop:
            try:
                np.asarray(var.isel({var.dims[0]: 0}).values)
                counts[1] += 1
            except Exception as err:
                errors.append(repr(err))

    threads = [threading.Thread(target=f) for f in [opener] * 3 + [reader] * 3]
    [t.start() for t in threads]
    [t.join() for t in threads]
    print(len(errors), counts[0] > 0 and counts[1] > 0, errors[:2])
""")


def test_opening_while_reading_in_threads():
    files = [str(REAL_DATA / "ARCO_smaller_area_subset.nc"),
             str(REAL_DATA / "cmems_ibi_phy_my_thetao_P1Y.nc")]
    done = subprocess.run([sys.executable, "-c", SCRIPT, *files], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    assert done.stdout.split()[:2] == ["0", "True"], done.stdout
