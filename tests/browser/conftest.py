"""The browser for the browser tests: Debian's Chromium, headless, driven by Playwright
(skipped with a message where either is missing; ``.ci/install-browser.sh``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers.browser import CHROMIUM, LAUNCH_ARGS


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One browser per test module: Playwright's sync API keeps an event loop running
    in this thread while it is open, which later tests' ``asyncio.run`` would trip on."""
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
