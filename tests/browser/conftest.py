"""The browser for the browser tests: Debian's Chromium, headless, driven by Playwright
(skipped with a message where either is missing; ``.ci/install-browser.sh``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers.browser import launched


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One browser per test module (see ``helpers.browser.launched``)."""
    yield from launched()
