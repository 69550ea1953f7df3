"""Reading ``resolutions.toml``: what the committee decided, item by item, and who came.

``load`` validates the file against the agenda; every problem names file, line and
key. ``parse_attendance`` and ``parse_resolutions`` are the checks, shared with
``boardpack.pack.edit_record``, which edits the file.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from boardpack.layout import RESOLUTIONS_FILE
from boardpack.model import (
    RESOLUTION_KINDS,
    VOTE_COUNTS,
    Action,
    Attendance,
    Pack,
    Resolution,
    Vote,
)
from boardpack.pack.agenda import agenda_ids
from boardpack.pack.tomlcheck import Lines, parse, read_text
from boardpack.pack.tomlcheck import Table as Checked
from boardpack.problems import BoardpackError, Level, Problem

ACTION_STATUSES = ("open", "done")
RESOLUTION_FIELDS = ("item", "kind", "text", "notes", "options", "reasons", "vote", "interests",
                     "urgent", "urgent_reason", "dispensations", "called_in", "called_in_by",
                     "call_in_reason")
ACTION_FIELDS = ("what", "owner", "due", "status")
ATTENDANCE_FIELDS = ("present", "apologies", "officers")
DECISIONS_FIELDS = ("published",)
TOP_LEVEL = ("attendance", "resolution", "decisions")


def load(pack: Pack, problems: list[Problem]) -> list[Resolution]:
    """The pack's resolutions (and, into ``pack.attendance``, who came); none if no file."""
    path = pack.root / RESOLUTIONS_FILE
    if not path.exists():
        return []
    try:
        text = read_text(path, pack=pack.name, file=RESOLUTIONS_FILE)
        data = parse(text, pack=pack.name, file=RESOLUTIONS_FILE)
    except BoardpackError as exc:
        problems.extend(exc.problems)
        return []
    lines = Lines(text)
    pack.attendance = parse_attendance(data, lines, pack.name, problems)
    pack.decisions_published = parse_decisions(data, lines, pack.name, problems)
    return parse_resolutions(data, lines, pack.name, set(agenda_ids(pack)), problems)


def parse_attendance(data: dict[str, Any], lines: Lines, pack: str,
                     problems: list[Problem]) -> Attendance:
    """Validate the ``[attendance]`` table: lists of names."""
    raw = data.get("attendance", {})
    if not isinstance(raw, dict):
        problems.append(Problem("'attendance' should be an [attendance] table", pack=pack,
                                file=RESOLUTIONS_FILE, line=lines.key("", 0, "attendance")))
        return Attendance()
    t = Checked(raw, "[attendance]", pack, RESOLUTIONS_FILE, lines, "attendance")
    attendance = Attendance(**{key: t.strings(key) for key in ATTENDANCE_FIELDS})
    problems += t.finish()
    for name in sorted(set(attendance.present) & set(attendance.apologies)):
        problems.append(Problem(f"'{name}' is listed as both present and sending apologies",
                                pack=pack, file=RESOLUTIONS_FILE,
                                line=lines.key("attendance", 0, "apologies"),
                                hint="remove the name from one of the lists",
                                level=Level.WARNING))
    return attendance


def parse_decisions(data: dict[str, Any], lines: Lines, pack: str,
                    problems: list[Problem]) -> dt.date | None:
    """The ``[decisions]`` table: the day an executive's decision notice was published."""
    raw = data.get("decisions", {})
    if not isinstance(raw, dict):
        problems.append(Problem("'decisions' should be a [decisions] table", pack=pack,
                                file=RESOLUTIONS_FILE, line=lines.key("", 0, "decisions")))
        return None
    t = Checked(raw, "[decisions]", pack, RESOLUTIONS_FILE, lines, "decisions")
    published = t.get("published", dt.date, None)
    problems += t.finish()
    return published


def parse_resolutions(data: dict[str, Any], lines: Lines, pack: str, item_ids: set[str],
                      problems: list[Problem]) -> list[Resolution]:
    """Validate parsed ``resolutions.toml`` data against the agenda's item ids."""
    raw_list = data.get("resolution", [])
    for key in data:
        if key not in TOP_LEVEL:
            problems.append(Problem(f"unknown key '{key}'", pack=pack, file=RESOLUTIONS_FILE,
                                    line=lines.table(key) or lines.key("", 0, key),
                                    hint="use [attendance] and [[resolution]] tables"))
    if not isinstance(raw_list, list):
        problems.append(Problem("'resolution' should be [[resolution]] tables", pack=pack,
                                file=RESOLUTIONS_FILE))
        return []
    out: list[Resolution] = []
    action_index = 0
    for index, raw in enumerate(raw_list):
        if not isinstance(raw, dict):
            problems.append(Problem(f"resolution {index + 1} is not a table", pack=pack,
                                    file=RESOLUTIONS_FILE))
            continue
        item = raw["item"] if isinstance(raw.get("item"), str) else ""
        t = Checked(raw, f"resolution {index + 1}", pack, RESOLUTIONS_FILE, lines, "resolution",
                    index, item=item)
        item = t.get("item", str, "", required=True)
        if item and item not in item_ids:
            t.problem("item", f"resolution {index + 1}: no agenda item with id '{item}'",
                      "use an id from pack.toml (or a standard item such as 'minutes')")
        vote = t.get("vote", (str, dict), "", check=_vote)
        resolution = Resolution(
            item=item,
            kind=t.get("kind", str, "RESOLVED", check=lambda v: "" if v in RESOLUTION_KINDS
                       else f"should be one of {', '.join(RESOLUTION_KINDS)}"),
            text=t.strings("text"),
            notes=t.get("notes", str, ""),
            options=t.get("options", str, ""),
            reasons=t.get("reasons", str, ""),
            vote=Vote.from_toml(vote),
            interests=t.strings("interests"),
            line=lines.table("resolution", index),
            urgent=t.get("urgent", bool, False),
            urgent_reason=t.get("urgent_reason", str, ""),
            dispensations=t.strings("dispensations"),
            called_in=t.get("called_in", dt.date, None),
            called_in_by=t.get("called_in_by", str, ""),
            call_in_reason=t.get("call_in_reason", str, ""),
        )
        actions = t.get("action", list, [])
        for raw_action in actions:
            at = Checked(raw_action if isinstance(raw_action, dict) else {},
                         f"resolution {index + 1} action", pack, RESOLUTIONS_FILE, lines,
                         "resolution.action", action_index, item=item)
            action_index += 1
            resolution.actions.append(Action(
                what=at.get("what", str, "", required=True),
                owner=at.get("owner", str, ""),
                due=at.get("due", dt.date, None, check=lambda v: "" if not isinstance(
                    v, dt.datetime) else "should be a date like 2026-09-01"),
                status=at.get("status", str, "open", check=lambda v: "" if v in ACTION_STATUSES
                              else "should be open or done"),
            ))
            problems += at.finish()
        problems += t.finish()
        out.append(resolution)
    return out


def _vote(value: str | dict) -> str:
    if isinstance(value, str):
        return "" if value in ("", "unanimous") else "should be \"unanimous\" or a table of counts"
    unknown = set(value) - set(VOTE_COUNTS)
    if unknown:
        return f"has unknown keys {sorted(unknown)}; use {', '.join(VOTE_COUNTS)}"
    if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value.values()):
        return "counts should be whole numbers"
    return ""
