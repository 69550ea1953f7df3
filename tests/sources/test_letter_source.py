"""Ofsted letters in a pack: marked or recognised, a summary card before the letter,
what was recognised shown by ``check``, and the letter's own pages after the card."""

from __future__ import annotations

import json
import re
from pathlib import Path

import letter_variants as variants
import pytest
from helpers import pdf_pages
from helpers.pdf import lowest_text, overprinted_characters

from boardpack import cli
from boardpack.model import SourceRef
from boardpack.pipeline.build import build
from boardpack.pipeline.check import check
from boardpack.pipeline.convert import source_key
from boardpack.problems import Level
from boardpack.sources import letter, md, modules
from boardpack.sources.letter import ofsted

MARKED = """\
[[item]]
id = "ofsted"
title = "Ofsted focused visit"
files = [{ path = "letters/focused.md", kind = "letter" }]
"""


def needs(kind: str) -> None:
    if kind not in modules():
        pytest.skip(f"the {kind} source module is not in this tree yet")


def members(root: Path, formats: tuple[str, ...] = ("pdf", "html")) -> Path:
    result = build(root, editions=["members"], formats=list(formats))
    assert result.ok, result.problems
    return root / "build"


def test_a_marked_letter_gets_a_summary_card_on_its_own_page_before_the_letter(
        make_pack) -> None:
    root = make_pack(MARKED, {"letters/focused.md": variants.markdown("focused_visit")})
    out = members(root)
    pages = [" ".join(p.split()) for p in pdf_pages(out / "members.pdf")]
    card = next(i for i, p in enumerate(pages) if "Ofsted letter: summary" in p)
    start = next(i for i, p in enumerate(pages) if "Dear Sam" in p)
    assert card < start
    for words in ("Focused visit letter", "Westmarsh", "7–8 December 2023", "24 January 2024",
                  "No grades (focused visits are not graded)", "Areas for priority action",
                  "The quality and consistency of life-story work."):
        assert words in pages[card]
    assert "Dear Sam" not in pages[card] and "Main findings" not in pages[card]
    html = (out / "members.html").read_text(encoding="utf-8")
    assert html.index("Ofsted letter: summary") < html.index("Dear Sam")
    assert re.search(r'class="[^"]*\bofsted-summary\b', html) and "pagebreak" not in html


def test_the_card_is_never_split_across_pages(make_pack) -> None:
    items, files = [], {"letters/focused.md": variants.markdown("focused_visit")}
    for lines in (14, 22, 30):  # reports that leave less and less room on their last page
        items.append(f"""
            [[item]]
            id = "item-{lines}"
            title = "Report {lines}"
            files = ["reports/r{lines}.md", {{ path = "letters/focused.md", kind = "letter" }}]
            """)
        files[f"reports/r{lines}.md"] = "\n\n".join(
            f"Paragraph {n} of the officer's report, long enough to take a full line." for n in
            range(lines))
    root = make_pack("".join(items), files)
    pages = [" ".join(p.split()) for p in pdf_pages(members(root, ("pdf",)) / "members.pdf")]
    cards = [p for p in pages if "Ofsted letter: summary" in p]
    assert len(cards) == 3
    assert all("the letter itself follows" in p and "Dear Sam" not in p for p in cards)


def test_a_card_longer_than_a_page_continues_on_the_next_and_keeps_the_footer_clear(
        make_pack) -> None:
    items = "\n".join(f"- Area {n}: the timeliness and quality of the work that needs doing, "
                      "which takes a line or more on the card." for n in range(1, 61))
    source = variants.markdown("focused_visit").decode().replace(
        "## What needs to improve", f"## What needs to improve\n\n{items}\n\n## Old list", 1)
    root = make_pack(MARKED, {"letters/focused.md": source})
    pdf = members(root, ("pdf",)) / "members.pdf"
    pages = [" ".join(p.split()) for p in pdf_pages(pdf)]
    first = next(i for i, p in enumerate(pages) if "Ofsted letter: summary" in p)
    start = next(i for i, p in enumerate(pages) if "Dear Sam" in p)
    assert start - first >= 2  # the card took more than a page
    assert "Area 1:" in pages[first] and "Area 60:" not in pages[first]
    assert "Area 60:" in pages[start - 1] and "letter itself follows" in pages[start - 1]
    for number in range(first, start):
        assert f"Page {number + 1} of {len(pages)}" in pages[number]
    assert lowest_text(pdf, range(first, start), r"Page \d+ of \d+|Test Committee.*") > 60
    assert [c for c in overprinted_characters(pdf) if first < c[0] <= start] == []


