"""KPIs: columns recognised, RAG status as colour and word, trend charts in PDF and HTML."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree as ET

import openpyxl
import pypdf
import pytest
from helpers import pdf_text
from helpers.xlsx import built_pack, cell_texts, convert, refusal, tables, workbook

from boardpack.pandoc import ast
from boardpack.pipeline.check import check
from boardpack.sources.xlsx import kpi
from boardpack.sources.xlsx.charts import Series, Unit, describe, line_chart, nice_ticks

# --- the RAG rule ------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "target", "direction", "tolerance", "status"), [
    (0.26, 0.15, "lower", 0.1, "Red"),
    (0.15, 0.15, "lower", 0.1, "Green"),
    (0.14, 0.15, "lower", 0.1, "Green"),
    (0.165, 0.15, "lower", 0.1, "Amber"),  # exactly 10% over: amber
    (0.1651, 0.15, "lower", 0.1, "Red"),
    (0.63, 0.60, "higher", 0.1, "Green"),
    (0.55, 0.60, "higher", 0.1, "Amber"),
    (0.53, 0.60, "higher", 0.1, "Red"),
    (19.4, 18, "lower", 0.1, "Amber"),
    (19.4, 18, "lower", 0.05, "Red"),
    (1, 0, "lower", 0.1, "Red"),  # a zero target has no amber band
    (0, 0, "lower", 0.1, "Green"),
])
def test_rag_status(value: float, target: float, direction: str, tolerance: float,
                    status: str) -> None:
    assert kpi.rag(value, target, direction, tolerance) == status


@pytest.mark.parametrize(("text", "direction"), [
    ("Lower", "lower"), ("lower is better", "lower"), ("Higher is better", "higher"),
    ("High", "higher"), ("↓", "lower"), ("▲", "higher"), ("Smaller is better", "lower"),
    ("Up", "higher"), ("n/a", None), ("", None),
])
def test_direction_words(text: str, direction: str | None) -> None:
    assert kpi.parse_direction(text) == direction


def test_columns_are_recognised_by_their_headings() -> None:
    layout = kpi.layout_from_headings([
        "Ref", "Performance indicator", "Target", "Better", "2025/26 Q4", "2026/27 Q1",
        "Jan 2027", "England average 2025", "Change since Q4", "Direction of travel", "Notes"])
    assert (layout.name, layout.target, layout.direction) == (1, 2, 3)
    assert layout.periods == [4, 5, 6]
    no_name = kpi.layout_from_headings(["Measure of things", "Target", "Good is", "Q1", "Q2"])
    assert (no_name.name, no_name.direction, no_name.periods) == (0, 2, [3, 4])
    assert kpi.layout_from_headings(["Area", "Polarity", "Q1", "Q2"]).target is None


@pytest.mark.parametrize(("raw", "message"), [
    ("yes", "should be a table"),
    ({"nmae": "A"}, "unknown setting 'nmae'"),
    ({"name": 1}, "column letter"),
    ({"direction": "sideways"}, "\"higher\" or \"lower\""),
    ({"periods": "D:7"}, "columns such as"),
    ({"tolerance": 10}, "share of the target"),
])
def test_bad_kpi_options_are_explained(raw: object, message: str) -> None:
    with pytest.raises(kpi.KpiOptionError, match=re.escape(message)):
        kpi.parse_option(raw)


def test_kpi_options_parse() -> None:
    option = kpi.parse_option({"name": "b", "target": "C", "direction": "lower",
                               "periods": "E:G", "tolerance": "5%"})
    assert option == kpi.KpiOption(name="B", target="C", direction="lower",
                                   periods=("5", "6", "7"), tolerance=0.05)
    assert kpi.parse_option(False) is False


# --- KPI tables in a workbook --------------------------------------------------------------


def kpi_sheet(book: openpyxl.Workbook) -> None:
    sheet = book.active
    sheet.append(["Indicator", "Target", "Better", "2025/26", None, "2026/27", None])
    sheet.merge_cells("D1:E1")
    sheet.merge_cells("F1:G1")
    sheet.append([None, None, None, "Q3", "Q4", "Q1", "Q2"])
    for column in "ABC":
        sheet.merge_cells(f"{column}1:{column}2")
    rows = [
        ("Agency social workers (%)", 0.15, "Lower", [0.18, 0.21, 0.24, 0.26], "0%"),
        ("Average caseload", 18, "Lower", [21.5, 20.8, 19.9, 19.4], "0.0"),
        ("Care leavers in EET (%)", 60, "Higher", [0.52, None, 0.61, 0.63], "0%"),
        ("Vacancies (no target)", None, "Lower", [30, 28, 25, 26], "0"),
        ("Direction missing", 10, None, [9, 8, 7, 6], "0"),
    ]
    for name, target, better, values, fmt in rows:
        sheet.append([name, target, better, *values])
        for cell in sheet[sheet.max_row][3:]:
            cell.number_format = fmt
        sheet.cell(sheet.max_row, 2).number_format = "0%" if fmt == "0%" and target and \
            target < 1 else "0"


def rag_cells(table: dict) -> dict[str, str]:
    rows = cell_texts(table)[2:]
    return {row[0]: row[-1] for row in rows}


def test_each_kpi_gets_a_status_word_in_a_coloured_span() -> None:
    result = convert(workbook(kpi_sheet))
    [table] = tables(result)
    assert cell_texts(table)[0][-1] == "RAG status"
    assert rag_cells(table) == {
        "Agency social workers (%)": "Red",
        "Average caseload": "Amber",
        "Care leavers in EET (%)": "Green",  # a target of 60 beside percentages is 60%
        "Vacancies (no target)": "",
        "Direction missing": "",
    }
    spans = [n for n in ast.nodes(table) if n["t"] == "Span"]
    assert [(s["c"][0][1], ast.text_of(s["c"][1])) for s in spans] == [
        (["rag", "rag-red"], "Red"), (["rag", "rag-amber"], "Amber"),
        (["rag", "rag-green"], "Green")]
    raw = [n["c"][1] for n in ast.nodes(table) if n["t"] == "RawInline"]
    assert raw and all(r in kpi_typst_strings() for r in raw)
    assert "'Direction missing' has a target but no direction" in "\n".join(
        str(n) for n in result.notes)
    assert "Amber – missed by no more than 10% of the target" in ast.text_of(result.blocks)


def kpi_typst_strings() -> set[str]:
    from boardpack.sources.xlsx.table import RAG_TYPST

    return {*RAG_TYPST.values(), "]]"}


def test_kpis_with_several_periods_get_charts_with_alt_text() -> None:
    result = convert(workbook(kpi_sheet))
    svgs = [name for name in result.media if name.endswith(".svg")]
    assert len(svgs) == 5  # every row with two or more numbers
    typst = [n["c"][1] for n in ast.nodes(result.blocks)
             if n["t"] == "RawInline" and n["c"][0] == "typst" and "image(" in n["c"][1]]
    assert len(typst) == 5 and all(any(s in t for s in svgs) for t in typst)
    assert ('alt: "Line chart of Agency social workers (%), 2025/26 Q3 to 2026/27 Q2: rose '
            'from 18% to 26% (up 8 percentage points); target 15%, lower is better; latest '
            'status Red."') in typst[0]
    html = [n["c"][1] for n in ast.nodes(result.blocks)
            if n["t"] == "RawInline" and n["c"][0] == "html"]
    assert len(html) == 5 and all(h.startswith('<img class="kpi-chart" src="data:image/svg+xml;'
                                               'base64,') for h in html)


def test_pack_toml_can_name_the_columns_and_tolerance() -> None:
    def fill(book: openpyxl.Workbook) -> None:
        book.active.append(["Area", "Aim", "Jun", "Sep", "Dec"])
        book.active.append(["Timeliness", 0.9, 0.80, 0.84, 0.85])

    data = workbook(fill)
    assert "RAG status" not in str(cell_texts(tables(convert(data))[0]))  # no Target heading
    option = {"name": "A", "target": "B", "direction": "higher", "periods": "C:E"}
    assert rag_cells_simple(convert(data, kpi=option)) == ["Amber"]
    assert rag_cells_simple(convert(data, kpi={**option, "tolerance": 0.05})) == ["Red"]
    assert "RAG status" not in str(cell_texts(tables(convert(data, kpi=False))[0]))
    assert 'kpi.target = "H" is not a visible column' in refusal(data, kpi={"target": "H"})


def rag_cells_simple(result: object) -> list[str]:
    return [row[-1] for row in cell_texts(tables(result)[0])[1:]]


# --- charts --------------------------------------------------------------------------------


def test_chart_svg_is_accessible_and_escapes_labels() -> None:
    series = Series('Cost <of> "care" & #set text(red)', ["Q1 2025/26", "Q2 2025/26", "Q3"],
                    [1880, 1860, 1768], Unit("currency", 0, "£"), 1700, "lower", "Amber")
    svg = ET.fromstring(line_chart(series))
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.get("role") == "img"
    assert svg.find(f"{ns}title").text == 'Trend: Cost <of> "care" & #set text(red)'
    assert svg.find(f"{ns}desc").text == describe(series)
    texts = [t.text for t in svg.iter(f"{ns}text")]
    assert {"Period", "Amount (£)", "Target £1,700", "£1,768"} <= set(texts)
    assert describe(series) == (
        'Line chart of Cost <of> "care" & #set text(red), Q1 2025/26 to Q3: fell from '
        "£1,880 to £1,768 (down £112); target £1,700, lower is better; latest status Amber.")


HOSTILE_TEXT = ['Cost <of> "care" & #set text(red)', "tab\tline\nbreak\rreturn", "", "£ ünï ☂",
                "]]></svg><script>x()</script>", "&amp; already", "\ud800 lone surrogate"]


def elementtree_chart(series: Series) -> bytes:
    """The chart's elements written again by ElementTree (as charts were first written).
    A return in a text is read back as a return, not as the new line XML makes of it."""
    root = ET.fromstring(line_chart(series).replace(b"\r", b"&#13;"))
    namespace = "http://www.w3.org/2000/svg"
    for element in root.iter():
        element.tag = element.tag.removeprefix(f"{{{namespace}}}")
    root.attrib = {"xmlns": namespace, **root.attrib}
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


@pytest.mark.parametrize("text", HOSTILE_TEXT[:-1])
def test_charts_are_written_byte_for_byte_as_elementtree_writes_them(text: str) -> None:
    series = Series(text, [text or "Q1", "Q2 & b", 'Q3 "c"'], [0.2, None, 0.25],
                    Unit("percent"), 0.3, "higher", "Red")
    assert line_chart(series) == elementtree_chart(series)


def test_charts_are_the_bytes_elementtree_first_wrote() -> None:
    """SHA-256 of two charts (the first as charts.py has placed labels since xlsx VERSION 3,
    the second as the first, ElementTree-built charts.py wrote it): a chart
    that changes must bump the xlsx source's VERSION, or cached packs keep the old one."""
    hostile = Series('Cost <of> "care" & #set text(red)\ttab\rret',
                     ["Q1 2025/26", "Q2 & b", 'Q3 "c"', "Q4"], [1880, None, 1860.5, 1768],
                     Unit("currency", 0, "£"), 1700, "lower", "Amber")
    plain = Series("Percentage of children in care with an up-to-date health assessment this "
                   "year", ["2025/26 Q1", "2025/26 Q2", "2025/26 Q3", "2025/26 Q4", "2026/27 Q1",
                            "2026/27 Q2", "2026/27 Q3", "2026/27 Q4"],
                   [0.81, 0.83, 0.8, 0.85, 0.86, 0.84, 0.88, 0.9], Unit("percent"), 0.9,
                   "higher", "Green")
    assert [hashlib.sha256(line_chart(s)).hexdigest()[:24] for s in (hostile, plain)] == [
        "e050800c31bd4649b28da834", "9574b5d3220511ca41c2202c"]


