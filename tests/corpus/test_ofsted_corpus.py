"""Every Ofsted publication of the shared corpus (../shared/corpus/ofsted/) is read as a
reader of the PDF reads it: the summary card's values were typed in from reading each
document (tests/data/ofsted_corpus_expected.toml says how), never from boardpack's
output. Each file is read as a pack reads it: its pages' text by PDFium as the pdf
source reads them, the pdf source's blocks, then the letter source's recognition. (The
pdf source's own check for black boxes over text, which reads these files again with
pypdf and takes about 25 times as long, is left out here: it adds warnings, not text.
The long-card test builds a pack, the whole way.)

Area SEND inspections are not inspections of children's services: they must be left
alone or recognised as what they are, and never get a card.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from helpers import CORPUS, DATA, MEETING, pdf_pages
from helpers.pdf import lowest_text, overprinted_characters

from boardpack.pipeline.build import build
from boardpack.sources import Context, Converted, letter, pdf
from boardpack.sources.letter import dates, ofsted
from boardpack.sources.pdf import pdfium

FOLDER = CORPUS / "ofsted"
EXPECTED: dict[str, dict[str, Any]] = tomllib.loads(
    (DATA / "ofsted_corpus_expected.toml").read_text(encoding="utf-8"))
LISTS = {"areas": "areas_covered", "strengths": "strengths", "improvements": "improvements",
         "priority_actions": "priority_actions",
         "lscb_recommendations": "lscb_recommendations"}


def key(text: str) -> str:
    """Letters and digits only, in lower case ("&" as "and"): how values are compared."""
    return re.sub(r"[^a-z0-9]", "", text.lower().replace("&", "and"))


def context(name: str) -> Context:
    return Context(pack_root=FOLDER, pack="corpus", item="ofsted", file=name,
                   options={"page_images": 0})


@cache
def converted(name: str) -> Converted:
    """The file as the pdf source converts it (cached for the tests of this module)."""
    data = (FOLDER / name).read_bytes()
    with pdfium.open_document(data, max_pages=1000) as document:
        pages = []
        for index in range(document.count):
            with pdfium._loaded(document, index) as page:
                pages.append(pdfium.read_page(page, index))
    ctx = context(name)
    return ctx.result(pdf.blocks(pdf.Inspection(pages=pages), data, ctx))


@cache
def recognised(name: str) -> Converted:
    """The conversion after the letter source has looked for a letter in it."""
    return letter.recognise(converted(name), "pdf", context(name))


def read(name: str) -> ofsted.Letter | None:
    meta = recognised(name).meta.get("ofsted")
    return ofsted.Letter.from_json(meta) if meta else None


def checks(expected: dict[str, Any], found: ofsted.Letter | None) -> list[tuple[str, str]]:
    """Every expected value of one document, each with what is wrong with the reader's
    value ("" when it is right). ``bench/ofsted_corpus.py`` counts them."""
    out: list[tuple[str, str]] = []

    def same(label: str, got: object, want: object) -> None:
        out.append((label, "" if got == want else f"got {got!r}, expected {want!r}"))

    if expected["kind"] == ofsted.SEND:
        same("not read as a children's services letter",
             found is None or found.kind == ofsted.SEND, True)
        return out
    if found is None:  # every value is wrong
        found = ofsted.Letter(kind="not recognised", local_authority="")
    same("kind", (found.kind, found.framework, found.reinspection),
         (expected["kind"], expected.get("framework", ""), expected.get("reinspection", False)))
    same("local authority", key(found.local_authority), key(expected["local_authority"]))
    same("visit start", found.visit_start, expected["visit_start"])
    same("visit end", found.visit_end, expected["visit_end"])
    same("published", found.published, expected.get("published"))
    grades = {key(j.area): j.grade for j in found.judgements}
    for area, grade in expected["judgements"]:
        same(f"judgement {area}", grades.get(key(area)), grade)
    same("no other judgements", len(found.judgements), len(expected["judgements"]))
    for name, attribute in LISTS.items():
        want = expected.get(name)
        if want is None:
            continue
        items = getattr(found, attribute)
        same(f"{name}: how many", len(items), want["count"])
        if not want["count"]:
            continue
        for part, index in (("first", 0), ("last", -1)):
            item = items[index] if items else ""
            out.append((f"{name}: {part}", "" if key(item).startswith(key(want[part])) else
                        f"{item[:90]!r}… does not start {want[part]!r}"))
        if "last_end" in want:
            item = items[-1] if items else ""
            out.append((f"{name}: end of the last", "" if key(item).endswith(
                key(want["last_end"])) else f"…{item[-90:]!r} does not end {want['last_end']!r}"))
    for phrase in expected.get("areas_contain", []):
        out.append((f"areas covered: {phrase}", "" if any(
            key(phrase) in key(area) for area in found.areas_covered) else
            f"{found.areas_covered!r} do not say it"))
    return out


@pytest.fixture(autouse=True)
def _corpus_present() -> None:
    if not FOLDER.is_dir():
        pytest.skip("../shared/corpus/ofsted is not present beside the project")


def test_every_corpus_document_has_its_expected_values() -> None:
    assert sorted(p.name for p in FOLDER.glob("*.pdf")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items()
                                        if e["kind"] != ofsted.SEND))
def test_the_card_says_what_the_document_says(name: str) -> None:
    found = read(name)
    assert [f"{label}: {wrong}" for label, wrong in checks(EXPECTED[name], found) if wrong] == []
    blocks = recognised(name).blocks
    assert blocks[0]["t"] == "RawBlock" and "bp-ofsted-card" in blocks[0]["c"][1]


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items()
                                        if e["kind"] == ofsted.SEND))
def test_an_area_send_inspection_is_recognised_as_one_and_gets_no_card(name: str) -> None:
    assert [wrong for _, wrong in checks(EXPECTED[name], read(name)) if wrong] == []
    converted = recognised(name)
    assert not any(b["t"] == "RawBlock" and "bp-ofsted-card" in b["c"][1]
                   for b in converted.blocks)
    assert "ofsted" not in converted.meta
    expected = EXPECTED[name]
    [note] = [n.message for n in converted.notes if "Ofsted" in n.message]
    assert note.startswith("Ofsted area SEND inspection report (Ofsted and the CQC) recognised: "
                           f"{expected['local_authority']}")
    assert "not an inspection of children's services, so it has no summary card" in note
    assert f"inspection {dates.range_text(expected['visit_start'], expected['visit_end'])}" in (
        note)


def test_a_long_card_continues_on_the_next_page_and_never_runs_over_the_footer(
        tmp_path: Path) -> None:
    """A JTAI letter with 58 strengths and 26 areas for improvement: its card takes more
    than a page, so it breaks over pages; every page keeps its footer clear."""
    name = "jtai-portsmouth-2020.pdf"
    root = tmp_path / "p"
    (root / "letters").mkdir(parents=True)
    (root / "letters" / name).write_bytes((FOLDER / name).read_bytes())
    (root / "pack.toml").write_text(MEETING + f"""
