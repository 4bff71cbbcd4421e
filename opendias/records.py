"""The dataset catalogue as records: one OGC API - Records record per dataset, and the search.

Plain functions over a `Catalogue` (no HTTP here): `dataset_record(entry)` builds the
record (a GeoJSON Feature in the OGC API - Records record model), `search(catalogue, ...)`
filters, ranks (BM25 over weighted fields), counts facets over the whole matched set and
returns one page. The pygeoapi provider `providers.records` is a thin shell over these.

Search semantics:
- `q`: comma-separated alternatives (OR, as OGC API - Records reads commas); within one
  alternative every word must occur in the record (AND). Words are lower-cased, split on
  anything that is not a letter or digit, common English stop words dropped and a plural
  `s` stripped. Matches are ranked by BM25 with field weights (title counts most).
- facets (`service`, `area`, `time_category`, `centre`, `policy`, `tags`): case-insensitive
  equality; a comma-separated value means any of them; `tags` matches when the dataset has
  the tag. Different facets combine with AND.
- `bbox` intersects the dataset's WGS84 extent (a bbox with west > east crosses the
  antimeridian); `datetime` (instant or `start/end`, open ends `..`) intersects its
  temporal extent. A dataset whose extent is unknown (files unavailable, or no time axis
  for `datetime`) does not match a spatial or temporal filter.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone

from opendias.catalogue import Catalogue, DatasetEntry
from opendias.errors import InvalidParameter, NotFound, OpendiasError
from opendias.params import ISO_SECONDS, parse_bbox, parse_datetime
from opendias.ranking import TextIndex, tokenize

LOGGER = logging.getLogger(__name__)

FACETS = ("service", "area", "time_category", "centre", "policy", "tags")
# Properties that can be filtered by equality or sorted on, besides the facets.
PLAIN_FIELDS = ("title", "dataset_id", "type", "created")
RECORD_CORE = "http://www.opengis.net/spec/ogcapi-records-1/1.0/req/record-core"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
GREGORIAN = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"



# --------------------------------------------------------------------------- records

@dataclass
class DatasetExtent:
    """What the data says about a dataset (None where its files cannot be opened)."""

    bbox: tuple | None = None               # west, south, east, north
    interval: tuple | None = None           # begin, end (aware UTC datetimes)
    variables: list = field(default_factory=list)
    available: bool = False
    problem: str = ""


def _utc(value) -> datetime:
    ts = value.to_pydatetime() if hasattr(value, "to_pydatetime") else value
    if ts.tzinfo is None:
        return ts.replace(tzinfo=timezone.utc)
    return ts.astimezone(timezone.utc)


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.strftime(ISO_SECONDS)


def dataset_extent(entry: DatasetEntry) -> DatasetExtent:
    """The extent and variables of a dataset from its data (the cube is cached per process).

    A dataset whose files are missing or unreadable is still described, from the registry
    alone, rather than failing the whole catalogue.
    """
    from opendias.datacube import open_cube

    try:
        cube = open_cube(entry)
        bbox = tuple(float(v) for v in cube.wgs84_edges)  # as collections and WMS
        times = cube.time_extent
        interval = (_utc(times[0]), _utc(times[1])) if times else None
        variables = []
        for name in cube.variables:
            info = cube.variable_info(name)
            variables.append({k: info[k] for k in ("name", "title", "units",
                                                    "standard_name")})
        return DatasetExtent(bbox, interval, variables, True)
    except OpendiasError as err:
        problem = err.detail
    except Exception as err:  # an unreadable file must not take the catalogue down
        LOGGER.exception("cannot describe dataset %s", entry.id)
        problem = f"{type(err).__name__}: {err}"
    LOGGER.info("catalogue: %s listed without extent: %s", entry.id, problem)
    return DatasetExtent(variables=[{"name": str(v), "title": str(v), "units": "",
                                     "standard_name": ""} for v in entry.variables],
                         problem=problem)


def _contacts(entry: DatasetEntry) -> list[dict]:
    contacts = []
    for c in entry.contacts:
        contact = {"name": c.get("name", "")}
        if c.get("organization"):
            contact["organization"] = c["organization"]
        if c.get("email"):
            contact["emails"] = [{"value": c["email"]}]
        if c.get("url"):
            contact["links"] = [{"href": c["url"], "rel": "about"}]
        if c.get("role"):
            contact["roles"] = [c["role"]]
        contacts.append(contact)
    return contacts


def _themes(entry: DatasetEntry) -> list[dict]:
    themes = []
    for name, values in entry.facets.items():
        values = values if isinstance(values, list) else [values]
        concepts = [{"id": v, "title": v} for v in values if v]
        if concepts:
            themes.append({"concepts": concepts, "scheme": name})
    return themes


def _polygon(bbox: tuple | None) -> dict | None:
    if bbox is None:
        return None
    w, s, e, n = bbox
    return {"type": "Polygon", "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]]}


def dataset_record(entry: DatasetEntry, extent: DatasetExtent | None = None) -> dict:
    """The OGC API - Records record (a GeoJSON Feature) of one dataset, without links: the
    front that publishes it adds the links to its own endpoints."""
    extent = extent or dataset_extent(entry)
    interval = ([_iso(extent.interval[0]), _iso(extent.interval[1])]
                if extent.interval else None)
    time = {"interval": interval} if interval else None
    keywords = list(dict.fromkeys([*entry.tags, entry.service, entry.area, entry.dataset_id]))
    extents = {}
    if extent.bbox:
        extents["spatial"] = {"bbox": [list(extent.bbox)], "crs": CRS84}
    if interval:
        extents["temporal"] = {"interval": [interval], "trs": GREGORIAN}
    properties = {
        "type": "dataset",
        "title": entry.title,
        "description": entry.abstract,
        "dataset_id": entry.dataset_id,
        "service": entry.service,
        "area": entry.area,
        "time_category": entry.time_category,
        "centre": entry.centre,
        "policy": entry.policy,
        "license": entry.policy,
        "tags": list(entry.tags),
        "keywords": [k for k in keywords if k],
        "themes": _themes(entry),
        "created": entry.published or None,
        "published": entry.published or None,
        "contacts": _contacts(entry),
        "formats": [{"name": entry.format}],
        "time": time,
        "variables": extent.variables,
        "extents": extents,
    }
    if not extent.available:
        properties["availability"] = f"data not available: {extent.problem}"
    return {
        "id": entry.id,
        "type": "Feature",
        "conformsTo": [RECORD_CORE],
        "geometry": _polygon(extent.bbox),
        "time": time,
        "properties": properties,
        "links": [],
    }


def get_record(catalogue: Catalogue, record_id: str) -> dict:
    """One dataset's record; NotFound (404) for an unknown id."""
    try:
        entry = catalogue.get(record_id)
    except NotFound:
        raise NotFound(f"no catalogue record {record_id!r}; known records: "
                       f"{', '.join(catalogue.ids())}", parameter="recordId") from None
    return dataset_record(entry)


