"""KPI workbooks (.xlsx): values as Excel shows them, hidden data kept out, limits.

Workbooks are written by openpyxl in each test (a 100,000-row one is written as
raw sheet XML, which takes a fraction of a second); packs are built for real
with Pandoc and Typst, and the PDF and HTML are read back.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from helpers import pdf_text
from helpers.xlsx import built_pack, cell_texts, convert, refusal, tables, workbook
from hypothesis import given, settings
from hypothesis import strategies as st

from boardpack.model import Limits
from boardpack.pandoc import ast
from boardpack.pipeline.check import check
from boardpack.sources import Converted
from boardpack.sources.xlsx import numfmt as xlsx_numfmt
from boardpack.sources.xlsx.numfmt import display
from boardpack.sources.xlsx.scan import Area

# --- helpers -----------------------------------------------------------------------------














def messages(result: Converted) -> str:
    return "\n".join(str(n) for n in result.notes)


def big_workbook(rows: int, cols: int = 6) -> bytes:
    """A one-sheet workbook of ``rows`` numeric rows, written as raw XML (fast)."""
    letters = [chr(65 + c) for c in range(cols)]
    body = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{x}{r}"><v>{r * 10 + c}</v></c>'
                                   for c, x in enumerate(letters)) + "</row>"
        for r in range(1, rows + 1))
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts = {
        "[Content_Types].xml":
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package'
            '.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxml'
            'formats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/'
            'worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocu'
            'ment.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/'
                       'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet '
                           'name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels":
            f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><dimension ref="A1:'
                                    f'{letters[-1]}{rows}"/><sheetData>{body}</sheetData>'
                                    '</worksheet>',
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


def with_part(data: bytes, name: str, change: Callable[[bytes], bytes]) -> bytes:
    """The workbook with one part rewritten."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            target.writestr(info.filename, change(content) if info.filename == name else content)
    return out.getvalue()


# --- values as Excel shows them ----------------------------------------------------------

FORMATS = [
    (0.26, "0%", "26%"),
    (0.255, "0.0%", "25.5%"),
    (1234567.891, "#,##0", "1,234,568"),
    (1234.5, "£#,##0.00", "£1,234.50"),
    (-1234.5, "[$£-809]#,##0.00", "-£1,234.50"),
    (-5, "#,##0;(#,##0)", "(5)"),
    (0, '#,##0;(#,##0);"-"', "-"),
    (2.675, "0.00", "2.68"),
    (0.1 + 0.2, "General", "0.3"),
    (2 / 3, "General", "0.666666667"),
    (123456789012, "General", "1.23457E+11"),
    (1500000, '#,##0.0,,"m"', "1.5m"),
    (12345.678, "0.00E+00", "1.23E+04"),
    (17.25, "# ?/?", "17 1/4"),
    (dt.datetime(2027, 1, 20), "mm-dd-yy", "20/01/2027"),
    (dt.datetime(2027, 1, 20, 14, 5), "d mmm yyyy hh:mm", "20 Jan 2027 14:05"),
    (dt.datetime(2027, 1, 20), "dddd d mmmm yyyy", "Wednesday 20 January 2027"),
    (dt.datetime(2027, 1, 20), "mmm-yy", "Jan-27"),
    (46407, "dd/mm/yyyy", "20/01/2027"),
    (dt.time(14, 30), "h:mm AM/PM", "2:30 PM"),
    (dt.timedelta(hours=30, minutes=5), "[h]:mm", "30:05"),
    (5, ";;;", ""),
    ("abc", '"Note: "@', "Note: abc"),
    (True, "General", "TRUE"),
    (1500, "[<1000]0;#,##0", "1,500"),
    (7, "000", "007"),
    (7, "0,000", "0,007"),
    (1e305, '0%%', "########"),
]


@pytest.mark.parametrize(("value", "fmt", "shown"), FORMATS)
def test_number_formats_show_what_excel_shows(value: object, fmt: str, shown: str) -> None:
    assert display(value, fmt) == shown


