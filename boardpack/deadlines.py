"""Statutory timetable: the publication deadline and the report deadline of a meeting.

Papers must be open to inspection at least five *clear* working days before the
meeting (Local Government Act 1972, s.100B(3)): the day of publication and the day
of the meeting do not count, nor do weekends or the nation's bank holidays.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import holidays

from boardpack.model import Meeting

CLEAR_DAYS = 5
REPORT_DEADLINE_DAYS = 7
_SUBDIVISIONS = {"england": "ENG", "wales": "WLS", "scotland": "SCT", "northern-ireland": "NIR"}


@cache
def _bank_holidays(nation: str, year: int) -> frozenset[dt.date]:
    calendar = holidays.country_holidays("GB", subdiv=_SUBDIVISIONS.get(nation, "ENG"),
                                         years=[year - 1, year, year + 1])
    return frozenset(calendar)


def is_working_day(day: dt.date, nation: str = "england") -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(nation, day.year)


def working_days_before(day: dt.date, count: int, nation: str = "england") -> dt.date:
    """The date ``count`` working days before ``day`` (``day`` itself not counted)."""
    current = day
    remaining = count
    while remaining:
        current -= dt.timedelta(days=1)
        if is_working_day(current, nation):
            remaining -= 1
    return current


def publication_deadline(meeting_day: dt.date, nation: str = "england",
                         clear_days: int = CLEAR_DAYS) -> dt.date:
    """The last day papers may be published: ``clear_days`` clear working days between.

    The publication day itself must be a working day, so the deadline is the
    working day before the run of clear days.
    """
    return working_days_before(meeting_day, clear_days + 1, nation)


def report_deadline(meeting_day: dt.date, nation: str = "england",
                    days: int = REPORT_DEADLINE_DAYS) -> dt.date:
    """The day officers' reports are due: ``days`` working days before the meeting."""
    return working_days_before(meeting_day, days, nation)


def working_days_between(start: dt.date, end: dt.date, nation: str = "england") -> int:
    """Working days after ``start`` up to and including ``end`` (negative if end < start)."""
    if end < start:
        return -working_days_between(end, start, nation)
    count, current = 0, start
    while current < end:
        current += dt.timedelta(days=1)
        count += is_working_day(current, nation)
    return count


def for_meeting(meeting: Meeting, committee: dict) -> tuple[dt.date, dt.date]:
    """(publication deadline, report deadline) for a meeting and its committee template."""
    days = int(committee.get("report_deadline_days", REPORT_DEADLINE_DAYS))
    return (publication_deadline(meeting.date, meeting.nation),
            report_deadline(meeting.date, meeting.nation, days))
