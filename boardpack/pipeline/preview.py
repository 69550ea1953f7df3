"""What the app's preview shows for one file, worked out without Textual.

The file goes through the same source module (and cache) as a build, via
``convert.convert_one``; the Pandoc blocks become headings, paragraphs and
tables of plain text, and a letter's recognised details become a summary card.
So a PDF is read only by the pdf source's bounded worker
(``sources.pdf.inspect.inspect_bounded``), never in the app's own process: its
pages show as the text that worker extracted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from boardpack.cache import Cache
from boardpack.model import Item, Pack, SourceRef
from boardpack.pandoc import ast
from boardpack.pipeline.convert import convert_one
from boardpack.problems import BoardpackError

MAX_PARTS = 400


@dataclass
class Table:
    """A table as rows of cell text."""

    head: list[str]
    rows: list[list[str]]


@dataclass
class Part:
    """A heading or a paragraph of text."""

    text: str
    heading: bool = False


@dataclass
class Preview:
    """A file's preview: a summary card, then text and tables."""

    title: str
    card: list[tuple[str, str]] = field(default_factory=list)
    parts: list[Part | Table] = field(default_factory=list)
    problem: str = ""
    notes: list[str] = field(default_factory=list)


def _cells(rows: list[Any]) -> list[list[str]]:
    return [[ast.text_of(cell[4]) for cell in row[1]] for row in rows]


def table_of(node: dict[str, Any]) -> Table:
    """A Pandoc table node as head and body rows of text."""
    _attr, _caption, _specs, head, bodies, _foot = node["c"]
    head_rows = _cells(head[1])
    rows = [r for body in bodies for r in _cells(body[2]) + _cells(body[3])]
    return Table(head=head_rows[0] if head_rows else [], rows=head_rows[1:] + rows)


def parts_of(blocks: list[dict[str, Any]]) -> list[Part | Table]:
    """Headings, paragraphs, list entries and tables, in reading order."""
    out: list[Part | Table] = []
    for block in blocks:
        kind = block.get("t")
        if kind == "Header":
            out.append(Part(ast.text_of(block["c"][2]), heading=True))
        elif kind in ("Para", "Plain", "LineBlock", "BlockQuote"):
            text = ast.text_of(block["c"])
            if text:
                out.append(Part(text))
        elif kind == "Table":
            out.append(table_of(block))
        elif kind == "BulletList":
            out += [Part("• " + ast.text_of(entry)) for entry in block["c"]]
        elif kind == "OrderedList":
            start = block["c"][0][0]
            out += [Part(f"{start + n}. " + ast.text_of(entry))
                    for n, entry in enumerate(block["c"][1])]
        elif kind == "Div":
            out += parts_of(block["c"][1])
        elif kind == "Figure":
            out += parts_of(block["c"][2])
    return out[:MAX_PARTS]


def card_of(meta: dict[str, Any]) -> list[tuple[str, str]]:
    """Recognised details (e.g. an Ofsted letter's) as label and value lines."""
    lines: list[tuple[str, str]] = []

    def add(label: str, value: Any) -> None:
        name = label.replace("_", " ").capitalize()
        if isinstance(value, dict):
            for key, inner in value.items():
                add(key, inner)
        elif isinstance(value, list):
            if value and all(isinstance(v, dict) for v in value):
                for entry in value:
                    lines.append((name, ", ".join(f"{k}: {v}" for k, v in entry.items())))
            elif value:
                lines.append((name, "; ".join(str(v) for v in value)))
        elif value not in (None, ""):
            lines.append((name, str(value)))

    for key, value in meta.items():
        add(key, value)
    return lines


def preview(pack: Pack, item: Item, ref: SourceRef, cache: Cache | None) -> Preview:
    """The preview of one of an item's files; problems become ``problem``, never raised."""
    result = Preview(title=f"{ref.path} ({ref.kind})")
    try:
        converted = convert_one(pack, item, ref, cache)
    except BoardpackError as exc:
        result.problem = str(exc.problems[0])
        return result
    result.notes = [str(note) for note in converted.notes]
    result.card = card_of(converted.meta)
    result.parts = parts_of(converted.blocks)
    return result
