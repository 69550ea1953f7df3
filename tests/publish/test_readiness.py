"""Before an issue: pre-flight's findings, what needs force, the deadline status; the
same lines the CLI prints and the app shows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from boardpack.cli import main
from boardpack.pack import load as packfile
from boardpack.pipeline.lateness import publication_status
from boardpack.problems import Level
from boardpack.publish.readiness import assess

ITEMS = """\
[[item]]
id = "budget"
title = "Budget monitoring"
files = ["reports/budget.md"]
"""


@pytest.fixture
def pack(make_pack: Callable[..., Path]) -> Path:
    return make_pack(ITEMS, files={"reports/budget.md": "# Budget\n\nOn track.\n"})


@pytest.mark.parametrize(("day", "clear", "met"), [
    (dt.date(2027, 3, 1), 11, True),   # Mon 1 March: 2-5, 8-12, 15-16 March are clear
    (dt.date(2027, 3, 9), 5, True),    # the deadline itself: 10-12, 15-16 March
    (dt.date(2027, 3, 10), 4, False),  # a day late: only 11-12, 15-16 March
])
def test_publication_status_of_issuing_on_a_day(pack: Path, day: dt.date, clear: int,
                                                met: bool) -> None:
    status = publication_status(packfile.load(pack).pack, day)  # meeting Wed 17 March 2027
    assert status.met is met
    assert status.line.startswith("publication deadline 9 March 2027")
    assert f"{clear} clear working day(s)" in status.line
    assert ("; met" in status.line) is met
    assert ("s.100B(4)" in status.line) is not met


def test_assess_finds_what_needs_force_before_anything_is_issued(pack: Path) -> None:
    (pack / "reports/budget.md").write_text("# Budget\n\nThe overspend is £XX.\n")
    found = assess(pack, day=dt.date(2027, 3, 1))
    assert found.ok and found.needs_force
    assert [p.item for p in found.blocking] == ["budget"]
    assert "placeholder" in found.blocking[0].message
    assert all(p.level is not Level.INFO for p in found.shown())
    assert found.deadline.endswith("; met")
    assert not (pack / "issued").exists()


def test_assess_a_supplement_before_any_issue_is_an_error(pack: Path) -> None:
    found = assess(pack, day=dt.date(2027, 3, 1), supplement=True)
    assert not found.ok
    assert "nothing has been issued yet" in found.problems[0].message


def test_cli_publish_prints_the_deadline_status_and_verify_its_summary(pack: Path,
                                                                      capsys) -> None:
    assert main(["publish", str(pack)]) == 0
    err = capsys.readouterr().err
    assert "boardpack: publication deadline 9 March 2027: the papers go out" in err
    assert main(["verify", str(pack)]) == 0
    assert f"{pack.name}: 4 issued file(s) in issue(s) 1 match their manifests" in \
        capsys.readouterr().err
