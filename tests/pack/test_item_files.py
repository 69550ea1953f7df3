"""Bringing a file in from outside the pack, and ordering and titling an item's files."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import pdf_text

from boardpack.pack import history
from boardpack.pack import load as packfile
from boardpack.pack.item_files import copy_in, move_file, safe_name, title_file
from boardpack.pipeline.build import build
from boardpack.problems import BoardpackError

ITEMS = """\
# The agenda.
[[item]]
id = "kpis"
title = "Performance report"
files = ["reports/kpis.md"]  # the main report

[[item]]
id = "budget"
title = "Budget monitoring"
"""
REPORTS = {"reports/kpis.md": "# Performance\n\nAll indicators are green.\n"}


@pytest.fixture
def pack(make_pack: Callable[..., Path]) -> Path:
    return make_pack(ITEMS, files=REPORTS, name="cpb")


@pytest.fixture
def downloads(tmp_path: Path) -> Path:
    folder = tmp_path / "home" / "Downloads"
    folder.mkdir(parents=True)
    return folder


def listed(root: Path, item_id: str) -> list[object]:
    items = tomllib.loads((root / "pack.toml").read_text())["item"]
    return next(i for i in items if i["id"] == item_id).get("files", [])


def tree(root: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder of the pack: (size, mtime in ns) by path."""
    found = {}
    for path in sorted(root.rglob("*")):
        info = path.lstat()
        found[path.relative_to(root).as_posix()] = (info.st_size, info.st_mtime_ns)
    return found


def test_a_file_from_outside_is_copied_into_reports_under_the_item_id_and_attached(
        pack: Path, downloads: Path) -> None:
    source = downloads / "Q3 Budget (final).md"
    source.write_text("# Budget\n\nAn underspend of £1.2m.\n")
    done = copy_in(pack, "budget", source)
    assert done.path == "reports/budget-Q3-Budget-final.md"
    assert (pack / done.path).read_bytes() == source.read_bytes()
    assert listed(pack, "budget") == ["reports/budget-Q3-Budget-final.md"]
    assert "# the main report" in (pack / "pack.toml").read_text()  # comments kept
    assert source.is_file()  # copied, not moved
    item = packfile.load(pack).pack.item("budget")
    assert [r.path for r in item.files] == [done.path]
    assert "Copied" in done.line(str(source)) and done.path in done.line(str(source))


def test_tilde_paths_work_and_a_name_starting_with_the_id_keeps_it_once(
        pack: Path, downloads: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(downloads.parent))
    (downloads / "budget-annex.md").write_text("# Annex\n")
    assert copy_in(pack, "budget", "~/Downloads/budget-annex.md").path == \
        "reports/budget-annex.md"
    assert safe_name("kpis", "KPIs_Q3.XLSX") == "KPIs_Q3.xlsx"
    assert safe_name("kpis", "Café report.docx") == "kpis-Cafe-report.docx"
    assert safe_name("kpis", "../../etc/passwd.md") == "kpis-passwd.md"


def test_a_file_replaced_by_a_new_copy_is_kept_in_history_first(pack: Path,
                                                                  downloads: Path) -> None:
    source = downloads / "budget.md"
    source.write_text("# Budget\n\nFirst version.\n")
    first = copy_in(pack, "budget", source)
    assert first.kept == ""
    source.write_text("# Budget\n\nSecond version.\n")
    second = copy_in(pack, "budget", source)
    assert second.path == first.path == "reports/budget.md"
    assert "Second version" in (pack / second.path).read_text()
    kept = history.versions(pack, second.path)
    assert len(kept) == 1 and b"First version" in kept[0].read_bytes()
    assert second.kept == kept[0].path.relative_to(pack).as_posix()
    assert listed(pack, "budget") == ["reports/budget.md"]  # listed once


def test_a_file_already_in_the_pack_is_attached_where_it_is(pack: Path) -> None:
    (pack / "appendices").mkdir()
    (pack / "appendices" / "glossary.md").write_text("# Glossary\n")
    done = copy_in(pack, "kpis", pack / "appendices" / "glossary.md")
    assert (done.path, done.copied) == ("appendices/glossary.md", False)
    assert listed(pack, "kpis") == ["reports/kpis.md", "appendices/glossary.md"]
    assert not (pack / "reports" / "kpis-glossary.md").exists()


