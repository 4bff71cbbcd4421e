"""pygeoapi coverage provider over opendias' lazy cubes, for the collection pages only.

pygeoapi reads this plugin to describe a collection: its fields (the schema, the `properties`
enum of the OpenAPI document) and its grid and time extent (`extent` of /collections/{id}).
It never serves data: `/collections/{id}/coverage` is routed by opendias.web.app's Dispatcher
to opendias.web.coverages before pygeoapi sees it (streamed NetCDF, GeoTIFF, CoverageJSON,
bbox-crs), so this class has no `query` (pygeoapi's BaseProvider.query raises
NotImplementedError).
"""

from __future__ import annotations

from pygeoapi.provider.base import BaseProvider

from providers.cube_plugin import CubeBackedPlugin


class OpendiasCoverageProvider(CubeBackedPlugin, BaseProvider):
    def __init__(self, provider_def):
        super().__init__(provider_def)
        self._attach_cube(provider_def)
