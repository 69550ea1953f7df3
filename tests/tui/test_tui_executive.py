"""The app on an executive's packs: notice deadlines on the pack list and the pack screen,
and the decision notice and forward plan written from it (Pilot, real renders)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import EXECUTIVE, pdf_text
from helpers.minutes import html_text
from helpers.tui import open_pack, settle
from textual.widgets import DataTable, Static

from boardpack.tui.app import make_app
from boardpack.tui.screens.packs import PacksScreen

pytestmark = pytest.mark.anyio
# Meeting 17 March 2027: a key decision's notice is due by Thu 4 February (28 clear days).
ITEMS = """
[[item]]
id = "budget"
title = "Budget strategy"
key_decision = true
forward_plan = "FP/2027/001"
"""
RESOLUTIONS = """\
[[resolution]]
item = "budget"
text = ["That the budget strategy be approved."]
reasons = "To set a balanced budget."
"""


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def test_notices_are_shown_and_the_notices_written(make_pack: Callable[..., Path],
                                                         tmp_path: Path) -> None:
    root = make_pack(ITEMS, meeting=EXECUTIVE, resolutions=RESOLUTIONS,
                     name="packs/executive-2027-03-17")
    app = make_app(root.parent, today=dt.date(2027, 1, 20), keymap_file=tmp_path / "none.toml")
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PacksScreen)
        row = [str(c) for c in app.screen.query_one("#packs", DataTable).get_row_at(0)]
        assert row[2].endswith(" · notices")
        status = str(app.screen.query_one("#pack-status", Static).render())
        assert "notice of key decision (reg 9) by 4 February 2027" in status

        await pilot.press("p")  # the forward plan, from today for four months
        await settle(pilot)
        plan = html_text(root.parent / "forward-plan" / "forward-plan.html")
        assert "FP/2027/001: Budget strategy" in plan and "Published Wednesday, 20 January 2027" \
            in plan

        await pilot.press("enter")
        screen = await open_pack(pilot)
        assert "notice of key decision (reg 9) by 4 February 2027" in screen.sub_title
        details = str(screen.query_one("#item-details", Static).render())
        assert "notice of key decision (reg 9): not yet published (latest 4 February 2027)" \
            in details
        await pilot.press("w")  # the decision notice
        await settle(pilot)
        text = pdf_text(root / "build" / "public-decisions.pdf")
        assert "Decisions of the Executive" in text and "To set a balanced budget." in text
        assert (root / "build" / "decisions.html").is_file()
