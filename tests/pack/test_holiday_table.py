"""The bank-holiday table gives what the ``holidays`` library gives, without importing it."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import holidays
import pytest

from boardpack.pack import deadlines, holiday_table

CURRENT = holiday_table.installed_version() == holiday_table.VERSION


@pytest.mark.skipif(not CURRENT, reason="the table is of another version of holidays")
def test_the_table_is_what_the_installed_library_makes() -> None:
    assert holiday_table.render() == Path(holiday_table.__file__).read_text(encoding="utf-8")


def test_every_nation_and_year_as_the_library_gives_them() -> None:
    for nation, code in holiday_table.SUBDIVISIONS.items():
        for year in range(holiday_table.FIRST + 1, holiday_table.LAST):
            library = frozenset(holidays.country_holidays("GB", subdiv=code,
                                                          years=[year - 1, year, year + 1]))
            kept = holiday_table.days(nation, year - 1, year + 1)
            assert kept == (library if CURRENT else None), (nation, year)
            assert deadlines._bank_holidays(nation, year) == library


def test_years_outside_the_table_and_other_versions_ask_the_library(monkeypatch) -> None:
    assert holiday_table.days("england", 2050, 2051) is None
    assert holiday_table.days("england", 1999, 2001) is None
    assert dt.date(2051, 12, 25) in deadlines._bank_holidays("england", 2051)
    monkeypatch.setattr(holiday_table, "VERSION", "0.0")
    holiday_table._current.cache_clear()
    try:
        assert holiday_table.days("wales", 2026, 2028) is None
    finally:
        holiday_table._current.cache_clear()


@pytest.mark.skipif(not CURRENT, reason="the table is of another version of holidays")
def test_a_deadline_is_worked_out_without_importing_holidays() -> None:
    code = ("import sys, datetime as dt\n"
            "from boardpack.pack import deadlines\n"
            "print(deadlines.working_days_before(dt.date(2027, 1, 6), 5, 'scotland'))\n"
            "print('holidays' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    # Five working days before Wednesday 6 January 2027 in Scotland: 5 January, then 4 and
    # 1 January (holidays), 31, 30 and 29 December, 28 and 25 December (holidays), 24.
    assert done.stdout.split() == ["2026-12-24", "False"]
