"""What a notebook's box read costs through the Zarr front against a coverage request:
requests and bytes (`python bench/zarr_box.py`, the test catalogue's sample data)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import conftest  # noqa: E402,F401  (the test service's home, data and catalogue)
from werkzeug.test import Client  # noqa: E402

from opendias.web.app import create_app  # noqa: E402

client = Client(create_app())
base = "/zarr/med-sst-l4"
t0 = time.perf_counter()
keys = [".zmetadata", "time/0", "lat/0", "lon/0", "analysed_sst/1.0.0", "analysed_sst/2.0.0"]
sizes = {k: len(client.get(f"{base}/{k}").data) for k in keys}
zarr_s = time.perf_counter() - t0
t0 = time.perf_counter()
nc = client.get("/collections/med-sst-l4/coverage?f=netcdf&bbox=12,40,14,42"
                "&datetime=2016-03-02/2016-03-03&properties=analysed_sst").data
cov_s = time.perf_counter() - t0
print(f"zarr: {len(keys)} requests, {sum(sizes.values())} bytes "
      f"(chunks {sizes['analysed_sst/1.0.0']} + {sizes['analysed_sst/2.0.0']}), {zarr_s:.2f} s")
print(f"coverage NetCDF of the box: 1 request, {len(nc)} bytes, {cov_s:.2f} s")
