"""WMS 1.3.0 (and 1.1.1) at `/wms`: a thin front over `opendias.operations.render`.

| module | holds |
| --- | --- |
| `service` | the WSGI app (`app`): SERVICE / REQUEST dispatch, every error as a report |
| `handlers` | GetMap, GetFeatureInfo, GetLegendGraphic, GetCapabilities |
| `parameters` | the request parameters, each read once (TIME, ELEVATION, COLORSCALERANGE and BGCOLOR shared with OGC API - Maps) |
| `capabilities` | the capabilities document (template `web/templates/wms/capabilities.xml`) |
| `layers` | layer names (`{dataset id}/{variable}`) to cubes |
| `pictures` | the per-process picture cache and the headers of a picture |
| `errors` | WMS exception codes and locators, the ServiceExceptionReport |

Every client mistake is answered with HTTP 400 and a WMS ServiceExceptionReport carrying the
standard code (LayerNotDefined, StyleNotDefined, InvalidCRS, InvalidDimensionValue,
MissingDimensionValue, InvalidFormat, InvalidPoint, InvalidParameterValue,
MissingParameterValue, OperationNotSupported).

Missing values are transparent in PNG maps unless the request says TRANSPARENT=FALSE (then
they take BGCOLOR), a deliberate default for a data service whose layers are overlays.
"""

from opendias.web.wms.service import app

__all__ = ["app"]
