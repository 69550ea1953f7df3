"""The Build tab: which editions and formats to build, the build itself (a ``Job``), its
progress, log and problems.

``BuildPane.start`` posts the build as a job; its progress reaches ``BuildPanel`` from
the worker's thread (``run_build``). When it has written the pack's files the pane
posts ``BuildPane.Built``; the screen reads the pack again and has the pane offer to
open them.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Checkbox, Label, Log, ProgressBar, TabPane

from boardpack.layout import FORMATS, outputs
from boardpack.model import EDITIONS, Edition, Item
from boardpack.pipeline.progress import Event, FileConverted, Rendering
from boardpack.problems import Level, Problem
from boardpack.tui.commands import screen_action
from boardpack.tui.forms import ConfirmScreen
from boardpack.tui.guard import Guarded
from boardpack.tui.messages import Job
from boardpack.tui.widgets import ProblemTable, Tick

if TYPE_CHECKING:
    from boardpack.pipeline.build import BuildResult
    from boardpack.tui.app import BoardpackApp



class BuildPane(Guarded, TabPane):
    """Tick boxes for the editions and formats, Build and Cancel, and the build panel."""

    class Built(Message):
        """A build finished without problems and wrote ``outputs``."""

        def __init__(self, outputs: list[Path]) -> None:
            super().__init__()
            self.outputs = outputs

    def __init__(self, root: Path, **kwargs: Any) -> None:
        super().__init__("Build", **kwargs)
        self.root = root
        self.running = False
        self.cancel_requested = threading.Event()
        self.outputs: list[Path] = []

    def compose(self) -> ComposeResult:
        with Horizontal(classes="buttons"):  # the buttons first: they fit in 80 columns
            yield Button("Build", id="btn-build", compact=True, variant="primary",
                         action=screen_action("pack.build"))
            yield Button("Cancel", id="btn-cancel", compact=True,
                         action=screen_action("pack.cancel_build"))
        with Horizontal(classes="buttons"):
            for name in (*EDITIONS, *FORMATS):
                yield Tick(name if name in EDITIONS else name.upper(), True,
                           id=f"opt-{name}", compact=True)
        yield BuildPanel(id="build-panel")

    def choices(self) -> tuple[list[Edition], list[str]]:
        """The editions and formats ticked."""
        editions = [e for e in EDITIONS if self.query_one(f"#opt-{e}", Checkbox).value]
        formats = [f for f in FORMATS if self.query_one(f"#opt-{f}", Checkbox).value]
        return editions, formats

    def can_start(self) -> bool:
        """Whether a build can start now; if not, the clerk is told why."""
        editions, formats = self.choices()
        if not editions or not formats:
            self.notify("Tick at least one edition and one format", severity="warning")
            return False
        if self.running:
            self.notify("A build is already running", severity="warning")
            return False
        return True

    async def start(self, items: Sequence[Item]) -> None:
        """Build what is ticked (``can_start`` said it may), with a bar per item."""
        editions, formats = self.choices()
        self.running = True
        self.cancel_requested.clear()
        await self.query_one(BuildPanel).start(items, len(editions) * len(formats))
        self.post_message(Job("build", lambda: self.run_build(editions, formats), self.done,
                              self.failed))

    def run_build(self, editions: list[Edition], formats: list[str]) -> BuildResult:
        """The build, in the worker's thread; its progress events go to the panel."""
        from boardpack.pipeline.build import build

        app = cast("BoardpackApp", self.app)
        panel = self.query_one(BuildPanel)

        def on_event(event: Event) -> None:
            if isinstance(event, FileConverted):
                app.call_from_thread(panel.advance, event.item)
            app.call_from_thread(panel.log_line, str(event))
            if isinstance(event, Rendering):
                app.call_from_thread(panel.advance, "render")

        from boardpack.memory import give_back_memory

        result = build(self.root, editions=editions, formats=formats, on_event=on_event,
                       cancel=self.cancel_requested.is_set,
                       compiler=app.compiler_for(self.root) if "pdf" in formats else None)
        give_back_memory()  # the app lives long: what the build freed goes back
        return result

    def cancel(self) -> None:
        """Ask the running build to stop at its next step."""
        if self.running:
            self.cancel_requested.set()
            self.query_one(BuildPanel).status("Cancelling…")
        else:
            self.notify("No build is running", severity="information")

    def done(self, result: BuildResult) -> None:
        self.running = False
        self.query_one(BuildPanel).done(result)
        if result.ok:
            self.outputs = list(result.outputs)
            self.post_message(self.Built(self.outputs))

    def failed(self, line: str) -> None:
        self.running = False
        self.query_one(BuildPanel).finish([], f"Build failed: {line}")

    def offer_to_open(self) -> None:
        """Ask whether to open what the last build wrote."""
        names = ", ".join(p.name for p in self.outputs)

        def answer(yes: bool | None) -> None:
            if yes:
                self.open_output()

        self.app.push_screen(ConfirmScreen(f"Built {names}. Open {self.outputs[0].name}?",
                                           yes="Open", no="Not now"), answer)

    def open_output(self) -> None:
        """Open the last build's first file (the members PDF, if built) in a viewer."""
        existing = [p for p in (self.outputs or outputs(self.root)) if p.is_file()]
        if not existing:
            self.notify("Nothing built yet: press b to build", severity="warning")
            return
        path = existing[0].resolve()
        self.app.open_url(path.as_uri())  # the terminal cannot tell whether a viewer opened
        self.notify(f"Opening {path.name} in a viewer; if none opens, the file is {path}",
                    timeout=15)


