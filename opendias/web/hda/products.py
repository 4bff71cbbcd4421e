"""What the HDA front answers from the catalogue and the subset operation: dataset records,
the queryables of a dataset, and the products a data request makes.

A product is one subset the request selects: the whole of it, or (with `split: "time"`) one
time step of it. Its `location` is the product's subset inputs signed with the service's key
for this use (itsdangerous), so that `POST dataaccess/download` orders exactly what the
search found, and nothing a client made up; its `size` is the most its file takes
(processes.costing, the estimate every front gives).
"""

from __future__ import annotations

import hashlib
import json

from itsdangerous import BadSignature, URLSafeSerializer

from opendias.errors import InvalidParameter

PURPOSE = "hda-products"


def _serializer() -> URLSafeSerializer:
    from opendias.identity.keys import signing_key

    return URLSafeSerializer(signing_key(PURPOSE), salt="opendias-hda-product")


def dataset_record(entry) -> dict:
    """A dataset as `GET datasets` lists it (the shape `hda` reads)."""
    from opendias.config import get_settings
    from opendias.identity.terms import term_of

    term = term_of(entry.id)
    quicklook = (f"{get_settings().base_url}/collections/{entry.id}/map?f=png&width=256")
    return {"dataset_id": entry.dataset_id, "title": entry.title,
            "terms": [term.id] if term else [],
            "metadata": {"_source": {"datasetTitle": entry.title, "abstract": entry.abstract,
                                     "thumbnails": [quicklook], "collection": entry.id,
                                     "policy": entry.policy}}}


def queryables(entry) -> dict:
    """`GET dataaccess/queryable/{dataset_id}`: the keys a request may carry, with the
    dataset's real extents."""
    from opendias.datacube import open_cube
    from opendias.web.hda.queries import FORMATS, date_keys

    cube = open_cube(entry)
    west, south, east, north = cube.wgs84_bbox
    start, end = date_keys(entry.dataset_id)
    props = {
        "dataset_id": {"type": "string", "enum": [entry.dataset_id],
                       "default": entry.dataset_id},
        "bbox": {"type": "array", "minItems": 4, "maxItems": 4, "items": [
            {"type": "number", "minimum": west, "maximum": east, "title": "west"},
            {"type": "number", "minimum": south, "maximum": north, "title": "south"},
            {"type": "number", "minimum": west, "maximum": east, "title": "east"},
            {"type": "number", "minimum": south, "maximum": north, "title": "north"}],
            "default": [west, south, east, north]},
        "variables": {"type": "array", "items": {"type": "string", "enum": cube.variables},
                      "default": cube.variables},
        "format": {"type": "string", "enum": list(FORMATS), "default": "netcdf"},
        "split": {"type": "string", "enum": ["time"],
                  "description": "one product per time step (one product when left out)"},
    }
    if cube.time_extent is not None:
        first, last = (t.strftime("%Y-%m-%dT%H:%M:%SZ") for t in cube.time_extent)
        props[start] = {"type": "string", "format": "date-time", "minimum": first,
                        "maximum": last, "default": first}
        props[end] = {"type": "string", "format": "date-time", "minimum": first,
                      "maximum": last, "default": last}
    if cube.z is not None:
        levels = cube.coord(cube.z)
        low, high = float(levels.min()), float(levels.max())
        props["min_depth"] = {"type": "number", "minimum": low, "maximum": high,
                              "default": low}
        props["max_depth"] = {"type": "number", "minimum": low, "maximum": high,
                              "default": high}
    return {"type": "object", "properties": props}


def _product(entry, inputs: dict, cost) -> dict:
    location = _serializer().dumps({"dataset_id": entry.dataset_id, "inputs": inputs})
    digest = hashlib.sha256(json.dumps(inputs, sort_keys=True, default=str).encode())
    return {"id": f"{entry.id}-{digest.hexdigest()[:16]}", "type": "Feature",
            "geometry": None,
            "properties": {"location": location, "size": cost.bytes_written,
                           "datetime": inputs.get("datetime"), "format": inputs["format"],
                           "variables": inputs.get("variables")}}


def search(request, user) -> dict:
    """`POST dataaccess/search`: the page of products the request makes."""
    from processes.costing import estimate
    from processes.registry import get_operation

    op = get_operation("subset")
    inputs = op.validate(request.inputs)
    cost = estimate(op, inputs)  # refuses what the job would refuse (empty, too large)
    if not request.split_time:
        products = [(inputs, cost)]
        total = 1
        page = products[request.start_index:request.start_index + request.items_per_page]
    else:
        steps = _time_steps(op, inputs)
        total = len(steps)
        page = []
        for step in steps[request.start_index:request.start_index + request.items_per_page]:
            one = {**inputs, "datetime": step} if step else inputs
            page.append((one, estimate(op, one)))
    return {"type": "FeatureCollection",
            "features": [_product(request.entry, i, c) for i, c in page],
            "properties": {"startIndex": request.start_index,
                           "itemsPerPage": request.items_per_page, "totalResults": total}}


def _time_steps(op, inputs: dict) -> list[str]:
    """The time steps the subset selects, as instants (one, of the whole, without time)."""
    import pandas as pd

    from opendias.params import ISO_SECONDS

    built = op.check(inputs)
    t = built.cube.t
    if t is None or t not in built.result.dims:
        return [inputs.get("datetime")] if inputs.get("datetime") else [None]
    return [pd.Timestamp(v).strftime(ISO_SECONDS) for v in built.result[t].values]


def ordered(body) -> tuple[object, dict]:
    """(catalogue entry, subset inputs) of a `POST dataaccess/download` body: the product's
    signed location, for the dataset it names."""
    from opendias.web.hda.queries import entry_of

    if not isinstance(body, dict) or not body.get("location"):
        raise InvalidParameter("a download is {\"dataset_id\", \"product_id\", \"location\"} "
                               "of a product of POST dataaccess/search", parameter="location")
    try:
        product = _serializer().loads(str(body["location"]))
    except BadSignature:
        raise InvalidParameter("location is not one of this service's products: search "
                               "again (POST dataaccess/search)", parameter="location") from None
    entry = entry_of(product["dataset_id"])
    if body.get("dataset_id") not in (None, entry.dataset_id):
        raise InvalidParameter(f"the product is of {entry.dataset_id}, not "
                               f"{str(body['dataset_id'])[:100]}", parameter="dataset_id")
    return entry, product["inputs"]
