"""What the HTML writer is given: tables whose header cells say what they head, wide
tables marked so that the page can keep their key columns in view, and images that
always have an ``alt`` attribute.

- **Row headers.** A table whose every body row starts with a cell that is all bold
  is a label/value table (the front sheet's meeting details, the Ofsted card, a Word
  table with a bold first column): its first column becomes row headers, which
  Pandoc writes as ``<th>``, with ``scope="row"``. The PDF follows the same rule
  (``boardpack.render.pdf_finish``). Such a table is marked ``label-value``: it wraps
  on a phone instead of scrolling.
- **Column headers.** Every cell of a table's header rows gets ``scope="col"`` (or
  ``"colgroup"`` when it spans several columns).
- **Wide tables.** A table of six columns or more is marked ``wide-table``: it keeps
  its width and scrolls sideways in its region, with its first column (the
  indicator) and a RAG status column held in view (see pack.css).

- **Images.** A decorative image (``{.decorative}``, or Word's "Mark as decorative")
  gets ``alt=""``, so screen readers pass over it; one with no description says so,
  as in the PDF (``typst_fixes.NO_DESCRIPTION``), rather than having no ``alt`` at all.

Done on each fragment's AST before Pandoc writes it, so every attribute value is
Pandoc's to escape; a fragment without a table or an image is left exactly as it is.
A plain table (``plain_tables``) is then written as HTML here, not by Pandoc: marked
on a copy of its rows and cells only, not of the whole fragment.
"""

from __future__ import annotations

from typing import Any

from boardpack.cache import from_json
from boardpack.pandoc import ast
from boardpack.render import plain_tables
from boardpack.render.fragments import Block, Pieces, payload
from boardpack.render.typst_fixes import NO_DESCRIPTION

WIDE = 6
_MARKS = (b'"t":"Table"', b'"t":"Image"')


def marked(pieces: Pieces) -> Pieces:
    """``pieces`` with their tables' header cells scoped, wide tables marked and every
    image given an ``alt``."""
    blocks, payloads = [], []
    for piece, text in zip(pieces.blocks, pieces.payloads, strict=True):
        if not any(mark in text for mark in _MARKS):
            blocks.append(piece)
            payloads.append(text)
            continue
        changed = None if _MARKS[1] in text else _tables_written(piece, text)
        if changed is None:
            # a copy to change (the PDF renderer reads the same blocks), read back from
            # the fragment's JSON: far cheaper than copying the tree node by node
            changed = ast.edit(from_json(text), _fix, ("Table", "Image"))
            changed = plain_tables.in_blocks(changed, plain_tables.html_block) or changed
        blocks.append(changed)
        payloads.append(payload(changed))
    return Pieces(blocks, payloads)


def _tables_written(piece: list[Block], text: bytes) -> list[Block] | None:
    """The blocks of a fragment whose only marks are tables, each table marked on a
    copy of its cells and written by ``plain_tables`` if plain; None when a table
    sits deeper than the top level or a division (the caller copies the fragment)."""
    found = 0

    def write(table: Block) -> Block:
        nonlocal found
        found += 1
        shell = _shell(table)
        _table(shell)
        return plain_tables.html_block(shell) or shell

    out = plain_tables.in_blocks(piece, write) or piece
    return out if found == text.count(_MARKS[0]) else None


def _shell(node: Block) -> Block:
    """A table with its own copies of what ``_table`` changes: its classes, its bodies'
    row-head counts and each cell's attributes (contents are shared)."""
    (ident, classes, pairs), caption, specs, head, bodies, foot = node["c"]

    def rows(given: list[Any]) -> list[Any]:
        return [[attributes, [[[c[0][0], c[0][1], list(c[0][2])], c[1], c[2], c[3], c[4]]
                              for c in cells]] for attributes, cells in given]

    return {"t": "Table", "c": [[ident, list(classes), pairs], caption, specs,
                                [head[0], rows(head[1])],
                                [[b[0], b[1], b[2], rows(b[3])] for b in bodies], foot]}


def _fix(node: Block) -> None:
    if node["t"] == "Image":
        _image(node)
    else:
        _table(node)


def _image(node: Block) -> None:
    (_, classes, pairs), _, _ = node["c"]
    if ast.DECORATIVE in classes and not any(key == "alt" for key, _ in pairs):
        pairs.append(["alt", ""])
    elif ast.undescribed(node):
        pairs.append(["alt", NO_DESCRIPTION])


def _table(node: Block) -> None:
    attributes, _, specs, (_, head_rows), bodies, _ = node["c"]
    for _, cells in head_rows:
        for cell in cells:
            _scope(cell, "colgroup" if cell[3] > 1 else "col")
    rows = [row for body in bodies for row in body[3]]
    if rows and all(len(cells) > 1 and _bold_only(cells[0]) for _, cells in rows):
        for body in bodies:
            body[1] = 1  # one row-head column
        for _, cells in rows:
            _scope(cells[0], "row")
        attributes[1].append("label-value")
    elif len(specs) >= WIDE:
        attributes[1].append("wide-table")


def _scope(cell: list, scope: str) -> None:
    pairs = cell[0][2]
    if not any(key == "scope" for key, _ in pairs):
        pairs.append(["scope", scope])


def _bold_only(cell: list) -> bool:
    """Whether a cell holds one paragraph of bold text and nothing else."""
    blocks = cell[4]
    if len(blocks) != 1 or blocks[0]["t"] not in ("Plain", "Para"):
        return False
    inlines = [i for i in blocks[0]["c"] if i["t"] not in ("Space", "SoftBreak")]
    return len(inlines) == 1 and inlines[0]["t"] == "Strong"