[[item]]
id = "jtai"
title = "Joint targeted area inspection"
files = [{{ path = "letters/{name}", kind = "letter" }}]
""", encoding="utf-8")
    result = build(root, editions=["members"], formats=["pdf"])
    assert result.ok, result.problems
    pdf = root / "build" / "members.pdf"
    pages = [" ".join(page.split()) for page in pdf_pages(pdf)]
    first = next(i for i, p in enumerate(pages) if "Ofsted letter: summary" in p)
    letter_starts = next(i for i, p in enumerate(pages) if "Dear local partnership" in p)
    card = pages[first:letter_starts]
    assert len(card) >= 2
    # the last strength and the last area for improvement, on a later page than the first
    assert "Inspectors saw evidence of effective multi-agency meetings" not in card[0]
    assert any("Inspectors saw evidence of effective multi-agency meetings" in p
               for p in card[1:])
    assert "There is insufficient assessment and intervention for some brothers" in card[-1]
    assert "letter itself follows" in card[-1]
    for number, page in enumerate(card, start=first + 1):
        assert f"Page {number} of {len(pages)}" in page
    assert lowest_text(pdf, range(first, letter_starts), FOOTER) > FOOTER_TOP
    assert [c for c in overprinted_characters(pdf) if first < c[0] <= letter_starts] == []


FOOTER = r"Page \d+ of \d+|Test Committee · 17 March 2027"
FOOTER_TOP = 60.0  # points from the page's foot: the footer's line is below, the text above