def _fields(entry: DatasetEntry, extent: DatasetExtent) -> dict[str, str]:
    variables = " ".join(f"{v.get('name', '')} {v.get('title', '')} "
                         f"{v.get('standard_name', '')}" for v in extent.variables)
    return {"title": entry.title, "abstract": entry.abstract, "tags": " ".join(entry.tags),
            "dataset_id": entry.dataset_id, "service": entry.service, "area": entry.area,
            "centre": entry.centre, "variables": variables}


def parse_q(q: str | None) -> str | None:
    """The free-text query, None if empty; a query with no searchable word is refused."""
    if q is None or not q.strip():
        return None
    if not any(tokenize(alt) for alt in q.split(",")):
        raise InvalidParameter(f"q={q!r} holds no searchable word (only stop words or "
                               "punctuation)", parameter="q")
    return q


# --------------------------------------------------------------------------- filters

def search_boxes(bbox) -> list[tuple[float, float, float, float]] | None:
    """The `bbox` filter (string or 4/6 numbers) as one or two boxes in -180..180 (split at
    the antimeridian); None when not given."""
    if bbox is None or (isinstance(bbox, (list, tuple)) and len(bbox) == 0) or bbox == "":
        return None
    values = parse_bbox(bbox)
    w, s, e, n = values
    if not (-90 <= s <= 90 and -90 <= n <= 90):
        raise InvalidParameter(f"bbox latitudes must be within -90..90, got south={s}, "
                               f"north={n}", parameter="bbox")
    if s > n:
        raise InvalidParameter(f"bbox south ({s}) is greater than north ({n})",
                               parameter="bbox")
    if e - w >= 360:
        return [(-180.0, s, 180.0, n)]
    if not (-360 <= w <= 360 and -360 <= e <= 360):
        raise InvalidParameter(f"bbox longitudes must be within -180..180 (or 0..360), "
                               f"got west={w}, east={e}", parameter="bbox")

    def wrap(x):
        return ((x + 180.0) % 360.0) - 180.0 if not -180 <= x <= 180 else x

    w, e = wrap(w), wrap(e)
    if w > e:  # crosses the antimeridian
        return [(w, s, 180.0, n), (-180.0, s, e, n)]
    return [(w, s, e, n)]


def _bbox_intersects(extent: tuple | None, boxes) -> bool:
    if extent is None:
        return False
    w, s, e, n = extent
    return any(w <= bx_e and bx_w <= e and s <= bx_n and bx_s <= n
               for bx_w, bx_s, bx_e, bx_n in boxes)


def search_interval(value: str | None) -> tuple[datetime | None, datetime | None] | None:
    """The `datetime` filter as (begin, end) aware UTC datetimes, or None when not given."""
    if value is None or not str(value).strip():
        return None
    begin, end = parse_datetime(value)
    return (None if begin is None else _utc(begin), None if end is None else _utc(end))


def _time_intersects(interval: tuple | None, query: tuple) -> bool:
    if interval is None:
        return False
    begin, end = query
    return (begin is None or interval[1] >= begin) and (end is None or interval[0] <= end)


