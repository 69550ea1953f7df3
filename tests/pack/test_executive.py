"""Executive meetings: the notices' latest dates (worked out by hand from the bank holiday
lists), the decision dates, and what ``check`` says when a notice is missed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import EXECUTIVE, MEETING

from boardpack.meeting import decisions
from boardpack.pack import deadlines, executive
from boardpack.pack import load as packfile
from boardpack.pipeline.check import check
from boardpack.problems import Level

D = dt.date

# (nation, meeting, clear days, last day the notice may be published, why)
NOTICES = [
    ("england", D(2027, 2, 10), 28, D(2026, 12, 30),
     "28 clear days back from Tue 9 Feb reach Thu 31 Dec, New Year's Day skipped"),
    ("england", D(2027, 1, 27), 28, D(2026, 12, 14),
     "Christmas Day, Boxing Day (observed Mon 28) and New Year's Day skipped"),
    ("england", D(2023, 6, 7), 28, D(2023, 4, 24),
     "spring bank holiday, the Coronation (Mon 8 May 2023) and May Day skipped"),
    ("england", D(2023, 5, 15), 5, D(2023, 5, 4),
     "the 5-day notice: the Coronation bank holiday of 8 May 2023 does not count"),
    ("scotland", D(2023, 5, 15), 5, D(2023, 5, 4), "the Coronation was a holiday in Scotland too"),
    ("england", D(2027, 2, 10), 5, D(2027, 2, 2), "a Wednesday: clear days Wed 3 – Tue 9"),
    ("england", D(2027, 1, 5), 5, D(2026, 12, 23), "the 5-day notice across Christmas"),
]


@pytest.mark.parametrize(("nation", "meeting", "days", "latest", "why"), NOTICES,
                         ids=[f"{n}-{m}-{d}" for n, m, d, _, _ in NOTICES])
def test_latest_notice_dates(nation: str, meeting: dt.date, days: int, latest: dt.date,
                             why: str) -> None:
    assert executive.latest_notice(meeting, days, nation) == latest, why
    assert deadlines.clear_days(latest, meeting, nation) == days
    later = deadlines.working_days_after(latest, 1, nation)
    assert deadlines.clear_days(later, meeting, nation) == days - 1


# (nation, published, call-in days, last day of call-in, effective from, why)
CALL_IN = [
    ("england", D(2027, 2, 12), 5, D(2027, 2, 19), D(2027, 2, 22),
     "published on a Friday: the next five working days, effective the Monday after"),
    ("england", D(2026, 12, 23), 5, D(2027, 1, 4), D(2027, 1, 5),
     "Christmas Day, Boxing Day (observed Mon 28) and New Year's Day do not count"),
    ("england", D(2023, 5, 3), 5, D(2023, 5, 11), D(2023, 5, 12),
     "the Coronation bank holiday (Mon 8 May 2023) does not count"),
    ("england", D(2026, 12, 30), 5, D(2027, 1, 7), D(2027, 1, 8), "New Year's Day skipped"),
    ("scotland", D(2026, 12, 30), 5, D(2027, 1, 8), D(2027, 1, 11),
     "Scotland also skips Mon 4 January (2 January observed)"),
    ("england", D(2027, 2, 12), 3, D(2027, 2, 17), D(2027, 2, 18), "a three-day call-in"),
    ("england", D(2027, 3, 24), 5, D(2027, 4, 2), D(2027, 4, 5),
     "Good Friday and Easter Monday (26 and 29 March) do not count"),
]


@pytest.mark.parametrize(("nation", "published", "days", "until", "effective", "why"), CALL_IN,
                         ids=[f"{n}-{p}-{d}" for n, p, d, _, _, _ in CALL_IN])
def test_call_in_and_effective_dates(make_pack: Callable[..., Path], nation: str,
                                     published: dt.date, days: int, until: dt.date,
                                     effective: dt.date, why: str) -> None:
    root = make_pack("[[item]]\nid = \"a\"\ntitle = \"A\"\n",
                     meeting=EXECUTIVE + f'nation = "{nation}"\n',
                     files={"templates/committees/executive.toml":
                            f"executive = true\ncall_in_days = {days}\n"})
    pack = packfile.load(root).pack
    times = decisions.timetable(pack, published)
    assert (times.call_in_until, times.effective) == (until, effective), why


# (nation, meeting, decision_notice_days, decision notice due, why)
NOTICE_DUE = [
    ("england", D(2027, 2, 10), 2, D(2027, 2, 12), "Wednesday meeting: due Friday"),
    ("england", D(2023, 5, 4), 2, D(2023, 5, 9), "Thursday meeting: the Coronation skipped"),
    ("england", D(2026, 12, 23), 2, D(2026, 12, 29), "Christmas and Boxing Day (observed) skipped"),
    ("england", D(2026, 12, 24), 2, D(2026, 12, 30), "Christmas Eve meeting"),
    ("wales", D(2027, 8, 27), 1, D(2027, 8, 31), "Friday meeting: late summer holiday skipped"),
]


@pytest.mark.parametrize(("nation", "meeting", "days", "due", "why"), NOTICE_DUE,
                         ids=[f"{n}-{m}-{d}" for n, m, d, _, _ in NOTICE_DUE])
def test_decision_notice_due(make_pack: Callable[..., Path], nation: str, meeting: dt.date,
                             days: int, due: dt.date, why: str) -> None:
    meeting_toml = EXECUTIVE.replace("date = 2027-03-17", f"date = {meeting}")
    root = make_pack("[[item]]\nid = \"a\"\ntitle = \"A\"\n",
                     meeting=meeting_toml + f'nation = "{nation}"\n',
                     files={"templates/committees/executive.toml":
                            f"executive = true\ndecision_notice_days = {days}\n"})
    assert decisions.timetable(packfile.load(root).pack).due == due, why


def test_settings_from_the_template() -> None:
    assert executive.settings({}) == executive.Settings(False, 5, 2)
    assert executive.settings({"executive": True, "call_in_days": 3,
                               "decision_notice_days": 1}) == executive.Settings(True, 3, 1)
    # unusable values fall back to the defaults
    assert executive.settings({"executive": "yes", "call_in_days": True,
                               "decision_notice_days": 0}) == executive.Settings(False, 5, 2)


# --- what check says ------------------------------------------------------------------

# The meeting is Wednesday 17 March 2027: 28 clear days back reach Fri 5 February, so the
# latest day for a 28-day notice is Thu 4 February; for a 5-day notice, Tue 9 March.
KEY = """
[[item]]
id = "budget"
title = "Budget"
key_decision = true
forward_plan = "FP/1"
"""


def _problems(make_pack: Callable[..., Path], items: str, today: dt.date,
              meeting: str = EXECUTIVE) -> list:
    root = make_pack(items, meeting=meeting)
    loaded = packfile.load(root)
    assert not [p for p in loaded.problems if p.level is Level.ERROR], loaded.problems
    return executive.problems(loaded.pack, today)


def test_the_latest_dates_of_the_test_meeting() -> None:
    meeting = D(2027, 3, 17)
    assert executive.latest_notice(meeting, 28) == D(2027, 2, 4)
    assert executive.latest_notice(meeting, 5) == D(2027, 3, 9)


def test_a_key_decision_notice_still_to_give_is_said_with_its_date(make_pack) -> None:
    found = _problems(make_pack, KEY, D(2027, 1, 20))
    assert [(p.level, p.item) for p in found] == [(Level.INFO, "budget")]
    assert "publish it by 4 February 2027 (28 clear days before the meeting)" in found[0].message
    assert "key_decision_notice" in found[0].hint


def test_a_missed_key_decision_notice_says_what_the_regulations_then_require(make_pack) -> None:
    found = _problems(make_pack, KEY, D(2027, 2, 5))
    assert [p.level for p in found] == [Level.WARNING]
    text = str(found[0])
    assert "none recorded, and the latest date for it (4 February 2027" in text
    assert "general exception (reg 10" in text and "special urgency (reg 11" in text
    assert "by 9 March 2027" in text  # five clear days for the general exception
    assert "chair of overview and scrutiny" in text


def test_a_late_key_decision_notice(make_pack) -> None:
    found = _problems(make_pack, KEY + "key_decision_notice = 2027-02-05\n", D(2027, 2, 5))
    assert len(found) == 1 and found[0].level is Level.WARNING
    assert "published 5 February 2027, only 27 clear day(s) before the meeting; 28 are " \
           "required" in found[0].message


def test_a_key_decision_notice_in_time_is_quiet(make_pack) -> None:
    assert _problems(make_pack, KEY + "key_decision_notice = 2027-02-04\n", D(2027, 3, 1)) == []


@pytest.mark.parametrize(("extra", "level", "said"), [
    ('urgency = "general-exception"\nurgency_notice = 2027-03-09\nurgency_reasons = "R"\n',
     Level.INFO, "taken under the general exception (reg 10)"),
    ('urgency = "general-exception"\nurgency_notice = 2027-03-10\nurgency_reasons = "R"\n',
     Level.WARNING, "leaves only 4 clear day(s)"),
    ('urgency = "general-exception"\nurgency_reasons = "R"\n',
     Level.WARNING, "no urgency_notice date is recorded"),
    ('urgency = "special-urgency"\nurgency_agreed_by = "Cllr O&S Chair"\nurgency_reasons = "R"\n',
     Level.INFO, "special urgency (reg 11) with the agreement of Cllr O&S Chair"),
    ('urgency = "special-urgency"\nurgency_reasons = "R"\n',
     Level.WARNING, "cannot reasonably be deferred, and none is recorded"),
])
def test_the_exceptions_are_checked(make_pack, extra: str, level: Level, said: str) -> None:
    found = _problems(make_pack, KEY + extra, D(2027, 3, 1))
    assert [p.level for p in found] == [level], found
    assert said in found[0].message


def test_an_exception_needs_its_notice_of_reasons(make_pack) -> None:
    found = _problems(make_pack, KEY + 'urgency = "special-urgency"\nurgency_agreed_by = "X"\n',
                      D(2027, 3, 1))
    assert [p.level for p in found] == [Level.INFO, Level.WARNING]
    assert "reg 10(3), 11(2)" in found[1].message


PRIVATE = """
[[item]]
id = "contract"
title = "Contract award"
exempt = 3
"""


def test_a_private_item_needs_two_notices(make_pack) -> None:
    found = _problems(make_pack, PRIVATE, D(2027, 1, 20))
    assert [p.level for p in found] == [Level.INFO, Level.INFO]
    assert "28-day notice of a private meeting (reg 5(2)): publish it by 4 February 2027" in \
        found[0].message
    assert "5-day notice of a private meeting (reg 5(4)): publish it by 9 March 2027" in \
        found[1].message


def test_missed_private_notices_say_reg_5_6(make_pack) -> None:
    found = _problems(make_pack, PRIVATE + "private_notice = 2027-02-10\n", D(2027, 3, 10))
    assert [p.level for p in found] == [Level.WARNING, Level.WARNING]
    assert "published 10 February 2027, only 24 clear day(s)" in found[0].message
    assert "5-day notice of a private meeting (reg 5(4)): none recorded, and the latest date " \
           "for it (9 March 2027" in found[1].message
    assert all("reg 5(6)" in p.hint and "urgency_agreed_by" in p.hint for p in found)


def test_private_notices_in_time_need_the_representations(make_pack) -> None:
    items = PRIVATE + "private_notice = 2027-02-03\nfurther_notice = 2027-03-09\n"
    found = _problems(make_pack, items, D(2027, 3, 10))
    assert [p.level for p in found] == [Level.WARNING]
    assert "representations" in found[0].message and "reg 5(5)" in found[0].message
    assert _problems(make_pack, items + 'representations = "None received."\n',
                     D(2027, 3, 10)) == []


def test_a_private_meeting_agreed_as_urgent(make_pack) -> None:
    items = PRIVATE + 'urgency_agreed_by = "Cllr Chair"\nurgency_reasons = "Deadline."\n'
    found = _problems(make_pack, items, D(2027, 3, 10))
    assert [p.level for p in found] == [Level.INFO, Level.INFO]
    assert all("urgent with the agreement of Cllr Chair (reg 5(6))" in p.message for p in found)


def test_keys_out_of_place_are_warned(make_pack) -> None:
    found = _problems(make_pack, KEY, D(2027, 1, 20), meeting=MEETING)
    assert len(found) == 1 and "for executive meetings" in found[0].message
    found = _problems(make_pack, '[[item]]\nid = "a"\ntitle = "A"\nforward_plan = "FP/9"\n'
                      'private_notice = 2027-01-01\n', D(2027, 1, 20))
    assert sorted(p.message.split(" given")[0] for p in found) == ["forward_plan",
                                                                 "private_notice"]


def test_a_bad_urgency_value_is_an_error_naming_its_line(make_pack) -> None:
    root = make_pack(KEY + 'urgency = "because"\n', meeting=EXECUTIVE)
    errors = [p for p in packfile.load(root).problems if p.level is Level.ERROR]
    assert len(errors) == 1
    assert ("'urgency' is 'because'; should be one of general-exception, special-urgency"
            in errors[0].message)
    lines = (root / "pack.toml").read_text(encoding="utf-8").splitlines()
    assert errors[0].line == lines.index('urgency = "because"') + 1


def test_a_bad_template_setting_is_warned(make_pack) -> None:
    root = make_pack(KEY, meeting=EXECUTIVE, files={
        "templates/committees/executive.toml": "executive = true\ncall_in_days = 99\n"})
    found = executive.problems(packfile.load(root).pack, D(2027, 1, 20))
    assert any("call_in_days (99)" in p.message and "5 is used" in p.message for p in found)


def test_check_reports_the_notices(make_pack) -> None:
    root = make_pack(KEY + PRIVATE, meeting=EXECUTIVE)
    result = check(root, use_cache=False, today=D(2027, 3, 10))
    said = [str(p) for p in result.warnings]
    assert sum("reg 9" in s for s in said) == 1 and sum("reg 5(" in s for s in said) == 2
