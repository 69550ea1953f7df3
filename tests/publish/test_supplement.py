"""Late papers: a numbered supplement with only what is new or changed since the last issue."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from helpers import pdf_outline, pdf_pages, pdf_text

from boardpack.cli import main
from boardpack.model import Change
from boardpack.pack import issued as manifests
from boardpack.pack.issued import ItemRecord, Manifest
from boardpack.publish.issue import publish
from boardpack.publish.supplement import compare

WHEN = dt.datetime(2027, 3, 8, 12, 0, tzinfo=dt.UTC)
LATER = WHEN + dt.timedelta(days=3)

ITEMS = """
[[item]]
id = "finance"
title = "Budget monitoring"
files = ["reports/finance.md"]

[[item]]
id = "fostering"
title = "Fostering annual report"
to_follow = true
files = ["reports/fostering.md"]

[[item]]
id = "libraries"
title = "Library opening hours"
files = ["reports/libraries.md"]

[[item]]
id = "contract"
title = "Contract award"
exempt = 3
files = ["reports/contract.md"]
"""
FILES = {
    "reports/finance.md": "The forecast overspend is 1.2 million pounds.\n",
    "reports/libraries.md": "Opening hours are unchanged this year.\n",
    "reports/contract.md": "The preferred bidder is Acme Care Homes Ltd.\n",
}


@pytest.fixture
def issued(make_pack) -> Path:
    """A pack issued once, with the fostering report still to follow."""
    root = make_pack(ITEMS, FILES)
    assert publish(root, now=WHEN).ok
    return root


def test_supplement_carries_only_new_and_changed_items(issued: Path) -> None:
    (issued / "reports/fostering.md").write_text("Fourteen new foster carers were approved.\n")
    (issued / "reports/contract.md").write_text("The preferred bidder is now Beta Homes.\n")
    text = (issued / "pack.toml").read_text()
    cut = text.index('[[item]]\nid = "libraries"')
    end = text.index('[[item]]\nid = "contract"')
    (issued / "pack.toml").write_text(text[:cut] + text[end:] + (
        '\n[[item]]\nid = "youth"\ntitle = "Youth council report"\n'
        'files = ["reports/youth.md"]\n'))
    (issued / "reports/youth.md").write_text("The youth council met four times.\n")

    result = publish(issued, supplement=True, now=LATER)
    assert result.ok, result.problems
    folder = issued / "issued" / "2"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.*")) == [
        "internal/manifest.json", "members/supplement-1-members.html",
        "members/supplement-1-members.pdf", "public/manifest.json",
        "public/supplement-1-public.html", "public/supplement-1-public.pdf"]
    data = json.loads((folder / "internal" / "manifest.json").read_text())
    assert (data["kind"], data["supplement"], data["since_issue"]) == ("supplement", 1, 1)
    assert [(c.item, c.kind) for c in result.changes] == [
        ("fostering", "received"), ("youth", "added"), ("contract", "changed"),
        ("libraries", "removed")]

    members = pdf_pages(folder / "members" / "supplement-1-members.pdf")
    front = members[0]
    assert "Supplementary agenda pack No. 1" in front
    assert "Published 11 March 2027" in front.replace("\n", " ")
    assert "Fostering annual report" in front and "Youth council report" in front
    assert "Budget monitoring" not in "\n".join(members)
    assert "report to follow" not in front and "Report to follow." not in "\n".join(members)
    changed = " ".join(next(p for p in members if p.startswith("What changed")).split())
    assert "Changes since issue 1, published 8 March 2027." in changed
    for line in ("5 Fostering annual report Report to follow: now received",
                 "6 Youth council report New item", "9 Contract award Papers changed",
                 "– Library opening hours Withdrawn from the agenda"):
        assert line in changed
    body = "\n".join(members)
    assert "Fourteen new foster carers" in body and "Beta Homes" in body
    titles = [t for t, _, _ in pdf_outline(folder / "members" / "supplement-1-members.pdf")]
    assert titles == ["What changed", "5. Fostering annual report", "6. Youth council report",
                      "9. Contract award"]

    # The public supplement says nothing of the exempt item whose papers changed: it is not
    # on its agenda, nor on its "what changed" page, which lists the other changes.
    public = " ".join(pdf_text(folder / "public" / "supplement-1-public.pdf").split())
    assert "Fourteen new foster carers" in public
    assert "Beta Homes" not in public and "Acme" not in public
    assert "Contract award" not in public and "Papers changed" not in public
    assert "Schedule 12A" not in public
    for line in ("5 Fostering annual report Report to follow: now received",
                 "6 Youth council report New item",
                 "– Library opening hours Withdrawn from the agenda"):
        assert line in public
    html = (folder / "public" / "supplement-1-public.html").read_text()
    assert "Beta Homes" not in html and "Fourteen new foster carers" in html
    assert "Contract award" not in html and "Papers changed" not in html


def test_supplements_are_numbered_and_compared_with_the_last_issue(issued: Path) -> None:
    (issued / "reports/fostering.md").write_text("Fourteen new foster carers.\n")
    first = publish(issued, supplement=True, now=LATER)
    assert first.ok and first.manifest and first.manifest.supplement == 1
    (issued / "reports/finance.md").write_text("The overspend is now 0.9 million pounds.\n")
    second = publish(issued, supplement=True, now=LATER)
    assert second.ok and second.manifest
    assert (second.issue, second.manifest.supplement, second.manifest.since_issue) == (3, 2, 2)
    assert [(c.item, c.kind) for c in second.changes] == [("finance", "changed")]
    assert (issued / "issued" / "3" / "public" / "supplement-2-public.pdf").is_file()
    assert main(["verify", str(issued)]) == 0


def test_no_supplement_when_nothing_changed(issued: Path) -> None:
    result = publish(issued, supplement=True, now=LATER)
    assert not result.ok
    assert any("nothing has changed since issue 1" in p.message for p in result.problems)
    assert manifests.issue_numbers(issued) == [1]


def test_no_supplement_before_the_pack_is_issued(make_pack, capsys) -> None:
    root = make_pack(ITEMS, FILES)
    assert main(["publish", str(root), "--supplement"]) == 1
    assert "nothing has been issued yet" in capsys.readouterr().err


def test_an_image_change_counts_as_a_change(make_pack) -> None:
    png = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
    root = make_pack(ITEMS.replace('to_follow = true\n', ''), {
        **FILES, "reports/fostering.md": "![Carers recruited](chart.png)\n",
        "reports/chart.png": png})
    assert publish(root, now=WHEN).ok
    assert "reports/chart.png" in manifests.read(root, 1).item("fostering").files
    (root / "reports/chart.png").write_bytes(png + b"\x00")
    result = publish(root, supplement=True, now=LATER)
    assert [(c.item, c.kind) for c in result.changes] == [("fostering", "changed")]


def record(item: str, files: dict[str, str], details: str = "d") -> ItemRecord:
    return ItemRecord(item, item.title(), False, not files, files, details)


@pytest.mark.parametrize(("before", "after", "expected"), [
    ([record("a", {"a.md": "1"})], [record("a", {"a.md": "1"})], []),
    ([record("a", {"a.md": "1"})], [record("a", {"a.md": "2"})], [("a", "changed")]),
    ([record("a", {"a.md": "1"})], [record("a", {"a.md": "1"}, "e")], [("a", "changed")]),
    ([record("a", {})], [record("a", {"a.md": "1"})], [("a", "received")]),
    ([record("a", {"a.md": "1"})], [record("a", {"a.md": "1", "b.pdf": "2"})],
     [("a", "changed")]),
    ([], [record("a", {})], [("a", "added")]),
    ([record("a", {"a.md": "1"})], [], [("a", "removed")]),
])
def test_compare(before: list[ItemRecord], after: list[ItemRecord],
                 expected: list[tuple[str, str]]) -> None:
    previous = Manifest(issue=1, kind="pack", time=WHEN.isoformat(), boardpack_version="x",
                        editions=["members", "public"], meeting={}, items=before)
    changes = compare(previous, after)
    assert [(c.item, c.kind) for c in changes] == expected
    assert all(isinstance(c, Change) and c.description for c in changes)


def exempt(item: str, files: dict[str, str], details: str = "d", entry: str = "e",
           title: str = "") -> ItemRecord:
    return ItemRecord(item, title or item.title(), True, not files, files, details, entry)


@pytest.mark.parametrize(("before", "after", "kind", "public"), [
    # what only members may know: its papers, their arrival, its presenter or summary
    (exempt("a", {"a.md": "1"}), exempt("a", {"a.md": "2"}), "changed", None),
    (exempt("a", {}), exempt("a", {"a.md": "1"}), "received", None),
    (exempt("a", {"a.md": "1"}), exempt("a", {"a.md": "1"}, "d2"), "changed", None),
    # what its public entry shows: its title or paragraph, or its becoming (not) exempt
    (exempt("a", {"a.md": "1"}), exempt("a", {"a.md": "1"}, "d2", "e2"), "changed", "entry"),
    (record("a", {"a.md": "1"}), exempt("a", {"a.md": "1"}, "d2"), "changed", "entry"),
    (exempt("a", {"a.md": "1"}), record("a", {"a.md": "1"}, "d2"), "changed", "entry"),
    (None, exempt("a", {"a.md": "1"}), "added", "added"),
    (exempt("a", {"a.md": "1"}), None, "removed", "removed"),
    # an issue made before public entries were recorded: the title tells
    (exempt("a", {"a.md": "1"}, entry=""), exempt("a", {"a.md": "2"}), "changed", None),
    (exempt("a", {"a.md": "1"}, entry=""), exempt("a", {"a.md": "1"}, "d2", title="New"),
     "changed", "entry"),
])
def test_what_the_public_is_told_of_a_change(before: ItemRecord | None,
                                             after: ItemRecord | None, kind: str,
                                             public: str | None) -> None:
    previous = Manifest(issue=1, kind="pack", time=WHEN.isoformat(), boardpack_version="x",
                        editions=["members", "public"], meeting={},
                        items=[before] if before else [])
    [change] = compare(previous, [after] if after else [])
    assert (change.kind, change.public_kind) == (kind, public)
    assert change.seen_in("members") == change
    seen = change.seen_in("public")
    assert (seen.kind if seen else None) == public


def test_a_supplement_of_exempt_papers_only_has_no_public_edition(issued: Path,
                                                                  capsys) -> None:
    (issued / "reports/contract.md").write_text("The preferred bidder is now Beta Homes.\n")
    assert main(["publish", str(issued), "--supplement"]) == 0
    assert "supplement 1 is for members only" in capsys.readouterr().err
    folder = issued / "issued" / "2"
    members = " ".join(pdf_text(folder / "members" / "supplement-1-members.pdf").split())
    assert "Contract award Papers changed" in members and "Beta Homes" in members
    assert not (folder / "public").exists()
    made = manifests.read(issued, 2)
    assert (made.editions, made.supplement, made.public_supplement) == (["members"], 1, None)
    assert main(["verify", str(issued)]) == 0


def test_the_public_numbers_only_the_supplements_it_is_given(issued: Path) -> None:
    (issued / "reports/contract.md").write_text("The preferred bidder is now Beta Homes.\n")
    assert publish(issued, supplement=True, now=LATER).ok
    (issued / "reports/fostering.md").write_text("Fourteen new foster carers.\n")
    later = publish(issued, supplement=True, now=LATER + dt.timedelta(days=1))
    assert later.ok and later.manifest, later.problems
    made = later.manifest
    assert (made.issue, made.supplement, made.since_issue) == (3, 2, 2)
    assert (made.public_issue, made.public_supplement, made.public_since_issue) == (2, 1, 1)
    folder = issued / "issued" / "3"
    shown = json.loads((folder / "public" / "manifest.json").read_text())
    assert (shown["issue"], shown["supplement"], shown["since_issue"]) == (2, 1, 1)
    public = " ".join(pdf_text(folder / "public" / "supplement-1-public.pdf").split())
    assert "Supplement 1" in public and "Changes since issue 1, published 8 March 2027." in public
    assert "Supplement 2" not in public and "issue 2" not in public
    assert "Contract award" not in public and "Beta Homes" not in public
    members = " ".join(pdf_text(folder / "members" / "supplement-2-members.pdf").split())
    assert "Supplement 2" in members and "Changes since issue 2, published 11 March 2027." \
        in members
    assert main(["verify", str(issued)]) == 0
