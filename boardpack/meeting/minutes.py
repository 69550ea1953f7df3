"""The record of a meeting, in the form councils publish their minutes, as Pandoc AST.

``body(pack, edition)`` is the record: meeting details, Present, then each agenda
item with its number and title, a "Minutes:" section (the clerk's notes) and its
resolution block (OPTIONS, the decision in capitals with numbered points, REASON,
the vote and the actions). Each edition is made from its view of the pack
(``boardpack.pack.public.view``), so the public edition shows an exempt (Part B)
item's number, title and exemption notice only. The draft minutes
(``boardpack.pipeline.minutes``) and the next meeting's pack (``matters``) are made
from it. Nothing here reads, writes or renders files.
"""

from __future__ import annotations

import re

from boardpack.model import Action, Edition, Pack, Resolution
from boardpack.pack import public
from boardpack.pack.public import PublicItem, Shown, View
from boardpack.pandoc import ast
from boardpack.pandoc.ast import Node
from boardpack.textfmt import clock, long_date, short_date

APOLOGIES_ITEM = "apologies"
DECLARATIONS_ITEM = "declarations"
BULLET = re.compile(r"^\s*[-*•·]\s+")


def body(pack: Pack, edition: Edition, *, level: int = 2) -> list[Node]:
    """The record of the meeting, headings starting at ``level``."""
    m = pack.meeting
    shown = public.view(pack, edition)
    ids = set(shown.full)
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
                   *apologies(pack, shown)]
    if DECLARATIONS_ITEM not in ids:
        blocks += [ast.header(level, "Declarations of interest", "declarations",
                              classes=["unnumbered"]), *declarations(pack, shown)]
    items: list[Node] = []
    for entry in shown.entries:
        items += item_minutes(pack, entry, shown, level)
    blocks.append(ast.div(items, classes=["minutes-items"], identifier="agenda"))
    return blocks


def recorded(pack: Pack, edition: Edition = "members") -> bool:
    """Whether the clerk has recorded anything for this meeting that ``edition`` shows."""
    return _recorded(pack, public.view(pack, edition))


def _recorded(pack: Pack, shown: View) -> bool:
    a = pack.attendance
    return bool(shown.resolutions or a.present or a.apologies or a.officers)


def present(pack: Pack) -> list[Node]:
    names = pack.attendance.present
    if names:
        return [ast.bullets([_chair(name, pack) for name in names])]
    return [ast.para([ast.emph("Attendance not yet recorded; the membership is: ")]),
            ast.bullets([_chair(name, pack) for name in pack.meeting.members])]


def _chair(name: str, pack: Pack) -> str:
    return f"{name} (in the Chair)" if pack.meeting.chair and name == pack.meeting.chair else name


def apologies(pack: Pack, shown: View) -> list[Node]:
    names = pack.attendance.apologies
    if names:
        return [ast.para(f"Apologies for absence were received from {_listed(names)}.")]
    return [ast.para("None." if _recorded(pack, shown) else "Not yet recorded.")]


def declarations(pack: Pack, shown: View) -> list[Node]:
    """Each declaration, with the item it was made on (of the items shown in full)."""
    lines: list[list[Node]] = []
    for entry in shown.entries:
        if isinstance(entry, PublicItem):
            continue
        for text in (d for r in shown.outcomes(entry) for d in r.interests):
            lines.append([ast.strong(f"Item {entry.number}, {entry.item.title}: "),
                          *ast.inlines(text)])
    out = [ast.bullets(lines) if lines
           else ast.para("None." if _recorded(pack, shown) else "Not yet recorded.")]
    if shown.withheld:
        out.append(ast.para("Declarations on exempt items are recorded in the exempt minutes."))
    return out


def item_minutes(pack: Pack, entry: Shown, shown: View, level: int) -> list[Node]:
    """One item: heading, then (unless the edition withholds it) what happened."""
    heading = ast.header(level, entry.label, f"minute-{entry.anchor}",
                         classes=["unnumbered", "minute"])
    if isinstance(entry, PublicItem):
        return [heading, ast.div([ast.para(entry.notice)], classes=["exempt-notice"])]
    item = entry.item
    blocks: list[Node] = [heading]
    if item.part_b:
        blocks.append(ast.div([ast.para([ast.strong("Confidential – not for publication. "),
                                         *ast.inlines(public.notice(item.exempt or 0))])],
                              classes=["confidential"]))
    if item.id == APOLOGIES_ITEM:
        blocks += apologies(pack, shown)
    if item.id == DECLARATIONS_ITEM:
        blocks += declarations(pack, shown)
    outcomes = shown.outcomes(entry)
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
