"""KPI layouts as councils write them, in small workbooks built here with openpyxl.

Polarity in every common spelling, targets and thresholds in their wordings, value
columns and periods (the latest in time), comparators kept apart, the sheet's own
ratings (words, letters, fills, a coloured ●), symbol-font arrows, charts without a
target, what the pack does not show (other sheets, charts, comments), and wide
tables that fit the PDF page.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from helpers.pdf import overprinted_characters
from helpers.xlsx import kpis_of
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.chart import LineChart, Reference
from openpyxl.comments import Comment
from openpyxl.styles import Color, Font, PatternFill

from boardpack.pandoc import ast
from boardpack.problems import BoardpackError
from boardpack.render import pdf
from boardpack.sources import Context, Converted, xlsx
from boardpack.sources.xlsx import colours, kpi, periods, symbols
from boardpack.sources.xlsx.layout import Column, role

GREEN, AMBER, RED = "FF00B050", "FFFFC000", "FFFF0000"


def solid(rgb: str) -> PatternFill:
    return PatternFill("solid", fgColor=rgb)


def save(book: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sheet_of(rows: list[list[object]], title: str = "KPIs") -> tuple[openpyxl.Workbook, object]:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    return book, sheet


def shared_strings(data: bytes) -> bytes:
    """The workbook with its rich-text cells in a shared-strings part, as Excel saves
    them (openpyxl writes them inline, where its read-only mode keeps no runs)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    parts = {name: source.read(name) for name in source.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode("utf-8")
    strings = re.findall(r't="inlineStr"><is>(.*?)</is>', sheet)
    for number, runs in enumerate(strings):
        sheet = sheet.replace(f't="inlineStr"><is>{runs}</is>', f't="s"><v>{number}</v>', 1)
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    parts["xl/worksheets/sheet1.xml"] = sheet.encode("utf-8")
    parts["xl/sharedStrings.xml"] = (f'<sst xmlns="{main}" count="{len(strings)}">' + "".join(
        f"<si>{runs}</si>" for runs in strings) + "</sst>").encode("utf-8")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdStrings" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
        b'Target="sharedStrings.xml"/></Relationships>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return out.getvalue()


def convert(data: bytes, **options: object) -> Converted:
    ctx = Context(pack_root=Path("."), pack="p", item="kpis", file="reports/kpis.xlsx",
                  options=dict(options))
    return xlsx.convert(data, ctx)


def messages(result: Converted) -> str:
    return "\n".join(str(n) for n in result.notes)


def table_texts(result: Converted) -> list[list[str]]:
    [table] = [n for n in ast.nodes(result.blocks) if n["t"] == "Table"]
    _, _, _, head, bodies, _ = table["c"]
    rows = head[1] + [r for body in bodies for r in body[3]]
    return [[ast.text_of(cell[4]) for cell in row[1]] for row in rows]


def rag_spans(result: Converted) -> list[tuple[str, str]]:
    return [(ast.text_of(n["c"][1]), n["c"][0][1][1]) for n in ast.nodes(result.blocks)
            if n["t"] == "Span" and "rag" in n["c"][0][1]]


def chart_alts(result: Converted) -> list[str]:
    return [n["c"][1].split('alt="', 1)[1].split('"', 1)[0] for n in ast.nodes(result.blocks)
            if n["t"] == "RawInline" and n["c"][0] == "html" and "kpi-chart" in n["c"][1]]


# --- words, conditions, periods ----------------------------------------------------------


@pytest.mark.parametrize(("text", "direction"), [
    ("H", "higher"), ("L", "lower"), ("T", "target"), ("High", "higher"), ("Low", "lower"),
    ("Good is: High", "higher"), ("Good is: Low", "lower"), ("↑", "higher"), ("↓", "lower"),
    ("⬆", "higher"), ("▼", "lower"), ("higher is better", "higher"),
    ("Lower is better", "lower"), ("Smaller is better", "lower"),
    ("Bigger values are best", "higher"), ("Aim to minimise", "lower"), ("Info", None),
    ("Measure for information", None),
])
def test_polarity_in_every_common_spelling(text: str, direction: str | None) -> None:
    assert kpi.parse_direction(text) == direction


@pytest.mark.parametrize("text", ["Info", "Measure for information", "n/a", "Neutral",
                                  "For information"])
def test_information_measures_have_no_direction(text: str) -> None:
    assert kpi.says_no_direction(text)


@pytest.mark.parametrize(("text", "bound", "direction", "holds", "fails"), [
    ("<75%", 0.75, "lower", 0.749, 0.75),
    ("≥85%", 0.85, "higher", 0.85, 0.849),
    ("Fewer than 85", 85, "lower", 84, 85),
    ("Less than 22%", 0.22, "lower", 0.21, 0.22),
    ("90% or more", 0.9, "higher", 0.9, 0.89),
    ("At least 1,450", 1450, "higher", 1450, 1449),
    ("75% – 84.9%", 0.75, None, 0.8, 0.85),
    ("1,300 - 1,449", 1300, None, 1300, 1450),
    ("£1,200", 1200, None, 1200, 1201),
])
def test_targets_and_bands_as_councils_word_them(text: str, bound: float, direction: str | None,
                                                 holds: float, fails: float) -> None:
    condition = kpi.parse_condition(text)
    assert condition is not None
    assert condition.bound == pytest.approx(bound)
    assert condition.direction == direction
    assert condition.holds(holds) and not condition.holds(fails)


@pytest.mark.parametrize("text", ["No target", "Additional 800", "Above Stat Neighbour Average",
                                  "TBC", ""])
def test_wordings_that_name_no_bound(text: str) -> None:
    assert kpi.parse_condition(text) is None or text == "Additional 800"


@pytest.mark.parametrize(("heading", "end"), [
    ("2021/22", dt.date(2022, 3, 31)), ("Outturn 2021/22", dt.date(2022, 3, 31)),
    ("Annual Target 2013/14", dt.date(2014, 3, 31)), ("17/18", dt.date(2018, 3, 31)),
    ("2022/23 Q1", dt.date(2022, 6, 30)), ("Q4 2022/23", dt.date(2023, 3, 31)),
    ("Actual Q3 2021/22", dt.date(2021, 12, 31)), ("Jan-17", dt.date(2017, 1, 31)),
    ("March 2027", dt.date(2027, 3, 31)), ("2016/17 (Monthly) Feb", dt.date(2017, 2, 28)),
    ("2016/17 Oct", dt.date(2016, 10, 31)), ("2025/26 P7", dt.date(2025, 10, 31)),
    ("2026", dt.date(2026, 12, 31)), ("2026 Q1", dt.date(2026, 3, 31)),
])
def test_periods_end_where_the_heading_says(heading: str, end: dt.date) -> None:
    found = periods.when(heading)
    assert found is not None and found.end == end


def test_a_date_typed_as_a_heading_is_its_month() -> None:
    assert periods.when("Jan-24", dt.datetime(2024, 1, 1)).end == dt.date(2024, 1, 31)


@pytest.mark.parametrize(("heading", "expected"), [
    ("Target", "target"), ("Annual Target 2013/14", "target"), ("Target 17/18", "target"),
    ("Target type", "other"), ("Variance from target", "other"),
    ("2016/17 Target and Tolerances › Red", "threshold"), ("Floor standard", "floor"),
    ("Polarity", "direction"), ("GOOD PERF IS", "direction"), ("Good is", "direction"),
    ("Higher or lower is better", "direction"), ("Direction of travel", "trend"),
    ("DOT (Month on Month)", "trend"), ("RAG (in month)", "rag"), ("Status", "rag"),
    ("England", "comparator"), ("Stat neighbour average", "comparator"),
    ("NAT TOP QTILE THRESHOLD", "comparator"), ("Wales average 2019/20", "comparator"),
    ("Regional 2016", "comparator"), ("Average 2016/17", "other"),
    ("Actual", "value"), ("Current", "value"), ("Latest", "value"), ("YTD", "value"),
    ("Outturn", "value"), ("Outturn 2021/22", "value"), ("Result 2019/20", "value"),
    ("2022/23 Year to date", "value"), ("Jan-17", "value"), ("Ref", "ref"), ("Code", "ref"),
    ("Key performance indicators", "name"),
])
def test_each_heading_gets_its_role(heading: str, expected: str) -> None:
    assert role(Column(parts=heading.split(" › "))) == expected


def test_cells_say_what_an_unheaded_column_is() -> None:
    assert role(Column(parts=[], texts=["H", "L", "H"], numeric=False)) == "direction"
    assert role(Column(parts=[], texts=["R", "A", "G"], numeric=False)) == "rag"
    assert role(Column(parts=[], filled=3)) == "rag"
    assert role(Column(parts=["Data note"], texts=["%", "Number", "Rate"], numeric=False)) \
        == "unit"


# --- colours and symbols -----------------------------------------------------------------


@pytest.mark.parametrize(("rgb", "family"), [
    ("00B050", "green"), ("92D050", "green"), ("C6EFCE", "green"), ("FFC000", "amber"),
    ("FFEB9C", "amber"), ("FFFF00", "yellow"), ("FF0000", "red"), ("FFC7CE", "red"),
    ("D9D9D9", "grey"), ("FFFFFF", None), ("000000", None),
])
def test_fill_colours_are_rating_families(rgb: str, family: str | None) -> None:
    assert colours.family(rgb) == family


def test_theme_colours_and_tints_resolve_against_the_workbook_theme() -> None:
    book, _sheet = sheet_of([["x"]])
    data = save(book)
    theme = zipfile.ZipFile(io.BytesIO(data)).read("xl/theme/theme1.xml")
    palette = colours.Palette.from_theme(theme)
    assert palette.rgb(Color(theme=1)) == "000000"  # dk1 (Excel counts light first)
    green = palette.rgb(Color(theme=6))  # accent3 of the default theme
    assert colours.family(green) == "green"
    assert palette.rgb(Color(theme=6, tint=0.6)) != green


@pytest.mark.parametrize(("font", "typed", "shown"), [
    ("Wingdings", "é", "↑"), ("Wingdings", "ê", "↓"), ("Wingdings", "è", "→"),
    ("Wingdings", "ü", "✓"), ("Wingdings", "û", "✗"), ("Wingdings", "l", "●"),
    ("Wingdings 3", "p", "▲"), ("Wingdings 3", "q", "▼"), ("Wingdings 3", "h", "↑"),
    ("Symbol", "\xad", "↑"), ("Symbol", "\xaf", "↓"), ("Webdings", "5", "▲"),
    ("Wingdings", "\uf0e9", "↑"), ("Calibri", "é", "é"),
])
def test_symbol_fonts_become_real_characters(font: str, typed: str, shown: str) -> None:
    assert symbols.recode(typed, font)[0] == shown


def test_symbol_font_arrows_in_a_workbook_print_as_arrows() -> None:
    book, sheet = sheet_of([["Indicator", "Target", "Polarity", "Trend", "Q1", "Q2"],
                            ["Visits", 10, "é", "ê", 8, 9],
                            ["Waits", 5, "ê", "è", 6, 4]])
    for ref in ("C2", "C3", "D2"):
        sheet[ref].font = Font(name="Wingdings")
    sheet["D3"].value = CellRichText([TextBlock(InlineFont(rFont="Wingdings 3"), "p"), " up"])
    data = shared_strings(save(book))
    texts = table_texts(convert(data))
    assert [row[2] for row in texts[1:]] == ["↑", "↓"]
    assert [row[3] for row in texts[1:]] == ["↓", "▲ up"]
    assert [k.direction for k in kpis_of(data)] == ["higher", "lower"]


def test_a_symbol_character_with_no_known_picture_is_named() -> None:
    book, sheet = sheet_of([["Indicator", "Q1", "Q2", "Trend"], ["Visits", 8, 9, "Z"]])
    sheet["D2"].font = Font(name="Wingdings")
    assert "D2 (Wingdings 'Z')" in messages(convert(save(book)))


# --- layouts -----------------------------------------------------------------------------


def test_latest_period_is_the_latest_in_time_not_the_rightmost_column() -> None:
    book, sheet = sheet_of([
        ["Ref", "Measure", "Good is", "2022/23", None, None, "Outturn 2021/22", "Target",
         "England"],
        [None, None, None, "Q1", "Q2", "Q3", None, None, None],
        ["A1", "Reviews on time", "High", 0.81, 0.84, 0.86, 0.9, 0.85, 0.99]])
    for cells in ("A1:A2", "B1:B2", "C1:C2", "D1:F1", "G1:G2", "H1:H2", "I1:I2"):
        sheet.merge_cells(cells)
    for ref in ("D3", "E3", "F3", "G3", "H3", "I3"):
        sheet[ref].number_format = "0%"
    [item] = kpis_of(save(book))
    assert item.latest == pytest.approx(0.86) and item.latest_period == "2022/23 Q3"
    assert item.values == pytest.approx([0.9, 0.81, 0.84, 0.86])  # oldest first
    assert item.comparators == {"England": pytest.approx(0.99)}
    assert item.status == "Green"


@pytest.mark.parametrize("heading", ["Actual", "Current", "Latest", "YTD", "Outturn"])
def test_value_columns_named_as_councils_name_them(heading: str) -> None:
    book, _ = sheet_of([["Indicator", "Polarity", "Annual Target 2013/14", heading],
                        ["Visits", "H", 100, 90]])
    [item] = kpis_of(save(book))
    assert (item.target, item.latest, item.direction, item.status) == (100, 90, "higher",
                                                                       "Amber")


def test_thresholds_give_the_target_floor_and_status() -> None:
    book, sheet = sheet_of([
        ["No.", "Indicator", "Good perf is", "Jan-17", "Feb-17", "Target and tolerances",
         None, None],
        [None, None, None, None, None, "Red", "Amber", "Green"],
        ["1", "Assessments in time", "High", 0.80, 0.78, "<75%", "75% – 84.9%", "≥85%"],
        ["2", "Re-referrals", "Low", 0.30, 0.26, ">25%", "20% – 25%", "<20%"]])
    sheet.merge_cells("F1:H1")
    first, second = kpis_of(save(book))
    assert (first.target, first.floor, first.status) == (0.85, 0.75, "Amber")
    assert (second.target, second.floor, second.status) == (0.20, 0.25, "Red")


def test_floor_standard_column_makes_the_red_line() -> None:
    book, _ = sheet_of([["Indicator", "Polarity", "Target", "Floor standard", "Q1", "Q2"],
                        ["Attendance", "High", 95, 90, 92, 89]])
    [item] = kpis_of(save(book))
    assert (item.floor, item.status) == (90, "Red")


def test_whole_number_percentages_are_read_as_per_cent() -> None:
    book, sheet = sheet_of([["Ref", "Indicator", "Polarity", "Target", "Q1", "Q2"],
                            ["A", "Percentage of carers supported", "↑", 90, 86, 87],
                            ["B", "Percentage of reviews on time", "↑", 100, 98.7, 96.1]])
    for ref in ("D2", "E2", "F2"):
        sheet[ref].number_format = '0"%"'
    data = save(book)
    first, second = kpis_of(data)
    assert (first.latest, first.target) == (pytest.approx(0.87), pytest.approx(0.9))
    assert (second.latest, second.target) == (pytest.approx(0.961), pytest.approx(1.0))
    alts = chart_alts(convert(data))
    assert "86% to 87%" in alts[0] and "target 90%" in alts[0]
    assert "98.7% to 96.1%" in alts[1]


@pytest.mark.parametrize(("cells", "fill", "word", "family"), [
    ("Green", GREEN, "Green", "green"), ("Red", None, "Red", "red"),
    ("G", None, "G", "green"), ("A", AMBER, "A", "amber"), ("Y", None, "Y", "yellow"),
    (None, RED, "Red", "red"), (None, AMBER, "Amber", "amber"),
    ("On target", GREEN, "On target", "green"), ("Off track", None, "Off track", "red"),
    ("Not on target", None, "Not on target", "red"),
    ("Within tolerance", AMBER, "Within tolerance", "amber"),
    ("Measure for information", "FFD9D9D9", "Measure for information", "grey"),
    ("Slippage", RED, "Slippage", "red"),
])
def test_the_sheets_own_rating_is_shown_as_the_council_set_it(
        cells: str | None, fill: str | None, word: str, family: str) -> None:
    book, sheet = sheet_of([["Indicator", "Target", "Polarity", "Q1", "Q2", "RAG"],
                            ["Visits", 10, "High", 8, 9, cells]])
    if fill:
        sheet["F2"].fill = solid(fill)
    result = convert(save(book))
    assert (word, f"rag-{family}") in rag_spans(result)
    assert "RAG status" not in [c for row in table_texts(result) for c in row]  # no 2nd column


def test_a_coloured_dot_in_wingdings_is_a_rating() -> None:
    book, sheet = sheet_of([["Indicator", "Target", "Polarity", "Q1", "Q2", "Status"],
                            ["Visits", 10, "High", 8, 9, "l"]])
    sheet["F2"].font = Font(name="Wingdings", color=RED)
    assert ("Red", "rag-red") in rag_spans(convert(save(book)))


def test_a_fill_in_a_theme_colour_is_a_rating() -> None:
    book, sheet = sheet_of([["Indicator", "Target", "Polarity", "Q1", "Q2", "RAG"],
                            ["Visits", 10, "High", 8, 9, None]])
    sheet["F2"].fill = PatternFill("solid", fgColor=Color(theme=6))  # accent3: green
    assert ("Green", "rag-green") in rag_spans(convert(save(book)))


def test_check_says_where_the_council_and_boardpack_disagree() -> None:
    book, _sheet = sheet_of([["Ref", "Indicator", "Target", "Polarity", "Q1", "Q2", "RAG"],
                            ["V1", "Visits", 10, "High", 8, 11, "Red"],
                            ["V2", "Waits", 10, "High", 8, 11, "Green"],
                            ["V3", "Calls", 10, "Info", 8, 11, "Grey"]])
    result = convert(save(book))
    text = messages(result)
    assert "V1: the sheet says Red, boardpack's rule gives Green" in text
    assert "V2:" not in text and "V3:" not in text
    assert ("Red", "rag-red") in rag_spans(result)  # the council's word is what is shown


def test_with_no_rating_column_the_latest_figures_colours_are_the_ratings() -> None:
    book, sheet = sheet_of([["Ref", "Indicator", "Target", "Polarity", "Q1", "Q2"],
                            ["V1", "Visits", 10, "High", 8, 11],
                            ["V2", "Waits", 10, "Low", 8, 12],
                            ["V3", "Calls", 10, "High", 9, 9.5],
                            ["V4", "Plans", 10, "High", 6, None]])
    sheet["F2"].fill, sheet["F3"].fill, sheet["F4"].fill = solid(GREEN), solid(AMBER), solid(RED)
    sheet["E5"].fill = solid(GREEN)  # V4's latest figure is Q1's
    sheet["E2"].fill = solid(RED)  # an earlier figure's colour rates nothing
    result = convert(save(book))
    rows = table_texts(result)
    assert rows[0][-1] == "RAG status"
    assert [row[-1] for row in rows[1:]] == ["Green", "Amber", "Red", "Green"]
    assert ("Amber", "rag-amber") in rag_spans(result)
    text = messages(result)
    assert "the colours of its latest figures are taken as the council's ratings" in text
    # boardpack's rule gives V2 (12 against 10, lower is better) Red, V3 Amber, V4 Red.
    assert "V2: the sheet says Amber, boardpack's rule gives Red" in text
    assert "V3: the sheet says Red, boardpack's rule gives Amber" in text
    assert "V1:" not in text
    key = " ".join(ast.text_of(b["c"]) for b in result.blocks if b["t"] == "Para")
    assert "Ratings as set in the workbook (the colours of the latest figures)" in key


def test_one_colour_on_every_latest_figure_is_a_highlight_not_a_rating() -> None:
    book, sheet = sheet_of([["Indicator", "Target", "Polarity", "Q1", "Q2"],
                            ["Visits", 10, "High", 8, 11],
                            ["Waits", 10, "Low", 8, 12]])
    sheet["E2"].fill = sheet["E3"].fill = solid(GREEN)
    result = convert(save(book))
    assert [row[-1] for row in table_texts(result)[1:]] == ["Green", "Red"]  # boardpack's rule
    assert "latest figures are taken" not in messages(result)


def test_series_without_a_target_get_a_chart() -> None:
    book, sheet = sheet_of([["Indicator", "Good is", "Jan-24", "Feb-24", "Mar-24"],
                            ["Open cases", "Info", 1760, 1812, 1847],
                            ["Share closed", "High", 0.41, 0.44, 0.47],
                            ["Single value", "High", None, None, 5]])
    for ref in ("C3", "D3", "E3"):
        sheet[ref].number_format = "0.0%"
    alts = chart_alts(convert(save(book)))
    assert len(alts) == 2
    assert "Open cases, Jan-24 to Mar-24: rose from 1,760 to 1,847" in alts[0]
    assert "41.0% to 47.0%" in alts[1] and "percentage points" in alts[1]


def test_a_plain_table_is_still_not_a_kpi_table() -> None:
    book, _ = sheet_of([["Name", "Room", "Phone"], ["Sam", "2.14", "0161"]])
    result = convert(save(book))
    assert not rag_spans(result) and not chart_alts(result)


# --- what the pack does not show ---------------------------------------------------------


def test_other_sheets_charts_and_comments_are_named_by_check() -> None:
    book, sheet = sheet_of([["Indicator", "Q1", "Q2"], ["Visits", 8, 9]])
    sheet["B2"].comment = Comment("checked with finance", "Officer")
    chart = LineChart()
    chart.title = "Visits by quarter"
    chart.add_data(Reference(sheet, min_col=2, min_row=2, max_col=3), from_rows=True)
    sheet.add_chart(chart, "E2")
    book.create_sheet("Finance")["A1"] = "Budget"
    book.create_sheet("Workings").sheet_state = "hidden"
    trend = LineChart()
    trend.add_data(Reference(sheet, min_col=2, min_row=2, max_col=3), from_rows=True)
    book.create_chartsheet("Trend chart").add_chart(trend)
    text = messages(convert(save(book)))
    assert "other visible sheet 'Finance' is not shown" in text
    assert "chart sheet 'Trend chart' is not shown" in text
    assert "has a chart ('Visits by quarter')" in text
    assert "has a cell comment (B2)" in text and "checked with finance" not in text
    assert "'Workings' is hidden" in text


def test_a_file_entry_can_name_more_than_one_sheet() -> None:
    book, _sheet = sheet_of([["Indicator", "Q1", "Q2"], ["Visits", 8, 9]])
    book.create_sheet("Finance").append(["Budget line", "Spend"])
    book["Finance"].append(["Staff", 1200])
    result = convert(save(book), sheet=["KPIs", "Finance"])
    tables = [n for n in ast.nodes(result.blocks) if n["t"] == "Table"]
    assert len(tables) == 2
    shown = ast.text_of(result.blocks)
    assert "Sheet: KPIs" in shown and "Sheet: Finance" in shown and "Budget line" in shown
    assert "not shown" not in messages(result)
    assert result.meta["sheets"] == ["KPIs", "Finance"]


@pytest.mark.parametrize(("option", "message"), [
    (["KPIs", 3], "list of names"), ([], "list of names"), (["KPIs", "Nope"], "no sheet named"),
])
def test_bad_sheet_lists_are_explained(option: object, message: str) -> None:
    book, _ = sheet_of([["Indicator", "Q1", "Q2"], ["Visits", 8, 9]])
    with pytest.raises(BoardpackError, match=message):
        convert(save(book), sheet=option)


def test_a_range_is_for_one_sheet() -> None:
    book, _ = sheet_of([["a"]])
    book.create_sheet("B")
    with pytest.raises(BoardpackError, match="range can be set for one sheet only"):
        convert(save(book), sheet=["KPIs", "B"], range="A1:B2")


# --- wide tables in the PDF --------------------------------------------------------------


def test_a_wide_table_fits_its_page_without_overprinting(tmp_path: Path) -> None:
    headings = ["Ref", "Indicator", "Polarity", *[f"{m}-24" for m in (
        "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")], "Target",
        "Statistical neighbour average", "England average", "Commentary"]
    book, _ = sheet_of([headings, *[
        [f"PI{n}", "Number of children's assessments completed within timescales",
         "Higher is better", *[1234567 + n] * 9, 1500000, 1400000, 1300000,
         "Improvement since the restructure"] for n in range(3)]])
    result = convert(save(book))
    for media, data in result.media.items():
        (tmp_path / media).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / media).write_bytes(data)
    out = tmp_path / "wide.pdf"
    out.write_bytes(pdf.render(ast.document(result.blocks), tmp_path))
    assert overprinted_characters(out) == []
    import pypdf

    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
             for p in pypdf.PdfReader(out).pages}
    assert (842, 595) in sizes  # the table's landscape page


