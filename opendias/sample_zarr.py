"""The sample datasets written as Zarr stores (`opendias sample-data --to s3://bucket/prefix`):
each in its file's own chunks, as an ARCO product on object storage would be."""

from __future__ import annotations

from pathlib import Path

# encoding keys of the netCDF backend that mean nothing to Zarr
_NETCDF_ONLY = ("chunksizes", "zlib", "complevel", "shuffle", "contiguous", "fletcher32",
                "source", "original_shape", "compression", "szip_coding",
                "szip_pixels_per_block",
                "blosc_shuffle", "endian", "preferred_chunks", "coordinates")


def as_zarr(path: Path, url: str, options: dict | None = None) -> str:
    """One sample dataset (a NetCDF file, or a folder of daily files) written as a Zarr
    store (format 2, consolidated metadata) at `url` (an `s3://` URL or a folder), in the
    file's own chunks, values unpacked as ARCO products store them (float32: what the file
    decodes to); a GeoTIFF is copied as it is. Returns where it went."""
    import xarray as xr

    from opendias import objectstore

    path = Path(path)
    remote = objectstore.is_remote(url)
    if path.suffix == ".tif":
        target = f"{url.rstrip('/')}/{path.name}"
        if remote:
            objectstore.filesystem(options).put_file(str(path), target)
        return target
    files = sorted(path.glob("*.nc")) if path.is_dir() else [path]
    ds = xr.open_mfdataset(files, chunks={}, combine="by_coords", decode_times=False) \
        if len(files) > 1 else xr.open_dataset(files[0], chunks={}, decode_times=False)
    for var in ds.variables.values():
        if "scale_factor" in var.encoding:  # unpacked: float32 values, NaN where masked
            for key in ("scale_factor", "add_offset", "dtype", "_FillValue", "missing_value"):
                var.encoding.pop(key, None)
        for key in _NETCDF_ONLY:
            var.encoding.pop(key, None)
    target = f"{url.rstrip('/')}/{path.stem}.zarr"
    store = objectstore.filesystem(options).get_mapper(target) if remote else target
    with ds:
        ds.to_zarr(store, mode="w", zarr_format=2, consolidated=True)
    return target


def publish(made: dict[str, str], url: str, options: dict | None = None) -> dict[str, str]:
    """The sample datasets `made` ({name: path}, as `generate` returns) written under `url`
    as Zarr stores (`opendias sample-data --to s3://bucket/prefix`)."""
    return {name: as_zarr(Path(path), url, options) for name, path in made.items()}
