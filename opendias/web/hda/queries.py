"""The data requests of WEkEO's Harmonised Data Access API, read into the inputs of the
`subset` operation (processes/subset.py): the flat v2 body that `hda` 2.x sends, and the v1
"Show API request" JSON of the WEkEO portal, converted as `hda.utils.convert` does.

A v2 request: `dataset_id` (a WEkEO id of the catalogue, e.g.
`EO:MO:DAT:SST_MED_SST_L4_REP_OBSERVATIONS_010_021`), `bbox` [west, south, east, north], the
start and end date under the keys WEkEO uses for the dataset's provider (`date_keys`),
`variables` (or `variable`), `min_depth`/`max_depth` where the dataset has depth, `format`
(netcdf, geotiff, csv, zarr-zip), `split` ("time": one product per time step; one product
for the whole subset when left out), and the paging keys `startIndex`, `itemsPerPage`. An
unknown key is a 400 naming it and the keys the dataset takes (GET
dataaccess/queryable/{dataset_id} lists them with their ranges).
"""

from __future__ import annotations

from dataclasses import dataclass

from opendias.errors import InvalidParameter, MissingParameter, NotFound

FORMATS = ("netcdf", "geotiff", "csv", "zarr-zip")
PAGING = ("startIndex", "itemsPerPage")
MAX_ITEMS_PER_PAGE = 1000

# (dataset id prefix, start key, end key), as hda.utils.convert maps v1 date ranges
_DATE_KEYS = [
    ("EO:ECMWF:DAT:CAMS_", "dtstart", "dtend"),
    ("EO:EUM:DAT:", "dtstart", "dtend"),
    ("EO:CLMS:DAT:", "start", "end"),
    ("EO:EEA:DAT:CLMS_HRVPP", "start", "end"),
    ("EO:MO:DAT:", "min_date", "max_date"),
    ("EO:CNES:DAT:SWH", "creationDateStart", "creationDateEnd"),
    ("EO:ESA", "startDate", "completionDate"),
]


def date_keys(dataset_id: str, v1_name: str = "date") -> tuple[str, str]:
    """The keys of a request's start and end date for a dataset (else `<name>_start` and
    `<name>_end`, `date` being the name of our datasets' time ranges)."""
    for prefix, start, end in _DATE_KEYS:
        if dataset_id.startswith(prefix):
            return start, end
    return f"{v1_name}_start", f"{v1_name}_end"


def entry_of(dataset_id):
    """The catalogue entry with this WEkEO dataset id; NotFound naming the ids."""
    from opendias.catalogue import load_catalogue

    catalogue = load_catalogue()
    if isinstance(dataset_id, str):
        for entry in catalogue:
            if entry.dataset_id == dataset_id:
                return entry
    raise NotFound(f"unknown dataset_id {str(dataset_id)[:100]!r}; datasets: "
                   f"{', '.join(e.dataset_id for e in catalogue)}", parameter="dataset_id")


def from_v1(query: dict) -> dict:
    """A v1 request ("Show API request" of the WEkEO portal) as its v2 equivalent."""
    dataset_id = query.get("datasetId")
    out = {"dataset_id": dataset_id}
    for item in _items(query, "dateRangeSelectValues"):
        start, end = date_keys(str(dataset_id), str(item.get("name") or "date").lower())
        out[start], out[end] = item.get("start"), item.get("end")
    boxes = _items(query, "boundingBoxValues")
    if boxes:
        out["bbox"] = boxes[0].get("bbox")
    for key in ("stringInputValues", "stringChoiceValues", "multiStringSelectValues"):
        for item in _items(query, key):
            if "name" not in item:
                raise InvalidParameter(f"each of {key} needs a name and a value",
                                       parameter=key)
            out[str(item["name"])] = item.get("value")
    unknown = sorted(set(query) - {"datasetId", "dateRangeSelectValues", "boundingBoxValues",
                                   "stringInputValues", "stringChoiceValues",
                                   "multiStringSelectValues", *PAGING})
    if unknown:
        raise InvalidParameter(f"unknown key(s) {', '.join(unknown)} of a v1 request",
                               parameter=unknown[0])
    return {**out, **{k: query[k] for k in PAGING if k in query}}


def _items(query: dict, key: str) -> list[dict]:
    value = query.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise InvalidParameter(f"{key} must be a list of objects", parameter=key)
    return value


@dataclass(frozen=True)
class DataRequest:
    entry: object            # the catalogue entry
    inputs: dict             # subset inputs, before the operation validates them
    split_time: bool
    start_index: int
    items_per_page: int


def page_value(query: dict, key: str, default: int, high: int) -> int:
    value = query.get(key, default)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= high:
        raise InvalidParameter(f"{key} must be a whole number from 0 to {high}",
                               parameter=key)
    return value


def queryable_keys(entry, has_depth: bool) -> list[str]:
    start, end = date_keys(entry.dataset_id)
    keys = ["dataset_id", "bbox", start, end, "variables", "format", "split"]
    return keys + (["min_depth", "max_depth"] if has_depth else [])


def parse_request(query) -> DataRequest:
    """A search or download request (v2, or v1 converted) as subset inputs."""
    if not isinstance(query, dict):
        raise InvalidParameter("the request must be a JSON object with dataset_id",
                               parameter="body")
    if "datasetId" in query and "dataset_id" not in query:
        query = from_v1(query)
    if not query.get("dataset_id"):
        raise MissingParameter("dataset_id is required", parameter="dataset_id")
    entry = entry_of(query["dataset_id"])
    from opendias.datacube import open_cube

    has_depth = open_cube(entry).z is not None
    start, end = date_keys(entry.dataset_id)
    query = dict(query)
    if "variable" in query and "variables" not in query:  # the Data Stores' habit
        query["variables"] = query.pop("variable")
    unknown = sorted(set(query) - set(queryable_keys(entry, has_depth)) - set(PAGING))
    if unknown:
        raise InvalidParameter(f"unknown key(s) {', '.join(unknown)} for {entry.dataset_id}; "
                               f"its keys are {', '.join(queryable_keys(entry, has_depth))} "
                               "(GET dataaccess/queryable/{dataset_id})", parameter=unknown[0])
    inputs = {"dataset": entry.id, "format": query.get("format") or "netcdf"}
    if query.get("bbox") is not None:
        inputs["bbox"] = query["bbox"]
    if query.get(start) or query.get(end):
        inputs["datetime"] = f"{_date(query, start, '..')}/{_date(query, end, '..')}"
    if query.get("variables") is not None:
        variables = query["variables"]
        inputs["variables"] = [variables] if isinstance(variables, str) else variables
    if query.get("min_depth") is not None or query.get("max_depth") is not None:
        inputs["depth"] = [query.get("min_depth", 0), query.get("max_depth", 1e9)]
    split = query.get("split")
    if split not in (None, "", "time"):
        raise InvalidParameter(f"split must be \"time\" (one product per time step) or left "
                               f"out (one product), got {str(split)[:40]!r}", parameter="split")
    return DataRequest(entry, inputs, split == "time",
                       page_value(query, "startIndex", 0, 10 ** 9),
                       page_value(query, "itemsPerPage", 100, MAX_ITEMS_PER_PAGE))


def _date(query: dict, key: str, default: str) -> str:
    value = query.get(key)
    if value in (None, ""):
        return default
    if not isinstance(value, str) or "/" in value:
        raise InvalidParameter(f"{key} must be an ISO 8601 date or date-time",
                               parameter=key)
    return value
