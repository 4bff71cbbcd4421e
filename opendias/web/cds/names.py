"""Names as the Data Stores give them: a dataset's CDS name (its catalogue entry's
`cds_name`), its variables' CDS names, its licence's id.

A variable's CDS name is that of the ECMWF table below for the variable's short name (what
ERA5 and CAMS files call it: t2m, u10, pm2p5...), else its long_name (from the data) in lower
case with words joined by `_` ("Total precipitation" -> total_precipitation). A request may
also name a variable by its short name or that slug of its long name. A licence's id is the
id of the dataset's term of use (opendias.identity.terms), which is the Data Stores' own for
the Copernicus licences ("licence-to-use-copernicus-products")."""

from __future__ import annotations

import re

from opendias.errors import NotFound

# ECMWF short names -> the variable names of the Climate/Atmosphere Data Store forms
CDS_VARIABLES = {
    "t2m": "2m_temperature", "2t": "2m_temperature",
    "d2m": "2m_dewpoint_temperature", "2d": "2m_dewpoint_temperature",
    "u10": "10m_u_component_of_wind", "10u": "10m_u_component_of_wind",
    "v10": "10m_v_component_of_wind", "10v": "10m_v_component_of_wind",
    "tp": "total_precipitation", "msl": "mean_sea_level_pressure",
    "sp": "surface_pressure", "sst": "sea_surface_temperature", "tcc": "total_cloud_cover",
    "pm2p5": "particulate_matter_2.5um", "pm10": "particulate_matter_10um",
    "no2": "nitrogen_dioxide", "o3": "ozone",
}
_NOT_WORD = re.compile(r"[^a-z0-9.]+")


def cds_entries() -> list:
    """The catalogue entries published under a Data Stores name, in catalogue order."""
    from opendias.catalogue import load_catalogue

    return [e for e in load_catalogue() if e.cds_name]


def entry_of(name: str):
    """The catalogue entry of a CDS dataset name; NotFound naming the ones there are."""
    from opendias.catalogue import load_catalogue

    entry = load_catalogue().by_cds_name(name)
    if entry is None:
        names = ", ".join(e.cds_name for e in cds_entries()) or "none"
        raise NotFound(f"dataset {name!r} not found; the datasets of this service are "
                       f"{names}", parameter="dataset")
    return entry


def dataset_id_of(name: str) -> str | None:
    """The catalogue id of a CDS dataset name (None: unknown), for the access layer."""
    try:
        return entry_of(name).id
    except NotFound:
        return None
    except Exception:  # noqa: BLE001 - a broken catalogue is the front's to answer
        return None


def _slug(text: str) -> str:
    return _NOT_WORD.sub("_", text.lower()).strip("_")


def variables_of(cube) -> dict[str, str]:
    """{CDS name: the dataset's variable}, in the dataset's order."""
    out = {}
    for var in cube.variables:
        long_name = str(cube.ds[var].attrs.get("long_name") or var)
        out.setdefault(CDS_VARIABLES.get(var.lower()) or _slug(long_name), var)
    return out


def variable_names(cube) -> dict[str, str]:
    """Every name a request may give a variable by -> the dataset's variable."""
    names = variables_of(cube)
    for var in cube.variables:
        names.setdefault(var, var)
        names.setdefault(_slug(str(cube.ds[var].attrs.get("long_name") or var)), var)
    return names


def licence_of(entry):
    """The term (opendias.identity.terms.Term) of a dataset, or None."""
    from opendias.identity.terms import term_of

    return term_of(entry.id)
