"""A new pack made in the app, from an empty folder: the form, the files, the pack opens."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest
from helpers.tui import settle, until
from textual.widgets import Input, Select

from boardpack.pack.new import folder_name
from boardpack.tui.app import make_app
from boardpack.tui.new_pack import NewPackForm
from boardpack.tui.screens.pack import PackScreen

pytestmark = pytest.mark.anyio


async def test_new_pack_from_an_empty_folder(tmp_path: Path) -> None:
    packs = tmp_path / "packs"
    packs.mkdir()
    app = make_app(packs, today=dt.date(2027, 3, 1), keymap_file=tmp_path / "none.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, app.packs_loaded.is_set)
        assert "press n to create one" in str(app.screen.query_one("#pack-status").render())
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, NewPackForm)
        form.query_one("#template", Select).value = "corporate-parenting-board"
        await pilot.pause()
        assert form.query_one("#committee", Input).value == "Corporate Parenting Board"
        form.query_one("#date", Input).value = "17/03/2027"
        form.query_one("#venue", Input).value = "Council Chamber, County Hall"
        form.query_one("#authority", Input).value = "Testshire County Council"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # a bad date keeps the form open with what was typed
        assert "'17/03/2027' is not a date" in str(form.query_one("#form-error").render())
        form.query_one("#date", Input).value = "2027-03-17"
        form.query_one("#time", Input).value = "10:30"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, PackScreen)
                    and app.screen.pack is not None)
        await settle(pilot)
        root = packs / "corporate-parenting-board-2027-03-17"
        assert app.screen.root == root
        meeting = tomllib.loads((root / "pack.toml").read_text(encoding="utf-8"))["meeting"]
        assert meeting["committee"] == "Corporate Parenting Board"
        assert meeting["date"] == dt.date(2027, 3, 17)
        assert (meeting["time"], meeting["venue"]) == ("10:30", "Council Chamber, County Hall")
        assert meeting["authority"] == "Testshire County Council"
        assert meeting["template"] == "corporate-parenting-board"
        assert (root / "reports" / "introduction.md").is_file()
        assert (root / "resolutions.toml").is_file()


def test_folder_name() -> None:
    assert folder_name("Children's Services Scrutiny", dt.date(2027, 2, 3)) == (
        "children-s-services-scrutiny-2027-02-03")
