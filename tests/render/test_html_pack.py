"""The HTML pack's own font, tables and images, read from the built page: Lato embedded
as WOFF2 subset to the page's characters, header cells scoped, wide tables marked,
every image with an alt attribute."""

from __future__ import annotations

import base64
import html
import io
import re
from collections.abc import Callable
from pathlib import Path

import fontpkg_lato
import pytest
from helpers import built_demo, png

from boardpack.pipeline.build import build

ttLib = pytest.importorskip("fontTools.ttLib")
FACE = re.compile(r"@font-face \{([^}]*)\}")
URI = re.compile(r'url\("data:font/woff2;base64,([A-Za-z0-9+/=]+)"\)')


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_demo(tmp_path_factory.mktemp("html"), ["html"]) / "build"


def faces(page: str) -> dict[str, object]:
    """Each embedded face by "weight style", as fontTools reads it."""
    out = {}
    for rule in FACE.findall(page):
        weight = re.search(r"font-weight: (\d+)", rule)[1]
        style = re.search(r"font-style: (\w+)", rule)[1]
        assert "font-display: swap" in rule and 'font-family: "Lato"' in rule
        data = base64.b64decode(URI.search(rule)[1])
        assert data[:4] == b"wOF2"
        out[f"{weight} {style}"] = ttLib.TTFont(io.BytesIO(data))
    return out


def shown_text(page: str) -> str:
    body = page[page.index("<body"):]
    return html.unescape(re.sub(r"<[^>]*>", " ", body))


@pytest.mark.parametrize("edition", ["members", "public"])
def test_lato_is_embedded_subset_to_the_characters_of_the_page(pages: Path, edition: str
                                                               ) -> None:
    page = (pages / f"{edition}.html").read_text(encoding="utf-8")
    found = faces(page)
    assert sorted(found) == ["400 italic", "400 normal", "700 normal"]
    lato = set(map(chr, ttLib.TTFont(fontpkg_lato.ROOT / "files" / "Lato-Regular.ttf")
                   .getBestCmap()))
    used = {c for c in shown_text(page) if c.isprintable() and not c.isspace()} & lato
    assert {"£", "–", "’", "·"} <= used  # what the demo pack's text holds (that Lato has)
    for name, font in found.items():
        mapped = {chr(code) for code in font.getBestCmap()}
        assert used <= mapped, (name, sorted(used - mapped))
        assert not {"ß", "Ж", "€", "Q"} & mapped - used  # nothing the page does not use
        assert font["maxp"].numGlyphs < len(used) + 20
        assert "Lato" in font["name"].getDebugName(1)


def test_the_page_is_still_a_reasonable_size(pages: Path) -> None:
    """The three faces add about 27 KB to a 276 KB page (measured: 302 KB)."""
    for edition in ("members", "public"):
        assert (pages / f"{edition}.html").stat().st_size < 320_000


def test_header_cells_are_scoped(pages: Path) -> None:
    page = (pages / "members.html").read_text(encoding="utf-8")
    details = re.search(r'<table class="meeting-details label-value">.*?</table>', page, re.S)
    assert details, "the meeting details are a label/value table"
    assert re.findall(r'<th[^>]* scope="row"[^>]*>(?:<strong>)?([^<]+)', details[0]) == [
        "Date", "Time", "Venue", "Contact", "Published"]
    agenda = re.search(r'<table class="agenda">.*?</table>', page, re.S)[0]
    assert re.findall(r'<th[^>]* scope="col"[^>]*>([^<]+)</th>', agenda) == [
        "No.", "Item", "Page"]
    kpis = re.search(r'<table class="workbook-table wide-table">.*?</thead>', page, re.S)[0]
    spans = re.findall(r'<th\b[^>]*>', kpis)
    assert sum('colspan="3"' in t and 'scope="colgroup"' in t for t in spans) == 2  # the years
    assert all('scope="col' in t for t in spans)
    assert "<td" not in kpis


def test_every_image_has_an_alt_attribute(make_pack: Callable[..., Path]) -> None:
    root = make_pack("""
        [[item]]
        id = "pictures"
        title = "Pictures"
        purpose = "information"
        files = ["reports/pictures.md"]
        """, files={"reports/pictures.md": "# Pictures\n\n![A site plan](plan.png)\n\n"
                    "A rule ![](rule.png){.decorative} and ![](blank.png) here.\n",
                    "reports/plan.png": png(), "reports/rule.png": png(60, 4, 40),
                    "reports/blank.png": png(30, 30, 200)})
    result = build(root, formats=["html"])
    assert result.ok, [str(p) for p in result.problems]
    page = (root / "build" / "members.html").read_text(encoding="utf-8")
    images = re.findall(r"<img\b[^>]*>", page[page.index("<main"):])
    alts = [html.unescape(m[1]) if (m := re.search(r'\balt="([^"]*)"', tag)) else None
            for tag in images]
    assert alts == ["A site plan", "", "A picture its author has not described"]
