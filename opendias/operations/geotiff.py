"""GeoTIFF output that keeps what the source had.

- One band per variable and per step of its other axes (time, depth, ensemble member...),
  in the order of the variables then of the steps; each band's description names the
  variable and its step (`analysed_sst time=2016-03-01T00:00:00`), its metadata holds the
  variable's units, long_name and standard_name and the step's coordinates, its unit type
  the units.
- North-up: the first row is the northernmost (negative pixel height), whatever the order of
  the source's rows.
- The source's data type, nodata, packing and colours: when every band was stored with the
  same integer type and fill value (a Byte GeoTIFF with nodata 255, a NetCDF variable packed
  as int16 with a scale_factor), the bands are written as stored, with that nodata and
  each band's scale and offset (GDAL's; `gdal_translate -unscale` gives the physical
  values); a source colour table (palette) and colour interpretation (RGB) come back.
  Otherwise (types that differ, values computed) the bands are float32 (float64 when a
  source was float64) with the sources' common fill value as nodata, else NaN.

Written row block by row block (about a million cells at a time) from the lazy selection,
to a temporary name renamed when complete.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from opendias.datacube import Cube
from opendias.errors import InvalidParameter, TooLarge

MAX_BANDS = 65535  # what a GeoTIFF holds
_INTEGERS = ("uint8", "uint16", "int16", "uint32", "int32")  # GeoTIFF types of every GDAL
BLOCK_CELLS = 1 << 20


def spatial_dims(cube: Cube, ds: xr.Dataset) -> tuple[str, str, str]:
    """(x, y, crs) of a selection: the cube's own axes, or the lon/lat of a selection
    resampled to a lon/lat grid (opendias.operations.scaling)."""
    if cube.x in ds.dims and cube.y in ds.dims:
        return cube.x, cube.y, cube.crs.to_wkt()
    if "lon" in ds.dims and "lat" in ds.dims:
        return "lon", "lat", "EPSG:4326"
    raise InvalidParameter("GeoTIFF output needs both horizontal axes; this selection has "
                           f"{', '.join(map(str, ds.dims))}", parameter="f")


def _fill(var: xr.DataArray):
    value = var.encoding.get("_FillValue", var.encoding.get("missing_value"))
    if isinstance(value, (list, tuple, np.ndarray)):
        value = np.asarray(value).ravel()[0] if np.size(value) else None
    return None if value is None else value.item() if hasattr(value, "item") else value


def layout(variables: list[xr.DataArray]) -> dict:
    """The one data type and nodata of the bands of these variables: `dtype`, `nodata`,
    `raw` (values written as they are, integers never decoded), `packed` (decoded values
    written back as stored: round((v - add_offset) / scale_factor))."""
    stored = {str(np.dtype(v.encoding.get("dtype", v.dtype))) for v in variables}
    fills = {_fill(v) for v in variables}
    if len(stored) == 1 and next(iter(stored)) in _INTEGERS:
        dtype = next(iter(stored))
        if all(v.dtype.kind in "iu" for v in variables):
            fill = next(iter(fills)) if len(fills) == 1 else None
            return {"dtype": dtype, "nodata": fill, "raw": True, "packed": False}
        if len(fills) == 1 and None not in fills:
            return {"dtype": dtype, "nodata": next(iter(fills)), "raw": False, "packed": True}
    wide = "float64" in stored or any(v.dtype == np.float64 for v in variables)
    dtype = "float64" if wide else "float32"
    floats = {f for f in fills if f is not None and np.isfinite(f)}
    nodata = float(floats.pop()) if len(floats) == 1 and None not in fills else float("nan")
    return {"dtype": dtype, "nodata": nodata, "raw": False, "packed": False}


def _label(value) -> str:
    if isinstance(value, np.datetime64):
        return pd.Timestamp(value).isoformat()
    return str(value.item() if hasattr(value, "item") else value)


def bands(ds: xr.Dataset, x: str, y: str) -> list[tuple[str, xr.DataArray, dict]]:
    """(variable, 2-D lazy band, {axis: step}) for every band, in order."""
    out = []
    for name, var in ds.data_vars.items():
        if x not in var.dims or y not in var.dims:
            continue
        extra = [d for d in var.dims if d not in (x, y)]
        var = var.transpose(*extra, y, x)
        for index in np.ndindex(*(var.sizes[d] for d in extra)):
            steps = {d: _label(var[d].values[i]) if d in var.coords else str(i)
                     for d, i in zip(extra, index)}
            out.append((str(name), var[dict(zip(extra, index))] if extra else var, steps))
    if not out:
        raise InvalidParameter("nothing to write as GeoTIFF: no variable has both horizontal "
                               "axes", parameter="properties")
    if len(out) > MAX_BANDS:
        raise TooLarge(f"a GeoTIFF holds at most {MAX_BANDS:,} bands; this selection has "
                       f"{len(out):,} (variables x steps): narrow datetime/subset")
    return out


def _geotransform(cube: Cube, ds: xr.Dataset, x: str, y: str):
    from rasterio.transform import Affine

    xv = np.asarray(ds[x].values, "f8")
    yv = np.asarray(ds[y].values, "f8")
    rx, ry = cube.resolution  # a single cell: its size as scaling gave it, else the cube's
    dx = abs(xv[-1] - xv[0]) / (xv.size - 1) if xv.size > 1 else \
        ds[x].encoding.get("cell_size", rx)
    dy = abs(yv[-1] - yv[0]) / (yv.size - 1) if yv.size > 1 else \
        ds[y].encoding.get("cell_size", ry)
    return Affine(dx, 0.0, xv.min() - dx / 2, 0.0, -dy, yv.max() + dy / 2)


def _encode(block: np.ndarray, var: xr.DataArray, lay: dict) -> np.ndarray:
    if lay["raw"]:
        return block.astype(lay["dtype"], copy=False)
    if lay["packed"]:
        scale = float(var.encoding.get("scale_factor", 1.0))
        offset = float(var.encoding.get("add_offset", 0.0))
        info = np.iinfo(lay["dtype"])
        raw = np.clip(np.round((block - offset) / scale), info.min, info.max)
        return np.where(np.isnan(block), lay["nodata"], raw).astype(lay["dtype"])
    if np.isfinite(lay["nodata"]):
        block = np.where(np.isnan(block), lay["nodata"], block)
    return block.astype(lay["dtype"], copy=False)


def _colours(variables: list[xr.DataArray], lay: dict) -> dict:
    """Creation options and colour settings that come back from the source's bands."""
    interps = [v.encoding.get("colorinterp") for v in variables]
    if not (lay["raw"] or lay["packed"]):
        return {}
    if lay["dtype"] == "uint8" and interps[:3] == ["red", "green", "blue"] and \
            len(interps) in (3, 4) and interps[3:] in ([], ["alpha"]):
        return {"photometric": "RGB", "interps": interps}
    cmap = variables[0].encoding.get("colormap")
    if cmap and lay["dtype"] in ("uint8", "uint16"):
        return {"colormap": cmap}
    return {}


