"""Pandoc AST for a workbook table: spanning cells, RAG statuses, trend charts, page fit.

Everything here is boardpack's own markup around workbook text: cell text goes
into ``Str`` nodes (Pandoc escapes it for each writer); the only raw output is
fixed Typst/HTML for the RAG colours, the landscape page of a wide table, and the
chart images, whose alt text is escaped for each format (a Typst string literal by
``pandoc.raw.typst_string``; HTML with ``html.escape``). Pandoc's Typst writer drops
an image's alt text, so charts are placed with raw output for both writers rather
than an ``Image`` node.

A wide table is fitted to the PDF page rather than overprinting its cells: each
column is at least as wide as its longest word (estimated from Lato's widths) and
the table takes, in turn, smaller type, then a landscape page of its own, then
smaller type again on that page.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from boardpack.pandoc import ast
from boardpack.pandoc.raw import typst_string
from boardpack.sources.xlsx.grid import Grid, GridCell

Node = dict[str, Any]
# Fill and ink of each rating family in the PDF (the HTML pack's CSS has the same).
RAG_COLOURS = {"red": ("#d4351c", "white"), "amber": ("#ffdd00", "rgb(\"#0b0c0c\")"),
               "yellow": ("#fff7a1", "rgb(\"#0b0c0c\")"), "green": ("#00703c", "white"),
               "blue": ("#1d70b8", "white"), "grey": ("#b1b4b6", "rgb(\"#0b0c0c\")")}
# The fixed Typst that opens a rating's box, per family (closed by "]]").
RAG_TYPST = {family: f'#box(fill: rgb("{fill}"), inset: (x: 2.5pt, y: 1.5pt), radius: 2pt)'
                     f'[#text(fill: {ink}, weight: "bold")['
             for family, (fill, ink) in RAG_COLOURS.items()}
STATUS_HEADING = "RAG status"
LANDSCAPE_CLASS = "landscape"  # on a table that needs a landscape page in the PDF
TOO_WIDE_CLASS = "too-wide"  # on a table wider than a landscape page even in 6 pt type
# A4 text widths (pt) of the pack's pages: 21 cm less 2 × 2 cm margins, and landscape.
PORTRAIT_WIDTH, LANDSCAPE_WIDTH = 482.0, 728.0
# (type size, cell inset, landscape): tried in turn until the table fits.
FITS = ((9.0, 5.0, False), (8.0, 4.0, False), (7.0, 3.0, False), (8.0, 3.0, True),
        (7.0, 2.5, True), (6.0, 2.0, True))


def rag_inlines(status: str | None, family: str | None = None) -> list[Node]:
    """A rating as a word on its colour: a ``rag rag-…`` span in HTML, a filled box in
    the PDF. ``family`` is the colour (red, amber, yellow, green, blue, grey); boardpack's
    own statuses (Red, Amber, Green) name theirs."""
    if not status:
        return []
    family = family or (status.lower() if status in ("Red", "Amber", "Green") else None)
    if family not in RAG_COLOURS:
        return ast.inlines(status)
    return [ast.span([ast.raw_inline("typst", RAG_TYPST[family]), *ast.inlines(status),
                      ast.raw_inline("typst", "]]")], classes=["rag", f"rag-{family}"])]


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


def _char_em(char: str) -> float:
    if char.isupper() or char.isdigit() or char in "%£$€#@&–—":
        return 0.64
    if char in "iljtfrI.,:;'!|()[] ":
        return 0.32
    if char in "mwMW":
        return 0.86
    return 0.54 if char.isascii() else 0.9


_ASCII_EM = [_char_em(chr(code)) for code in range(128)]


@lru_cache(maxsize=8192)
def _em(text: str, bold: bool) -> float:
    """The width of ``text`` in ems, estimated from Lato's glyph widths (a little over)."""
    width = sum(_ASCII_EM[ord(c)] if ord(c) < 128 else _char_em(c) for c in text)
    return width * (1.07 if bold else 1.0)


@dataclass(frozen=True)
class Fit:
    """How a table is set in the PDF: type size, cell inset, page, column shares."""

    size: float
    inset: float
    landscape: bool
    widths: list[float]
    fits: bool = True  # False: even the smallest setting leaves a word wider than its column


def fit(grid: Grid, extra: str | None = None) -> Fit:
    """The largest type (portrait first) at which every column holds its longest word.

    ``extra`` is the text of a column boardpack adds (the RAG status)."""
    least, wanted = [], []
    for j in range(len(grid.col_numbers)):
        words, texts = [0.0], [0.0]
        for i, row in enumerate(grid.rows):
            cell = row[j]
            if cell.covered or cell.colspan > 1 or not cell.text:
                continue
            head = i < grid.header_rows
            unbreakable = cell.text.split() if not _numeric(cell) else [cell.text]
            words.append(max(_em(w, head) for w in unbreakable))
            texts.append(min(_em(cell.text, head), 24.0))
        least.append(max(words))
        wanted.append(max(max(texts), max(words)))
    if extra is not None:
        least.append(max(_em(extra, False), _em(STATUS_HEADING.split()[-1], True)) + 0.6)
        wanted.append(max(_em(extra, False), _em(STATUS_HEADING, True)) + 0.6)
    for size, inset, landscape in FITS:
        page = LANDSCAPE_WIDTH if landscape else PORTRAIT_WIDTH
        pad = 2 * inset + 1
        floor = [w * size + pad for w in least]
        if sum(floor) <= page or (size, inset, landscape) == FITS[-1]:
            return Fit(size, inset, landscape, _shares(floor, [w * size + pad for w in wanted],
                                                       page), fits=sum(floor) <= page)
    raise AssertionError("unreachable")


