"""Statutory timetable: the publication deadline and the report deadline of a meeting.

Papers must be open to inspection at least five *clear* days before the meeting
(Local Government Act 1972, s.100B(3)). Clear days are whole days between the two
events: the day of publication and the day of the meeting do not count, and (as
councils' standing orders and the 2002 Variation Order read them) neither do
weekends or the nation's bank holidays. So for a Wednesday meeting the clear days
are the Wednesday to Tuesday before it, and the papers go out on the Tuesday a
week and a day before at the latest.

Reports are due a number of working days before the meeting (seven unless the
committee template sets ``report_deadline_days``), never later than the day the
papers must go out.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from boardpack.model import Meeting, Pack
from boardpack.pack import holiday_table

CLEAR_DAYS = 5
REPORT_DEADLINE_DAYS = 7
SUBDIVISIONS = holiday_table.SUBDIVISIONS


@cache
def _bank_holidays(nation: str, year: int) -> frozenset[dt.date]:
    """The bank holidays of ``nation`` in ``year`` and the years either side: from the
    table of the installed ``holidays`` (``holiday_table``), else from the library."""
    kept = holiday_table.days(nation if nation in SUBDIVISIONS else "england",
                              year - 1, year + 1)
    if kept is not None:
        return kept
    import holidays  # imported on first use: it is slow to import

    calendar = holidays.country_holidays("GB", subdiv=SUBDIVISIONS.get(nation, "ENG"),
                                         years=[year - 1, year, year + 1])
    return frozenset(calendar)


@cache
def _weekday_holidays(nation: str, year: int) -> tuple[dt.date, ...]:
    """The bank holidays of ``nation`` in ``year`` that fall Monday to Friday, in order
    (the days ``is_working_day`` takes out of that year's weekdays)."""
    return tuple(sorted(d for d in _bank_holidays(nation, year)
                        if d.year == year and d.weekday() < 5))


def _weekdays_to(day: dt.date) -> int:
    """Mondays to Fridays from 1 January of year 1 (a Monday) up to ``day``."""
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


def _holidays_in(start: dt.date, end: dt.date, nation: str) -> int:
    """Weekday bank holidays after ``start`` up to and including ``end``."""
    count = 0
    for year in range(start.year, end.year + 1):
        days = _weekday_holidays(nation, year)
        count += bisect.bisect_right(days, end) - bisect.bisect_right(days, start)
    return count


def is_working_day(day: dt.date, nation: str = "england") -> bool:
    """Monday to Friday and not a bank holiday of ``nation``."""
    return day.weekday() < 5 and day not in _bank_holidays(nation, day.year)


def working_days_before(day: dt.date, count: int, nation: str = "england") -> dt.date:
    """The ``count``-th working day before ``day`` (``day`` itself not counted)."""
    current = day
    remaining = count
    while remaining:
        current -= dt.timedelta(days=1)
        if is_working_day(current, nation):
            remaining -= 1
    return current


def working_days_after(day: dt.date, count: int, nation: str = "england") -> dt.date:
    """The ``count``-th working day after ``day`` (``day`` itself not counted)."""
    current = day
    remaining = count
    while remaining:
        current += dt.timedelta(days=1)
        if is_working_day(current, nation):
            remaining -= 1
    return current


def working_days_between(start: dt.date, end: dt.date, nation: str = "england") -> int:
    """Working days after ``start`` up to and including ``end`` (negative if end < start)."""
    if end < start:
        return -working_days_between(end, start, nation)
    return _weekdays_to(end) - _weekdays_to(start) - _holidays_in(start, end, nation)


def working_days_counted(start: dt.date, end: dt.date, nation: str = "england") -> int:
    """``working_days_between`` counted one day at a time: the reference it is tested
    against (slow over long spans)."""
    if end < start:
        return -working_days_counted(end, start, nation)
    count, current = 0, start
    while current < end:
        current += dt.timedelta(days=1)
        count += is_working_day(current, nation)
    return count


def clear_days(published: dt.date, meeting_day: dt.date, nation: str = "england") -> int:
    """Clear working days between publication and meeting: neither end day counts."""
    if meeting_day <= published:
        return 0
    return working_days_between(published, meeting_day - dt.timedelta(days=1), nation)


def publication_deadline(meeting_day: dt.date, nation: str = "england",
                         days: int = CLEAR_DAYS) -> dt.date:
    """The last working day on which papers may go out and still leave ``days`` clear days.

    The ``days``-th working day before the meeting is the first clear day, so the
    papers must be out by the working day before it.
    """
    return working_days_before(meeting_day, days + 1, nation)


def report_deadline(meeting_day: dt.date, nation: str = "england",
                    days: int = REPORT_DEADLINE_DAYS) -> dt.date:
    """The day officers' reports are due: ``days`` working days before the meeting,
    and never after the publication deadline."""
    return min(working_days_before(meeting_day, days, nation),
               publication_deadline(meeting_day, nation))


def working_days_late(deadline: dt.date, received: dt.date, nation: str = "england") -> int:
    """How many working days after ``deadline`` something arrived (0 if on time).

    Something that arrives on a weekend or bank holiday after the deadline is
    counted as arriving on the next working day.
    """
    if received <= deadline:
        return 0
    while not is_working_day(received, nation):
        received += dt.timedelta(days=1)
    return working_days_between(deadline, received, nation)


def report_deadline_days(committee: dict[str, Any]) -> int:
    """The committee template's ``report_deadline_days``, or the default if unusable."""
    value = committee.get("report_deadline_days", REPORT_DEADLINE_DAYS)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= 60:
        return REPORT_DEADLINE_DAYS
    return value


def for_meeting(meeting: Meeting, committee: dict) -> tuple[dt.date, dt.date]:
    """(publication deadline, report deadline) for a meeting and its committee template."""
    return (publication_deadline(meeting.date, meeting.nation),
            report_deadline(meeting.date, meeting.nation, report_deadline_days(committee)))


@dataclass(frozen=True)
class Timetable:
    """A meeting's key dates."""

    meeting: dt.date
    publication: dt.date
    reports: dt.date
    nation: str

    def days_to(self, deadline: dt.date, today: dt.date) -> int:
        """Working days from ``today`` to ``deadline``: 0 on the day, negative once past."""
        if today > deadline:
            return -working_days_late(deadline, today, self.nation)
        return working_days_between(today, deadline, self.nation)


def publication_date(pack: Pack, first_issued: dt.date | None) -> dt.date:
    """When the pack was published (``published``, else the day it was first issued) or
    is due to be."""
    return (pack.meeting.published or first_issued
            or for_meeting(pack.meeting, pack.committee)[0])


def timetable(pack: Pack) -> Timetable:
    publication, reports = for_meeting(pack.meeting, pack.committee)
    return Timetable(pack.meeting.date, publication, reports, pack.meeting.nation)
