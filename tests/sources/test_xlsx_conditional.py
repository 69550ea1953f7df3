"""Conditional formatting: a KPI sheet coloured by rules is rated as Excel shows it.

The workbooks are written by openpyxl with the rules councils use (formulas comparing
the actual with the target, "cell value less than", traffic-light icons, a colour
scale); the expected ratings are worked out by hand from the rules. The corpus file
(Apache POI's conditional formatting samples) is checked against the cells its rules
colour, read from the sheet.
"""

from __future__ import annotations

import openpyxl
import pytest
from helpers import CORPUS, pdf_text
from helpers.xlsx import built_pack, convert, grid_of, kpis_of, save
from openpyxl.formatting.rule import CellIsRule, ColorScaleRule, FormulaRule, IconSetRule
from openpyxl.styles import PatternFill

from boardpack.sources.xlsx import formula
from boardpack.sources.xlsx.colours import family
from boardpack.sources.xlsx.formula import Place, Unsupported

RED, AMBER, GREEN = (PatternFill(bgColor=c) for c in ("FFFF0000", "FFFFC000", "FF00B050"))


def scorecard(rules: str) -> bytes:
    """Four indicators with polarity, target and actual, and an empty RAG column F that
    only conditional formatting colours."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Scorecard"
    sheet.append(["Ref", "Measure", "Polarity", "Target", "Actual", "RAG"])
    for row in (("CP1", "Care leavers in education, employment or training", "Higher is better",
                 0.6, 0.65),
                ("CP2", "Children in care with three or more placements", "Lower is better",
                 0.1, 0.14),
                ("CP3", "Initial health assessments within 20 days", "Higher is better",
                 0.9, 0.86),
                ("CP4", "Personal education plans up to date", "Higher is better", 0.95, 0.7)):
        sheet.append([*row, None])
    for row in range(2, 6):
        sheet[f"D{row}"].number_format = sheet[f"E{row}"].number_format = "0%"
    if rules == "formulas":
        cf = sheet.conditional_formatting
        cf.add("F2:F5", FormulaRule(formula=['AND($C2="Higher is better",$E2>=$D2)'],
                                    fill=GREEN, stopIfTrue=True))
        cf.add("F2:F5", FormulaRule(formula=['AND($C2="Lower is better",$E2<=$D2)'],
                                    fill=GREEN, stopIfTrue=True))
        cf.add("F2:F5", FormulaRule(formula=["ABS($E2-$D2)<=0.05"], fill=AMBER,
                                    stopIfTrue=True))
        cf.add("F2:F5", FormulaRule(formula=["TRUE"], fill=RED))
    elif rules == "today":
        sheet.conditional_formatting.add("F2:F5", FormulaRule(formula=["$E2>TODAY()"], fill=RED))
    return save(book)


def test_formula_rules_rate_each_row_in_priority_order() -> None:
    found = {k.name: k.rating.word if k.rating else None for k in kpis_of(scorecard("formulas"))}
    assert found == {
        "Care leavers in education, employment or training": "Green",  # 65% ≥ 60%
        "Children in care with three or more placements": "Amber",  # 14% vs 10%: within 5
        "Initial health assessments within 20 days": "Amber",  # 86% vs 90%
        "Personal education plans up to date": "Red",  # 70% vs 95%: only TRUE is left
    }


def test_the_built_pack_shows_the_ratings_the_rules_paint(tmp_path) -> None:
    root = built_pack(tmp_path / "p", 'files = ["reports/kpis.xlsx"]',
                      {"reports/kpis.xlsx": scorecard("formulas")})
    text = " ".join(pdf_text(root / "build" / "members.pdf").split())
    for line in ("CP1 Care leavers in education, employment or training Higher is better 60% "
                 "65% Green", "three or more placements Lower is better 10% 14% Amber",
                 "Initial health assessments within 20 days Higher is better 90% 86% Amber"):
        assert line in text


def test_a_rule_that_cannot_be_evaluated_is_warned_about_by_range() -> None:
    result = convert(scorecard("today"))
    notes = "\n".join(str(n) for n in result.notes)
    assert "conditional formatting" in notes and "F2:F5" in notes and "TODAY" in notes


def test_cell_value_rules_read_a_hidden_column_and_a_settings_cell() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "KPIs"
    sheet.append(["Measure", "Target", "Actual", "Variance", "Status"])
    for name, target, actual in (("Visits on time", 90, 93), ("Plans reviewed", 95, 91),
                                 ("Assessments in time", 80, 60)):
        sheet.append([name, target, actual, (actual - target) / target, None])
    sheet.column_dimensions["D"].hidden = True  # the variance the rules read is hidden
    sheet["H1"] = -0.1  # the council's tolerance, outside the table
    cf = sheet.conditional_formatting
    cf.add("E2:E4", FormulaRule(formula=["$D2>=0"], fill=GREEN, stopIfTrue=True))
    cf.add("E2:E4", FormulaRule(formula=["$D2>=$H$1"], fill=AMBER, stopIfTrue=True))
    cf.add("E2:E4", CellIsRule(operator="equal", formula=['""'], fill=RED))
    found = {k.name: k.rating.word if k.rating else None for k in kpis_of(save(book))}
    assert found == {"Visits on time": "Green", "Plans reviewed": "Amber",
                     "Assessments in time": "Red"}


@pytest.mark.parametrize(("show", "reverse", "expected"), [
    (False, False, ["Green", "Red", "Amber"]),
    (True, False, ["92", "70", "79"]),
    (False, True, ["Red", "Green", "Amber"]),
])
def test_traffic_light_icons_are_ratings(show: bool, reverse: bool, expected: list[str]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "KPIs"
    sheet.append(["Measure", "Target", "Q1", "Q2", "Status"])
    for row in (("Visits on time", 90, 85, 92, 92), ("Plans reviewed", 95, 80, 70, 70),
                ("Assessments", 80, 78, 79, 79)):
        sheet.append(list(row))
    sheet.conditional_formatting.add("E2:E4", IconSetRule("3TrafficLights1", "num", [0, 75, 90],
                                                          showValue=show, reverse=reverse))
    kpis = kpis_of(save(book))
    assert [k.rating.word if k.rating else None for k in kpis] == expected
    families = {"Green": "green", "Red": "red", "Amber": "amber"}
    order = ["green", "red", "amber"] if not reverse else ["red", "green", "amber"]
    assert [k.rating.family if k.rating else None for k in kpis] == (
        order if show or reverse else [families[w] for w in expected])


def test_a_colour_scale_paints_each_figure_its_colour() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Measure", "Score"])
    for name, score in (("Low", 0), ("Middle", 50), ("High", 100)):
        sheet.append([name, score])
    sheet.conditional_formatting.add("B2:B4", ColorScaleRule(
        start_type="min", start_color="FFF8696B", mid_type="percentile", mid_value=50,
        mid_color="FFFFEB84", end_type="max", end_color="FF63BE7B"))
    grid = grid_of(save(book), "Sheet")
    assert [row[1].fill for row in grid.rows[1:]] == ["F8696B", "FFEB84", "63BE7B"]
    assert [family(row[1].fill) for row in grid.rows[1:]] == ["red", "amber", "green"]


def test_corpus_samples_cells_coloured_by_their_rules(corpus) -> None:
    data = (CORPUS / "xlsx" / "poi__ConditionalFormattingSamples.xlsx").read_bytes()
    products = grid_of(data, "Products1")
    painted = {c.ref for row in products.rows for c in row if c.fill}
    # "Amount less than 500" (D3:D23) and "Product contains Grain" (B3:B23), read
    # from the sheet: the amounts under 500 and the rows whose product is Grain.
    assert {r for r in painted if r.startswith("D")} == {
        "D7", "D8", "D11", "D12", "D14", "D15", "D17", "D21", "D23"}
    grain = {c.ref for row in products.rows for c in row
             if c.ref.startswith("B") and c.text == "Grain"}
    assert grain and {r for r in painted if r.startswith("B")} == grain
    # "this month" needs today's date: said, not guessed.
    assert any("A3:A23" in note and "timePeriod" in note for note in products.unevaluated)
    # Rules comparing with the settings cells G2 ("Grain") and G5 (200).
    chosen = grid_of(data, "Products2")
    amounts = {c.ref for row in chosen.rows for c in row
               if c.ref.startswith("D") and c.fill and c.ref != "D2"}
    assert amounts == {"D7", "D12", "D15", "D17"}  # the amounts under $200


@pytest.mark.parametrize(("text", "expected"), [
    ('AND($A1>=10, B1="yes")', True),
    ("OR(A1<5, NOT(B1=\"YES\"))", False),
    ("A1*2+1", 25.0),
    ('IF(A1>100, "big", "small")&"!"', "small!"),
    ("ROUND(A1/7, 2)", 1.71),
    ("ISBLANK(C1)", True),
    ("C1=0", True),  # a blank cell equals 0 …
    ('C1=""', True),  # … and ""
    ('"abc">5', True),  # text sorts after numbers
    ("NOT(ISERROR(SEARCH(\"es\",B1)))", True),
    ("50%", 0.5),
    ("MOD(ROW(),2)=1", True),  # banded rows
    ("A1>TODAY()", Unsupported),
    ("SUM(A1:A3)>0", Unsupported),
    ("Other!A1>0", Unsupported),
])
def test_formula_evaluator(text: str, expected: object) -> None:
    values = {(1, 1): 12, (1, 2): "Yes", (1, 3): None}
    place = Place(1, 1, 1, 1)
    if expected is Unsupported:
        with pytest.raises(Unsupported):
            formula.evaluate(text, place, lambda r, c: values.get((r, c)))
    else:
        assert formula.evaluate(text, place, lambda r, c: values.get((r, c))) == expected


def test_relative_references_move_with_the_cell() -> None:
    """A rule written for F2 and evaluated at F5 reads row 5; "$" parts stay put."""
    values = {(5, 4): 3, (5, 5): 4, (6, 4): 9, (6, 5): 4, (2, 5): 1}
    def lookup(row: int, column: int) -> object:
        return values.get((row, column))
    assert formula.evaluate("$D2<E2", Place(5, 6, 2, 6), lookup) is True  # D5 3 < E5 4
    assert formula.evaluate("$D2<E2", Place(6, 6, 2, 6), lookup) is False  # D6 9 < E6 4
    assert formula.evaluate("$D5<E$2", Place(5, 7, 5, 6), lookup) is False  # D5 3 < F2 (blank)
    assert formula.references("$D2<E$2", Place(5, 7, 2, 6)) == [(5, 4), (2, 6)]


def test_excel_2010_rules_are_warned_about() -> None:
    """Rules kept only in the sheet's extension list (custom icon sets) are not evaluated:
    the clerk is told; data bars, which only draw a bar beside the figure, are not."""
    import io
    import zipfile

    ext = ('<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}" xmlns:x14='
           '"http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:'
           'conditionalFormattings><x14:conditionalFormatting xmlns:xm="http://schemas.'
           'microsoft.com/office/excel/2006/main"><x14:cfRule type="{kind}" priority="1" '
           'id="{{1}}"/><xm:sqref>F2:F5</xm:sqref></x14:conditionalFormatting></x14:'
           'conditionalFormattings></ext></extLst></worksheet>')

    def with_rule(kind: str) -> bytes:
        source = zipfile.ZipFile(io.BytesIO(scorecard("none")))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for info in source.infolist():
                data = source.read(info)
                if info.filename == "xl/worksheets/sheet1.xml":
                    data = data.replace(b"</worksheet>", ext.replace("{kind}", kind).encode())
                target.writestr(info, data)
        return out.getvalue()

    def notes(kind: str) -> str:
        return "\n".join(str(n) for n in convert(with_rule(kind)).notes)

    assert "1 conditional formatting rule(s) of Excel 2010" in notes("iconSet")
    assert "Excel 2010" not in notes("dataBar")
