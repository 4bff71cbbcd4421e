"""OGC API - Coverages (`/collections/{id}/coverage`) and EDR (`/position`, `/area`,
`/cube`) over the lazy cubes: parse the request, call opendias.operations.subset, stream the
answer. Every client mistake is a 4xx OGC exception JSON naming the problem.

Answers: CSV and CoverageJSON are streamed as they are computed, block by block
(opendias.operations.streams); NetCDF and GeoTIFF, whose indexes are written last, are written
chunk by chunk to a temporary file, then served whole or in byte ranges, and kept a while for
the next ranges of the same request (opendias.web.file_answers). Scaling (`scale-size`,
`scaleSize`, `scale-axes`, `scale-factor`, `width`/`height`) resamples to so many cells by
nearest neighbour (opendias.operations.scaling); `/coverage/domainset` and
`/coverage/rangetype` describe the grid and bands as GDAL's OGC API driver reads them
(opendias.web.coverage_domain). Each takes one of the worker's heavy slots
and runs under the request's time limit, and stops when the client hangs up
(opendias.web.layers.sync_limits). An error before the first byte is an OGC exception; once
a stream has begun, an error (the time limit) cuts it: the client sees an incomplete chunked
body.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, request

from opendias.catalogue import load_catalogue
from opendias.config import get_settings
from opendias.datacube import open_cube
from opendias.errors import InvalidParameter, MissingParameter, OpendiasError, TooLarge
from opendias.operations import formats, streams
from opendias.operations.provenance import provenance
from opendias.operations.scaling import scale, split_subsets
from opendias.operations.subset import (check_size, count_cells, mask_geometry,
                                        select_point,
                                        select_subsets, subset_cube)
from opendias.params import parse_geometry, parse_names, parse_scaling, parse_subset, parse_z
from opendias.web import coverage_domain, file_answers
from opendias.web.errors import install_error_handlers
from opendias.web.layers.sync_limits import StreamCut, take_heavy_slot
from opendias.web.query_pages import query_page

LOGGER = logging.getLogger(__name__)
app = Flask(__name__)
install_error_handlers(app)

_FORMAT_ALIASES = {
    "netcdf": "netcdf", "nc": "netcdf", "netcdf4": "netcdf", "application/x-netcdf": "netcdf",
    "application/netcdf": "netcdf",
    "geotiff": "geotiff", "tif": "geotiff", "tiff": "geotiff", "image/tiff": "geotiff",
    "covjson": "covjson", "coveragejson": "covjson", "json": "covjson",
    "application/prs.coverage+json": "covjson", "application/json": "covjson",
    "csv": "csv", "text/csv": "csv",
}


def _output_format(allowed: tuple[str, ...]) -> str:
    f = request.args.get("f")
    if f is None:
        accept = request.headers.get("Accept", "")
        for media in ("application/x-netcdf", "application/netcdf", "image/tiff",
                      "application/prs.coverage+json", "text/csv"):
            if media in accept:
                f = media
                break
    fmt = _FORMAT_ALIASES.get((f or "covjson").lower())
    if fmt is None or fmt not in allowed:
        raise InvalidParameter(f"unsupported output format {f!r}; choose one of "
                               f"{', '.join(allowed)}", parameter="f")
    return fmt


def _request_text() -> str:
    return f"{request.method} {request.full_path.rstrip('?')}"


ASYNC_HINT = ("(bbox, datetime, subset, properties), or run the asynchronous subset process "
              "(POST /processes/subset/execution with Prefer: respond-async)")
BUSY_HINT = f"narrow the request {ASYNC_HINT}"


def _streamed(pieces, media_type: str, filename: str | None = None) -> Response:
    """Text pieces sent as they are made. The first is made here, so that a failure before
    the first byte (the time limit, an empty result) is an answer of its own."""
    first = next(pieces, None)

    def body():
        try:
            if first is not None:
                yield first.encode()
            for piece in pieces:
                yield piece.encode()
        except OpendiasError as err:  # the status is sent: the stream can only be cut
            LOGGER.warning("streamed answer cut: %s", err.detail)
            raise StreamCut(err.code) from None
        finally:
            pieces.close()

    response = Response(body(), mimetype=media_type, direct_passthrough=True)
    response.headers["Content-Type"] = media_type
    if filename:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _check_sync_size(ds, limit: int, what: str = "synchronous request") -> None:
    """The core's size check, worded for a client of this API: what to narrow, and the
    asynchronous process that takes any size."""
    try:
        check_size(ds, limit, what)
    except TooLarge as err:
        raise TooLarge(f"{err.detail} {ASYNC_HINT}", cells=err.cells,
                       limit=err.limit) from None


def respond(cube, ds, fmt: str, name: str) -> Response:
    settings = get_settings()
    if fmt == "covjson":
        _check_sync_size(ds, settings.max_json_cells, "CoverageJSON response")
        take_heavy_slot(request.environ, BUSY_HINT, count_cells(ds))
        return _streamed(streams.coveragejson_chunks(cube, ds), formats.MEDIA_TYPES["covjson"])
    _check_sync_size(ds, settings.max_sync_cells)
    if fmt == "csv":
        take_heavy_slot(request.environ, BUSY_HINT, count_cells(ds))
        return _streamed(streams.csv_chunks(ds), formats.MEDIA_TYPES["csv"],
                         f"{name}{formats.SUFFIXES['csv']}")
    key = file_answers.request_key(cube.entry.files())
    media, filename = formats.MEDIA_TYPES[fmt], f"{name}{formats.SUFFIXES[fmt]}"
    hit = file_answers.cached(key)
    if hit is not None:
        try:
            return file_answers.send(open(hit, "rb"), key, media, filename)
        except FileNotFoundError:  # removed since: made again
            pass
    take_heavy_slot(request.environ, BUSY_HINT, count_cells(ds))
    ds = provenance(ds, _request_text())
    tmp = formats.tmp_path(settings.tmp_dir, formats.SUFFIXES[fmt])
    try:
        formats.write_output(cube, ds, fmt, tmp)
        return file_answers.serve(tmp, key, media, filename)
    except BaseException:
        if tmp.exists():
            tmp.unlink()
        raise


def _cube(collection_id: str):
    return open_cube(load_catalogue().get(collection_id))


def _list_param(name: str) -> list[str] | None:
    return parse_names(request.args.get(name), parameter=name)


@app.get("/collections/<collection_id>/coverage")
def coverage(collection_id):
    cube = _cube(collection_id)
    if _wants_html():
        return query_page(cube, "coverage")
    fmt = _output_format(("covjson", "netcdf", "geotiff", "csv"))
    subsets = request.args.getlist("subset")
    scaling = parse_scaling(request.args)
    if scaling is not None:
        spatial, rest = split_subsets(cube, parse_subset(subsets) if subsets else {})
        ds = subset_cube(cube, datetime=request.args.get("datetime"), subsets=rest or None,
                         variables=_list_param("properties"))
        ds = scale(cube, ds, scaling, spatial, request.args.get("bbox"),
                   request.args.get("bbox-crs"))
        return respond(cube, ds, fmt, f"{collection_id}-coverage")
    ds = subset_cube(
        cube,
        bbox=request.args.get("bbox"),
        bbox_crs=request.args.get("bbox-crs"),
        datetime=request.args.get("datetime"),
        subsets=parse_subset(subsets) if subsets else None,
        variables=_list_param("properties"),
        packed=fmt == "netcdf",
    )
    return respond(cube, ds, fmt, f"{collection_id}-coverage")


def _wants_html() -> bool:
    """f=html, or a browser's Accept without f: the query's page (a form), which the
    collection's HTML links name."""
    return request.args.get("f", "").lower() == "html" or (
        "f" not in request.args and request.accept_mimetypes.best == "text/html")