def test_a_narrow_table_stays_on_a_portrait_page() -> None:
    book, _ = sheet_of([["Indicator", "Target", "Polarity", "Q1", "Q2"],
                        ["Visits", 10, "High", 8, 9]])
    raw = [n["c"][1] for n in ast.nodes(convert(save(book)).blocks) if n["t"] == "RawBlock"]
    assert not any("flipped" in r for r in raw)


# --- more layouts ------------------------------------------------------------------------


def test_a_group_heading_that_is_not_merged_still_groups_its_columns() -> None:
    book, _ = sheet_of([
        ["Ref", "Measure", "Polarity", "2023/24", None, None, "Target"],
        [None, None, None, "Q1", "Q2", "Q3", None],
        ["M1", "Visits on time", "High", 0.7, 0.72, 0.75, 0.8]])
    [item] = kpis_of(save(book))
    assert item.headings == ["2023/24 Q1", "2023/24 Q2", "2023/24 Q3"]
    assert (item.latest, item.target, item.status) == (0.75, 0.8, "Amber")


def test_last_year_columns_are_older_wherever_they_stand() -> None:
    book, _ = sheet_of([["Indicator", "Better", "Current", "Last year", "Target"],
                        ["Visits", "Higher", 90, 70, 100]])
    [item] = kpis_of(save(book))
    assert (item.latest, item.latest_period, item.values) == (90, "Current", [70, 90])


