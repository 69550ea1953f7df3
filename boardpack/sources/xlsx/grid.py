"""A sheet's table as Excel shows it: visible rows and columns, formatted values, merges.

``read_grid`` takes cell values, number formats, fills and fonts from openpyxl's
read-only mode (cached formula results, ``data_only``) for the table's rectangle
only, keeps the rows and columns that are not hidden, formats each value with its
number format and turns merged cells into one cell that spans the visible rows
and columns of the merge. A merge whose first cell is hidden shows nothing: a
hidden cell's value never reaches the pack. Text in a symbol font (Wingdings,
Webdings, Symbol), whole cells or runs of rich text, becomes the characters the font
draws (``é`` in Wingdings is ↑).

Rows at the top that are a title (one merged cell across the table, or one cell in
the first column) become the table's titles; blank rows above the headings are
dropped; rows of one cell below the table, after a blank row (a key, notes), become
its notes.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any

from boardpack.sources.xlsx import symbols
from boardpack.sources.xlsx.colours import Palette
from boardpack.sources.xlsx.numfmt import display
from boardpack.sources.xlsx.package import WorkbookError
from boardpack.sources.xlsx.painted import paint_conditional
from boardpack.sources.xlsx.scan import Area, Scan

MAX_HEADER_ROWS = 3
# openpyxl warns on stderr about parts it skips (conditional formats, extensions, a
# missing default style): nothing a clerk could act on, and nothing that reaches a pack.
warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl\.")
READ_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError, SyntaxError,
               zipfile.BadZipFile, zlib.error, EOFError, OSError)  # and openpyxl's own


@dataclass
class GridCell:
    """One visible cell: the text Excel shows, and the value behind it."""

    text: str = ""
    value: Any = None
    number_format: str = "General"
    ref: str = ""
    error: bool = False
    rowspan: int = 1
    colspan: int = 1
    anchor: tuple[int, int] | None = None  # set on cells a merge covers: the merge's cell
    fill: str | None = None  # a solid fill, RRGGBB
    ink: str | None = None  # the font's colour, RRGGBB, when it is not automatic
    icon: str | None = None  # a conditional format's rating icon: its colour family

    @property
    def covered(self) -> bool:
        return self.anchor is not None


@dataclass
class Grid:
    """The visible table of a sheet, row by row; ``header_rows`` rows are headings."""

    rows: list[list[GridCell]]
    row_numbers: list[int]
    col_numbers: list[int]
    header_rows: int = 1
    hidden_by_format: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # one-cell rows below the table
    unknown_symbols: list[str] = field(default_factory=list)  # "E5 (Wingdings 'x')"
    unevaluated: list[str] = field(default_factory=list)  # conditional formats not evaluated

    @property
    def body(self) -> list[list[GridCell]]:
        return self.rows[self.header_rows:]

    def owner(self, i: int, j: int) -> GridCell:
        cell = self.rows[i][j]
        return self.rows[cell.anchor[0]][cell.anchor[1]] if cell.anchor else cell

    def headings(self) -> list[str]:
        """Each column's heading: the header rows' texts above it, merged cells included."""
        return [" ".join(parts) for parts in self.heading_parts()]

    def heading_parts(self) -> list[list[str]]:
        """Each column's heading texts, top row first (a merged heading once)."""
        texts = [[" ".join(self.owner(i, j).text.split()) for j in range(len(self.col_numbers))]
                 for i in range(self.header_rows)]
        for i in range(self.header_rows - 1):  # an unmerged group heading covers the
            for j in range(1, len(self.col_numbers)):  # blank cells to its right
                below = any(texts[k][j] for k in range(i + 1, self.header_rows))
                if not texts[i][j] and below and not self.rows[i][j].covered and any(
                        texts[k][j - 1] for k in range(i + 1, self.header_rows)):
                    texts[i][j] = texts[i][j - 1]
        out = []
        for j in range(len(self.col_numbers)):
            parts: list[str] = []
            for i in range(self.header_rows):
                if texts[i][j] and (not parts or parts[-1] != texts[i][j]):
                    parts.append(texts[i][j])
            out.append(parts)
        return out


