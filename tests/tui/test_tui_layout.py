"""The app at 80×24 and 120×40: every dialog shows its buttons and its keys, the footer
its main keys, and the tables their most important column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers import MEETING
from helpers.tui import open_pack, settle
from textual.widgets import Button, DataTable, Footer, Label

from boardpack.tui.app import make_app
from boardpack.tui.forms import ConfirmScreen, FormScreen, PickScreen
from boardpack.tui.screens.help import HelpScreen

pytestmark = pytest.mark.anyio

SIZES = [(80, 24), (120, 40)]
DIALOGS = {"e": "Save", "a": "Save", "m": "Save", "r": "Save", "t": "Save", "d": "Yes",
           "f": "Attach"}


def inside(inner, outer) -> bool:
    return (outer.x <= inner.x and inner.right <= outer.right
            and outer.y <= inner.y and inner.bottom <= outer.bottom)


@pytest.mark.parametrize("size", SIZES)
async def test_every_dialog_shows_its_buttons_and_keys(pack: Path,
                                                       size: tuple[int, int]) -> None:
    app = make_app(pack, today=dt.date(2027, 3, 1), keymap_file=pack / "none.toml")
    async with app.run_test(size=size) as pilot:
        screen = await open_pack(pilot)
        for key, first in DIALOGS.items():
            await pilot.press(key)
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, FormScreen | ConfirmScreen | PickScreen), key
            form = dialog.query_one(".form").region
            assert inside(form, dialog.region)
            labels = {str(b.label): b for b in dialog.query(Button)}
            assert first in labels, key
            for button in labels.values():
                # inside the form's border: its label row is drawn, not clipped
                assert form.y < button.region.y < form.bottom - 1, (key, size, button.region)
            keys = str(dialog.query_one(".form-keys", Label).render())
            assert ("ctrl+s" in keys) if isinstance(dialog, FormScreen) else (
                "Escape" in keys), key
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is screen


def footer_keys(screen) -> list[tuple[str, int]]:
    """(key, right edge) of each key the footer shows, but the palette's."""
    footer = screen.query_one(Footer)
    return [(k.key, k.region.right) for k in footer.query("FooterKey")
            if not k.has_class("-command-palette")]


@pytest.mark.parametrize("size", SIZES)
async def test_pack_screen_footer_keeps_the_main_keys(pack: Path,
                                                     size: tuple[int, int]) -> None:
    app = make_app(pack, today=dt.date(2027, 3, 1), keymap_file=pack / "none.toml")
    async with app.run_test(size=size) as pilot:
        await open_pack(pilot)
        shown = footer_keys(app.screen)
        keys = {key for key, _ in shown}
        assert {"a", "e", "f", "r", "m", "b", "f1", "ctrl+q"} <= keys
        palette = app.screen.query_one("FooterKey.-command-palette").region
        for key, right in shown:
            assert right <= palette.x, f"{key} is hidden under the palette key at {size}"


async def test_check_table_shows_the_problem_at_80_columns(pack: Path) -> None:
    (pack / "reports" / "unexpected.md").write_text("# ?\n")
    app = make_app(pack, today=dt.date(2027, 3, 1), keymap_file=pack / "none.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_pack(pilot)
        await pilot.press("5")
        await settle(pilot)
        table = app.screen.query_one("#check-problems", DataTable)
        labels = [str(c.label) for c in table.columns.values()]
        assert labels.index("Problem") == 1
        widths = [c.get_render_width(table) for c in table.columns.values()]
        assert sum(widths[:1]) + 10 < table.region.width  # the problem starts on screen


@pytest.mark.parametrize("size", SIZES)
async def test_help_columns_fit_at_120(pack: Path, size: tuple[int, int]) -> None:
    app = make_app(pack, today=dt.date(2027, 3, 1), keymap_file=pack / "none.toml")
    async with app.run_test(size=size) as pilot:
        await open_pack(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#keys", DataTable)
        needed = sum(c.get_render_width(table) for c in table.columns.values())
        if size[0] >= 120:
            assert needed <= table.scrollable_content_region.width


async def test_pack_list_keeps_items_and_built_at_80_columns(tmp_path: Path, make_pack) -> None:
    long = "Children's Services and Education Overview and Scrutiny Committee"
    meeting = (MEETING.replace('committee = "Test Committee"', f'committee = "{long}"')
               .replace("2027-03-17", "2027-09-22"))
    assert long in meeting and "2027-09-22" in meeting
    make_pack('[[item]]\nid = "a"\ntitle = "A"\n', name="packs/scrutiny", meeting=meeting)
    app = make_app(tmp_path / "packs", today=dt.date(2027, 9, 1),
                   keymap_file=tmp_path / "none.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#packs", DataTable)
        labels = [str(c.label) for c in table.columns.values()]
        assert labels == ["Committee", "Meeting", "Publish by", "Items", "Missing", "Built"]
        widths = [c.get_render_width(table) for c in table.columns.values()]
        assert sum(widths) <= table.scrollable_content_region.width  # Built is on screen
        row = [str(c) for c in table.get_row_at(0)]
        assert row[1] == "22 September 2027" and row[3:] == ["1", "1", "no"]  # no report yet
        assert "working days" in row[2]
        status = str(app.screen.query_one("#pack-status").render())
        assert long in status  # the whole name, cut in the table, is in the status line
