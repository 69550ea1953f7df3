"""The app's own widgets: a problem list, the preview pane and the build panel.

They only show what they are given; loading, converting and building happen in
the screens' workers through the core.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Label, Log, ProgressBar, Static

from boardpack.model import Item
from boardpack.pipeline.preview import Part, Preview, Table
from boardpack.problems import Level, Problem
from boardpack.tui.guard import Guarded

RAG_STYLES = {"red": "bold red", "r": "bold red", "amber": "bold yellow", "a": "bold yellow",
              "green": "bold green", "g": "bold green"}
LEVEL_STYLES = {Level.ERROR: "bold red", Level.WARNING: "yellow", Level.INFO: "dim"}


class ProblemTable(Guarded, DataTable):
    """Problems as rows naming level, item and file; choosing one asks to jump to its item."""

    class JumpToItem(Message):
        """The clerk chose a problem that names an item."""

        def __init__(self, item: str) -> None:
            super().__init__()
            self.item = item

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self.problems: list[Problem] = []

    def on_mount(self) -> None:
        self.add_columns("Level", "Item", "File", "Problem")

    def show(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        self.clear()
        for problem in self.problems:
            where = problem.file + (f":{problem.line}" if problem.line else "")
            message = problem.message + (f" — {problem.hint}" if problem.hint else "")
            self.add_row(Text(str(problem.level), style=LEVEL_STYLES[problem.level]),
                         problem.item, where, Text(message))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        index = event.cursor_row
        if 0 <= index < len(self.problems) and self.problems[index].item:
            self.post_message(self.JumpToItem(self.problems[index].item))


def _cell(text: str) -> Text:
    return Text(text, style=RAG_STYLES.get(text.strip().lower(), ""))


class PreviewPane(Guarded, VerticalScroll):
    """A file's preview: summary card, then headings, text and tables (KPIs with RAG)."""

    async def show(self, preview: Preview | None, message: str = "") -> None:
        await self.remove_children()
        widgets: list[Static | DataTable | Label] = []
        if preview is None:
            widgets.append(Static(message or "No file to preview.", markup=False,
                                  classes="muted"))
            await self.mount_all(widgets)
            return
        widgets.append(Label(Text(preview.title, style="bold"), classes="preview-title"))
        if preview.problem:
            widgets.append(Static(Text(preview.problem, style="red"), classes="problem"))
        if preview.card:
            card = Text()
            for label, value in preview.card:
                card.append(f"{label}: ", style="bold")
                card.append(f"{value}\n")
            widgets.append(Static(card, classes="card"))
        for note in preview.notes:
            widgets.append(Static(Text(note, style="yellow")))
        text = Text()
        for part in preview.parts:
            if isinstance(part, Part):
                text.append(part.text + "\n", style="bold underline" if part.heading else "")
                continue
            if text:
                widgets.append(Static(text))
                text = Text()
            widgets.append(self._table(part))
        if text:
            widgets.append(Static(text))
        await self.mount_all(widgets)

    @staticmethod
    def _table(table: Table) -> DataTable:
        widget: DataTable = DataTable(zebra_stripes=True, classes="preview-table")
        width = max([len(table.head), *(len(r) for r in table.rows)], default=0)
        head = table.head + [""] * (width - len(table.head))
        widget.add_columns(*[Text(h, style="bold") for h in head])
        for row in table.rows:
            widget.add_row(*[_cell(c) for c in row + [""] * (width - len(row))])
        return widget


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