def read_grid(data: bytes, sheet: str, scan: Scan, area: Area) -> Grid:
    """The visible part of ``area`` of ``sheet``; raises WorkbookError."""
    # openpyxl (and numpy, which it imports) only when a workbook is read
    from openpyxl import load_workbook
    from openpyxl.utils.cell import get_column_letter
    from openpyxl.utils.exceptions import InvalidFileException

    read_errors = (*READ_ERRORS, InvalidFileException)
    rows = scan.visible_rows(area)
    cols = scan.visible_cols(area)
    row_at = {r: i for i, r in enumerate(rows)}
    col_at = {c: j for j, c in enumerate(cols)}
    letters = [get_column_letter(c) for c in cols]
    grid = Grid(rows=[[GridCell(ref=f"{letter}{r}") for letter in letters] for r in rows],
                row_numbers=rows, col_numbers=cols)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True,
                                 keep_links=False, rich_text=True)
    except read_errors as exc:
        raise WorkbookError(f"openpyxl could not read the workbook ({type(exc).__name__}: "
                            f"{str(exc)[:120]}): open it in Excel and save it again") from None
    try:
        if sheet not in workbook.sheetnames:
            raise WorkbookError(f"openpyxl cannot find sheet '{sheet}': open the workbook in "
                                "Excel and save it again")
        palette = Palette.from_theme(getattr(workbook, "loaded_theme", None))
        values = workbook[sheet].iter_rows(min_row=area.min_row, max_row=area.max_row,
                                           min_col=area.min_col, max_col=area.max_col)
        for row in values:
            for cell in row:
                position = (row_at.get(getattr(cell, "row", 0)),
                            col_at.get(getattr(cell, "column", 0)))
                if position[0] is not None and position[1] is not None:
                    _fill(grid, grid.rows[position[0]][position[1]], cell, palette)
        if scan.formats:
            paint_conditional(grid, scan.formats, workbook, workbook[sheet], palette)
    except read_errors as exc:
        raise WorkbookError(f"sheet '{sheet}' could not be read ({type(exc).__name__}: "
                            f"{str(exc)[:120]}): open it in Excel and save it again") from None
    finally:
        workbook.close()
    _merge(grid, scan.merges, row_at, col_at)
    _take_titles(grid)
    _take_notes(grid)
    grid.header_rows = _header_rows(grid)
    return grid


def _filled(row: list[GridCell]) -> list[GridCell]:
    return [c for c in row if not c.covered and c.text.strip()]


def _take_titles(grid: Grid) -> None:
    """Title rows at the top become the table's titles; blank rows there are dropped."""
    while len(grid.rows) > 1 and len(grid.col_numbers) >= 2:
        first, filled = grid.rows[0][0], _filled(grid.rows[0])
        across = first.colspan == len(grid.col_numbers) and first.rowspan == 1
        alone = (len(filled) == 1 and filled[0] is first and first.rowspan == 1
                 and any(len(_filled(row)) > 1 for row in grid.rows[1:]))
        if not (across or alone or (not filled and _spans_only_itself(grid))):
            return
        if first.text.strip():
            grid.titles.append(" ".join(first.text.split()))
        _drop_first_row(grid)


def _spans_only_itself(grid: Grid) -> bool:
    """A blank top row no merge reaches down from."""
    return all(c.rowspan == 1 for c in grid.rows[0] if not c.covered) and not any(
        c.anchor and c.anchor[0] == 0 for row in grid.rows[1:2] for c in row)


def _drop_first_row(grid: Grid) -> None:
    del grid.rows[0], grid.row_numbers[0]
    for row in grid.rows:
        for cell in row:
            if cell.anchor:
                cell.anchor = (cell.anchor[0] - 1, cell.anchor[1])


def _take_notes(grid: Grid) -> None:
    """Rows of one cell after the table's last blank row (a key, notes) become notes."""
    blanks = [i for i, row in enumerate(grid.rows) if i > 0 and not _filled(row)
              and all(c.rowspan == 1 for c in row if not c.covered)]
    if not blanks:
        return
    start = blanks[-1]
    tail = grid.rows[start + 1:]
    if not tail or any(len(_filled(row)) > 1 or any(c.rowspan > 1 for c in row)
                       for row in tail) or len(grid.rows) - len(tail) < 3:
        return
    if any(c.anchor and c.anchor[0] < start for row in tail for c in row):
        return
    grid.notes = [" ".join(_filled(row)[0].text.split()) for row in tail if _filled(row)]
    del grid.rows[start:], grid.row_numbers[start:]


