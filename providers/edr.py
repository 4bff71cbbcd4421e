"""pygeoapi EDR provider over opendias' lazy cubes: declares the query types (position,
area, cube) that pygeoapi lists on each collection. opendias.web.coverages serves those
paths itself; these methods answer with the same operations if pygeoapi is asked."""

from __future__ import annotations

from pygeoapi.provider.base_edr import BaseEDRProvider

from opendias.config import get_settings
from opendias.errors import OpendiasError
from opendias.operations import formats
from opendias.operations.subset import check_size, mask_geometry, select_point, subset_cube
from opendias.params import parse_geometry
from providers.coverage import as_provider_error
from providers.cube_plugin import CubeBackedPlugin


class OpendiasEDRProvider(CubeBackedPlugin, BaseEDRProvider):
    def __init__(self, provider_def):
        super().__init__(provider_def)
        self._attach_cube(provider_def)

    def _answer(self, select, select_properties=None, datetime_=None, bbox=None, **kwargs):
        try:
            ds = subset_cube(self.datacube, bbox=bbox or None, datetime=datetime_,
                             variables=select_properties or None)
            ds = select(ds)
            check_size(ds, get_settings().max_json_cells, "CoverageJSON response")
            return formats.to_coveragejson(self.datacube, ds)
        except OpendiasError as err:
            raise as_provider_error(err) from err

    def position(self, wkt=None, **kwargs):
        point = wkt if hasattr(wkt, "x") else parse_geometry(str(wkt))
        return self._answer(lambda ds: select_point(self.datacube, ds, point.x, point.y),
                            **kwargs)

    def area(self, wkt=None, **kwargs):
        geom = wkt if hasattr(wkt, "geom_type") else parse_geometry(str(wkt))
        return self._answer(lambda ds: mask_geometry(self.datacube, ds, geom), **kwargs)

    def cube(self, **kwargs):
        return self._answer(lambda ds: ds, **kwargs)
