"""Ofsted letters and reports: the letter as it came, after a one-page summary card.

A letter may be a PDF, a Word file or Markdown. It is a letter when ``pack.toml``
says ``kind = "letter"``, or when ``recognise`` finds that a PDF, Word or Markdown
report's text is an Ofsted letter. The underlying file is converted by its own
source module; ``boardpack.sources.letter.ofsted`` reads the text of the blocks it made (for a
PDF, the text of each page that the pdf source extracted with pypdf in its bounded
worker, kept line by line for the HTML pack), and the card (kind, local
authority, dates, grades, areas covered, strengths, areas for improvement) goes
first, on a page of its own in the PDF. What was recognised is kept in
``Converted.meta["ofsted"]`` and reported by ``check`` as an information line.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import PurePosixPath
from typing import Any

from boardpack import sources
from boardpack.cache import paused_gc
from boardpack.pandoc import ast
from boardpack.problems import Level, Problem
from boardpack.sources import Context, Converted
from boardpack.sources.letter import ofsted
from boardpack.textfmt import short_date

KIND = "letter"
EXTENSIONS: tuple[str, ...] = ()  # never guessed from a name: marked, or recognised
VERSION = 2  # bump when the card or boardpack.sources.letter.ofsted's reading changes
BASE_KINDS = ("pdf", "docx", "md")
CARD_ITEMS = 8
CARD_TITLE = "Ofsted letter: summary"
NOTES = frozenset({"Note"})  # footnotes are not part of the text a letter is read from


def convert(data: bytes, ctx: Context) -> Converted:
    kind = sources.kind_for(ctx.file)
    if kind not in BASE_KINDS or kind not in sources.modules():
        raise ctx.error("an Ofsted letter should be a PDF, Word (.docx) or Markdown file",
                        "save or export the letter as PDF")
    converted = sources.module(kind).convert(data, ctx)
    letter = ofsted.parse(plain_text(converted.blocks))
    if letter is None:
        ctx.warn("marked as an Ofsted letter, but boardpack did not recognise it as one, so it "
                 "has no summary card",
                 "check it is a monitoring or focused visit letter, an inspection report or a "
                 "joint targeted area inspection letter, with text (a scan has none)")
        return dataclasses.replace(converted, notes=list(ctx.notes))
    return with_card(converted, letter, ctx)


def recognise(converted: Converted, kind: str, ctx: Context) -> Converted:
    """``converted`` with a summary card if the file's text is an Ofsted letter."""
    if kind not in BASE_KINDS:
        return converted
    with paused_gc():  # many small lists, no cycles
        letter = ofsted.parse(plain_text(converted.blocks))
    return converted if letter is None else with_card(converted, letter, ctx)


def cache_tag(kind: str) -> str:
    """What a cached conversion of ``kind`` depends on here, for its cache key."""
    if kind in BASE_KINDS:
        return f"letter-v{VERSION}"
    if kind == KIND:
        found = sources.modules()
        return "+".join(f"{k}-v{getattr(found[k], 'VERSION', 1)}" for k in BASE_KINDS
                        if k in found)
    return ""


def with_card(converted: Converted, letter: ofsted.Letter, ctx: Context) -> Converted:
    note = Problem(letter.summary(), pack=ctx.pack, item=ctx.item, file=ctx.file,
                   level=Level.INFO)
    return dataclasses.replace(
        converted, blocks=card(letter, ctx) + converted.blocks,
        notes=[*converted.notes, note], meta={**converted.meta, "ofsted": letter.to_json()})


# --- the text the parser reads -----------------------------------------------------


