"""opendias processes: each operation described once (processes.definitions, plus
processes.regrid and processes.statistics), published to pygeoapi (processes.ogcapi,
processes.manager) and to PyWPS (processes.wps)."""
