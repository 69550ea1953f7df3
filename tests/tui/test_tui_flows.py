"""The terminal app, driven with Pilot: every flow a clerk uses, on real packs.

Tests wait on the app's workers (or, for the folder watcher, on what it shows),
never on a fixed sleep.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import DATA, DEMO, pdf_text
from helpers.tui import ITEMS, REPORTS, item_ids, open_pack, settle, until
from textual.pilot import Pilot
from textual.widgets import (
    Checkbox,
    DataTable,
    DirectoryTree,
    Input,
    Label,
    ListView,
    OptionList,
    Select,
    Static,
    TextArea,
)

from boardpack import sources
from boardpack.pack import load as packfile
from boardpack.tui.app import BoardpackApp, make_app
from boardpack.tui.file_dialogs import AttachForm, FileTitleForm
from boardpack.tui.forms import ConfirmScreen, ItemForm, PickScreen, ResolutionForm, TomlEditor
from boardpack.tui.panes.agenda import AgendaPane
from boardpack.tui.panes.build import BuildPanel
from boardpack.tui.panes.item import ItemPane
from boardpack.tui.panes.preview import FilePreview
from boardpack.tui.screens.help import HelpScreen
from boardpack.tui.screens.pack import PackScreen
from boardpack.tui.screens.packs import PacksScreen
from boardpack.tui.widgets import ProblemTable

TODAY = dt.date(2027, 3, 1)
SIZE = (80, 24)
pytestmark = pytest.mark.anyio


async def building(pilot: Pilot) -> None:
    """Wait until a build worker has started."""
    deadline = time.monotonic() + 10
    while not any(w.group == "build" for w in pilot.app.screen.workers):
        assert time.monotonic() < deadline, "the build did not start"
        await pilot.pause(0.01)


def app_on(target: Path, **kwargs: object) -> BoardpackApp:
    return make_app(target, today=TODAY, keymap_file=target / "no-keymap.toml", **kwargs)


def agenda_labels(screen: PackScreen) -> list[str]:
    """The agenda's lines as shown (rows still being mounted by a reload are left out)."""
    view = screen.query_one("#agenda", ListView)
    return [" ".join(str(label.render()) for label in row.query("Label"))
            for row in view.children]


# --- the first screen ---------------------------------------------------------------

async def test_first_screen_lists_packs_and_a_bad_one_without_crashing(tmp_path: Path) -> None:
    packs = tmp_path / "packs"
    shutil.copytree(DEMO, packs / DEMO.name, ignore=shutil.ignore_patterns("build"))
    (packs / "broken").mkdir()
    (packs / "broken" / "pack.toml").write_text("[meeting\n", encoding="utf-8")
    app = make_app(packs, today=dt.date(2027, 1, 1), keymap_file=packs / "no-keymap.toml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PacksScreen)
        table = app.screen.query_one("#packs", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        # Meeting on 20 January 2027: papers out by 12 January, 11 calendar days after
        # "today" (1 January, a bank holiday): 4-8 and 11-12 January are 7 working days.
        assert rows[1][:6] == ["Corporate Parenting Board", "20 January 2027",
                               "in 7 working days",
                               str(len(tomllib.loads((packs / DEMO.name / "pack.toml")
                                                     .read_text())["item"])), "0", "no"]
        assert "broken" in rows[0][0]
        status = str(app.screen.query_one("#pack-status", Static).render())
        assert "broken" in status and "pack.toml" in status
        await pilot.press("down", "enter")
        screen = await open_pack(pilot)
        assert screen.root == packs / DEMO.name
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PacksScreen)


# --- the agenda ---------------------------------------------------------------------

async def test_add_edit_and_reorder_items_by_key_and_mouse(pack: Path) -> None:
    app = app_on(pack)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pack(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ItemForm)
        await pilot.press(*"sen")  # typed into the id field, which has focus
        form.query_one("#title", Input).value = "SEND sufficiency"
        form.query_one("#presenter", Input).value = "Director of Education"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PackScreen)
        assert item_ids(pack)[:2] == ["ofsted-visit", "sen"]
        assert "5. SEND sufficiency" in agenda_labels(screen)[4]  # after 3 standard items
        assert screen.selected == "sen"
        assert "# Small pack" in (pack / "pack.toml").read_text()  # the comment survives

        await pilot.press("shift+up")
        await settle(pilot)
        assert item_ids(pack)[:2] == ["sen", "ofsted-visit"]
        await pilot.click("#btn-down")
        await pilot.click("#btn-down")
        await settle(pilot)
        assert item_ids(pack)[:3] == ["ofsted-visit", "improvement-plan", "sen"]
        assert "6. SEND sufficiency" in agenda_labels(screen)[5]

        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        form.query_one("#exempt", Select).value = 3
        form.query_one("#title", Input).value = "SEND: placements contract"
        await pilot.click("#save")
        await settle(pilot)
        item = packfile.load(pack).pack.item("sen")
        assert (item.title, item.exempt) == ("SEND: placements contract", 3)
        assert any("SEND: placements" in row and "Part B" in row
                   for row in agenda_labels(screen))


