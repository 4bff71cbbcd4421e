"""What the coverage and EDR plugins share: the cube behind a collection, described the way
pygeoapi's collection pages read it (fields, and the grid of `extent.spatial.grid` and
`extent.temporal`). Requests for data never reach these plugins: opendias.web.app's
Dispatcher routes /collections/{id}/coverage|position|area|cube to opendias.web.coverages."""

from __future__ import annotations

from pygeoapi.provider.base import ProviderConnectionError

from opendias.catalogue import load_catalogue
from opendias.datacube import open_cube
from opendias.errors import OpendiasError
from opendias.params import ISO_SECONDS


class CubeBackedPlugin:
    """Mixin: `self.datacube` from the provider definition's `data` (a catalogue id)."""

    def _attach_cube(self, provider_def: dict) -> None:
        try:
            self.datacube = open_cube(load_catalogue().get(provider_def["data"]))
        except OpendiasError as err:
            raise ProviderConnectionError(err.detail) from err
        cube = self.datacube
        self._fields = {}
        for name in cube.variables:
            info = cube.variable_info(name)
            self._fields[name] = {"type": "number", "title": info["title"],
                                  "x-ogc-unit": info["units"]}
        rx, ry = cube.resolution
        # the keys pygeoapi.api.collection reads for a collection's grid and time extent
        props = {"width": int(cube.ds.sizes[cube.x]), "height": int(cube.ds.sizes[cube.y]),
                 "resx": rx, "resy": ry}
        if cube.time_extent:
            begin, end = cube.time_extent
            props["time_range"] = [begin.strftime(ISO_SECONDS),
                                   end.strftime(ISO_SECONDS)]
            if cube.times is not None and len(cube.times) > 1:
                step = (cube.times[1] - cube.times[0])
                props["restime"] = step.isoformat()
        self._coverage_properties = props

    def get_fields(self):
        return self._fields
