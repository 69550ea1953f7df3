"""Plain tables written as Typst and as HTML here, not by Pandoc's writers.

A workbook's table is thousands of cells (the reference pack's ten workbooks hold
24,000). Pandoc spent about half a CPU second on them for each writer, reading and
writing their JSON, and the HTML side copied them once more to mark their header
cells. A table whose every part is plain is therefore written here, in the shape
Pandoc writes it, so that it lays out (and, once sanitised, reads) the same; any
other table is left for Pandoc (``None``).

Plain means: no caption or label; no attributes but the text size and inset boardpack
gives a table (each a length, which only Typst reads); a head, bodies without head
rows of their own, no foot; column widths all given or all left to the writer; cells
holding at most one plain paragraph of words, spaces, line breaks, bold, italics,
spans with classes only, and raw Typst or HTML (the rating boxes, lowered pictures).
A cell's only attribute may be the ``scope`` of a header cell (``html_fixes``).

In Typst, words go in as string literals through the one escaper (``typst_string``),
so nothing in a cell is read as markup: it shows exactly its characters (where
Pandoc 3.9's would make "= x" at the start of a cell a heading). In HTML every text
and attribute goes through ``html.escape``; the fragment is sanitised afterwards, as
any of Pandoc's.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from boardpack.pandoc import ast
from boardpack.pandoc.raw import typst_string

Block = dict[str, Any]

_LENGTH = re.compile(r"\d+(?:\.\d+)?(?:pt|mm|cm|in|em)")
_SETTINGS = {"typst:inset": "inset", "typst:text:size": "size"}  # boardpack's own
_TYPST_ALIGN = {"AlignLeft": "left", "AlignRight": "right", "AlignCenter": "center",
                "AlignDefault": "auto"}
_HTML_ALIGN = {"AlignLeft": "left", "AlignRight": "right", "AlignCenter": "center"}
_TYPST_STYLES = {"Strong": "strong", "Emph": "emph"}
_HTML_STYLES = {"Strong": "strong", "Emph": "em"}
_WORDS = {"Str", "Space", "SoftBreak"}
_CELL_KEYS = {"scope"}


class _NotPlain(Exception):
    """Something in the table that Pandoc's writer must write."""


def typst(table: Block) -> Block | None:
    """``table`` as a raw Typst block, or None when it is not plain (see the module)."""
    try:
        return ast.raw_block("typst", _typst_table(table))
    except (_NotPlain, RecursionError):  # styles nested past counting: Pandoc's to write
        return None


def html_block(table: Block) -> Block | None:
    """``table`` as a raw HTML block, or None when it is not plain (see the module)."""
    try:
        return ast.raw_block("html", _html_table(table))
    except (_NotPlain, RecursionError):
        return None


def in_blocks(blocks: list[Block], write: Callable[[Block], Block | None] = typst
              ) -> list[Block] | None:
    """``blocks`` with each plain table (also inside divisions) written by ``write``
    (``typst`` or ``html_block``), or None when there is none; the blocks are not
    changed (what changes is a copy)."""
    out: list[Block] = []
    changed = False
    for block in blocks:
        kind = block["t"]
        new = write(block) if kind == "Table" else None
        if kind == "Div":
            inner = in_blocks(block["c"][1], write)
            new = None if inner is None else {"t": "Div", "c": [block["c"][0], inner]}
        changed = changed or new is not None
        out.append(new or block)
    return out if changed else None


@dataclass(frozen=True)
class _Section:
    """The head, or one body: its rows, each row's cells' columns, and how many columns
    are row headers (all of them in the head)."""

    rows: list[Any]
    columns: list[list[int]]
    heads: int


def _parts(table: Block) -> tuple[list[str], list[str], list[Any], _Section, list[_Section]]:
    """The table's classes, its Typst settings, column specs, head and bodies, once it
    is known to be plain at the table's level and its rows regular."""
    (ident, classes, pairs), (short, caption), colspecs, head, bodies, foot = table["c"]
    if ident or short or caption or "typst:no-figure" in classes or foot[1]:
        raise _NotPlain
    settings = []
    for key, value in pairs:
        if key not in _SETTINGS or not _LENGTH.fullmatch(value):
            raise _NotPlain
        settings.append(f"{_SETTINGS[key]}: {value}")
    defaults = {spec[1]["t"] == "ColWidthDefault" for spec in colspecs}
    if len(defaults) > 1 or any(inner for _, _, inner, _ in bodies):
        raise _NotPlain
    count = len(colspecs)
    return (classes, settings, colspecs, _Section(head[1], _columns_of(head[1], count), count),
            [_Section(body[3], _columns_of(body[3], count), body[1]) for body in bodies])