def toasts(app: BoardpackApp) -> str:
    """What the notifications on screen say, as one line."""
    return " ".join(" ".join(str(toast.render()).split()) for toast in app.screen.query("Toast"))


async def test_the_agenda_shows_every_entry_numbered_and_standard_ones_read_only(
        pack: Path) -> None:
    app = app_on(pack)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_pack(pilot)
        rows = agenda_labels(screen)
        # As the default committee template and the built agenda number them: three
        # opening items, the reports, the closing item, the exclusion, the Part B item.
        assert [row.split(" ")[0] for row in rows] == [f"{n}." for n in range(1, 10)]
        titles = [entry.item.title for entry in screen.query_one(AgendaPane).entries.values()]
        assert titles == [
            "Apologies for absence", "Declarations of interest",
            "Minutes of the previous meeting", "Ofsted Monitoring Visit: feedback",
            "Improvement plan: update", "Social work workforce", "Any other urgent business",
            "Exclusion of the press and public", "Residential placements: contract award"]
        marks = [row.split()[-1] for row in rows]
        assert marks[:3] == ["standard"] * 3 and marks[6:8] == ["standard", "generated"]
        assert "Part B" in rows[8] and not any(m in ("standard", "generated")
                                               for m in marks[3:6])
        assert screen.selected == "ofsted-visit"  # the pack's first item, not a standard one

        before = (pack / "pack.toml").read_text()
        await pilot.press("up", "up", "up")
        await settle(pilot)
        assert screen.selected == "apologies"
        details = str(screen.query_one("#item-details", Static).render())
        assert "To receive apologies for absence" in details and "standard item" in details
        for key in ("e", "d", "shift+down", "f"):
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is screen, key  # no form opens
        shown = toasts(app)
        for doing in ("edit it", "remove it", "move it", "attach a file"):
            assert f"Cannot {doing}: 'Apologies for absence' is a standard item" in shown
        assert (pack / "pack.toml").read_text() == before
        await pilot.press("down", "down", "down", "down", "down", "down", "down", "e")
        await settle(pilot)
        assert screen.selected == "exclusion"
        assert "'Exclusion of the press and public' is generated" in toasts(app)


async def test_a_long_title_is_cut_in_the_agenda_but_shown_whole_a_key_away(
        make_pack: Callable[..., Path]) -> None:
    long = ("Children's social care workforce: recruitment and retention of experienced "
            "social workers")
    pack = make_pack(f'[[item]]\nid = "workforce"\ntitle = "{long}"\n', name="long")
    app = app_on(pack)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pack(pilot)
        agenda_view = screen.query_one("#agenda", ListView)
        row = agenda_view.children[3]
        title = row.query_one(".entry-title", Label)
        narrow = title.region.width
        assert narrow < len(long)  # cut at 80 columns…
        assert row.tooltip == f"4. {long}"  # …whole in its tooltip
        details = " ".join(str(screen.query_one("#item-details", Static).render()).split())
        assert long in details  # …and in the Item tab beside it
        await pilot.press("z")  # …and a wider agenda shows more of it
        await settle(pilot)
        assert title.region.width > narrow + 15
        await pilot.press("z")
        await settle(pilot)
        assert title.region.width == narrow