def write_geotiff(cube: Cube, ds: xr.Dataset, path: Path) -> Path:
    """The selection as one GeoTIFF (see the module docstring)."""
    import rasterio
    from rasterio.enums import ColorInterp
    from rasterio.windows import Window

    x, y, crs = spatial_dims(cube, ds)
    layers = bands(ds, x, y)
    variables = [band for _, band, _ in layers]
    lay = layout(variables)
    colours = _colours(variables, lay)
    ny, nx = ds.sizes[y], ds.sizes[x]
    flip_y = ny > 1 and float(ds[y].values[0]) < float(ds[y].values[-1])
    flip_x = nx > 1 and float(ds[x].values[0]) > float(ds[x].values[-1])
    rows = max(256, (BLOCK_CELLS // max(nx, 1)) // 256 * 256)
    options = {"photometric": colours["photometric"]} if "photometric" in colours else {}
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.part")
    nodata = lay["nodata"]
    try:
        with rasterio.open(tmp, "w", driver="GTiff", width=nx, height=ny,
                           count=len(layers), dtype=lay["dtype"], crs=crs,
                           transform=_geotransform(cube, ds, x, y), nodata=nodata,
                           tiled=True, blockxsize=256, blockysize=256, compress="DEFLATE",
                           BIGTIFF="IF_SAFER", **options) as dst:
            for i, (name, band, steps) in enumerate(layers, start=1):
                band = band.isel({y: slice(None, None, -1) if flip_y else slice(None),
                                  x: slice(None, None, -1) if flip_x else slice(None)})
                for r0 in range(0, ny, rows):
                    block = np.asarray(band.isel({y: slice(r0, r0 + rows)}).values)
                    dst.write(_encode(block, band, lay), i,
                              window=Window(0, r0, nx, block.shape[0]))
                attrs = ds[name].attrs
                units = str(attrs.get("units", ""))
                dst.set_band_description(i, " ".join([name, *(f"{d}={v}" for d, v in
                                                                steps.items())]))
                if units:
                    dst.set_band_unit(i, units)
                dst.update_tags(i, variable=name, **steps, **{
                    k: str(attrs[k]) for k in ("units", "long_name", "standard_name")
                    if k in attrs})
            if lay["packed"]:
                dst.scales = [float(v.encoding.get("scale_factor", 1.0)) for v in variables]
                dst.offsets = [float(v.encoding.get("add_offset", 0.0)) for v in variables]
            if "interps" in colours:
                dst.colorinterp = [ColorInterp[c] for c in colours["interps"]]
            if "colormap" in colours:
                dst.write_colormap(1, colours["colormap"])
            dst.update_tags(**{k: str(v) for k, v in ds.attrs.items()
                               if isinstance(v, (str, int, float))})
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path
