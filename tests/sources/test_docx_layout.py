"""Word reports as Word shows them: list numbers (1.1, 3.3, D.2.1, (a)), text boxes of
every kind, simple fields, alternative-format chunks, cell shading, page headers and
footers, a title that repeats the item's, and warnings for what cannot be shown.

Each .docx is written part by part as Word writes it (``helpers.wordxml``); the
expected numbers are worked out here from the numbering definitions, as Word counts
them. One pack holds them all; its PDF is read back with pypdf (and a page drawn with
pdfium to see a cell's colour), its HTML with the standard library's parser.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pypdf
import pypdfium2
import pytest
from helpers import MEETING, pdf_text
from helpers.html import Elements
from helpers.wordxml import (
    HEADING_STYLE,
    alternate_box,
    cell,
    docx,
    drawing_box,
    header_part,
    level,
    numbering,
    p,
    run_xml,
    section,
    table,
    vml_box,
)

from boardpack.pipeline.build import build
from boardpack.pipeline.check import check
from boardpack.problems import Level
from boardpack.sources import Context, md
from boardpack.sources import docx as docx_source

OUTLINE = level(0, "%1.", extra="<w:rPr><w:b/></w:rPr>") + level(1, "%1.%2") + \
    level(2, "%1.%2.%3")
NUMBERING = numbering(
    {1: OUTLINE,
     2: level(0, "D.%1") + level(1, "D.%1.%2"),
     3: level(0, "(%1)", "lowerLetter"),
     5: level(0, "%1.") + level(1, "%1.%2", extra='<w:lvlRestart w:val="0"/>'),
     9: level(0, "%1.", extra='<w:pStyle w:val="Heading1"/>') + level(1, "%1.%2")},
    {1: 1, 2: 2, 3: 3, 5: 5, 6: 1, 9: 9,
     7: (1, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>')})
NUMBERED = "".join([
    p("Introduction", num=(1, 0)),
    p("Alpha paragraph.", num=(1, 1)),
    p("Beta paragraph.", num=(1, 1)),
    p("A sub-heading without a number", bold=True),
    p("Gamma paragraph.", num=(1, 1)),
    table([cell("Cell one"), cell("Cell two")]),
    p("Delta paragraph.", num=(1, 2)),
    p("Options", num=(1, 0)),
    p("Epsilon paragraph.", num=(1, 1)),
    p("Zeta paragraph, same list under another number id.", num=(6, 1)),
    p("Restarted", num=(7, 0)),
    p("Eta paragraph.", num=(7, 1)),
    p("Background", num=(2, 0)),
    p("Theta paragraph.", num=(2, 1)),
    p("Iota paragraph.", num=(2, 1)),
    p("Kappa section", num=(2, 0)),
    p("Lambda decision;", num=(3, 0)),
    p("Mu decision.", num=(3, 0)),
    p("Nu", num=(5, 0)),
    p("Xi paragraph.", num=(5, 1)),
    p("Omicron", num=(5, 0)),
    p("Pi paragraph, level two never restarts.", num=(5, 1)),
    p("Scope", style="Heading1"),
    p("Rho paragraph.", num=(9, 1)),
    p("A paragraph of a list the file does not define.", num=(99, 0)),
])
STYLES = HEADING_STYLE.replace("<w:pPr>", '<w:pPr><w:numPr><w:numId w:val="9"/></w:numPr>')
# As Word numbers them: continuing after the sub-heading and the table, sharing the
# counts of list 1 under number id 6, restarting under number id 7 (a start override),
# never restarting level two of list 5, and the Heading 1 style's list.
EXPECTED = [("1.", "Introduction"), ("1.1", "Alpha paragraph."), ("1.2", "Beta paragraph."),
            ("1.3", "Gamma paragraph."), ("1.3.1", "Delta paragraph."), ("2.", "Options"),
            ("2.1", "Epsilon paragraph."), ("2.2", "Zeta paragraph"), ("1.", "Restarted"),
            ("1.1", "Eta paragraph."), ("D.1", "Background"), ("D.1.1", "Theta paragraph."),
            ("D.1.2", "Iota paragraph."), ("D.2", "Kappa section"), ("(a)", "Lambda decision;"),
            ("(b)", "Mu decision."), ("1.", "Nu"), ("1.1", "Xi paragraph."), ("2.", "Omicron"),
            ("2.2", "Pi paragraph"), ("1.", "Scope"), ("1.1", "Rho paragraph.")]

LISTS = "".join([
    p("Sigma item", num=(4, 0)), p("Tau item", num=(4, 0)),
    p("An ordinary paragraph between the items."),
    p("Upsilon item", num=(4, 0)), p("Phi sub-item", num=(4, 1)), p("Chi item", num=(4, 0)),
    p("Psi item", num=(10, 0)), p("Omega item", num=(10, 0)),
])
LISTS_NUMBERING = numbering({4: level(0, "%1.") + level(1, "%2.", "lowerLetter"),
                             10: level(0, "%1.", "upperRoman", start=4)}, {4: 4, 10: 10})

FIELD = ('<w:fldSimple w:instr=" DOCPROPERTY Department "><w:r><w:t>Childrens Services'
         '</w:t></w:r></w:fldSimple>')
LINK = ('<w:fldSimple w:instr=" HYPERLINK &quot;https://example.org/plan&quot; "><w:r>'
        '<w:t>the plan online</w:t></w:r></w:fldSimple>')
BOXES = "".join([
    p("Anchor one words.", extra=vml_box("Vml box line.")), p("After one."),
    p("Anchor two words.", extra=drawing_box("Drawing box line.")), p("After two."),
    p("Anchor three words.", extra=alternate_box("Alternate box line.")), p("After three."),
    p("Prepared by ", extra=FIELD + run_xml(" and published as ") + LINK),
])

SHADED = table(
    [cell("Risk", "1F3864"), cell("Status", "1F3864"), cell("Note", "1F3864")],
    [cell("Recruitment"), cell("", "D4351C"), cell("Agency use")],
    [cell("Budget"), cell("", "00703C"), cell("On plan")],
    [cell("Premises"), cell("High", "FFC000"), cell("Roof")],
    [cell("Other"), cell("4,100", "FFF2CC"), cell("Highlighted total")],
)

TABLE_STYLE = ('<w:style w:type="table" w:styleId="GridTable4"><w:name w:val="Grid Table 4"/>'
               '<w:tblStylePr w:type="firstRow"><w:tcPr><w:shd w:val="clear" w:color="auto" '
               'w:fill="4472C4"/></w:tcPr></w:tblStylePr><w:tblStylePr w:type="band1Horz">'
               '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="D9E2F3"/></w:tcPr>'
               "</w:tblStylePr></w:style>")
STYLED = table([cell("Quarter"), cell("Spend")], [cell("Q1 styled"), cell("£1.2m")],
               [cell("Q2 styled"), cell("£1.4m")], [cell("Q3 styled"), cell("£1.1m")]).replace(
    "<w:tblPr/>", '<w:tblPr><w:tblStyle w:val="GridTable4"/><w:tblLook w:firstRow="1" '
    'w:firstColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>')

PAGE = '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
PAGES = '<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>3</w:t></w:r></w:fldSimple>'
HEADER = header_part(
    '<w:p><w:r><w:t>Key Decision: Yes</w:t><w:tab/><w:t>Part A – public report</w:t></w:r>'
    '<w:r><w:pict><v:shape><v:imagedata r:id="rIdLogo"/></v:shape></w:pict></w:r>'
    '<w:r><w:pict><v:shape><v:textpath string="DRAFT"/></v:shape></w:pict></w:r></w:p>')
FOOTER = header_part(f'<w:p>{run_xml("Test Committee – 17 March 2027 – Page ")}{PAGE}'
                     f'{run_xml(" of ")}{PAGES}</w:p>', kind="ftr")
FIRST_HEADER = header_part(p("Report of the Director of Finance"))
TITLED = "".join([
    p("TEST COMMITTEE", bold=True), p("Item 7: Quarterly Budget Report", bold=True),
    p("The budget is on track."),
    section('<w:headerReference w:type="default" r:id="rIdH1"/>',
            '<w:headerReference w:type="first" r:id="rIdH2"/>',
            '<w:headerReference w:type="even" r:id="rIdH3"/>',
            '<w:footerReference w:type="default" r:id="rIdF1"/>', title_page=True),
])
PAGE_PARTS = {"word/header1.xml": HEADER, "word/header2.xml": FIRST_HEADER,
              "word/header3.xml": header_part(p("Even page header, not shown")),
              "word/footer1.xml": FOOTER}
PAGE_RELS = [("rIdH1", "header", "header1.xml"), ("rIdH2", "header", "header2.xml"),
             ("rIdH3", "header", "header3.xml"), ("rIdF1", "footer", "footer1.xml")]

CHART = ('<w:r><w:drawing><wp:inline><wp:extent cx="5000000" cy="3000000"/><wp:docPr id="3" '
         'name="Chart 3" descr="Arrears by quarter"/><a:graphic><a:graphicData uri="http://'
         'schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.'
         'openxmlformats.org/drawingml/2006/chart" r:id="rIdChart"/></a:graphicData></a:graphic>'
         "</wp:inline></w:drawing></w:r>")
SMARTART = CHART.replace("drawingml/2006/chart", "drawingml/2006/diagram").replace(
    'descr="Arrears by quarter"', 'descr="Referral pathway"').replace(
    "c:chart", "dgm:relIds").replace("xmlns:c", "xmlns:dgm")
OBJECT = ('<w:r><w:object><v:shape id="o1" style="width:76pt;height:48pt"/><o:OLEObject '
          'Type="Embed" ProgID="Excel.Sheet.12" ShapeID="o1" r:id="rIdObject"/></w:object></w:r>')
INK = '<w:r><w14:contentPart r:id="rIdInk"/></w:r>'
OBJECTS = "".join([p("Before the chart.", extra=CHART), p("A diagram:", extra=SMARTART),
                   p("A worksheet:", extra=OBJECT), p("A note:", extra=INK)])

CHUNK_TYPES = {"/word/chunk1.htm": "text/html", "/word/chunk2.rtf": "application/rtf",
               "/word/chunk3.txt": "text/plain", "/word/chunk4.mht": "message/rfc822",
               "/word/chunk5.docx": "application/vnd.openxmlformats-officedocument."
                                    "wordprocessingml.document"}
CHUNKS = "".join([p("Before the chunks."), '<w:altChunk r:id="rIdC1"/>', p("Between chunks."),
                  '<w:altChunk r:id="rIdC2"/>', '<w:altChunk r:id="rIdC3"/>',
                  '<w:altChunk r:id="rIdC4"/>', '<w:altChunk r:id="rIdC5"/>',
                  p("After the chunks.")])


def chunk_parts() -> dict[str, bytes | str]:
    return {"word/chunk1.htm": "<html><body><h1>Chunk heading</h1><p>Html chunk words "
                               "<b>in bold</b>.</p><script>alert(1)</script></body></html>",
            "word/chunk2.rtf": r"{\rtf1\ansi{\fonttbl\f0 Arial;}\f0 Rtf chunk words.\par}",
            "word/chunk3.txt": "Plain chunk words.\r\n\r\nSecond plain paragraph.",
            "word/chunk4.mht": "MIME-Version: 1.0\r\n\r\nArchived words",
            "word/chunk5.docx": docx(p("Nested Word chunk words."))}


FILES = {
    "numbers.docx": docx(NUMBERED, numbering_xml=NUMBERING, styles=STYLES),
    "lists.docx": docx(LISTS, numbering_xml=LISTS_NUMBERING),
    "boxes.docx": docx(BOXES),
    "shading.docx": docx(SHADED + STYLED, styles=TABLE_STYLE),
    "pages.docx": docx(TITLED, parts=PAGE_PARTS, rels=PAGE_RELS),
    "objects.docx": docx(OBJECTS),
    "chunks.docx": docx(CHUNKS, parts=chunk_parts(), types=CHUNK_TYPES, rels=[
        (f"rIdC{i}", "aFChunk", name.removeprefix("/word/")) for i, name in
        enumerate(CHUNK_TYPES, start=1)]),
}
TITLES = {"pages.docx": "Quarterly budget report"}


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("word-layout") / "layout"
    (root / "reports").mkdir(parents=True)
    items = []
    for name, data in FILES.items():
        (root / "reports" / name).write_bytes(data)
        stem = name.removesuffix(".docx")
        items.append(f'[[item]]\nid = "{stem}"\ntitle = "{TITLES.get(name, f"Report {stem}")}"'
                     f'\nfiles = ["reports/{name}"]\n')
    (root / "pack.toml").write_text(MEETING + "\n".join(items), encoding="utf-8")
    checked = check(root)
    result = build(root, editions=["members"])
    assert result.ok, [str(p) for p in result.problems]
    pdf = root / "build" / "members.pdf"
    html = (root / "build" / "members.html").read_text(encoding="utf-8")
    return {"root": root, "pdf": pdf, "text": " ".join(pdf_text(pdf).split()),
            "html": Elements(html), "raw": html, "problems": checked.problems}


def warnings(pack: dict[str, Any], name: str) -> list[str]:
    return [p.message for p in pack["problems"]
            if p.level is Level.WARNING and p.file == f"reports/{name}"]


def in_order(text: str, phrases: list[str]) -> None:
    """Every phrase is in ``text``, in this order."""
    position = 0
    for phrase in phrases:
        found = text.find(phrase, position)
        assert found >= 0, (phrase, text[position:position + 300])
        position = found + len(phrase)


# --- list numbers -------------------------------------------------------------------

def test_multi_level_numbers_are_as_word_shows_them_in_the_pdf(pack: dict[str, Any]) -> None:
    in_order(pack["text"], [f"{number} {words}" for number, words in EXPECTED])


def test_multi_level_numbers_are_as_word_shows_them_in_the_html(pack: dict[str, Any]) -> None:
    shown = pack["html"].texts("p") + pack["html"].texts("h2")
    for number, words in EXPECTED:
        assert any(t.startswith(f"{number} {words}") for t in shown), (number, words)
    assert "Scope" not in " ".join(pack["html"].texts("li"))
    undefined = "A paragraph of a list the file does not define."
    assert undefined in shown and undefined not in pack["html"].texts("li")


def test_a_numbered_heading_stays_a_heading_with_its_number(pack: dict[str, Any]) -> None:
    assert "1. Scope" in pack["html"].texts("h2")


def test_lists_pandoc_can_write_start_where_word_counts(pack: dict[str, Any]) -> None:
    in_order(pack["text"], ["1. Sigma item", "2. Tau item", "An ordinary paragraph",
                            "3. Upsilon item", "a. Phi sub-item", "4. Chi item",
                            "IV. Psi item", "V. Omega item"])
    starts = [(attrs.get("start"), attrs.get("type"), text) for tag, attrs, text
              in pack["html"].found if tag == "ol"]
    assert any(start == "3" and text.startswith("Upsilon item") for start, _, text in starts)
    assert any(start == "4" and kind == "I" and text.startswith("Psi item")
               for start, kind, text in starts)
    assert {"Sigma item", "Tau item", "Chi item"} <= {
        t.split(" Phi")[0] for t in pack["html"].texts("li")}


# --- text boxes and fields ----------------------------------------------------------

@pytest.mark.parametrize(("anchor", "box", "after"), [
    ("Anchor one words.", "Vml box line.", "After one."),
    ("Anchor two words.", "Drawing box line.", "After two."),
    ("Anchor three words.", "Alternate box line.", "After three."),
])
def test_text_boxes_keep_their_text_after_their_anchor(pack: dict[str, Any], anchor: str,
                                                       box: str, after: str) -> None:
    in_order(pack["text"], [anchor, box, after])
    assert pack["text"].count(box) == 1
    assert box in pack["html"].texts("div", class_="text-box")
    assert anchor in pack["html"].texts("p")


def test_simple_field_results_are_kept(pack: dict[str, Any]) -> None:
    assert "Prepared by Childrens Services and published as the plan online" in pack["text"]
    links = [(attrs.get("href"), text) for tag, attrs, text in pack["html"].found if tag == "a"]
    assert ("https://example.org/plan", "the plan online") in links


# --- shading ------------------------------------------------------------------------

def cell_styles(pack: dict[str, Any]) -> dict[str, str]:
    return {text: attrs.get("style", "") for tag, attrs, text in pack["html"].found
            if tag in ("td", "th")}


def test_shaded_cells_keep_their_colour_in_the_html(pack: dict[str, Any]) -> None:
    styles = cell_styles(pack)
    assert "background-color:#1F3864" in styles["Risk"].replace(" ", "")
    assert "color:#FFFFFF" in styles["Risk"].replace(" ", "")  # white on navy, legible
    assert "background-color:#FFF2CC" in styles["4,100"].replace(" ", "")
    assert "background-color:#D4351C" in styles["Red"].replace(" ", "")


def test_a_table_style_shades_its_heading_row_and_bands(pack: dict[str, Any]) -> None:
    styles = cell_styles(pack)
    assert "background-color:#4472C4" in styles["Quarter"].replace(" ", "")
    assert "background-color:#D9E2F3" in styles["Q1 styled"].replace(" ", "")
    assert "background-color" not in styles["Q2 styled"]  # the second band has no fill
    assert "background-color:#D9E2F3" in styles["Q3 styled"].replace(" ", "")


def test_a_status_colour_alone_is_also_said_in_words(pack: dict[str, Any]) -> None:
    in_order(pack["text"], ["Recruitment Red Agency use", "Budget Green On plan",
                            "Premises High Roof", "Other 4,100 Highlighted total"])
    assert "(Amber)" not in pack["text"] and "4,100 (" not in pack["text"]


def test_shaded_cells_are_painted_in_the_pdf(pack: dict[str, Any]) -> None:
    reader = pypdf.PdfReader(pack["pdf"])
    index = next(i for i, page in enumerate(reader.pages)
                 if "Recruitment" in (page.extract_text() or ""))
    document = pypdfium2.PdfDocument(pack["pdf"])
    image = document[index].render(scale=1).to_pil().convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []

    def near(rgb: tuple[int, int, int]) -> int:
        return sum(n for n, c in colours if all(abs(a - b) <= 6 for a, b in zip(c, rgb,
                                                                                strict=True)))

    assert near((0x1F, 0x38, 0x64)) > 500  # the navy heading row
    assert near((0xD4, 0x35, 0x1C)) > 200  # the red status cell
    assert near((0xFF, 0xF2, 0xCC)) > 200  # the pale yellow highlight


# --- headers, footers, title --------------------------------------------------------

def test_header_and_footer_text_is_shown_once_without_page_numbers(pack: dict[str, Any]
                                                                   ) -> None:
    text = pack["text"]
    assert text.count("Key Decision: Yes · Part A – public report") == 1
    assert text.count("Report of the Director of Finance") == 1  # the first page's header
    assert "Even page header" not in text  # odd and even pages are not set apart
    assert text.count("Test Committee – 17 March 2027") == 1
    assert "Page 1 of 3" not in text
    assert "Key Decision: Yes · Part A – public report" in " ".join(pack["html"].texts(
        "div", class_="page-header"))


def test_pictures_and_watermarks_of_the_pages_are_warned_about(pack: dict[str, Any]) -> None:
    found = warnings(pack, "pages.docx")
    assert any("1 picture" in w and "header or footer" in w for w in found), found
    assert any("watermark 'DRAFT'" in w for w in found), found


def test_a_title_that_repeats_the_item_title_is_printed_once(pack: dict[str, Any]) -> None:
    text = pack["text"].lower()
    section = text[text.index("test committee – 17 march 2027") - 2000:]
    assert "quarterly budget report" in text
    assert "item 7: quarterly budget report" not in text
    assert section.count("quarterly budget report") <= 1
    assert "TEST COMMITTEE" in pack["text"]  # the rest of the title block stays


# --- what cannot be shown -----------------------------------------------------------

def test_objects_charts_smartart_and_ink_are_warned_about_by_name(pack: dict[str, Any]
                                                                  ) -> None:
    found = " | ".join(warnings(pack, "objects.docx"))
    assert "1 object (Excel worksheet)" in found
    assert "1 chart (“Arrears by quarter”)" in found
    assert "1 SmartArt diagram (“Referral pathway”)" in found
    assert "1 ink drawing" in found
    assert "[chart “Arrears by quarter” not shown in the pack]" in pack["text"]


def test_alternative_format_chunks_are_read_where_they_stand(pack: dict[str, Any]) -> None:
    in_order(pack["text"], ["Before the chunks.", "Chunk heading", "Html chunk words in bold.",
                            "Between chunks.", "Rtf chunk words.", "Plain chunk words.",
                            "Second plain paragraph.", "Nested Word chunk words.",
                            "After the chunks."])
    assert "alert(1)" not in pack["raw"]
    assert "Chunk heading" in pack["html"].texts("h2")  # under the item's heading
    found = warnings(pack, "chunks.docx")
    assert any("web archive (MHT)" in w for w in found), found
    assert "Archived words" not in pack["text"]


def test_no_mark_reaches_the_pack(pack: dict[str, Any]) -> None:
    assert not re.search("[\ue000-\ue002]", pack["text"] + pack["raw"])


def test_yaml_front_matter_is_warned_about_by_its_fields() -> None:
    ctx = Context(pack_root=Path("."), pack="p", item="i", file="r.md")
    result = md.convert(b"---\ntitle: Budget\nauthor: Finance\n---\n\nThe text.\n", ctx)
    assert [n.message for n in result.notes] == [
        "the file has YAML front matter (author, title) that the pack does not show"]
    assert "Budget" not in str(result.blocks)


def test_a_plain_report_converts_as_before() -> None:
    ctx = Context(pack_root=Path("."), pack="p", item="i", file="r.docx")
    result = docx_source.convert(docx(p("Just words.")), ctx)
    assert result.blocks == [{"t": "Para", "c": [{"t": "Str", "c": "Just"}, {"t": "Space"},
                                                  {"t": "Str", "c": "words."}]}]
    assert result.notes == []
