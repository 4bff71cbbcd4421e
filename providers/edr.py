"""pygeoapi EDR provider over opendias' lazy cubes, for the collection pages only.

pygeoapi lists a collection's EDR query types (`data_queries` of /collections/{id}, the
/collections/{id}/{query type} paths of the OpenAPI document) from the names of the methods
a BaseEDRProvider subclass defines in its own class body (`BaseEDRProvider.__init_subclass__`
collects `position`, `area`, `cube`, ... from `cls.__dict__`). So the three methods below
must exist to advertise position, area and cube; they are never called:
opendias.web.app's Dispatcher routes /collections/{id}/position|area|cube to
opendias.web.coverages before pygeoapi sees the request, and the only pygeoapi routes left
that would query this plugin, /collections/{id}/instances/{instance}/{query type}, are
refused by pygeoapi because `instance()` says a cube has no instances.
"""

from __future__ import annotations

from pygeoapi.provider.base_edr import BaseEDRProvider

from providers.cube_plugin import CubeBackedPlugin


class _NoInstances:
    """A cube has no EDR instances (defined outside the EDR subclass's own body, where
    `instances` would be collected as a query type and advertised)."""

    def instances(self):
        return []

    def instance(self, instance) -> bool:
        return False


def _served_by_dispatcher(self, **kwargs):
    raise NotImplementedError("EDR queries are served by opendias.web.coverages "
                              "(routed by opendias.web.app's Dispatcher), not by pygeoapi")


class OpendiasEDRProvider(CubeBackedPlugin, _NoInstances, BaseEDRProvider):
    def __init__(self, provider_def):
        super().__init__(provider_def)
        self._attach_cube(provider_def)

    # the query types pygeoapi advertises for every collection (see the module docstring)
    position = area = cube = _served_by_dispatcher