@settings(max_examples=300, deadline=None)
@given(value=st.one_of(st.floats(allow_nan=False), st.integers(-10**20, 10**20), st.booleans(),
                       st.text(max_size=5), st.datetimes(dt.datetime(1900, 3, 1)),
                       st.times(), st.timedeltas(dt.timedelta(days=-5), dt.timedelta(days=5))),
       fmt=st.text(alphabet='0#?.,%Ee+-;"\\_*[]$£hmsdyAMP/@General<>=19 ', max_size=16))
def test_any_format_gives_text_and_never_an_exception(value: object, fmt: str) -> None:
    assert isinstance(display(value, fmt), str)


@settings(max_examples=500, deadline=None)
@given(value=st.one_of(st.floats(allow_nan=False, allow_infinity=False),
                       st.integers(-10**30, 10**30),
                       st.floats(-1e12, 1e12).map(lambda v: round(v, 3))))
def test_general_numbers_take_a_short_way_to_the_same_text(value: float) -> None:
    assert display(value, "General") == xlsx_numfmt._number(value, "General")


def test_formats_dates_and_merged_headings_come_through_openpyxl() -> None:
    def fill(book: openpyxl.Workbook) -> None:
        sheet = book.active
        sheet.append(["Measure", "2026/27", None, "Updated"])
        sheet.merge_cells("B1:C1")
        sheet.append([None, "Q1", "Q2", None])
        sheet.merge_cells("A1:A2")
        sheet.merge_cells("D1:D2")
        sheet.append(["Spend", 1234.5, 99999.4, dt.date(2027, 1, 20)])
        sheet.append(["Share", 0.255, 0.3, None])
        for cell in ("B3", "C3"):
            sheet[cell].number_format = "£#,##0.00"
        for cell in ("B4", "C4"):
            sheet[cell].number_format = "0.0%"
        sheet["D3"].number_format = "dd/mm/yyyy"

    result = convert(workbook(fill))
    [table] = tables(result)
    assert cell_texts(table) == [
        ["Measure", "2026/27", "Updated"],
        ["Q1", "Q2"],
        ["Spend", "£1,234.50", "£99,999.40", "20/01/2027"],
        ["Share", "25.5%", "30.0%", ""],
    ]
    head = table["c"][3][1]
    spans = [(ast.text_of(c[4]), c[2], c[3]) for c in head[0][1]]
    assert spans == [("Measure", 2, 1), ("2026/27", 1, 2), ("Updated", 2, 1)]
    assert "Sheet: KPIs" in ast.text_of(result.blocks)


def test_sheet_and_range_options_choose_what_is_shown() -> None:
    def fill(book: openpyxl.Workbook) -> None:
        book.active.append(["Not this sheet"])
        other = book.create_sheet("Quarter 3")
        for row in range(1, 8):
            other.append([f"r{row}c{col}" for col in range(1, 6)])

    data = workbook(fill)
    assert cell_texts(tables(convert(data))[0]) == [["Not this sheet"]]
    chosen = convert(data, sheet="quarter 3", range="$B$2:C4")
    assert cell_texts(tables(chosen)[0]) == [["r2c2", "r2c3"], ["r3c2", "r3c3"],
                                             ["r4c2", "r4c3"]]
    assert "cells B2:C4" in ast.text_of(chosen.blocks)
    assert "no sheet named 'Summary'" in refusal(data, sheet="Summary")
    assert "'KPIs', 'Quarter 3'" in refusal(data, sheet="Summary")
    assert "not a cell range" in refusal(data, range="A1:B")
    assert "unknown setting 'shet'" in messages(convert(data, shet="KPIs"))


def test_formula_errors_and_uncalculated_formulas_are_flagged_with_their_cells() -> None:
    def fill(book: openpyxl.Workbook) -> None:
        sheet = book.active
        sheet.append(["Indicator", "Value"])
        sheet.append(["Broken link", "#REF!"])
        sheet.append(["Rate", "#DIV/0!"])
        sheet.append(["Total", "=SUM(B2:B3)"])  # openpyxl saves no result for it

    result = convert(workbook(fill))
    assert cell_texts(tables(result)[0])[1:] == [["Broken link", "#REF!"],
                                                ["Rate", "#DIV/0!"], ["Total", ""]]
    text = messages(result)
    assert "formula errors: B2 (#REF!), B3 (#DIV/0!)" in text
    assert "formulas with no saved result, shown blank: B4" in text


