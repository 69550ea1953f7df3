"""Ofsted letters and reports: the letter as it came, after a summary card.

A letter may be a PDF, a Word file or Markdown. It is a letter when ``pack.toml``
says ``kind = "letter"``, or when ``recognise`` finds that a PDF, Word or Markdown
report's text is an Ofsted letter. The underlying file is converted by its own
source module; ``ofsted`` reads the text of the blocks it made (for a PDF, the text
of each page that the pdf source extracted in its bounded worker, page by page so
that running headers and footers can be taken out), and the card (kind, local
authority, dates, grades, areas covered, strengths, priority actions, areas for
improvement) goes first, on a page of its own in the PDF, or on as many as it needs.
What was recognised is kept in ``Converted.meta["ofsted"]`` and reported by ``check``
as an information line. An area SEND inspection report is recognised as what it is
and gets no card.
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
from boardpack.sources import ENDINGS, Context, Converted
from boardpack.sources.letter import ofsted
from boardpack.sources.letter.text import PAGE_BREAK
from boardpack.textfmt import short_date

KIND = "letter"
EXTENSIONS = ENDINGS[KIND]  # never guessed from a name: marked, or recognised
VERSION = 3  # bump when the card or the reading changes (3: general reader, long cards)
BASE_KINDS = ("pdf", "docx", "md")
CARD_ITEM_CHARS = 320  # each list item on the card: its first sentence, about this long
CARD_TITLE = "Ofsted letter: summary"
NOTES = frozenset({"Note"})  # footnotes are not part of the text a letter is read from


def convert(data: bytes, ctx: Context) -> Converted:
    kind = sources.kind_for(ctx.file)
    if kind not in BASE_KINDS:
        raise ctx.error("an Ofsted letter should be a PDF, Word (.docx) or Markdown file",
                        "save or export the letter as PDF")
    converted = sources.module(kind).convert(data, ctx)
    letter = ofsted.parse(plain_text(converted.blocks))
    if letter is not None and not letter.children_services:
        ctx.warn(f"marked as an Ofsted letter, but it is an {letter.kind_label[:1].lower()}"
                 f"{letter.kind_label[1:]}, not an inspection of children's services, so it "
                 "has no summary card", "mark it as a plain report (remove kind = \"letter\")")
        return dataclasses.replace(converted, notes=list(ctx.notes))
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
    if letter is None:
        return converted
    if not letter.children_services:
        note = Problem(letter.summary(), pack=ctx.pack, item=ctx.item, file=ctx.file,
                       level=Level.INFO)
        return dataclasses.replace(converted, notes=[*converted.notes, note])
    return with_card(converted, letter, ctx)


def cache_tag(kind: str) -> str:
    """What a cached conversion of ``kind`` depends on here, for its cache key."""
    if kind in BASE_KINDS:
        return f"letter-v{VERSION}"
    if kind == KIND:
        return "+".join(f"{k}-v{getattr(sources.module(k), 'VERSION', 1)}" for k in BASE_KINDS)
    return ""


def with_card(converted: Converted, letter: ofsted.Letter, ctx: Context) -> Converted:
    note = Problem(letter.summary(), pack=ctx.pack, item=ctx.item, file=ctx.file,
                   level=Level.INFO)
    return dataclasses.replace(
        converted, blocks=card(letter, ctx) + converted.blocks,
        notes=[*converted.notes, note], meta={**converted.meta, "ofsted": letter.to_json()})


# --- the text the parser reads -----------------------------------------------------

SUB_BULLETS = ("◦ ", "▪ ")  # list items inside list items, by depth
PDF_FILE, PDF_PAGE, PDF_PAGE_TEXT = "pdf-file", "pdf-page", "pdf-page-text"


def plain_text(blocks: list[dict[str, Any]]) -> str:
    """Blocks as text with the line structure a letter's reader needs.

    One paragraph per line with blank lines between; list items as "• …" or "1. …"
    lines (an item's further paragraphs on the lines after it, its own lists as "◦ …");
    table rows as cells separated by " | "; footnotes and raw output left out. A PDF's
    pages as the pdf source read them, line by line, with a form feed after each page.
    """
    out: list[str] = []

    def visit(block: dict[str, Any], depth: int = 0, mark: str = "") -> None:
        kind: str = block["t"]
        content: Any = block.get("c")
        if kind in ("Para", "Plain", "Header"):
            text = inline_text(content[2] if kind == "Header" else content)
            out.append(mark + text)
            if not depth:
                out.append("")
        elif kind in ("BulletList", "OrderedList"):
            entries = content if kind == "BulletList" else content[1]
            first = 1 if kind == "BulletList" else content[0][0]
            for position, entry in enumerate(entries, start=first):
                bullet = SUB_BULLETS[(depth - 1) % 2] if depth else (
                    "• " if kind == "BulletList" else f"{position}. ")
                for index, child in enumerate(entry):
                    visit(child, depth + 1, bullet if index == 0 else "")
            if not depth:
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
        elif kind == "Div" and PDF_PAGE in content[0][1]:
            out.extend(pdf_page_lines(content[1]))
            out.append(PAGE_BREAK)
        elif kind == "Div" and PDF_FILE in content[0][1]:
            for child in content[1]:  # its pages, not the download link
                if child["t"] == "Div" and PDF_PAGE in child["c"][0][1]:
                    visit(child)
        elif kind in ("Div", "BlockQuote", "Figure"):
            for child in content[-1] if kind != "BlockQuote" else content:
                visit(child, depth, mark)
                mark = ""
        elif kind == "DefinitionList":
            for term, definitions in content:
                out.append(inline_text(term))
                for definition in definitions:
                    for child in definition:
                        visit(child)

    for block in blocks:
        visit(block)
    return "\n".join(out)


def pdf_page_lines(content: list[dict[str, Any]]) -> list[str]:
    """The lines of one page of a PDF, from the pdf source's page section."""
    lines: list[str] = []
    for child in content:
        if child["t"] == "Div" and PDF_PAGE_TEXT in child["c"][0][1]:
            for para in child["c"][1]:
                if para["t"] in ("Para", "Plain"):
                    lines += [*([""] if lines else []), *inline_text(para["c"]).split("\n")]
    return lines


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

# In the PDF the card is one block that moves whole to the next page when it does not
# fit where it starts, and breaks over pages only when it is longer than a page (an
# unbreakable block taller than a page would run over the footer).
CARD_OPEN = ("#let bp-ofsted-card(body) = layout(size => {\n"
             "  let whole = measure(block(width: size.width, body))\n"
             "  block(breakable: whole.height > size.height, width: 100%, body)\n"
             "})\n"
             "#bp-ofsted-card[")


def card(letter: ofsted.Letter, ctx: Context) -> list[dict[str, Any]]:
    """The summary card, then a page break (the letter starts a page). Every list is
    shown whole, each item by its first sentence."""
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
    recommendations = letter.framework == "SIF"
    for title, entries in (
            ("Areas covered", letter.areas_covered),
            ("Strengths", letter.strengths),
            ("Areas for priority action", letter.priority_actions),
            ("Recommendations" if recommendations else "Areas for improvement",
             letter.improvements),
            ("Recommendations to the Local Safeguarding Children Board",
             letter.lscb_recommendations)):
        if entries:
            shown = [first_sentence(entry) for entry in entries]
            blocks += [ast.header(3, f"{title} ({len(entries)})" if len(entries) > 1 else title,
                                  classes=["unnumbered", "unlisted"]),
                       ast.bullets(shown)]
    blocks.append(ast.para([ast.emph("Summary drawn by boardpack from the letter's text; the "
                                     "letter itself follows.")]))
    return [ast.raw_block("typst", CARD_OPEN),
            ast.div(blocks, classes=["ofsted-summary"]),
            ast.raw_block("typst", "]"),
            ast.raw_block("typst", "#pagebreak(weak: true)")]


def first_sentence(text: str, limit: int = CARD_ITEM_CHARS) -> str:
    """An item as the card shows it: its first sentence (or its first ``limit``
    characters, to a word), with "…" when more follows."""
    found = re.match(r".+?[.!?](?=\s+[A-Z\"'(])", text)
    if found and len(found.group()) < len(text) and len(found.group()) <= limit:
        return found.group() + " …"
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"
