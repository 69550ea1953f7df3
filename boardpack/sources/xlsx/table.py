"""Pandoc AST for a workbook table: spanning cells, RAG statuses and trend charts.

Everything here is boardpack's own markup around workbook text: cell text goes
into ``Str`` nodes (Pandoc escapes it for each writer); the only raw output is
fixed Typst/HTML for the RAG colours, and the chart images, whose alt text is
escaped for each format (a Typst string literal via ``json.dumps``; HTML with
``html.escape``). Pandoc's Typst writer drops an image's alt text, so charts are
placed with raw output for both writers rather than an ``Image`` node.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import json
import re
from typing import Any

from boardpack.pandoc import ast
from boardpack.sources.xlsx.grid import Grid, GridCell

Node = dict[str, Any]
RAG_TYPST = {
    "Red": ('#box(fill: rgb("#d4351c"), inset: (x: 2.5pt, y: 1.5pt), radius: 2pt)'
            '[#text(fill: white, weight: "bold")['),
    "Amber": ('#box(fill: rgb("#ffdd00"), inset: (x: 2.5pt, y: 1.5pt), radius: 2pt)'
              '[#text(fill: rgb("#0b0c0c"), weight: "bold")['),
    "Green": ('#box(fill: rgb("#00703c"), inset: (x: 2.5pt, y: 1.5pt), radius: 2pt)'
              '[#text(fill: white, weight: "bold")['),
}
STATUS_HEADING = "RAG status"


def rag_inlines(status: str | None) -> list[Node]:
    """The status as a word, coloured: a ``rag rag-…`` span in HTML, a filled box in PDF."""
    if status not in RAG_TYPST:
        return []
    return [ast.span([ast.raw_inline("typst", RAG_TYPST[status]), {"t": "Str", "c": status},
                      ast.raw_inline("typst", "]]")],
                     classes=["rag", f"rag-{status.lower()}"])]


def text_inlines(text: str) -> list[Node]:
    """Cell text; line breaks typed in the cell (Alt+Enter) stay line breaks."""
    if "\n" not in text:
        return ast.inlines(text)
    out: list[Node] = []
    for number, line in enumerate(text.split("\n")):
        if number:
            out.append({"t": "LineBreak"})
        out += ast.inlines(line)
    return out


def _cell(content: list[Node], align: str, rowspan: int = 1, colspan: int = 1) -> list[Any]:
    return [["", [], []], {"t": align}, rowspan, colspan, [{"t": "Plain", "c": content}]]


def _numeric(cell: GridCell) -> bool:
    value = cell.value
    return (isinstance(value, int | float | dt.date | dt.time | dt.timedelta)
            and not isinstance(value, bool)) or cell.error


def _aligns(grid: Grid) -> list[str]:
    aligns = []
    for j in range(len(grid.col_numbers)):
        cells = [row[j] for row in grid.body if not row[j].covered and row[j].text]
        numeric = sum(1 for c in cells if _numeric(c))
        aligns.append("AlignRight" if cells and numeric / len(cells) >= 0.6 else "AlignLeft")
    return aligns


def _widths(grid: Grid, extra: bool) -> list[float]:
    lengths = []
    for j in range(len(grid.col_numbers)):
        texts = [row[j].text for row in grid.rows if not row[j].covered and row[j].colspan == 1]
        longest = max((max((len(w) for w in t.split()), default=0) if i < grid.header_rows
                       else len(t) for i, t in enumerate(texts)), default=4)
        lengths.append(min(max(longest, 3), 32) + 2)
    if extra:
        lengths.append(11)
    total = sum(lengths)
    return [round(n / total, 4) for n in lengths]


def table(grid: Grid, statuses: list[str | None] | None = None) -> Node:
    """The grid as a Pandoc table; ``statuses`` (one per body row) adds a RAG column."""
    aligns = _aligns(grid)
    extra = statuses is not None
    widths = _widths(grid, extra)
    ncols = len(aligns) + (1 if extra else 0)
    colspecs = [[{"t": a}, {"t": "ColWidth", "c": w}]
                for a, w in zip([*aligns, "AlignLeft"] if extra else aligns, widths,
                                strict=True)]
    rows: list[list[Any]] = []
    for i, row in enumerate(grid.rows):
        head = i < grid.header_rows
        cells = []
        for j, cell in enumerate(row):
            if cell.covered:
                continue
            content = text_inlines(cell.text)
            if head and content:
                content = [ast.strong(content)]
            align = "AlignCenter" if head and cell.colspan > 1 else aligns[j]
            cells.append(_cell(content, align, cell.rowspan, cell.colspan))
        if extra and i == 0 and grid.header_rows:
            cells.append(_cell([ast.strong(STATUS_HEADING)], "AlignLeft", grid.header_rows))
        elif extra and not head:
            assert statuses is not None
            cells.append(_cell(rag_inlines(statuses[i - grid.header_rows]), "AlignLeft"))
        rows.append([ast.attr(), cells])
    size = "8pt" if ncols > 10 else "9pt" if ncols > 6 else ""
    attrs = ast.attr("", ["workbook-table"], **({"typst:text:size": size} if size else {}))
    return {"t": "Table", "c": [attrs, [None, []], colspecs,
                                [ast.attr(), rows[:grid.header_rows]],
                                [[ast.attr(), 0, [], rows[grid.header_rows:]]],
                                [ast.attr(), []]]}


def _plain_alt(alt: str) -> str:
    """Alt text on one line, without control characters."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f]", "", " ".join(alt.split()))


def chart_inlines(svg: bytes, media_path: str, alt: str) -> list[Node]:
    """One chart for both writers: Typst places the stored SVG, HTML embeds it."""
    alt = _plain_alt(alt)
    literal = json.dumps(alt, ensure_ascii=False)
    typst = f"#box(image({json.dumps(media_path)}, width: 49%, alt: {literal}))"
    data = base64.b64encode(svg).decode("ascii")
    img = (f'<img class="kpi-chart" src="data:image/svg+xml;base64,{data}" '
           f'alt="{html.escape(alt, quote=True)}" width="300" height="200">')
    return [ast.raw_inline("typst", typst), ast.raw_inline("html", img)]
