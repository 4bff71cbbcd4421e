"""Where: bounding boxes, CRSs, geometries (WKT or GeoJSON), GeoJSON feature collections."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from functools import lru_cache

import pyproj
import shapely

from opendias.errors import InvalidParameter

CRS84 = pyproj.CRS.from_user_input("OGC:CRS84")
_CRS84_NAMES = ("CRS84", "CRS:84", "OGC:CRS84")
# names of Web Mercator that map clients still send
_ALIASES = {"EPSG:900913": "EPSG:3857", "EPSG:102100": "EPSG:3857",
            "EPSG:102113": "EPSG:3857"}


# --------------------------------------------------------------------------- CRS
@lru_cache(maxsize=256)
def _crs(text: str) -> pyproj.CRS:
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):  # a safe CURIE [EPSG:3035]
        text = text[1:-1]
    if text.upper() in _CRS84_NAMES:
        return CRS84
    text = _ALIASES.get(text.upper(), text)
    return pyproj.CRS.from_user_input(text)


def parse_crs(value, *, parameter: str = "bbox-crs") -> pyproj.CRS:
    """A CRS from an EPSG code, an OGC CRS URI, URN or CURIE, or a WKT (pyproj reads them
    all; CRS:84 and the Web Mercator aliases are added); CRS84 when empty."""
    if isinstance(value, pyproj.CRS):
        return value
    if value is None or str(value).strip() == "":
        return CRS84
    try:
        return _crs(str(value))
    except pyproj.exceptions.CRSError:
        raise InvalidParameter(f"unknown or invalid CRS {value!r}: give an EPSG code "
                               "(EPSG:3035) or an OGC URI "
                               "(http://www.opengis.net/def/crs/EPSG/0/3035)",
                               parameter=parameter) from None


@lru_cache(maxsize=256)
def _name(wkt: str) -> str:
    crs = pyproj.CRS.from_wkt(wkt)
    if crs.equals(CRS84):
        return "CRS:84"
    auth = crs.to_authority()
    return f"{auth[0]}:{auth[1]}" if auth else crs.to_string()


def crs_name(crs: pyproj.CRS) -> str:
    """The short name of a CRS as map services list them: EPSG:nnnn, or CRS:84."""
    return _name(crs.to_wkt())


def northing_first(crs: pyproj.CRS) -> bool:
    """Whether the CRS's authority axis order puts north (latitude) first, as EPSG:4326 and
    EPSG:3035 do (OGC API bbox-crs and WMS 1.3.0 follow it)."""
    axes = crs.axis_info
    return bool(axes) and axes[0].direction.lower() in ("north", "south")


# --------------------------------------------------------------------------- bbox
def parse_bbox(value, *, parameter: str = "bbox", allow_z: bool = True) -> list[float]:
    """[minx, miny, maxx, maxy] from 'a,b,c,d' or 4 numbers, in the order given (see
    `bbox_xy`); 6 values (a 3-D box) drop z when `allow_z`."""
    parts = value.split(",") if isinstance(value, str) else list(value)
    sizes = (4, 6) if allow_z else (4,)
    if len(parts) not in sizes:
        raise InvalidParameter(f"{parameter} must have 4 numbers (minx,miny,maxx,maxy), got "
                               f"{len(parts)}: {value!r}", parameter=parameter)
    try:
        nums = [float(p) for p in parts]
    except (TypeError, ValueError, OverflowError):
        raise InvalidParameter(f"{parameter} values must be numbers: {value!r}",
                               parameter=parameter) from None
    if not all(math.isfinite(n) for n in nums):
        raise InvalidParameter(f"{parameter} values must be finite numbers: {value!r}",
                               parameter=parameter)
    if len(nums) == 6:
        nums = [nums[0], nums[1], nums[3], nums[4]]
    return nums


def bbox_xy(bbox: list[float], crs: pyproj.CRS) -> list[float]:
    """A box given in its CRS's own axis order as (minx, miny, maxx, maxy) in x/y order."""
    if northing_first(crs):
        return [bbox[1], bbox[0], bbox[3], bbox[2]]
    return list(bbox)


# --------------------------------------------------------------------------- geometry
def parse_geometry(value, *, parameter: str = "coords") -> shapely.Geometry:
    """A polygon (or multipolygon, or point) from WKT, GeoJSON text, a GeoJSON geometry or
    Feature dict, or a shapely geometry."""
    if isinstance(value, shapely.Geometry):
        geom = value
    else:
        try:
            if isinstance(value, dict):
                obj = (value.get("geometry") or {}) if value.get("type") == "Feature" \
                    else value
                geom = shapely.geometry.shape(obj)
            else:
                text = str(value).strip()
                if text.startswith("{"):
                    return parse_geometry(json.loads(text), parameter=parameter)
                geom = shapely.from_wkt(text)
        except (ValueError, TypeError, AttributeError, KeyError, RecursionError,
                shapely.errors.GEOSException) as err:
            raise InvalidParameter(f"geometry does not parse (WKT or GeoJSON expected): "
                                   f"{err}", parameter=parameter) from None
    if geom is None or geom.is_empty:
        raise InvalidParameter("geometry is empty", parameter=parameter)
    if not geom.is_valid:
        raise InvalidParameter(f"geometry is not valid: {shapely.is_valid_reason(geom)}",
                               parameter=parameter)
    return geom


def parse_features(features, *, parameter: str = "features") -> list[dict]:
    """The Features of a GeoJSON FeatureCollection (text, dict, list or one Feature);
    InvalidParameter when it is none of these or empty. Geometries are parsed later."""
    obj = features
    if isinstance(obj, (str, bytes)):
        try:
            obj = json.loads(obj)
        except (ValueError, RecursionError) as err:
            raise InvalidParameter(f"features are not GeoJSON: {err}",
                                   parameter=parameter) from None
    if isinstance(obj, dict):
        if obj.get("type") == "FeatureCollection":
            obj = obj.get("features")
        elif obj.get("type") == "Feature":
            obj = [obj]
        else:
            raise InvalidParameter("features must be a GeoJSON FeatureCollection",
                                   parameter=parameter)
    if not isinstance(obj, Iterable) or isinstance(obj, (str, bytes)):
        raise InvalidParameter("features must be a GeoJSON FeatureCollection",
                               parameter=parameter)
    obj = list(obj)
    if not obj:
        raise InvalidParameter("the FeatureCollection has no feature", parameter=parameter)
    return obj
