"""HTTP fronts of opendias: thin layers that parse a protocol's request, call the core
(opendias.catalogue, opendias.datacube, opendias.operations) and write the protocol's answer."""
