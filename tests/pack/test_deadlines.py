"""The statutory timetable, against dates worked out by hand from the bank holiday lists."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from boardpack.pack import deadlines, history
from boardpack.pack import load as packfile
from boardpack.pack.deadlines import (
    clear_days,
    publication_deadline,
    report_deadline,
    working_days_late,
)
from boardpack.pipeline import lateness

D = dt.date

# (nation, meeting, last working day the papers may go out, why)
PUBLICATION = [
    ("england", D(2027, 1, 20), D(2027, 1, 12), "ordinary Wednesday: clear days Wed 13 – Tue 19"),
    ("england", D(2027, 1, 25), D(2027, 1, 15), "Monday meeting: the Friday nine days before"),
    ("england", D(2027, 1, 5), D(2026, 12, 23),
     "Christmas Day, Boxing Day (observed Mon 28) and New Year's Day skipped"),
    ("scotland", D(2027, 1, 5), D(2026, 12, 22), "Scotland also skips Mon 4 January (2 January "
                                                 "observed)"),
    ("england", D(2026, 1, 9), D(2025, 12, 31), "New Year's Day skipped"),
    ("scotland", D(2026, 1, 9), D(2025, 12, 30), "Scotland also skips Fri 2 January"),
    ("england", D(2027, 4, 1), D(2027, 3, 22), "Good Friday and Easter Monday skipped"),
    ("scotland", D(2027, 4, 1), D(2027, 3, 23), "no Easter Monday holiday in Scotland"),
    ("england", D(2027, 5, 11), D(2027, 4, 30), "early May bank holiday skipped"),
    ("england", D(2027, 6, 2), D(2027, 5, 24), "spring bank holiday skipped"),
    ("england", D(2027, 9, 1), D(2027, 8, 23), "summer bank holiday (last Monday) skipped"),
    ("scotland", D(2027, 9, 1), D(2027, 8, 24), "no late-August holiday in Scotland"),
    ("scotland", D(2027, 8, 4), D(2027, 7, 26), "Scotland's summer holiday, first Monday"),
    ("england", D(2027, 8, 4), D(2027, 7, 27), "first Monday of August is a working day"),
    ("wales", D(2027, 8, 4), D(2027, 7, 27), "Wales keeps England's bank holidays"),
    ("scotland", D(2027, 12, 2), D(2027, 11, 23), "St Andrew's Day skipped"),
    ("england", D(2027, 12, 2), D(2027, 11, 24), "St Andrew's Day is a working day"),
    ("northern-ireland", D(2027, 3, 19), D(2027, 3, 10), "St Patrick's Day skipped"),
    ("england", D(2027, 3, 19), D(2027, 3, 11), "St Patrick's Day is a working day"),
]


@pytest.mark.parametrize(("nation", "meeting", "deadline", "why"), PUBLICATION,
                         ids=[f"{n}-{m}" for n, m, _, _ in PUBLICATION])
def test_publication_deadline(nation: str, meeting: dt.date, deadline: dt.date, why: str) -> None:
    assert publication_deadline(meeting, nation) == deadline, why
    # The deadline leaves exactly five clear days; a working day later would leave four.
    assert clear_days(deadline, meeting, nation) == 5
    later = deadline + dt.timedelta(days=1)
    while not deadlines.is_working_day(later, nation):
        later += dt.timedelta(days=1)
    assert clear_days(later, meeting, nation) == 4


@pytest.mark.parametrize(("published", "meeting", "clear", "in_time"), [
    (D(2027, 1, 12), D(2027, 1, 20), 5, True),
    (D(2027, 1, 13), D(2027, 1, 20), 4, False),
    (D(2027, 1, 16), D(2027, 1, 25), 5, True),   # a Saturday: neither end day counts anyway
    (D(2027, 1, 18), D(2027, 1, 25), 4, False),  # the Monday a week before is only 4 clear days
    (D(2027, 1, 20), D(2027, 1, 20), 0, False),  # on the day
    (D(2027, 1, 21), D(2027, 1, 20), 0, False),  # after the meeting
])
def test_clear_days(published: dt.date, meeting: dt.date, clear: int, in_time: bool) -> None:
    assert clear_days(published, meeting) == clear
    assert (clear >= deadlines.CLEAR_DAYS) is in_time


@pytest.mark.parametrize(("nation", "meeting", "days", "due"), [
    ("england", D(2027, 1, 20), 7, D(2027, 1, 11)),
    ("england", D(2027, 1, 20), 8, D(2027, 1, 8)),
    ("england", D(2027, 1, 5), 7, D(2026, 12, 22)),    # over Christmas and New Year
    ("scotland", D(2027, 1, 5), 7, D(2026, 12, 21)),
    ("england", D(2027, 4, 1), 7, D(2027, 3, 19)),     # over Easter
    ("england", D(2027, 1, 20), 3, D(2027, 1, 12)),    # never after the publication deadline
])
def test_report_deadline(nation: str, meeting: dt.date, days: int, due: dt.date) -> None:
    assert report_deadline(meeting, nation, days) == due


@pytest.mark.parametrize(("deadline", "received", "late"), [
    (D(2027, 1, 11), D(2027, 1, 11), 0),
    (D(2027, 1, 11), D(2027, 1, 8), 0),
    (D(2027, 1, 11), D(2027, 1, 12), 1),
    (D(2027, 1, 8), D(2027, 1, 9), 1),      # Saturday after a Friday deadline counts as Monday
    (D(2027, 1, 11), D(2027, 1, 16), 5),    # Saturday: Tue–Fri and the next Monday
    (D(2026, 12, 23), D(2026, 12, 29), 2),  # Christmas Eve and the 29th; the holidays skipped
])
def test_working_days_late(deadline: dt.date, received: dt.date, late: int) -> None:
    assert working_days_late(deadline, received) == late


def test_pack_timetable_uses_the_committee_template(make_pack) -> None:
    # The test meeting is Wednesday 17 March 2027 in England.
    root = make_pack('[[item]]\nid = "a"\ntitle = "A"\n')
    pack = packfile.load(root).pack
    assert deadlines.for_meeting(pack.meeting, pack.committee) == (D(2027, 3, 9), D(2027, 3, 8))
    t = deadlines.timetable(pack)
    assert t.days_to(t.publication, D(2027, 3, 5)) == 2   # Fri → Mon 8, Tue 9
    assert t.days_to(t.publication, D(2027, 3, 9)) == 0
    assert t.days_to(t.publication, D(2027, 3, 10)) == -1
    assert t.days_to(t.publication, D(2027, 3, 13)) == -4  # a Saturday: as Monday
    assert t.days_to(t.reports, D(2027, 3, 1)) == 5

    (root / "templates" / "committees").mkdir(parents=True)
    (root / "templates" / "committees" / "slow.toml").write_text("report_deadline_days = 10\n")
    text = (root / "pack.toml").read_text().replace('venue =', 'template = "slow"\nvenue =')
    (root / "pack.toml").write_text(text)
    pack = packfile.load(root).pack
    assert deadlines.for_meeting(pack.meeting, pack.committee) == (D(2027, 3, 9), D(2027, 3, 3))


@pytest.mark.parametrize("value", ["ten", -1, True, 0, 1000])
def test_unusable_report_deadline_days_falls_back(value: object) -> None:
    assert deadlines.report_deadline_days({"report_deadline_days": value}) == 7


# --- late papers --------------------------------------------------------------------------
# The test meeting is Wednesday 17 March 2027: reports due Monday 8 March, papers out by
# Tuesday 9 March.

LATE_ITEMS = """
[[item]]
id = "on-time"
title = "On time"
files = ["reports/on-time.md"]

