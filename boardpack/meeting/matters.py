"""Matters arising: the previous meeting's minutes and the open actions, in the next pack.

Given the committee's earlier meetings (``boardpack.pack.library.past`` finds and
loads them: the packs beside this one with the same committee and an earlier date),
the previous meeting's minutes and the still-open actions of every earlier meeting
go into the standard "minutes" item, for approval, each made from the edition's view
of that pack (``boardpack.pack.public.view``): the public pack gets the public
minutes and no action of an exempt item. Nothing here reads or writes files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from boardpack.meeting import minutes
from boardpack.model import Edition, Pack
from boardpack.pack import public
from boardpack.pack.library import Earlier
from boardpack.pandoc import ast
from boardpack.pandoc.ast import Node
from boardpack.textfmt import long_date, short_date

ITEM_ID = "minutes"


@dataclass(frozen=True)
class OpenAction:
    """One action still open, with where it came from."""

    meeting: dt.date
    item: str
    part_b: bool
    what: str
    owner: str
    due: dt.date | None
    status: str


def previous_date(pack: Pack, earlier: Sequence[Earlier]) -> dt.date | None:
    """The previous meeting's date: from ``pack.toml`` if set, else the latest earlier
    meeting's."""
    if pack.meeting.previous_meeting:
        return pack.meeting.previous_meeting
    return earlier[0].meeting.date if earlier else None


def dated(pack: Pack, earlier: Sequence[Earlier]) -> Pack:
    """``pack`` with ``previous_meeting`` filled in from the previous pack when not set."""
    date = previous_date(pack, earlier)
    if date is None or date == pack.meeting.previous_meeting:
        return pack
    return dataclasses.replace(pack, meeting=dataclasses.replace(pack.meeting,
                                                                  previous_meeting=date))


def open_actions(packs: list[Pack], edition: Edition) -> list[OpenAction]:
    """Actions not yet done, oldest meeting first, of the items ``edition`` shows in full."""
    out = []
    for pack in sorted(packs, key=lambda p: p.meeting.date):
        if all(a.status == "done" for r in pack.resolutions for a in r.actions):
            continue  # nothing open: no edition's view of it has anything to add
        shown = public.view(pack, edition)
        entries = shown.full
        for resolution in shown.resolutions:
            entry = entries.get(resolution.item)
            part_b = entry is None or entry.item.part_b  # unknown item: treat as exempt
            label = entry.label if entry else resolution.item
            out += [OpenAction(pack.meeting.date, label, part_b, a.what, a.owner, a.due, a.status)
                    for a in resolution.actions if a.status != "done"]
    return out


def blocks(pack: Pack, edition: Edition, earlier: Sequence[Earlier]) -> list[Node]:
    """What the "minutes" item carries: the previous minutes and the action log, from
    ``earlier``, the committee's earlier meetings (latest first)."""
    if not earlier:
        return []
    packs = [e.pack for e in earlier if e.pack is not None]
    previous, damaged = earlier[0].pack, earlier[0].damaged
    date = earlier[0].meeting.date
    out: list[Node] = [ast.header(2, f"Minutes of the meeting held on {long_date(date)}",
                                  "previous-minutes")]
    if previous is None or damaged:
        out.append(ast.div([ast.para(
            "Some of the record of that meeting could not be read, so these minutes may be "
            "incomplete; see the clerk.")], classes=["missing"]))
    if previous is not None and minutes.recorded(previous, edition):
        record, _ = ast.clean(minutes.body(previous, edition, level=3), prefix="previous",
                              shift=0)
        out += [ast.para([ast.emph("Submitted for approval as a correct record.")]),
                ast.div(record, classes=["previous-minutes"])]
    elif previous is not None:
        out.append(ast.para("The draft minutes of that meeting will follow."))
    # Whether earlier meetings had exempt items is on their public agendas; whether
    # those items have actions is not, so the note does not depend on it.
    withheld = any(public.view(p, edition).withheld for p in packs)
    return out + action_log(open_actions(packs, edition), pack.meeting.date, withheld=withheld)


def action_log(actions: list[OpenAction], today: dt.date, *, withheld: bool) -> list[Node]:
    """The table of open actions, with their status on the meeting day; ``withheld``
    says that the edition leaves out the actions of earlier meetings' exempt items."""
    out: list[Node] = [ast.header(2, "Action log", "action-log")]
    if actions:
        rows: list[list[str | list[Node]]] = [[
            [ast.para(a.what), ast.para([ast.emph(f"Meeting of {short_date(a.meeting)}, "
                                                  f"item {a.item}")])],
            a.owner, short_date(a.due) if a.due else "", status(a, today)] for a in actions]
        out.append(ast.table(["Action", "Owner", "Due", "Status"], rows, classes=["action-log"],
                             widths=[0.45, 0.22, 0.2, 0.13]))
    elif withheld:
        out.append(ast.para("There are no open actions on the public items of earlier "
                            "meetings."))
    else:
        out.append(ast.para("There are no open actions from earlier meetings."))
    if withheld:
        out.append(ast.para("Actions on exempt items are listed in the members' edition."))
    return out


def status(action: OpenAction, today: dt.date) -> str:
    """'Open', or 'Overdue' when its due date passed before the meeting."""
    if action.due and action.due < today:
        return "Overdue"
    return action.status.capitalize()
