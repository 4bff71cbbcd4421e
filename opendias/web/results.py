"""Result downloads: /results/<job>/<file> (and PyWPS' status documents /results/<id>.xml).

Files are served from OPENDIAS_RESULTS_DIR with HTTP Range, If-Modified-Since and ETag
support (werkzeug `send_file(conditional=True)`); `/results/<job>/` lists a job's files as
links (href, size in bytes, media type). Files being written (dot-prefixed, `.part`) are
never served. With OPENDIAS_RESULTS_URL (opendias.jobs.remote) a result that is not a local
file is an object: the same link (the same checks) answers with a redirect (302) to a
presigned URL of it; a job's folder lists its objects.

Who may read a result (opendias.web.owners): anyone with a valid, unexpired signed link of
that very path (`?expires=..&signature=..`, opendias.jobs.links: what the results documents,
listings and WPS references give), else the signed-in owner of the job the file belongs to,
or an operator. Anything else (no or a bad signature, an expired link, another's job, an
anonymous job without its link) is the 404 of a result that does not exist.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, abort, jsonify, redirect, request, send_file

from opendias.config import get_settings
from opendias.database import parse_time
from opendias.jobs import (FINAL, SUCCESSFUL, JobStore, guess_media_type, result_job_ids,
                           result_links, verify_link)
from opendias.errors import StorageUnavailable
from opendias.jobs import remote
from opendias.jobs.links import EXPIRES, SIGNATURE, link_expiry, signed_url
from opendias.web import owners
from opendias.web.errors import install_error_handlers

app = Flask(__name__)
install_error_handlers(app)


MAX_NAME = 255  # bytes of one path component (what file systems take)
MAX_PATH = 1024  # bytes of the whole path under /results/


def _resolve(relative: str) -> Path:
    """The file a result path names, inside the results folder (404 otherwise); a path
    holding control characters or longer than any result's name is a 400."""
    if any(ord(ch) < 0x20 or ord(ch) == 0x7f for ch in relative):
        abort(400, description="a result path cannot hold control characters (such as a "
                               "null byte); result paths are /results/{job}/{file}")
    parts = [p for p in relative.split("/") if p]
    if len(relative.encode("utf-8", "surrogateescape")) > MAX_PATH or any(
            len(p.encode("utf-8", "surrogateescape")) > MAX_NAME for p in parts):
        abort(404, description=f"no result at this path: a result path is at most "
                               f"{MAX_PATH} bytes, each name at most {MAX_NAME}")
    root = get_settings().results_dir.resolve()
    if not parts or any(p.startswith(".") for p in parts):
        abort(404, description=f"no result at /results/{relative}")
    try:
        path = (root / Path(*parts)).resolve()
    except (OSError, ValueError):
        abort(404, description=f"no result at /results/{relative}")
    if root not in path.parents:
        abort(404, description=f"no result at /results/{relative}")
    return path


def _owning_job(relative: str) -> dict | None:
    store = JobStore()
    return next((job for job in map(store.get, result_job_ids(relative)) if job), None)


def _may_read(relative: str, job: dict | None) -> bool:
    if verify_link(relative, request.args.get(EXPIRES), request.args.get(SIGNATURE)):
        return True
    return owners.may_download(request.environ, job)


@app.route("/results/<path:relative>", methods=["GET", "HEAD"])
def result_file(relative: str):
    path = _resolve(relative)
    missing = (f"no result at /results/{relative}: it does not exist or was removed after "
               "the retention period")
    job = _owning_job(relative)
    if not _may_read(relative, job):
        abort(404, description=missing)
    try:
        is_dir, is_file = path.is_dir(), path.is_file()
    except (OSError, ValueError):  # a name the file system refuses: no such result
        is_dir = is_file = False
    if is_dir:
        folder = path.relative_to(get_settings().results_dir.resolve()).as_posix()
        finished = parse_time(job["finished"]) if job else None
        expires = link_expiry(finished.timestamp()) if finished else None
        return jsonify({"links": result_links(folder, path, {}, expires)})
    if not is_file:
        if remote.enabled() and not is_dir:
            return _from_object_storage(relative, job, missing)
        abort(404, description=missing)
    if path.suffix == ".xml" and path.parent == get_settings().results_dir.resolve():
        _settle_wps_status(path)
    mimetype = "text/xml" if path.suffix == ".xml" else guess_media_type(path.name)
    return send_file(path, mimetype=mimetype, conditional=True, etag=True,
                     as_attachment=path.suffix != ".xml", download_name=path.name,
                     max_age=0)


def _from_object_storage(relative: str, job: dict | None, missing: str):
    """A result on object storage (OPENDIAS_RESULTS_URL): a redirect to a presigned URL of
    its object; a job's folder, the links to its objects."""
    parts = [p for p in relative.split("/") if p]
    try:
        if len(parts) == 1:
            found = remote.objects(parts[0])
            if not found:
                abort(404, description=missing)
            finished = parse_time(job["finished"]) if job else None
            expires = link_expiry(finished.timestamp()) if finished else None
            return jsonify({"links": [{
                "href": signed_url(f"{parts[0]}/{o['name']}", expires), "rel": "enclosure",
                "type": guess_media_type(o["name"]), "title": o["name"], "size": o["size"]}
                for o in found]})
        if remote.exists(relative) is None:
            abort(404, description=missing)
        return redirect(remote.presigned(relative), code=302)
    except OSError as err:
        raise StorageUnavailable(f"result {relative} cannot be reached now: its object "
                                 f"storage did not answer ({type(err).__name__}); try again "
                                 "later") from err


WPS_NS = "http://www.opengis.net/wps/1.0.0"
OWS_NS = "http://www.opengis.net/ows/1.1"


def _settle_wps_status(path: Path) -> None:
    """A WPS status document still "accepted"/"started" whose job is over without PyWPS
    having said so (the service stopped while it ran: its PyWPS process died with it) is
    rewritten as ProcessFailed with the job's reason, so clients polling stop waiting."""
    from lxml import etree

    try:
        doc = etree.parse(str(path))
    except (OSError, etree.XMLSyntaxError):
        return
    status = doc.find(f"{{{WPS_NS}}}Status")
    if status is None or not status.xpath("w:ProcessAccepted|w:ProcessStarted",
                                          namespaces={"w": WPS_NS}):
        return
    job = JobStore().get(f"wps-{path.stem}")
    if job is None or job["status"] not in FINAL or job["status"] == SUCCESSFUL:
        return
    for child in list(status):
        status.remove(child)
    failed = etree.SubElement(status, f"{{{WPS_NS}}}ProcessFailed")
    report = etree.SubElement(failed, f"{{{WPS_NS}}}ExceptionReport")
    exc = etree.SubElement(report, f"{{{OWS_NS}}}Exception", exceptionCode="NoApplicableCode")
    etree.SubElement(exc, f"{{{OWS_NS}}}ExceptionText").text = job["message"]
    tmp = path.with_name(f".{path.name}.settled")
    doc.write(str(tmp), xml_declaration=True, encoding="UTF-8")
    tmp.replace(path)
