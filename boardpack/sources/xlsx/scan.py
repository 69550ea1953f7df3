"""One pass over a worksheet's XML, streamed, for what openpyxl's read-only mode hides.

openpyxl's read-only mode streams cell values in bounded memory but does not
report hidden rows, hidden columns or merged cells, and with ``data_only`` a
formula that was never calculated looks like an empty cell. Its full mode knows
those things but builds every cell of every sheet of the workbook in memory.
So boardpack reads values in read-only mode and gets the structure from this
scan: an expat pass over the one sheet's XML that keeps only counts, the table's
extent, hidden rows and columns, merges and the cells that need a warning. It
stops as soon as the table grows past the configured limits, so a 100,000-row
sheet costs little time before it is refused.
"""

from __future__ import annotations

import re
import xml.parsers.expat
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import cache
from typing import IO

from boardpack.sources.xlsx.package import WorkbookError
from boardpack.sources.xlsx.rules import Formatting, Rule, Threshold

MAX_COLUMN = 16_384
MAX_ROW = 1_048_576
MAX_NOTED = 50
CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})$")
TRUE = ("1", "true")
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main "
_FORMATTING_TAGS = frozenset({"conditionalFormatting", "cfRule", "formula", "iconSet",
                              "dataBar", "cfvo", "color"})


@cache
def column_index(letters: str) -> int:
    """``A`` → 1, ``AB`` → 28."""
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


def cell_ref(row: int, column: int) -> str:
    from openpyxl.utils.cell import get_column_letter  # openpyxl only when a workbook is read

    return f"{get_column_letter(column)}{row}"


def parse_cell(ref: str) -> tuple[int, int] | None:
    """``B7`` → (7, 2); None if ``ref`` is not a cell reference."""
    letters = ref.rstrip("0123456789")
    if letters.isalpha() and len(letters) <= 3 and len(ref) - len(letters) <= 7:
        row, column = int(ref[len(letters):] or 0), column_index(letters)
    else:
        match = CELL_REF.match(ref.strip())
        if not match:
            return None
        row, column = int(match.group(2)), column_index(match.group(1))
    return (row, column) if 1 <= row <= MAX_ROW and 1 <= column <= MAX_COLUMN else None


@dataclass(frozen=True)
class Area:
    """A rectangle of cells, 1-based and inclusive."""

    min_row: int
    min_col: int
    max_row: int
    max_col: int

    @classmethod
    def parse(cls, text: str) -> Area | None:
        """``A1:F20``, ``B2``, ``A:F`` or ``3:20``; None if it is none of these."""
        text = text.replace("$", "").strip().upper()
        start, _, end = text.partition(":")
        end = end or start
        if re.fullmatch(r"[A-Z]{1,3}", start) and re.fullmatch(r"[A-Z]{1,3}", end):
            return cls._ordered(1, column_index(start), MAX_ROW, column_index(end))
        if re.fullmatch(r"\d{1,7}", start) and re.fullmatch(r"\d{1,7}", end):
            return cls._ordered(int(start), 1, int(end), MAX_COLUMN)
        first, last = parse_cell(start), parse_cell(end)
        if first is None or last is None:
            return None
        return cls._ordered(first[0], first[1], last[0], last[1])

    @classmethod
    def _ordered(cls, r1: int, c1: int, r2: int, c2: int) -> Area | None:
        if not (1 <= min(r1, r2) <= max(r1, r2) <= MAX_ROW
                and 1 <= min(c1, c2) <= max(c1, c2) <= MAX_COLUMN):
            return None
        return cls(min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))

    def contains(self, row: int, column: int) -> bool:
        return self.min_row <= row <= self.max_row and self.min_col <= column <= self.max_col

    def __str__(self) -> str:
        return f"{cell_ref(self.min_row, self.min_col)}:{cell_ref(self.max_row, self.max_col)}"


class TooLarge(Exception):
    """The table is over a limit; ``what`` is 'rows' or 'cells', ``count`` how many so far."""

    def __init__(self, what: str, count: int) -> None:
        super().__init__(what, count)
        self.what, self.count = what, count


