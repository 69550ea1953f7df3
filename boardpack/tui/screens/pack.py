"""One pack: its agenda, the highlighted item's details, preview and resolutions,
the inbox of dropped files, the check view and the build.

Every change goes through the core (``edit_agenda``, ``edit_record``) and is saved
at once; the pack folder is watched, so a change made elsewhere shows here.
Slow work (checking, previewing, building) runs in workers; the screen never waits.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import (
    Button,
    Checkbox,
    Footer,
    Header,
    Label,
    ListItem,
    ListView,
    Static,
    TabbedContent,
    TabPane,
)
from textual.worker import Worker, WorkerState, get_current_worker

from boardpack.cache import Cache
from boardpack.layout import FORMATS, RESOLUTIONS_FILE, outputs
from boardpack.model import EDITIONS, Edition, Item, Pack, Resolution
from boardpack.pack import agenda, edit_record
from boardpack.pack import edit_agenda as agendaedit
from boardpack.pack import load as packfile
from boardpack.pack.watch import PackChanges, difference, snapshot, watch
from boardpack.pipeline.check import CheckResult, check
from boardpack.pipeline.preview import Preview, preview
from boardpack.pipeline.progress import Event, FileConverted, Rendering
from boardpack.problems import BoardpackError, Level
from boardpack.textfmt import short_date
from boardpack.tui.commands import PACK, bindings
from boardpack.tui.forms import (
    ConfirmScreen,
    ItemForm,
    MeetingForm,
    PickScreen,
    ResolutionForm,
    TomlEditor,
)
from boardpack.tui.guard import Guarded, guarded
from boardpack.tui.widgets import BuildPanel, PreviewPane, ProblemTable

if TYPE_CHECKING:
    from boardpack.pipeline.build import BuildResult
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
        self.agenda_ids: list[str] = []
        self.file_paths: list[str] = []
        self.selected: str | None = None
        self.build_outputs: list[Path] = []
        self.cancel_requested = threading.Event()
        self.reloading = asyncio.Lock()
        self.seen: dict[str, tuple[int, int]] = {}

    @property
    def boardpack(self) -> BoardpackApp:
        return self.app  # type: ignore[return-value]

    # --- layout ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="banner", markup=False)
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield ListView(id="agenda")
                with Horizontal(classes="buttons"):
                    yield Button("+", id="btn-add", compact=True, tooltip="Add an item (a)")
                    yield Button("Edit", id="btn-edit", compact=True, tooltip="Edit (e)")
                    yield Button("−", id="btn-remove", compact=True, tooltip="Remove (d)")
                    yield Button("▲", id="btn-up", compact=True, tooltip="Move up (shift+up)")
                    yield Button("▼", id="btn-down", compact=True,
                                 tooltip="Move down (shift+down)")
            with TabbedContent(id="tabs"):
                with TabPane("Item", id="item"):
                    yield Static("", id="item-details", markup=False)
                    yield Label("Files", classes="section")
                    yield ListView(id="files")
                    with Horizontal(classes="buttons"):
                        yield Button("Attach", id="btn-attach", compact=True)
                        yield Button("Detach", id="btn-detach", compact=True)
                        yield Button("Meeting", id="btn-meeting", compact=True)
                with TabPane("Preview", id="preview"):
                    yield PreviewPane(id="preview-pane")
                with TabPane("Minutes", id="minutes"):
                    yield Static("", id="minutes-text", markup=False)
                    with Horizontal(classes="buttons"):
                        yield Button("Record", id="btn-record", compact=True)
                        yield Button("Edit TOML", id="btn-toml", compact=True)
                with TabPane("Inbox", id="inbox"):
                    yield Label("Dropped files that match no item: "
                                "highlight one and press i to assign it.", classes="muted")
                    yield ListView(id="inbox-list")
                with TabPane("Check", id="check"):
                    yield Label("Checking…", id="check-summary")
                    yield ProblemTable(id="check-problems")
                with TabPane("Build", id="build"):
                    with Horizontal(classes="buttons"):
                        for name in (*EDITIONS, *FORMATS):
                            yield Checkbox(name if name in EDITIONS else name.upper(), True,
                                           id=f"opt-{name}", compact=True)
                        yield Button("Build", id="btn-build", compact=True, variant="primary")
                        yield Button("Cancel", id="btn-cancel", compact=True)
                    yield BuildPanel(id="build-panel")
        yield Footer()

    async def on_mount(self) -> None:
        await self.reload()
        self.query_one("#agenda", ListView).focus()
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
        self.sub_title = f"{short_date(meeting.date)} · {self.root.name}"
        await self._show_agenda(select)
        await self._show_inbox()

    async def _show_agenda(self, select: str | None) -> None:
        assert self.pack is not None
        numbers = {e.item.id: e.number for e in agenda.entries(self.pack)}
        view = self.query_one("#agenda", ListView)
        await view.clear()
        self.agenda_ids = [item.id for item in self.pack.items]
        rows = []
        for item in self.pack.items:
            text = Text(f"{numbers.get(item.id, '')}. {item.title}")
            if item.part_b:
                text.append(" [Part B]", style="bold magenta")
            if not item.files:
                text.append(" (no report)", style="yellow")
            rows.append(ListItem(Label(text), name=item.id))
        await view.extend(rows)
        if self.agenda_ids:
            index = self.agenda_ids.index(select) if select in self.agenda_ids else 0
            view.index = index
            self.selected = self.agenda_ids[index]
        else:
            self.selected = None
        await self._show_item()

    def item(self) -> Item | None:
        return self.pack.item(self.selected) if self.pack and self.selected else None

    async def _show_item(self) -> None:
        item = self.item()
        details = self.query_one("#item-details", Static)
        files = self.query_one("#files", ListView)
        await files.clear()
        self.file_paths = []
        if item is None:
            details.update("No item yet: press a to add one.")
            self._show_minutes()
            return
        part = f"Part B (paragraph {item.exempt})" if item.part_b else "Part A (public)"
        lines = [item.title, f"Purpose: {item.purpose} · {part}",
                 f"Presenter: {item.presenter or '—'}"]
        if item.to_follow:
            lines.append("Report to follow")
        if item.summary:
            lines.append(item.summary)
        details.update("\n".join(lines))
        self.file_paths = [ref.path for ref in item.files]
        await files.extend(ListItem(Label(Text(
            f"{ref.path} ({ref.kind}{', dropped' if ref.dropped else ''})"))) for ref in item.files)
        if self.file_paths:
            files.index = 0
        self._show_minutes()
        if self.query_one("#tabs", TabbedContent).active == "preview":
            self.load_preview()

    def _resolutions_of(self, item_id: str) -> list[tuple[int, Resolution]]:
        if self.pack is None:
            return []
        return [(i, r) for i, r in enumerate(self.pack.resolutions) if r.item == item_id]

    def _show_minutes(self) -> None:
        item = self.item()
        text = self.query_one("#minutes-text", Static)
        if item is None:
            text.update("")
            return
        found = self._resolutions_of(item.id)
        if not found:
            text.update(f"No resolution recorded for '{item.title}'.\n"
                        "Press r to record one, t to edit resolutions.toml.")
            return
        lines = []
        for _index, res in found:
            lines.append(f"{res.kind}:")
            lines += [f"  {n}. {t}" for n, t in enumerate(res.text, start=1)]
            if res.vote:
                lines.append(f"  Vote: {res.vote}")
            if res.notes:
                lines.append(f"  Notes: {res.notes}")
            for action in res.actions:
                due = f" by {action.due.isoformat()}" if action.due else ""
                lines.append(f"  Action: {action.what} ({action.owner or 'no owner'}{due}, "
                             f"{action.status})")
        text.update("\n".join(lines))

    async def _show_inbox(self) -> None:
        inbox = self.query_one("#inbox-list", ListView)
        await inbox.clear()
        await inbox.extend(ListItem(Label(Text(path))) for path in self.unmatched)
        if self.unmatched:
            inbox.index = 0
        tabs = self.query_one("#tabs", TabbedContent)
        tabs.get_tab("inbox").label = f"Inbox ({len(self.unmatched)})" if self.unmatched \
            else "Inbox"

    # --- selection ------------------------------------------------------------------

    @on(ListView.Highlighted, "#agenda")
    @guarded
    async def _agenda_highlighted(self, event: ListView.Highlighted) -> None:
        item = event.item
        if item is None or item is not event.list_view.highlighted_child:
            return  # a stale event from before the list was rebuilt
        if item.name in self.agenda_ids and item.name != self.selected:
            self.selected = item.name
            await self._show_item()

    @on(ListView.Selected, "#agenda")
    @guarded
    def _agenda_selected(self) -> None:
        self.action_show_tab("item")

    @on(ListView.Highlighted, "#files")
    @guarded
    def _file_highlighted(self) -> None:
        if self.query_one("#tabs", TabbedContent).active == "preview":
            self.load_preview()

    @on(ListView.Selected, "#files")
    @guarded
    def _file_selected(self) -> None:
        self.action_show_tab("preview")

    @on(TabbedContent.TabActivated)
    @guarded
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "preview":
            self.load_preview()

    async def select_item(self, item_id: str) -> None:
        if item_id in self.agenda_ids:
            self.query_one("#agenda", ListView).index = self.agenda_ids.index(item_id)
            self.selected = item_id
            await self._show_item()
            self.action_show_tab("item")
        else:
            self.notify(f"'{item_id}' is a standard item of the agenda, not one of the "
                        "pack's items", severity="warning")

    @on(ProblemTable.JumpToItem)
    @guarded
    async def _jump(self, event: ProblemTable.JumpToItem) -> None:
        await self.select_item(event.item)

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

    async def changed(self, select: str | None = None) -> None:
        await self.reload(select)
        self.run_check()

    # --- actions: items ---------------------------------------------------------------

    def action_add_item(self) -> None:
        def save(values: dict[str, Any]) -> str | None:
            new_id = values.pop("id", "").strip()
            position = (self.agenda_ids.index(self.selected) + 1
                        if self.selected in self.agenda_ids else None)
            problem = self.attempt(lambda: agendaedit.add_item(
                self.root, new_id, values.pop("title"), position=position, **values),
                f"Added '{new_id}'")
            if problem is None:
                self.selected = new_id
            return problem

        self.app.push_screen(ItemForm(save, adding=True), self._after_form)

    def action_edit_item(self) -> None:
        item = self.item()
        if item is None:
            self.notify("No item to edit", severity="warning")
            return
        values = {"title": item.title, "purpose": item.purpose, "presenter": item.presenter,
                  "summary": item.summary, "exempt": item.exempt, "to_follow": item.to_follow}
        self.app.push_screen(ItemForm(lambda v: self.attempt(
            lambda: agendaedit.update_item(self.root, item.id, **v), "Saved"), values=values),
            self._after_form)

    async def _after_form(self, saved: bool | None) -> None:
        if saved:
            await self.changed(self.selected)

    def action_remove_item(self) -> None:
        item = self.item()
        if item is None:
            return

        async def answer(yes: bool | None) -> None:
            if yes and self.attempt(lambda: agendaedit.remove_item(self.root, item.id),
                                    f"Removed '{item.id}'") is None:
                index = self.agenda_ids.index(item.id)
                rest = [i for i in self.agenda_ids if i != item.id]
                await self.changed(rest[min(index, len(rest) - 1)] if rest else None)

        self.app.push_screen(ConfirmScreen(f"Take '{item.title}' off the agenda? "
                                           "Its files are kept."), answer)

    async def action_move_item(self, offset: int) -> None:
        item = self.item()
        if item is None:
            return
        if self.attempt(lambda: agendaedit.move_item(self.root, item.id, offset)) is None:
            await self.changed(item.id)

    def action_edit_meeting(self) -> None:
        if self.pack is None:
            self.notify("Fix pack.toml first: it does not load", severity="error")
            return
        m = self.pack.meeting
        values = {"committee": m.committee, "authority": m.authority, "date": m.date.isoformat(),
                  "time": m.time, "venue": m.venue, "chair": m.chair,
                  "vice_chair": m.vice_chair, "members": m.members,
                  "previous_meeting": m.previous_meeting.isoformat() if m.previous_meeting
                  else "",
                  "clerk": {"name": m.clerk.name, "email": m.clerk.email,
                            "phone": m.clerk.phone}}

        def save(v: dict[str, Any]) -> str | None:
            clerk = v.pop("clerk")
            return self.attempt(lambda: agendaedit.update_meeting(self.root, clerk=clerk, **v),
                                "Meeting details saved")

        self.app.push_screen(MeetingForm(save, values=values), self._after_form)

    # --- actions: files and the inbox -------------------------------------------------

    def action_attach_file(self) -> None:
        item = self.item()
        if item is None:
            return
        choices = [(p, p) for p in agendaedit.attachable(self.root)]

        async def chosen(path: str | None) -> None:
            if path and self.attempt(lambda: agendaedit.attach(self.root, item.id, path),
                                     f"Attached {path}") is None:
                await self.changed(item.id)

        self.app.push_screen(PickScreen(f"Attach a file to '{item.title}'", choices,
                                        free_text="…or type a path inside the pack"), chosen)

    async def action_detach_file(self) -> None:
        item = self.item()
        index = self.query_one("#files", ListView).index
        if item is None or index is None or not 0 <= index < len(self.file_paths):
            self.notify("Highlight a file of the item first", severity="warning")
            return
        path = self.file_paths[index]
        moved: list[str | None] = []
        if self.attempt(lambda: moved.append(agendaedit.detach(self.root, item.id, path))
                        ) is None:
            self.notify(f"Detached {path}" + (f"; it waits in the inbox as {moved[0]}"
                                               if moved[0] else ""))
            await self.changed(item.id)

    def action_assign_inbox(self) -> None:
        index = self.query_one("#inbox-list", ListView).index
        if not self.unmatched or index is None or not 0 <= index < len(self.unmatched):
            self.notify("The inbox is empty", severity="information")
            return
        path = self.unmatched[index]
        assert self.pack is not None
        choices = [(i.id, i.title) for i in self.pack.items]

        async def chosen(item_id: str | None) -> None:
            if item_id and self.attempt(lambda: agendaedit.assign(self.root, path, item_id),
                                        f"{path} attached to '{item_id}'") is None:
                await self.changed(item_id)

        self.app.push_screen(PickScreen(f"Give {path} to which item?", choices), chosen)

    # --- actions: resolutions -------------------------------------------------------

    def action_record_resolution(self) -> None:
        item = self.item()
        if item is None:
            return
        found = self._resolutions_of(item.id)
        index, existing = found[0] if found else (None, None)
        values = {}
        if existing is not None:
            values = {"kind": existing.kind, "text": existing.text,
                      "vote": str(existing.vote or ""),
                      "notes": existing.notes}

        def save(v: dict[str, Any]) -> str | None:
            def change() -> None:
                vote = edit_record.vote_from_text(self.root, v["vote"])
                action = v["action"]
                due = edit_record.date_from_text(self.root, action["due"], "due date")
                fields = {"text": v["text"], "vote": vote, "notes": v["notes"]}
                target = index
                if target is None:
                    target = edit_record.add_resolution(self.root, item.id, v["kind"], **fields)
                else:
                    edit_record.update_resolution(self.root, target, kind=v["kind"], **fields)
                if action["what"]:
                    edit_record.add_action(self.root, target, action["what"], action["owner"],
                                           due)
            return self.attempt(change, "Resolution saved")

        self.app.push_screen(ResolutionForm(save, item_title=item.title, values=values),
                             self._after_form)

    def action_edit_resolutions(self) -> None:
        path = self.root / RESOLUTIONS_FILE
        try:
            text = path.read_text(encoding="utf-8") if path.exists() else ""
        except (OSError, UnicodeDecodeError) as exc:
            self.notify(f"{self.root.name}: {path.name}: cannot read ({exc})", severity="error")
            return
        self.app.push_screen(TomlEditor(lambda v: self.attempt(
            lambda: edit_record.save_resolutions_text(self.root, v["text"]),
            "resolutions.toml saved"), text=text, title="resolutions.toml (ctrl+s saves)"),
            self._after_form)

    # --- preview ----------------------------------------------------------------------

    def _deliver(self, show: Callable[..., Any], *args: Any) -> None:
        """Hand a thread worker's result to the screen, unless a newer worker replaced it."""
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(show, *args)

    @work(thread=True, exclusive=True, group="preview", exit_on_error=False)
    def load_preview(self) -> None:
        item, pack = self.item(), self.pack
        index = self.query_one("#files", ListView).index or 0
        if item is None or pack is None or not item.files:
            self._deliver(self._show_preview, None, "This item has no file yet.")
            return
        ref = item.files[min(index, len(item.files) - 1)]
        self._deliver(self._show_preview, preview(pack, item, ref, Cache.for_pack(pack.root)))

    async def _show_preview(self, result: Preview | None, message: str = "") -> None:
        await self.query_one("#preview-pane", PreviewPane).show(result, message)

    # --- check ------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="check", exit_on_error=False)
    def run_check(self) -> None:
        self._deliver(self._show_check, check(self.root))

    def _show_check(self, result: CheckResult) -> None:
        summary = (f"{len(result.errors)} error(s), {len(result.warnings)} warning(s)"
                   if result.problems else "No problems found.")
        self.query_one("#check-summary", Label).update(summary)
        self.query_one("#check-problems", ProblemTable).show(result.problems)

    def action_check(self) -> None:
        self.action_show_tab("check")
        self.run_check()

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
        owners = {ref.path: i.id for i in self.pack.items for ref in i.files}
        for path in changes.drops:
            if path in owners and path not in before:
                self.notify(f"{path} arrived: attached to '{owners[path]}'")
            elif path in self.unmatched:
                self.notify(f"{path} arrived: it matches no item, so it waits in the inbox "
                            "(press 4, then i to assign it)", severity="warning")

    # --- build ------------------------------------------------------------------------

    def _choices(self) -> tuple[list[Edition], list[str]]:
        editions = [e for e in EDITIONS if self.query_one(f"#opt-{e}", Checkbox).value]
        formats = [f for f in FORMATS if self.query_one(f"#opt-{f}", Checkbox).value]
        return editions, formats

    async def action_build(self) -> None:
        editions, formats = self._choices()
        if not editions or not formats:
            self.notify("Tick at least one edition and one format", severity="warning")
            return
        if any(w.group == "build" and w.is_running for w in self.workers):
            self.notify("A build is already running", severity="warning")
            return
        self.cancel_requested.clear()
        self.action_show_tab("build")
        panel = self.query_one("#build-panel", BuildPanel)
        await panel.start(self.pack.items if self.pack else [], len(editions) * len(formats))
        self.run_build(editions, formats)

    @work(thread=True, exclusive=True, group="build", exit_on_error=False)
    def run_build(self, editions: list[Edition], formats: list[str]) -> BuildResult:
        from boardpack.pipeline.build import build

        panel = self.query_one("#build-panel", BuildPanel)

        def on_event(event: Event) -> None:
            if isinstance(event, FileConverted):
                self.app.call_from_thread(panel.advance, event.item)
            self.app.call_from_thread(panel.log_line, str(event))
            if isinstance(event, Rendering):
                self.app.call_from_thread(panel.advance, "render")

        return build(self.root, editions=editions, formats=formats, on_event=on_event,
                     cancel=self.cancel_requested.is_set,
                     compiler=self.boardpack.compiler_for(self.root) if "pdf" in formats
                     else None)

    def action_cancel_build(self) -> None:
        if any(w.group == "build" and w.is_running for w in self.workers):
            self.cancel_requested.set()
            self.query_one("#build-panel", BuildPanel).status("Cancelling…")
        else:
            self.notify("No build is running", severity="information")

    async def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Workers' failures and the build's end are handled here, in one place."""
        worker = event.worker
        if event.state is WorkerState.ERROR:
            error = worker.error
            line = (_problem_line(error) if isinstance(error, BoardpackError)
                    else f"{worker.group or worker.name} failed: {type(error).__name__}: {error}")
            self.notify(line, severity="error", timeout=10)
            if worker.group == "build":
                self.query_one("#build-panel", BuildPanel).finish([], f"Build failed: {line}")
        elif event.state is WorkerState.SUCCESS and worker.group == "build":
            await self._build_done(cast("BuildResult", worker.result))

    async def _build_done(self, result: BuildResult) -> None:
        panel = self.query_one("#build-panel", BuildPanel)
        shown = [p for p in result.problems if p.level is not Level.INFO]
        if result.cancelled:
            panel.finish(shown, "Build cancelled: nothing more was written.")
            panel.log_line("cancelled")
            return
        if not result.ok:
            panel.finish(shown, f"Build stopped by {len(shown)} problem(s): choose one to go "
                                "to its item.")
            return
        self.build_outputs = list(result.outputs)
        names = ", ".join(p.name for p in result.outputs)
        panel.finish(shown, f"Built {names}")
        panel.log_line(f"done: {names}")
        await self.reload()
        self.app.push_screen(ConfirmScreen(f"Built {names}. Open {result.outputs[0].name}?",
                                           yes="Open", no="Not now"), self._open_answer)

    def _open_answer(self, yes: bool | None) -> None:
        if yes:
            self.action_open_output()

    def action_open_output(self) -> None:
        existing = [p for p in (self.build_outputs or outputs(self.root)) if p.is_file()]
        if not existing:
            self.notify("Nothing built yet: press b to build", severity="warning")
            return
        self.app.open_url(existing[0].resolve().as_uri())

    # --- navigation -------------------------------------------------------------------

    def action_show_tab(self, tab: str) -> None:
        self.query_one("#tabs", TabbedContent).active = tab

    def action_close(self) -> None:
        self.app.pop_screen()

    # --- buttons (mouse) --------------------------------------------------------------

    BUTTONS: ClassVar[dict[str, str]] = {
               "btn-add": "add_item", "btn-edit": "edit_item", "btn-remove": "remove_item",
               "btn-up": "move_item(-1)", "btn-down": "move_item(1)",
               "btn-attach": "attach_file", "btn-detach": "detach_file",
               "btn-meeting": "edit_meeting", "btn-record": "record_resolution",
               "btn-toml": "edit_resolutions", "btn-build": "build",
               "btn-cancel": "cancel_build"}

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        action = self.BUTTONS.get(event.button.id or "")
        if action:
            event.stop()
            await self.run_action(action)
