"""``forward-plan.{pdf,html}``: the notice of key decisions and of private meetings.

Every field regulation 9 of SI 2012/2089 asks of a key decision's notice — that a
key decision is to be made, the matter, the decision maker and its members, the
date, the documents, where copies may be had, that other documents may be
submitted and how to ask for them — and, under regulation 5, the notices of
meetings to be held in private with their reasons (the Schedule 12A paragraph),
representations received and the response. Built from ``pack.forward_plan``'s
records, which hold nothing else of a Part B item; anchors are numbers.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from boardpack.pack.executive import SCHEDULE_12A
from boardpack.pack.forward_plan import OTHER_DOCUMENTS, ForwardPlan, KeyDecision, PrivateMeeting
from boardpack.pandoc import ast
from boardpack.publish import documents
from boardpack.textfmt import long_date, short_date

Node = dict[str, Any]
OUTPUT = "forward-plan"
REGULATIONS = ("the Local Authorities (Executive Arrangements) (Meetings and Access to "
               "Information) (England) Regulations 2012")


def write(plan: ForwardPlan, out: Path, *, published: dt.date | None = None,
          formats: tuple[str, ...] = documents.FORMATS) -> list[Path]:
    """Write ``forward-plan.pdf`` and ``.html`` into ``out``; returns the files written."""
    return documents.write([(out / OUTPUT, document(plan, published=published))], formats=formats)


def _period(plan: ForwardPlan) -> str:
    last = plan.end.fromordinal(plan.end.toordinal() - 1)
    return f"{short_date(plan.start)} to {short_date(last)}"


def metadata(plan: ForwardPlan) -> dict[str, Node]:
    house = plan.house
    title = f"Forward plan — {plan.authority} — {_period(plan)}"
    return {
        "title": ast.meta_inlines(title),
        "pagetitle": ast.meta_string(title),
        "committee": ast.meta_inlines("Forward plan"),
        "authority": ast.meta_inlines(plan.authority),
        "meeting-date": ast.meta_inlines(_period(plan)),
        "edition": ast.meta_string("public"),
        "edition-label": ast.meta_inlines("Notice of key decisions and private meetings"),
        "lang": ast.meta_string("en-GB"),
        "house-colour": ast.meta_string(house.get("colour", "#1d4f91")),
        "house-accent": ast.meta_string(house.get("accent", "#e8eef7")),
        "house-font": ast.meta_string(house.get("font", "Lato")),
        "house-name": ast.meta_inlines(house.get("name", plan.authority)),
    }


def document(plan: ForwardPlan, *, published: dt.date | None = None) -> dict[str, Any]:
    """The forward plan as a Pandoc document (``published``: the date it goes out)."""
    when = f"Published {long_date(published)}. " if published else ""
    blocks: list[Node] = [
        ast.div([ast.para(plan.authority)], classes=["authority"]),
        ast.header(1, "Forward plan: notice of key decisions", "agenda", classes=["unnumbered"]),
        ast.para(f"{when}The key decisions to be made on behalf of {plan.authority} from "
                 f"{_period(plan)}, given under regulation 9 of {REGULATIONS}, and notice of "
                 "the meetings, or parts of meetings, to be held in private under "
                 "regulation 5."),
        ast.header(2, "Documents and how to ask for them", "documents", classes=["unnumbered"]),
        ast.table([], [[[ast.strong(label)], value] for label, value in (
            ("Copies of documents from", plan.address or "Democratic Services"),
            ("Other documents", OTHER_DOCUMENTS),
            ("How to ask for them", plan.requests))],
            classes=["meeting-details"], widths=[0.32, 0.68]),
        ast.header(2, "Key decisions", "key-decisions", classes=["unnumbered"]),
    ]
    if not plan.decisions:
        blocks.append(ast.para("No key decisions are planned in this period."))
    for number, decision in enumerate(plan.decisions, start=1):
        blocks += key_decision(decision, number, plan)
    blocks += [ast.header(2, "Meetings to be held in private", "private", classes=["unnumbered"]),
               ast.para("A decision maker intends to hold part of a meeting in private when an "
                        "item would disclose exempt information, as described in Part 1 of "
                        "Schedule 12A to the Local Government Act 1972. Anyone may make "
                        "representations about why the meeting should be open to the public, "
                        "at the address above; a further notice five clear days before the "
                        "meeting gives any representations received and the response.")]
    if not plan.private:
        blocks.append(ast.para("No meetings are to be held in private in this period."))
    for number, meeting in enumerate(plan.private, start=1):
        blocks += private_meeting(meeting, number)
    return ast.document(blocks, meta=metadata(plan))


def _reasons(paragraph: int) -> str:
    return (f"Paragraph {paragraph} of Part 1 of Schedule 12A to the Local Government Act "
            f"1972: {SCHEDULE_12A.get(paragraph, '')}")


def key_decision(decision: KeyDecision, number: int, plan: ForwardPlan) -> list[Node]:
    """One notice of a key decision: heading and the reg 9 fields."""
    when = decision.period or long_date(decision.date)
    rows: list[list[str | list[Node]]] = [
        [[ast.strong("Notice")], f"A key decision is to be made on behalf of {plan.authority}."],
        [[ast.strong("Matter")], decision.matter],
        [[ast.strong("Decision maker")], decision.decision_maker],
        [[ast.strong("Members")], ", ".join(decision.members) or "To be confirmed"],
        [[ast.strong("Date of decision")], when],
        [[ast.strong("Documents to be considered")],
         [ast.bullets(list(decision.documents))] if decision.documents
         else "To be confirmed"],
        [[ast.strong("In private")],
         _reasons(decision.exempt) if decision.exempt else "No: to be taken in public"],
    ]
    if decision.first_published:
        rows.append([[ast.strong("First published")], short_date(decision.first_published)])
    title = f"{decision.reference}: {decision.matter}" if decision.reference else decision.matter
    return [ast.header(3, title, f"key-decision-{number}", classes=["unnumbered"]),
            ast.table([], rows, classes=["meeting-details", "key-decision"],
                      widths=[0.32, 0.68])]


def private_meeting(meeting: PrivateMeeting, number: int) -> list[Node]:
    """The 28-day notice of a private meeting and, once given, the 5-day notice."""
    rows: list[list[str | list[Node]]] = [
        [[ast.strong("Meeting")], f"{meeting.decision_maker}, {long_date(meeting.date)}"],
        [[ast.strong("Matter")], meeting.matter],
        [[ast.strong("Reasons for privacy")], _reasons(meeting.paragraph)],
        [[ast.strong("Notice of intention (28 clear days)")],
         f"Published {short_date(meeting.notice)}" if meeting.notice
         else f"To be published by {short_date(meeting.notice_due)}"],
    ]
    if meeting.further:
        rows += [
            [[ast.strong("Further notice (5 clear days)")],
             f"Published {short_date(meeting.further)}"],
            [[ast.strong("Representations received")], meeting.representations or "None."],
            [[ast.strong("Response")], meeting.response or "None needed."],
        ]
    else:
        rows.append([[ast.strong("Further notice (5 clear days)")],
                     f"To be published by {short_date(meeting.further_due)}, with any "
                     "representations received and the response"])
    return [ast.header(3, f"{meeting.decision_maker}, {short_date(meeting.date)}: "
                          f"{meeting.matter}", f"private-{number}", classes=["unnumbered"]),
            ast.table([], rows, classes=["meeting-details", "private-meeting"],
                      widths=[0.32, 0.68])]
