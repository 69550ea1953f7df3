"""The Preview tab: one of the item's files as boardpack reads it (``pipeline.preview``).

The screen works the preview out in a worker and hands it to ``PreviewPane.show``.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Label, Static, TabPane

from boardpack.pipeline.preview import Part, Preview, Table
from boardpack.tui.guard import Guarded

RAG_STYLES = {"red": "bold red", "r": "bold red", "amber": "bold yellow", "a": "bold yellow",
              "green": "bold green", "g": "bold green"}


class PreviewPane(Guarded, TabPane):
    """The tab holding the file preview."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("Preview", **kwargs)

    def compose(self) -> ComposeResult:
        yield FilePreview(id="file-preview")

    async def show(self, preview: Preview | None, message: str = "") -> None:
        await self.query_one(FilePreview).show(preview, message)


def _cell(text: str) -> Text:
    return Text(text, style=RAG_STYLES.get(text.strip().lower(), ""))


class FilePreview(Guarded, VerticalScroll):
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
