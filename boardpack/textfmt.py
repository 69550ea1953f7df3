"""Dates, times and sizes written the way a council writes them."""

from __future__ import annotations

import datetime as dt


def long_date(day: dt.date) -> str:
    """'Wednesday, 20 July 2022'."""
    return f"{day:%A}, {day.day} {day:%B %Y}"


def short_date(day: dt.date) -> str:
    """'20 July 2022'."""
    return f"{day.day} {day:%B %Y}"


def clock(time: str) -> str:
    """'14:00' -> '2.00 pm'."""
    try:
        hours, minutes = (int(part) for part in time.replace(".", ":").split(":"))
    except ValueError:
        return time
    suffix = "am" if hours < 12 else "pm"
    hours = hours % 12 or 12
    return f"{hours}.{minutes:02d} {suffix}"


def file_size(size: int) -> str:
    """'400 KB' as on a council's website."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(1, round(size / 1000))} KB"
