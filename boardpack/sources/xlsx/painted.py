"""The table's cells painted as Excel shows them once its conditional formats are applied.

``paint_conditional`` evaluates the sheet's rules (``conditional.apply``) against the
grid's cells — fetching, in one more pass, the values of cells the rules read that
the table does not show (a hidden column, a settings cell) — and sets each cell's
fill, font colour and rating icon. Rules it cannot evaluate are listed in
``Grid.unevaluated`` for a warning.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from boardpack.sources.xlsx import conditional, formula
from boardpack.sources.xlsx.colours import Palette
from boardpack.sources.xlsx.formula import Place, Unsupported
from boardpack.sources.xlsx.rules import Formatting
from boardpack.sources.xlsx.scan import cell_ref

if TYPE_CHECKING:
    from boardpack.sources.xlsx.grid import Grid, GridCell

MAX_FETCHED = 200_000  # cells read for rules outside the table: more is not evaluated
_SHAPE = "●"


def paint_conditional(grid: Grid, formats: list[Formatting], workbook: Any, worksheet: Any,
                      palette: Palette) -> None:
    """Apply ``formats`` to ``grid`` (cells keyed by their sheet row and column)."""
    cells: dict[tuple[int, int], GridCell] = {
        (r, c): grid.rows[i][j] for i, r in enumerate(grid.row_numbers)
        for j, c in enumerate(grid.col_numbers)}
    fetched = _fetch(worksheet, _outside(formats, cells))

    def lookup(row: int, column: int) -> Any:
        if (row, column) in cells:
            return cells[(row, column)].value
        if (row, column) in fetched:
            return fetched[(row, column)]
        raise Unsupported(f"it reads {cell_ref(row, column)}, which is too far from the table")

    styles = _styles(workbook, palette)
    applied = conditional.apply(formats, list(cells), styles, lookup,
                                lambda attrs: palette.rgb(_colour(attrs)))
    for key, paint in applied.paint.items():
        _paint(cells[key], paint)
    for where, kind, why in applied.skipped:
        note = f"{where} ({kind}: {why})"
        if note not in grid.unevaluated:
            grid.unevaluated.append(note)


def _paint(cell: GridCell, paint: conditional.Paint) -> None:
    if paint.fill:
        cell.fill = paint.fill
    if paint.ink:
        cell.ink = paint.ink
    if paint.icon:
        cell.icon = paint.icon
    if paint.hide_value:  # the icon alone, without the figure
        cell.text = paint.arrow or _SHAPE
        if paint.icon:
            cell.ink = conditional.FAMILY_RGB[paint.icon]


def _outside(formats: list[Formatting], cells: dict[tuple[int, int], Any]
             ) -> set[tuple[int, int]]:
    """The cells the rules read that are not among the table's."""
    wanted: set[tuple[int, int]] = set()
    for fmt in formats:
        row0, col0 = fmt.anchor
        targets = [cell for cell in cells if fmt.covers(*cell)]
        for rule in fmt.rules:
            for text in rule.formulas:
                for row, column in targets:
                    try:
                        wanted.update(formula.references(text, Place(row, column, row0, col0)))
                    except Unsupported:
                        break
    return wanted - set(cells)


def _fetch(worksheet: Any, wanted: set[tuple[int, int]]) -> dict[tuple[int, int], Any]:
    """The values of ``wanted`` cells, read in one pass over their bounding box."""
    if not wanted:
        return {}
    rows, columns = [r for r, _ in wanted], [c for _, c in wanted]
    top, left, bottom, right = min(rows), min(columns), max(rows), max(columns)
    if (bottom - top + 1) * (right - left + 1) > MAX_FETCHED:
        return {}
    values: dict[tuple[int, int], Any] = {}
    for r, row in enumerate(worksheet.iter_rows(min_row=top, max_row=bottom, min_col=left,
                                                max_col=right, values_only=True), start=top):
        for c, value in enumerate(row, start=left):
            if (r, c) in wanted:
                values[(r, c)] = value
    return values


def _styles(workbook: Any, palette: Palette) -> list[conditional.Style]:
    """The workbook's differential styles (``<dxfs>``): what each rule paints."""
    found = []
    for dxf in getattr(getattr(workbook, "_differential_styles", None), "dxf", None) or []:
        fill, font = getattr(dxf, "fill", None), getattr(dxf, "font", None)
        rgb = None
        if fill is not None and getattr(fill, "fill_type", None) in (None, "solid"):
            # A rule's solid fill is its background colour (the pattern is implied).
            rgb = palette.rgb(_given(fill.bgColor)) or palette.rgb(_given(fill.fgColor))
        found.append(conditional.Style(fill=rgb, ink=palette.rgb(getattr(font, "color", None))))
    return found


def _given(colour: Any) -> Any:
    """A colour the file sets, or None for openpyxl's default (transparent black)."""
    unset = getattr(colour, "type", None) == "rgb" and getattr(colour, "rgb", "") == "00000000"
    return None if unset else colour


def _colour(attrs: dict[str, str]) -> SimpleNamespace:
    """A ``<color>`` element's attributes in the shape of openpyxl's Color."""
    for kind in ("rgb", "theme", "indexed"):
        if kind in attrs:
            value: Any = attrs[kind] if kind == "rgb" else int(attrs[kind] or 0)
            return SimpleNamespace(type=kind, rgb=value if kind == "rgb" else None,
                                   theme=value if kind == "theme" else None,
                                   indexed=value if kind == "indexed" else None,
                                   tint=float(attrs.get("tint", 0) or 0))
    return SimpleNamespace(type=None, tint=0.0)
