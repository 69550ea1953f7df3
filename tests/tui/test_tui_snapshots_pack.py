"""Snapshots of every view and dialog of the pack screen at 80×24 and 120×40, on a small
pack and a fixed date.

Update them after a deliberate change with ``pytest --snapshot-update`` (and look at them).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.tui import PACK, SIZES, app_for, open_pack, settle, steady
from textual.pilot import Pilot

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
    "clearance": ("l",),
    "file-title": ("n",),
    "assign": ("4", "i"),
    "standard-item": ("up",),
    "wide-agenda": ("z",),
}


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder with a Downloads folder, where the attach dialog starts browsing."""
    folder = tmp_path / "home"
    (folder / "Downloads").mkdir(parents=True)
    (folder / "Downloads" / "budget-q3.docx").write_bytes(b"")
    (folder / "notes.md").write_text("# Notes\n")
    (folder / ".hidden.md").write_text("# Hidden\n")
    monkeypatch.setenv("HOME", str(folder))
    return folder


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("view", VIEWS)
def test_pack_screen(snap_compare, packs: Path, home: Path, view: str, size: str) -> None:
    """Every tab and every dialog of the pack screen shows its buttons and its keys."""
    (packs / PACK / "reports" / "unexpected.md").write_text("# ?\n")

    async def ready(pilot: Pilot) -> None:
        await open_pack(pilot)
        await pilot.press(*VIEWS[view])
        await settle(pilot)
        await steady(pilot)

    assert snap_compare(app_for(packs / PACK), terminal_size=SIZES[size], run_before=ready)
