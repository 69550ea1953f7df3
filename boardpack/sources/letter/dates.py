"""Dates as Ofsted letters write them: "4 and 5 October 2022", "Between 31 October and
4 November 2016", "8 July 2019 to 12 July 2019 and 7 August 2019 to 8 August 2019",
"4 June 2018–28 June 2018", "29 January 2024 to 02 February 2024"."""

from __future__ import annotations

import datetime as dt
import re

from boardpack.textfmt import short_date

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
         r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
DAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?\d{1,2}(?:st|nd|rd|th)?"
YEAR = r"(?:19|20)\d\d"
SINGLE = re.compile(rf"\b(?P<d>{DAY})\s+(?P<m>{MONTH}),?\s+(?P<y>{YEAR})\b", re.I)
RANGE = re.compile(
    rf"\b(?P<d1>{DAY})(?:,\s*\d{{1,2}})*(?:\s+(?P<m1>{MONTH}))?(?:,?\s+(?P<y1>{YEAR}))?"
    rf"\s*(?:–|-|\bto\b|\band\b|\buntil\b)\s*"
    rf"(?P<d2>{DAY})\s+(?P<m2>{MONTH}),?\s+(?P<y2>{YEAR})\b", re.I)
MAX_DAYS = 120  # a visit or an inspection, even in two parts, is shorter


def date(day: str, month: str, year: str | int) -> dt.date | None:
    digits = re.search(r"\d{1,2}", day)
    key = month.lower().rstrip(".")[:3]
    if digits is None or key not in _MONTHS:
        return None
    try:
        return dt.date(int(year), _MONTHS.index(key) + 1, int(digits.group()))
    except ValueError:
        return None


def _range(match: re.Match[str]) -> tuple[dt.date | None, dt.date | None]:
    end = date(match["d2"], match["m2"], match["y2"])
    if end is None:
        return None, None
    start = date(match["d1"], match["m1"] or match["m2"], match["y1"] or match["y2"])
    if start is not None and start > end and not match["y1"]:
        start = date(match["d1"], match["m1"] or match["m2"], end.year - 1)
    if start is None or start > end or (end - start).days > MAX_DAYS:
        return None, None
    return start, end


def dates_at(text: str, pos: int = 0) -> tuple[dt.date | None, dt.date | None, int]:
    """The first and last day of the dates written at ``pos`` in ``text``, and where
    they end: a single date, a range, or a list ("30 and 31 October and 1 November
    2019", "8 July 2019 to 12 July 2019 and 7 August 2019 to 8 August 2019"). A day
    without its month or year takes those written after it (the year before, when that
    puts it after the next day: "30 December to 3 January 2023")."""
    run = _RUN.match(text, pos)
    if not run or not run.group().strip():
        return None, None, pos
    days: list[list[int]] = []  # [day, month, year, year written with it] (0: not yet)
    for token in _TOKEN.finditer(run.group()):
        if token["day"]:
            days.append([int(re.sub(r"\D", "", token["day"])), 0, 0, 0])
        elif token["month"]:
            month = _MONTHS.index(token["month"].lower().rstrip(".")[:3]) + 1
            for entry in days:
                entry[1] = entry[1] or month
        elif token["year"] and days:
            for entry in days:
                if not entry[2]:
                    entry[2] = int(token["year"])
            days[-1][3] = 1
    found: list[dt.date] = []
    for day, month, year, own in reversed(days):
        if not (month and year):
            continue
        try:
            day_date = dt.date(year, month, day)
            if found and not own and day_date > found[-1]:
                day_date = dt.date(year - 1, month, day)
        except ValueError:
            continue
        found.append(day_date)
    if not found:
        return None, None, pos
    start, end = min(found), max(found)
    if (end - start).days > MAX_DAYS:
        return None, None, pos
    return start, end, pos + len(run.group().rstrip(" ,&–-"))


_ITEM = (rf"(?:{DAY}(?!\d)|{MONTH}(?![a-z])|{YEAR}(?!\d)|(?:and|to|until)\b|[&,–-])")
_RUN = re.compile(rf"(?:\s*{_ITEM})+", re.I)
_TOKEN = re.compile(rf"(?P<year>\b{YEAR}\b)|(?P<day>\b{DAY})(?!\d)|(?P<month>\b{MONTH})",
                    re.I)


def after(label: str, text: str) -> tuple[dt.date | None, dt.date | None]:
    """The first dates written straight after ``label`` (a pattern) in ``text``."""
    for found in re.finditer(label, text, re.I):
        start, end, _ = dates_at(text, found.end())
        if end:
            return start, end
    return None, None


def first_range(text: str) -> tuple[dt.date | None, dt.date | None]:
    """The first date range in ``text``."""
    for match in RANGE.finditer(text):
        start, end = _range(match)
        if end:
            return start, end
    return None, None


def single_line_date(line: str) -> dt.date | None:
    """The date a line is, if it is nothing but a date, or "Date: " and a date (a
    letter's date line)."""
    match = SINGLE.fullmatch(re.sub(r"^(?:date|dated)\s*:?\s*", "", line.strip(" .*"), flags=re.I))
    return date(match["d"], match["m"], match["y"]) if match else None


def range_text(start: dt.date | None, end: dt.date | None) -> str:
    """'1–2 December 2026', '30 November – 2 December 2022', '7 December 2022'."""
    if end is None:
        return ""
    if start is None or start == end:
        return short_date(end)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
    return f"{short_date(start)} – {short_date(end)}"
