"""Pictures: palette indices encoded as a paletted PNG (missing values transparent, or the
background colour) or a JPEG; a map rendered whole; a legend."""

from __future__ import annotations

import io

import numpy as np
import pyproj

from opendias.datacube import Cube
from opendias.errors import InvalidParameter
from opendias.operations.render.dimensions import format_number
from opendias.operations.render.styles import NCOLOURS, Style, colour_indices, palette
from opendias.operations.render.window import read_map

IMAGE_FORMATS = ("image/png", "image/jpeg")


def encode_image(indices: np.ndarray, style: Style, fmt: str, transparent: bool = True,
                 bgcolor=(255, 255, 255)) -> bytes:
    """A paletted PNG (missing transparent, or the background colour) or a JPEG."""
    from PIL import Image

    lut = palette(style)
    pal = np.vstack([lut, np.array([bgcolor], dtype="uint8")])
    h, w = indices.shape
    buf = io.BytesIO()
    if fmt == "image/png":
        img = Image.frombuffer("P", (w, h), np.ascontiguousarray(indices).tobytes(), "raw",
                               "P", 0, 1)
        img.putpalette(pal.tobytes())
        if transparent:
            img.save(buf, format="PNG", transparency=b"\xff" * NCOLOURS + b"\x00",
                     compress_level=1)
        else:
            img.save(buf, format="PNG", compress_level=1)
    elif fmt == "image/jpeg":
        rgb = pal[indices]
        Image.fromarray(rgb, "RGB").save(buf, format="JPEG", quality=90)
    else:
        raise InvalidParameter(f"format {fmt!r} is not offered; use one of "
                               f"{', '.join(IMAGE_FORMATS)}", parameter="format")
    return buf.getvalue()


def render_map(cube: Cube, variable: str, crs: pyproj.CRS, bbox, width: int, height: int,
               *, style: Style, colour_range: tuple[float, float], fmt: str = "image/png",
               t_index: int | None = None, z_index: int | None = None,
               transparent: bool = True, bgcolor=(255, 255, 255)) -> bytes:
    values = read_map(cube, variable, crs, bbox, width, height, t_index, z_index)
    indices = colour_indices(values, *colour_range)
    return encode_image(indices, style, fmt, transparent, bgcolor)


def legend_png(style: Style, lo: float, hi: float, units: str = "", title: str = "",
               width: int = 110, height: int = 264) -> bytes:
    """A vertical colour bar (maximum at the top, minimum at the bottom) labelled with the
    range and the units. The PNG also carries the range and units as text chunks."""
    from PIL import Image, ImageDraw, ImageFont
    from PIL.PngImagePlugin import PngInfo

    width, height = max(40, min(width, 1024)), max(60, min(height, 2048))
    lut = palette(style)
    img = Image.new("RGBA", (width, height), (255, 255, 255, 255))
    top, bottom = 18, height - 8
    bar_x0, bar_x1 = 4, min(26, width // 3)
    n = bottom - top
    frac = 1.0 - np.arange(n) / max(n - 1, 1)  # top row = hi, bottom row = lo
    colours = lut[np.clip(np.rint(frac * (NCOLOURS - 1)), 0, NCOLOURS - 1).astype(int)]
    bar = np.repeat(colours[:, None, :], bar_x1 - bar_x0, axis=1)
    alpha = np.full(bar.shape[:2] + (1,), 255, dtype="uint8")
    img.paste(Image.fromarray(np.concatenate([bar, alpha], axis=2), "RGBA"), (bar_x0, top))
    draw = ImageDraw.Draw(img)
    try:
        font = ImageFont.load_default(size=11)
    except TypeError:  # pragma: no cover - old Pillow
        font = ImageFont.load_default()
    draw.rectangle([bar_x0 - 1, top - 1, bar_x1, bottom], outline=(0, 0, 0, 255))
    for k, value in enumerate(np.linspace(hi, lo, 5)):
        y = top + k * (n - 1) / 4
        draw.line([(bar_x1, y), (bar_x1 + 3, y)], fill=(0, 0, 0, 255))
        draw.text((bar_x1 + 5, y - 6), format_number(value), fill=(0, 0, 0, 255), font=font)
    label = units if not title else f"{title} [{units}]" if units else title
    draw.text((2, 2), label[: max(4, width // 6)], fill=(0, 0, 0, 255), font=font)
    info = PngInfo()
    info.add_text("colorscalerange", f"{format_number(lo)},{format_number(hi)}")
    info.add_text("units", units)
    info.add_text("style", style.name)
    buf = io.BytesIO()
    img.save(buf, format="PNG", pnginfo=info)
    return buf.getvalue()

