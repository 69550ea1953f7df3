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


async def steady(pilot: Pilot) -> None:
    """Stop the cursors blinking, so that a snapshot never catches one half-way."""
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False  # type: ignore[attr-defined]
    await pilot.pause()


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
        await steady(pilot)

    assert snap_compare(app_for(empty), terminal_size=SIZES[size], run_before=ready)


async def _publish_dialog(pilot: Pilot, view: str) -> None:
    """Bring up one dialog of publishing, verifying or writing the minutes."""
    from boardpack.tui.screens.publish import PasswordScreen, PreflightScreen, ReportScreen

    async def showing(kind: type) -> None:
        await until(pilot, lambda: isinstance(pilot.app.screen, kind), 240)

    await open_pack(pilot)
    if view == "minutes-written":
        await pilot.press("u")
        await showing(ReportScreen)
    else:
        await pilot.press("p")
        await showing(PreflightScreen)
    if view == "password":
        for tick in ("#force", "#encrypt"):
            pilot.app.screen.query_one(tick).focus()
            await pilot.press("space")
        await pilot.press("ctrl+s")
        await showing(PasswordScreen)
        await pilot.press(*"secret")  # masked
    elif view in ("published", "verified"):
        pilot.app.screen.query_one("#force").focus()
        await pilot.press("space", "ctrl+s")
        await showing(ReportScreen)
        if view == "verified":
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("v")
            await showing(ReportScreen)
    # "Writing…" toasts last 3 s: the picture must not depend on how fast the work was.
    pilot.app.clear_notifications()
    await until(pilot, lambda: not any(screen.query("Toast")
                                       for screen in pilot.app.screen_stack), 10)
    await settle(pilot)
    pilot.app.clear_notifications()
    await pilot.pause()


PUBLISH_VIEWS = ("preflight", "password", "published", "verified", "minutes-written")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("view", PUBLISH_VIEWS)
def test_publish_dialogs(snap_compare, packs: Path, view: str, size: str) -> None:
    """Pre-flight (a finding to force), the password, the issue's report, verify's and the
    minutes': each shows its buttons and its keys."""
    report = packs / PACK / "reports" / "improvement-plan.md"
    report.write_text("# Progress\n\nThe plan is on track; spend is £XX.\n")

    async def ready(pilot: Pilot) -> None:
        await _publish_dialog(pilot, view)

    assert snap_compare(app_for(packs / PACK), terminal_size=SIZES[size], run_before=ready)