@dataclass
class Scan:
    """What the scan found in one sheet."""

    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: list[tuple[int, int]] = field(default_factory=list)
    merges: list[Area] = field(default_factory=list)
    extent: Area | None = None  # the visible cells with content, within the area asked for
    uncalculated: list[str] = field(default_factory=list)  # formulas with no saved result
    hidden_row_values: list[str] = field(default_factory=list)
    hidden_col_values: list[str] = field(default_factory=list)
    hidden_value_count: int = 0
    formats: list[Formatting] = field(default_factory=list)  # conditional formatting
    extension_formats: int = 0  # Excel 2010's own rules (in extLst) but data bars

    def column_hidden(self, column: int) -> bool:
        return any(low <= column <= high for low, high in self.hidden_cols)

    def visible_rows(self, area: Area) -> list[int]:
        return [r for r in range(area.min_row, area.max_row + 1) if r not in self.hidden_rows]

    def visible_cols(self, area: Area) -> list[int]:
        return [c for c in range(area.min_col, area.max_col + 1) if not self.column_hidden(c)]


class _Scanner:
    """expat handlers that fill a Scan."""

    def __init__(self, area: Area | None, max_rows: int, max_cells: int) -> None:
        self.scan = Scan()
        self.area = area
        self.max_rows, self.max_cells = max_rows, max_cells
        self.zero_height = False
        self.row = self.col = 0
        self.row_hidden = self.skip_row = False
        self.in_value = self.has_value = self.has_formula = False
        self.first_row: int | None = None
        self.hidden_since_first = 0
        self.cells = 0
        self.bounds: list[int] = []  # min_row, min_col, max_row, max_col
        self.rule: Rule | None = None
        self.formula: list[str] | None = None  # the text of a <formula> being read

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = name[name.rfind(" ") + 1:]
        if tag == "c":
            if self.skip_row:
                return
            ref = parse_cell(attrs.get("r", "")) if "r" in attrs else None
            self.col = ref[1] if ref else self.col + 1
            self.has_value = self.has_formula = False
        elif tag == "v":
            self.in_value = True
        elif tag == "f":
            self.has_formula = True
        elif tag == "is":
            self.has_value = True
        elif tag == "row":
            self._row(attrs)
        elif tag == "col":
            self._col(attrs)
        elif tag == "mergeCell":
            merged = Area.parse(attrs.get("ref", ""))
            if merged is not None:
                self.scan.merges.append(merged)
        elif tag == "sheetFormatPr":
            self.zero_height = attrs.get("zeroHeight", "") in TRUE
        elif tag in _FORMATTING_TAGS:
            self._formatting(tag, name.startswith(MAIN_NS), attrs)

    def _formatting(self, tag: str, main: bool, attrs: dict[str, str]) -> None:
        """Conditional formatting: the ranges, then each rule and its parts."""
        formats = self.scan.formats
        if not main:  # Excel 2010's own rules (custom icons, data bars)
            if tag == "cfRule" and attrs.get("type", "") != "dataBar":
                self.scan.extension_formats += 1
            return
        if tag == "conditionalFormatting":
            ranges = [a for a in map(Area.parse, attrs.get("sqref", "").split()) if a]
            formats.append(Formatting(ranges))
            self.rule = None
            return
        if not formats or not formats[-1].ranges:
            return
        if tag == "cfRule":
            priority = _number(attrs.get("priority", ""))
            dxf = attrs.get("dxfId", "")
            self.rule = Rule(kind=attrs.get("type", ""), priority=int(priority or 0),
                             dxf=int(dxf) if dxf.isdigit() else None,
                             operator=attrs.get("operator", ""), text=attrs.get("text", ""),
                             stop=attrs.get("stopIfTrue", "") in TRUE, options=dict(attrs))
            formats[-1].rules.append(self.rule)
        elif self.rule is None:
            return
        elif tag == "formula":
            self.formula = []
        elif tag == "iconSet":
            self.rule.icon_set = attrs.get("iconSet", "3TrafficLights1")
            self.rule.reverse = attrs.get("reverse", "") in TRUE
            self.rule.show_value = attrs.get("showValue", "1") in TRUE
        elif tag == "dataBar":
            self.rule.show_value = attrs.get("showValue", "1") in TRUE
        elif tag == "cfvo":
            self.rule.thresholds.append(Threshold(attrs.get("type", ""), attrs.get("val", ""),
                                                  attrs.get("gte", "1") in TRUE))
        elif tag == "color":
            self.rule.colours.append(dict(attrs))

    def _row(self, attrs: dict[str, str]) -> None:
        number = attrs.get("r", "")
        self.row = int(number) if number.isdigit() else self.row + 1
        self.col = 0
        height = _number(attrs.get("ht", ""))
        self.row_hidden = (attrs.get("hidden", "") in TRUE or height == 0
                           or (self.zero_height and not height))
        if self.row_hidden:
            self.scan.hidden_rows.add(self.row)
            if self.first_row is not None:
                self.hidden_since_first += 1
        # A visible row outside the area asked for matters only for hidden columns' data.
        self.skip_row = (self.area is not None and not self.row_hidden and not
                         self.scan.hidden_cols and not self.area.min_row <= self.row
                         <= self.area.max_row)

    def _col(self, attrs: dict[str, str]) -> None:
        low, high = _number(attrs.get("min", "")), _number(attrs.get("max", ""))
        if low is None or high is None:
            return
        if attrs.get("hidden", "") in TRUE or _number(attrs.get("width", "")) == 0:
            self.scan.hidden_cols.append((int(low), int(high)))

    def end(self, name: str) -> None:
        tag = name[name.rfind(" ") + 1:]
        if tag == "v":
            self.in_value = False
        elif tag == "formula" and self.formula is not None and self.rule is not None:
            self.rule.formulas.append("".join(self.formula))
            self.formula = None
        elif tag == "c" and (self.has_value or self.has_formula) and not self.skip_row:
            self._cell()

    def text(self, data: str) -> None:
        if self.in_value and not data.isspace():
            self.has_value = True
        elif self.formula is not None:
            self.formula.append(data)

    def _cell(self) -> None:
        row, col, scan = self.row, self.col, self.scan
        if self.row_hidden or scan.column_hidden(col):
            if self.has_value:
                scan.hidden_value_count += 1
                noted = scan.hidden_row_values if self.row_hidden else scan.hidden_col_values
                if len(noted) < MAX_NOTED:
                    noted.append(cell_ref(row, col))
            return
        if self.area is not None and not self.area.contains(row, col):
            return
        if self.has_formula and not self.has_value and len(scan.uncalculated) < MAX_NOTED:
            scan.uncalculated.append(cell_ref(row, col))
        self.cells += 1
        if self.first_row is None:
            self.first_row = row
            self.bounds = [row, col, row, col]
        bounds = self.bounds
        bounds[0], bounds[1] = min(bounds[0], row), min(bounds[1], col)
        bounds[2], bounds[3] = max(bounds[2], row), max(bounds[3], col)
        rows = bounds[2] - bounds[0] + 1 - self.hidden_since_first
        if rows > self.max_rows:
            raise TooLarge("rows", rows)
        if self.cells > self.max_cells:
            raise TooLarge("cells", self.cells)

    def finish(self) -> Scan:
        if self.bounds:
            self.scan.extent = Area(*self.bounds)
        return self.scan


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def scan_sheet(handle: IO[bytes], *, area: Area | None, max_rows: int, max_cells: int,
               sheet: str) -> Scan:
    """Scan a worksheet's XML; raises TooLarge or WorkbookError."""
    scanner = _Scanner(area, max_rows, max_cells)
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = scanner.start
    parser.EndElementHandler = scanner.end
    parser.CharacterDataHandler = scanner.text
    parser.buffer_text = True
    try:
        parser.ParseFile(handle)
    except xml.parsers.expat.ExpatError as exc:
        raise WorkbookError(f"sheet '{sheet}' is damaged (its XML is not well-formed: "
                            f"{exc}): open the workbook in Excel and save it again") from None
    except (OSError, EOFError, zlib.error, zipfile.BadZipFile) as exc:
        raise WorkbookError(f"sheet '{sheet}' is damaged ({exc}): ask for the file again"
                            ) from None
    return scanner.finish()