def test_a_lone_surrogate_in_a_label_becomes_a_character_reference() -> None:
    series = Series(HOSTILE_TEXT[-1], ["Q1", "Q2"], [1, 2], Unit())
    assert b"&#55296; lone surrogate" in line_chart(series)


def test_nice_ticks_cover_the_values() -> None:
    assert nice_ticks(0.15, 0.26) == pytest.approx([0.15, 0.2, 0.25, 0.3])
    assert nice_ticks(16.6, 22.9) == pytest.approx([16, 18, 20, 22, 24])
    assert nice_ticks(5, 5)[0] < 5 < nice_ticks(5, 5)[-1]


# --- built packs ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def kpi_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    def fill(book: openpyxl.Workbook) -> None:
        kpi_sheet(book)
        book.active["A3"] = 'Agency "quoted" #strong[x] ] \\ <b>(%)</b>'

    return built_pack(tmp_path_factory.mktemp("kpi") / "pack",
                      'files = [{path = "reports/kpis.xlsx", title = "KPI appendix"}]',
                      {"reports/kpis.xlsx": workbook(fill)})


def structure_alt_texts(path: Path) -> list[str]:
    """Every /Alt in the PDF's structure tree (what a screen reader announces)."""
    reader = pypdf.PdfReader(path)
    found: list[str] = []
    seen: set[int] = set()

    def visit(node: object, depth: int = 0) -> None:
        if depth > 80:
            return
        if isinstance(node, pypdf.generic.IndirectObject):
            if node.idnum in seen:
                return
            seen.add(node.idnum)
            node = node.get_object()
        if isinstance(node, pypdf.generic.DictionaryObject):
            if "/Alt" in node:
                found.append(str(node["/Alt"]))
            for key, value in node.items():
                if key not in ("/P", "/Pg", "/Parent"):
                    visit(value, depth + 1)
        elif isinstance(node, pypdf.generic.ArrayObject):
            for value in node:
                visit(value, depth + 1)

    visit(reader.trailer["/Root"].get("/StructTreeRoot"))
    return found