def _values(text) -> set[str]:
    text = str(text).strip().lower()
    return {text} | {v.strip() for v in text.split(",") if v.strip()}


def parse_filters(properties) -> dict[str, set[str]]:
    """Facet and property filters from (name, value) pairs or a dict; unknown names refused."""
    pairs = properties.items() if isinstance(properties, dict) else (properties or [])
    filters: dict[str, set[str]] = {}
    for name, value in pairs:
        if name not in FACETS and name not in PLAIN_FIELDS:
            raise InvalidParameter(f"cannot filter on {name!r}; filters: "
                                   f"{', '.join(FACETS + PLAIN_FIELDS)}", parameter=name)
        if value is None or str(value).strip() == "":
            continue
        filters.setdefault(name, set()).update(_values(value))
    return filters


def _property_values(record: dict, name: str) -> list[str]:
    value = record["properties"].get(name)
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [str(v).strip().lower() for v in values]


def _matches_filters(record: dict, filters: dict[str, set[str]]) -> bool:
    return all(any(v in wanted for v in _property_values(record, name))
               for name, wanted in filters.items())


# --------------------------------------------------------------------------- search

@dataclass
class SearchResult:
    records: list[dict]          # the page, best first
    number_matched: int
    facets: dict[str, dict[str, int]]
    scores: dict[str, float]     # id -> relevance score (only with q)

    def feature_collection(self) -> dict:
        return {"type": "FeatureCollection", "features": self.records,
                "numberMatched": self.number_matched, "numberReturned": len(self.records),
                "facets": self.facets}


def facet_counts(records: list[dict]) -> dict[str, dict[str, int]]:
    """For each facet, how many of these records have each value (most frequent first)."""
    out = {}
    for name in FACETS:
        counts: Counter = Counter()
        for record in records:
            value = record["properties"].get(name)
            values = value if isinstance(value, list) else [value]
            counts.update({v for v in values if v})
        out[name] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].lower())))
    return out


def parse_sortby(sortby) -> list[tuple[str, bool]]:
    """`sortby` as [(property, ascending)]: a string `-title,+service` or pygeoapi's list."""
    if not sortby:
        return []
    if isinstance(sortby, str):
        items = [{"property": s.lstrip("+-"), "order": "-" if s.startswith("-") else "+"}
                 for s in sortby.split(",") if s.strip()]
    else:
        items = sortby
    keys = []
    for item in items:
        prop = item["property"]
        if prop not in FACETS and prop not in PLAIN_FIELDS:
            raise InvalidParameter(f"cannot sort by {prop!r}; sortable: "
                                   f"{', '.join(FACETS + PLAIN_FIELDS)}", parameter="sortby")
        keys.append((prop, item.get("order", "+") != "-"))
    return keys


def _sort_key(record: dict, prop: str) -> str:
    return ",".join(_property_values(record, prop))


def search(catalogue: Catalogue, *, q: str | None = None, bbox=None, datetime_=None,
           filters=None, sortby=None, offset: int = 0, limit: int = 10) -> SearchResult:
    """Filter, rank and page the catalogue's records; facets count the whole matched set.

    Without `sortby`, records are ordered by relevance to `q` (then title), or in the
    registry's order when there is no `q`. Raises InvalidParameter on a bad argument.
    """
    if offset < 0:
        raise InvalidParameter("offset must be zero or positive", parameter="offset")
    if limit < 0:
        raise InvalidParameter("limit must be zero or positive", parameter="limit")
    q = parse_q(q)
    boxes = search_boxes(bbox)
    interval = search_interval(datetime_) if isinstance(datetime_, (str, type(None))) \
        else datetime_
    filters = parse_filters(filters)
    keys = parse_sortby(sortby)

    extents = {e.id: dataset_extent(e) for e in catalogue}
    index = TextIndex({e.id: _fields(e, extents[e.id]) for e in catalogue}) if q else None

    matched, scores = [], {}
    for position, entry in enumerate(catalogue):
        extent = extents[entry.id]
        if boxes is not None and not _bbox_intersects(extent.bbox, boxes):
            continue
        if interval is not None and not _time_intersects(extent.interval, interval):
            continue
        record = dataset_record(entry, extent)
        if filters and not _matches_filters(record, filters):
            continue
        if index is not None:
            score = index.match(entry.id, q)
            if score is None:
                continue
            scores[entry.id] = round(score, 4)
        matched.append((position, record))

    if keys:
        ordered = [r for _, r in matched]
        for prop, ascending in reversed(keys):   # stable sorts, last key first
            ordered.sort(key=lambda r: _sort_key(r, prop), reverse=not ascending)
    elif index is not None:
        ordered = [r for _, r in sorted(matched, key=lambda pr: (
            -scores[pr[1]["id"]], pr[1]["properties"]["title"].lower(), pr[0]))]
    else:
        ordered = [r for _, r in matched]
    for record in ordered:
        if record["id"] in scores:
            record["properties"]["score"] = scores[record["id"]]
    return SearchResult(records=ordered[offset:offset + limit], number_matched=len(ordered),
                        facets=facet_counts(ordered), scores=scores)
