"""The marks ``rewrite`` put into the XML, found again in Pandoc's AST and acted on.

- an altChunk's paragraph becomes the chunk's converted blocks;
- a list's items carry Word's numbers: the list starts where Word's does, and splits
  where Word's numbers jump; a number Pandoc did not make a list of becomes text;
- a shaded cell gets its colour (a style for HTML, ``typst:fill`` for Typst), white
  text on a dark fill, and the colour's name where the colour alone carries the
  meaning of a Red/Amber/Green status;
- a text box's blocks are put in a framed division.

Every mark left anywhere is taken out, so none can reach the pack.
"""

from __future__ import annotations

import colorsys
import re
from typing import Any

import orjson

from boardpack.pandoc import ast
from boardpack.sources.docx import rewrite
from boardpack.sources.docx.rewrite import BOX_END, BOX_START, CHUNK, NUMBER, SEP, SHADE

Node = dict[str, Any]
BLOCKS = frozenset({"Para", "Plain", "Header", "BulletList", "OrderedList", "Div", "Table",
                    "BlockQuote", "CodeBlock", "HorizontalRule", "LineBlock", "DefinitionList",
                    "Figure", "RawBlock"})
TEXT_BOX_CLASS = "text-box"
TEXT_BOX_TYPST = "#block(width: 100%, inset: 8pt, stroke: 0.5pt + luma(55%), radius: 2pt)["
# Names a fill colour may stand for (hue ranges in degrees), when it is a status colour.
RAG_HUES = (("Red", 345, 360), ("Red", 0, 15), ("Amber", 25, 62), ("Green", 75, 165))
STATUS_WORDS = re.compile(r"\b(red|amber|green|r|a|g)\b", re.I)
HAS_LETTERS = re.compile(r"[^\W\d_]")


class Marks:
    """The marks of one conversion (the tokens of its parts: the document, its chunks)."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = [t.encode() for t in tokens]
        self.pattern = re.compile(re.escape(rewrite.OPEN) + "(?:" + "|".join(
            re.escape(t) for t in tokens) + ")([A-Z])([^" + rewrite.CLOSE + "]*)" +
            re.escape(rewrite.CLOSE))

    def alone(self, block: Node) -> tuple[str, list[str]] | None:
        """The mark a paragraph consists of, as (kind, payload); None if it is not one."""
        if block.get("t") not in ("Para", "Plain") or len(block["c"]) != 1:
            return None
        inline = block["c"][0]
        found = self.pattern.fullmatch(inline["c"]) if inline.get("t") == "Str" else None
        return (found.group(1), found.group(2).split(SEP)) if found else None

    def leading(self, blocks: list[Node]) -> tuple[str, list[str]] | None:
        """The mark at the very start of the first paragraph of ``blocks``, taken out."""
        if not blocks or blocks[0].get("t") not in ("Para", "Plain") or not blocks[0]["c"]:
            return None
        inlines = blocks[0]["c"]
        first = inlines[0]
        found = self.pattern.match(first["c"]) if first.get("t") == "Str" else None
        if not found:
            return None
        rest = first["c"][found.end():]
        if rest:
            first["c"] = rest
        else:
            del inlines[0]
        return found.group(1), found.group(2).split(SEP)

    # --- before ``ast.clean``: chunks --------------------------------------------------

    def insert_chunks(self, blocks: list[Node], chunks: list[list[Node]]) -> list[Node]:
        """Each altChunk's paragraph replaced by the chunk's blocks."""

        def fix(node: Node) -> list[Node] | None:
            found = self.alone(node)
            if found and found[0] == CHUNK and found[1][0].isdigit():
                index = int(found[1][0])
                return chunks[index] if index < len(chunks) else []
            return None

        return ast.edit(blocks, fix, ("Para",))

    # --- after ``ast.clean`` -----------------------------------------------------------

    def finish(self, blocks: list[Node]) -> list[Node]:
        """Lists numbered, cells shaded, text boxes framed, leftover marks taken out."""
        if not self.present(blocks):
            return blocks
        blocks = ast.edit(blocks, self.number_list, ("OrderedList",))
        blocks = ast.edit(blocks, self.shade_table, ("Table",))
        blocks = self.frame_boxes(blocks)
        if self.present(blocks):
            blocks = ast.edit(blocks, self.strip, ("Str",))
        return blocks

    def present(self, blocks: list[Node]) -> bool:
        """Whether any mark may be left in ``blocks`` (a quick look at their JSON)."""
        text = orjson.dumps(blocks)
        return any(t in text for t in self.tokens)

    def number_list(self, node: Node) -> list[Node] | None:
        """The list as Word numbers it: starting at Word's number, split where it jumps."""
        (start, style, delim), entries = node["c"]
        out: list[Node] = []
        expected: int | None = None
        for entry in entries:
            found = self.leading(entry)
            value = expected
            if found and found[0] == NUMBER and len(found[1]) == 3 and found[1][2].isdigit():
                value = int(found[1][2])
                kind = {"t": found[1][1]}
                if not out or value != expected or out[-1]["c"][0][1] != kind:
                    out.append({"t": "OrderedList", "c": [[value, kind, {"t": "Period"}], []]})
            elif not out:
                out.append({"t": "OrderedList", "c": [[start, style, delim], []]})
                value = start
            out[-1]["c"][1].append(entry)
            expected = (value or 0) + 1
        return out

    def shade_table(self, node: Node) -> None:
        """Each marked cell gets its fill colour (and the status it stands for)."""
        _, _, _, head, bodies, foot = node["c"]
        rows = [(row, True) for row in head[1]]
        for body in bodies:
            rows += [(row, True) for row in body[2]] + [(row, False) for row in body[3]]
        rows += [(row, False) for row in foot[1]]
        for row, heading in rows:
            for cell in row[1]:
                found = self.leading(cell[4])
                if found and found[0] == SHADE and found[1] and re.fullmatch(
                        r"[0-9A-F]{6}", found[1][0]):
                    paint(cell, found[1][0], heading)
        return None

    def frame_boxes(self, blocks: list[Node]) -> list[Node]:
        """Every run of blocks between a text box's marks, in a framed division."""
        out: list[Node] = []
        opened: list[list[Node]] = []
        for block in blocks:
            for child in block_lists(block):
                child[:] = self.frame_boxes(child)
            found = self.alone(block)
            if found and found[0] == BOX_START:
                opened.append([])
            elif found and found[0] == BOX_END and opened:
                inner = opened.pop()
                framed = [ast.raw_block("typst", TEXT_BOX_TYPST),
                          ast.div(inner, classes=[TEXT_BOX_CLASS]), ast.raw_block("typst", "]")]
                (opened[-1] if opened else out).extend(framed)
            elif found and found[0] in (BOX_START, BOX_END, CHUNK):
                continue
            else:
                (opened[-1] if opened else out).append(block)
        for inner in opened:  # a start without its end: keep the blocks, unframed
            out.extend(inner)
        return out

    def strip(self, node: Node) -> list[Node] | None:
        """A word without the marks in it; a list number Pandoc did not list, as text."""
        text = node["c"]
        if rewrite.OPEN not in text:
            return None
        out: list[Node] = []

        def replace(found: re.Match[str]) -> str:
            if found.group(1) == NUMBER:
                return found.group(2).split(SEP)[0] + "\u0000"
            return ""

        parts = self.pattern.sub(replace, text).split("\u0000")
        for index, part in enumerate(parts):
            if index:
                out.append({"t": "Space"})
            if part:
                out.append({"t": "Str", "c": part})
        return out


