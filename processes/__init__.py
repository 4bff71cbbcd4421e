"""opendias processes: each operation described once (processes.model's `Operation`, in
processes.subset, processes.regrid, processes.statistics; listed by processes.registry;
their runs share processes.running), published to pygeoapi (processes.ogcapi,
processes.manager) and to PyWPS (processes.wps)."""
