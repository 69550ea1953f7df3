"""Loading and validating a pack: every mistake a person makes gives one clear line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import MEETING

from boardpack.pack import load as packfile
from boardpack.pipeline.check import check
from boardpack.problems import BoardpackError, Level

GOOD_ITEM = """
[[item]]
id = "report"
title = "A report"
files = ["reports/report.md"]
"""


def problems_of(root: Path) -> list[str]:
    return [str(p) for p in check(root).problems if p.level is Level.ERROR]


def test_demo_pack_checks_clean(demo_pack: Path) -> None:
    result = check(demo_pack)
    assert result.pack is not None
    assert [str(p) for p in result.problems if p.level is not Level.INFO] == []


def test_invalid_toml_names_the_line(make_pack) -> None:
    root = make_pack(GOOD_ITEM + 'title = "unterminated\n', files={"reports/report.md": "x"})
    with pytest.raises(BoardpackError) as info:
        packfile.load(root)
    (problem,) = info.value.problems
    assert problem.file == "pack.toml" and problem.line == 15
    assert "not valid TOML" in str(problem) and "pack.toml:15" in str(problem)


def test_wrong_types_name_key_and_line(make_pack) -> None:
    items = """
    [[item]]
    id = "report"
    title = 42
    exempt = "three"
    to_follow = "yes"
    files = ["reports/report.md"]
    """
    root = make_pack(items, files={"reports/report.md": "x"})
    lines = problems_of(root)
    assert any("'title' should be text in quotes, not a whole number" in x and "pack.toml:13" in x
               for x in lines), lines
    assert any("'exempt' should be a whole number" in x and "pack.toml:14" in x for x in lines)
    assert any("'to_follow' should be true or false" in x for x in lines)
    assert all("item 'report'" in x for x in lines)


@pytest.mark.parametrize(("entry", "message"), [
    ('"../outside.md"', "path points outside the pack folder"),
    ('"/etc/passwd"', "path is absolute"),
    ('"reports/missing.md"', "file not found"),
    ('"reports"', "path is a folder"),
    ('"reports/notes.odt"', "cannot read this kind of file"),
])
def test_bad_file_entries(make_pack, entry: str, message: str) -> None:
    items = f'[[item]]\nid = "report"\ntitle = "A report"\nfiles = [{entry}]\n'
    root = make_pack(items, files={"reports/report.md": "x", "../outside.md": "secret",
                                   "reports/notes.odt": "x"})
    lines = problems_of(root)
    assert len(lines) == 1 and message in lines[0], lines
    assert lines[0].startswith("error: p: item 'report': ")


def test_symlink_out_of_the_pack_is_refused(make_pack, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("secret", encoding="utf-8")
    root = make_pack(GOOD_ITEM, files={"reports/other.md": "x"})
    os.symlink(secret, root / "reports" / "report.md")
    assert any("outside the pack folder" in x for x in problems_of(root))


def test_empty_pack_and_missing_meeting(make_pack, tmp_path: Path) -> None:
    root = make_pack("")
    assert any("the agenda has no items" in x for x in problems_of(root))
    bare = tmp_path / "bare"
    bare.mkdir()
    (bare / "pack.toml").write_text("", encoding="utf-8")
    with pytest.raises(BoardpackError, match=r"no \[meeting\] table"):
        packfile.load(bare)
    with pytest.raises(BoardpackError, match=r"no pack\.toml"):
        packfile.load(tmp_path)


def test_unknown_keys_duplicate_ids_bad_dates_bad_paragraph(make_pack) -> None:
    meeting = MEETING.replace('date = 2027-03-17', 'date = "17/03/2027"') + 'colour = "red"\n'
    items = """
    [[item]]
    id = "report"
    title = "A report"
    presentr = "Officer"
    exempt = 9
    [[item]]
    id = "report"
    title = "Again"
    [[item]]
    id = "Bad Id"
    title = "Bad"
    purpose = "vote"
    """
    root = make_pack(items, meeting=meeting)
    lines = "\n".join(problems_of(root))
    assert "'date' should be a date (YYYY-MM-DD, no quotes)" in lines
    assert "unknown key 'colour'" in lines
    assert "unknown key 'presentr'" in lines and "did you mean 'presenter'" in lines
    assert "number from 1 to 7" in lines
    assert "duplicate item id 'report'" in lines
    assert "should be lower-case letters" in lines
    assert "should be one of information, decision, discussion" in lines


def test_resolutions_are_validated(make_pack) -> None:
    resolutions = """
    [[resolution]]
    item = "nope"
    kind = "DECIDED"
    text = ["That the report be noted."]
    """
    root = make_pack(GOOD_ITEM, files={"reports/report.md": "x"}, resolutions=resolutions)
    lines = problems_of(root)
    assert any("no agenda item with id 'nope'" in x and "resolutions.toml:3" in x for x in lines)
    assert any("'kind' is 'DECIDED'; should be one of RESOLVED" in x for x in lines)


def test_resolutions_may_name_standard_items(make_pack) -> None:
    resolutions = '[[resolution]]\nitem = "minutes"\nkind = "AGREED"\ntext = ["Approved."]\n'
    root = make_pack(GOOD_ITEM, files={"reports/report.md": "x"}, resolutions=resolutions)
    assert problems_of(root) == []
    assert packfile.load(root).pack.resolutions[0].kind == "AGREED"


def test_dropped_report_attaches_by_item_id(make_pack) -> None:
    items = '[[item]]\nid = "kpi"\ntitle = "KPIs"\n[[item]]\nid = "kpi-extra"\ntitle = "More"\n'
    root = make_pack(items, files={"reports/kpi-extra-v2.md": "x", "reports/kpi_q3.md": "y",
                                   "reports/unrelated.md": "z"})
    loaded = packfile.load(root)
    assert [f.path for f in loaded.pack.item("kpi-extra").files] == ["reports/kpi-extra-v2.md"]
    assert [f.path for f in loaded.pack.item("kpi").files] == ["reports/kpi_q3.md"]
    assert loaded.unmatched_drops == ["reports/unrelated.md"]


def test_limits_keep_fractions_and_want_whole_counts(make_pack) -> None:
    root = make_pack("[limits]\nconvert_seconds = 0.5\nmax_file_mb = 2.5\nmax_pdf_pages = 12\n"
                     + GOOD_ITEM, files={"reports/report.md": "x"})
    limits = packfile.load(root).pack.limits
    assert (limits.convert_seconds, limits.max_file_mb, limits.max_pdf_pages) == (0.5, 2.5, 12)
    assert isinstance(limits.max_pdf_pages, int)
    root = make_pack("[limits]\nmax_pdf_pages = 2.5\n" + GOOD_ITEM,
                     files={"reports/report.md": "x"}, name="q")
    assert any("'max_pdf_pages' should be" in p for p in problems_of(root))
