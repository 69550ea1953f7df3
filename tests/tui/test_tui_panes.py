"""The pack screen's panes alone: what each posts up when the clerk acts, and that a
pane only *asks* for a change (the screen makes it). Driven with Pilot on real packs.

A ``Host`` app shows one pane and keeps the messages that reach it; it acts on none.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.tui import item_ids, open_pack, settle
from textual import on
from textual.app import App, ComposeResult
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, ListView, Static, TabbedContent

from boardpack.pack import load as packfile
from boardpack.tui.app import make_app
from boardpack.tui.forms import ItemForm
from boardpack.tui.messages import Ask, Change, Job
from boardpack.tui.panes.agenda import AgendaPane
from boardpack.tui.panes.build import BuildPane
from boardpack.tui.panes.item import ItemPane
from boardpack.tui.screens.pack import PackScreen

SIZE = (80, 24)
pytestmark = pytest.mark.anyio


class Host(App[None]):
    """One pane on the default screen; the messages it posts up are kept, not acted on."""

    def __init__(self, pane: Widget) -> None:
        super().__init__()
        self.pane = pane
        self.posted: list[Message] = []

    def compose(self) -> ComposeResult:
        if isinstance(self.pane, ItemPane):  # a TabPane lives in a TabbedContent
            with TabbedContent():
                yield self.pane
        else:
            yield self.pane

    @on(AgendaPane.ItemHighlighted)
    @on(AgendaPane.ItemChosen)
    @on(ItemPane.FileHighlighted)
    @on(ItemPane.FileChosen)
    @on(Change)
    @on(Ask)
    @on(Job)
    def keep(self, message: Message) -> None:
        self.posted.append(message)


async def test_the_agenda_posts_what_the_clerk_highlights_and_chooses(pack: Path) -> None:
    pane = AgendaPane(pack)
    app = Host(pane)
    async with app.run_test(size=SIZE) as pilot:
        await pane.show(packfile.load(pack).pack, "improvement-plan")
        await pilot.pause()
        assert pane.selected == "improvement-plan"
        assert app.posted == []  # showing a pack is not the clerk choosing an item
        pane.query_one(ListView).focus()
        await pilot.press("down")
        assert [(type(m), m.item) for m in app.posted] == [
            (AgendaPane.ItemHighlighted, "workforce-kpis")]
        await pilot.press("enter")
        assert (type(app.posted[-1]), app.posted[-1].item) == (
            AgendaPane.ItemChosen, "workforce-kpis")
        assert pane.select("residential-placements") and not pane.select("no-such-item")
        assert pane.selected == "residential-placements"


async def test_agenda_edits_are_asked_for_not_made_by_the_pane(pack: Path) -> None:
    pane = AgendaPane(pack)
    app = Host(pane)
    async with app.run_test(size=SIZE) as pilot:
        await pane.show(packfile.load(pack).pack, "ofsted-visit")
        before = item_ids(pack)
        pane.move_item(1)
        await pilot.pause()
        change = app.posted[-1]
        assert isinstance(change, Change) and change.select == "ofsted-visit"
        assert item_ids(pack) == before  # nothing saved until the screen makes the change
        change.run()
        assert item_ids(pack)[:2] == ["improvement-plan", "ofsted-visit"]

        await pane.show(packfile.load(pack).pack, "ofsted-visit")  # as the screen would
        pane.add_item()
        await pilot.pause()
        ask = app.posted[-1]
        assert isinstance(ask, Ask)
        assert isinstance(ask.form(lambda values: None), ItemForm)
        added = ask.change({"id": " sen ", "title": "SEND sufficiency", "purpose": "information",
                            "presenter": "", "summary": "", "exempt": None, "to_follow": False})
        assert (added.select, added.done) == ("sen", "Added 'sen'")
        assert "sen" not in item_ids(pack)
        added.run()
        assert item_ids(pack)[:3] == ["improvement-plan", "ofsted-visit", "sen"]  # after it


async def test_the_item_pane_posts_the_file_highlighted_and_chosen(
        make_pack: Callable[..., Path]) -> None:
    root = make_pack('''
        [[item]]
        id = "kpis"
        title = "Performance"
        files = ["reports/kpis.md", "appendices/kpis-notes.md"]
        ''', files={"reports/kpis.md": "# KPIs\n", "appendices/kpis-notes.md": "# Notes\n"})
    pane = ItemPane(root)
    app = Host(pane)
    async with app.run_test(size=SIZE) as pilot:
        await pane.show(packfile.load(root).pack.item("kpis"))
        await pilot.pause()
        details = str(pane.query_one("#item-details", Static).render())
        assert "Performance" in details and "Part A (public)" in details
        pane.query_one("#files", ListView).focus()
        await pilot.press("down")
        assert (type(app.posted[-1]), app.posted[-1].path) == (
            ItemPane.FileHighlighted, "appendices/kpis-notes.md")
        await pilot.press("enter")
        assert (type(app.posted[-1]), app.posted[-1].path) == (
            ItemPane.FileChosen, "appendices/kpis-notes.md")
        pane.detach()
        await pilot.pause()
        change = app.posted[-1]
        assert isinstance(change, Change) and change.select == "kpis"
        assert callable(change.done)
        assert change.done("drops/kpis-notes.md") == (
            "Detached appendices/kpis-notes.md; it waits in the inbox as drops/kpis-notes.md")


async def test_a_job_that_fails_is_reported_once_and_the_pane_can_start_again(
        pack: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from boardpack.pipeline import build as build_module

    real = build_module.build

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("planted build failure")

    monkeypatch.setattr(build_module, "build", broken)
    app = make_app(pack, keymap_file=pack / "no-keymap.toml")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_pack(pilot)
        screen.query_one("#opt-pdf", Checkbox).value = False
        await pilot.press("b")
        await settle(pilot)
        status = str(screen.query_one("#build-status").render())
        assert status == "Build failed: build failed: RuntimeError: planted build failure"
        toasts = " ".join(" ".join(str(t.render()).split()) for t in app.screen.query("Toast"))
        assert toasts.count("planted build failure") == 1
        assert not screen.query_one(BuildPane).running
        assert screen.jobs == {}
        monkeypatch.setattr(build_module, "build", real)
        await pilot.press("b")
        await settle(pilot)
        assert str(screen.query_one("#build-status").render()) == "Built members.html, public.html"
        assert isinstance(app.screen_stack[-2], PackScreen)  # the offer to open is on top
