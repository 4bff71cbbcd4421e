"""The portal's browser tests' harness: Debian's Chromium driven by Playwright (no browser
download: `executable_path`), against the session's gunicorn service (conftest.live_server).

- `chromium`: one browser for the session (fails, naming the package, when /usr/bin/chromium
  or the `playwright` module is missing: `apt-get install chromium`, the `test` extra).
- `open_page(browser, base_url, shots, width=1400, height=900)`: a context manager giving a
  page whose every request to a host other than the service's loopback address is aborted
  and recorded, whose console errors and uncaught exceptions are recorded too; on leaving,
  it fails the test if any was seen. `page.shoot(name)` saves a screenshot under `shots`.
- `axe_violations(page)`: axe-core's (vendored, opendias/web/static/vendor/axe-core) serious
  and critical violations of the page, as "rule: target" strings.

Use: `from portal_harness import chromium, open_page, axe_violations` in a test module.
"""

from __future__ import annotations

import atexit
import contextlib
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from opendias.web import vendor

CHROMIUM = os.environ.get("OPENDIAS_TEST_CHROMIUM", "/usr/bin/chromium")
AXE = vendor.VENDOR_DIR / vendor.local_path("axe-core", "axe.min.js")


_STARTED: dict = {}


def _browser():
    """One Playwright and one Chromium per test process, whichever test module asks first
    (Playwright's sync API runs once per thread); closed when the process exits."""
    if "browser" not in _STARTED:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            pytest.fail("the portal's tests need playwright (pip install -e .[test])")
        if not Path(CHROMIUM).is_file():
            pytest.fail(f"no Chromium at {CHROMIUM}: apt-get install chromium "
                        f"(or set OPENDIAS_TEST_CHROMIUM)")
        pw = sync_playwright().start()
        _STARTED["browser"] = pw.chromium.launch(executable_path=CHROMIUM,
                                                 args=["--no-sandbox", "--disable-gpu"])
        atexit.register(pw.stop)
        atexit.register(_STARTED["browser"].close)
    return _STARTED["browser"]


@pytest.fixture(scope="session")
def chromium():
    return _browser()


@contextlib.contextmanager
def open_page(browser, base_url: str, shots: Path, width: int = 1400, height: int = 900,
              allow_console: tuple[str, ...] = ()):
    """A page of a fresh browser context (its own storage), watched (see the module doc)."""
    host = urlsplit(base_url).netloc
    outside, problems = [], []
    context = browser.new_context(viewport={"width": width, "height": height},
                                  accept_downloads=True)

    def guard(route):
        parts = urlsplit(route.request.url)
        if parts.scheme in ("data", "blob") or parts.netloc == host:
            return route.continue_()
        outside.append(route.request.url)
        return route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(20_000)

    def console(msg):
        if msg.type == "error" and not any(a in msg.text for a in allow_console):
            problems.append(f"console error on {page.url}: {msg.text} {msg.location}")

    page.on("console", console)
    page.on("pageerror", lambda err: problems.append(f"uncaught on {page.url}: {err}"))
    shots.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 1000))

    def shoot(name: str, **kwargs) -> Path:
        path = shots / f"{next(counter):02d}-{name}-{width}.png"
        page.screenshot(path=str(path), **kwargs)
        return path

    page.shoot = shoot
    try:
        yield page
    finally:
        context.close()
    assert not outside, f"requests left the service: {outside}"
    assert not problems, "\n".join(problems)


def axe_violations(page) -> list[str]:
    """axe-core's serious and critical violations of the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => {
        const r = await window.axe.run(document, {resultTypes: ['violations']});
        return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
          .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).join(', ')}`);
    }""")
    return found