@pytest.mark.parametrize(("red", "green"), [("Red threshold", "Green threshold"),
                                            ("Tolerance red", "Tolerance green")])
def test_threshold_headings_with_their_colour(red: str, green: str) -> None:
    book, _ = sheet_of([["Indicator", "Q1", "Q2", red, green],
                        ["Waits", 30, 26, ">25", "<20"]])
    [item] = kpis_of(save(book))
    assert (item.target, item.floor, item.direction, item.status) == (20, 25, "lower", "Red")


def test_a_status_column_that_rates_nothing_is_not_a_rating() -> None:
    book, _ = sheet_of([["Project", "Lead", "Status"], ["New library", "Sam", "In progress"],
                        ["Depot", "Jo", "Complete"]])
    result = convert(save(book))
    assert not rag_spans(result)
    assert "Ratings as set" not in ast.text_of(result.blocks)


def test_a_direction_in_the_indicators_name() -> None:
    book, _ = sheet_of([["Indicator", "Target", "Q1", "Q2"],
                        ["Average wait in days (lower is better)", 20, 24, 22]])
    [item] = kpis_of(save(book))
    assert (item.direction, item.status) == ("lower", "Amber")


def test_per_cent_in_the_value_headings_makes_whole_numbers_percentages() -> None:
    book, _ = sheet_of([["Indicator", "Good is", "Target (%)", "Q1 (%)", "Q2 (%)"],
                        ["Children seen", "High", 90, 85, 88]])
    [item] = kpis_of(save(book))
    assert (item.latest, item.target) == (pytest.approx(0.88), pytest.approx(0.9))
    assert item.unit.kind == "percent"


def test_heavy_arrows_print_as_arrows_every_font_has() -> None:
    book, _ = sheet_of([["Indicator", "Target", "Polarity", "Trend", "Q1", "Q2"],
                        ["Visits", 10, "↑", "⬆", 8, 9], ["Waits", 10, "↓", "➡", 8, 9]])
    assert [row[3] for row in table_texts(convert(save(book)))[1:]] == ["↑", "→"]


def test_a_table_too_wide_for_any_page_is_warned_about() -> None:
    book, _ = sheet_of([[f"Heading{n:03d}withoutspaces" for n in range(60)],
                        [f"value{n:03d}withoutspaces" for n in range(60)]])
    result = convert(save(book))
    assert "too many columns to fit a landscape page" in messages(result)
