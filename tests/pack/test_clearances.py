"""Clearances: recorded against the exact version of an item's papers, voided by any
change (``check`` says which and what changed), never given by silence, kept in
``clearances.toml`` with the comments a person wrote there."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from helpers import MEETING

from boardpack.cli import main
from boardpack.pack import clearances
from boardpack.pipeline.check import check
from boardpack.problems import BoardpackError

COMMITTEE = """\
report_deadline_days = 7
clearances = { all = ["finance"], decision = ["legal"] }
clearance_days = 5
"""
ITEMS = """
[[item]]
id = "budget"
title = "Budget monitoring"
purpose = "decision"
files = ["reports/budget.md"]

[[item]]
id = "fostering"
title = "Fostering annual report"
files = ["reports/fostering.md"]

[[item]]
id = "later"
title = "A report to follow"
to_follow = true
"""
BUDGET = """\
# Purpose of the report

To note the forecast.

# Recommendations

1. That the committee notes the forecast overspend.

# Financial implications

The overspend is 1.2 million pounds.
"""
FILES = {"reports/budget.md": BUDGET, "reports/fostering.md": "# Summary\n\nNew carers.\n"}
TODAY = dt.date(2027, 3, 1)  # the meeting is on 17 March 2027
DAY = dt.date(2027, 3, 2)


@pytest.fixture
def pack(make_pack) -> Path:
    root = make_pack(ITEMS, FILES, meeting=MEETING + 'template = "cleared"\n')
    (root / "templates" / "committees").mkdir(parents=True)
    (root / "templates" / "committees" / "cleared.toml").write_text(COMMITTEE)
    return root


def clearance_lines(root: Path, today: dt.date = TODAY) -> list[str]:
    return [f"{p.level}: {p.item}: {p.message}" for p in check(root, today=today).problems
            if "clear" in p.message]


def test_what_is_required_and_when_clearance_must_start(pack: Path) -> None:
    assert clearance_lines(pack) == [
        "warning: budget: needs clearance by finance, legal: none recorded, and silence is "
        "not clearance",
        "warning: fostering: needs clearance by finance: none recorded, and silence is not "
        "clearance",
        # Reports due 7 working days before 17 March 2027 (8 March); 5 working days
        # before that is 1 March.
        "info: : reports are due 8 March 2027; clearance takes 5 working days, so reports go "
        "to the clearing officers by 1 March 2027"]
    hint = next(p.hint for p in check(pack, today=TODAY).problems if p.item == "budget"
                and "needs clearance" in p.message)
    assert hint.startswith("send it to them by 1 March 2027 (5 working days before reports "
                           "are due on 8 March 2027)")


def test_a_clearance_records_who_when_and_the_exact_version(pack: Path, capsys) -> None:
    assert main(["clear", str(pack), "budget", "--role", "finance", "--by",
                 "Priya Shah, Head of Finance", "--comment", "Figures agreed.",
                 "--date", "2027-03-02"]) == 0
    assert "'budget' cleared by finance (Priya Shah, Head of Finance, 2027-03-02)" in \
        capsys.readouterr().out
    record, problems = clearances.load(pack)
    assert problems == []
    (made,) = record.clearances
    digest = hashlib.sha256((pack / "reports/budget.md").read_bytes()).hexdigest()
    assert made == clearances.Clearance("budget", "finance", "Priya Shah, Head of Finance",
                                        DAY, (("reports/budget.md", digest),),
                                        "Figures agreed.")
    # The version cleared is kept, so what changed can be said later.
    assert clearances.kept_copy(pack, "reports/budget.md", digest).startswith(
        ".history/reports/budget.md/")
    assert clearance_lines(pack)[:2] == [
        "warning: budget: needs clearance by legal: none recorded, and silence is not "
        "clearance",
        "info: budget: cleared by finance (Priya Shah, Head of Finance, 2 March 2027)"]


def test_an_edit_voids_every_clearance_and_check_says_what_changed(pack: Path) -> None:
    clearances.record(pack, "budget", "finance", "Priya Shah", day=DAY)
    clearances.record(pack, "budget", "legal", "Lee Grant", day=DAY)
    assert not [line for line in clearance_lines(pack) if line.startswith("warning: budget")]
    (pack / "reports/budget.md").write_text(BUDGET.replace("1.2 million", "1.9 million"))
    lines = [line for line in clearance_lines(pack) if line.startswith("warning: budget")]
    kept = clearances.kept_copy(pack, "reports/budget.md",
                                hashlib.sha256(BUDGET.encode()).hexdigest())
    assert lines == [
        f"warning: budget: the {role} clearance ({who}, 2 March 2027) is void: "
        "reports/budget.md has changed since (sections changed: Financial implications; "
        f"the version cleared is kept as {kept})"
        for role, who in (("finance", "Priya Shah"), ("legal", "Lee Grant"))]
    # A new file is a change too; putting the words back restores nothing but the text:
    (pack / "reports/budget.md").write_text(BUDGET)
    (pack / "reports/budget-annex.md").write_text("# Annex\n\nTables.\n")
    lines = [line for line in clearance_lines(pack) if "void" in line]
    assert lines[0].endswith("is void: reports/budget-annex.md was added since")
    # Clearing again, as the papers are now, puts it in force.
    clearances.record(pack, "budget", "finance", "Priya Shah", day=DAY)
    assert [line for line in clearance_lines(pack) if "void" in line] == [
        lines[1]]  # legal's is still void


def test_silence_never_clears(pack: Path) -> None:
    """Long after the window has closed, and after the meeting, nothing is deemed cleared."""
    for today in (dt.date(2027, 3, 12), dt.date(2027, 6, 1)):
        assert [line for line in clearance_lines(pack, today) if "needs" in line] == [
            "warning: budget: needs clearance by finance, legal: none recorded, and silence "
            "is not clearance",
            "warning: fostering: needs clearance by finance: none recorded, and silence is "
            "not clearance"]


def test_a_pack_adds_requirements_and_comments_are_kept(pack: Path) -> None:
    (pack / "clearances.toml").write_text(
        "# Kept by the clerk. Do not publish.\n"
        "[require]\n"
        "all = [\"director\"]  # the director sees every report this time\n"
        "items = { fostering = [\"cabinet-member\"] }\n")
    clearances.record(pack, "fostering", "finance", "Priya Shah", comment="Fine.", day=DAY)
    text = (pack / "clearances.toml").read_text()
    assert text.startswith("# Kept by the clerk. Do not publish.\n[require]\n")
    assert "# the director sees every report this time" in text
    assert 'comment = "Fine."' in text
    assert [line for line in clearance_lines(pack) if "fostering" in line] == [
        "warning: fostering: needs clearance by director, cabinet-member: none recorded, and "
        "silence is not clearance",
        "info: fostering: cleared by finance (Priya Shah, 2 March 2027)"]


def test_what_cannot_be_cleared_is_refused_in_one_line(pack: Path, capsys) -> None:
    cases = [
        (["later", "--role", "finance", "--by", "A"], "item 'later': the item has no papers"),
        (["nope", "--role", "finance", "--by", "A"], "no agenda item with id 'nope'"),
        (["budget", "--role", "finanse", "--by", "A"],
         "'finanse' is not a role this item needs or the report template knows — use one of: "
         "finance, legal, equalities, director, cabinet-member"),
    ]
    for args, expected in cases:
        assert main(["clear", str(pack), *args]) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and expected in err[0], err
    assert main(["clear", str(pack), "budget", "--role", "finance"]) == 2
    assert not (pack / "clearances.toml").exists()


def test_a_damaged_clearances_file_is_an_error_naming_its_line(pack: Path) -> None:
    (pack / "clearances.toml").write_text(
        '[[clearance]]\nitem = "budget"\nrole = "finance"\nby = "A"\ndate = "yesterday"\n'
        'files = { "reports/budget.md" = "abc" }\n')
    errors = [str(p) for p in check(pack, today=TODAY).errors]
    assert errors == [
        "error: p: item 'budget': clearances.toml:5: clearance 1: 'date' should be a date "
        "(YYYY-MM-DD, no quotes), not text in quotes",
        "error: p: item 'budget': clearances.toml:6: clearance 1: files should map each path "
        "to the sha256 of the version cleared — record it with boardpack clear"]
    with pytest.raises(BoardpackError):
        clearances.record(pack, "budget", "finance", "A")


def test_the_listing_says_where_each_clearance_stands(pack: Path, capsys) -> None:
    clearances.record(pack, "budget", "finance", "Priya Shah", day=DAY)
    assert main(["clear", str(pack)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "budget: Finance (chief finance officer, s151): cleared (Priya Shah, 2 March 2027)",
        "budget: Legal (monitoring officer): missing",
        "fostering: Finance (chief finance officer, s151): missing",
        "reports due 8 March 2027; clearance (5 working days) starts by 1 March 2027"]


def test_the_pack_list_shows_each_items_clearances_still_to_get(pack: Path) -> None:
    from boardpack.pack.library import summarise

    assert summarise(pack, TODAY).to_clear == (("budget", ("finance", "legal")),
                                               ("fostering", ("finance",)))
    clearances.record(pack, "budget", "finance", "Priya Shah", day=DAY)
    (pack / "reports" / "fostering-annex.md").write_text("# Annex\n")  # dropped in
    clearances.record(pack, "fostering", "finance", "Priya Shah", day=DAY)
    assert summarise(pack, TODAY).to_clear == (("budget", ("legal",)),)
    (pack / "reports" / "fostering-annex.md").write_text("# Annex, changed\n")
    assert summarise(pack, TODAY).to_clear == (("budget", ("legal",)),
                                               ("fostering", ("finance",)))
