"""What the browser tests share: where Debian's Chromium and axe-core are, and a
browser context that works offline (file:// only)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from helpers import ROOT

CHROMIUM = Path(os.environ.get("BOARDPACK_CHROMIUM", "/usr/bin/chromium"))
AXE = Path(os.environ.get("BOARDPACK_AXE_DIR", ROOT / ".ci")) / "node_modules" / "axe-core" / \
    "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
               "--disable-sync", "--disable-default-apps"]


def launched() -> Iterator[object]:
    """Debian's Chromium, headless, for a module's tests (a fixture's body: ``yield from``);
    skips with a message where Playwright or Chromium is missing. One browser per test
    module: Playwright's sync API keeps an event loop running in this thread while it
    is open, which later tests' ``asyncio.run`` would trip on."""
    import pytest

    playwright_api = pytest.importorskip(
        "playwright.sync_api",
        reason="Playwright for Python is not installed (pip install playwright)")
    if not CHROMIUM.is_file():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (run .ci/install-browser.sh)")
    with playwright_api.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                          args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


class Offline:
    """A browser context that lets file:// through and records and aborts everything else."""

    def __init__(self, browser: object, *, bypass_csp: bool = False, width: int = 1200,
                 height: int = 900) -> None:
        self.context = browser.new_context(bypass_csp=bypass_csp,  # type: ignore[attr-defined]
                                           viewport={"width": width, "height": height},
                                           java_script_enabled=True, offline=True)
        self.blocked: list[str] = []
        self.context.route("**/*", self._route)

    def _route(self, route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if url.startswith("file:"):
            route.continue_()  # type: ignore[attr-defined]
        else:
            self.blocked.append(url)
            route.abort()  # type: ignore[attr-defined]

    def open(self, path: Path) -> object:
        page = self.context.new_page()
        page.goto(path.as_uri(), wait_until="load")
        return page

    def close(self) -> None:
        self.context.close()
