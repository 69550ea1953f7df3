"""Snapshots of the packs screen and of the dialogs of publishing at 80×24 and 120×40, on
a small pack and a fixed date (the pack screen's views: ``test_tui_snapshots_pack.py``,
a file of its own so that the two share the suite's workers).

Update them after a deliberate change with ``pytest --snapshot-update`` (and look at them).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.tui import PACK, SIZES, app_for, open_pack, settle, steady, until
from textual.pilot import Pilot


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
    await steady(pilot)  # the password's cursor neither shown nor hidden by chance


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
