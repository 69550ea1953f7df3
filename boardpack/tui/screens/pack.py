"""One pack: the agenda beside six tabs (Item, Preview, Minutes, Inbox, Check, Build).

Each part is a pane (``boardpack.tui.panes``; how they talk is in ``boardpack.tui``).
The screen keeps what they share: every change is saved at once through ``attempt``
and the pack read again (``reload``); the folder is watched, so a change made
elsewhere shows here; slow work runs in this screen's workers (``run_job``), whose
failures are handled in one place.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, TabbedContent
from textual.worker import Worker, WorkerState

from boardpack.cache import Cache, StagedCache
from boardpack.model import Item, Pack
from boardpack.pack import executive
from boardpack.pack import load as packfile
from boardpack.pack.watch import PackChanges, difference, snapshot, watch
from boardpack.pipeline.check import check
from boardpack.pipeline.preview import Preview, preview
from boardpack.problems import BoardpackError
from boardpack.textfmt import short_date
from boardpack.tui.commands import PACK, bindings
from boardpack.tui.guard import Guarded
from boardpack.tui.messages import Ask, Change, Job
from boardpack.tui.panes.agenda import AgendaPane
from boardpack.tui.panes.build import BuildPane
from boardpack.tui.panes.check import CheckPane
from boardpack.tui.panes.inbox import InboxPane
from boardpack.tui.panes.item import ItemPane
from boardpack.tui.panes.minutes import MinutesPane
from boardpack.tui.panes.preview import PreviewPane
from boardpack.tui.screens.publish_flow import PublishFlow
from boardpack.tui.widgets import ProblemTable

if TYPE_CHECKING:
    from boardpack.tui.app import BoardpackApp

POLL_SECONDS = 1.5


def _problem_line(exc: BoardpackError) -> str:
    return str(exc.problems[0]) if exc.problems else str(exc)


class PackScreen(Guarded, Screen[None]):
    """The clerk's workspace for one pack."""

    COMMAND_TABLE = PACK
    BINDINGS = bindings(PACK)

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = root
        self.pack: Pack | None = None
        self.unmatched: list[str] = []
        self.jobs: dict[Worker[Any], Job] = {}
        self.reloading = asyncio.Lock()
        self.seen: dict[str, tuple[int, int]] = {}
        self.issuing = PublishFlow(self)
        self.check_cache = StagedCache(Cache.for_pack(root).root)  # checks write nothing

    @property
    def selected(self) -> str | None:
        """The id of the item selected in the agenda."""
        return self.query_one(AgendaPane).selected

    def item(self) -> Item | None:
        """The selected agenda entry's item (a standard one included)."""
        return self.query_one(AgendaPane).item() if self.pack else None

    # --- layout ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="banner", markup=False)
        with Horizontal(id="main"):
            yield AgendaPane(self.root, id="left")
            with TabbedContent(id="tabs"):
                yield ItemPane(self.root, id="item")
                yield PreviewPane(id="preview")
                yield MinutesPane(self.root, id="minutes")
                yield InboxPane(self.root, id="inbox")
                yield CheckPane(id="check")
                yield BuildPane(self.root, id="build")
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        await self.reload()
        self.query_one("#agenda").focus()
        self.watch_folder()
        self.set_interval(POLL_SECONDS, self.poll_folder)
        self.run_check()

    # --- loading --------------------------------------------------------------------

    async def reload(self, select: str | None = None) -> None:
        """Read the pack again and show it; a bad pack.toml shows its problem and keeps going.

        Reloads (after an edit, from the watcher) run one at a time, each keeping
        the item selected when it starts unless told which to select.
        """
        async with self.reloading:
            await self._reload(select or self.selected)

    async def _reload(self, select: str | None) -> None:
        self.seen = snapshot(self.root)
        banner = self.query_one("#banner", Static)
        try:
            loaded = packfile.load(self.root)
        except BoardpackError as exc:
            line = _problem_line(exc)
            banner.update(line)
            banner.display = True
            self.notify(line, severity="error", timeout=8)
            return
        banner.display = False
        self.pack = loaded.pack
        self.unmatched = loaded.unmatched_drops
        meeting = self.pack.meeting
        self.title = meeting.committee or self.root.name
        today = cast("BoardpackApp", self.app).today
        notices = executive.summary(self.pack, today)  # an executive's next notice
        self.sub_title = f"{short_date(meeting.date)} · {self.root.name}" + (
            f" · {notices}" if notices else "")
        await self.query_one(AgendaPane).show(self.pack, select)
        await self._show_item()
        await self.query_one(InboxPane).show(self.pack, self.unmatched)
        count = len(self.unmatched)
        self.query_one("#tabs", TabbedContent).get_tab("inbox").label = (
            f"Inbox ({count})" if count else "Inbox")

    async def _show_item(self) -> None:
        item, entry = self.item(), self.query_one(AgendaPane).entry()
        if self.pack and entry and item and item.standard:
            notices = [entry.text, "", entry.read_only(self.pack.meeting.template)
                       + ": it is not edited here"]
        else:
            notices = ([executive.notice_line(n) for n in executive.item_notices(self.pack, item)]
                       if self.pack and item else [])
        await self.query_one(ItemPane).show(item, notices)
        self.query_one(MinutesPane).show(self.pack, item)
        if item is not None and self._showing("preview"):
            self.show_preview()

    def _showing(self, tab: str) -> bool:
        return self.query_one("#tabs", TabbedContent).active == tab

    # --- what the panes tell the screen -----------------------------------------------

    async def on_agenda_pane_item_highlighted(self) -> None:
        await self._show_item()

    def on_agenda_pane_item_chosen(self) -> None:
        self.action_show_tab("item")

    def on_item_pane_file_highlighted(self) -> None:
        if self._showing("preview"):
            self.show_preview()

    def on_item_pane_file_chosen(self) -> None:
        self.action_show_tab("preview")

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "preview":
            self.show_preview()

    async def on_problem_table_jump_to_item(self, event: ProblemTable.JumpToItem) -> None:
        if self.query_one(AgendaPane).select(event.item):
            await self._show_item()
            self.action_show_tab("item")
        else:
            self.notify(f"'{event.item}' is a standard item of the agenda, not one of the "
                        "pack's items", severity="warning")

    async def on_change(self, event: Change) -> None:
        if self.apply(event) is None:
            await self.changed(event.select)

    def on_ask(self, event: Ask) -> None:
        self.ask(event.form, event.change)

    def on_job(self, event: Job) -> None:
        self.run_job(event)

    async def on_build_pane_built(self) -> None:
        await self.reload()
        self.query_one(BuildPane).offer_to_open()

    # --- saving through the core ----------------------------------------------------

    def attempt(self, change: Callable[[], Any], done: str = "") -> str | None:
        """Run one change through the core; a problem becomes a notification and is returned."""
        try:
            change()
        except BoardpackError as exc:
            line = _problem_line(exc)
            self.notify(line, severity="error", timeout=8)
            return line
        except OSError as exc:
            line = f"{self.root.name}: cannot save ({exc.strerror or exc})"
            self.notify(line, severity="error", timeout=8)
            return line
        if done:
            self.notify(done, timeout=3)
        return None

    def apply(self, change: Change) -> str | None:
        """Make a pane's change through ``attempt``; its problem line, or None when saved."""
        result: list[object] = []
        problem = self.attempt(lambda: result.append(change.run()),
                               "" if callable(change.done) else change.done)
        if problem is None and callable(change.done):
            self.notify(change.done(result[0]))
        return problem

    def ask(self, form: Callable[..., Screen[bool]],
            change: Callable[[dict[str, Any]], Change]) -> None:
        """Open ``form``; each Save makes ``change(values)``; reload once it closes saved."""
        made: list[Change] = []

        def save(values: dict[str, Any]) -> str | None:
            wanted = change(values)
            problem = self.apply(wanted)
            if problem is None:
                made.append(wanted)
            return problem

        async def closed(saved: bool | None) -> None:
            if saved and made:
                await self.changed(made[-1].select)

        self.app.push_screen(form(save), closed)

    async def changed(self, select: str | None = None) -> None:
        await self.reload(select)
        self.run_check()

    # --- actions (keys, buttons and the palette): most ask the pane they belong to ----

    def action_add_item(self) -> None:
        self.query_one(AgendaPane).add_item()

    def action_edit_item(self) -> None:
        self.query_one(AgendaPane).edit_item()

    def action_remove_item(self) -> None:
        self.query_one(AgendaPane).remove_item()

    def action_move_item(self, offset: int) -> None:
        self.query_one(AgendaPane).move_item(offset)

    def action_attach_file(self) -> None:
        self.query_one(ItemPane).attach()

    def action_move_file(self, offset: int) -> None:
        self.query_one(ItemPane).move_file(offset)

    def action_title_file(self) -> None:
        self.query_one(ItemPane).title_file()

    def action_detach_file(self) -> None:
        self.query_one(ItemPane).detach()

    def action_assign_inbox(self) -> None:
        self.query_one(InboxPane).assign()

    def action_record_resolution(self) -> None:
        self.query_one(MinutesPane).record()

    def action_clear_item(self) -> None:
        self.query_one(ItemPane).clear(self.pack)

    def action_edit_resolutions(self) -> None:
        self.query_one(MinutesPane).edit_toml()

    def action_edit_meeting(self) -> None:
        self.query_one(AgendaPane).edit_meeting()

    async def action_build(self) -> None:
        pane = self.query_one(BuildPane)
        if pane.can_start():
            self.action_show_tab("build")
            await pane.start(self.pack.items if self.pack else [])

    def action_cancel_build(self) -> None:
        self.query_one(BuildPane).cancel()

    def action_open_output(self) -> None:
        self.query_one(BuildPane).open_output()

    def action_check(self) -> None:
        self.action_show_tab("check")
        self.run_check()

    def action_write_decisions(self) -> None:
        """An executive's decision notice into build/, as ``boardpack decisions`` writes it."""
        from boardpack.publish import decisions

        self.notify("Writing the decision notice…")
        self.run_job(Job("notices", lambda: decisions.write_for(self.root), lambda written:
                         self.notify("Written: " + ", ".join(p.name for p in written))))

    def action_publish(self, supplement: bool = False) -> None:
        self.issuing.start(supplement=supplement)

    def action_verify(self) -> None:
        self.issuing.verify()

    def action_write_minutes(self) -> None:
        self.issuing.minutes()

    def action_widen_agenda(self) -> None:
        self.query_one(AgendaPane).toggle_wide()

    def action_show_tab(self, tab: str) -> None:
        self.query_one("#tabs", TabbedContent).active = tab

    def action_close(self) -> None:
        self.app.pop_screen()

    # --- jobs: slow work in workers ------------------------------------------------

    def run_job(self, job: Job) -> None:
        """Start ``job`` in a thread worker; its end is handled by ``on_worker_state_changed``."""
        worker = self.run_worker(job.work, group=job.group, thread=True, exclusive=True,
                                 exit_on_error=False)
        self.jobs[worker] = job

    async def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Every worker's failure and every job's end are handled here, in one place."""
        worker = event.worker
        if event.state not in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            return
        job = self.jobs.pop(worker, None)
        if event.state is WorkerState.ERROR:
            error = worker.error
            line = (_problem_line(error) if isinstance(error, BoardpackError)
                    else f"{worker.group or worker.name} failed: {type(error).__name__}: {error}")
            self.notify(line, severity="error", timeout=10)
            if job is not None and job.failed is not None:
                job.failed(line)
        elif event.state is WorkerState.SUCCESS and job is not None:
            shown = job.done(worker.result)
            if inspect.isawaitable(shown):
                await shown

    def show_preview(self) -> None:
        """Preview the item's highlighted file."""
        pack, item, ref = self.pack, self.item(), self.query_one(ItemPane).highlighted()

        def work() -> Preview | None:
            if pack is None or item is None or ref is None:
                return None
            return preview(pack, item, ref, Cache.for_pack(pack.root))

        pane = self.query_one(PreviewPane)
        self.run_job(Job("preview", work, lambda result: pane.show(
            result, "This item has no file yet.")))

    def run_check(self) -> None:
        self.run_job(Job("check", lambda: check(self.root, cache=self.check_cache),
                         self.query_one(CheckPane).show))

    # --- watching ---------------------------------------------------------------------

    @work(exclusive=True, group="watch", exit_on_error=False)
    async def watch_folder(self) -> None:
        async for changes in watch(self.root):
            await self.on_folder_changed(changes)

    async def poll_folder(self) -> None:
        """Catch what the watcher missed (a change before it was ready, a network share)."""
        if self.reloading.locked():
            return
        changes = difference(self.seen, snapshot(self.root))
        if changes is not None:
            await self.on_folder_changed(changes)

    async def on_folder_changed(self, changes: PackChanges) -> None:
        before = {ref.path for i in (self.pack.items if self.pack else []) for ref in i.files}
        await self.reload()
        self.run_check()
        if self.pack is None:
            return
        self.query_one(InboxPane).announce(changes.drops, before)