[[item]]
id = "late"
title = "Late"
files = ["reports/late.md"]

[[item]]
id = "awaited"
title = "Awaited"
to_follow = true
"""


def _noon(day: dt.date) -> float:
    return dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC).timestamp()


@pytest.fixture
def late_pack(make_pack):
    root = make_pack(LATE_ITEMS, {"reports/on-time.md": "Fine.\n", "reports/late.md": "Late.\n"})
    os.utime(root / "reports/on-time.md", (_noon(D(2027, 3, 5)),) * 2)
    os.utime(root / "reports/late.md", (_noon(D(2027, 3, 11)),) * 2)
    return root


def _messages(root, today: dt.date) -> list[str]:
    return [f"{p.item}: {p.message}" for p in lateness.problems(packfile.load(root).pack, today)]


def test_late_reports_are_flagged_with_the_working_days_late(late_pack) -> None:
    pack = packfile.load(late_pack).pack
    assert lateness.late_reports(pack, D(2027, 3, 12)) == [
        lateness.LateReport("late", "reports/late.md", D(2027, 3, 11), D(2027, 3, 8), 3)]
    assert _messages(late_pack, D(2027, 3, 12)) == [
        "late: received 11 March 2027, 3 working days after the report deadline of "
        "8 March 2027",
        "awaited: report to follow, due 8 March 2027: 4 working days late",
        ": the publication deadline of 9 March 2027 has passed (3 working days ago) and the "
        "pack is not issued",
    ]
    # Before the deadlines nothing awaited is late; from the meeting day nothing is flagged.
    assert not any(m.startswith(("awaited", ":")) for m in _messages(late_pack, D(2027, 3, 8)))
    assert _messages(late_pack, D(2027, 3, 17)) == []
    assert lateness.late_reports(pack, D(2027, 3, 18)) == []


def test_a_report_is_received_when_its_first_version_was_kept(late_pack) -> None:
    data = (late_pack / "reports/late.md").read_bytes()
    history.keep(late_pack, "reports/late.md", data,
                 now=dt.datetime(2027, 3, 4, 9, 0, tzinfo=dt.UTC))
    pack = packfile.load(late_pack).pack
    assert lateness.received(pack, pack.item("late").files[0]) == D(2027, 3, 4)
    assert lateness.late_reports(pack, D(2027, 3, 12)) == []


def test_late_publication_is_flagged(late_pack) -> None:
    text = (late_pack / "pack.toml").read_text()
    (late_pack / "pack.toml").write_text(text.replace("venue =", "published = 2027-03-11\nvenue ="))
    assert ": published 11 March 2027, only 3 clear working day(s) before the meeting; 5 are " \
           "required" in _messages(late_pack, D(2027, 3, 12))
    (late_pack / "pack.toml").write_text(text.replace("venue =", "published = 2027-03-09\nvenue ="))
    assert not any("publi" in m for m in _messages(late_pack, D(2027, 3, 12)))


def test_an_issued_pack_counts_as_published_on_its_issue_date(late_pack) -> None:
    from boardpack.publish.issue import publish

    assert publish(late_pack, now=dt.datetime(2027, 3, 10, 12, tzinfo=dt.UTC)).ok
    assert ": published 10 March 2027, only 4 clear working day(s) before the meeting; 5 are " \
           "required" in _messages(late_pack, D(2027, 3, 12))
