"""An executive's decisions: status on a given day, what check says, and recording a call-in
(locked, atomic, comments kept) from the CLI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers import EXECUTIVE, MEETING

from boardpack.cli import main
from boardpack.meeting import decisions, register
from boardpack.pack import load as packfile
from boardpack.problems import BoardpackError, Level

D = dt.date
# Meeting Wednesday 17 March 2027; decision notice due Friday 19 March (2 working days).
ITEMS = """
[[item]]
id = "budget"
title = "Budget"
key_decision = true
forward_plan = "FP/1"
key_decision_notice = 2027-01-04

[[item]]
id = "grant"
title = "Grant"
"""
RESOLUTIONS = """\
# The clerk's own comment: kept by every edit.
[decisions]
published = 2027-03-19   # published on the Friday

[[resolution]]
item = "minutes"
text = ["Approved."]

# The budget: call-in possible.
[[resolution]]
item = "budget"
text = ["That the budget be approved."]

[[resolution]]
item = "grant"
text = ["That the grant be accepted."]
urgent = true
urgent_reason = "The offer closes on 20 March."
"""


def _pack(tmp_path: Path, resolutions: str = RESOLUTIONS, meeting: str = EXECUTIVE) -> Path:
    root = tmp_path / "executive-2027-03-17"
    root.mkdir(parents=True)
    (root / "pack.toml").write_text(meeting + ITEMS, encoding="utf-8")
    (root / "resolutions.toml").write_text(resolutions, encoding="utf-8")
    return root


def test_only_report_items_make_decisions(tmp_path: Path) -> None:
    pack = packfile.load(_pack(tmp_path)).pack
    assert [(d.entry.item.id, d.index) for d in decisions.decisions(pack)] == [("budget", 1),
                                                                               ("grant", 2)]
    plain = packfile.load(_pack(tmp_path / "x", meeting=MEETING)).pack
    assert decisions.decisions(plain) == []


# Published Fri 19 March 2027: five working days, Good Friday (26 March) and Easter Monday
# (29 March) not counted, take the call-in period to Tue 30 March; effective Wed 31 March.
STATUS = [
    (None, D(2027, 3, 18), "to be published", "decision notice due 19 March 2027"),
    (D(2027, 3, 19), D(2027, 3, 19), "call-in open",
     "published 19 March 2027; call-in open until 30 March 2027"),
    (D(2027, 3, 19), D(2027, 3, 30), "call-in open",
     "published 19 March 2027; call-in open until 30 March 2027"),
    (D(2027, 3, 19), D(2027, 3, 31), "effective",
     "published 19 March 2027; effective from 31 March 2027"),
    (D(2027, 3, 22), D(2027, 3, 31), "call-in open",
     "published 22 March 2027; call-in open until 31 March 2027"),
    (D(2027, 3, 22), D(2027, 4, 1), "effective",
     "published 22 March 2027; effective from 1 April 2027"),
]


@pytest.mark.parametrize(("published", "today", "state", "text"), STATUS)
def test_status_on_a_day(tmp_path: Path, published: dt.date | None, today: dt.date, state: str,
                         text: str) -> None:
    record = RESOLUTIONS.replace("published = 2027-03-19", f"published = {published}") \
        if published else RESOLUTIONS.replace("[decisions]\npublished = 2027-03-19", "")
    pack = packfile.load(_pack(tmp_path, record)).pack
    budget = decisions.resolution_status(pack, 1, today)
    assert budget == decisions.Status(state, text)  # type: ignore[arg-type]
    grant = decisions.resolution_status(pack, 2, today)
    assert grant is not None and grant.state == "effective"
    assert "urgent — not subject to call-in; effective from 17 March 2027" in grant.text
    assert decisions.resolution_status(pack, 0, today) is None  # the minutes: no decision


def test_register_shows_each_decisions_status(tmp_path: Path) -> None:
    root = _pack(tmp_path)
    rows = register.collect(root, today=D(2027, 3, 22)).rows
    assert [(r.item, r.decision) for r in rows] == [("minutes", ""), ("budget", "call-in open"),
                                                    ("grant", "effective")]
    table = register.table(rows, width=200)
    assert "Decision: published 19 March 2027; call-in open until 30 March 2027" in table
    assert '"decision": "call-in open"' in register.to_json(rows)


def test_a_call_in_is_recorded_with_comments_kept(tmp_path: Path, capsys) -> None:
    root = _pack(tmp_path)
    assert main(["resolution", str(root), "call-in", "2", "--by", "Councillors C and D",
                 "--date", "2027-03-24", "--reason", "Not enough consultation."]) == 0
    text = (root / "resolutions.toml").read_text(encoding="utf-8")
    assert "# The clerk's own comment: kept by every edit." in text
    assert "# published on the Friday" in text and "# The budget: call-in possible." in text
    assert 'called_in = 2027-03-24\ncalled_in_by = "Councillors C and D"' in text
    pack = packfile.load(root).pack
    status = decisions.resolution_status(pack, 1, D(2027, 4, 30))
    assert status == decisions.Status("called in", "published 19 March 2027; called in 24 March "
                                                   "2027 by Councillors C and D")
    assert decisions.problems(pack, D(2027, 4, 30)) == []
    assert main(["resolution", str(root), "call-in", "2", "--withdraw"]) == 0
    assert "called_in" not in (root / "resolutions.toml").read_text(encoding="utf-8")
    assert "# The budget: call-in possible." in (root / "resolutions.toml").read_text()


@pytest.mark.parametrize(("number", "said"), [
    ("1", "is not an executive decision"),
    ("3", "is urgent: not subject to call-in"),
])
def test_a_call_in_that_cannot_be_is_refused(tmp_path: Path, capsys, number: str,
                                             said: str) -> None:
    root = _pack(tmp_path)
    before = (root / "resolutions.toml").read_bytes()
    assert main(["resolution", str(root), "call-in", number, "--by", "X"]) == 1
    assert said in capsys.readouterr().err
    assert (root / "resolutions.toml").read_bytes() == before


def test_no_call_in_before_the_notice_is_published(tmp_path: Path) -> None:
    root = _pack(tmp_path, RESOLUTIONS.replace("[decisions]\npublished = 2027-03-19", ""))
    with pytest.raises(BoardpackError, match="call-in period has not begun"):
        decisions.record_call_in(root, 1, day=D(2027, 3, 20), by="X")


def _warnings(tmp_path: Path, record: str, today: dt.date) -> list[str]:
    pack = packfile.load(_pack(tmp_path, record)).pack
    found = decisions.problems(pack, today)
    assert all(p.level is Level.WARNING for p in found)
    return [p.message for p in found]


def test_an_overdue_decision_notice_is_warned(tmp_path: Path) -> None:
    record = RESOLUTIONS.replace("[decisions]\npublished = 2027-03-19", "")
    assert _warnings(tmp_path / "a", record, D(2027, 3, 19)) == []
    said = _warnings(tmp_path / "b", record, D(2027, 3, 22))
    assert said == ["the decision notice was due 19 March 2027, 2 working days after the "
                    "meeting, and is not recorded as published"]


def test_a_late_decision_notice_is_warned(tmp_path: Path) -> None:
    record = RESOLUTIONS.replace("published = 2027-03-19", "published = 2027-03-23")
    assert _warnings(tmp_path, record, D(2027, 3, 24)) == [
        "the decision notice was published 23 March 2027, 2 working days after it was due "
        "(19 March 2027)"]


def test_call_ins_out_of_time_and_keys_out_of_place(tmp_path: Path) -> None:
    late = RESOLUTIONS.replace('text = ["That the budget be approved."]',
                               'text = ["That the budget be approved."]\n'
                               'called_in = 2027-03-31\ncalled_in_by = "X"')
    assert _warnings(tmp_path / "a", late, D(2027, 4, 1)) == [
        "called in 31 March 2027, after the call-in period ended (30 March 2027)"]
    root = _pack(tmp_path / "b", meeting=MEETING)
    said = [p.message for p in decisions.problems(packfile.load(root).pack, D(2027, 4, 1))]
    assert said == ["urgent, urgent_reason: urgency, dispensations and call-in are for executive "
                    "decisions"]


def test_the_decisions_command_records_the_publication_date(tmp_path: Path, capsys) -> None:
    root = _pack(tmp_path, RESOLUTIONS.replace("[decisions]\npublished = 2027-03-19\n", ""))
    assert main(["decisions", str(root), "--published", "2027-03-22", "--format", "html",
                 "--edition", "public"]) == 0
    assert packfile.load(root).pack.decisions_published == D(2027, 3, 22)
    assert "# The clerk's own comment" in (root / "resolutions.toml").read_text(encoding="utf-8")
    assert capsys.readouterr().out.split() == [str(root / "build" / "public-decisions.html")]


def test_the_decisions_command_refuses_a_committee_that_is_not_an_executive(
        tmp_path: Path, capsys) -> None:
    root = _pack(tmp_path, "", meeting=MEETING)
    assert main(["decisions", str(root)]) == 1
    assert "not an executive meeting" in capsys.readouterr().err
    assert not (root / "build").exists()
