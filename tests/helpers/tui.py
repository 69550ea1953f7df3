"""Helpers shared by the tui tests."""

from __future__ import annotations

import contextlib
import datetime as dt
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from boardpack.tui.app import BoardpackApp, make_app
from boardpack.tui.screens.pack import PackScreen


async def settle(pilot: Pilot) -> None:
    """Wait for every worker but those that run until their screen closes: the folder
    watcher and a folder tree's loader (and first for the messages already posted, which
    may start one)."""
    await pilot.pause()
    for _ in range(20):
        busy = [w for w in pilot.app.workers
                if w.group not in ("watch", "_loader") and w.is_running]
        if not busy:
            break
        for worker in busy:
            with contextlib.suppress(WorkerCancelled):  # replaced by a newer one
                await worker.wait()
        await pilot.pause()
    screen = pilot.app.screen
    for _ in range(200):  # a reload started by the folder watcher or its polling net
        if not (isinstance(screen, PackScreen) and screen.reloading.locked()):
            break
        await pilot.pause(0.02)
    await pilot.pause()


async def until(pilot: Pilot, condition: Callable[[], object], timeout: float = 10.0) -> None:
    """Wait for something the folder watcher makes happen (it reacts within a second)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the app did not react in time"
        await pilot.pause(0.05)
    await settle(pilot)


ITEMS = """\
# Small pack for the app's tests.
[[item]]
id = "ofsted-visit"
title = "Ofsted Monitoring Visit: feedback"
files = ["reports/ofsted-visit.md"]

[[item]]
id = "improvement-plan"
title = "Improvement plan: update"
purpose = "decision"
files = ["reports/improvement-plan.md"]

[[item]]
id = "workforce-kpis"
title = "Social work workforce"
files = ["reports/workforce-kpis.md"]

[[item]]
id = "residential-placements"
title = "Residential placements: contract award"
files = ["reports/residential-placements.md"]
exempt = 3
"""


REPORTS = {
    "reports/ofsted-visit.md": "# Purpose of the report\n\nFeedback from the monitoring visit.\n",
    "reports/improvement-plan.md": "# Progress\n\nThe plan is on track.\n",
    "reports/workforce-kpis.md": "# Workforce\n\n| KPI | RAG |\n|---|---|\n| Agency | Red |\n",
    "reports/residential-placements.md": "# Tender evaluation\n\nThree bids were received.\n",
}


def item_ids(root: Path) -> list[str]:
    """The ids of a pack's items, in their order in pack.toml."""
    return [i["id"] for i in tomllib.loads((root / "pack.toml").read_text())["item"]]


async def open_pack(pilot: Pilot) -> PackScreen:
    await until(pilot, lambda: isinstance(pilot.app.screen, PackScreen)
                and pilot.app.screen.pack is not None)
    screen: PackScreen = pilot.app.screen  # type: ignore[assignment]
    summary = screen.query_one("#check-summary")
    await until(pilot, lambda: "Checking" not in str(summary.render()))
    return screen



# The snapshots' fixed date, terminal sizes and pack (tests/tui/test_tui_snapshots*.py).
SNAPSHOT_DAY = dt.date(2027, 3, 1)
SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
PACK = "test-committee-2027-03-17"


def app_for(target: Path) -> BoardpackApp:
    """The app on ``target`` as the snapshots see it: a fixed date, no keymap file."""
    return make_app(target, today=SNAPSHOT_DAY, keymap_file=target / "no-keymap.toml")


async def steady(pilot: Pilot) -> None:
    """Stop the cursors blinking, so that a snapshot never catches one half-way."""
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False  # type: ignore[attr-defined]
    await pilot.pause()
