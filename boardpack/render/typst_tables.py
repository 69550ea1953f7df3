"""Plain tables written as Typst here, not by Pandoc's writer.

A workbook's table is thousands of cells (the reference pack's ten workbooks hold
24,000), and Pandoc's Typst writer spent about half a CPU second on them, reading and
writing their JSON, on the way to every PDF. A table whose every part is plain is
therefore written here, in the shape Pandoc writes it (a ``figure`` of kind ``table``
around ``table(columns:, align:, table.header(...), table.hline(), cells)``), so
that it lays out the same; any other table is left for Pandoc (``None``).

Plain means: no caption, label or attributes but the text size and inset boardpack
gives a table (each a length); a head, bodies without head rows or row-head columns,
no foot; cells without attributes, each holding at most one plain paragraph of words,
spaces, line breaks, bold, italics, spans without attributes and raw Typst (the
rating boxes, pictures lowered by ``typst_fixes``). Words go in as Typst string
literals through the one escaper (``typst_string``), so nothing in a cell can be read
as Typst markup: the cell shows exactly its characters, as Pandoc's escaping does.
"""

from __future__ import annotations

import re
from typing import Any

from boardpack.pandoc import ast
from boardpack.pandoc.raw import typst_string

Block = dict[str, Any]

_LENGTH = re.compile(r"\d+(?:\.\d+)?(?:pt|mm|cm|in|em)")
_SETTINGS = {"typst:inset": "inset", "typst:text:size": "size"}  # boardpack's own
_ALIGN = {"AlignLeft": "left", "AlignRight": "right", "AlignCenter": "center",
          "AlignDefault": "auto"}
_STYLES = {"Strong": "strong", "Emph": "emph"}
_WORDS = {"Str", "Space", "SoftBreak"}


class _NotPlain(Exception):
    """Something in the table that Pandoc's writer must write."""


def written(table: Block) -> Block | None:
    """``table`` as a raw Typst block, or None when it is not plain (see the module)."""
    try:
        return ast.raw_block("typst", _table(table))
    except _NotPlain:
        return None


def in_blocks(blocks: list[Block]) -> list[Block] | None:
    """``blocks`` with each plain table (also inside divisions) written here, or None
    when there is none (the blocks are not changed: what changes is a copy)."""
    out: list[Block] = []
    changed = False
    for block in blocks:
        kind = block["t"]
        new = written(block) if kind == "Table" else None
        if kind == "Div":
            inner = in_blocks(block["c"][1])
            new = None if inner is None else {"t": "Div", "c": [block["c"][0], inner]}
        changed = changed or new is not None
        out.append(new or block)
    return out if changed else None


def _table(table: Block) -> str:
    (ident, classes, pairs), (short, caption), colspecs, head, bodies, foot = table["c"]
    if ident or short or caption or "typst:no-figure" in classes or foot[1]:
        raise _NotPlain
    props: list[str] = []
    text: list[str] = []
    for key, value in pairs:
        if key not in _SETTINGS or not _LENGTH.fullmatch(value):
            raise _NotPlain
        (text if key == "typst:text:size" else props).append(f"{_SETTINGS[key]}: {value}")
    widths = [spec[1] for spec in colspecs]
    if all(width["t"] == "ColWidthDefault" for width in widths):
        columns = str(len(colspecs))
    else:
        columns = "(" + ", ".join(_percentage(width) for width in widths) + ")"
    aligns = "".join(f"{_ALIGN[spec[0]['t']]}," for spec in colspecs)
    lines = [f"columns: {columns},", f"align: ({aligns}),", *(f"{p}," for p in props)]
    if head[1]:
        lines += ["table.header(" + "\n  ".join(_row(row) for row in head[1]) + "),",
                  "table.hline(),"]
    for _, row_heads, inner_head, rows in bodies:
        if row_heads or inner_head:
            raise _NotPlain
        lines += [_row(row) for row in rows]
    settext = f"#set text({', '.join(text)}); " if text else ""
    body = "\n    ".join(lines)
    return (f"#figure(\n  align(center)[{settext}#table(\n    {body}\n  )]\n"
            "  , kind: table\n  )")


def _percentage(width: dict[str, Any]) -> str:
    if width["t"] == "ColWidthDefault":
        return "auto"
    return f"{width['c'] * 100:.2f}".rstrip("0").rstrip(".") + "%"


def _row(row: list[Any]) -> str:
    _, cells = row  # Pandoc writes no row attributes to Typst
    return ", ".join(_cell(cell) for cell in cells) + ","


def _cell(cell: list[Any]) -> str:
    attributes, align, rowspan, colspan, blocks = cell
    if attributes != ["", [], []]:
        raise _NotPlain
    if not blocks:
        content = ""
    elif len(blocks) == 1 and blocks[0]["t"] == "Plain":
        content = _inlines(blocks[0]["c"])
    else:
        raise _NotPlain
    settings = ([f"align: {_ALIGN[align['t']]}"] if align["t"] != "AlignDefault" else []) + \
        ([f"rowspan: {rowspan}"] if rowspan != 1 else []) + \
        ([f"colspan: {colspan}"] if colspan != 1 else [])
    return (f"table.cell({', '.join(settings)})" if settings else "") + f"[{content}]"


def _inlines(inlines: list[Block]) -> str:
    out: list[str] = []
    words: list[str] = []
    for inline in inlines:
        kind = inline["t"]
        if kind in _WORDS:
            words.append(inline["c"] if kind == "Str" else " ")
            continue
        if words:
            out.append(_words(words))
            words = []
        if kind == "LineBreak":
            out.append(" \\ ")
        elif kind in _STYLES:
            out.append(f"#{_STYLES[kind]}[{_inlines(inline['c'])}]")
        elif kind == "Span" and inline["c"][0][0] == "" and not inline["c"][0][2] \
                and "mark" not in inline["c"][0][1]:
            out.append(_inlines(inline["c"][1]))
        elif kind == "RawInline":
            out.append(inline["c"][1] if inline["c"][0] == "typst" else "")
        else:
            raise _NotPlain
    if words:
        out.append(_words(words))
    return "".join(out)


def _words(words: list[str]) -> str:
    """Words and spaces as one string literal, ended by ``;`` so that nothing after
    it continues the expression."""
    return f"#{typst_string(''.join(words))};"