def test_check_prints_what_was_recognised(make_pack, capsys) -> None:
    root = make_pack(MARKED, {"letters/focused.md": variants.markdown("focused_visit")})
    assert cli.main(["check", str(root)]) == 0
    err = capsys.readouterr().err
    assert ("info: p: item 'ofsted': letters/focused.md: Ofsted focused visit letter "
            "recognised: Westmarsh, visit 7–8 December 2023, published 24 January 2024, "
            "no grades (focused visits are not graded), 1 area covered, 1 area for priority "
            "action, 4 areas for improvement") in err
    assert "0 error(s), 0 warning(s)" in err


def test_the_recognised_summary_is_in_the_conversion_meta_and_survives_the_cache(
        make_pack) -> None:
    root = make_pack(MARKED, {"letters/focused.md": variants.markdown("focused_visit")})
    for _ in range(2):  # the second time from the cache
        result = check(root)
        meta = result.converted.by_file[("ofsted", "letters/focused.md")].meta["ofsted"]
        found = ofsted.Letter.from_json(json.loads(json.dumps(meta)))
        assert (found.kind, found.local_authority, found.visit_dates) == (
            ofsted.FOCUSED, "Westmarsh", "7–8 December 2023")
        info = [p for p in result.problems if p.level is Level.INFO and "recognised" in p.message]
        assert len(info) == 1


def test_an_unmarked_markdown_inspection_report_is_recognised_from_its_text(make_pack) -> None:
    root = make_pack("""\
        [[item]]
        id = "ilacs"
        title = "Inspection of children's services"
        """, {"reports/ilacs-inspection-report.md": variants.markdown("ilacs_inspection")})
    html = (members(root, ("html",)) / "members.html").read_text(encoding="utf-8")
    card = html[html.index("Ofsted letter: summary"): html.index("letter itself follows")]
    assert "Inspection report (ILACS)" in card and "Northfield" in card
    assert card.index("Overall effectiveness") < card.index("Requires improvement to be good")
    assert "<td>Inadequate</td>" in card


def test_an_unmarked_word_letter_is_recognised(make_pack) -> None:
    needs("docx")
    root = make_pack("""\
        [[item]]
        id = "jtai"
        title = "Joint targeted area inspection"
        """, {"reports/jtai-letter.docx": variants.docx(variants.markdown("jtai_letter"))})
    result = check(root)
    meta = result.converted.by_file[("jtai", "reports/jtai-letter.docx")].meta["ofsted"]
    assert (meta["kind"], meta["local_authority"], meta["visit_dates"]) == (
        ofsted.JTAI, "Riverton", "5–9 February 2024")
    assert meta["strengths"][0] == (
        "Leaders across the partnership share a clear vision for early help.")


def test_a_pdf_letter_has_its_card_then_its_own_pages(make_pack) -> None:
    needs("pdf")
    data = variants.pdf(variants.markdown("monitoring_visit"), footer="Eastbrook monitoring")
    root = make_pack("""\
        [[item]]
        id = "monitoring"
        title = "Ofsted monitoring visit"
        files = [{ path = "letters/monitoring.pdf", kind = "letter" }]

        [[item]]
        id = "sif"
        title = "Inspection report, 2015"
        """, {"letters/monitoring.pdf": data,
              "reports/sif-report.pdf": variants.pdf(variants.markdown("sif_inspection"))})
    result = check(root)
    assert not result.errors, result.errors
    for key, la in ((("monitoring", "letters/monitoring.pdf"), "Eastbrook"),
                    (("sif", "reports/sif-report.pdf"), "Southvale")):
        assert result.converted.by_file[key].meta["ofsted"]["local_authority"] == la
    pages = [" ".join(p.split()) for p in pdf_pages(members(root, ("pdf",)) / "members.pdf")]
    card = next(i for i, p in enumerate(pages) if "Eastbrook" in p and "summary" in p)
    assert "Visit dates 4–5 October 2022" in pages[card]
    assert "Dear Jo" not in pages[card] and "Dear Jo" in pages[card + 1]


