"""Late papers, flagged while the meeting is still ahead.

A report is *received* when it first appeared in the pack: the oldest version kept
in ``PACK/.history`` (kept by every build and check) or, if earlier or nothing has
been kept, the file's modification time. It is late when that day is after the
report deadline; the days late are working days. Once the meeting has been held
nothing is flagged, because nothing can be done about it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass

from boardpack.layout import PACK_FILE
from boardpack.model import Pack, SourceRef
from boardpack.pack import deadlines, history, issued
from boardpack.problems import Level, Problem
from boardpack.textfmt import short_date


@dataclass(frozen=True)
class LateReport:
    """One report that arrived after the deadline."""

    item: str
    file: str
    received: dt.date
    due: dt.date
    days_late: int


def received(pack: Pack, ref: SourceRef) -> dt.date | None:
    """The local date a report first appeared in the pack, or None if it is not there."""
    times = [v.taken for v in history.versions(pack.root, ref.path)]
    with contextlib.suppress(OSError):  # gone, or never there: only its kept versions count
        times.append(dt.datetime.fromtimestamp((pack.root / ref.path).stat().st_mtime, dt.UTC))
    return min(times).astimezone().date() if times else None


def late_reports(pack: Pack, today: dt.date) -> list[LateReport]:
    """Reports received after the report deadline, while the meeting is still ahead."""
    if today >= pack.meeting.date:
        return []
    t = deadlines.timetable(pack)
    late = []
    for item in pack.items:
        for ref in item.files:
            day = received(pack, ref)
            if day is None or day <= t.reports:
                continue
            days = deadlines.working_days_late(t.reports, day, t.nation)
            late.append(LateReport(item.id, ref.path, day, t.reports, days))
    return late


def problems(pack: Pack, today: dt.date) -> list[Problem]:
    """Late reports, reports still to follow after their deadline, and late publication."""
    if today >= pack.meeting.date:
        return []
    t = deadlines.timetable(pack)
    out = [Problem(f"received {short_date(r.received)}, {_days(r.days_late)} after the report "
                   f"deadline of {short_date(r.due)}", pack=pack.name, item=r.item, file=r.file,
                   hint="tell the chair: a late report may need the reason for lateness "
                        "stated at the meeting", level=Level.WARNING)
           for r in late_reports(pack, today)]
    for item in pack.items:
        if item.to_follow and not item.files and today > t.reports:
            out.append(Problem(
                f"report to follow, due {short_date(t.reports)}: "
                f"{_days(deadlines.working_days_late(t.reports, today, t.nation))} late",
                pack=pack.name, item=item.id, level=Level.WARNING,
                hint="chase the report, or withdraw the item"))
    out += _publication(pack, today, t)
    committee = pack.committee.get("report_deadline_days")
    if committee is not None and deadlines.report_deadline_days(pack.committee) != committee:
        out.append(Problem(f"the committee template's report_deadline_days ({committee!r}) "
                           f"is not a whole number of days from 1 to 60; "
                           f"{deadlines.REPORT_DEADLINE_DAYS} is used", pack=pack.name,
                           file=PACK_FILE, level=Level.WARNING, hint="fix the template"))
    return out


def _publication(pack: Pack, today: dt.date, t: deadlines.Timetable) -> list[Problem]:
    published = pack.meeting.published or issued.first_issued(pack.root)
    if published is not None:
        clear = deadlines.clear_days(published, t.meeting, t.nation)
        if clear >= deadlines.CLEAR_DAYS:
            return []
        return [Problem(f"published {short_date(published)}, only {clear} clear working day(s) "
                        f"before the meeting; {deadlines.CLEAR_DAYS} are required",
                        pack=pack.name, file=PACK_FILE, level=Level.WARNING,
                        hint="the chair must agree the item as urgent, with the reasons in the "
                             "minutes (LGA 1972 s.100B(4))")]
    if today > t.publication:
        return [Problem(f"the publication deadline of {short_date(t.publication)} has passed "
                        f"({_days(deadlines.working_days_late(t.publication, today, t.nation))} "
                        "ago) and the pack is not issued", pack=pack.name, level=Level.WARNING,
                        hint="publish now; the chair must agree late items as urgent")]
    return []


@dataclass(frozen=True)
class PublicationStatus:
    """Whether papers issued on a day meet the publication deadline, and the line saying so."""

    met: bool
    line: str


def publication_status(pack: Pack, day: dt.date, *, supplement: bool = False
                       ) -> PublicationStatus:
    """The deadline status of issuing the pack (or a supplement) on ``day``: the pack's
    publication date is ``published`` (else ``day``), a supplement's is ``day``."""
    t = deadlines.timetable(pack)
    published = day if supplement else (pack.meeting.published or day)
    clear = deadlines.clear_days(published, t.meeting, t.nation)
    what = "the supplement" if supplement else "the papers"
    head = (f"publication deadline {short_date(t.publication)}: {what} go out "
            f"{short_date(published)}, {clear} clear working day(s) before the meeting")
    if clear >= deadlines.CLEAR_DAYS:
        return PublicationStatus(True, f"{head}; met")
    return PublicationStatus(False, f"{head}; late ({deadlines.CLEAR_DAYS} are required): the "
                                    "chair must agree the items as urgent, with the reasons in "
                                    "the minutes (LGA 1972 s.100B(4))")


def _days(count: int) -> str:
    return f"{count} working day" + ("" if count == 1 else "s")