def test_pdf_shows_status_words_and_charts_with_alt_text(kpi_pack: Path) -> None:
    pdf = kpi_pack / "build" / "members.pdf"
    text = pdf_text(pdf)
    assert re.search(r"26%\s+Red", text) and re.search(r"19\.4\s+Amber", text)
    assert 'Agency "quoted" #strong[x] ] \\ <b>(%)</b>' in text  # workbook text stays text
    assert "Target 15%" in text and "Per cent" in text  # the SVG charts were drawn
    alts = [a for a in structure_alt_texts(pdf) if a.startswith("Line chart of")]
    assert len(alts) == 5
    assert any('Agency "quoted" #strong[x] ] \\ <b>(%)</b>' in a and "latest status Red" in a
               for a in alts)


def test_html_shows_status_spans_and_charts_with_alt_text(kpi_pack: Path) -> None:
    page = (kpi_pack / "build" / "members.html").read_text(encoding="utf-8")
    assert re.findall(r'<span class="rag rag-(\w+)">(\w+)</span>', page) == [
        ("red", "Red"), ("amber", "Amber"), ("green", "Green")]
    images = re.findall(r'<img class="kpi-chart" src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"'
                        r' alt="([^"]*)"', page)
    assert len(images) == 5
    assert "Agency &quot;quoted&quot; #strong[x] ] \\ &lt;b&gt;(%)&lt;/b&gt;" in images[0]
    assert "<b>(%)</b>" not in page


