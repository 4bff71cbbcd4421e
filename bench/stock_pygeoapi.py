"""Stock pygeoapi (its own XarrayProvider, coverage, NetCDF) over one NetCDF file, under
gunicorn, for bench/subset.py to compare opendias with. Not a benchmark.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from harness import Server, clean_environ, free_port

STOCK_CONFIG = """\
server:
  bind: {{host: 127.0.0.1, port: {port}}}
  url: http://127.0.0.1:{port}
  mimetype: application/json; charset=UTF-8
  encoding: utf-8
  gzip: false
  languages: [en-US]
  pretty_print: false
  limits: {{default_items: 10, max_items: 100}}
  map: {{url: 'https://tile.openstreetmap.org/{{z}}/{{x}}/{{y}}.png', attribution: OSM}}
logging:
  level: ERROR
metadata:
  identification:
    title: stock pygeoapi bench
    description: stock XarrayProvider over the Med SST cube
    keywords: [bench]
    keywords_type: theme
    terms_of_service: https://creativecommons.org/licenses/by/4.0/
    url: https://example.org
  license: {{name: CC-BY 4.0, url: 'https://creativecommons.org/licenses/by/4.0/'}}
  provider: {{name: bench, url: 'https://example.org'}}
  contact:
    name: bench
    position: bench
    address: ''
    city: ''
    stateorprovince: ''
    postalcode: ''
    country: ''
    phone: ''
    fax: ''
    email: bench@example.org
    url: https://example.org
    hours: ''
    instructions: ''
    role: pointOfContact
resources:
  sst:
    type: collection
    title: Med SST L4 (stock XarrayProvider)
    description: Mediterranean SST, large synthetic sample
    keywords: [sst]
    links: []
    extents:
      spatial:
        bbox: [-18.125, 30.25, 36.25, 46.0]
        crs: http://www.opengis.net/def/crs/OGC/1.3/CRS84
      temporal:
        begin: 2016-01-01T00:00:00Z
        end: 2016-12-31T00:00:00Z
    providers:
      - type: coverage
        name: xarray
        data: {data}
        x_field: lon
        y_field: lat
        time_field: time
        format: {{name: netcdf, mimetype: application/x-netcdf}}
"""


def stock_server(folder: Path, data: Path, workers: int, log: Path) -> Server:
    """A Server (not started) of stock pygeoapi serving `data` as the collection `sst`, its
    configuration and OpenAPI document written to `folder`; raises RuntimeError when
    pygeoapi cannot generate the OpenAPI document."""
    bindir = Path(sys.executable).parent
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    cfg = folder / "pygeoapi-config.yml"
    cfg.write_text(STOCK_CONFIG.format(port=port, data=data))
    openapi = folder / "openapi.yml"
    env = clean_environ()
    env.update(PYGEOAPI_CONFIG=str(cfg), PYGEOAPI_OPENAPI=str(openapi))
    gen = subprocess.run([str(bindir / "pygeoapi"), "openapi", "generate", str(cfg),
                          "--output-file", str(openapi)], env=env, cwd=folder,
                         capture_output=True, text=True)
    if gen.returncode != 0:
        raise RuntimeError(f"pygeoapi openapi generate failed:\n{gen.stdout}\n{gen.stderr}")
    return Server([str(bindir / "gunicorn"), "--workers", str(workers), "--bind",
                   f"127.0.0.1:{port}", "--timeout", "1200", "pygeoapi.flask_app:APP"],
                  env, port, log, "stock pygeoapi")
