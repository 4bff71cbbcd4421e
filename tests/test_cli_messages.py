"""What an operator sees of the `opendias` command at its end (issue 11, section 6): no
"Error in sys.excepthook" after listing the datasets (a GeoTIFF cube left open to the
interpreter's teardown printed it), and a missing catalogue file is one line naming it,
for `datasets` and for `serve` (each gunicorn worker printed a traceback)."""

from __future__ import annotations

import os
import subprocess
import sys


def _opendias(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "opendias.cli", *args], capture_output=True,
                          text=True, timeout=120, env={**os.environ, **env})


def test_datasets_ends_cleanly():
    run = _opendias("datasets")
    assert run.returncode == 0, run.stderr
    listed = {line.split()[0] for line in run.stdout.splitlines()}
    assert {"clms-ndvi-italy", "real-clms-forest-type", "med-sst-l4"} <= listed
    assert "UNAVAILABLE" not in run.stdout
    assert "excepthook" not in run.stderr and run.stderr.strip() == ""


def test_missing_catalogue_is_one_line(tmp_path):
    missing = tmp_path / "nowhere.yml"
    for command in (["datasets"], ["serve", "--port", "1", "--workers", "1"]):
        run = _opendias(*command, OPENDIAS_CATALOGUE=str(missing))
        assert run.returncode == 1, (command, run.stderr)
        assert run.stderr == (f"opendias: error: catalogue file {missing} not found "
                              "(OPENDIAS_CATALOGUE)\n"), command