class BuildPanel(Guarded, Vertical):
    """A progress bar per item plus one for rendering, a log, and the build's problems."""

    def compose(self) -> ComposeResult:
        yield Label("Not built in this session.", id="build-status")
        yield VerticalScroll(id="build-bars")
        yield Log(id="build-log", max_lines=500)
        yield ProblemTable(id="build-problems")

    async def start(self, items: Sequence[Item], renders: int) -> None:
        bars = self.query_one("#build-bars", VerticalScroll)
        await bars.remove_children()
        rows = [self._row(f"bar-{i.id}", i.id, max(1, len(i.files))) for i in items]
        rows.append(self._row("bar-render", "rendering", renders))
        await bars.mount_all(rows)
        for item in items:
            if not item.files:
                self.query_one(f"#bar-{item.id}", ProgressBar).advance(1)
        self.query_one("#build-problems", ProblemTable).show([])
        self.status("Building…")

    @staticmethod
    def _row(bar_id: str, label: str, total: int) -> Horizontal:
        return Horizontal(Label(label, classes="bar-label", markup=False),
                          ProgressBar(total=total, show_eta=False, id=bar_id),
                          classes="bar-row")

    def advance(self, item_id: str) -> None:
        bars = self.query(f"#bar-{item_id}").results(ProgressBar)
        for bar in bars:
            bar.advance(1)

    def log_line(self, line: str) -> None:
        self.query_one("#build-log", Log).write_line(line)

    def status(self, text: str) -> None:
        self.query_one("#build-status", Label).update(Text(text))

    def finish(self, problems: Sequence[Problem], status: str) -> None:
        self.query_one("#build-problems", ProblemTable).show(problems)
        self.status(status)

    def done(self, result: BuildResult) -> None:
        """Show how a build ended: its problems and a status line."""
        shown = [p for p in result.problems if p.level is not Level.INFO]
        if result.cancelled:
            self.finish(shown, "Build cancelled: nothing more was written.")
            self.log_line("cancelled")
        elif not result.ok:
            self.finish(shown, f"Build stopped by {len(shown)} problem(s): choose one to go "
                               "to its item.")
        else:
            names = ", ".join(p.name for p in result.outputs)
            self.finish(shown, f"Built {names}")
            self.log_line(f"done: {names}")