def block_lists(block: Node) -> list[list[Node]]:
    """The lists of blocks directly inside a block (a list's items, a cell's content …)."""
    kind = block.get("t")
    content: Any = block.get("c") or []
    if kind in ("Div", "Figure"):
        return [content[-1]]
    if kind == "BlockQuote":
        return [content]
    if kind == "BulletList":
        return list(content)
    if kind == "OrderedList":
        return list(content[1])
    if kind == "DefinitionList":
        return [blocks for _, definitions in content for blocks in definitions]
    if kind == "Table":
        _, _, _, head, bodies, foot = content
        rows = head[1] + [r for body in bodies for r in body[2] + body[3]] + foot[1]
        return [cell[4] for row in rows for cell in row[1]]
    return []


def paint(cell: list[Any], fill: str, heading: bool) -> None:
    """Give a Pandoc table cell the fill colour ``fill`` (six hex digits)."""
    dark = luminance(fill) < 0.18
    style = f"background-color: #{fill}" + ("; color: #FFFFFF" if dark else "")
    pairs = [["style", style], ["typst:fill", f'rgb("#{fill}")']]
    if dark:
        pairs.append(["typst:text:fill", 'rgb("#FFFFFF")'])
    cell[0] = [cell[0][0], [*cell[0][1], "shaded"], [*cell[0][2], *pairs]]
    status = rag_name(fill)
    text = ast.text_of(cell[4])
    if status and not heading and not HAS_LETTERS.search(text):
        words = [{"t": "Str", "c": status}] if not text else [
            {"t": "Space"}, {"t": "Str", "c": f"({status})"}]
        if cell[4] and cell[4][0].get("t") in ("Para", "Plain"):
            cell[4][0]["c"] = [*cell[4][0]["c"], *words] if text else words
        else:
            cell[4].insert(0, {"t": "Plain", "c": words})


def luminance(fill: str) -> float:
    """The relative luminance of an sRGB colour (WCAG 2's formula)."""
    channels = []
    for i in (0, 2, 4):
        c = int(fill[i:i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def rag_name(fill: str) -> str | None:
    """"Red", "Amber" or "Green" for a strong status colour; None for any other (pale
    tints, greys and blues are highlights, not statuses)."""
    r, g, b = (int(fill[i:i + 2], 16) / 255 for i in (0, 2, 4))
    hue, light, saturation = colorsys.rgb_to_hls(r, g, b)
    if saturation < 0.45 or not 0.2 <= light <= 0.72:
        return None
    degrees = hue * 360
    return next((name for name, low, high in RAG_HUES if low <= degrees < high), None)