def _columns_of(rows: list[Any], count: int) -> list[list[int]]:
    """Each row's cells' columns, past the cells that span down from the rows above,
    when the rows are regular: every row filled to ``count`` columns exactly and no
    cell spanning past the last row (Pandoc's writers would first mend it)."""
    below = [0] * count  # rows still covered by a cell above, by column
    found = []
    for _, cells in rows:
        if not cells:
            raise _NotPlain  # a row of cells from above only: Pandoc's Typst cannot write it
        columns, column = [], 0
        for cell in cells:
            while column < count and below[column]:
                column += 1
            rowspan, colspan = cell[2], cell[3]
            if column + colspan > count or rowspan < 1 or colspan < 1 or any(
                    below[column:column + colspan]):
                raise _NotPlain
            columns.append(column)
            below[column:column + colspan] = [rowspan] * colspan
            column += colspan
        if any(not left for left in below):
            raise _NotPlain  # a row that leaves columns empty
        below = [left - 1 for left in below]
        found.append(columns)
    if any(below):
        raise _NotPlain
    return found


def _content(cell: list[Any]) -> list[Block]:
    """A cell's inlines, once it is known to be plain."""
    (ident, classes, pairs), _, _, _, blocks = cell
    if ident or classes or any(key not in _CELL_KEYS for key, _ in pairs):
        raise _NotPlain
    if not blocks:
        return []
    if len(blocks) == 1 and blocks[0]["t"] == "Plain":
        return blocks[0]["c"]
    raise _NotPlain


def _span_classes(inline: Block) -> list[str]:
    ident, classes, pairs = inline["c"][0]
    if ident or pairs or "mark" in classes:
        raise _NotPlain
    return classes


# --- Typst ------------------------------------------------------------------------

def _typst_table(table: Block) -> str:
    _, settings, colspecs, head, bodies = _parts(table)  # classes: not Typst's
    text = [s for s in settings if s.startswith("size:")]
    props = [s for s in settings if not s.startswith("size:")]
    if colspecs and colspecs[0][1]["t"] == "ColWidthDefault":
        columns = str(len(colspecs))
    else:
        columns = "(" + ", ".join(_percentage(spec[1]["c"]) for spec in colspecs) + ")"
    aligns = "".join(f"{_TYPST_ALIGN[spec[0]['t']]}," for spec in colspecs)
    lines = [f"columns: {columns},", f"align: ({aligns}),", *(f"{p}," for p in props)]
    shared = _Shared()
    if head.rows:
        lines += ["table.header(" + "\n  ".join(_typst_row(row, shared) for row in head.rows)
                  + "),", "table.hline(),"]
    for body in bodies:  # Pandoc's Typst writer gives row-head columns nothing of their own
        lines += [_typst_row(row, shared) for row in body.rows]
    settext = f"#set text({', '.join(text)}); " if text else ""
    body_text = "\n    ".join(lines)
    table_text = shared.written(f"#table(\n    {body_text}\n  )")
    return f"#figure(\n  align(center)[{settext}{table_text}]\n  , kind: table\n  )"


class _Shared:
    """The content of the table's cells that are written alike (a rating's box, the
    same few words in bold), bound once to a name those cells use (``#let bp-cell-1 =
    [...];``, local to the table's content block): content made once is laid out once,
    where content written in each cell is laid out in each (on the reference pack,
    about 25 MB less of Typst's memory for its 2,000 rating boxes). Content written in
    one cell only stays in it."""

    def __init__(self) -> None:
        self.uses: dict[str, int] = {}

    def cell(self, content: str) -> str:
        """A stand-in for ``content`` in the table's text, put right by ``written``
        (marked by NUL, which Typst strings escape: content holding one, which only raw
        Typst could, leaves the table for Pandoc)."""
        if "\0" in content:
            raise _NotPlain
        self.uses[content] = self.uses.get(content, 0) + 1
        return f"\0{content}\0"

    def written(self, text: str) -> str:
        """``text`` with each stand-in put right, after the bindings it uses."""
        names = {content: f"bp-cell-{number}" for number, content in enumerate(
            (c for c, uses in self.uses.items() if uses > 1), start=1)}
        parts = text.split("\0")  # odd parts are the cells' content
        for index in range(1, len(parts), 2):
            content = parts[index]
            parts[index] = names.get(content) or f"[{content}]"
        return "".join(f"#let {name} = [{content}]; " for content, name in names.items()
                       ) + "".join(parts)


def _percentage(width: float) -> str:
    return f"{width * 100:.2f}".rstrip("0").rstrip(".") + "%"


def _typst_row(row: list[Any], shared: _Shared) -> str:
    return ", ".join(_typst_cell(cell, shared) for cell in row[1]) + ","  # no row attributes


def _typst_cell(cell: list[Any], shared: _Shared) -> str:
    """A cell as Typst: an empty one as ``none``, one of words only as their string and
    any other as a name ``shared`` binds to its content, which lay out as ``[]``,
    ``[#"words";]`` and the content written in the cell do (and in a table of thousands
    of cells hold less of Typst's memory)."""
    inlines = _content(cell)
    _, align, rowspan, colspan, _ = cell
    settings = ([f"align: {_TYPST_ALIGN[align['t']]}"] if align["t"] != "AlignDefault"
                else []) + ([f"rowspan: {rowspan}"] if rowspan != 1 else []) + \
        ([f"colspan: {colspan}"] if colspan != 1 else [])
    if settings:
        return f"table.cell({', '.join(settings)})[{_typst_inlines(inlines)}]"
    if not inlines:
        return "none"
    if all(inline["t"] in _WORDS for inline in inlines):
        return typst_string(_words(inlines))
    return shared.cell(_typst_inlines(inlines))


