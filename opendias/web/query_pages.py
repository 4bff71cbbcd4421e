"""The HTML pages of a collection's queries (`coverage`, EDR `position`, `area`, `cube` with
f=html, as the collection's links advertise): the dataset's extent and variables, and a form
that sends the query."""

from __future__ import annotations

from html import escape

from flask import Response

from opendias.config import get_settings

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} - {query}</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}}
label{{display:block;margin-top:.6em}}input,select{{width:100%;padding:.3em}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.2em .6em}}</style>
</head><body>
<p><a href="{base}/collections/{id}">&larr; collection</a></p>
<h1>{title}</h1><p>{abstract}</p>
<p>Extent (cell centres): lon {w:.4f}..{e:.4f}, lat {s:.4f}..{n:.4f}; time {times}.</p>
<table><tr><th>variable</th><th>title</th><th>units</th></tr>{rows}</table>
<h2>{heading}</h2>
<form method="get" action="{base}/collections/{id}/{query}">
{fields}
<label>format <select name="f">{formats}</select></label>
<p><button type="submit">Download</button></p></form>
</body></html>"""

# query -> (heading, names of its form fields, output formats)
QUERIES = {
    "coverage": ("Cut out a subset", ("bbox", "datetime", "properties"),
                 ("netcdf", "covjson", "geotiff", "csv")),
    "position": ("Values at a point", ("point", "datetime", "parameter-name", "z"),
                 ("covjson", "netcdf", "csv")),
    "area": ("Values in a polygon", ("polygon", "datetime", "parameter-name", "z"),
             ("covjson", "netcdf", "csv", "geotiff")),
    "cube": ("Values in a box", ("bbox", "datetime", "parameter-name", "z"),
             ("covjson", "netcdf", "csv", "geotiff")),
}


def _field(name: str, cube, box, first: str) -> str:
    w, s, e, n = box
    cx, cy = (w + e) / 2, (s + n) / 2
    dx, dy = min(1.0, (e - w) / 4), min(1.0, (n - s) / 4)
    ext = cube.time_extent
    if name == "bbox":
        return (f'<label>bbox (minlon,minlat,maxlon,maxlat) <input name="bbox" '
                f'value="{cx - dx:.2f},{cy - dy:.2f},{cx + dx:.2f},{cy + dy:.2f}"></label>')
    if name == "point":
        return (f'<label>coords (a WKT point, lon lat) <input name="coords" '
                f'value="POINT({cx:.2f} {cy:.2f})"></label>')
    if name == "polygon":
        a, b, c, d = cx - dx, cy - dy, cx + dx, cy + dy
        return (f'<label>coords (a WKT polygon, lon lat) <input name="coords" value="POLYGON(('
                f'{a:.2f} {b:.2f},{c:.2f} {b:.2f},{c:.2f} {d:.2f},{a:.2f} {d:.2f},'
                f'{a:.2f} {b:.2f}))"></label>')
    if name == "datetime":
        value = f"{ext[0]:%Y-%m-%d}/{ext[0]:%Y-%m-%d}" if ext else ""
        return (f'<label>datetime (start/end, .. for open) <input name="datetime" '
                f'value="{value}"></label>')
    if name == "z":
        if cube.z is None:
            return ""
        return f'<label>z (a level of {escape(cube.z)}) <input name="z" value=""></label>'
    return f'<label>{name} <input name="{name}" value="{escape(first)}"></label>'


def query_page(cube, query: str) -> Response:
    heading, fields, formats = QUERIES[query]
    box = cube.wgs84_bbox
    ext = cube.time_extent
    info = {v: cube.variable_info(v) for v in cube.variables}
    rows = "".join(f"<tr><td>{escape(v)}</td><td>{escape(str(i['title']))}</td>"
                   f"<td>{escape(str(i['units']))}</td></tr>" for v, i in info.items())
    first = cube.variables[0] if cube.variables else ""
    w, s, e, n = box
    page = _PAGE.format(
        title=escape(cube.entry.title), abstract=escape(cube.entry.abstract), query=query,
        base=get_settings().base_url, id=escape(cube.id), w=w, e=e, s=s, n=n,
        times=f"{ext[0].isoformat()}..{ext[1].isoformat()}" if ext else "none", rows=rows,
        heading=heading, fields="\n".join(f for f in (_field(name, cube, box, first)
                                                      for name in fields) if f),
        formats="".join(f"<option>{f}</option>" for f in formats))
    return Response(page, mimetype="text/html")
