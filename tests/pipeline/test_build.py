"""The built demo pack, read back as a councillor would: front sheet, agenda pages,
footers, bookmarks, fonts, tags; and the HTML pack's structure."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pytest
from helpers import DEMO, pdf_outline, pdf_pages

from boardpack.cli import main
from boardpack.pack import agenda
from boardpack.pack import load as packfile
from boardpack.pipeline.build import build
from boardpack.pipeline.progress import Converting, Event, FileConverted, Kept, Rendering

CONFIDENTIAL_HEADER = "Confidential – not for publication "


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo") / DEMO.name
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns("build", ".history", "issued"))
    result = build(root)
    assert result.ok, [str(p) for p in result.problems]
    return root


def test_build_writes_four_files(built: Path) -> None:
    names = sorted(p.name for p in (built / "build").iterdir() if p.is_file())
    assert names == ["members.html", "members.pdf", "public.html", "public.pdf"]


def test_front_sheet_has_meeting_details(built: Path) -> None:
    first = pdf_pages(built / "build" / "members.pdf")[0]
    for expected in ("Middlehaven Borough Council", "Corporate Parenting Board",
                     "Wednesday, 20 January 2027", "2.00 pm", "Committee Room 2",
                     "Councillor Janet Okafor (Chair)", "Councillor Peter Hallam (Vice-Chair)",
                     "Sam Whitfield", "01632 960 418", "Published", "Agenda"):
        assert expected in first, expected


def test_agenda_page_numbers_point_at_item_headings(built: Path) -> None:
    pack = packfile.load(built).pack
    entries = agenda.entries(pack)
    pages = pdf_pages(built / "build" / "members.pdf")
    outline = pdf_outline(built / "build" / "members.pdf")
    assert [title for title, _, _ in outline] == [e.label for e in entries]
    listed = agenda_pages(pages[: entries[0].number + 1], [e.item.title for e in entries])
    for (title, page, depth), entry in zip(outline, entries, strict=True):
        assert depth == 0
        # The item heading is on the page the bookmark points at (opening it, for an
        # item with a report) ...
        heading = f"{entry.number}. {entry.item.title}"
        body = " ".join(pages[page - 1].split()).removeprefix(CONFIDENTIAL_HEADER)
        assert heading in body, pages[page - 1][:80]
        if entry.item.files:
            assert body.startswith(heading), pages[page - 1][:80]
        # ... and the agenda lists that page number for the item.
        assert listed[entry.number - 1] == page, (title, page)


def agenda_pages(pages: list[str], titles: list[str]) -> list[int]:
    """The page number the agenda table gives for each title, in order."""
    text = "\n".join(re.sub(r"(?m)^(Corporate Parenting Board · .*|No\. Item Page)$", "", p)
                     for p in pages)
    text = text[text.index("Agenda"):]
    starts = [text.index(f"{n} {t.split()[0]}") for n, t in enumerate(titles, start=1)]
    out = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        numbers = re.findall(r"(?<![\w/])(\d+)\s*$", text[start:end].strip())
        out.append(int(numbers[-1]) if numbers else -1)
    return out


def test_items_with_reports_start_a_page_and_short_items_run_on(built: Path) -> None:
    """Items 5, 6, 7 and 10 have reports: each opens a page. Apologies, declarations,
    minutes and voice of the child (1-4) share the first page after the agenda, and
    urgent business and the exclusion (8, 9) follow one another."""
    for edition in ("members", "public"):
        pages = pdf_pages(built / "build" / f"{edition}.pdf")
        text = [" ".join(p.split()).removeprefix(CONFIDENTIAL_HEADER) for p in pages]

        def page_of(heading: str, text: list[str] = text) -> int:
            found = [n for n, page in enumerate(text, start=1) if heading in page]
            assert len(found) == 1, (heading, found)
            return found[0]

        first = page_of("1. Apologies for absence")
        assert text[first - 1].startswith("1. Apologies for absence")
        assert {page_of(h) for h in ("2. Declarations of interest",
                                     "3. Minutes of the previous meeting",
                                     "4. Voice of the child")} == {first}
        for heading in ("5. Ofsted Monitoring Visit: feedback",
                        "6. Children's Services Improvement Programme: update",
                        "7. Social work workforce: performance indicators"):
            assert text[page_of(heading) - 1].startswith(heading)
        assert page_of("8. Any other urgent business") == page_of(
            "9. Exclusion of the press and public")
        withheld = page_of("10. Residential placements: contract award")
        if edition == "members":
            assert text[withheld - 1].startswith("10. Residential placements")
        else:  # the notice alone is no report: it runs on after the exclusion item
            assert withheld == page_of("9. Exclusion of the press and public")


def test_the_members_pack_is_shorter_than_one_page_per_item(built: Path) -> None:
    """Seventeen pages when every item had a page of its own; the four opening items now
    share one page and the two closing ones another."""
    assert len(pdf_pages(built / "build" / "members.pdf")) <= 13


def test_footer_reads_page_n_of_m(built: Path) -> None:
    pages = pdf_pages(built / "build" / "members.pdf")
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in text
        assert "Corporate Parenting Board · 20 January 2027" in text


def test_pdf_is_a4_tagged_with_embedded_fonts(built: Path) -> None:
    reader = pypdf.PdfReader(built / "build" / "members.pdf")
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - 595.28) < 1 and abs(height - 841.89) < 1
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    fonts = set()
    for page in reader.pages:
        resources = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts.add(str(font["/BaseFont"]))
    assert any("Lato" in f for f in fonts), fonts
    assert reader.metadata.title == "Corporate Parenting Board — 20 January 2027"


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.srcs: list[str] = []
        self.lang = ""
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.add(tag)
        if tag == "html":
            self.lang = a.get("lang") or ""
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")
        if a.get("src"):
            self.srcs.append(a["src"] or "")
        if tag == "link":
            self.srcs.append(a.get("href") or "")


def test_html_is_self_contained_with_contents_links(built: Path) -> None:
    pack = packfile.load(built).pack
    parser = _Html()
    parser.feed((built / "build" / "members.html").read_text(encoding="utf-8"))
    assert parser.lang == "en-GB"
    assert "script" not in parser.tags and "link" not in parser.tags
    assert all(src.startswith("data:") for src in parser.srcs)
    for entry in agenda.entries(pack):
        assert entry.item.id in parser.ids
        assert f"#{entry.item.id}" in parser.links
    css = (built / "build" / "members.html").read_text(encoding="utf-8")
    assert "@media print" in css and "@media (max-width" in css
    assert 'name="viewport"' in css


TWO_ITEMS = """
[[item]]
id = "alpha"
title = "Alpha report"
files = ["reports/alpha.md"]

