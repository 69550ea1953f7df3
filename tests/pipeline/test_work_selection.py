"""A build does no work its outputs do not need: no page images for a PDF-only build,
nothing of the public edition for a members' build (real Pandoc, PDFium and Typst)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import pdf_text
from helpers.pdf import pages_pdf

from boardpack.cache import Cache
from boardpack.pipeline.build import build

ITEMS = """\
[[item]]
id = "budget"
title = "Budget monitoring"
files = ["reports/budget.md", "reports/appendix.pdf"]

[[item]]
id = "contract"
title = "Residential care contract award"
exempt = 3
files = ["reports/contract.md"]
"""
FILES: dict[str, str | bytes] = {
    "reports/budget.md": "# Budget\n\nThe forecast overspend is £1.2m.\n",
    "reports/appendix.pdf": pages_pdf("Alpha appendix page", "Beta appendix page",
                                      "Gamma appendix page"),
    "reports/contract.md": "# Award\n\nThe preferred bidder is Northfield Care Ltd.\n",
}


@pytest.fixture
def pack(make_pack: Callable[..., Path]) -> Path:
    return make_pack(ITEMS, FILES)


def cache_files(root: Path, suffix: str) -> list[Path]:
    return sorted(Cache.for_pack(root).root.rglob(f"*{suffix}"))


def test_a_pdf_only_build_draws_no_page_images(pack: Path) -> None:
    result = build(pack, editions=["members"], formats=["pdf"])
    assert result.ok, result.problems
    text = pdf_text(pack / "build" / "members.pdf")
    assert "Beta appendix page" in text and "£1.2m" in text
    assert cache_files(pack, ".png") == []  # the pictures both renderers read live here
    # The HTML pack needs them: its build draws one per page of the appendix.
    result = build(pack, editions=["members"], formats=["html"])
    assert result.ok, result.problems
    assert len(cache_files(pack, ".png")) == 3
    html = (pack / "build" / "members.html").read_text(encoding="utf-8")
    assert "Page 2 of appendix.pdf as an image" in html


def test_a_pdf_only_build_uses_a_full_conversion_already_made(pack: Path) -> None:
    assert build(pack, editions=["members"], formats=["html"]).ok
    sources = len(cache_files(pack, ".json"))
    result = build(pack, editions=["members"], formats=["pdf"])
    assert result.ok, result.problems
    assert "Gamma appendix page" in pdf_text(pack / "build" / "members.pdf")
    # No second conversion of the appendix was cached: only the PDF's fragments and stamps.
    lean = [path for path in cache_files(pack, ".json") if "sources" in path.parts]
    assert len(lean) == 3, lean
    assert len(cache_files(pack, ".json")) > sources


def test_a_members_build_makes_nothing_of_the_public_edition(pack: Path) -> None:
    result = build(pack, editions=["members"])
    assert result.ok, result.problems
    assert sorted(path.name for path in (pack / "build").iterdir()
                  if not path.name.startswith(".")) == ["members.html", "members.pdf"]
    workspace = Cache.for_pack(pack).root
    assert not (workspace / "public.typ").exists()
    notice = "exempt-notice"  # the class of the public edition's notice for a Part B item
    assert not [path for path in workspace.rglob("*") if path.is_file()
                and notice.encode() in path.read_bytes()]
    # A public build leaves its traces there: what the test looks for is what it makes.
    assert build(pack, editions=["public"]).ok
    assert (workspace / "public.typ").exists()
    assert [path for path in workspace.rglob("*") if path.is_file()
            and notice.encode() in path.read_bytes()]
