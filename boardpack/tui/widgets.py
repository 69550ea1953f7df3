"""The app's own widgets shared by several panes: the problem list, a tick box.

They only show what they are given; checking and building happen in the screens'
workers through the core.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.message import Message
from textual.widgets import Checkbox, DataTable

from boardpack.problems import Level, Problem
from boardpack.tui.guard import Guarded

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
        self.add_columns("Level", "Problem", "Item", "File")  # the problem first: 80 columns

    def show(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        self.clear()
        for problem in self.problems:
            where = problem.file + (f":{problem.line}" if problem.line else "")
            message = problem.message + (f" — {problem.hint}" if problem.hint else "")
            self.add_row(Text(str(problem.level), style=LEVEL_STYLES[problem.level]),
                         Text(message), problem.item, where)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        index = event.cursor_row
        if 0 <= index < len(self.problems) and self.problems[index].item:
            self.post_message(self.JumpToItem(self.problems[index].item))


class Tick(Checkbox):
    """A checkbox whose state reads without colour: ``[X]`` ticked, ``[ ]`` not."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # Textual reads it
        return "X" if self.value else " "
