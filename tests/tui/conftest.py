"""Fixtures of the app's tests (helpers they share are in ``helpers.tui``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.tui import ITEMS, PACK, REPORTS


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def pack(make_pack: Callable[..., Path]) -> Path:
    """A small pack of Markdown reports, one of them Part B (quick to check and build)."""
    return make_pack(ITEMS, files=REPORTS, name="test-committee-2027-03-17")


@pytest.fixture
def packs(make_pack: Callable[..., Path]) -> Path:
    """A folder named 'packs' holding one small pack (names, not temporary paths, are shown)."""
    root = make_pack(ITEMS, files=REPORTS, name=f"packs/{PACK}")
    return root.parent