async def test_a_refused_edit_keeps_the_form_and_what_was_typed(pack: Path) -> None:
    app = app_on(pack)
    async with app.run_test(size=SIZE) as pilot:
        await open_pack(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        form.query_one("#id", Input).value = "Not An Id"
        form.query_one("#title", Input).value = "Something typed"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "not a usable item id" in str(form.query_one("#form-error", Static).render())
        assert form.query_one("#title", Input).value == "Something typed"
        await pilot.press("escape")
        await settle(pilot)
        assert "Something typed" not in (pack / "pack.toml").read_text()


async def test_remove_an_item_after_confirming(pack: Path) -> None:
    app = app_on(pack)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pack(pilot)
        await pilot.press("down", "d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert "improvement-plan" not in item_ids(pack)
        assert (pack / "reports" / "improvement-plan.md").is_file()
        assert screen.selected == "workforce-kpis"


async def test_meeting_details_form_saves_at_once(pack: Path) -> None:
    app = app_on(pack)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pack(pilot)
        await pilot.press("m")
        await settle(pilot)
        form = app.screen
        form.query_one("#venue", Input).value = "Council Chamber, Town Hall"
        form.query_one("#time", Input).value = "10:00"
        form.query_one("#members", TextArea).text = "Councillor A\nCouncillor B"
        await pilot.press("ctrl+s")
        await settle(pilot)
        meeting = packfile.load(pack).pack.meeting
        assert (meeting.venue, meeting.time) == ("Council Chamber, Town Hall", "10:00")
        assert meeting.members == ["Councillor A", "Councillor B"]
        assert screen.pack.meeting.venue == "Council Chamber, Town Hall"


async def test_outside_changes_and_a_bad_pack_toml_are_picked_up(pack: Path) -> None:
    app = app_on(pack)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pack(pilot)
        good = (pack / "pack.toml").read_text()
        (pack / "pack.toml").write_text(good.replace(
            "Ofsted Monitoring Visit: feedback", "Ofsted visit: what inspectors said"))
        await until(pilot, lambda: any("what inspectors said" in label
                                       for label in agenda_labels(screen)))
        (pack / "pack.toml").write_text(good + "\n[[item]\n")
        banner = screen.query_one("#banner", Static)
        await until(pilot, lambda: banner.display)
        assert "pack.toml" in str(banner.render()) and "error" in str(banner.render())
        assert app.is_running and len(agenda_labels(screen)) == 9
        (pack / "pack.toml").write_text(good)
        await until(pilot, lambda: not banner.display)
        assert "Ofsted Monitoring Visit" in agenda_labels(screen)[3]


# --- files, drops and the inbox -----------------------------------------------------

async def test_dropped_files_attach_to_their_item_or_wait_in_the_inbox(
        pack: Path) -> None:
    app = app_on(pack)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pack(pilot)
        await pilot.press("down", "down")
        await settle(pilot)
        assert screen.selected == "workforce-kpis"
        (pack / "reports" / "workforce-kpis-annex.md").write_text("# Annex\n")
        files = screen.query_one(ItemPane)
        await until(pilot, lambda: "reports/workforce-kpis-annex.md" in files.file_paths)
        (pack / "reports" / "from-finance.md").write_text("# Finance note\n")
        await until(pilot, lambda: screen.unmatched == ["reports/from-finance.md"])
        await pilot.press("4")
        await settle(pilot)
        assert screen.query_one("#inbox-list", ListView).index == 0
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, PickScreen)
        await pilot.press("down", "enter")  # the second item
        await settle(pilot)
        item = packfile.load(pack).pack.item("improvement-plan")
        assert "reports/from-finance.md" in [r.path for r in item.files]
        assert screen.unmatched == []
        assert (pack / "reports" / "from-finance.md").is_file()


async def test_a_file_dropped_in_while_the_app_runs_is_announced(pack: Path) -> None:
    app = app_on(pack)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_pack(pilot)
        assert screen.selected == "ofsted-visit"  # the file goes to another item's tab
        (pack / "reports" / "workforce-kpis-annex.md").write_text("# Annex\n")
        await until(pilot, lambda: "workforce-kpis-annex.md" in toasts(app))
        assert ("reports/workforce-kpis-annex.md arrived: attached to 'Social work "
                "workforce' (workforce-kpis)") in toasts(app)
        (pack / "reports" / "from-finance.md").write_text("# Finance note\n")
        await until(pilot, lambda: "from-finance.md" in toasts(app))
        assert ("reports/from-finance.md arrived: it matches no item, so it waits in the "
                "inbox") in toasts(app)
        (pack / "reports" / "minutes.rtf").write_text("{\\rtf1 notes}")
        await until(pilot, lambda: "minutes.rtf" in toasts(app))
        assert ("reports/minutes.rtf arrived: boardpack cannot read this kind of file, so "
                "it waits in the inbox") in toasts(app)


async def test_attach_a_file_in_the_pack_then_detach_it(pack: Path) -> None:
    (pack / "appendices").mkdir()
    (pack / "appendices" / "glossary.md").write_text("# Glossary\n")
    app = app_on(pack)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pack(pilot)
        files = screen.query_one(ItemPane)
        before = list(files.file_paths)
        await pilot.press("f")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, AttachForm)
        assert picker.in_pack == ["appendices/glossary.md"]  # attached ones are not offered
        picker.query_one("#in-pack", OptionList).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PackScreen)
        assert set(files.file_paths) == {*before, "appendices/glossary.md"}
        listed = packfile.load(pack).pack.item("ofsted-visit").files
        assert "appendices/glossary.md" in [r.path for r in listed]
        assert files.highlighted().path == "appendices/glossary.md"
        await pilot.press("x")
        await settle(pilot)
        assert files.file_paths == before
        assert (pack / "appendices" / "glossary.md").is_file()


