"""Maps of a cube: read the window a picture needs at the resolution it needs, colour it,
encode it; the value under a pixel; a legend.

Plain functions over `opendias.datacube.Cube`; nothing here knows about a protocol. The WMS
and the OGC API - Maps fronts (`opendias.web.wms`, `opendias.web.maps`) share every one.

| module | holds |
| --- | --- |
| `window` | where a map's pixels fall on the grid, the window read for them, `read_map`, `value_at` |
| `styles` | styles and their palettes, default colour ranges, values to palette indices |
| `picture` | PNG/JPEG encoding, `render_map` (read, colour, encode), `legend_png` |
| `map_crs` | the CRSs offered for a layer, the layer's extent in one, transformers |
| `dimensions` | a layer's time steps and levels: their text, the step or level nearest a value |

How a picture is made (`picture.render_map`):
1. the centre of each output pixel is put in the dataset's CRS: separably (one row and one
   column of coordinates) when both CRSs are lon/lat-like (lon/lat, CRS:84, Web Mercator over
   a lon/lat grid, or the dataset's own CRS), with pyproj over the whole pixel grid otherwise;
   longitudes are wrapped to the dataset's convention (0..360 or -180..180), so a bbox that
   crosses the antimeridian works;
2. each pixel gets the nearest grid cell (pixels off the grid are missing);
3. only the window of cells those pixels touch is read from the lazy cube, with a stride of
   about one cell per pixel (a window that wraps around the antimeridian is read as two
   pieces); a zoomed-out map never reads the field at full resolution;
4. values become palette indices (255 = missing) and a paletted PNG with a transparent
   missing colour, or a JPEG over a background colour.
"""
