"""``decisions.{pdf,html}`` and ``public-decisions.{pdf,html}``: an executive's decision notice.

What regulation 12 of SI 2012/2089 asks of the record of each decision — the
decision and its date, the reasons, the alternative options considered and
rejected, interests declared and dispensations — with the notice's publication
date, the call-in deadline and the date each decision takes effect. The public
notice shows a Part B item's number, title and exemption notice only; anchors are
the agenda numbers, never an item's id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from boardpack.meeting import decisions as record
from boardpack.meeting.decisions import Decision, Timetable, working_days
from boardpack.meeting.minutes import text_blocks
from boardpack.model import Edition, Pack
from boardpack.pack import public
from boardpack.pandoc import ast
from boardpack.publish import documents
from boardpack.textfmt import long_date, short_date

Node = dict[str, Any]
REGULATIONS = ("the Local Authorities (Executive Arrangements) (Meetings and Access to "
               "Information) (England) Regulations 2012")


def output_name(edition: Edition) -> str:
    """``decisions`` for members, ``public-decisions`` for the public (no suffix)."""
    return "decisions" if edition == "members" else "public-decisions"


def write(pack: Pack, out: Path, *, published: dt.date | None = None,
          editions: Sequence[Edition] = ("members", "public"),
          formats: Sequence[str] = documents.FORMATS) -> list[Path]:
    """Write the decision notice of ``pack`` into ``out``; returns the files written."""
    docs = [(out / output_name(e), document(pack, e, published=published)) for e in editions]
    return documents.write(docs, formats=formats, pack_root=pack.root)


def write_for(root: Path) -> list[Path]:
    """Load the pack in ``root`` and write both notices into its ``build/`` (for the app)."""
    from boardpack.pack import executive
    from boardpack.pack import load as packfile
    from boardpack.problems import BoardpackError, Problem

    pack = packfile.load_or_raise(root)
    if not executive.is_executive(pack):
        raise BoardpackError(Problem("decision notices are for executives", pack=pack.name,
                                     hint="use a committee template with executive = true"))
    return write(pack, root / "build")


def document(pack: Pack, edition: Edition, *, published: dt.date | None = None
             ) -> dict[str, Any]:
    """The decision notice for one edition, as a Pandoc document."""
    from boardpack.pipeline.assemble import metadata

    m = pack.meeting
    times = record.timetable(pack, published)
    title = f"Decisions — {m.committee} — {short_date(m.date)}"
    meta = metadata(pack, edition)
    meta["title"] = ast.meta_inlines(title)
    meta["pagetitle"] = ast.meta_string(title)
    meta["edition-label"] = ast.meta_inlines(
        "Decision notice" if edition == "public" else "Decision notice (members' copy, "
                                                     "with exempt decisions)")
    blocks: list[Node] = [
        ast.div([ast.para(m.authority)], classes=["authority"]),
        # "agenda": where the page's skip link goes
        ast.header(1, f"Decisions of the {m.committee}", "agenda", classes=["unnumbered"]),
        ast.para(f"The record of the decisions made at the meeting of the {m.committee} held "
                 f"on {long_date(m.date)}, published under regulation 12 of {REGULATIONS}."),
        details(pack, times),
    ]
    found = record.decisions(pack)
    if not found:
        blocks.append(ast.para([ast.emph("No decisions recorded yet.")]))
    confidential_started = False
    for number in sorted({d.entry.number for d in found}):
        group = [d for d in found if d.entry.number == number]
        if group[0].part_b and edition == "members" and not confidential_started:
            # Part B comes last: from here on, pages are headed "Confidential".
            blocks.append(ast.raw_block("typst", "#bp-item-start(true, true)"))  # a new page
            confidential_started = True
        blocks.append(ast.div(item_blocks(group, times, edition), classes=["decisions"]))
    return ast.document(blocks, meta=meta)


def details(pack: Pack, times: Timetable) -> Node:
    """Decision maker, members, date, publication, call-in and effect, as a table."""
    m = pack.meeting
    members = pack.attendance.present or m.members
    published = (short_date(times.published) if times.published
                 else f"Not yet published (due {short_date(times.due)})")
    if times.call_in_until and times.effective:
        call_in = (f"Until the end of {short_date(times.call_in_until)} "
                   f"({working_days(times.call_in_days)} after publication)")
        effective = (f"{short_date(times.effective)}, unless called in (an urgent decision "
                     "takes effect on the day it is made)")
    else:
        call_in = f"{working_days(times.call_in_days)} after publication"
        effective = "The working day after the call-in period ends, unless called in"
    rows = [("Decision maker", m.committee),
            ("Members present" if pack.attendance.present else "Members", ", ".join(members)),
            ("Date of decision", long_date(times.made)),
            ("Published", published),
            ("Call-in period", call_in),
            ("Effective from", effective)]
    return ast.table([], [[[ast.strong(label)], value] for label, value in rows],
                     classes=["meeting-details"], widths=[0.25, 0.75])


def item_blocks(group: list[Decision], times: Timetable, edition: Edition) -> list[Node]:
    """One agenda item's decisions; in public, an exempt item's number, title and notice."""
    entry = group[0].entry
    item = entry.item
    blocks: list[Node] = [ast.header(2, f"{entry.number}. {item.title}",
                                     f"decision-{entry.number}", classes=["unnumbered"])]
    notice = public.notice(item.exempt or 0)
    if item.part_b and edition == "public":
        return [*blocks, ast.div([ast.para(notice)], classes=["exempt-notice"])]
    if item.part_b:
        blocks.append(ast.div([ast.para([ast.strong("Confidential – not for publication. "),
                                         *ast.inlines(notice)])], classes=["confidential"]))
    n = item.notices
    key = (f"Yes (forward plan reference {n.forward_plan})" if n.key_decision and n.forward_plan
           else "Yes" if n.key_decision else "No")
    blocks.append(ast.para([ast.strong("Key decision: "), *ast.inlines(key)]))
    for decision in group:
        blocks.append(ast.div(decision_blocks(decision, times), classes=["decision"]))
    return blocks


def decision_blocks(decision: Decision, times: Timetable) -> list[Node]:
    """The decision, reasons, options, interests, dispensations and call-in of one record."""
    r = decision.resolution
    blocks: list[Node] = []
    if len(r.text) == 1:
        blocks.append(ast.para([ast.strong(f"Decision ({r.kind}): "), *ast.inlines(r.text[0])]))
    else:
        blocks.append(ast.para([ast.strong(f"Decision ({r.kind})")]))
        blocks.append(ast.ordered(r.text) if r.text else ast.para("Not yet recorded."))
    for label, text in (("Reasons for the decision", r.reasons),
                        ("Alternative options considered and rejected", r.options)):
        blocks.append(ast.para([ast.strong(label)]))
        blocks += text_blocks(text) if text.strip() else [ast.para("None recorded.")]
    for label, entries in (("Interests declared", r.interests),
                           ("Dispensations", r.dispensations)):
        blocks.append(ast.para([ast.strong(label)]))
        blocks.append(ast.bullets(entries) if entries else ast.para("None."))
    blocks += [ast.para([ast.strong("Call-in")]), ast.para(call_in_text(decision, times))]
    return blocks


def call_in_text(decision: Decision, times: Timetable) -> list[Node]:
    """What the notice says of a decision's call-in."""
    r = decision.resolution
    if r.urgent:
        reason = f" {r.urgent_reason.strip()}" if r.urgent_reason.strip() else ""
        return [ast.strong("Urgent — not subject to call-in."), *ast.inlines(
            f"{reason} Effective from {short_date(times.made)}, the day it was made.")]
    if r.called_in:
        by = f" by {r.called_in_by}" if r.called_in_by else ""
        why = f" {r.call_in_reason.strip()}" if r.call_in_reason.strip() else ""
        return ast.inlines(f"Called in on {short_date(r.called_in)}{by}.{why} It does not take "
                           "effect until overview and scrutiny has considered it.")
    if times.call_in_until and times.effective:
        return ast.inlines(f"May be called in until the end of {short_date(times.call_in_until)}."
                           f" Effective from {short_date(times.effective)} unless called in.")
    return ast.inlines(f"May be called in for {working_days(times.call_in_days)} after this "
                       "notice is published.")
