"""The PDF pack is a valid PDF (qpdf's checks, through pikepdf) and reads back, in an
independent extractor (pypdf), with every item's title in agenda order.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import hostile
import pytest
from helpers import pdf_pages

from boardpack.pack import agenda
from boardpack.pack import load as packfile

pikepdf = pytest.importorskip("pikepdf", reason="pikepdf (qpdf for Python) is not installed")
BUILDS = [("demo", "members"), ("demo", "public"), ("hostile", "members"),
          ("hostile", "public")]


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo pack and the hostile pack, built as PDF once."""
    return hostile.demo_and_hostile(tmp_path_factory.mktemp("pdf-validity"), ["pdf"])


def qpdf_check(data: bytes) -> list[str]:
    """What qpdf's --check finds (errors and warnings), through pikepdf's bundled qpdf."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        found = list(pdf.check_pdf_syntax())
        for obj in pdf.objects:  # decode every stream, as qpdf --check does
            if isinstance(obj, pikepdf.Stream):
                try:
                    obj.read_bytes()
                except pikepdf.PdfError as exc:
                    found.append(f"stream {obj.objgen}: {exc}")
        return found


@pytest.mark.parametrize(("pack", "edition"), BUILDS)
def test_pdf_passes_qpdf_check(packs: dict[str, Path], pack: str, edition: str) -> None:
    data = (packs[pack] / "build" / f"{edition}.pdf").read_bytes()
    assert qpdf_check(data) == []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) > 3
        assert pdf.Root.get("/Outlines") is not None  # bookmarks survived


def test_the_check_finds_a_damaged_pdf(packs: dict[str, Path]) -> None:
    """Control: the same check reports a pack whose cross-reference offset is broken."""
    data = (packs["demo"] / "build" / "members.pdf").read_bytes()
    damaged = data[: data.rfind(b"startxref")] + b"startxref\n12345\n%%EOF\n"
    assert any("damaged" in problem or "xref" in problem for problem in qpdf_check(damaged))


def words(text: str) -> str:
    """Text with hyphenation, ligatures and line breaks evened out, for searching."""
    text = text.replace("\ufb01", "fi").replace("\ufb02", "fl").replace("\u2019", "'")
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize(("pack", "edition"), BUILDS)
def test_every_item_title_reads_back_in_agenda_order(packs: dict[str, Path], pack: str,
                                                     edition: str) -> None:
    entries = agenda.entries(packfile.load(packs[pack]).pack)
    assert len(entries) >= 4
    text = words(" ".join(pdf_pages(packs[pack] / "build" / f"{edition}.pdf")))
    first = text.find(words(f"1. {entries[0].item.title}"))  # the agenda ends where item 1 starts
    assert first > 0
    front, body = text[:first], text[first:]
    position_in_agenda = position_in_body = -1
    for entry in entries:
        title = words(entry.item.title)
        found = front.find(title, position_in_agenda + 1)
        assert found > position_in_agenda, f"'{title}' not in agenda order on the front sheet"
        position_in_agenda = found
        heading = words(f"{entry.number}. {entry.item.title}")
        found = body.find(heading, position_in_body + 1)
        assert found > position_in_body, f"heading '{heading}' not found in order"
        position_in_body = found
