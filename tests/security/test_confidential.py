"""Part B stays in the members' edition: markers planted in every kind of input of an
exempt item are searched for in every public output, byte by byte.

Each marker is also looked for in the members' edition where it belongs there, so a
search that could not find anything would fail the test instead of passing it.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from helpers import MEETING, pdf_outline, pdf_pages
from helpers.contents import contents
from helpers.images import png

from boardpack import sources
from boardpack.pack import agenda
from boardpack.pack import load as packfile
from boardpack.pandoc import run as pandoc
from boardpack.pipeline.build import build

# Markers: one per way content can travel. None has a double X (a placeholder).
TEXT = "Qzvbodytext4417"
HEADING = "Qzvheading5521"
SUMMARY = "Qzvsummary6630"
FILE_NAME = "Qzvfilename7712"
ALT = "Qzvalttext8843"
IMAGE_BYTES = "Qzvimagebytes9954"
RESOLUTION = "Qzvresolution1065"
DOCX = "Qzvdocxtext2176"
DOCX_FILE_NAME = "Qzvdocxname3287"
LETTER = "Qzvletterborough"
CELL = "Qzvcell4398"
SHEET = "Qzvsheet5409"
PDF_PAGE = "Qzvpdfpage6510"
IMAGE_SIZE = (61, 17)  # an image no renderer would make by itself

# Markers that must reach the members' edition (the positive controls), by output kind,
# for each input kind whose source module is installed.
BY_KIND = {"docx": [DOCX, DOCX_FILE_NAME], "letter": [LETTER], "xlsx": [CELL, SHEET],
           "pdf": [PDF_PAGE]}
IN_MEMBERS_PDF = [TEXT, HEADING, SUMMARY, ALT] + [
    m for kind, markers in BY_KIND.items() if kind in sources.modules() for m in markers]
IN_MEMBERS_HTML = [*IN_MEMBERS_PDF, IMAGE_BYTES]
EVERY_MARKER = [TEXT, HEADING, SUMMARY, FILE_NAME, ALT, IMAGE_BYTES, RESOLUTION, DOCX,
                DOCX_FILE_NAME, LETTER, CELL, SHEET, PDF_PAGE]

LETTER_TEXT = f"""\
Ofsted\\
Piccadilly Gate\\
Manchester M1 2WD

9 November 2022

Director of Children’s Services\\
{LETTER} Metropolitan Borough Council

**Monitoring visit to {LETTER} children’s services**

This letter summarises the findings of the monitoring visit to {LETTER}
children’s services on 4 and 5 October 2022. This was the second monitoring
visit since the local authority was judged inadequate in March 2022.

## Areas covered by the visit

Inspectors reviewed the progress made for children in need of help and
protection. They looked at:

- the quality and timeliness of assessments and plans for children;
- the effectiveness of management oversight.

## What needs to improve?

- The timeliness of initial child protection conferences.
- The quality of written plans.

## Findings and evaluation of progress

Most children who need help and protection are seen promptly by social workers.

Yours sincerely