async def test_attach_from_outside_by_typed_path_and_by_the_folder_tree(
        pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    (home / "Downloads").mkdir(parents=True)
    (home / "Downloads" / "Budget 2027.md").write_text("# Budget\n\nBalanced.\n")
    (home / "Downloads" / "figures.md").write_text("# Figures\n\nAll green.\n")
    monkeypatch.setenv("HOME", str(home))
    app = app_on(pack)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pack(pilot)
        await pilot.press("down")  # improvement-plan
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, AttachForm)
        assert Path(form.query_one("#tree", DirectoryTree).path) == home
        await pilot.press(*"~/Dow", "tab", *"Bu", "tab")  # Tab completes the path
        assert form.query_one("#path", Input).value == "~/Downloads/Budget 2027.md"
        await pilot.press(*"x", "enter")  # a file that does not exist: refused, form stays
        await settle(pilot)
        assert app.screen is form
        assert "file not found" in str(form.query_one("#form-error", Static).render())
        await pilot.press("backspace", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PackScreen)
        copied = pack / "reports" / "improvement-plan-Budget-2027.md"
        assert copied.read_text() == "# Budget\n\nBalanced.\n"
        files = screen.query_one(ItemPane)
        assert files.file_paths == ["reports/improvement-plan.md",
                                    "reports/improvement-plan-Budget-2027.md"]
        assert files.highlighted().path == "reports/improvement-plan-Budget-2027.md"

        await pilot.press("f")  # the folder used last, browsed with the tree
        await settle(pilot)
        form = app.screen
        tree = form.query_one("#tree", DirectoryTree)
        assert Path(tree.path) == home / "Downloads"
        tree.focus()
        await pilot.press("down", "down", "enter")  # the root, Budget 2027.md, figures.md
        await settle(pilot)
        assert isinstance(app.screen, PackScreen)
        assert (pack / "reports" / "improvement-plan-figures.md").is_file()
        item = packfile.load(pack).pack.item("improvement-plan")
        assert [r.path for r in item.files][-1] == "reports/improvement-plan-figures.md"


