"""Write the demo pack's KPI workbook (fictional figures for a fictional council).

    python docs/make_demo_workbook.py

writes packs/corporate-parenting-board-2027-01-20/reports/workforce-kpis-appendix.xlsx.
It shows what boardpack reads from a KPI workbook: a merged title and merged
year headings, percentage, decimal and currency formats, a date, and a column
of formulas. openpyxl writes formulas without a saved result (only Excel
calculates), so this script computes each result itself and stores it in the
cell, as Excel would. The output is byte-for-byte repeatable.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

TARGET = (Path(__file__).resolve().parent.parent / "packs" /
          "corporate-parenting-board-2027-01-20" / "reports" / "workforce-kpis-appendix.xlsx")
STAMP = dt.datetime(2027, 1, 6, 9, 0, 0)
PERIODS = {"2025/26": ("Q2", "Q3", "Q4"), "2026/27": ("Q1", "Q2", "Q3")}
# name, target, better, number format, quarterly values (oldest first)
INDICATORS = [
    ("Agency social workers (% of posts)", 0.15, "Lower", "0%",
     [0.24, 0.25, 0.27, 0.29, 0.28, 0.26]),
    ("Agency staff in post over one year (%)", 0.50, "Lower", "0%",
     [0.45, 0.47, 0.48, 0.50, 0.49, 0.52]),
    ("Average caseload per social worker", 18, "Lower", "0.0",
     [22.4, 22.1, 21.6, 21.9, 21.2, 19.4]),
    ("Social worker vacancy rate", 0.12, "Lower", "0%",
     [0.20, 0.19, 0.18, 0.18, 0.17, 0.15]),
    ("Social worker turnover (12 months)", 0.15, "Lower", "0.0%",
     [0.185, 0.179, 0.172, 0.164, 0.151, 0.146]),
    ("Children in care with 3+ placement moves in 12 months", 0.10, "Lower", "0.0%",
     [0.112, 0.109, 0.104, 0.101, 0.097, 0.093]),
    ("Care leavers aged 19 to 21 in education, employment or training", 0.60, "Higher", "0%",
     [0.52, 0.54, 0.53, 0.55, 0.56, 0.57]),
    ("Average weekly cost of an agency social worker (£)", 1700, "Lower", "£#,##0",
     [1880, 1860, 1842, 1815, 1790, 1768]),
]
CHANGE_FORMATS = {"0%": '+0%;-0%;0%', "0.0%": '+0.0%;-0.0%;0.0%', "0.0": "+0.0;-0.0;0.0",
                  "£#,##0": '+£#,##0;-£#,##0;£0'}


def build() -> tuple[bytes, dict[str, float]]:
    """The workbook as openpyxl writes it, and the result of each formula cell."""
    wb = Workbook()
    ws = wb.active
    ws.title = "KPIs"
    wb.properties.creator = "Performance and Intelligence Team, Middlehaven Borough Council"
    wb.properties.created = wb.properties.modified = STAMP
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DCE6F1")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    first_period = 4
    change_col = first_period + sum(len(q) for q in PERIODS.values())
    last_col = change_col
    ws.cell(1, 1, "Social work workforce indicators, quarter 3 2026/27").font = Font(
        bold=True, size=13)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_col)
    for column, heading in ((1, "Indicator"), (2, "Target"), (3, "Better"),
                            (change_col, "Change on last quarter")):
        ws.cell(2, column, heading)
        ws.merge_cells(start_row=2, start_column=column, end_row=3, end_column=column)
    column = first_period
    for year, quarters in PERIODS.items():
        ws.cell(2, column, year)
        ws.merge_cells(start_row=2, start_column=column, end_row=2,
                       end_column=column + len(quarters) - 1)
        for offset, quarter in enumerate(quarters):
            ws.cell(3, column + offset, quarter)
        column += len(quarters)
    for row in (2, 3):
        for col in range(1, last_col + 1):
            cell = ws.cell(row, col)
            cell.font, cell.fill, cell.alignment = bold, header_fill, centre
    results: dict[str, float] = {}
    for offset, (name, target, better, fmt, values) in enumerate(INDICATORS):
        row = 4 + offset
        ws.cell(row, 1, name)
        ws.cell(row, 2, target).number_format = fmt
        ws.cell(row, 3, better)
        for index, value in enumerate(values):
            ws.cell(row, first_period + index, value).number_format = fmt
        latest = get_column_letter(change_col - 1)
        previous = get_column_letter(change_col - 2)
        change = ws.cell(row, change_col, f"={latest}{row}-{previous}{row}")
        change.number_format = CHANGE_FORMATS[fmt]
        results[change.coordinate] = round(values[-1] - values[-2], 10)
    note_row = 4 + len(INDICATORS)
    ws.cell(note_row, 1, "Data as at")
    ws.cell(note_row, 2, dt.date(2026, 12, 31)).number_format = "dd/mm/yyyy"
    ws.merge_cells(start_row=note_row, start_column=2, end_row=note_row, end_column=3)
    ws.column_dimensions["A"].width = 48
    for col in range(2, last_col + 1):
        ws.column_dimensions[get_column_letter(col)].width = 10
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), results


def with_saved_results(data: bytes, results: dict[str, float]) -> bytes:
    """Store each formula's result in its cell, and make the zip repeatable."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = content.decode("utf-8")
                for ref, value in results.items():
                    text, count = re.subn(
                        rf'(<c r="{ref}"[^>]*><f>[^<]*</f>)<v\s*/?>(?:</v>)?',
                        lambda m, v=value: f"{m.group(1)}<v>{v!r}</v>", text)
                    assert count == 1, ref
                content = text.encode("utf-8")
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>"
                                 + STAMP.isoformat().encode() + b"Z", content)
            entry = zipfile.ZipInfo(info.filename, date_time=STAMP.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, content)
    return out.getvalue()


def main() -> None:
    data, results = build()
    TARGET.write_bytes(with_saved_results(data, results))
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