[[item]]
id = "beta"
title = "Beta report"
files = ["reports/beta.md"]
"""


def test_a_build_tells_its_steps_as_typed_events_which_the_cli_prints(make_pack, capsys
                                                                      ) -> None:
    root = make_pack(TWO_ITEMS, files={"reports/alpha.md": "# A\n\nAlpha.\n",
                                       "reports/beta.md": "# B\n\nBeta.\n"})
    events: list[Event] = []
    result = build(root, formats=["html"], on_event=events.append)
    assert result.ok, result.problems
    assert events[0] == Converting(2)
    assert {e for e in events if isinstance(e, FileConverted)} == {
        FileConverted("alpha", "reports/alpha.md"), FileConverted("beta", "reports/beta.md")}
    assert [e for e in events if isinstance(e, Rendering)] == [
        Rendering("members", "html"), Rendering("public", "html")]
    again: list[Event] = []
    assert build(root, formats=["html"], on_event=again.append).ok
    assert again == [Kept(tuple(result.outputs))]

    (root / "reports" / "beta.md").write_text("# B\n\nBeta again.\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["build", str(root), "--format", "html"]) == 0
    assert capsys.readouterr().err.splitlines() == [
        "boardpack: converting reports…", "boardpack: rendering members HTML…",
        "boardpack: rendering public HTML…"]