def test_hidden_sheet_cannot_be_asked_for_and_other_sheets_must_be_worksheets() -> None:
    def fill(book: openpyxl.Workbook) -> None:
        book.active.append(["Visible"])
        book.create_sheet("Working").sheet_state = "hidden"
        book.create_chartsheet("Chart")

    data = workbook(fill)
    assert "hidden, and boardpack never publishes hidden sheets" in refusal(data, sheet="Working")
    assert "chartsheet, not a table" in refusal(data, sheet="Chart")


def test_values_hidden_by_a_format_are_left_out_and_flagged() -> None:
    def fill(book: openpyxl.Workbook) -> None:
        book.active.append(["Name", "Salary"])
        book.active.append(["Post 1", 41234])
        book.active["B2"].number_format = ";;;"

    result = convert(workbook(fill))
    assert "41234" not in ast.text_of(result.blocks)
    assert "hidden by their number format" in messages(result) and "B2" in messages(result)


# --- hidden data never reaches a pack ----------------------------------------------------

HIDDEN_SHEET, HIDDEN_ROW, HIDDEN_COL, VERY_HIDDEN = (
    "Qzxhiddensheet1207", "Qzxhiddenrow3318", "Qzxhiddencol4429", "Qzxveryhidden5530")
VISIBLE = "Qzxvisiblecell6641"


def leaky_workbook() -> bytes:
    def fill(book: openpyxl.Workbook) -> None:
        sheet = book.active
        sheet.append(["Indicator", "Target", "Better", "Q1", "Q2", "Notes"])
        sheet.append([VISIBLE, 0.15, "Lower", 0.2, 0.18, "ok"])
        sheet.append([HIDDEN_ROW, 0.15, "Lower", 0.9, 0.9, "staff names"])
        sheet.append(["Caseload", 18, "Lower", 21, 19, HIDDEN_COL])
        sheet.row_dimensions[3].hidden = True
        sheet.column_dimensions["F"].hidden = True
        working = book.create_sheet("Working")
        working.append(["Name", "Salary"])
        working.append([HIDDEN_SHEET, 41000])
        working.sheet_state = "hidden"
        macro = book.create_sheet("Lookup")
        macro.append([VERY_HIDDEN])
        macro.sheet_state = "veryHidden"

    return workbook(fill)




@pytest.fixture(scope="module")
def leaky_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_pack(tmp_path_factory.mktemp("leaky") / "pack", "",
                      {"reports/kpis-appendix.xlsx": leaky_workbook()})


@pytest.mark.parametrize("output", ["members.pdf", "members.html", "public.pdf", "public.html"])
def test_hidden_sheets_rows_and_columns_never_reach_the_pack(leaky_pack: Path,
                                                              output: str) -> None:
    path = leaky_pack / "build" / output
    text = pdf_text(path) if output.endswith(".pdf") else path.read_text(encoding="utf-8")
    assert VISIBLE in text  # the search can find what is there
    assert "Caseload" in text
    for marker in (HIDDEN_SHEET, HIDDEN_ROW, HIDDEN_COL, VERY_HIDDEN):
        assert marker not in text
    assert b"Qzxhidden" not in path.read_bytes()


def test_check_warns_about_each_kind_of_hidden_data(leaky_pack: Path) -> None:
    warnings = [str(p) for p in check(leaky_pack).warnings]
    assert any("sheet 'Working' is hidden" in w for w in warnings)
    assert any("sheet 'Lookup' is very hidden" in w for w in warnings)
    assert any("hidden rows with data (row 3)" in w for w in warnings)
    assert any("hidden columns with data (column F)" in w for w in warnings)
    assert all("item 'kpis'" in w and "kpis-appendix.xlsx" in w for w in warnings
               if "hidden" in w)