def _shares(floor: list[float], wanted: list[float], page: float) -> list[float]:
    """Column widths as shares of the page: every column its floor, the rest of the page
    shared out towards what each would like."""
    spare = page - sum(floor)
    room = sum(max(w - f, 0.0) for w, f in zip(wanted, floor, strict=True))
    if spare <= 0 or room <= 0:
        total = sum(wanted) if spare > 0 else sum(floor)
        base = wanted if spare > 0 else floor
        return [round(w / total, 4) for w in base]
    give = min(1.0, spare / room)
    widths = [f + max(w - f, 0.0) * give for w, f in zip(wanted, floor, strict=True)]
    total = sum(widths)
    return [round(w / total, 4) for w in widths]


Status = str | tuple[str, str | None] | None  # boardpack's status, or a (word, family) rating


def table(grid: Grid, statuses: list[Status] | None = None,
          ratings: dict[tuple[int, int], tuple[str, str | None]] | None = None) -> Node:
    """The grid as a Pandoc table; ``statuses`` (one per body row: boardpack's status,
    or a rating's word and colour family) adds a RAG column;
    ``ratings`` ((body row, column) → (word, colour family)) shows the sheet's own
    rating cells as words on their colours."""
    aligns = _aligns(grid)
    extra = statuses is not None
    layout = fit(grid, "Amber" if extra else None)
    colspecs = [[{"t": a}, {"t": "ColWidth", "c": w}]
                for a, w in zip([*aligns, "AlignLeft"] if extra else aligns, layout.widths,
                                strict=True)]
    rows: list[list[Any]] = []
    for i, row in enumerate(grid.rows):
        head = i < grid.header_rows
        cells = []
        for j, cell in enumerate(row):
            if cell.covered:
                continue
            rating = ratings.get((i - grid.header_rows, j)) if ratings and not head else None
            content = rag_inlines(*rating) if rating else text_inlines(cell.text)
            if head and content:
                content = [ast.strong(content)]
            # a cell keeps its column's alignment unless it differs: Typst then lays
            # out a plain cell, not a ``table.cell`` of its own (a smaller source, and
            # about 20 MB less memory for the reference pack's ten workbooks)
            align = "AlignCenter" if head and cell.colspan > 1 else "AlignDefault"
            cells.append(_cell(content, align, cell.rowspan, cell.colspan))
        if extra and i == 0 and grid.header_rows:
            cells.append(_cell([ast.strong(STATUS_HEADING)], "AlignDefault", grid.header_rows))
        elif extra and not head:
            assert statuses is not None
            status = statuses[i - grid.header_rows]
            shown = rag_inlines(*status) if isinstance(status, tuple) else rag_inlines(status)
            cells.append(_cell(shown, "AlignDefault"))
        rows.append([ast.attr(), cells])
    classes = ["workbook-table", *([LANDSCAPE_CLASS] if layout.landscape else []),
               *([] if layout.fits else [TOO_WIDE_CLASS])]
    attrs = ast.attr("", classes, **{"typst:text:size": f"{layout.size:g}pt",
                                     "typst:inset": f"{layout.inset:g}pt"})
    node = {"t": "Table", "c": [attrs, [None, []], colspecs,
                                [ast.attr(), rows[:grid.header_rows]],
                                [[ast.attr(), 0, [], rows[grid.header_rows:]]],
                                [ast.attr(), []]]}
    return node


def needs_landscape(node: Node) -> bool:
    """Whether a table made by ``table`` fits the PDF's page only turned."""
    return LANDSCAPE_CLASS in node["c"][0][1]


def too_wide(node: Node) -> bool:
    """Whether a table made by ``table`` is too wide for any page it can be given."""
    return TOO_WIDE_CLASS in node["c"][0][1]


def placed(blocks: list[Node], landscape: bool) -> list[Node]:
    """``blocks`` on a landscape page of their own in the PDF when ``landscape``."""
    if not landscape:
        return blocks
    return [ast.raw_block("typst", "#page(flipped: true)["), *blocks,
            ast.raw_block("typst", "]")]


def _plain_alt(alt: str) -> str:
    """Alt text on one line, without control characters."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f]", "", " ".join(alt.split()))


def chart_inlines(svg: bytes, media_path: str, alt: str) -> list[Node]:
    """One chart for both writers: Typst places the stored SVG, HTML embeds it."""
    alt = _plain_alt(alt)
    typst = f"#box(image({typst_string(media_path)}, width: 49%, alt: {typst_string(alt)}))"
    data = base64.b64encode(svg).decode("ascii")
    img = (f'<img class="kpi-chart" src="data:image/svg+xml;base64,{data}" '
           f'alt="{html.escape(alt, quote=True)}" width="300" height="200">')
    return [ast.raw_inline("typst", typst), ast.raw_inline("html", img)]
