"""The WMS endpoint `/wms`: reads SERVICE, REQUEST and VERSION, runs the operation, and
answers every error as a ServiceExceptionReport (HTTP 400 for a client's mistake with its WMS
code, 503 when a dataset is unavailable, 500 saying only the request id for our own failures)."""

from __future__ import annotations

import logging

from flask import Flask, request

from opendias.errors import OpendiasError
from opendias.web.errors import internal_error_detail
from opendias.web.wms.errors import WmsError, exception_report, wms_exception
from opendias.web.wms.handlers import OPERATIONS
from opendias.web.wms.parameters import check_version, request_params
from opendias.web.wms.parameters import version as wms_version

LOGGER = logging.getLogger(__name__)

app = Flask(__name__)


@app.route("/wms", methods=["GET", "HEAD"])
@app.route("/wms/", methods=["GET", "HEAD"])
def wms():
    params = request_params()
    version = wms_version(params)
    try:
        service = params.get("SERVICE")
        if service and service.strip().upper() != "WMS":
            raise WmsError("InvalidParameterValue", f"SERVICE must be WMS, not {service!r}",
                           locator="SERVICE")
        check_version(params)
        op = (params.get("REQUEST") or "").strip()
        if not op:
            raise WmsError("MissingParameterValue", "REQUEST is required (GetCapabilities, "
                           "GetMap, GetFeatureInfo or GetLegendGraphic)", locator="REQUEST")
        handler = OPERATIONS.get(op.lower())
        if handler is None:
            raise WmsError("OperationNotSupported", f"REQUEST {op!r} is not supported; use "
                           "GetCapabilities, GetMap, GetFeatureInfo or GetLegendGraphic",
                           locator="REQUEST")
        resp = handler(params, version)
    except OpendiasError as err:
        return wms_exception(err, version)
    except Exception:  # our failure: logged with the request id, which is all it says
        LOGGER.exception("WMS request failed: %s", request.query_string)
        return exception_report("NoApplicableCode", internal_error_detail(), version, None,
                                500)
    return resp
