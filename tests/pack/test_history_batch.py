"""Versions kept together (``history.keep_all``): each as ``keep`` would, written at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from boardpack.cache import Cache
from boardpack.pack import history
from boardpack.problems import Level

EARLIER = dt.datetime(2027, 1, 5, 9, 30, tzinfo=dt.UTC)
NOW = dt.datetime(2027, 2, 1, 12, 0, tzinfo=dt.UTC)


def test_new_changed_and_earlier_versions_are_kept_at_once(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "build" / ".cache")
    history.keep(tmp_path, "reports/a.docx", b"a one", now=EARLIER)
    history.keep(tmp_path, "reports/b.docx", b"b one", now=EARLIER)
    history.keep(tmp_path, "reports/b.docx", b"b two", now=EARLIER + dt.timedelta(days=1))
    notes = history.keep_all(tmp_path, [
        ("alpha", "reports/a.docx", b"a two"),    # changed: a new copy
        ("beta", "reports/b.docx", b"b one"),     # back to an earlier version: linked
        ("gamma", "reports/c.md", b"c one"),      # new: a first copy, no note
        ("alpha", "reports/d.md", b"")], now=NOW, cache=cache)
    assert [(n.item, n.file, n.level) for n in notes] == [
        ("alpha", "reports/a.docx", Level.INFO), ("beta", "reports/b.docx", Level.INFO)]
    assert "replaces the version first read 05 January 2027 09:30 UTC" in notes[0].message
    assert [v.read_bytes() for v in history.versions(tmp_path, "reports/a.docx")] == [
        b"a two", b"a one"]
    b_versions = history.versions(tmp_path, "reports/b.docx")
    assert [v.read_bytes() for v in b_versions] == [b"b one", b"b two", b"b one"]
    assert b_versions[0].path.stat().st_ino == b_versions[2].path.stat().st_ino  # one copy
    assert history.versions(tmp_path, "reports/c.md")[0].read_bytes() == b"c one"
    assert history.versions(tmp_path, "reports/d.md")[0].read_bytes() == b""
    again = history.keep_all(tmp_path, [("alpha", "reports/a.docx", b"a two")], cache=cache)
    assert again == [] and len(history.versions(tmp_path, "reports/a.docx")) == 2
    assert not list(tmp_path.rglob("*.tmp"))


def test_a_copy_that_cannot_be_written_is_a_warning_for_its_file(tmp_path: Path) -> None:
    (tmp_path / ".history").mkdir()
    (tmp_path / ".history" / "appendices").write_text("not a folder")
    notes = history.keep_all(tmp_path, [("alpha", "reports/a.docx", b"a one"),
                                        ("beta", "appendices/b.pdf", b"b one")], now=NOW)
    assert [(n.item, n.file, n.level) for n in notes] == [
        ("beta", "appendices/b.pdf", Level.WARNING)]
    assert "could not keep a copy of this version in .history" in notes[0].message
    assert notes[0].hint.startswith("check the pack folder is writable")
    assert history.versions(tmp_path, "reports/a.docx")[0].read_bytes() == b"a one"
    assert not list(tmp_path.rglob("*.tmp"))
