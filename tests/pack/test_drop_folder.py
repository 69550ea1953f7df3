"""Officers drop files into ``PACK/reports/``: matched to items by name, unmatched ones
listed by ``check``, and a file dropped again replaces the old one while the old one
is kept in ``PACK/.history``."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from helpers import pdf_text

from boardpack import cli
from boardpack.pack import history
from boardpack.pack.load import load, match_drop
from boardpack.pipeline.build import build
from boardpack.pipeline.check import check
from boardpack.problems import Level

ITEMS = """\
[[item]]
id = "kpi"
title = "Performance summary"

[[item]]
id = "kpi-workforce"
title = "Workforce indicators"

[[item]]
id = "fostering"
title = "Fostering service report"
"""


@pytest.mark.parametrize(("name", "item"), [
    ("reports/kpi-workforce-q3.md", "kpi-workforce"),  # the longest id wins
    ("reports/kpi-workforce.md", "kpi-workforce"),
    ("reports/kpi-summary.md", "kpi"),
    ("reports/kpi.md", "kpi"),
    ("reports/KPI_Workforce_Q3.docx", "kpi-workforce"),  # case and underscores
    ("reports/kpi workforce q3.pdf", "kpi-workforce"),
    ("reports/kpi.workforce.pdf", "kpi"),
    ("reports/kpiextra.md", None),  # an id must end at a separator
    ("reports/workforce-kpi.md", None),  # and start the name
    ("reports/fostering-annual-report.docx", "fostering"),
])
def test_a_dropped_file_belongs_to_the_longest_item_id_its_name_starts_with(
        name: str, item: str | None) -> None:
    assert match_drop(name, ["kpi", "kpi-workforce", "fostering"]) == item
    assert match_drop(name, ["kpi-workforce", "kpi", "fostering"]) == item


def test_dropped_files_attach_to_their_items_and_reach_the_pack(make_pack) -> None:
    root = make_pack(ITEMS, {
        "reports/kpi-workforce-q3.md": "Agency use fell to 14 per cent.\n",
        "reports/kpi-summary.md": "Summary of all indicators.\n",
        "reports/kpi-appendix.md": "Appendix of definitions.\n",
        "reports/fostering.md": "Fostering households: 212.\n",
    })
    loaded = load(root)
    files = {item.id: [ref.path for ref in item.files] for item in loaded.pack.items}
    assert files == {"kpi": ["reports/kpi-appendix.md", "reports/kpi-summary.md"],
                     "kpi-workforce": ["reports/kpi-workforce-q3.md"],
                     "fostering": ["reports/fostering.md"]}
    assert all(ref.dropped for item in loaded.pack.items for ref in item.files)
    assert loaded.unmatched_drops == []
    result = build(root, editions=["members"], formats=["pdf"])
    assert result.ok, result.problems
    text = " ".join(pdf_text(root / "build" / "members.pdf").split())
    for words in ("Agency use fell to 14 per cent.", "Summary of all indicators.",
                  "Appendix of definitions.", "Fostering households: 212."):
        assert words in text
    assert text.index("Summary of all indicators.") < text.index("Agency use fell")


def test_check_lists_dropped_files_that_match_no_item(make_pack, capsys) -> None:
    root = make_pack(ITEMS, {
        "reports/kpi-summary.md": "Summary.\n",
        "reports/adoption-update.md": "Adoption.\n",
        "reports/kpi-data.zip": b"PK\x05\x06" + bytes(18),
        "reports/~$kpi-summary.docx": b"lock file Word leaves behind",
        "reports/.DS_Store": b"\x00",
        "reports/Thumbs.db": b"\x00",
        "reports/kpi-summary.docx.part": b"half a download",
        "reports/kpi-chart.png": b"\x89PNG\r\n\x1a\n",
        "reports/old/kpi-old.md": "in a sub-folder\n",
    })
    result = check(root)
    assert result.unmatched_drops == ["reports/adoption-update.md", "reports/kpi-data.zip"]
    assert cli.main(["check", str(root)]) == 0
    err = capsys.readouterr().err
    assert ("warning: p: reports/adoption-update.md: dropped file matches no agenda item — "
            "rename it to start with an item id (e.g. kpi-report.docx) or list it in "
            "pack.toml") in err
    assert "warning: p: reports/kpi-data.zip: dropped file is not a kind boardpack reads" in err
    for ignored in ("~$kpi", ".DS_Store", "Thumbs.db", ".part", "kpi-chart.png", "kpi-old"):
        assert ignored not in err
    assert cli.main(["check", "--strict", str(root)]) == 1


def test_a_file_listed_in_pack_toml_is_not_attached_again(make_pack) -> None:
    root = make_pack(ITEMS.replace('title = "Performance summary"',
                                   'title = "Performance summary"\n'
                                   'files = ["reports/kpi-summary.md"]'),
                     {"reports/kpi-summary.md": "Summary.\n"})
    pack = load(root).pack
    assert [ref.path for ref in pack.items[0].files] == ["reports/kpi-summary.md"]
    assert not pack.items[0].files[0].dropped


# --- dropped again: the new one is built, the old one kept -----------------------------


def redrop(root: Path, rel: str, text: str) -> None:
    """Overwrite a dropped file in place, as an officer saving over it would."""
    (root / rel).write_text(text, encoding="utf-8")


def members_html(root: Path) -> str:
    result = build(root, editions=["members"], formats=["html"])
    assert result.ok, result.problems
    return (root / "build" / "members.html").read_text(encoding="utf-8")


def test_a_report_dropped_again_replaces_the_old_one_which_is_kept(make_pack) -> None:
    rel = "reports/fostering-report.md"
    v1, v2 = "Version one: 212 households.\n", "Version two: 215 households.\n"
    root = make_pack(ITEMS, {rel: v1})
    assert "Version one" in members_html(root)
    redrop(root, rel, v2)
    html = members_html(root)
    assert "Version two" in html and "Version one" not in html
    kept = history.versions(root, rel)
    assert [v.read_bytes() for v in kept] == [v2.encode(), v1.encode()]  # newest first
    assert kept[0].taken >= kept[1].taken
    assert all(v.path.parent == root / ".history" / "reports" / "fostering-report.md"
               for v in kept)
    assert kept[1].path.name.endswith(f"-{kept[1].sha8}.md")
    members_html(root)  # unchanged: nothing more is kept
    assert len(history.versions(root, rel)) == 2
    assert not [p for p in (root / ".history").rglob("*") if p.name.endswith(".tmp")]


def test_a_build_says_which_earlier_version_was_kept_and_check_keeps_none(make_pack) -> None:
    rel = "reports/kpi-summary.md"
    root = make_pack(ITEMS, {rel: "First.\n"})

    def notes(problems: list) -> list:
        return [p for p in problems if p.level is Level.INFO and p.file == rel]

    assert build(root, editions=["members"], formats=["html"]).ok
    redrop(root, rel, "Second.\n")
    assert notes(check(root).problems) == []  # a check keeps nothing, so says nothing
    assert len(history.versions(root, rel)) == 1
    said = notes(build(root, editions=["members"], formats=["html"]).problems)
    first = history.versions(root, rel)[1]
    assert [p.message for p in said] == [
        f"replaces the version first read {first.taken:%d %B %Y %H:%M} UTC; that version is "
        f"kept as .history/{rel}/{first.path.name}"]
    assert said[0].item == "kpi"
    assert notes(build(root, editions=["members"], formats=["html"]).problems) == []  # once


def test_going_back_to_an_earlier_version_stores_nothing_twice(tmp_path: Path) -> None:
    rel = "reports/kpi.md"
    times = [dt.datetime(2027, 1, day, 9, 30, tzinfo=dt.UTC) for day in (4, 5, 6)]
    for data, now in zip((b"one", b"two", b"one"), times, strict=True):
        history.keep(tmp_path, rel, data, now=now)
    kept = history.versions(tmp_path, rel)
    assert [(v.taken, v.read_bytes()) for v in kept] == [
        (times[2], b"one"), (times[1], b"two"), (times[0], b"one")]
    assert kept[0].path.name == "20270106T093000.000000Z-7692c3ad.md"
    assert os.stat(kept[0].path).st_ino == os.stat(kept[2].path).st_ino  # linked, not copied
    assert history.keep(tmp_path, rel, b"one", now=times[2]) == []
    assert len(history.versions(tmp_path, rel)) == 3


def test_versions_of_a_file_never_kept_is_empty(tmp_path: Path) -> None:
    assert history.versions(tmp_path, "reports/none.md") == []


@pytest.mark.parametrize("rel", ["../p/reports/x.md", "reports/../../p/reports/x.md",
                                 "./reports/x.md", "reports\\x.md"])
def test_kept_versions_stay_inside_the_history_folder(tmp_path: Path, rel: str) -> None:
    root = tmp_path / "p"
    history.keep(root, rel, b"data")
    [kept] = history.versions(root, rel)
    assert kept.path.parent == root / ".history" / "p" / "reports" / "x.md" or (
        kept.path.parent == root / ".history" / "reports" / "x.md")
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == [kept.path]


def test_a_pack_whose_history_cannot_be_written_still_builds_with_a_warning(make_pack) -> None:
    root = make_pack(ITEMS, {"reports/kpi-summary.md": "Summary.\n",
                             ".history": "a file where the folder should be\n"})
    result = build(root, editions=["members"], formats=["html"])
    assert result.ok
    [warning] = [p for p in result.problems if p.level is Level.WARNING]
    assert warning.file == "reports/kpi-summary.md"
    assert warning.message.startswith("could not keep a copy of this version in .history")


def test_kept_versions_of_a_part_b_report_never_reach_the_public_edition(make_pack) -> None:
    rel = "reports/fostering-contract.md"
    root = make_pack(ITEMS.replace('title = "Fostering service report"',
                                   'title = "Fostering service report"\nexempt = 3'),
                     {rel: "Bid price SECRETONE.\n"})
    assert build(root, formats=["html"]).ok
    redrop(root, rel, "Bid price SECRETTWO.\n")
    result = build(root)
    assert result.ok, result.problems
    members = (root / "build" / "members.html").read_text(encoding="utf-8")
    assert "SECRETTWO" in members and "SECRETONE" not in members
    public = [(root / "build" / "public.html").read_text(encoding="utf-8"),
              " ".join(pdf_text(root / "build" / "public.pdf").split())]
    for text in public:
        assert "SECRETONE" not in text and "SECRETTWO" not in text
        assert ".history" not in text
    assert [v.read_bytes() for v in history.versions(root, rel)] == [
        b"Bid price SECRETTWO.\n", b"Bid price SECRETONE.\n"]
    assert all(not path.is_relative_to(root / ".history") for path in result.outputs)
    assert not (root / "build" / ".history").exists()
