"""An executive's decisions after the meeting: the decision notice's dates, call-in, status.

Each resolution of a report item on an executive's agenda is a decision, recorded
under regulation 12 of SI 2012/2089 (the decision, its date, reasons, alternative
options considered and rejected, interests declared and dispensations). The decision
notice is due ``decision_notice_days`` working days after the meeting and is
published on the day ``[decisions] published`` in ``resolutions.toml`` records. A
decision may be called in (Local Government Act 2000, s.9F) until the end of the
``call_in_days``-th working day after publication, and takes effect on the next
working day unless it is called in. An urgent decision (``urgent = true``) is not
subject to call-in and takes effect on the day it is made.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from boardpack.layout import RESOLUTIONS_FILE
from boardpack.model import Pack, Resolution
from boardpack.pack import agenda, deadlines, executive
from boardpack.pack.agenda import Entry
from boardpack.problems import BoardpackError, Level, Problem
from boardpack.textfmt import short_date

State = Literal["to be published", "call-in open", "called in", "effective"]
CALL_IN_KEYS = ("urgent", "urgent_reason", "dispensations", "called_in", "called_in_by",
                "call_in_reason")


@dataclass(frozen=True)
class Timetable:
    """A meeting's decision dates: made, notice due and published, call-in, in force."""

    made: dt.date
    due: dt.date
    published: dt.date | None
    call_in_until: dt.date | None
    effective: dt.date | None
    call_in_days: int


def timetable(pack: Pack, published: dt.date | None = None) -> Timetable:
    """The dates for ``pack``'s decisions (``published`` overrides the recorded day)."""
    m = pack.meeting
    chosen = executive.settings(pack.committee)
    published = published or pack.decisions_published
    until = effective = None
    if published is not None:
        until = deadlines.working_days_after(published, chosen.call_in_days, m.nation)
        effective = deadlines.working_days_after(until, 1, m.nation)
    return Timetable(m.date, deadlines.working_days_after(m.date, chosen.decision_notice_days,
                                                          m.nation),
                     published, until, effective, chosen.call_in_days)


@dataclass(frozen=True)
class Decision:
    """One resolution of a report item, with its place on the agenda and in the file."""

    entry: Entry
    resolution: Resolution
    index: int

    @property
    def part_b(self) -> bool:
        return self.entry.item.part_b


def decisions(pack: Pack) -> list[Decision]:
    """The pack's decisions in agenda order (none unless it is an executive's)."""
    if not executive.is_executive(pack):
        return []
    order = {e.item.id: e for e in agenda.entries(pack)}
    found = [Decision(order[r.item], r, index) for index, r in enumerate(pack.resolutions)
             if r.item in order and not order[r.item].item.standard]
    return sorted(found, key=lambda d: (d.entry.number, d.index))


@dataclass(frozen=True)
class Status:
    """Where a decision stands on a day: its state and a line saying so."""

    state: State
    text: str


def status(decision: Decision, times: Timetable, today: dt.date) -> Status:
    """Published (or due), then call-in open until …, called in, or effective from …."""
    r = decision.resolution
    notice = (f"published {short_date(times.published)}" if times.published
              else f"decision notice due {short_date(times.due)}")
    if r.urgent:
        return Status("effective", f"{notice}; urgent — not subject to call-in; effective from "
                                   f"{short_date(times.made)}")
    if r.called_in:
        by = f" by {r.called_in_by}" if r.called_in_by else ""
        return Status("called in", f"{notice}; called in {short_date(r.called_in)}{by}")
    if times.call_in_until is None or times.effective is None:
        return Status("to be published", notice)
    if today <= times.call_in_until:
        return Status("call-in open", f"{notice}; call-in open until "
                                      f"{short_date(times.call_in_until)}")
    return Status("effective", f"{notice}; effective from {short_date(times.effective)}")


def resolution_status(pack: Pack, index: int, today: dt.date) -> Status | None:
    """The status of resolution ``index`` of ``pack``, or None if it is not a decision."""
    found = next((d for d in decisions(pack) if d.index == index), None)
    return status(found, timetable(pack), today) if found else None


