"""No Part B marker from any pack reaches any file of the public site.

The marked meetings of ``helpers.markers`` (this meeting with a supplement, and an
earlier one) are issued, their minutes issued too, and the site built from the folder
of packs. Every file of the site — pages, copied editions, per-item documents, feeds,
calendars, style, fonts, the site manifest and the search index (gunzipped) — is
searched as text, PDF objects (pypdf and qpdf), bytes and decoded ``data:`` URIs for
every marker;
none is there. Each marker is found in the members' editions and the clerk's manifests,
so the search can find what it looks for.
"""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import pytest
from helpers.contents import contents
from helpers.markers import (
    CHANGED_TEXT,
    COMMENTS,
    FILE_NAME,
    FOLDER,
    MARKERS,
    TITLES,
    late_papers,
    marked_meeting,
)

from boardpack.publish.issue import publish
from boardpack.site.build import build_site

WHEN = dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    base = tmp_path_factory.mktemp("site-markers")
    packs = base / "packs"
    root = marked_meeting(packs)
    earlier = packs / "test-2027-01-13"
    steps = [publish(earlier, now=WHEN - dt.timedelta(days=50), force=True),
             publish(earlier, minutes=True, now=WHEN - dt.timedelta(days=40)),
             publish(root, now=WHEN)]
    exempt_only = root / FOLDER / f"{FILE_NAME}.md"  # a supplement for members only
    exempt_only.write_text(exempt_only.read_text(encoding="utf-8") + f"\n{CHANGED_TEXT}\n",
                           encoding="utf-8")
    steps.append(publish(root, supplement=True, now=WHEN + dt.timedelta(days=1)))
    late_papers(root)
    steps += [publish(root, supplement=True, now=WHEN + dt.timedelta(days=2)),
              publish(root, minutes=True, now=WHEN + dt.timedelta(days=20))]
    for step in steps:
        assert step.ok, [str(p) for p in step.problems]
    out = base / "site"
    built = build_site(packs, out, today=dt.date(2027, 3, 2))
    assert built.ok, [str(p) for p in built.problems]
    members = [p for p in packs.rglob("*") if p.is_file()
               and ("members" in p.parts or "internal" in p.parts)]
    return {"site": sorted(p for p in out.rglob("*") if p.is_file()), "members": members}


def test_the_site_holds_both_meetings_and_every_kind_of_file(site: dict[str, list[Path]]
                                                             ) -> None:
    names = {p.name for p in site["site"]}
    assert {"index.html", "feed.atom", "feed.rss", "calendar.ics", "meeting.ics",
            "public.pdf", "public.html", "supplement-1-public.pdf", "public-minutes.pdf",
            "public-minutes.html", "agenda-frontsheet.pdf", "lato-regular.woff2",
            "site.css", ".site-manifest.json"} <= names
    assert sum(p.name == "index.html" and p.parent.parent.name == "meetings"
               for p in site["site"]) == 2
    # The supplement for members only (issue 2) is nowhere: the public's is its first.
    assert not any("supplement-2" in p.name for p in site["site"])
    assert not any("issue-4" in p.as_posix() for p in site["site"])  # issues 1, 3, 4 → 1-3
    assert not any("Supplement 2" in p.read_text(encoding="utf-8") for p in site["site"]
                   if p.suffix in (".html", ".atom", ".rss", ".ics"))
    # ... and it shows what a public edition may show of the exempt items.
    meeting = next(p for p in site["site"] if p.name == "index.html"
                   and p.parent.name == "test-2027-03-17")
    shown = meeting.read_text(encoding="utf-8")
    assert TITLES[0] in shown and TITLES[1] in shown
    assert "exempt under paragraph 3 of Schedule 12A" in shown
    assert "exempt under paragraph 5 of Schedule 12A" in shown


def holds(path: Path, marker: str) -> bool:
    """Whether the file holds ``marker`` read every way, and gunzipped when it is gzip
    (Pagefind's index and fragments)."""
    data = path.read_bytes()
    if data.startswith(b"\x1f\x8b"):
        plain = gzip.decompress(data)
        return any(form in plain.lower() for form in (marker.lower().encode(),
                                                       marker.lower().encode("utf-16-le")))
    return contents(path).contains(marker)


def test_the_search_index_is_searched_and_holds_the_public_text(site: dict[str, list[Path]]
                                                                ) -> None:
    index = [p for p in site["site"] if "pagefind" in p.parts]
    assert sum(p.read_bytes().startswith(b"\x1f\x8b") for p in index) >= 3
    assert any(holds(p, "libraries open at nine") for p in index if "fragment" in p.parts)


@pytest.mark.parametrize("marker", MARKERS + COMMENTS)
def test_no_file_of_the_site_holds_the_marker(site: dict[str, list[Path]], marker: str) -> None:
    assert [p.name for p in site["site"] if holds(p, marker)] == []


def test_every_marker_is_found_in_the_members_editions(site: dict[str, list[Path]]) -> None:
    assert [m for m in MARKERS if not any(contents(p).contains(m)
                                          for p in site["members"])] == []
