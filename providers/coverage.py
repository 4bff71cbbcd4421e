"""pygeoapi coverage provider over opendias' lazy cubes.

opendias serves `/collections/{id}/coverage` itself (opendias.web.coverages: streamed
NetCDF, GeoTIFF, CoverageJSON, bbox-crs); this plugin is what pygeoapi's collection pages,
schema and OpenAPI document read, and its `query` answers with the same operation.
"""

from __future__ import annotations

from pygeoapi.provider.base import (BaseProvider, ProviderInvalidQueryError,
                                    ProviderNoDataError, ProviderRequestEntityTooLargeError)

from opendias.config import get_settings
from opendias.errors import EmptyResult, OpendiasError, TooLarge
from opendias.operations import formats
from opendias.operations.subset import check_size, subset_cube
from providers.cube_plugin import CubeBackedPlugin


def as_provider_error(err: OpendiasError):
    if isinstance(err, TooLarge):
        return ProviderRequestEntityTooLargeError(user_msg=err.detail)
    if isinstance(err, EmptyResult):
        return ProviderNoDataError(user_msg=err.detail)
    return ProviderInvalidQueryError(user_msg=err.detail)


class OpendiasCoverageProvider(CubeBackedPlugin, BaseProvider):
    def __init__(self, provider_def):
        super().__init__(provider_def)
        self._attach_cube(provider_def)

    def query(self, properties=[], subsets={}, bbox=[], datetime_=None, format_="json",
              bbox_crs=None, **kwargs):
        try:
            ds = subset_cube(self.datacube, bbox=bbox or None, bbox_crs=bbox_crs,
                             datetime=datetime_, subsets=subsets or None,
                             variables=properties or None)
            check_size(ds, get_settings().max_json_cells, "CoverageJSON response")
            return formats.to_coveragejson(self.datacube, ds)
        except OpendiasError as err:
            raise as_provider_error(err) from err
