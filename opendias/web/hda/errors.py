"""Errors of the HDA front: the OGC exception members (`type`, `title`, `status`, `detail`)
and the OAuth-style `error`/`error_description` that `hda` reads from a failed gettoken, with
the detail in the status line's reason phrase (what `hda` shows its user: requests'
HTTPError prints the status line, not the body). A 500 says only the request id."""

from __future__ import annotations

import json
import logging
import re

from flask import Response
from werkzeug.exceptions import HTTPException

from opendias.errors import OpendiasError
from opendias.web.errors import CHALLENGE, internal_error_detail, ogc_exception_body

LOGGER = logging.getLogger(__name__)
_UNPRINTABLE = re.compile(r"[^\x20-\x7e]+")
MAX_REASON = 300


def reason_phrase(status: int, detail: str) -> str:
    """A status line `status detail`: printable ASCII, one line, at most MAX_REASON."""
    text = _UNPRINTABLE.sub(" ", detail).strip()
    if len(text) > MAX_REASON:
        text = text[:MAX_REASON - 3] + "..."
    return f"{status} {text or 'Error'}"


def hda_response(status: int, code: str, title: str, detail: str) -> Response:
    body = {**ogc_exception_body(status, code, title, detail),
            "error": code, "error_description": detail}
    response = Response(json.dumps(body), mimetype="application/json")
    response.status = reason_phrase(status, detail)
    if status == 401:
        for key, value in CHALLENGE:
            response.headers.add(key, value)
    return response


def hda_error(err: Exception) -> Response:
    if isinstance(err, OpendiasError):
        return hda_response(err.status, err.code, err.title, err.detail)
    if isinstance(err, HTTPException):
        return hda_response(err.code or 500, type(err).__name__, err.name,
                            err.description or err.name)
    LOGGER.exception("unexpected error")  # the record carries the request id
    return hda_response(500, "NoApplicableCode", "Internal server error",
                        internal_error_detail())
