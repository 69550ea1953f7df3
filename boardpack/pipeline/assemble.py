"""One Pandoc document per edition: the one entry to what an edition shows.

Each edition is made from its view of the pack (``boardpack.pack.public.view``): the
members' edition carries everything; in the public edition an exempt (Part B) item
is a ``PublicItem`` (number, title, paragraph, notice), which has no files, so
nothing of its papers can reach a renderer.

Assembly is a pure function of what it is given: the pack, its conversions, the
edition and the pack's past (the committee's earlier meetings and the first
issue's date, loaded by the caller with ``boardpack.pack.library.past``). It reads
no file.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from boardpack.meeting import matters
from boardpack.model import Change, Edition, Item, Pack, SourceRef
from boardpack.pack import agenda, deadlines, public
from boardpack.pack.agenda import Entry
from boardpack.pack.library import Past
from boardpack.pack.public import PublicItem, Shown
from boardpack.pandoc import ast
from boardpack.pipeline import titles
from boardpack.pipeline.convert import ConvertedPack
from boardpack.textfmt import clock, long_date, short_date

PURPOSE_TEXT = {"information": "For information", "decision": "For decision",
                "discussion": "For discussion"}


def assemble(pack: Pack, converted: ConvertedPack, edition: Edition, past: Past
             ) -> dict[str, Any]:
    """The whole pack for one edition as a Pandoc document."""
    pack = matters.dated(pack, past.earlier)  # the previous meeting's date, if not set
    entries = public.view(pack, edition).entries
    blocks = front_sheet(pack, entries, edition, past)
    for entry in entries:
        blocks += item_blocks(pack, entry, converted, edition, past)
    return ast.document(blocks, meta=metadata(pack, edition))


def metadata(pack: Pack, edition: Edition) -> dict[str, Any]:
    m = pack.meeting
    house = pack.house
    meta = {
        "title": ast.meta_inlines(f"{m.committee} — {short_date(m.date)}"),
        "pagetitle": ast.meta_string(f"{m.committee}, {short_date(m.date)}"),
        "committee": ast.meta_inlines(m.committee),
        "authority": ast.meta_inlines(m.authority),
        "meeting-date": ast.meta_inlines(short_date(m.date)),
        "edition": ast.meta_string(edition),
        "edition-label": ast.meta_inlines("Members' edition" if edition == "members"
                                          else "Public edition"),
        "lang": ast.meta_string("en-GB"),
        "house-colour": ast.meta_string(house.get("colour", "#1d4f91")),
        "house-accent": ast.meta_string(house.get("accent", "#e8eef7")),
        "house-font": ast.meta_string(house.get("font", "Lato")),
        "house-name": ast.meta_inlines(house.get("name") or m.authority),
    }
    if house.get("logo_media"):
        meta["house-logo"] = ast.meta_string(house["logo_media"])
    return meta


def front_sheet(pack: Pack, entries: list[Shown], edition: Edition, past: Past,
                supplement: int | None = None) -> list[dict[str, Any]]:
    """Authority, committee, when and where, membership, contact, publication, agenda.

    A supplement's front sheet says so and lists only the items it carries.
    """
    m = pack.meeting
    members = [_member(name, m.chair, m.vice_chair) for name in m.members]
    contact = ", ".join(x for x in (m.clerk.name, m.clerk.phone, m.clerk.email) if x)
    details = [
        ("Date", long_date(m.date)),
        ("Time", clock(m.time)),
        ("Venue", m.venue),
        ("Contact", contact),
        ("Published", short_date(deadlines.publication_date(pack, past.first_issued))),
    ]
    blocks: list[dict[str, Any]] = [
        ast.raw_block("typst", "#bp-front-sheet["),
        ast.div([ast.para(m.authority)], classes=["authority"]),
        ast.header(1, m.committee, "front-sheet", classes=["unnumbered", "unlisted"]),
        *([ast.div([ast.para([ast.strong(f"Supplementary agenda pack No. {supplement}")])],
                   classes=["supplement-title"])] if supplement else []),
        ast.table([], [[[ast.strong(label)], value] for label, value in details],
                  classes=["meeting-details"], widths=[0.2, 0.8]),
        ast.header(2, "Membership", "membership", classes=["unnumbered", "unlisted"]),
        ast.bullets(members) if members else ast.para("Membership to be confirmed."),
        ast.raw_block("typst", "]"),
    ]
    if any(isinstance(e, Entry) and e.item.part_b for e in entries):
        blocks.append(ast.div([ast.para(
            "This members' edition contains confidential (Part B) items that are not for "
            "publication. Do not share or forward it.")], classes=["confidential-notice"]))
    blocks += [
        ast.header(1, f"Supplement {supplement}: new and changed items" if supplement
                   else "Agenda", "agenda", classes=["unnumbered", "unlisted"]),
        agenda_table(entries),
    ]
    return blocks


def assemble_supplement(pack: Pack, converted: ConvertedPack, edition: Edition, past: Past,
                        number: int, since: str, changes: list[Change]) -> dict[str, Any]:
    """Supplement ``number``: its front sheet, what changed ``since`` the last issue, and
    the papers of the new or changed items only (numbered as on the full agenda). Each
    edition lists the changes it may see (``Change.seen_in``)."""
    seen = [c for c in (change.seen_in(edition) for change in changes) if c is not None]
    numbers = {e.item.id: e.number for e in agenda.entries(pack)}
    carried = {numbers[c.item] for c in seen if c.in_supplement and c.item in numbers}
    entries = [e for e in public.view(pack, edition).entries if e.number in carried]
    blocks = front_sheet(pack, entries, edition, past, supplement=number)
    blocks += what_changed(seen, numbers, since)
    for entry in entries:
        blocks += item_blocks(pack, entry, converted, edition, past)
    meta = metadata(pack, edition)
    title = f"{pack.meeting.committee} — {short_date(pack.meeting.date)} — Supplement {number}"
    meta["title"] = ast.meta_inlines(title)
    meta["pagetitle"] = ast.meta_string(title)
    return ast.document(blocks, meta=meta)


def what_changed(changes: list[Change], numbers: dict[str, int], since: str
                 ) -> list[dict[str, Any]]:
    """A page listing each item added, received, changed or withdrawn since the last issue."""
    rows = [[str(numbers[c.item]) if c.item in numbers else "–", c.title, c.description]
            for c in changes]
    return [
        ast.raw_block("typst", "#pagebreak(weak: true)"),
        ast.header(1, "What changed", "what-changed", classes=["unnumbered"]),
        ast.para(f"Changes since {since}."),
        ast.table(["No.", "Item", "Change"], rows, classes=["what-changed"],
                  widths=[0.08, 0.62, 0.3]) if rows
        else ast.para("None of the papers in this edition has changed."),
    ]


def _member(name: str, chair: str, vice_chair: str) -> str:
    if chair and name == chair:
        return f"{name} (Chair)"
    if vice_chair and name == vice_chair:
        return f"{name} (Vice-Chair)"
    return name


def agenda_table(entries: list[Shown]) -> dict[str, Any]:
    """No. | Item (linked, with presenter and purpose) | Page (PDF only)."""
    rows: list[list[str | list[dict[str, Any]]]] = []
    classes = []
    for entry in entries:
        cell = (_withheld_cell(entry) if isinstance(entry, PublicItem)
                else _agenda_cell(entry.item, entry.anchor))
        page = [ast.plain([ast.raw_inline("typst", f"#bp-page(<{entry.anchor}>)")])]
        rows.append([str(entry.number), cell, page])
        classes.append("part-b" if isinstance(entry, PublicItem) or entry.item.part_b else "")
    return ast.table(["No.", "Item", "Page"], rows, classes=["agenda"],
                     aligns=["AlignLeft", "AlignLeft", "AlignRight"], widths=[0.08, 0.8, 0.12],
                     row_classes=classes)


def _withheld_cell(entry: PublicItem) -> list[dict[str, Any]]:
    return [ast.para([ast.link(entry.title, f"#{entry.anchor}")]),
            ast.para([ast.emph(f"Part B, exempt under paragraph {entry.paragraph}")])]


def _agenda_cell(item: Item, anchor: str) -> list[dict[str, Any]]:
    detail = []
    if item.presenter:
        detail.append(item.presenter)
    if not item.standard:
        detail.append(PURPOSE_TEXT.get(item.purpose, item.purpose))
    if item.part_b:
        detail.append(f"Part B, exempt under paragraph {item.exempt}")
    if item.to_follow and not item.files:
        detail.append("report to follow")
    cell: list[dict[str, Any]] = [ast.para([ast.link(item.title, f"#{anchor}")])]
    if detail:
        cell.append(ast.para([ast.emph(" · ".join(detail))]))
    if item.summary:
        cell.append(ast.para(item.summary))
    return cell


def item_blocks(pack: Pack, entry: Shown, converted: ConvertedPack, edition: Edition,
                past: Past) -> list[dict[str, Any]]:
    """The item's heading and content, as this edition may show it."""
    if isinstance(entry, PublicItem):
        # Its heading (number and title are public) gets no bookmark, so the public
        # PDF's outline holds nothing of Part B.
        # A withheld item's notice runs on after the item before it.
        return [ast.raw_block("typst", "#bp-item-start(true, false)"),
                ast.header(1, entry.label, entry.anchor, classes=["item", "unlisted"]),
                ast.div([ast.para(entry.notice)], classes=["exempt-notice"])]
    item = entry.item
    # The papers start on a new page, and so does each item with a report or appendix;
    # others (apologies, short items) run on.
    new_page = entry.number == 1 or bool(item.files)
    blocks: list[dict[str, Any]] = [
        item_start(item, new_page),
        ast.header(1, entry.label, entry.anchor,
                   classes=["item", *(["new-page"] if new_page else [])]),
    ]
    if item.part_b:
        blocks.append(ast.div([ast.para([ast.strong("Confidential – not for publication. "),
                                         *ast.inlines(public.notice(item.exempt or 0))])],
                              classes=["confidential"]))
    facts = []
    if item.presenter:
        facts.append([ast.strong("Presented by: "), *ast.inlines(item.presenter)])
    if not item.standard:
        facts.append([ast.strong("Purpose: "), *ast.inlines(PURPOSE_TEXT[item.purpose])])
    if facts:
        blocks.append(ast.div([ast.para(f) for f in facts], classes=["item-facts"]))
    if entry.text:
        blocks.append(ast.para(entry.text))
    if item.summary:
        blocks.append(ast.para(item.summary))
    if item.to_follow and not item.files:
        blocks.append(ast.div([ast.para("Report to follow.")], classes=["to-follow"]))
    if item.standard and item.id == matters.ITEM_ID:
        minutes = matters.blocks(pack, edition, past.earlier)  # previous minutes, actions
        if minutes:
            blocks[0] = item_start(item, True)
            blocks[1]["c"][1][1].append("new-page")
        blocks += minutes
    parts = converted.for_item(item)
    for index, (ref, result) in enumerate(parts):
        shown = [item.title] if index == 0 else []
        if len(parts) > 1 or ref.title:
            shown.append(source_title(ref, index))
            blocks.append(ast.header(2, shown[-1], f"{item.id}--file-{index + 1}"))
        blocks += titles.without_title(result.blocks, *shown)
    missing = [ref for ref in item.files if (item.id, ref.path) not in converted.by_file]
    for ref in missing:
        blocks.append(ast.div([ast.para(f"The file {PurePosixPath(ref.path).name} could not "
                                        "be included; see the clerk.")], classes=["missing"]))
    return blocks


def item_start(item: Item, new_page: bool) -> dict[str, Any]:
    """The PDF's marker at an item's start: whether it is Part B, whether it starts a
    page (``bp-item-start`` in pack.typ)."""
    flags = ", ".join("true" if flag else "false" for flag in (item.part_b, new_page))
    return ast.raw_block("typst", f"#bp-item-start({flags})")


def source_title(ref: SourceRef, index: int) -> str:
    """A heading for one of an item's files: its given title, or one made from its name."""
    if ref.title:
        return ref.title
    stem = PurePosixPath(ref.path).stem.replace("_", " ").replace("-", " ").strip()
    return stem[:1].upper() + stem[1:] if index == 0 else f"Appendix {chr(64 + index)}: {stem}"
