"""``publish --minutes``: the minutes (and an executive's decision notice) issued into a
new issue's ``public/``; and what every public manifest says of the meeting."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from helpers import EXECUTIVE, pdf_text

from boardpack.cli import main
from boardpack.pack import issued as manifests
from boardpack.pack.issued import PublicManifest
from boardpack.publish.issue import publish

WHEN = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)
ITEMS = """
[[item]]
id = "finance"
title = "Budget monitoring"
presenter = "Director of Finance"
files = ["reports/finance.md"]

[[item]]
id = "contract"
title = "Contract award"
presenter = "Head of Procurement"
exempt = 3
files = ["reports/contract.md"]
"""
FILES = {"reports/finance.md": "# Position\n\nOn budget.\n",
         "reports/contract.md": "# Bids\n\nThe preferred bidder is Acme Care Homes Ltd.\n"}
RECORD = """\
[[resolution]]
item = "finance"
text = ["That the position be noted."]

[[resolution]]
item = "contract"
text = ["That the contract be awarded to Acme Care Homes Ltd."]
reasons = "Best value."
"""


def public_manifest(root: Path, number: int) -> dict:
    return json.loads((root / "issued" / str(number) / "public" / "manifest.json").read_text())


def test_the_public_manifest_says_the_meeting_as_the_public_view_shows_it(make_pack) -> None:
    root = make_pack(ITEMS, FILES, resolutions=RECORD)
    assert publish(root, now=WHEN, force=True).ok
    shown = public_manifest(root, 1)
    assert shown["details"]["venue"] == "Room 1" and shown["details"]["time"] == "10:30"
    assert shown["details"]["members"] == ["Councillor A", "Councillor B"]
    finance = next(a for a in shown["agenda"] if a["title"] == "Budget monitoring")
    assert finance["anchor"] == "finance" and finance["presenter"] == "Director of Finance"
    [contract] = [a for a in shown["agenda"] if a["part_b"]]
    assert sorted(contract) == ["anchor", "number", "paragraph", "part_b", "title"]
    assert contract["anchor"] == f"item_{contract['number']}" and contract["paragraph"] == 3
    assert shown["decisions"] == []  # the pack is issued before the meeting decides
    text = json.dumps(shown)
    assert "contract" not in text.replace("Contract award", "") and "Procurement" not in text


def test_publish_minutes_issues_the_public_minutes_and_decisions(make_pack, capsys) -> None:
    root = make_pack(ITEMS, FILES, meeting=EXECUTIVE, resolutions=RECORD)
    assert publish(root, now=WHEN, force=True).ok
    assert main(["publish", str(root), "--minutes"]) == 0
    assert "issued the minutes as issue 2" in capsys.readouterr().err
    folder = root / "issued" / "2"
    assert sorted(p.name for p in (folder / "public").iterdir()) == [
        "manifest.json", "public-decisions.html", "public-decisions.pdf",
        "public-minutes.html", "public-minutes.pdf"]
    assert sorted(p.name for p in (folder / "members").iterdir()) == [
        "decisions.html", "decisions.pdf", "minutes.docx", "minutes.html", "minutes.pdf"]
    shown = public_manifest(root, 2)
    assert shown["kind"] == "minutes"
    assert [(d["title"], d["text"]) for d in shown["decisions"]] == [
        ("Budget monitoring", ["That the position be noted."])]
    assert "Acme" not in json.dumps(shown)
    assert "Acme" not in pdf_text(folder / "public" / "public-minutes.pdf")
    assert "Acme Care Homes" in pdf_text(folder / "members" / "minutes.pdf")
    assert manifests.verify(root).ok


def test_minutes_before_the_pack_is_issued_are_refused(make_pack, capsys) -> None:
    root = make_pack(ITEMS, FILES, resolutions=RECORD)
    assert main(["publish", str(root), "--minutes"]) == 1
    assert "the pack has not been issued yet" in capsys.readouterr().err
    assert not (root / "issued").exists() or manifests.issue_numbers(root) == []


def test_a_supplement_after_the_minutes_compares_with_the_papers(make_pack) -> None:
    root = make_pack(ITEMS, FILES, resolutions=RECORD)
    assert publish(root, now=WHEN, force=True).ok
    assert publish(root, minutes=True, now=WHEN).ok
    (root / "reports" / "finance.md").write_text("# Position\n\nOverspent.\n", encoding="utf-8")
    made = publish(root, supplement=True, now=WHEN, force=True)
    assert made.ok, made.problems
    assert [(c.item, c.kind) for c in made.changes] == [("finance", "changed")]
    assert made.manifest is not None and made.manifest.supplement == 1
    assert made.manifest.since_issue == 1


def test_a_public_manifest_of_an_earlier_issue_is_read_as_it_is() -> None:
    earlier = {"issue": 1, "kind": "pack", "time": "2026-12-01T09:00:00+00:00",
               "boardpack_version": "0.1.0",
               "meeting": {"authority": "A", "committee": "C", "date": "2027-01-01"},
               "outputs": [], "format": 2}
    shown = PublicManifest.from_json(json.dumps(earlier))
    assert (shown.details, shown.agenda, shown.decisions) == ({}, [], [])
