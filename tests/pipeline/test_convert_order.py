"""Files convert with each kind taken in turn (``convert.interleaved``), so that the
workbook readers, which work in Python, run beside the Word and PDF readers, which
wait for a process; what the clerk reads still comes in agenda order."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from helpers.xlsx import workbook

from boardpack import sources
from boardpack.model import SourceRef
from boardpack.pack.load import load_or_raise
from boardpack.pipeline.convert import convert_pack, interleaved
from boardpack.pipeline.progress import FileConverted


def _jobs(*paths: str) -> list[Any]:
    return [(None, SourceRef(path=path, kind=sources.kind_for(path) or "")) for path in paths]


def test_each_kind_is_taken_in_turn_each_in_agenda_order() -> None:
    jobs = _jobs("a.docx", "b.docx", "c.docx", "d.xlsx", "e.XLSX", "f.pdf")
    assert interleaved(jobs) == [0, 3, 5, 1, 4, 2]
    assert interleaved(_jobs("a.md", "b.md")) == [0, 1]
    assert interleaved([]) == []


def _hidden_sheet(book: Any) -> None:
    book.active.append(["Indicator", "Latest"])
    book.active.append(["Visits", 3])
    book.create_sheet("Workings").sheet_state = "hidden"


ITEMS = """\
[[item]]
id = "first"
title = "First"
files = ["reports/first.md", "reports/second.md"]

[[item]]
id = "kpis"
title = "Indicators"
files = ["reports/kpis.xlsx"]
"""


def test_notes_come_in_agenda_order_whatever_order_the_files_convert_in(
        make_pack: Callable[..., Path]) -> None:
    root = make_pack(ITEMS, files={
        "reports/first.md": "# First\n\n<!-- check with legal -->Text.\n",
        "reports/second.md": "# Second\n\n<!-- ask finance -->Text.\n",
        "reports/kpis.xlsx": workbook(_hidden_sheet)})
    heard: list[str] = []
    converted = convert_pack(load_or_raise(root), keep=False, on_event=lambda e: heard.append(
        e.path) if isinstance(e, FileConverted) else None)
    assert heard == ["reports/first.md", "reports/kpis.xlsx", "reports/second.md"]
    noted = [(p.file, p.message) for p in converted.problems]
    assert [file for file, _ in noted] == ["reports/first.md", "reports/second.md",
                                           "reports/kpis.xlsx"], noted
    assert "check with legal" in noted[0][1] and "ask finance" in noted[1][1]
    assert "Workings" in noted[2][1]