Anne Lister\\
**His Majesty’s Inspector**
"""


def docx(markdown: str) -> bytes:
    return pandoc.run(["-f", "markdown", "-t", "docx", "-o", "-"], markdown.encode("utf-8"))


def xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(["Provider", "Weekly cost"])
    sheet.append([CELL, 5400])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def typst_pdf(source: str, scratch: Path) -> bytes:
    """A PDF made by Typst from ``source``."""
    import typst

    path = scratch / "source.typ"
    path.write_text(source, encoding="utf-8")
    return typst.compile(str(path))


LONG_REPORT = "\n\n".join(
    f"Paragraph {n} of the exempt report. {TEXT} The provider's tender was assessed on "
    "quality, price and social value, with moderation by a panel of three officers."
    for n in range(1, 70))


@pytest.fixture(scope="module")
def exempt_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A pack with one public item and one exempt item fed by every kind of input."""
    root = tmp_path_factory.mktemp("confidential") / "pack"
    (root / "reports").mkdir(parents=True)
    (root / "images").mkdir()
    (root / "images" / "chart.png").write_bytes(png(*IMAGE_SIZE, IMAGE_BYTES))
    (root / "reports" / "open-report.md").write_text(
        "# Summary\n\nThe public report, which anyone may read.\n", encoding="utf-8")
    (root / "reports" / f"secret-{FILE_NAME}.md").write_text(
        f"# {HEADING}\n\n{LONG_REPORT}\n\n![{ALT} chart](../images/chart.png)\n",
        encoding="utf-8")
    files = [f'"reports/secret-{FILE_NAME}.md"']
    if "docx" in sources.modules():
        (root / "reports" / f"secret-{DOCX_FILE_NAME}.docx").write_bytes(
            docx(f"# Appendix\n\nThe bid prices: {DOCX}.\n"))
        files.append(f'"reports/secret-{DOCX_FILE_NAME}.docx"')
    if "letter" in sources.modules():
        (root / "reports" / "secret-letter.md").write_text(LETTER_TEXT, encoding="utf-8")
        files.append('{ path = "reports/secret-letter.md", kind = "letter" }')
    if "xlsx" in sources.modules():
        (root / "reports" / "secret-costs.xlsx").write_bytes(xlsx())
        files.append('"reports/secret-costs.xlsx"')
    if "pdf" in sources.modules():
        (root / "reports" / "secret-bids.pdf").write_bytes(typst_pdf(
            f"= Tender evaluation\n\nBid scores: {PDF_PAGE}.\n#pagebreak()\nSecond page.\n",
            root.parent))
        files.append('"reports/secret-bids.pdf"')
    (root / "pack.toml").write_text(MEETING + f"""
[[item]]
id = "open-report"
title = "Open report"
files = ["reports/open-report.md"]

[[item]]
id = "secret"
title = "Residential placements: contract award"
summary = "{SUMMARY} the preferred bidder"
exempt = 3
files = [{", ".join(files)}]
""", encoding="utf-8")
    (root / "resolutions.toml").write_text(
        f'[[resolution]]\nitem = "secret"\ntext = ["That the contract go to {RESOLUTION}."]\n',
        encoding="utf-8")
    loaded = packfile.load(root)
    assert not [p for p in loaded.problems if p.level == "error"], loaded.problems
    result = build(root)
    assert result.ok, result.problems
    return root / "build"


# --- the tests --------------------------------------------------------------------------


@pytest.mark.parametrize("marker", EVERY_MARKER)
def test_public_pdf_has_no_trace_of_the_exempt_item(exempt_pack: Path, marker: str) -> None:
    assert not contents(exempt_pack / "public.pdf").contains(marker)


@pytest.mark.parametrize("marker", EVERY_MARKER)
def test_public_html_has_no_trace_of_the_exempt_item(exempt_pack: Path, marker: str) -> None:
    assert not contents(exempt_pack / "public.html").contains(marker)


def test_the_search_finds_what_the_members_edition_carries(exempt_pack: Path) -> None:
    members_pdf = contents(exempt_pack / "members.pdf")
    assert [m for m in IN_MEMBERS_PDF if not members_pdf.contains(m)] == []
    members_html = contents(exempt_pack / "members.html")
    assert [m for m in IN_MEMBERS_HTML if not members_html.contains(m)] == []
    assert IMAGE_SIZE in members_pdf.image_sizes
    if "letter" in sources.modules():
        assert "Ofsted letter: summary" in "\n".join(members_pdf.texts)


