"""HTTP fronts of opendias: thin layers that parse a protocol's request, call the core
(opendias.catalogue, opendias.datacube, opendias.operations) and write the protocol's answer."""


def prefix_pattern(prefix: str, rest: str | None = None) -> str:
    """A regular expression of the paths under a front's mount point `prefix` followed by
    `rest` (None: the prefix itself and every path under it)."""
    import re

    if rest is None:
        return rf"^{re.escape(prefix)}(?:/|$)"
    return rf"^{re.escape(prefix)}/{rest}"
