"""Rendered maps, kept in a per-process LRU keyed by the normalised request (panning back
and forth and repeated tiles cost nothing), and the headers that say what a picture shows."""

from __future__ import annotations

import threading
from collections import OrderedDict

from opendias.operations.render.dimensions import format_number
from opendias.operations.render.picture import render_map
from opendias.params import iso_time
from opendias.web.wms.layers import Layer


class PictureCache:
    """A small LRU of rendered pictures, bounded in bytes, keyed by the normalised request."""

    def __init__(self, max_bytes: int = 64 * 1024 * 1024):
        self.max_bytes = max_bytes
        self._items: OrderedDict = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key):
        with self._lock:
            item = self._items.get(key)
            if item is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return item[0]

    def put(self, key, value, size: int) -> None:
        if size > self.max_bytes // 8:
            return
        with self._lock:
            if key in self._items:
                return
            self._items[key] = (value, size)
            self._size += size
            while self._size > self.max_bytes and self._items:
                _, (_, s) = self._items.popitem(last=False)
                self._size -= s


_PICTURES = PictureCache()


def picture(layer: Layer, crs_key: str, crs, bbox, width: int, height: int, *, style,
            colour_range, fmt: str, t_index, z_index, transparent: bool, bgcolor) -> bytes:
    """A rendered map, from the picture cache when the same request was seen before."""
    key = (layer.name, id(layer.cube.ds), crs_key, tuple(round(v, 9) for v in bbox), width,
           height, style.name, colour_range, fmt, t_index, z_index, transparent, bgcolor)
    body = _PICTURES.get(key)
    if body is None:
        body = render_map(layer.cube, layer.variable, crs, bbox, width, height,
                          style=style, colour_range=colour_range, fmt=fmt, t_index=t_index,
                          z_index=z_index, transparent=transparent, bgcolor=bgcolor)
        _PICTURES.put(key, body, len(body) + 200)
    return body


def picture_headers(t_value=None, z_value=None, colour_range=None,
                    style_name: str | None = None) -> dict:
    """X-Opendias-Time / -Elevation / -Colorscalerange / -Style of what a picture shows."""
    headers = {}
    if colour_range is not None:
        headers["X-Opendias-Colorscalerange"] = ",".join(format_number(v)
                                                         for v in colour_range)
    if style_name is not None:
        headers["X-Opendias-Style"] = style_name
    if t_value is not None:
        headers["X-Opendias-Time"] = iso_time(t_value)
    if z_value is not None:
        headers["X-Opendias-Elevation"] = format_number(z_value)
    return headers