def test_in_the_demo_pack_the_letter_gets_a_card_and_the_report_about_it_does_not(
        demo_pack) -> None:
    result = check(demo_pack)
    report = result.converted.by_file[("ofsted-monitoring-visit",
                                       "reports/ofsted-monitoring-visit.md")]
    assert "ofsted" not in report.meta and report.blocks[0]["t"] != "RawBlock"
    letter_pdf = "reports/ofsted-monitoring-visit-letter.pdf"
    if not (demo_pack / letter_pdf).is_file():
        pytest.skip("the demo pack has no Ofsted letter yet")
    needs("pdf")
    meta = result.converted.by_file[("ofsted-monitoring-visit", letter_pdf)].meta["ofsted"]
    assert {k: meta[k] for k in ("kind", "local_authority", "visit_dates", "published")} == {
        "kind": ofsted.MONITORING, "local_authority": "Middlehaven",
        "visit_dates": "1–2 December 2026", "published": "2027-01-14"}
    assert meta["areas_covered"] == ["matching, placement and decision-making for children in care",
                                     "planning and achieving permanence for children."]
    assert meta["headline"].startswith("Senior leaders know their services well.")
    assert meta["headline"].endswith("at a better pace.")  # the first paragraph only
    assert [p.message for p in result.problems if p.file == letter_pdf] == [
        "Ofsted monitoring visit letter recognised: Middlehaven, visit 1–2 December 2026, "
        "published 14 January 2027, no grades (monitoring visits are not graded), "
        "2 areas covered"]


def test_a_marked_file_that_is_not_a_letter_is_kept_with_a_warning(make_pack) -> None:
    root = make_pack(MARKED, {"letters/focused.md": variants.markdown("not_ofsted")})
    result = check(root)
    assert [p.message for p in result.warnings] == [
        "marked as an Ofsted letter, but boardpack did not recognise it as one, so it has no "
        "summary card"]
    converted = result.converted.by_file[("ofsted", "letters/focused.md")]
    assert "ofsted" not in converted.meta
    assert "legacy of absent or poor planning" in letter.plain_text(converted.blocks)


def test_a_letter_in_a_format_boardpack_cannot_read_as_a_letter_is_a_clear_error(
        make_pack) -> None:
    root = make_pack("""\
        [[item]]
        id = "ofsted"
        title = "Ofsted letter"
        files = [{ path = "letters/letter.xlsx", kind = "letter" }]
        """, {"letters/letter.xlsx": b"PK\x03\x04 not really"})
    [error] = check(root).errors
    assert str(error) == (
        "error: p: item 'ofsted': letters/letter.xlsx: an Ofsted letter should be a PDF, Word "
        "(.docx) or Markdown file — save or export the letter as PDF")


def test_a_part_b_letter_stays_out_of_the_public_edition(make_pack) -> None:
    root = make_pack(MARKED.replace('kind = "letter" }]', 'kind = "letter" }]\nexempt = 3'),
                     {"letters/focused.md": variants.markdown("focused_visit")})
    result = build(root, formats=["html"])
    assert result.ok, result.problems
    members_html = (root / "build" / "members.html").read_text(encoding="utf-8")
    public_html = (root / "build" / "public.html").read_text(encoding="utf-8")
    assert "Ofsted letter: summary" in members_html and "Westmarsh" in members_html
    assert "Ofsted letter: summary" not in public_html and "Westmarsh" not in public_html


def test_cached_conversions_depend_on_the_letter_reader(monkeypatch) -> None:
    ref = SourceRef(path="reports/x.md", kind="md")
    keys = [(source_key("md", b"text", ref), source_key("letter", b"text", ref))]
    monkeypatch.setattr(letter, "VERSION", letter.VERSION + 1)
    keys.append((source_key("md", b"text", ref), source_key("letter", b"text", ref)))
    monkeypatch.setattr(md, "VERSION", md.VERSION + 1)
    keys.append((source_key("md", b"text", ref), source_key("letter", b"text", ref)))
    assert len({md_key for md_key, _ in keys}) == 3  # recognition is part of every md key
    assert len({letter_key for _, letter_key in keys}) == 3  # a letter is read by md too


def test_plain_text_keeps_the_lines_a_parser_needs() -> None:
    from boardpack.pandoc import run as pandoc

    blocks = pandoc.read(b"# Title\n\nPara one\nwraps.\n\n- a\n- b\n\n| x | y |\n|---|---|\n"
                         b"| 1 | 2 |\n\nNote here.[^1]\n\n[^1]: footnote text\n",
                         md.FORMAT)["blocks"]
    assert letter.plain_text(blocks) == (
        "Title\n\nPara one wraps.\n\n• a\n• b\n\nx | y\n1 | 2\n\nNote here.\n")
