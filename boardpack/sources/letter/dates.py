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
_JOINED = re.compile(r"\s*(?:,|and|&)\s*", re.I)
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
    """A date range or a single date at ``pos`` in ``text``, and where it ends; a
    second range joined by "and" ("… to … and … to …", an inspection in two parts)
    extends it."""
    start, end, stop = _one_at(text, pos)
    while end is not None:
        joined = _JOINED.match(text, stop)
        if not joined:
            break
        more_start, more_end, more_stop = _one_at(text, joined.end())
        if more_end is None or more_start is None or more_start < end or (
                more_end - (start or end)).days > MAX_DAYS:
            break
        end, stop = more_end, more_stop
    return start, end, stop


def _one_at(text: str, pos: int) -> tuple[dt.date | None, dt.date | None, int]:
    match = RANGE.match(text, pos)
    if match:
        start, end = _range(match)
        if end:
            return start, end, match.end()
    match = SINGLE.match(text, pos)
    if match:
        day = date(match["d"], match["m"], match["y"])
        return day, day, match.end()
    return None, None, pos


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
    """The date a line is, if it is nothing but a date (a letter's date line)."""
    match = SINGLE.fullmatch(line.strip(" .*"))
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