def test_the_demo_workbook_builds_with_no_problems(demo_pack: Path) -> None:
    result = check(demo_pack, use_cache=False)
    assert [str(p) for p in result.problems if "workforce-kpis-appendix" in str(p)] == []
    item = result.pack.item("workforce-kpis")
    assert "reports/workforce-kpis-appendix.xlsx" in [ref.path for ref in item.files]
    converted = result.converted.by_file[("workforce-kpis",
                                          "reports/workforce-kpis-appendix.xlsx")]
    [table] = tables(converted)
    rows = {row[0]: row for row in cell_texts(table)}
    agency = rows["Agency social workers (% of posts)"]
    assert agency[1:4] == ["15%", "Lower", "24%"] and agency[-2:] == ["-2%", "Red"]
    assert rows["Average weekly cost of an agency social worker (£)"][-2:] == ["-£22", "Amber"]
    assert rows["Data as at"][1] == "31/12/2026"
    assert len([m for m in converted.media if m.endswith(".svg")]) == 8


def test_rebuilding_a_kpi_workbook_comes_from_the_cache(make_pack: Callable[..., Path]) -> None:
    root = make_pack("""
        [[item]]
        id = "kpis"
        title = "KPIs"
        files = ["reports/kpis.xlsx"]
        """, files={"reports/kpis.xlsx": workbook(kpi_sheet)})
    first = check(root)
    second = check(root)
    key = ("kpis", "reports/kpis.xlsx")
    assert first.converted.by_file[key].blocks == second.converted.by_file[key].blocks
    assert sorted(first.converted.by_file[key].media) == sorted(
        second.converted.by_file[key].media)
