"""The clerk's whole job in the app, from an empty folder, keyboard first: a new pack,
items, a file attached, a build, a resolution, the issue, the draft minutes; each step
checked on the files it writes."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path

import pytest
from helpers import pdf_text
from helpers.tui import settle, until
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from boardpack.tui.app import make_app
from boardpack.tui.file_dialogs import AttachForm
from boardpack.tui.forms import ConfirmScreen, ItemForm, ResolutionForm
from boardpack.tui.new_pack import NewPackForm
from boardpack.tui.screens.pack import PackScreen
from boardpack.tui.screens.publish import PreflightScreen, ReportScreen

pytestmark = pytest.mark.anyio
SLOW = 240.0  # builds and an issue render PDFs: a safety net, not a measure
BUDGET = "# Budget monitoring\n\nThe forecast outturn is balanced.\n"


async def shows(pilot: Pilot, kind: type) -> object:
    await until(pilot, lambda: isinstance(pilot.app.screen, kind), SLOW)
    return pilot.app.screen


async def add_item(pilot: Pilot, item_id: str, title: str) -> None:
    await pilot.press("a")
    form = await shows(pilot, ItemForm)
    form.query_one("#id", Input).value = item_id
    form.query_one("#title", Input).value = title
    await pilot.press("ctrl+s")
    await shows(pilot, PackScreen)
    await settle(pilot)


async def attach(pilot: Pilot, item_id: str, outside: Path) -> str:
    """Attach ``outside`` (a file outside the pack) to the selected item, by typing its
    path in the attach dialog; the pack path it was copied to."""
    await pilot.press("f")
    form = await shows(pilot, AttachForm)
    form.query_one("#path", Input).value = str(outside)
    await pilot.press("enter")
    await shows(pilot, PackScreen)
    await settle(pilot)
    return f"reports/{item_id}-{outside.name}"


async def test_from_an_empty_folder_to_an_issued_pack_and_draft_minutes(
        tmp_path: Path) -> None:
    packs = tmp_path / "packs"
    packs.mkdir()
    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    (downloads / "budget.md").write_text(BUDGET)
    app = make_app(packs, today=dt.date(2027, 3, 1), keymap_file=tmp_path / "none.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        # 1. a new pack
        await until(pilot, app.packs_loaded.is_set)
        await pilot.press("n")
        form = await shows(pilot, NewPackForm)
        for field, value in (("committee", "Audit Committee"), ("date", "2027-03-17"),
                             ("time", "14:00"), ("venue", "Room 2, County Hall"),
                             ("authority", "Testshire County Council")):
            form.query_one(f"#{field}", Input).value = value
        await pilot.press("ctrl+s")
        screen = await shows(pilot, PackScreen)
        await until(pilot, lambda: screen.pack is not None)
        root = packs / "audit-committee-2027-03-17"
        assert screen.root == root
        meeting = tomllib.loads((root / "pack.toml").read_text())["meeting"]
        assert (meeting["committee"], meeting["date"]) == ("Audit Committee",
                                                           dt.date(2027, 3, 17))

        # 2. items
        await add_item(pilot, "budget-monitoring", "Budget monitoring: quarter 3")
        await add_item(pilot, "internal-audit", "Internal audit progress")
        items = tomllib.loads((root / "pack.toml").read_text())["item"]
        ids = [i["id"] for i in items]
        assert "budget-monitoring" in ids and "internal-audit" in ids
        assert next(i for i in items if i["id"] == "internal-audit")["title"] \
            == "Internal audit progress"

        # 3. a file from outside the pack
        assert screen.selected == "internal-audit"  # the item added last is selected
        while screen.selected != "budget-monitoring":
            await pilot.press("up")
            await settle(pilot)
        attached = await attach(pilot, "budget-monitoring", downloads / "budget.md")
        items = tomllib.loads((root / "pack.toml").read_text())["item"]
        budget = next(i for i in items if i["id"] == "budget-monitoring")
        assert budget["files"] == [attached]
        assert (root / attached).read_text() == BUDGET

        # 4. a build
        await pilot.press("b")
        answer = await shows(pilot, ConfirmScreen)  # "Built …. Open members.pdf?"
        assert "members.pdf" in answer.question
        await pilot.press("n")
        await shows(pilot, PackScreen)
        built = pdf_text(root / "build" / "members.pdf")
        assert "Budget monitoring: quarter 3" in built
        assert "The forecast outturn is balanced." in built
        assert "Internal audit progress" in pdf_text(root / "build" / "public.pdf")

        # 5. a resolution
        await pilot.press("r")
        resolution = await shows(pilot, ResolutionForm)
        resolution.query_one("#text", TextArea).text = "That the outturn be noted."
        resolution.query_one("#vote", Input).value = "unanimous"
        await pilot.press("ctrl+s")
        await shows(pilot, PackScreen)
        await settle(pilot)
        record = tomllib.loads((root / "resolutions.toml").read_text())["resolution"]
        mine = [r for r in record if r["item"] == "budget-monitoring"]
        assert mine and mine[0]["text"] == ["That the outturn be noted."]

        # 6. the issue
        await pilot.press("p")
        await shows(pilot, PreflightScreen)
        await pilot.press("ctrl+s")
        report = await shows(pilot, ReportScreen)
        assert report.title_text == "Issued the pack as issue 1"
        assert "Verify: OK" in "\n".join(report.lines)
        await pilot.press("enter")
        await shows(pilot, PackScreen)
        full = json.loads((root / "issued/1/internal/manifest.json").read_text())
        assert full["meeting"]["committee"] == "Audit Committee"
        assert "budget-monitoring" in [i["id"] for i in full["items"]]
        shown = json.loads((root / "issued/1/public/manifest.json").read_text())
        assert shown["issue"] == 1
        assert "The forecast outturn is balanced." in pdf_text(
            root / "issued/1/public/public.pdf")

        # 7. the draft minutes
        await pilot.press("u")
        report = await shows(pilot, ReportScreen)
        assert "build/minutes.pdf" in "\n".join(report.lines)
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running
    minutes = pdf_text(root / "build" / "minutes.pdf")
    assert "Audit Committee" in minutes and "That the outturn be noted." in minutes
    assert "That the outturn be noted." in pdf_text(root / "build" / "public-minutes.pdf")
