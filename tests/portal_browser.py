"""Headless Chromium (Debian's /usr/bin/chromium, driven by Playwright; no browser download)
for the portal's pages, with the checks every page must pass: no request leaves loopback
(any other host is aborted and recorded), no console error, no serious or critical axe-core
violation (the vendored axe-core, injected from the service itself)."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("OPENDIAS_TEST_CHROMIUM", "/usr/bin/chromium")
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
AXE = "/vendor/axe-core/4.14.1/axe.min.js"


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


class Watched:
    """A browser context and its page, recording what must not happen."""

    def __init__(self, chromium, base_url: str, shots=None, **options):
        self.base_url = base_url
        self.shots = shots  # a folder: shoot(name) saves a screenshot there
        self.context = chromium.new_context(base_url=base_url, **options)
        self.left_loopback: list[str] = []
        self.console_errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(
            f"{m.text} ({m.location.get('url')})"))
        self.page.on("pageerror", lambda e: self.console_errors.append(f"page error: {e}"))

    def _route(self, route):
        host = urlsplit(route.request.url).hostname or ""
        if host in LOOPBACK:
            route.continue_()
        else:
            self.left_loopback.append(route.request.url)
            route.abort()

    def shoot(self, name: str) -> None:
        if self.shots is not None:
            self.shots.mkdir(parents=True, exist_ok=True)
            count = len(list(self.shots.glob("*.png"))) + 1
            self.page.screenshot(path=str(self.shots / f"{count:02d}-{name}.png"), full_page=True)

    def axe_violations(self) -> list[str]:
        """The serious and critical axe-core violations of the page as it is now."""
        page = self.page
        if not page.evaluate("() => Boolean(window.axe)"):
            page.add_script_tag(url=self.base_url + AXE)
        found = page.evaluate("""async () => {
            const r = await window.axe.run(document, {resultTypes: ["violations"]});
            return r.violations.filter((v) => ["serious", "critical"].includes(v.impact))
              .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join("; ")}`);
        }""")
        return found

    def check(self) -> None:
        assert self.left_loopback == [], self.left_loopback
        assert self.console_errors == [], self.console_errors

    def close(self) -> None:
        self.context.close()