def plain_text(blocks: list[dict[str, Any]]) -> str:
    """Blocks as text with the line structure a letter's parser needs.

    One paragraph per line with blank lines between, list items as "• …" lines,
    table rows as cells separated by " | ", footnotes and raw output left out.
    """
    out: list[str] = []

    def visit(block: dict[str, Any], bullet: str = "") -> None:
        kind: str = block["t"]
        content: Any = block.get("c")
        if kind in ("Para", "Plain", "Header"):
            text = inline_text(content[2] if kind == "Header" else content)
            out.append(bullet + text if bullet else text)
            if not bullet:
                out.append("")
        elif kind in ("BulletList", "OrderedList"):
            entries = content if kind == "BulletList" else content[1]
            for position, entry in enumerate(entries, start=1):
                mark = "• " if kind == "BulletList" else f"{position}. "
                for index, child in enumerate(entry):
                    visit(child, mark if index == 0 else "")
            out.append("")
        elif kind == "Table":
            head, bodies, foot = content[3], content[4], content[5]
            rows = head[1] + [r for body in bodies for r in body[2] + body[3]] + foot[1]
            for row in rows:
                out.append(" | ".join(inline_text(cell[4]) for cell in row[1]))
            out.append("")
        elif kind == "LineBlock":
            out.extend(inline_text(line) for line in content)
            out.append("")
        elif kind in ("Div", "BlockQuote", "Figure"):
            for child in content[-1] if kind != "BlockQuote" else content:
                visit(child)
        elif kind == "DefinitionList":
            for term, definitions in content:
                out.append(inline_text(term))
                for definition in definitions:
                    for child in definition:
                        visit(child)

    for block in blocks:
        visit(block)
    return "\n".join(out)


def inline_text(value: list[dict[str, Any]]) -> str:
    """Inline text without footnotes, a line break kept as a new line."""
    lines: list[list[dict[str, Any]]] = [[]]
    for node in value:
        if node.get("t") == "LineBreak":
            lines.append([])
        else:
            lines[-1].append(node)
    return "\n".join(ast.text_of(line, without=NOTES) for line in lines)


# --- the card ----------------------------------------------------------------------


def card(letter: ofsted.Letter, ctx: Context) -> list[dict[str, Any]]:
    """The summary card, then a page break. In the PDF the card is one unbreakable block
    (it moves whole to a new page rather than split), and the letter starts a page."""
    stem = re.sub(r"[^a-z0-9]+", "-", PurePosixPath(ctx.file).stem.lower()).strip("-")
    dates_label = "Inspection dates" if letter.kind in (ofsted.INSPECTION, ofsted.JTAI) else (
        "Visit dates")
    facts = [
        ("Kind", letter.kind_label),
        ("Local authority", letter.local_authority),
        (dates_label, letter.visit_dates or "not found in the letter"),
        ("Published", short_date(letter.published) if letter.published else
         "not found in the letter"),
        ("Grades", letter.grades_text()[:1].upper() + letter.grades_text()[1:]),
    ]
    blocks: list[dict[str, Any]] = [
        ast.header(2, CARD_TITLE, f"{ctx.item}--ofsted-{stem}", classes=["unnumbered"]),
        ast.table(["Letter", "Recognised from its text"],
                  [[[ast.strong(label)], value] for label, value in facts],
                  widths=[0.28, 0.72], classes=["ofsted-facts"]),
    ]
    if letter.judgements:
        blocks.append(ast.table(["Judgement", "Grade"],
                                [[j.area, j.grade] for j in letter.judgements],
                                widths=[0.62, 0.38], classes=["ofsted-judgements"]))
    if letter.headline:
        blocks += [ast.header(3, "Headline findings", classes=["unnumbered", "unlisted"]),
                   ast.para(letter.headline)]
    for title, entries in (("Areas covered", letter.areas_covered),
                           ("Strengths", letter.strengths),
                           ("Areas for priority action", letter.priority_actions),
                           ("Areas for improvement", letter.improvements)):
        if entries:
            shown = entries[:CARD_ITEMS]
            if len(entries) > len(shown):
                shown = [*shown, f"… and {len(entries) - len(shown)} more in the letter"]
            blocks += [ast.header(3, title, classes=["unnumbered", "unlisted"]),
                       ast.bullets(shown)]
    blocks.append(ast.para([ast.emph("Summary drawn by boardpack from the letter's text; the "
                                     "letter itself follows.")]))
    return [ast.raw_block("typst", "#block(breakable: false, width: 100%)["),
            ast.div(blocks, classes=["ofsted-summary"]),
            ast.raw_block("typst", "]"),
            ast.raw_block("typst", "#pagebreak(weak: true)")]
