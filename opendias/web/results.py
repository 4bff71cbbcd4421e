"""Result downloads: /results/<job>/<file> (and PyWPS' status documents /results/<id>.xml).

Files are served from OPENDIAS_RESULTS_DIR with HTTP Range, If-Modified-Since and ETag
support (werkzeug `send_file(conditional=True)`); `/results/<job>/` lists a job's files as
links (href, size in bytes, media type). Files being written (dot-prefixed, `.part`) are
never served.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, abort, jsonify, send_file

from opendias.jobs import _guess_type, get_job_settings, result_links
from opendias.web.errors import install_error_handlers

app = Flask(__name__)
install_error_handlers(app)


def _resolve(relative: str) -> Path:
    root = get_job_settings().results_dir.resolve()
    parts = [p for p in relative.split("/") if p]
    if not parts or any(p.startswith(".") for p in parts):
        abort(404, description=f"no result at /results/{relative}")
    path = (root / Path(*parts)).resolve()
    if root not in path.parents:
        abort(404, description=f"no result at /results/{relative}")
    return path


@app.route("/results/<path:relative>", methods=["GET", "HEAD"])
def result_file(relative: str):
    path = _resolve(relative)
    if path.is_dir():
        job_id = path.relative_to(get_job_settings().results_dir.resolve()).as_posix()
        return jsonify({"links": result_links(job_id, path, {})})
    if not path.is_file():
        abort(404, description=f"no result at /results/{relative}: it does not exist or was "
                               "removed after the retention period")
    mimetype = "text/xml" if path.suffix == ".xml" else _guess_type(path.name)
    return send_file(path, mimetype=mimetype, conditional=True, etag=True,
                     as_attachment=path.suffix != ".xml", download_name=path.name,
                     max_age=0)
