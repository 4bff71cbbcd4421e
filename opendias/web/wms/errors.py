"""WMS exceptions: the codes and locators of WMS 1.3.0 / 1.1.1, and the ServiceExceptionReport.

The core raises typed errors naming a neutral parameter ("time", "crs", "style"...); here they
get their WMS code (InvalidDimensionValue, InvalidCRS / InvalidSRS, StyleNotDefined,
InvalidFormat...) and their WMS locator (TIME, CRS / SRS, STYLES...). The front's own checks
raise `WmsError` with their code and locator directly.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from flask import Response

from opendias.errors import DatasetUnavailable, InvalidParameter, MissingParameter, OpendiasError


class WmsError(OpendiasError):
    """A WMS exception with its own code (status 400 unless said otherwise)."""

    def __init__(self, code: str, detail: str, *, locator: str | None = None,
                 status: int = 400, title: str | None = None):
        super().__init__(detail, parameter=locator)
        self.code = code
        self.status = status
        self.title = title or self.title


# a core error about one of these parameters has a code of its own: (code, title)
_INVALID = {
    "time": ("InvalidDimensionValue", "Invalid dimension value"),
    "elevation": ("InvalidDimensionValue", "Invalid dimension value"),
    "crs": ("InvalidCRS", "Invalid CRS"),
    "bbox-crs": ("InvalidCRS", "Invalid CRS"),
    "style": ("StyleNotDefined", "Style not defined"),
    "format": ("InvalidFormat", "Invalid format"),
}
_MISSING = {
    "time": ("MissingDimensionValue", "Missing dimension value"),
    "elevation": ("MissingDimensionValue", "Missing dimension value"),
}
# the WMS names of the core's parameters (CRS is SRS in 1.1.1)
_LOCATORS = {"time": "TIME", "elevation": "ELEVATION", "style": "STYLES", "format": "FORMAT",
             "crs": "CRS"}


def map_error(err: OpendiasError) -> OpendiasError:
    """A core error about a map's time, elevation, CRS, style or format with its WMS code
    (the OGC API - Maps front answers the same codes); any other error as it is."""
    table = _MISSING if isinstance(err, MissingParameter) else \
        _INVALID if isinstance(err, InvalidParameter) else {}
    found = table.get(err.parameter)
    if found is None:
        return err
    return WmsError(found[0], err.detail, locator=err.parameter, status=err.status,
                    title=found[1])


def wms_exception(err: OpendiasError, version: str) -> Response:
    """The ServiceExceptionReport of any error (ours or the core's)."""
    if isinstance(err, DatasetUnavailable):
        return exception_report("NoApplicableCode", err.detail, version, None, 503)
    if err.retry_after is not None:  # busy, or stopped at the time limit: ask again later
        response = exception_report(err.code, err.detail, version, None, err.status)
        response.headers["Retry-After"] = str(err.retry_after)
        return response
    err = map_error(err)
    code = "LayerNotDefined" if err.code == "NotFound" else err.code
    locator = _LOCATORS.get(err.parameter, err.parameter)
    if version == "1.1.1" and code == "InvalidCRS":
        code = "InvalidSRS"
    if version == "1.1.1" and err.parameter == "crs":
        locator = "SRS"
    status = err.status if 400 <= err.status < 500 else 400
    return exception_report(code, err.detail, version, locator, status)


def exception_report(code: str, detail: str, version: str, locator: str | None = None,
                     status: int = 400) -> Response:
    attrs = {"code": code}
    if locator:
        attrs["locator"] = locator
    if version == "1.3.0":
        root = ET.Element("ServiceExceptionReport", {
            "version": "1.3.0", "xmlns": "http://www.opengis.net/ogc",
            "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
            "xsi:schemaLocation": "http://www.opengis.net/ogc http://schemas.opengis.net/wms/"
                                  "1.3.0/exceptions_1_3_0.xsd"})
        mime = "text/xml"
    else:
        root = ET.Element("ServiceExceptionReport", {"version": "1.1.1"})
        mime = "application/vnd.ogc.se_xml"
    ET.SubElement(root, "ServiceException", attrs).text = detail
    body = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")
    return Response(body, status=status, mimetype=mime)
