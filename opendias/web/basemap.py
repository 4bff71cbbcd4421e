"""The basemap of pygeoapi's HTML maps: the same as the portal's, offline by default.

pygeoapi's templates draw their maps on `new L.TileLayer('{{ config['server']['map']['url']
}}', {...})`, tile.openstreetmap.org in its default configuration: grey on a machine without
internet. opendias rewrites each of those calls (opendias.web.vendor.template_overrides) to
`opendiasBasemap(url, attribution)` of the vendored script /vendor/opendias/basemap.js, which
`_base.html` loads: with `server.map.url` empty (OPENDIAS_BASEMAP_TILES unset) it draws
Natural Earth's countries from the vendored `world-atlas` as vector polygons; with a tile
server's URL template, that server's tiles. A template that names the map URL in any other
way stops the start-up (an upgrade of pygeoapi must not bring the online basemap back).
"""

from __future__ import annotations

import re

SCRIPT = "opendias/basemap.js"  # under opendias.web.vendor.VENDOR_DIR
_MAP = r"""config\[(["'])server\1\]\[\1map\1\]\[\1{}\1\]"""
_URL = re.compile(_MAP.format("url"))
_TILE_LAYER = re.compile(r"new\s+L\.TileLayer\(\s*'\{\{\s*" + _MAP.format("url")
                         + r"\s*\}\}',\s*\{.*?\}\s*\)", re.DOTALL)
_HEAD_END = "</head>"


def basemap_call(quote: str) -> str:
    q = quote
    return (f"opendiasBasemap('{{{{ config[{q}server{q}][{q}map{q}][{q}url{q}] }}}}', "
            f"'{{{{ config[{q}server{q}][{q}map{q}][{q}attribution{q}] | safe }}}}')")


def patch(name: str, text: str, script_url: str) -> tuple[str, list[str]]:
    """The template with its tile layers of the configured map replaced by the basemap (and,
    for _base.html, the basemap script loaded); the problems found, if any."""
    problems = []
    text = _TILE_LAYER.sub(lambda m: basemap_call(m.group(1)), text)
    left = len(_URL.findall(text)) - text.count("opendiasBasemap(")
    if left:
        problems.append(f"{name} uses the configured map URL {left} time(s) outside "
                        f"`new L.TileLayer('...url...', {{...}})`: update opendias.web.basemap")
    if name == "_base.html" and text.count(_HEAD_END) == 1:  # every page of pygeoapi's
        text = text.replace(_HEAD_END, f'  <script src="{script_url}"></script>\n  {_HEAD_END}')
    return text, problems