def _fill(grid: Grid, target: GridCell, cell: Any, palette: Palette) -> None:
    value = cell.value
    font = getattr(cell, "font", None)
    font_name = getattr(font, "name", None)
    if not isinstance(value, str | int | float | bool | dt.date | dt.time | dt.timedelta) \
            and value is not None:  # rich text: runs, each in its own font
        value = _runs_text(grid, target.ref, value, font_name)
    elif isinstance(value, str) and symbols.table_for(font_name) is not None:
        value = _recoded(grid, target.ref, value, font_name)
    target.value = value
    target.number_format = cell.number_format or "General"
    target.error = cell.data_type == "e"
    target.text = str(value) if target.error else symbols.printable(
        display(value, target.number_format))
    if value not in (None, "") and not target.text:
        grid.hidden_by_format.append(target.ref)
    style = getattr(cell, "_style_id", None)  # cells of one style share fill and ink
    if style is None or style not in palette.seen:
        found = (palette.fill(getattr(cell, "fill", None)), palette.rgb(getattr(font, "color",
                                                                               None)))
        if style is None:
            target.fill, target.ink = found
            return
        palette.seen[style] = found
    target.fill, target.ink = palette.seen[style]


def _recoded(grid: Grid, ref: str, text: str, font: str | None) -> str:
    shown, unknown = symbols.recode(text, font)
    if unknown:
        grid.unknown_symbols.append(f"{ref} ({font} {''.join(dict.fromkeys(unknown))!r})")
    return shown


def _runs_text(grid: Grid, ref: str, value: Any, cell_font: str | None) -> str:
    """Rich text as plain text, each run recoded for its own font."""
    out = []
    for run in value:
        if isinstance(run, str):
            out.append(_recoded(grid, ref, run, cell_font) if symbols.table_for(cell_font)
                       else run)
            continue
        font = getattr(getattr(run, "font", None), "rFont", None) or cell_font
        text = str(getattr(run, "text", ""))
        out.append(_recoded(grid, ref, text, font) if symbols.table_for(font) else text)
    return "".join(out)


def _merge(grid: Grid, merges: list[Area], row_at: dict[int, int],
           col_at: dict[int, int]) -> None:
    """Make each merge one spanning cell over its visible rows and columns."""
    for merged in merges:
        rows = [row_at[r] for r in range(merged.min_row, merged.max_row + 1) if r in row_at]
        cols = [col_at[c] for c in range(merged.min_col, merged.max_col + 1) if c in col_at]
        if not rows or not cols or len(rows) * len(cols) == 1:
            continue
        top, left = rows[0], cols[0]
        anchor = grid.rows[top][left]
        shows_own_value = (grid.row_numbers[top] == merged.min_row
                           and grid.col_numbers[left] == merged.min_col)
        if not shows_own_value:
            grid.rows[top][left] = anchor = GridCell(ref=anchor.ref)
        anchor.rowspan, anchor.colspan = len(rows), len(cols)
        for i in rows:
            for j in cols:
                if (i, j) != (top, left):
                    grid.rows[i][j] = GridCell(ref=grid.rows[i][j].ref, anchor=(top, left))


def _header_rows(grid: Grid) -> int:
    """The first row, and the rows below it that a merged heading spans or groups, or
    that are headings under an unmerged group (no numbers, first cell empty)."""
    if not grid.rows:
        return 0
    count = 1
    while count < min(len(grid.rows) - 1, MAX_HEADER_ROWS):
        spans_down = any(not c.covered and c.rowspan > 1 and i + c.rowspan > count
                         for i in range(count) for c in grid.rows[i])
        groups = any(not c.covered and c.colspan > 1 for c in grid.rows[count - 1])
        if not (spans_down or groups or _sub_headings(grid.rows[count])):
            break
        count += 1
    return count


def _sub_headings(row: list[GridCell]) -> bool:
    """A row of headings below the first: texts only, two or more, none in column one."""
    filled = _filled(row)
    return (len(filled) >= 2 and not row[0].covered and not row[0].text.strip()
            and not any(isinstance(c.value, int | float) and not isinstance(c.value, bool)
                        for c in filled))
