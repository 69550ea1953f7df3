"""The record of a meeting, in the form councils publish their minutes, as Pandoc AST.

``body(pack, edition)`` is the record: meeting details, Present, then each agenda
item with its number and title, a "Minutes:" section (the clerk's notes) and its
resolution block (OPTIONS, the decision in capitals with numbered points, REASON,
the vote and the actions). The public edition shows an exempt (Part B) item's
number, title and exemption notice only. The draft minutes
(``boardpack.pipeline.minutes``) and the next meeting's pack (``matters``) are made
from it. Nothing here reads, writes or renders files.
"""

from __future__ import annotations

import re

from boardpack.model import Action, Edition, Pack, Resolution
from boardpack.pack import agenda
from boardpack.pack.agenda import Entry
from boardpack.pandoc import ast
from boardpack.pandoc.ast import Node
from boardpack.textfmt import clock, long_date, short_date

APOLOGIES_ITEM = "apologies"
DECLARATIONS_ITEM = "declarations"
BULLET = re.compile(r"^\s*[-*•·]\s+")


def body(pack: Pack, edition: Edition, *, level: int = 2) -> list[Node]:
    """The record of the meeting, headings starting at ``level``."""
    m = pack.meeting
    entries = agenda.entries(pack)
    ids = {e.item.id for e in entries}
    blocks: list[Node] = [
        ast.table([], [[[ast.strong(label)], value] for label, value in (
            ("Date", long_date(m.date)), ("Time", clock(m.time)), ("Venue", m.venue))],
            classes=["meeting-details"], widths=[0.2, 0.8]),
        ast.header(level, "Present", "present", classes=["unnumbered"]),
        *present(pack),
    ]
    if pack.attendance.officers:
        blocks += [ast.header(level, "Also in attendance", "in-attendance",
                              classes=["unnumbered"]),
                   ast.bullets(pack.attendance.officers)]
    if APOLOGIES_ITEM not in ids:
        blocks += [ast.header(level, "Apologies", "apologies", classes=["unnumbered"]),
                   *apologies(pack)]
    if DECLARATIONS_ITEM not in ids:
        blocks += [ast.header(level, "Declarations of interest", "declarations",
                              classes=["unnumbered"]), *declarations(pack, entries, edition)]
    items: list[Node] = []
    for entry in entries:
        items += item_minutes(pack, entry, entries, edition, level)
    blocks.append(ast.div(items, classes=["minutes-items"], identifier="agenda"))
    return blocks


def recorded(pack: Pack) -> bool:
    """Whether the clerk has recorded anything for this meeting yet."""
    a = pack.attendance
    return bool(pack.resolutions or a.present or a.apologies or a.officers)


def present(pack: Pack) -> list[Node]:
    names = pack.attendance.present
    if names:
        return [ast.bullets([_chair(name, pack) for name in names])]
    return [ast.para([ast.emph("Attendance not yet recorded; the membership is: ")]),
            ast.bullets([_chair(name, pack) for name in pack.meeting.members])]


def _chair(name: str, pack: Pack) -> str:
    return f"{name} (in the Chair)" if pack.meeting.chair and name == pack.meeting.chair else name


def apologies(pack: Pack) -> list[Node]:
    names = pack.attendance.apologies
    if names:
        return [ast.para(f"Apologies for absence were received from {_listed(names)}.")]
    return [ast.para("None." if recorded(pack) else "Not yet recorded.")]


def declarations(pack: Pack, entries: list[Entry], edition: Edition) -> list[Node]:
    """Each declaration, with the item it was made on; none of an exempt item in public."""
    lines: list[list[Node]] = []
    for entry in entries:
        declared = [d for r in pack.resolutions if r.item == entry.item.id for d in r.interests]
        if not declared:
            continue
        if entry.item.part_b and edition == "public":
            lines.append(ast.inlines(f"Item {entry.number}: a declaration was made on this "
                                     "exempt item; it is recorded in the exempt minutes."))
            continue
        for text in declared:
            lines.append([ast.strong(f"Item {entry.number}, {entry.item.title}: "),
                          *ast.inlines(text)])
    if lines:
        return [ast.bullets(lines)]
    return [ast.para("None." if recorded(pack) else "Not yet recorded.")]