async def test_reorder_and_title_the_files_of_an_item(pack: Path) -> None:
    (pack / "reports" / "workforce-kpis-annex.md").write_text("# Annex\n")
    app = app_on(pack)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pack(pilot)
        await pilot.press("down", "down")
        await settle(pilot)
        files = screen.query_one(ItemPane)
        assert files.file_paths == ["reports/workforce-kpis.md",
                                    "reports/workforce-kpis-annex.md"]
        screen.query_one("#files", ListView).focus()
        await pilot.press("down", "ctrl+up")
        await settle(pilot)
        assert files.file_paths == ["reports/workforce-kpis-annex.md",
                                    "reports/workforce-kpis.md"]
        assert files.highlighted().path == "reports/workforce-kpis-annex.md"
        listed = tomllib.loads((pack / "pack.toml").read_text())["item"][2]["files"]
        assert listed == ["reports/workforce-kpis-annex.md", "reports/workforce-kpis.md"]
        await pilot.press("ctrl+down", "n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FileTitleForm)
        form.query_one("#title", Input).value = "Appendix A: the annex"
        await pilot.press("enter")
        await settle(pilot)
        item = packfile.load(pack).pack.item("workforce-kpis")
        assert [(r.path, r.title) for r in item.files] == [
            ("reports/workforce-kpis.md", ""),
            ("reports/workforce-kpis-annex.md", "Appendix A: the annex")]
        assert "title: Appendix A: the annex" in str(
            screen.query_one("#files", ListView).children[1].query_one(Label).render())


# --- preview ------------------------------------------------------------------------

def preview_text(screen: PackScreen) -> str:
    pane = screen.query_one(FilePreview)
    parts = [str(w.render()) for w in pane.query(Static)]
    for table in pane.query(DataTable):
        parts += [" ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]
    return "\n".join(parts)


async def test_preview_shows_report_text(pack: Path) -> None:
    app = app_on(pack)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pack(pilot)
        await pilot.press("2")
        await settle(pilot)
        text = preview_text(screen)
        assert "Purpose of the report" in text and "monitoring visit" in text


@pytest.mark.skipif(not {"xlsx", "pdf", "letter"} <= set(sources.kinds()),
                    reason="needs the xlsx, pdf and letter sources")
async def test_preview_of_kpis_pdf_pages_and_an_ofsted_letter(make_pack) -> None:
    import openpyxl
    import typst

    root = make_pack('''
        [[item]]
        id = "kpis"
        title = "Performance"
        files = ["kpi/workforce.xlsx", "appendix.pdf",
                 { path = "letters/visit.md", kind = "letter" }]
        ''')
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Indicator", "Target", "Actual", "RAG"])
    sheet.append(["Agency social workers %", 15, 22, "Red"])
    sheet.append(["Average caseload", 18, 17, "Green"])
    (root / "kpi").mkdir()
    workbook.save(root / "kpi" / "workforce.xlsx")
    (root / "a.typ").write_text("Appendix first page\n#pagebreak()\nSecond page words")
    (root / "appendix.pdf").write_bytes(typst.compile(str(root / "a.typ")))
    (root / "letters").mkdir()
    shutil.copy(DATA / "letters" / "monitoring_visit.md",
                root / "letters" / "visit.md")
    app = app_on(root)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pack(pilot)
        await pilot.press("2")
        await settle(pilot)
        pane = screen.query_one(FilePreview)
        kpis = pane.query(DataTable).first()
        rows = [[str(c) for c in kpis.get_row_at(i)] for i in range(kpis.row_count)]
        assert ["Agency social workers %", "15", "22", "Red"] in rows
        red = kpis.get_row_at(0)[3]
        assert "red" in str(red.style)  # the RAG status is coloured as well as written
        screen.query_one("#files", ListView).index = 1
        await settle(pilot)
        text = preview_text(screen)
        assert "Page 2" in text and "Second page words" in text
        screen.query_one("#files", ListView).index = 2
        await settle(pilot)
        text = preview_text(screen)
        assert "Local authority: Eastbrook" in text and "Kind: monitoring visit" in text


# --- resolutions --------------------------------------------------------------------

async def test_record_a_resolution_with_an_action_then_edit_the_toml(pack: Path) -> None:
    (pack / "resolutions.toml").unlink(missing_ok=True)
    app = app_on(pack)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pack(pilot)
        await pilot.press("down", "r")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ResolutionForm)
        form.query_one("#text", TextArea).text = ("That the update be noted.\n"
                                                  "That the plan be approved.")
        form.query_one("#vote", Input).value = "for 5, against 1"
        form.query_one("#action-what", Input).value = "Report back on agency use"
        form.query_one("#action-owner", Input).value = "Principal Social Worker"
        form.query_one("#action-due", Input).value = "2027-03-17"
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = tomllib.loads((pack / "resolutions.toml").read_text())["resolution"]
        assert saved[0]["item"] == "improvement-plan"
        assert saved[0]["text"] == ["That the update be noted.", "That the plan be approved."]
        assert saved[0]["vote"] == {"for": 5, "against": 1}
        assert saved[0]["action"][0]["due"] == dt.date(2027, 3, 17)
        minutes = str(screen.query_one("#minutes-text", Static).render())
        assert "That the plan be approved." in minutes and "Report back" in minutes

        await pilot.press("t")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, TomlEditor)
        area = editor.query_one("#toml", TextArea)
        good = area.text
        area.text = good.replace('item = "improvement-plan"', 'item = "no-such-item"')
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is editor
        assert "no agenda item" in str(editor.query_one("#form-error", Static).render())
        area.text = good.replace("That the update be noted.", "That the update be welcomed.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PackScreen)
        resolution = packfile.load(pack).pack.resolutions[0]
        assert resolution.text[0] == "That the update be welcomed."


# --- check and build ----------------------------------------------------------------

async def test_check_view_is_live_and_a_problem_jumps_to_its_item(pack: Path) -> None:
    app = app_on(pack)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pack(pilot)
        table = screen.query_one("#check-problems", ProblemTable)
        assert not [p for p in table.problems if p.level == "error"]
        (pack / "reports" / "workforce-kpis-data.docx").write_bytes(b"not a zip at all")
        await until(pilot, lambda: any(p.file == "reports/workforce-kpis-data.docx"
                                       for p in table.problems))
        await pilot.press("5")
        await settle(pilot)
        row = next(i for i, p in enumerate(table.problems)
                   if p.file == "reports/workforce-kpis-data.docx")
        assert table.problems[row].item == "workforce-kpis"
        table.focus()
        table.move_cursor(row=row)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.selected == "workforce-kpis"
        assert screen.query_one("#tabs").active == "item"


async def test_build_in_a_worker_with_progress_then_offer_to_open(pack: Path) -> None:
    app = app_on(pack)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pack(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        members = pack / "build" / "members.pdf"
        assert "Test Committee" in pdf_text(members)
        assert "Residential placements" in pdf_text(members)
        public = (pack / "build" / "public.html").read_text()
        assert "Tender evaluation" in pdf_text(members) and "Tender evaluation" not in public
        panel = screen.query_one("#build-panel", BuildPanel)
        bars = {b.id: (b.progress, b.total) for b in panel.query("ProgressBar")}
        assert bars["bar-render"] == (4, 4)
        assert set(bars) == {"bar-render", *(f"bar-{i}" for i in item_ids(pack))}
        assert all(done == total for done, total in bars.values())
        log = "\n".join(panel.query_one("#build-log").lines)
        assert "rendering members PDF" in log and "converted reports/workforce-kpis.md" in log
        assert app.compiler_for(pack) is app.compiler_for(pack)


async def test_the_app_answers_keys_while_building_and_a_build_can_be_cancelled(
        make_pack: Callable[..., Path]) -> None:
    paragraph = "The service continues to improve, and members asked for detail. " * 6
    long_report = "# A long report\n\n" + "\n\n".join([paragraph] * 600) + "\n"
    root = make_pack(ITEMS, files={**REPORTS, "reports/improvement-plan.md": long_report},
                     name="long")
    app = app_on(root)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pack(pilot)
        await pilot.press("b")
        await building(pilot)
        await pilot.press("3")  # keys still work while the build runs in its thread
        assert screen.query_one("#tabs").active == "minutes"
        assert any(w.group == "build" and w.is_running for w in screen.workers)
        await pilot.press("c")
        await settle(pilot)
        assert "cancelled" in str(screen.query_one("#build-status").render())
        assert not (root / "build" / "public.html").exists()
        assert not isinstance(app.screen, ConfirmScreen)


async def test_build_problems_name_item_and_file(pack: Path) -> None:
    (pack / "reports" / "improvement-plan-annex.docx").write_bytes(b"PK\x03\x04broken")
    app = app_on(pack)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pack(pilot)
        screen.query_one("#opt-pdf", Checkbox).value = False
        await pilot.press("b")
        await settle(pilot)
        table = screen.query_one("#build-problems", ProblemTable)
        assert [(p.item, p.file) for p in table.problems if p.level == "error"] == [
            ("improvement-plan", "reports/improvement-plan-annex.docx")]
        assert not (pack / "build" / "members.html").exists()
        table.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert screen.selected == "improvement-plan"


# --- palette, help and keys ---------------------------------------------------------

async def test_command_palette_runs_an_action(pack: Path) -> None:
    app = app_on(pack)
    async with app.run_test(size=SIZE) as pilot:
        await open_pack(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"item: add")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ItemForm)


async def test_keys_can_be_remapped_and_the_help_screen_says_so(pack: Path) -> None:
    keymap = pack.parent / "keys.toml"
    keymap.write_text('[keys]\n"item.add" = "n"\n"nonsense.id" = "z"\n')
    app = make_app(pack, today=TODAY, keymap_file=keymap)
    async with app.run_test(size=SIZE) as pilot:
        await open_pack(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        keys = app.screen.query_one("#keys", DataTable)
        rows = {app.screen.ids[i]: str(keys.get_row_at(i)[0])
                for i in range(keys.row_count)}
        assert rows["item.add"] == "n" and rows["pack.build"] == "b"
        await pilot.press("escape", "n")
        await settle(pilot)
        assert isinstance(app.screen, ItemForm)
        assert "nonsense.id" in app.keymap_problem


async def test_a_bug_in_a_handler_is_shown_and_the_app_keeps_running(
        pack: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from boardpack.tui import guard
    from boardpack.tui.panes import agenda

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("planted failure")

    monkeypatch.setattr(agenda, "MeetingForm", broken)
    monkeypatch.setattr(guard, "log_file", lambda: tmp_path / "errors.log")
    app = app_on(pack)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_pack(pilot)
        await pilot.press("m")  # the meeting form: its constructor is broken
        await settle(pilot)
        assert app.is_running and app.screen is screen

        def shown() -> str:
            return " ".join(" ".join(str(toast.render()).split())
                            for toast in app.screen.query("Toast"))

        await until(pilot, lambda: "planted failure" in shown())
        assert "still running" in shown()
        assert "RuntimeError: planted failure" in (tmp_path / "errors.log").read_text()
        await pilot.press("c")  # the app still answers: checking the pack works
        await settle(pilot)
        assert app.is_running


async def test_record_a_clearance_from_the_app(pack: Path) -> None:
    """The item's papers as they are now, cleared from a form; the listing says so."""
    from boardpack.pack import clearances
    from boardpack.tui.forms import ClearanceForm

    app = app_on(pack)
    async with app.run_test(size=SIZE) as pilot:
        await open_pack(pilot)
        await pilot.press("down", "l")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ClearanceForm)
        assert form.roles[:2] == ["finance", "legal"]  # the report template's roles
        form.query_one("#by", Input).value = "Priya Shah, Head of Finance"
        form.query_one("#comment", Input).value = "Figures agreed."
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ClearanceForm)
    record, problems = clearances.load(pack)
    assert problems == []
    assert [(c.item, c.role, c.by, c.comment) for c in record.clearances] == [
        ("improvement-plan", "finance", "Priya Shah, Head of Finance", "Figures agreed.")]
