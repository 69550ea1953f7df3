"""Working days in closed form (whole weeks, the rest, the bank holidays between by
bisection) give what counting one day at a time gives, in all four nations, over
random spans and over Christmas, New Year and Easter."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from boardpack.pack import deadlines
from boardpack.pack.deadlines import working_days_between, working_days_counted

NATIONS = ("england", "wales", "scotland", "northern-ireland")


def late_counted(deadline: dt.date, received: dt.date, nation: str) -> int:
    """``working_days_late`` one day at a time: working days after the deadline up to
    the first working day on or after ``received``."""
    if received <= deadline:
        return 0
    while not deadlines.is_working_day(received, nation):
        received += dt.timedelta(days=1)
    return working_days_counted(deadline, received, nation)


@pytest.mark.parametrize("nation", NATIONS)
def test_random_spans_agree_with_counting(nation: str) -> None:
    rng = random.Random(f"working days {nation}")
    for _ in range(400):
        start = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(5 * 365))
        end = start + dt.timedelta(days=rng.randint(-400, 400))
        assert working_days_between(start, end, nation) == \
            working_days_counted(start, end, nation), (start, end)
        assert deadlines.working_days_late(start, end, nation) == \
            late_counted(start, end, nation), (start, end)


@pytest.mark.parametrize("nation", NATIONS)
@pytest.mark.parametrize("around", [dt.date(2026, 12, 25), dt.date(2027, 1, 1),
                                    dt.date(2027, 3, 28), dt.date(2025, 4, 20),
                                    dt.date(2026, 8, 31), dt.date(2027, 7, 12)])
def test_every_span_around_holidays_agrees(nation: str, around: dt.date) -> None:
    days = [around + dt.timedelta(days=n) for n in range(-12, 13)]
    for start in days:
        for end in days:
            assert working_days_between(start, end, nation) == \
                working_days_counted(start, end, nation), (start, end)


def test_christmas_and_new_year_by_hand() -> None:
    # Thu 24 Dec 2026 to Mon 4 Jan 2027, England: Fri 25 (Christmas), Mon 28 (Boxing
    # Day, a Saturday, moved) and Fri 1 (New Year) are holidays: 29, 30, 31 Dec, 4 Jan.
    assert working_days_between(dt.date(2026, 12, 24), dt.date(2027, 1, 4)) == 4
    # Scotland also keeps 2 January, a Saturday, on Monday 4 January.
    assert working_days_between(dt.date(2026, 12, 24), dt.date(2027, 1, 4), "scotland") == 3
    # Easter 2027: Good Friday 26 March everywhere, Easter Monday 29 March but in Scotland.
    assert working_days_between(dt.date(2027, 3, 25), dt.date(2027, 3, 30)) == 1
    assert working_days_between(dt.date(2027, 3, 25), dt.date(2027, 3, 30), "scotland") == 2
    assert working_days_between(dt.date(2027, 3, 30), dt.date(2027, 3, 25)) == -1