def record_call_in(pack_root: Path, index: int, *, day: dt.date | None, by: str = "",
                   reason: str = "") -> None:
    """Record (or with ``day`` None, withdraw) the call-in of decision ``index`` (0-based),
    saved like every other edit of ``resolutions.toml``: locked, atomic, comments kept."""
    from boardpack.pack import edit_record  # tomlkit and the lock: for edits only
    from boardpack.pack import load as packfile

    pack = packfile.load(pack_root).pack
    found = next((d for d in decisions(pack) if d.index == index), None)
    refusal = ""
    if day is not None and found is None:
        refusal = f"resolution {index + 1} is not an executive decision, so it cannot be called in"
    elif day is not None and found is not None and found.resolution.urgent:
        refusal = f"resolution {index + 1} is urgent: not subject to call-in"
    elif day is not None and pack.decisions_published is None:
        refusal = ("the decision notice is not recorded as published, so the call-in period has "
                   "not begun (boardpack decisions PACK --published YYYY-MM-DD)")
    if refusal:
        raise BoardpackError(Problem(refusal, pack=pack.name, file=RESOLUTIONS_FILE,
                                     hint="give the number of a decision that may be called in"))
    edit_record.update_resolution(pack_root, index, called_in=day, called_in_by=by or None,
                                  call_in_reason=reason or None)


# --- what check says ------------------------------------------------------------------


def problems(pack: Pack, today: dt.date) -> list[Problem]:
    """A decision notice overdue or late, call-ins that cannot be, keys out of place."""
    if not executive.is_executive(pack):
        return [_problem(pack, r, f"{', '.join(keys)}: urgency, dispensations and call-in are "
                         "for executive decisions",
                         "use a committee template with executive = true, or remove the keys")
                for r in pack.resolutions if (keys := _given(r))]
    found = decisions(pack)
    times = timetable(pack)
    out = []
    m = pack.meeting
    if found and times.published is None and today > times.due:
        out.append(Problem(f"the decision notice was due {short_date(times.due)}, "
                           f"{working_days(executive.settings(pack.committee).decision_notice_days)}"
                           " after the meeting, and is not recorded as published",
                           pack=pack.name, file=RESOLUTIONS_FILE, level=Level.WARNING,
                           hint="publish it: boardpack decisions PACK --published YYYY-MM-DD"))
    if times.published is not None:
        if times.published < m.date:
            out.append(Problem(f"[decisions] published {short_date(times.published)} is before "
                               "the meeting", pack=pack.name, file=RESOLUTIONS_FILE,
                               hint="give the day the decision notice was published"))
        elif times.published > times.due:
            late = deadlines.working_days_late(times.due, times.published, m.nation)
            out.append(Problem(f"the decision notice was published {short_date(times.published)}"
                               f", {working_days(late)} after it was due "
                               f"({short_date(times.due)})", pack=pack.name,
                               file=RESOLUTIONS_FILE, level=Level.WARNING,
                               hint="the call-in period runs from the day it was published"))
    for decision in found:
        out += _call_in_problems(pack, decision.resolution, times)
    return out


def _given(r: Resolution) -> list[str]:
    return [k for k in CALL_IN_KEYS if getattr(r, k) not in (False, "", None, [])]


def _call_in_problems(pack: Pack, r: Resolution, times: Timetable) -> list[Problem]:
    if r.called_in is None:
        return ([_problem(pack, r, "called_in_by or call_in_reason given without the date of "
                          "the call-in", "add called_in = YYYY-MM-DD")]
                if r.called_in_by or r.call_in_reason else [])
    if r.urgent:
        return [_problem(pack, r, "an urgent decision is not subject to call-in",
                         "remove called_in, or urgent = true")]
    if times.published is None or r.called_in < times.published:
        return [_problem(pack, r, f"called in {short_date(r.called_in)}, before the decision "
                         "notice was published", "record [decisions] published first")]
    out = []
    if times.call_in_until is not None and r.called_in > times.call_in_until:
        out.append(_problem(pack, r, f"called in {short_date(r.called_in)}, after the call-in "
                            f"period ended ({short_date(times.call_in_until)})",
                            "check the date; a late call-in does not stop the decision"))
    if not r.called_in_by:
        out.append(_problem(pack, r, "a call-in should say who called the decision in",
                            "add called_in_by"))
    return out


def _problem(pack: Pack, r: Resolution, message: str, hint: str) -> Problem:
    return Problem(message, pack=pack.name, item=r.item, file=RESOLUTIONS_FILE, line=r.line,
                   hint=hint, level=Level.WARNING)


def working_days(count: int) -> str:
    """'1 working day', '5 working days'."""
    return f"{count} working day" + ("" if count == 1 else "s")
