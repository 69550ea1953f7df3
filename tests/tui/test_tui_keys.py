"""Small things a new clerk stumbles on: q, Part B choices, ticks, a held meeting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.tui import ITEMS, REPORTS, open_pack, until

from boardpack.pack.library import summarise
from boardpack.tui.app import make_app
from boardpack.tui.forms import PART_B
from boardpack.tui.screens.pack import PackScreen
from boardpack.tui.screens.packs import PacksScreen, deadline_text
from boardpack.tui.widgets import Tick

pytestmark = pytest.mark.anyio


async def test_q_goes_back_then_quits(tmp_path: Path, make_pack: Callable[..., Path]) -> None:
    root = make_pack(ITEMS, files=REPORTS, name="packs/test-committee-2027-03-17")
    app = make_app(root.parent, today=dt.date(2027, 3, 1), keymap_file=tmp_path / "none")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, app.packs_loaded.is_set)
        await pilot.press("enter")
        await open_pack(pilot)
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, PacksScreen))
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running


def test_part_b_choices_say_what_each_paragraph_is() -> None:
    labels = dict((n, label) for label, n in PART_B)
    assert sorted(labels) == [1, 2, 3, 4, 5, 6, 7]
    assert labels[3] == "Part B: 3 – financial or business affairs of a particular person"
    assert "legal professional privilege" in labels[5]
    assert "crime" in labels[7]


async def test_a_tick_reads_without_colour(pack: Path) -> None:
    app = make_app(pack, today=dt.date(2027, 3, 1), keymap_file=pack / "none.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_pack(pilot)
        tick = screen.query_one("#opt-pdf", Tick)
        assert "X" in str(tick.render())
        tick.value = False
        await pilot.pause()
        assert "X" not in str(tick.render())


def test_a_meeting_in_the_past_is_held(make_pack: Callable[..., Path]) -> None:
    root = make_pack(ITEMS, files=REPORTS, name="test-committee-2027-03-17")
    after = dt.date(2027, 4, 2)
    summary = summarise(root, after)
    assert str(deadline_text(summary, after)) == "held · no minutes yet"
    (root / "resolutions.toml").write_text("")
    assert str(deadline_text(summary, after)) == "held · resolutions recorded"
    (root / "build").mkdir(exist_ok=True)
    (root / "build" / "minutes.docx").write_bytes(b"PK")
    assert str(deadline_text(summary, after)) == "held · minutes drafted"
    before = dt.date(2027, 3, 1)
    assert "working day" in str(deadline_text(summarise(root, before), before))


async def test_no_viewer_still_shows_the_path(pack: Path) -> None:
    app = make_app(pack, today=dt.date(2027, 3, 1), keymap_file=pack / "none.toml")
    (pack / "build").mkdir(exist_ok=True)
    for name in ("members.pdf", "members.html", "public.pdf", "public.html"):
        (pack / "build" / name).write_bytes(b"%PDF-1.7\n")
    app.open_url = lambda url, **kw: None  # type: ignore[method-assign]  # no viewer here
    shown: list[str] = []
    notify = app.notify
    app.notify = lambda message, **kw: (shown.append(message), notify(message, **kw))[1]  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_pack(pilot)
        screen.action_open_output()
        await pilot.pause()
        assert any(str((pack / "build" / "members.pdf").resolve()) in m for m in shown), shown
    assert isinstance(screen, PackScreen)
