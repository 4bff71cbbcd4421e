"""A read-only Zarr v2 store per dataset, `/zarr/{collection_id}/...`, for notebooks:

    xr.open_zarr("http://host/zarr/med-sst-l4")   # fsspec HTTP; consolidated metadata

Each key is computed from the dataset's lazy cube when asked (opendias.operations.
zarr_store): the consolidated metadata, the group's and arrays' metadata, and each chunk,
read, packed and compressed as the source is. A key the store does not hold is a 404 (what a
Zarr client takes for an absent chunk or array); errors are OGC exception JSON. What a
request needs is what a coverage read needs (the plan's `subset` capability and the
dataset's licence: opendias.web.request_kinds), and the bytes served count as a subset's.
"""

from __future__ import annotations

from flask import Flask, Response, redirect, request

from opendias.catalogue import load_catalogue
from opendias.datacube import open_cube
from opendias.errors import NotFound
from opendias.operations.zarr_store import NoSuchKey, zarr_store
from opendias.web.errors import install_error_handlers

app = Flask(__name__)
install_error_handlers(app)


def _store(collection_id: str):
    return zarr_store(open_cube(load_catalogue().get(collection_id)))


@app.get("/zarr/<collection_id>")
def root(collection_id):
    _store(collection_id)
    return redirect(f"{request.script_root}/zarr/{collection_id}/", code=301)


@app.get("/zarr/<collection_id>/")
def listing(collection_id):
    """What the store holds: its consolidated metadata (a Zarr group's `.zmetadata`)."""
    body, media = _store(collection_id).get(".zmetadata")
    return Response(body, mimetype=media)


@app.get("/zarr/<collection_id>/<path:key>")
def key(collection_id, key):
    store = _store(collection_id)
    try:
        body, media = store.get(key)
    except NoSuchKey:
        raise NotFound(f"the Zarr store of {collection_id!r} holds no key {key!r}") from None
    response = Response(body, mimetype=media)
    response.headers["Cache-Control"] = "public, max-age=60"
    return response
