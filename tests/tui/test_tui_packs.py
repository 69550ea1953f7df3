"""The first screen over a folder larger than a screenful: a screenful of rows first, the
rest added in batches while keys work, and in the end the same table as reading all."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from helpers import MEETING
from helpers.tui import ITEMS, REPORTS, until
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from boardpack.pack.library import PackSummary, in_batches, summaries
from boardpack.tui.app import make_app
from boardpack.tui.screens import packs as packs_screen
from boardpack.tui.screens.pack import PackScreen

pytestmark = pytest.mark.anyio

TODAY = dt.date(2027, 3, 1)
COUNT = 60  # more than the 24 rows of a screenful at 80×24
LONG = "Health and Wellbeing Board Joint Strategic Commissioning Sub-Committee"


def make_folder(folder: Path) -> list[Path]:
    """``COUNT`` packs, meetings a week apart from before to after ``TODAY``; one that does
    not load, and a last one with a long committee name (the columns are fitted again)."""
    roots = []
    for n in range(COUNT):
        date = dt.date(2026, 11, 4) + dt.timedelta(weeks=n)
        root = folder / f"meeting-{n:03d}"
        (root / "reports").mkdir(parents=True)
        meeting = MEETING.replace("2027-03-17", date.isoformat())
        if n == COUNT - 1:
            meeting = meeting.replace("Test Committee", LONG)
        for rel, text in REPORTS.items():
            (root / rel).write_text(text, encoding="utf-8")
        text = meeting + "\n" + ITEMS if n != 30 else "[meeting\n"
        (root / "pack.toml").write_text(text, encoding="utf-8")
        roots.append(root)
    return roots


def cells(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_a_screenful_first_then_every_row_as_reading_them_all(tmp_path: Path) -> None:
    roots = make_folder(tmp_path / "packs")
    app = make_app(tmp_path / "packs", today=TODAY, keymap_file=tmp_path / "none.toml")
    first: list[int] = []
    app.packs_ready = lambda count: first.append(count)  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, app.packs_loaded.is_set)
        screen = app.screen
        assert isinstance(screen, packs_screen.PacksScreen)
        table = screen.query_one("#packs", DataTable)
        assert first == [24]  # shown with a screenful of rows, before the other 36
        slow = summaries(tmp_path / "packs", TODAY)
        assert screen.packs == slow and [s.root for s in slow] == roots
        assert table.row_count == COUNT
        assert cells(table) == [[str(cell) for cell in screen.row(s)] for s in slow]
        assert "⚠ meeting-030" in cells(table)[30][0]
        widths = [column.width for column in table.ordered_columns]
        assert widths == packs_screen.fitted(packs_screen.COLUMNS, [screen.row(s) for s in slow],
                                             80)
        assert widths[0] < len(LONG)  # narrowed to fit, as if read at once
        assert app.screen.sub_title == "packs in packs"


async def waits(pilot: Pilot, condition: Callable[[], object]) -> None:
    """Wait for ``condition`` while the packs' reading is held (``until`` would wait for
    that worker to end)."""
    deadline = time.monotonic() + 20
    while not condition():
        assert time.monotonic() < deadline, "the app did not react in time"
        await pilot.pause(0.05)


def held(batches: Iterator[list[PackSummary]], gate: threading.Event
         ) -> Iterator[list[PackSummary]]:
    """The batches, the rest held back until ``gate`` is set."""
    yield next(batches)
    assert gate.wait(20), "the test never let the rest in"
    yield from batches


async def test_keys_work_while_the_rest_are_read(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    roots = make_folder(tmp_path / "packs")
    gate = threading.Event()

    def batches(found: Sequence[Path], today: dt.date, first: int = 100, size: int = 100
                ) -> Iterator[list[PackSummary]]:
        return held(in_batches(found, today, first, size), gate)

    monkeypatch.setattr(packs_screen, "in_batches", batches)
    monkeypatch.setattr(packs_screen, "BATCH", 10)  # the rest in four batches
    app = make_app(tmp_path / "packs", today=TODAY, keymap_file=tmp_path / "none.toml")
    shown = threading.Event()
    app.packs_ready = lambda count: shown.set()  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await waits(pilot, shown.is_set)
        screen = app.screen
        assert isinstance(screen, packs_screen.PacksScreen)
        table = screen.query_one("#packs", DataTable)
        assert table.row_count == 24 and not app.packs_loaded.is_set()
        assert "reading 24 of 60" in screen.sub_title
        await pilot.press("down", "down", "down")
        status = screen.query_one("#pack-status", Static)
        assert "meeting-003: Enter opens it" in str(status.render())
        await pilot.press("enter")
        await waits(pilot, lambda: isinstance(app.screen, PackScreen)
                    and app.screen.pack is not None)
        assert app.screen.root == roots[3]
        assert table.row_count == 24  # the pack opened while the rest were still held
        await pilot.press("q")
        await waits(pilot, lambda: isinstance(app.screen, packs_screen.PacksScreen))
        gate.set()  # the first reading goes on, and the one started on coming back
        await until(pilot, app.packs_loaded.is_set)
        assert not isinstance(app.screen, PackScreen)
        table = app.screen.query_one("#packs", DataTable)
        assert table.row_count == COUNT
        assert [s.root for s in app.screen.packs] == roots  # each once, in order


async def test_the_cursor_stays_when_the_columns_are_fitted_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_folder(tmp_path / "packs")
    gate = threading.Event()

    def batches(found: Sequence[Path], today: dt.date, first: int = 100, size: int = 100
                ) -> Iterator[list[PackSummary]]:
        return held(in_batches(found, today, first, size), gate)

    monkeypatch.setattr(packs_screen, "in_batches", batches)
    app = make_app(tmp_path / "packs", today=TODAY, keymap_file=tmp_path / "none.toml")
    shown = threading.Event()
    app.packs_ready = lambda count: shown.set()  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await waits(pilot, shown.is_set)
        table = app.screen.query_one("#packs", DataTable)
        before = [column.width for column in table.ordered_columns]
        await pilot.press(*["down"] * 5)
        gate.set()
        await until(pilot, app.packs_loaded.is_set)
        assert [column.width for column in table.ordered_columns] != before  # fitted again
        assert table.cursor_row == 5
        status = app.screen.query_one("#pack-status", Static)
        assert "meeting-005: Enter opens it" in str(status.render())
