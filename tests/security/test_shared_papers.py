"""A file that is a paper of an exempt item and of a public item would be published whole
with the public one: ``check``, ``build`` and ``publish`` refuse it, naming both items.
A picture drawn in by both is a warning that stops ``publish`` unless forced."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers.images import png

from boardpack.cli import main
from boardpack.pack import load as packfile
from boardpack.pipeline.build import build
from boardpack.pipeline.check import check
from boardpack.publish.issue import publish

WHEN = dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.UTC)
REPORTS = {"reports/open.md": "# Open\n\nFor everyone.\n",
           "reports/secret.md": "# Secret\n\nThe preferred bidder is Acme Care Homes Ltd.\n"}


def items(open_files: str, secret_files: str) -> str:
    return f"""
[[item]]
id = "open"
title = "Open report"
files = [{open_files}]

[[item]]
id = "secret"
title = "Contract award"
exempt = 3
files = [{secret_files}]
"""


SHARED = {
    "listed by both": items('"reports/open.md", "reports/secret.md"', '"reports/secret.md"'),
    "listed by both, written two ways": items('"reports/open.md", "./reports/../reports/secret.md"',
                                              '"reports/secret.md"'),
    "named for the exempt item, listed by the public one": items(
        '"reports/open.md", "reports/secret-appendix.md"', '"reports/secret.md"'),
}


def shared_lines(lines: list[str]) -> list[str]:
    return [line for line in lines if "is a paper of both" in line]


@pytest.mark.parametrize("case", SHARED)
def test_check_build_and_publish_refuse_a_shared_paper(make_pack, capsys, case: str) -> None:
    root = make_pack(SHARED[case], {**REPORTS, "reports/secret-appendix.md": "Acme's prices.\n"})
    expected = ("error: p: item 'open': reports/secret", "is a paper of both the exempt item "
                "'secret' and the public item 'open', so the public edition would publish it")
    for command in (["check", str(root)], ["build", str(root)], ["publish", str(root)]):
        assert main(command) == 1, command
        lines = shared_lines(capsys.readouterr().err.splitlines())
        assert len(lines) == 1 and all(part in lines[0] for part in expected), (command, lines)
    assert not [p for p in root.rglob("*") if p.suffix in (".pdf", ".html")]
    assert not build(root).ok and not publish(root, now=WHEN).ok


def test_papers_of_their_own_are_fine(make_pack) -> None:
    root = make_pack(items('"reports/open.md"', '"reports/secret.md", "reports/secret-b.md"'),
                     {**REPORTS, "reports/secret-b.md": "More.\n"})
    assert not [p for p in check(root).problems if "paper of both" in p.message]
    # two exempt items may share a file: neither is published
    root = make_pack(items('"reports/open.md"', '"reports/secret.md"') + """
[[item]]
id = "secret-two"
title = "Second exempt item"
exempt = 1
files = ["reports/secret.md"]
""", REPORTS, name="q")
    assert not [p for p in packfile.load(root).problems if "paper of both" in p.message]


def test_a_picture_shown_by_both_stops_publish_unless_forced(make_pack) -> None:
    root = make_pack(items('"reports/open.md"', '"reports/secret.md"'), {
        "reports/open.md": "# Open\n\n![Site plan](../images/plan.png)\n",
        "reports/secret.md": "# Secret\n\n![Site plan](../images/plan.png)\n",
        "images/plan.png": png(8, 8)})
    warned = [str(p) for p in check(root).problems if "images/plan.png" in str(p)]
    assert warned == [
        "warning: p: item 'open': images/plan.png: is shown by the exempt item 'secret' and by "
        "the public item 'open', so the public edition publishes it — give the exempt report "
        "its own copy if this must not be published"]
    assert build(root).ok  # a build is not a publication
    refused = publish(root, now=WHEN)
    assert not refused.ok and not (root / "issued" / "1").exists()
    assert publish(root, now=WHEN, force=True).ok


def test_the_loader_names_the_file_as_the_pack_lists_it(make_pack) -> None:
    root = make_pack(SHARED["listed by both"], REPORTS)
    problem = next(p for p in packfile.load(root).problems if "paper of both" in p.message)
    assert (problem.item, problem.file) == ("open", "reports/secret.md")
    assert Path(root / problem.file).is_file()
