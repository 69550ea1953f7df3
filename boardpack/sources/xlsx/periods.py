"""When a column's figures are for: the period a KPI heading names, as a date.

Councils head their value columns with financial years (``2021/22``, ``17/18``),
calendar years, quarters of either (``Q3 2021/22``, ``2016/17`` over ``Q1``), months
(``Jan-17``, ``March 2017``, or ``Jan`` under a year), ``P1``..``P13`` periods and words
for the latest figure (``Year to date``, ``YTD``, ``Outturn``, ``Actual``, ``Current``,
``Latest``). ``when`` turns a heading into the last day of its period, so the latest
figure is the latest in time, not the rightmost column (an ``Outturn 2021/22`` column
after the quarters of 2022/23 is older than them).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
FINANCIAL = re.compile(r"(?<![\d/])((?:19|20)?\d{2})\s*[/\-–]\s*((?:19|20)?\d{2})(?![\d/])")
YEAR = re.compile(r"(?<![\d/])((?:19|20)\d{2})(?![\d/])")
MONTH_YEAR = re.compile(_MONTH + r"[\s\-'’]*((?:19|20)?\d{2})(?![\d/])", re.I)
MONTH = re.compile(r"\b" + _MONTH + r"(?![a-z])", re.I)
QUARTER = re.compile(r"\b(?:q|qtr|quarter)\s*([1-4])\b", re.I)
PERIOD_NUMBER = re.compile(r"\bp(?:eriod)?\s*(0?[1-9]|1[0-3])\b", re.I)
TO_DATE = re.compile(r"\b(ytd|year[\s-]+to[\s-]+date|cumulative|to date)\b", re.I)
LATEST = re.compile(r"\b(latest|current|actual|this (?:month|quarter|year)|now)\b", re.I)
EARLIER = re.compile(r"\b(previous|prior|last\s+(year|month|quarter|period)|same\s+(period|"
                     r"quarter|month)\s+last)\b", re.I)
EARLIEST = dt.date.min
LATEST_DAY = dt.date.max  # "Latest", "Current" or "Actual" with no date: the newest column
YEAR_END = re.compile(r"\b(outturn|year[\s-]*end|annual|full[\s-]+year|result)\b", re.I)


@dataclass(frozen=True, order=True)
class When:
    """The last day of a column's period; ``rank`` orders columns ending the same day
    (a period's own figure, 1, before a year-to-date figure, 0)."""

    end: dt.date
    rank: int = 1
    year_start: int | None = None  # the financial or calendar year the heading names
    to_date: bool = False


def _full_year(text: str) -> int:
    number = int(text)
    return number if number >= 1900 else 2000 + number if number < 70 else 1900 + number


def financial_year(text: str) -> int | None:
    """The first year of ``2021/22``, ``2021-2022`` or ``17/18`` in ``text``."""
    for match in FINANCIAL.finditer(text):
        first, second = _full_year(match.group(1)), _full_year(match.group(2))
        if second == first + 1:
            return first
    return None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def when(heading: str, value: object = None) -> When | None:
    """The period ``heading`` names (``value`` is the heading cell's own value, which
    may be a date), or None if it names none."""
    if isinstance(value, dt.datetime | dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        return When(_month_end(day.year, day.month) if day.day == 1 else day)
    fy = financial_year(heading)
    rest = FINANCIAL.sub(" ", heading) if fy is not None else heading
    month_year = MONTH_YEAR.search(rest)
    if month_year:
        number = MONTHS.index(month_year.group(1).lower()[:3]) + 1
        return When(_month_end(_full_year(month_year.group(2)), number), year_start=fy)
    year_match = YEAR.search(rest)
    calendar_year = int(year_match.group(1)) if year_match else None
    quarter = QUARTER.search(rest)
    month = MONTH.search(rest)
    period = PERIOD_NUMBER.search(rest)
    to_date = TO_DATE.search(heading) is not None
    if fy is not None:
        if quarter:
            q = int(quarter.group(1))
            return When(_month_end(fy + (q == 4), (3 * q + 3) % 12 or 12), year_start=fy)
        if month:
            number = MONTHS.index(month.group(1).lower()[:3]) + 1
            return When(_month_end(fy + (number < 4), number), year_start=fy)
        if period:
            number = (int(period.group(1)) + 2) % 12 + 1
            return When(_month_end(fy + (number < 4), number), year_start=fy)
        return When(dt.date(fy + 1, 3, 31), rank=0 if to_date else 1, year_start=fy,
                    to_date=to_date)
    if calendar_year is not None:
        if quarter:
            return When(_month_end(calendar_year, 3 * int(quarter.group(1))),
                        year_start=calendar_year)
        if month:
            number = MONTHS.index(month.group(1).lower()[:3]) + 1
            return When(_month_end(calendar_year, number), year_start=calendar_year)
        return When(dt.date(calendar_year, 12, 31), rank=0 if to_date else 1,
                    year_start=calendar_year, to_date=to_date)
    return None


def names_a_figure(heading: str) -> bool:
    """Whether a heading with no date still says it holds an indicator's figures."""
    return bool(TO_DATE.search(heading) or LATEST.search(heading) or YEAR_END.search(heading)
                or QUARTER.search(heading) or MONTH.search(heading)
                or PERIOD_NUMBER.search(heading)
                or EARLIER.search(heading)
                or re.search(r"\b(value|figure|performance|in[\s-]+month|month|quarter|"
                             r"score|position|data)\b", heading, re.I))
