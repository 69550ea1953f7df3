"""A second ``site`` run rewrites only what changed: the site's files' times and digests
before and after an issue is added to one pack."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest
from helpers.site import CPB, EXECUTIVE, WHEN, published_packs, site

from boardpack.publish.issue import publish
from boardpack.site.build import SEARCH_CACHE
from boardpack.site.incremental import SITE_MANIFEST
from boardpack.site.search import SEARCH_FOLDER


def snapshot(out: Path) -> dict[str, tuple[int, str]]:
    """Each file's time and digest (the search index's too; not the site's own records)."""
    return {p.relative_to(out).as_posix(): (p.stat().st_mtime_ns,
                                            hashlib.sha256(p.read_bytes()).hexdigest())
            for p in out.rglob("*") if p.is_file() and p.name not in (SITE_MANIFEST,
                                                                         SEARCH_CACHE)}


def site_files(paths: list[str]) -> list[str]:
    """``paths`` but the search index's (Pagefind rewrites what its index needs)."""
    return sorted(p for p in paths if not p.startswith(f"{SEARCH_FOLDER}/"))


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return published_packs(tmp_path_factory.mktemp("incremental"))


def test_an_issue_added_to_one_pack_rewrites_its_pages_and_the_feeds_only(packs: Path,
                                                                          tmp_path: Path) -> None:
    out = tmp_path / "site"
    first = site(packs, out)
    assert first.tally.kept == [] and len(first.tally.written) == len(snapshot(out))
    before = snapshot(out)
    again = site(packs, out)
    assert again.tally.written == [] and again.tally.removed == []
    assert snapshot(out) == before
    # The board's minutes are issued: one new issue of one pack.
    made = publish(packs / CPB, minutes=True, now=WHEN + dt.timedelta(days=40))
    assert made.ok, made.problems
    third = site(packs, out)
    board = f"meetings/{CPB}"
    assert any(p.startswith(f"{SEARCH_FOLDER}/") for p in third.tally.written)
    assert site_files(third.tally.written) == sorted([
        f"{board}/index.html", f"{board}/meeting.ics", f"{board}/issue-2/public-minutes.html",
        f"{board}/issue-2/public-minutes.pdf",
        "committees/corporate-parenting-board/feed.atom",
        "committees/corporate-parenting-board/feed.rss",
        "committees/corporate-parenting-board/calendar.ics",
        "feed.atom", "feed.rss"])  # the board recorded no decisions: home and register stay
    after = snapshot(out)
    changed = set(third.tally.written) | set(third.tally.removed)
    untouched = {path for path in site_files(list(before)) if path not in changed}
    assert any(p.startswith(f"meetings/{EXECUTIVE}/issue-1/") for p in untouched)
    assert f"meetings/{EXECUTIVE}/index.html" in untouched
    assert f"{board}/issue-1/public.pdf" in untouched
    assert f"{board}/documents/agenda-frontsheet.pdf" in untouched
    assert [p for p in untouched if after[p] != before[p]] == []
    assert [p for p in site_files(third.tally.written)
            if p in before and after[p] == before[p]] == []


def test_a_pack_taken_away_takes_its_files_with_it(packs: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    site(packs, out)
    moved = tmp_path / "elsewhere"
    shutil.move(packs / EXECUTIVE, moved)
    try:
        result = site(packs, out)
    finally:
        shutil.move(moved, packs / EXECUTIVE)
    assert f"meetings/{EXECUTIVE}/issue-1/public.pdf" in result.tally.removed
    assert not (out / "meetings" / EXECUTIVE).exists()
    assert not (out / "committees" / "executive" / "index.html").exists()


def test_a_copied_document_changed_in_the_site_is_copied_again(packs: Path,
                                                               tmp_path: Path) -> None:
    out = tmp_path / "site"
    site(packs, out)
    copied = out / "meetings" / CPB / "issue-1" / "public.pdf"
    copied.unlink()
    result = site(packs, out)
    assert result.tally.written == [f"meetings/{CPB}/issue-1/public.pdf"]
    assert copied.read_bytes() == (packs / CPB / "issued/1/public/public.pdf").read_bytes()