def _words(inlines: list[Block]) -> str:
    return "".join(inline["c"] if inline["t"] == "Str" else " " for inline in inlines)


def _typst_inlines(inlines: list[Block]) -> str:
    out: list[str] = []
    words: list[str] = []
    for inline in inlines:
        kind = inline["t"]
        if kind in _WORDS:
            words.append(_words([inline]))
            continue
        if words:  # a literal ended by ";": nothing after it continues the expression
            out.append(f"#{typst_string(''.join(words))};")
            words = []
        if kind == "LineBreak":
            out.append(" \\ ")
        elif kind in _TYPST_STYLES:
            out.append(f"#{_TYPST_STYLES[kind]}[{_typst_inlines(inline['c'])}]")
        elif kind == "Span":
            _span_classes(inline)
            out.append(_typst_inlines(inline["c"][1]))
        elif kind == "RawInline":
            out.append(inline["c"][1] if inline["c"][0] == "typst" else "")
        else:
            raise _NotPlain
    if words:
        out.append(f"#{typst_string(''.join(words))};")
    return "".join(out)


# --- HTML -------------------------------------------------------------------------

def _html_table(table: Block) -> str:
    classes, _, colspecs, head, bodies = _parts(table)  # the Typst settings: not HTML's
    attributes = f' class="{_escape(" ".join(classes))}"' if classes else ""
    out = []
    widths = [spec[1]["c"] for spec in colspecs if spec[1]["t"] == "ColWidth"]
    if widths:
        total = sum(widths)
        if total < 1:
            attributes += f' style="width:{round(total * 100)}%;"'
        out.append("<colgroup>\n" + "".join(
            f'<col style="width: {int(width * 100)}%" />\n' for width in widths)
            + "</colgroup>\n")
    aligns = [spec[0]["t"] for spec in colspecs]
    if head.rows:
        out.append("<thead>\n" + _html_rows(head, aligns) + "</thead>\n")
    for body in bodies:
        out.append("<tbody>\n" + _html_rows(body, aligns) + "</tbody>\n")
    return f"<table{attributes}>\n" + "".join(out) + "</table>"


def _html_rows(section: _Section, aligns: list[str]) -> str:
    """Rows as Pandoc writes them: a cell takes its column's alignment unless it has
    its own; the section's row-header columns are header cells."""
    out = []
    heads = section.heads
    for ((_, row_classes, _), cells), columns in zip(section.rows, section.columns,
                                                     strict=True):
        tag = f'<tr class="{_escape(" ".join(row_classes))}">' if row_classes else "<tr>"
        written = [tag]
        for cell, column in zip(cells, columns, strict=True):
            content = _html_inlines(_content(cell))
            _, align, rowspan, colspan, _ = cell
            if column < heads < column + colspan:
                raise _NotPlain  # a cell across the row headers' edge: Pandoc cuts it
            name = "th" if column < heads else "td"
            attributes = ""
            if colspan != 1:
                attributes += f' colspan="{colspan}"'
            if rowspan != 1:
                attributes += f' rowspan="{rowspan}"'
            shown = _HTML_ALIGN.get(align["t"]) or _HTML_ALIGN.get(aligns[column])
            if shown:
                attributes += f' style="text-align: {shown};"'
            attributes += "".join(f' {key}="{_escape(value)}"' for key, value in cell[0][2])
            written.append(f"<{name}{attributes}>{content}</{name}>")
        out.append("\n".join(written) + "\n</tr>\n")
    return "".join(out)


def _html_inlines(inlines: list[Block]) -> str:
    out: list[str] = []
    for inline in inlines:
        kind = inline["t"]
        if kind == "Str":
            out.append(html.escape(inline["c"], quote=False))
        elif kind in ("Space", "SoftBreak"):
            out.append(" ")
        elif kind == "LineBreak":
            out.append("<br />\n")
        elif kind in _HTML_STYLES:
            tag = _HTML_STYLES[kind]
            out.append(f"<{tag}>{_html_inlines(inline['c'])}</{tag}>")
        elif kind == "Span":
            classes = _span_classes(inline)
            attributes = f' class="{_escape(" ".join(classes))}"' if classes else ""
            out.append(f"<span{attributes}>{_html_inlines(inline['c'][1])}</span>")
        elif kind == "RawInline":
            out.append(inline["c"][1] if inline["c"][0] in ("html", "html5") else "")
        else:
            raise _NotPlain
    return "".join(out)


def _escape(value: str) -> str:
    return html.escape(value, quote=True)
