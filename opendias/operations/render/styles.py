"""Styles (named colour maps) and colour scales: a layer's styles, its default first; a
style's palette; the default colour range of a variable; values to palette indices."""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

import numpy as np

from opendias.datacube import Cube
from opendias.errors import InvalidParameter
from opendias.operations.render.window import compute


@dataclass(frozen=True)
class Style:
    name: str
    title: str
    colormap: str  # "cmocean:thermal" or a matplotlib name
    diverging: bool = False


STYLES = {
    s.name: s for s in (
        Style("thermal", "Thermal (cmocean, perceptually uniform)", "cmocean:thermal"),
        Style("viridis", "Viridis (perceptually uniform)", "viridis"),
        Style("haline", "Haline (cmocean, perceptually uniform)", "cmocean:haline"),
        Style("balance", "Balance (cmocean, diverging, centred on zero, for anomalies)",
              "cmocean:balance", diverging=True),
    )
}
NCOLOURS = 255  # palette indices 0..254 are colours; 255 is missing
MISSING = 255
_LUTS: dict[str, np.ndarray] = {}
_LUT_LOCK = threading.Lock()


def layer_styles(cube: Cube, variable: str) -> list[Style]:
    """The styles of a layer, its default first (chosen from the variable's meaning)."""
    info = cube.variable_info(variable)
    text = f"{info.get('standard_name', '')} {info.get('title', '')} {variable}".lower()
    if "temperature" in text or variable in ("thetao", "t2m", "sst", "analysed_sst"):
        first = "thermal"
    elif "salinity" in text:
        first = "haline"
    elif "anomal" in text or "eastward" in text or "northward" in text:
        first = "balance"
    else:
        first = "viridis"
    return [STYLES[first]] + [s for n, s in STYLES.items() if n != first]


def select_style(cube: Cube, variable: str, name: str | None) -> Style:
    styles = layer_styles(cube, variable)
    if not name or name.lower() == "default":
        return styles[0]
    key = name.strip().lower()
    if "/" in key:  # a style path, "default-scalar/thermal"
        key = key.rsplit("/", 1)[1]
    for style in styles:
        if style.name == key:
            return style
    raise InvalidParameter(f"style {name!r} is not defined for this layer; use one of "
                           f"{', '.join(s.name for s in styles)}", parameter="style")


def palette(style: Style) -> np.ndarray:
    """(255, 3) uint8 colours of a style, from its lowest to its highest value."""
    lut = _LUTS.get(style.name)
    if lut is None:
        with _LUT_LOCK:
            if style.colormap.startswith("cmocean:"):
                import cmocean

                cmap = getattr(cmocean.cm, style.colormap.split(":", 1)[1])
            else:
                import matplotlib

                cmap = matplotlib.colormaps[style.colormap]
            rgba = cmap(np.linspace(0.0, 1.0, NCOLOURS))
            lut = np.round(rgba[:, :3] * 255).astype("uint8")
            _LUTS[style.name] = lut
    return lut


# --------------------------------------------------------------------------- colour range
_RANGES: dict[tuple, tuple[float, float]] = {}
_RANGE_LOCK = threading.Lock()


def _nice(value: float) -> float:
    if value == 0 or not math.isfinite(value):
        return value
    digits = 3 - int(math.floor(math.log10(abs(value)))) - 1
    return round(value, max(digits, 0) if abs(value) >= 1 else digits)


def default_range(cube: Cube, variable: str) -> tuple[float, float]:
    """A robust colour range of a variable: the 2nd and 98th percentiles of a coarse sample
    (at most about 256x256 cells of three time steps), computed once per process."""
    key = (cube.id, variable, id(cube.ds))
    found = _RANGES.get(key)
    if found is not None:
        return found
    with _RANGE_LOCK:
        found = _RANGES.get(key)
        if found is not None:
            return found
        da = cube.ds[variable]
        ny, nx = cube.ds.sizes[cube.y], cube.ds.sizes[cube.x]
        sel = {cube.y: slice(None, None, max(1, ny // 256)),
               cube.x: slice(None, None, max(1, nx // 256))}
        for dim in da.dims:
            if dim not in (cube.x, cube.y, cube.t):
                sel[dim] = 0
        samples = []
        steps = [None]
        if cube.t and cube.t in da.dims:
            n = da.sizes[cube.t]
            steps = sorted({0, n // 2, n - 1})
        for step in steps:
            part = dict(sel)
            if step is not None:
                part[cube.t] = step
            samples.append(compute(da.isel(part)).ravel())
        values = np.concatenate(samples).astype("f8")
        values = values[np.isfinite(values)]
        if values.size == 0:
            lo, hi = 0.0, 1.0
        else:
            lo, hi = (float(v) for v in np.percentile(values, [2, 98]))
            if hi <= lo:
                pad = abs(lo) * 0.01 or 1.0
                lo, hi = lo - pad, hi + pad
            lo, hi = _nice(lo), _nice(hi)
            if hi <= lo:
                hi = lo + abs(lo) * 0.01 or 1.0
        _RANGES[key] = (lo, hi)
        return lo, hi


def style_range(cube: Cube, variable: str, style: Style) -> tuple[float, float]:
    """The default range as a style shows it (symmetric about zero for a diverging style
    whose data spans zero)."""
    lo, hi = default_range(cube, variable)
    if style.diverging and lo < 0 < hi:
        m = max(abs(lo), abs(hi))
        return -m, m
    return lo, hi


def colour_indices(values: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Palette indices 0..254 of values scaled over [lo, hi] (clamped), 255 where missing."""
    scaled = (values - lo) * ((NCOLOURS - 1) / (hi - lo))
    missing = ~np.isfinite(scaled)
    np.clip(scaled, 0, NCOLOURS - 1, out=scaled)
    scaled[missing] = MISSING
    return np.rint(scaled).astype("uint8")

