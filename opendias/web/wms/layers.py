"""Map layers: one per published variable, named `{dataset id}/{variable}`."""

from __future__ import annotations

from dataclasses import dataclass

from opendias.catalogue import load_catalogue
from opendias.datacube import Cube, open_cube
from opendias.errors import NotFound
from opendias.web.wms.errors import WmsError


@dataclass
class Layer:
    name: str
    cube: Cube
    variable: str


def find_layer(name: str | None, locator: str = "LAYERS") -> Layer:
    """The layer a name gives (a dataset of one variable may be named alone)."""
    if not name:
        raise WmsError("MissingParameterValue", f"{locator} is required", locator=locator)
    dataset, _, variable = name.strip().partition("/")
    try:
        entry = load_catalogue().get(dataset)
    except NotFound:
        raise WmsError("LayerNotDefined", f"layer {name!r} is not defined (layers are "
                       "named dataset/variable; see GetCapabilities)", locator=locator) from None
    cube = open_cube(entry)
    if not variable and len(cube.variables) == 1:
        variable = cube.variables[0]
    if variable not in cube.variables:
        raise WmsError("LayerNotDefined", f"layer {name!r} is not defined; dataset "
                       f"{dataset!r} has layers "
                       f"{', '.join(f'{dataset}/{v}' for v in cube.variables)}",
                       locator=locator)
    return Layer(f"{dataset}/{variable}", cube, variable)


def variable_info(cube: Cube, variable: str) -> dict:
    """The variable's description with text values (attributes may be numbers)."""
    info = cube.variable_info(variable)
    return {k: (v if isinstance(v, list) else str(v if v is not None else ""))
            for k, v in info.items()}
