"""The Check tab: every problem ``boardpack check`` finds, kept up to date as the pack
changes; choosing one that names an item posts ``ProblemTable.JumpToItem``."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Label, TabPane

from boardpack.pipeline.check import CheckResult
from boardpack.tui.guard import Guarded
from boardpack.tui.widgets import ProblemTable


class CheckPane(Guarded, TabPane):
    """A summary line and the problems, one a row."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("Check", **kwargs)

    def compose(self) -> ComposeResult:
        yield Label("Checking…", id="check-summary")
        yield ProblemTable(id="check-problems")

    def show(self, result: CheckResult) -> None:
        summary = (f"{len(result.errors)} error(s), {len(result.warnings)} warning(s)"
                   if result.problems else "No problems found.")
        self.query_one("#check-summary", Label).update(summary)
        self.query_one("#check-problems", ProblemTable).show(result.problems)