def item_minutes(pack: Pack, entry: Entry, entries: list[Entry], edition: Edition,
                 level: int) -> list[Node]:
    """One item: heading, then (unless it is exempt and this is public) what happened."""
    item = entry.item
    blocks: list[Node] = [ast.header(level, f"{entry.number}. {item.title}", f"minute-{item.id}",
                                     classes=["unnumbered", "minute"])]
    notice = agenda.exempt_notice(item.exempt or 0)
    if item.part_b and edition == "public":
        return [*blocks, ast.div([ast.para(notice)], classes=["exempt-notice"])]
    if item.part_b:
        blocks.append(ast.div([ast.para([ast.strong("Confidential – not for publication. "),
                                         *ast.inlines(notice)])], classes=["confidential"]))
    if item.id == APOLOGIES_ITEM:
        blocks += apologies(pack)
    if item.id == DECLARATIONS_ITEM:
        blocks += declarations(pack, entries, edition)
    outcomes = [r for r in pack.resolutions if r.item == item.id]
    notes = [r.notes for r in outcomes if r.notes.strip()]
    if notes:
        blocks.append(ast.para([ast.strong("Minutes:")]))
        for text in notes:
            blocks += text_blocks(text)
    for resolution in outcomes:
        blocks += resolution_blocks(resolution)
    if not outcomes and item.id not in (APOLOGIES_ITEM, DECLARATIONS_ITEM):
        blocks.append(ast.para([ast.emph("Nothing recorded yet.")]))
    return blocks


def resolution_blocks(resolution: Resolution) -> list[Node]:
    """OPTIONS, the decision (KIND and numbered points), REASON, vote and actions."""
    r = resolution
    blocks: list[Node] = []
    if r.options.strip():
        blocks += [ast.para([ast.strong("OPTIONS")]), *text_blocks(r.options)]
    if len(r.text) == 1:
        blocks.append(ast.para([ast.strong(r.kind), *ast.inlines(f" – {r.text[0]}")]))
    elif r.text:
        blocks += [ast.para([ast.strong(r.kind)]), ast.ordered(r.text)]
    elif r.kind != "RESOLVED":
        blocks.append(ast.para([ast.strong(r.kind)]))
    if r.reasons.strip():
        blocks += [ast.para([ast.strong("REASON")]), *text_blocks(r.reasons)]
    if r.vote:
        blocks.append(ast.para([ast.emph(r.vote.sentence())]))
    if r.actions:
        blocks += [ast.para([ast.strong("Actions")]), actions_table(r.actions)]
    return [ast.div(blocks, classes=["resolution"])] if blocks else []


def actions_table(actions: list[Action]) -> Node:
    rows: list[list[str | list[Node]]] = [
        [a.what, a.owner, short_date(a.due) if a.due else "", a.status.capitalize()]
        for a in actions]
    return ast.table(["Action", "Owner", "Due", "Status"], rows, classes=["actions"],
                     widths=[0.45, 0.22, 0.2, 0.13])


def text_blocks(text: str) -> list[Node]:
    """A clerk's plain text: paragraphs at blank lines, lines starting '-' or '•' as bullets."""
    blocks: list[Node] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines: list[str] = []
        bullets: list[str] = []
        for line in chunk.splitlines():
            if BULLET.match(line):
                if lines:
                    blocks.append(ast.para("\n".join(lines)))
                    lines = []
                bullets.append(BULLET.sub("", line).strip())
            elif bullets and line.startswith((" ", "\t")) and line.strip():
                bullets[-1] += " " + line.strip()
            else:
                if bullets:
                    blocks.append(ast.bullets(bullets))
                    bullets = []
                if line.strip():
                    lines.append(line.strip())
        if lines:
            blocks.append(ast.para("\n".join(lines)))
        if bullets:
            blocks.append(ast.bullets(bullets))
    return blocks


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