def test_public_pdf_has_no_exempt_image_letter_card_or_bookmark(exempt_pack: Path) -> None:
    public = contents(exempt_pack / "public.pdf")
    assert IMAGE_SIZE not in public.image_sizes
    # The public item has no pictures, so no picture at all may reach a public output:
    # not the chart, nor the page images the HTML pack makes of an exempt PDF.
    assert public.image_sizes == set()
    assert contents(exempt_pack / "public.html").blobs == []
    members_pictures = contents(exempt_pack / "members.html").blobs
    assert len(members_pictures) >= 1 + ("pdf" in sources.modules())
    assert "Ofsted letter: summary" not in "\n".join(public.texts)
    # Bookmarks: in the public edition exactly the Part A agenda's lines; no Part B item has
    # a bookmark there (its title and notice stay on the page), while members' edition has it.
    entries = agenda.entries(packfile.load(exempt_pack.parent).pack)
    public_titles = [t for t, _, _ in pdf_outline(exempt_pack / "public.pdf")]
    assert public_titles == [e.label for e in entries if not e.item.part_b]
    members_titles = [t for t, _, _ in pdf_outline(exempt_pack / "members.pdf")]
    secret = next(e.label for e in entries if e.item.id == "secret")
    assert secret not in public_titles and secret in members_titles
    assert set(public_titles) <= set(members_titles)
    # The public edition keeps the item's place on the agenda, with the statutory notice.
    text = "\n".join(pdf_pages(exempt_pack / "public.pdf"))
    assert "Residential placements: contract award" in text
    assert "paragraph 3 of Part 1 of Schedule 12A" in text


def test_exclusion_item_comes_just_before_part_b(exempt_pack: Path) -> None:
    root = exempt_pack.parent
    entries = agenda.entries(packfile.load(root).pack)
    ids = [e.item.id for e in entries]
    assert ids.index("exclusion") == ids.index("secret") - 1
    assert ids.index("open-report") < ids.index("exclusion")
    for edition in ("members", "public"):
        text = "\n".join(pdf_pages(exempt_pack / f"{edition}.pdf")[2:])
        exclusion = text.index("Exclusion of the press and public")
        assert exclusion < text.index("Residential placements: contract award")
        assert "paragraph(s) 3" in text


MARK = "Confidential – not for publication"


def _header_marked(page_text: str) -> bool:
    return page_text.lstrip().startswith(MARK)


def test_every_part_b_page_of_the_members_pdf_is_marked(exempt_pack: Path) -> None:
    pages = pdf_pages(exempt_pack / "members.pdf")
    start = next(page for title, page, _ in pdf_outline(exempt_pack / "members.pdf")
                 if "Residential placements" in title)
    part_b = pages[start - 1:]
    assert len(part_b) >= 3, "the exempt item should run over several pages"
    assert all(_header_marked(text) for text in part_b)
    assert not any(_header_marked(text) for text in pages[:start - 1])
    assert not any(MARK in text for text in pdf_pages(exempt_pack / "public.pdf"))


def test_embedded_pdf_pages_of_a_part_b_item_are_marked(tmp_path: Path) -> None:
    """Pages placed whole from an officer's PDF (the preamble's bp-pdf-page) carry the mark too."""
    from boardpack.pandoc import ast
    from boardpack.render import pdf as pdf_renderer

    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "appendix.pdf").write_bytes(typst_pdf(
        "#set page(flipped: true)\n" + "\n#pagebreak()\n".join(
            f"Appendix page {n}" for n in range(1, 4)), tmp_path))
    blocks = [
        ast.raw_block("typst", "#bp-item-start(false, true)"),
        ast.header(1, "1. Public item", "public-item", classes=["item"]),
        ast.para("Open text."),
        ast.raw_block("typst", "#bp-item-start(true, true)"),
        ast.header(1, "2. Exempt item", "exempt-item", classes=["item"]),
        ast.para("Exempt text."),
        *[ast.raw_block("typst", f'#bp-pdf-page("media/appendix.pdf", {n}, "Appendix page {n}")')
          for n in range(1, 4)],
    ]
    document = ast.document(blocks, meta={"edition": ast.meta_string("members")})
    out = tmp_path / "members.pdf"
    out.write_bytes(pdf_renderer.render(document, tmp_path))
    pages = pdf_pages(out)
    assert not _header_marked(pages[0]) and "Open text." in pages[0]
    assert all(_header_marked(p) for p in pages[1:])
    placed = [next(i for i, p in enumerate(pages) if f"Appendix page {n}" in p)
              for n in range(1, 4)]
    assert placed == sorted(set(placed)) and placed[0] >= 1  # each on a page of its own
