"""``publish`` and clearances: refused while a required clearance is missing or void,
issued with ``--force`` (which the manifest records), and the clearances in force
recorded in the issue's full manifest. Clearances, comments and names never reach an
edition: markers planted in them are searched for in every output."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from helpers import MEETING
from helpers.search import files_holding, holds

from boardpack.cli import main
from boardpack.layout import MANIFEST_FILE
from boardpack.pack import clearances
from boardpack.pack import issued as manifests
from boardpack.publish.issue import publish

WHEN = dt.datetime(2027, 3, 5, 12, 0, tzinfo=dt.UTC)
DAY = dt.date(2027, 3, 2)
NAME = "Qzvofficername3141"
COMMENT = "Qzvclearcomment2718"
COMMITTEE = 'clearances = ["finance", "legal"]\nclearance_days = 5\n'
ITEMS = """
[[item]]
id = "budget"
title = "Budget monitoring"
files = ["reports/budget.md"]

[[item]]
id = "contract"
title = "Contract award"
exempt = 3
files = ["reports/contract.md"]
"""
FILES = {"reports/budget.md": "# Position\n\nThe forecast overspend is 1.2 million pounds.\n",
         "reports/contract.md": "# Bids\n\nThe preferred bidder is named here.\n"}


@pytest.fixture
def pack(make_pack) -> Path:
    root = make_pack(ITEMS, FILES, meeting=MEETING + 'template = "cleared"\n')
    (root / "templates" / "committees").mkdir(parents=True)
    (root / "templates" / "committees" / "cleared.toml").write_text(COMMITTEE)
    return root


def clear_all(root: Path) -> None:
    for item in ("budget", "contract"):
        for role in ("finance", "legal"):
            clearances.record(root, item, role, f"{NAME} ({role})",
                              comment=f"{COMMENT}: {item} agreed", day=DAY)


def full_manifest(root: Path, issue: int) -> Path:
    """The clerk's full manifest of an issue, wherever the issue's layout keeps it."""
    folder = root / "issued" / str(issue)
    inner = folder / "internal" / MANIFEST_FILE
    return inner if inner.exists() else folder / MANIFEST_FILE


def test_publish_refuses_while_a_clearance_is_missing_or_void(pack: Path, capsys) -> None:
    assert main(["publish", str(pack)]) == 1
    err = capsys.readouterr().err
    assert "error: p: not issued: 4 required clearance(s) missing or void" in err
    assert "error: p: item 'budget': the legal clearance is missing" in err
    assert not (pack / "issued").exists() or not manifests.issue_numbers(pack)
    clear_all(pack)
    (pack / "reports/budget.md").write_text("# Position\n\nNow 1.9 million pounds.\n")
    result = publish(pack, now=WHEN)
    assert not result.ok and result.folder is None
    assert [p.message for p in result.problems if p.level == "error"] == [
        "the finance clearance is void", "the legal clearance is void",
        "not issued: 2 required clearance(s) missing or void"]


def test_publish_force_issues_and_the_manifest_records_it(pack: Path) -> None:
    clearances.record(pack, "budget", "finance", NAME, day=DAY)
    result = publish(pack, now=WHEN, force=True)
    assert result.ok, result.problems
    data = json.loads(full_manifest(pack, 1).read_text())
    assert data["forced"] == [
        "error: p: item 'budget': the legal clearance is missing — record each with: "
        "boardpack clear PACK ITEM --role ROLE --by NAME",
        "error: p: item 'contract': the finance clearance is missing — record each with: "
        "boardpack clear PACK ITEM --role ROLE --by NAME",
        "error: p: item 'contract': the legal clearance is missing — record each with: "
        "boardpack clear PACK ITEM --role ROLE --by NAME"]
    budget = (pack / "reports/budget.md").read_bytes()
    import hashlib

    assert data["clearances"] == [{"item": "budget", "role": "finance", "by": NAME,
                                   "date": "2027-03-02",
                                   "files": {"reports/budget.md":
                                             hashlib.sha256(budget).hexdigest()}}]


def test_a_cleared_pack_is_issued_with_the_clearances_in_force(pack: Path) -> None:
    clear_all(pack)
    result = publish(pack, now=WHEN)
    assert result.ok, result.problems
    data = json.loads(full_manifest(pack, 1).read_text())
    assert data["forced"] == []
    assert [(c["item"], c["role"]) for c in data["clearances"]] == [
        ("budget", "finance"), ("budget", "legal"), ("contract", "finance"),
        ("contract", "legal")]


def test_no_clearance_name_or_comment_reaches_any_edition(pack: Path) -> None:
    """Build, minutes and an issue of a pack whose every clearance names a marker."""
    (pack / "resolutions.toml").write_text(
        '[[resolution]]\nitem = "budget"\ntext = ["That the forecast be noted."]\n')
    clear_all(pack)
    assert main(["build", str(pack)]) == 0
    assert main(["minutes", str(pack)]) == 0
    assert publish(pack, now=WHEN).ok
    # The markers are there to be found: in clearances.toml (and the names in the full
    # manifest, the clerk's record of what was in force).
    assert files_holding(pack, COMMENT) == ["clearances.toml"]
    assert files_holding(pack, NAME) == sorted(
        ["clearances.toml", full_manifest(pack, 1).relative_to(pack).as_posix()])
    editions = [p for p in (pack / "build").rglob("*") if p.is_file()
                and p.suffix in (".pdf", ".html", ".docx")]
    editions += [p for p in (pack / "issued").rglob("*") if p.suffix in (".pdf", ".html")]
    assert len(editions) >= 4 + 6 + 4  # pack, minutes (three formats each), the issue
    assert {p.name for p in editions} >= {"members.pdf", "public.html", "minutes.docx",
                                          "public-minutes.pdf"}
    # files_holding searched every one of them, decoded: it finds what they do carry.
    for path, words in (("build/members.pdf", "forecast overspend"),
                        ("build/minutes.docx", "That the forecast be noted."),
                        ("build/public.html", "forecast overspend"),
                        ("issued/1/members.pdf" if (pack / "issued/1/members.pdf").exists()
                         else "issued/1/members/members.pdf", "preferred bidder")):
        assert holds(pack / path, words), path
