"""openEO process graphs over the catalogue's cubes, in no protocol's words: a graph is
checked (unknown processes, cycles, missing or unknown arguments), then evaluated lazily by
openeo-pg-parser-networkx with the processes of openeo-processes-dask, except those that are
opendias' own: `load_collection` (a dataset of the catalogue, opendias.datacube, selected
lazily), `save_result` (the file formats of opendias.operations.formats), `aggregate_spatial`
(opendias.operations.statistics: area-weighted, as the `statistics` process) and
`resample_spatial` (opendias.operations.regrid, as the `regrid` process). User-defined
processes (a user's stored process graphs) are inlined before evaluation.

| module | what it holds |
| --- | --- |
| registry | the processes a graph may use: their specs (for listings) and implementations |
| cubes | load_collection: a dataset as an openEO raster cube (t, bands, y, x), and back |
| own | opendias' own implementations of aggregate_spatial, resample_spatial, save_result |
| checks | the checks of a graph before it runs (and the datasets it reads) |
| evaluate | a graph evaluated lazily: the result to write, its format and its source |
| outputs | the result written as a file in its format |
| schema, store | stored process graphs: user-defined processes and created (unstarted) jobs |
"""