@app.get("/collections/<collection_id>/coverage/domainset")
def domainset(collection_id):
    return jsonify(coverage_domain.domainset(_cube(collection_id)))


@app.get("/collections/<collection_id>/coverage/rangetype")
def rangetype(collection_id):
    return jsonify(coverage_domain.rangetype(_cube(collection_id)))


def _edr_z(cube, ds, value):
    if value is None:
        return ds
    if cube.z is None:
        raise InvalidParameter(f"dataset {cube.id!r} has no vertical axis: leave z out",
                               parameter="z")
    return select_subsets(cube, ds, {cube.z: parse_z(value)})


def _required(name: str, example: str, what: str = "") -> str:
    value = request.args.get(name)
    if not value:
        raise MissingParameter(f"{name} is required{what}: {example}", parameter=name)
    return value


def _edr_common(cube):
    ds = subset_cube(cube, datetime=request.args.get("datetime"),
                     variables=_list_param("parameter-name"))
    return _edr_z(cube, ds, request.args.get("z"))


@app.get("/collections/<collection_id>/position")
def position(collection_id):
    cube = _cube(collection_id)
    if _wants_html():
        return query_page(cube, "position")
    fmt = _output_format(("covjson", "netcdf", "csv"))
    geom = parse_geometry(_required("coords", "a WKT point, e.g. POINT(12.5 41.9)"))
    if geom.geom_type != "Point":
        raise InvalidParameter(f"position needs a POINT, got a {geom.geom_type}",
                               parameter="coords")
    ds = _edr_common(cube)
    ds = select_point(cube, ds, geom.x, geom.y)
    return respond(cube, ds, fmt, f"{collection_id}-position")


@app.get("/collections/<collection_id>/area")
def area(collection_id):
    cube = _cube(collection_id)
    if _wants_html():
        return query_page(cube, "area")
    fmt = _output_format(("covjson", "netcdf", "csv", "geotiff"))
    geom = parse_geometry(_required("coords", "a WKT polygon, e.g. "
                                              "POLYGON((12 40,14 40,14 42,12 42,12 40))"))
    ds = _edr_common(cube)
    ds = mask_geometry(cube, ds, geom)
    return respond(cube, ds, fmt, f"{collection_id}-area")


@app.get("/collections/<collection_id>/cube")
def cube_query(collection_id):
    cube = _cube(collection_id)
    if _wants_html():
        return query_page(cube, "cube")
    fmt = _output_format(("covjson", "netcdf", "csv", "geotiff"))
    bbox = _required("bbox", "minx,miny,maxx,maxy", what=" for a cube query")
    ds = subset_cube(cube, bbox=bbox, bbox_crs=request.args.get("bbox-crs"),
                     datetime=request.args.get("datetime"),
                     variables=_list_param("parameter-name"))
    ds = _edr_z(cube, ds, request.args.get("z"))
    return respond(cube, ds, fmt, f"{collection_id}-cube")
