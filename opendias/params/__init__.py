"""Request parameters, each parsed once: every front (OGC API, WPS, WMS, Maps, records, and
those to come) turns a parameter's text or JSON value into the typed value the core takes by
calling the parser here, so a parameter means the same and fails with the same message
wherever it is given.

| parameter | parser | gives |
| --- | --- | --- |
| bbox | `parse_bbox` | [minx, miny, maxx, maxy] (floats, finite; a 6-value 3-D box drops z) |
| bbox-crs, crs | `parse_crs`, `crs_name` | a pyproj CRS (EPSG codes, OGC URIs/URNs, WKT, CRS:84) |
| datetime | `parse_datetime`, `parse_instant`, `parse_interval` | naive UTC timestamps |
| subset | `parse_subset` | {axis: (low, high) or (value,)} |
| z, a subset's numbers | `parse_z`, `parse_number` | (level,) or (low, high); a finite float |
| coords, polygon | `parse_geometry` | a shapely geometry (WKT or GeoJSON) |
| features | `parse_features` | the Features of a GeoJSON FeatureCollection |
| stats, frequency, reference | `parse_stats`, `parse_frequency`, `parse_reference` | names, a period |
| method, resolution | `parse_method`, `parse_resolution` | a regridding method, (dx, dy) |
| scale-size, scaleSize, scale-axes, scale-factor, width/height | `parse_scaling` | a `Scaling` (cells or factors per axis) |
| steps (year, month, day, time lists) | `parse_steps` | {field: the values kept} |
| an execute request's JSON body | `parse_json_body` | its value (UTF-8, depth and integer limits) |
| properties, parameter-name, status... | `parse_names` | the names of a comma-separated or repeated list |

Parsers raise `opendias.errors.InvalidParameter` naming the parameter (the `parameter`
argument lets a front name it as its protocol does).
"""

from opendias.params.body import parse_json_body
from opendias.params.compute import (FREQUENCIES, METHODS, SPATIAL_STATS, TEMPORAL_STATS,
                                     parse_frequency, parse_method, parse_reference,
                                     parse_resolution, parse_stats)
from opendias.params.space import (CRS84, bbox_xy, crs_name, northing_first, parse_bbox,
                                   parse_crs, parse_features, parse_geometry)
from opendias.params.names import parse_names
from opendias.params.scaling import Scaling, parse_scaling
from opendias.params.steps import parse_steps, steps_text
from opendias.params.subset import parse_number, parse_subset, parse_z
from opendias.params.time import (ISO_MICROSECONDS, ISO_SECONDS, is_date_only, iso_time,
                                  parse_datetime, parse_instant, parse_interval, utc_now_text)

__all__ = [
    "CRS84", "FREQUENCIES", "ISO_MICROSECONDS", "ISO_SECONDS", "METHODS", "SPATIAL_STATS",
    "TEMPORAL_STATS", "bbox_xy", "crs_name", "is_date_only", "iso_time", "northing_first", "parse_bbox",
    "parse_crs", "parse_datetime", "parse_features", "parse_frequency", "parse_geometry",
    "parse_instant", "parse_interval", "parse_json_body", "parse_method", "parse_names", "parse_number", "parse_reference",
    "parse_resolution", "parse_scaling", "parse_stats", "Scaling", "parse_steps", "parse_subset", "parse_z", "steps_text",
    "utc_now_text",
]
