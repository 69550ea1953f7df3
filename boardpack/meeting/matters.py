"""Matters arising: the previous meeting's minutes and the open actions, in the next pack.

The previous meeting is the latest pack in the same parent folder whose
``[meeting]`` names the same committee with an earlier date. Its minutes (the
edition's own: the public pack gets the public minutes, so no exempt minutes
reach it) and the still-open actions of every earlier meeting of the committee
go into the standard "minutes" item, for approval. Nothing here writes files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from boardpack.meeting import minutes
from boardpack.model import Edition, Pack
from boardpack.pack import agenda
from boardpack.pack import load as packfile
from boardpack.pack.resolutions import RESOLUTIONS_FILE
from boardpack.pandoc import ast
from boardpack.problems import BoardpackError, Level
from boardpack.textfmt import long_date, short_date

ITEM_ID = "minutes"
Node = dict[str, Any]


@dataclass(frozen=True)
class Meeting:
    """A sibling pack folder, as far as its ``[meeting]`` table says."""

    root: Path
    committee: str
    date: dt.date


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


def same_committee(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def earlier_meetings(pack: Pack) -> list[Meeting]:
    """The committee's earlier meetings beside this pack, latest first."""
    found = []
    parent = pack.root.resolve().parent
    for folder in sorted(parent.iterdir()):
        if folder.resolve() == pack.root.resolve() or not (folder / packfile.PACK_FILE).is_file():
            continue
        meeting = _meeting(folder)
        if (meeting and same_committee(meeting.committee, pack.meeting.committee)
                and meeting.date < pack.meeting.date):
            found.append(meeting)
    return sorted(found, key=lambda m: m.date, reverse=True)


def _meeting(folder: Path) -> Meeting | None:
    try:
        data = tomllib.loads((folder / packfile.PACK_FILE).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    raw = data.get("meeting")
    if not isinstance(raw, dict):
        return None
    committee, date = raw.get("committee"), raw.get("date")
    if not isinstance(committee, str) or type(date) is not dt.date:
        return None
    return Meeting(folder, committee, date)


def previous_date(pack: Pack) -> dt.date | None:
    """The previous meeting's date: from ``pack.toml`` if set, else from the folder beside."""
    if pack.meeting.previous_meeting:
        return pack.meeting.previous_meeting
    earlier = earlier_meetings(pack)
    return earlier[0].date if earlier else None


def dated(pack: Pack) -> Pack:
    """``pack`` with ``previous_meeting`` filled in from the previous pack when not set."""
    date = previous_date(pack)
    if date is None or date == pack.meeting.previous_meeting:
        return pack
    return dataclasses.replace(pack, meeting=dataclasses.replace(pack.meeting,
                                                                  previous_meeting=date))


def _load(meeting: Meeting) -> tuple[Pack | None, bool]:
    """The pack, and whether any of its record could not be read."""
    try:
        loaded = packfile.load(meeting.root)
    except BoardpackError:
        return None, True
    damaged = any(p.level is Level.ERROR and p.file == RESOLUTIONS_FILE
                  for p in loaded.problems)
    return loaded.pack, damaged


def open_actions(packs: list[Pack], edition: Edition) -> list[OpenAction]:
    """Actions not yet done, oldest meeting first; none of an exempt item in public."""
    out = []
    for pack in sorted(packs, key=lambda p: p.meeting.date):
        entries = {e.item.id: e for e in agenda.entries(pack)}
        for resolution in pack.resolutions:
            entry = entries.get(resolution.item)
            part_b = entry is None or entry.item.part_b  # unknown item: treat as exempt
            if part_b and edition == "public":
                continue
            label = entry.label if entry else resolution.item
            out += [OpenAction(pack.meeting.date, label, part_b, a.what, a.owner, a.due, a.status)
                    for a in resolution.actions if a.status != "done"]
    return out


def blocks(pack: Pack, edition: Edition) -> list[Node]:
    """What the "minutes" item carries: the previous minutes and the action log."""
    earlier = earlier_meetings(pack)
    if not earlier:
        return []
    loaded = [_load(m) for m in earlier]
    packs = [p for p, _ in loaded if p is not None]
    previous, damaged = loaded[0]
    date = earlier[0].date
    out: list[Node] = [ast.header(2, f"Minutes of the meeting held on {long_date(date)}",
                                  "previous-minutes")]
    if previous is None or damaged:
        out.append(ast.div([ast.para(
            "Some of the record of that meeting could not be read, so these minutes may be "
            "incomplete; see the clerk.")], classes=["missing"]))
    if previous is not None and minutes.recorded(previous):
        record, _ = ast.clean(minutes.body(previous, edition, level=3), prefix="previous",
                              shift=0)
        out += [ast.para([ast.emph("Submitted for approval as a correct record.")]),
                ast.div(record, classes=["previous-minutes"])]
    elif previous is not None:
        out.append(ast.para("The draft minutes of that meeting will follow."))
    shown = open_actions(packs, edition)
    hidden = len(open_actions(packs, "members")) > len(shown)
    return out + action_log(shown, pack.meeting.date, hidden=hidden)


def action_log(actions: list[OpenAction], today: dt.date, *, hidden: bool) -> list[Node]:
    """The table of open actions, with their status on the meeting day."""
    out: list[Node] = [ast.header(2, "Action log", "action-log")]
    if actions:
        rows: list[list[str | list[Node]]] = [[
            [ast.para(a.what), ast.para([ast.emph(f"Meeting of {short_date(a.meeting)}, "
                                                  f"item {a.item}")])],
            a.owner, short_date(a.due) if a.due else "", status(a, today)] for a in actions]
        out.append(ast.table(["Action", "Owner", "Due", "Status"], rows, classes=["action-log"],
                             widths=[0.45, 0.22, 0.2, 0.13]))
    elif not hidden:
        out.append(ast.para("There are no open actions from earlier meetings."))
    if hidden:
        out.append(ast.para("Open actions on exempt items are listed in the members' edition."))
    return out


def status(action: OpenAction, today: dt.date) -> str:
    """'Open', or 'Overdue' when its due date passed before the meeting."""
    if action.due and action.due < today:
        return "Overdue"
    return action.status.capitalize()