@pytest.mark.parametrize("case", ["folder", "missing", "unreadable", "too-big", "kind",
                                  "no-item"])
def test_refusals_are_one_line_and_write_nothing(pack: Path, downloads: Path,
                                                 case: str) -> None:
    source = downloads / "report.md"
    item = "budget"
    if case == "folder":
        source = downloads
    elif case == "unreadable":
        if os.geteuid() == 0:
            pytest.skip("root reads every file")
        source.write_text("# Secret\n")
        source.chmod(0)
    elif case == "too-big":
        (pack / "pack.toml").write_text((pack / "pack.toml").read_text()
                                        + "\n[limits]\nmax_file_mb = 0.001\n")
        source.write_text("x" * 2_000)
    elif case == "kind":
        source = downloads / "setup.exe"
        source.write_bytes(b"MZ")
    elif case == "no-item":
        source.write_text("# Report\n")
        item = "nothing-like-it"
    before = tree(pack)
    with pytest.raises(BoardpackError) as caught:
        copy_in(pack, item, source)
    line = str(caught.value.problems[0])
    expected = {"folder": "is a folder", "missing": "file not found",
                "unreadable": "cannot read the file (Permission denied)",
                "too-big": "over the 0 MB limit", "kind": "cannot read this kind of file",
                "no-item": "no agenda item with id 'nothing-like-it'"}[case]
    assert expected in line and "\n" not in line
    assert line.startswith("error: cpb: item ")
    if case != "no-item":
        assert str(source) in line
    assert tree(pack) == before


def test_files_are_reordered_and_titled_in_pack_toml_dropped_ones_included(
        pack: Path) -> None:
    (pack / "reports" / "kpis-appendix.md").write_text("# Appendix\n\nThe figures.\n")
    (pack / "reports" / "kpis-zz-annex.md").write_text("# Annex\n\nThe method.\n")
    order = lambda: [r.path for r in packfile.load(pack).pack.item("kpis").files]  # noqa: E731
    assert order() == ["reports/kpis.md", "reports/kpis-appendix.md", "reports/kpis-zz-annex.md"]
    assert move_file(pack, "kpis", "reports/kpis-zz-annex.md", -1) == 1
    assert order() == ["reports/kpis.md", "reports/kpis-zz-annex.md", "reports/kpis-appendix.md"]
    assert move_file(pack, "kpis", "reports/kpis.md", 5) == 2
    assert order() == ["reports/kpis-zz-annex.md", "reports/kpis-appendix.md", "reports/kpis.md"]
    assert move_file(pack, "kpis", "reports/kpis-zz-annex.md", -1) == 0  # already first
    title_file(pack, "kpis", "reports/kpis-appendix.md", "  Appendix A:  workforce figures ")
    assert listed(pack, "kpis")[1] == {"path": "reports/kpis-appendix.md",
                                       "title": "Appendix A: workforce figures"}
    refs = packfile.load(pack).pack.item("kpis").files
    assert refs[1].title == "Appendix A: workforce figures"
    title_file(pack, "kpis", "reports/kpis-appendix.md", "")
    assert listed(pack, "kpis")[1] == "reports/kpis-appendix.md"
    assert "# the main report" in (pack / "pack.toml").read_text()
    with pytest.raises(BoardpackError, match="not attached"):
        title_file(pack, "budget", "reports/kpis.md", "x")


def test_a_files_title_heads_it_in_the_built_pack(pack: Path, downloads: Path) -> None:
    source = downloads / "figures.md"
    source.write_text("# Figures\n\nAgency staff: 14 per cent.\n")
    done = copy_in(pack, "kpis", source)
    title_file(pack, "kpis", done.path, "Appendix A: workforce figures")
    result = build(pack, formats=["pdf"], editions=["members"])
    assert result.ok, result.problems
    text = " ".join(pdf_text(pack / "build" / "members.pdf").split())
    assert "Appendix A: workforce figures" in text
    assert "Kpis figures" not in text and "Appendix B" not in text
