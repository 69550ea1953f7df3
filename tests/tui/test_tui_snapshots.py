"""Snapshots of every screen and dialog of the app at 80×24 and 120×40, on a small pack
and a fixed date.

Update them after a deliberate change with ``pytest --snapshot-update`` (and look at them).
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
SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
PACK = "test-committee-2027-03-17"


@pytest.fixture
def packs(tmp_path: Path, make_pack: Callable[..., Path]) -> Path:
    """A folder named 'packs' holding one small pack (names, not temporary paths, are shown)."""
    root = make_pack(ITEMS, files=REPORTS, name=f"packs/{PACK}")
    return root.parent


def app_for(target: Path):
    return make_app(target, today=TODAY, keymap_file=target / "no-keymap.toml")


@pytest.mark.parametrize("size", SIZES)
def test_packs_screen(snap_compare, packs: Path, size: str) -> None:
    async def ready(pilot: Pilot) -> None:
        await until(pilot, pilot.app.packs_loaded.is_set)

    assert snap_compare(app_for(packs), terminal_size=SIZES[size], run_before=ready)


@pytest.mark.parametrize("size", SIZES)
def test_packs_help(snap_compare, packs: Path, size: str) -> None:
    async def ready(pilot: Pilot) -> None:
        await until(pilot, pilot.app.packs_loaded.is_set)
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(app_for(packs), terminal_size=SIZES[size], run_before=ready)


VIEWS = {  # what the clerk presses on the pack screen, by the view or dialog it shows
    "item": ("down",),
    "preview": ("2",),
    "minutes": ("3",),
    "inbox": ("4",),
    "check": ("5",),
    "build": ("6",),
    "help": ("f1",),
    "add-item": ("a",),
    "edit-item": ("e",),
    "remove-item": ("d",),
    "attach": ("f",),
    "meeting": ("m",),
    "resolution": ("r",),
    "resolutions-toml": ("t",),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("view", VIEWS)
def test_pack_screen(snap_compare, packs: Path, view: str, size: str) -> None:
    """Every tab and every dialog of the pack screen shows its buttons and its keys."""
    (packs / PACK / "reports" / "unexpected.md").write_text("# ?\n")

    async def ready(pilot: Pilot) -> None:
        await open_pack(pilot)
        await pilot.press(*VIEWS[view])
        await settle(pilot)

    assert snap_compare(app_for(packs / PACK), terminal_size=SIZES[size], run_before=ready)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("keys", [(), ("n",)], ids=["empty", "new-pack"])
def test_empty_packs_screen(snap_compare, tmp_path: Path, size: str,
                            keys: tuple[str, ...]) -> None:
    """An empty folder says how to make a pack; n opens the new-pack form."""
    empty = tmp_path / "packs"
    empty.mkdir()

    async def ready(pilot: Pilot) -> None:
        await until(pilot, pilot.app.packs_loaded.is_set)
        await pilot.press(*keys)
        await pilot.pause()

    assert snap_compare(app_for(empty), terminal_size=SIZES[size], run_before=ready)
