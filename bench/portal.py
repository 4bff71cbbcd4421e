"""Benchmark: the portal's first paint and the bytes of JS and CSS its pages transfer.

Makes the small sample data in a folder, starts `opendias serve` on it (the packaged
catalogue), then opens each page in Debian's Chromium (Playwright, a fresh browser context
each time: nothing cached) and reads the browser's own timings: first contentful paint, and
the "meaningful" paint of each page (Find: the first result card; Map: the map's layers
ready), and the JS and CSS it transferred (the encoded body sizes of the resource timings)
with what they weigh gzipped.

    .venv/bin/python bench/portal.py              # 5 loads of each page
    .venv/bin/python bench/portal.py --runs 10

Targets: the Find page's first meaningful paint <= 1 s on loopback; the JS + CSS of the
portal's home <= 500 KB gzipped.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import tempfile
from pathlib import Path

import requests

from harness import OpendiasServer

CHROMIUM = "/usr/bin/chromium"
PAGES = {  # name: (path, JS condition of the meaningful paint)
    "find": ("/portal/", "document.querySelector('#cards > li') !== null"),
    "map": ("/portal/map", "document.querySelector('#map[data-ready=layers]') !== null"),
}
RESOURCES = """() => performance.getEntriesByType('resource')
    .filter(e => /\\.(m?js|css)(\\?|$)/.test(e.name))
    .map(e => ({name: e.name, encoded: e.encodedBodySize, decoded: e.decodedBodySize}))"""


def load(browser, url: str, condition: str, selection: str | None) -> dict:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    if selection:
        context.add_init_script(f"localStorage.setItem('opendias.selection', {selection!r})")
    page = context.new_page()
    page.goto(url, wait_until="commit")
    page.wait_for_function(condition, timeout=30_000)
    meaningful = page.evaluate("performance.now()")
    page.wait_for_load_state("networkidle")
    fcp = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0]?.startTime")
    resources = page.evaluate(RESOURCES)
    context.close()
    return {"fcp_ms": fcp, "meaningful_ms": meaningful, "resources": resources}


def gzipped(urls: list[str]) -> int:
    return sum(len(gzip.compress(requests.get(u, timeout=30).content, 6)) for u in urls)


def main() -> None:
    from playwright.sync_api import sync_playwright

    from opendias import sample_data

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="opendias-bench-portal-") as tmp:
        data = Path(tmp) / "data"
        sample_data.generate(data, "small")
        with OpendiasServer(Path(tmp) / "home", data, workers=2, log=Path(tmp) / "server.log",
                            env={"OPENDIAS_ANONYMOUS": "catalogue,maps"}) as server, \
                sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            selection = ('{"layers": [{"collection": "med-sst-l4", "variable": "analysed_sst",'
                         ' "layer": "med-sst-l4/analysed_sst", "opacity": 0.8}]}')
            load(browser, server.url + "/portal/", PAGES["find"][1], None)  # warm the server
            for name, (path, condition) in PAGES.items():
                runs = [load(browser, server.url + path, condition,
                             selection if name == "map" else None) for _ in range(args.runs)]
                res = runs[-1]["resources"]
                sent = sum(r["encoded"] for r in res)
                raw = sum(r["decoded"] for r in res)
                gz = gzipped([r["name"] for r in res])
                fcp = statistics.median(r["fcp_ms"] for r in runs)
                meaningful = statistics.median(r["meaningful_ms"] for r in runs)
                print(f"{name:5s} first contentful paint {fcp:6.0f} ms, first meaningful paint "
                      f"{meaningful:6.0f} ms (median of {args.runs}); JS+CSS: {len(res)} files, "
                      f"{raw / 1000:.0f} kB, {sent / 1000:.0f} kB transferred, "
                      f"{gz / 1000:.0f} kB gzipped")
            browser.close()


if __name__ == "__main__":
    main()