def test_a_merge_that_starts_in_a_hidden_column_shows_nothing() -> None:
    def fill(book: openpyxl.Workbook) -> None:
        sheet = book.active
        sheet["A1"] = "Qzxmergedsecret"
        sheet.merge_cells("A1:C1")
        sheet.append(["a", "b", "c"])
        sheet.column_dimensions["A"].hidden = True

    result = convert(workbook(fill))
    assert "Qzxmergedsecret" not in ast.text_of(result.blocks)
    assert cell_texts(tables(result)[0]) == [["b", "c"]]


# --- broken and hostile workbooks ---------------------------------------------------------


def test_an_xml_bomb_is_refused_before_any_parser_sees_it() -> None:
    data = workbook(lambda book: book.active.append(["text"]))
    bomb = b'<?xml version="1.0"?>\n<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa">]>'
    bombed = with_part(data, "xl/styles.xml",
                       lambda content: bomb + re.sub(rb"^<\?xml[^>]*\?>", b"", content))
    assert "declares XML entities" in refusal(bombed)


def test_strict_open_xml_is_a_clear_error_not_an_empty_table() -> None:
    data = workbook(lambda book: book.active.append(["text"]))
    strict = with_part(data, "xl/workbook.xml", lambda content: content.replace(
        b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        b"http://purl.oclc.org/ooxml/spreadsheetml/main"))
    assert "Strict Open XML" in refusal(strict)


@pytest.mark.parametrize(("data", "expected"), [
    (b"", "empty"),
    (b"PK\x03\x04truncated", "damaged"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "password"),
    (b"%PDF-1.7 renamed", "not a Excel file"),
])
def test_broken_files_give_one_line(data: bytes, expected: str) -> None:
    assert expected in refusal(data)


# --- limits --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hundred_thousand_rows() -> bytes:
    return big_workbook(100_000)


def test_a_100000_row_sheet_is_refused_quickly_with_what_to_do(
        hundred_thousand_rows: bytes) -> None:
    message = refusal(hundred_thousand_rows)
    assert "more than 2,000 rows" in message
    assert 'range = "' in message and "max_sheet_rows" in message


def test_a_range_takes_a_small_table_from_a_sheet_over_the_limit() -> None:
    result = convert(big_workbook(20_000), range="B2:C4")
    assert cell_texts(tables(result)[0]) == [["21", "22"], ["31", "32"], ["41", "42"]]


def test_the_cell_limit_is_configurable_in_pack_toml(make_pack: Callable[..., Path]) -> None:
    data = workbook(lambda book: [book.active.append(list(range(8))) for _ in range(5)])
    root = make_pack("""
        [limits]
        max_sheet_cells = 30

        [[item]]
        id = "kpis"
        title = "KPIs"
        files = ["reports/kpis.xlsx"]
        """, files={"reports/kpis.xlsx": data})
    errors = [str(p) for p in check(root, use_cache=False).errors]
    assert len(errors) == 1 and "more than 30 cells" in errors[0]
    assert "max_sheet_cells" in errors[0] and "item 'kpis'" in errors[0]
    assert convert(data, Limits(max_sheet_cells=40)).blocks


def test_area_parsing() -> None:
    assert Area.parse("a1:f20") == Area(1, 1, 20, 6)
    assert Area.parse("F20:A1") == Area(1, 1, 20, 6)
    assert Area.parse("C:D") == Area(1, 3, 1_048_576, 4)
    assert Area.parse("3:5") == Area(3, 1, 5, 16_384)
    assert Area.parse("B7") == Area(7, 2, 7, 2)
    for bad in ("", "A0:B2", "ZZZZ1", "A1:B", "Sheet1!A1:B2"):
        assert Area.parse(bad) is None, bad


def test_cell_text_keeps_line_breaks_and_markup_stays_text() -> None:
    def fill(book: openpyxl.Workbook) -> None:
        book.active.append(["Heading"])
        book.active.append(["line one\nline two <script>alert(1)</script> #set page(width: 1cm)"])

    result = convert(workbook(fill))
    kinds = {n["t"] for n in ast.nodes(tables(result)[0])}
    assert "LineBreak" in kinds and "RawInline" not in kinds and "RawBlock" not in kinds
    assert re.search(r"<script>", ast.text_of(result.blocks))
