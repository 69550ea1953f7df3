"""Snapshots of the app's main screens at 80×24, on a small pack and a fixed date.

Update them after a deliberate change with ``pytest --snapshot-update``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.tui import ITEMS, REPORTS, open_pack, settle, until
from textual.pilot import Pilot

from boardpack.tui.app import make_app

TODAY = dt.date(2027, 3, 1)
SIZE = (80, 24)


@pytest.fixture
def packs(tmp_path: Path, make_pack: Callable[..., Path]) -> Path:
    """A folder named 'packs' holding one small pack (names, not temporary paths, are shown)."""
    root = make_pack(ITEMS, files=REPORTS, name="packs/test-committee-2027-03-17")
    return root.parent


def app_for(target: Path):
    return make_app(target, today=TODAY, keymap_file=target / "no-keymap.toml")


def test_packs_screen(snap_compare, packs: Path) -> None:
    async def ready(pilot: Pilot) -> None:
        await until(pilot, pilot.app.packs_loaded.is_set)

    assert snap_compare(app_for(packs), terminal_size=SIZE, run_before=ready)


def pack_screen_after(snap_compare, packs: Path, *keys: str) -> bool:
    """Snapshot the pack screen after pressing ``keys`` and letting its workers finish."""
    async def ready(pilot: Pilot) -> None:
        await open_pack(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return snap_compare(app_for(packs / "test-committee-2027-03-17"), terminal_size=SIZE,
                        run_before=ready)


def test_pack_screen(snap_compare, packs: Path) -> None:
    assert pack_screen_after(snap_compare, packs, "down")


def test_check_view(snap_compare, packs: Path) -> None:
    (packs / "test-committee-2027-03-17" / "reports" / "unexpected.md").write_text("# ?\n")
    assert pack_screen_after(snap_compare, packs, "5")


def test_item_form(snap_compare, packs: Path) -> None:
    assert pack_screen_after(snap_compare, packs, "e")
