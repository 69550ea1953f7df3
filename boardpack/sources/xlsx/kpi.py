"""KPIs in a workbook table: each indicator's figures, target, direction and RAG.

``layout`` finds which column is which (docs/kpi-workbooks.md lists the layouts);
this module reads each indicator row against it:

- the figures of the value columns, oldest first, so the latest is the latest in
  time; comparators (England, statistical neighbours…) are kept apart, never taken
  as figures;
- the target: a number, or text such as ``93%``, ``Fewer than 85``, ``≥1,450``
  (where the sheet gives Red/Amber/Green thresholds, the Green one is the target and
  the Red one the floor); the target column for the latest period is used first;
- the direction from the polarity column (``H``/``L``/``T``, ``High``, ``Good is:
  High``, ``↑``, ``Smaller is better``…), else from the target's wording (``Less
  than 22%``); ``Info`` means there is no good direction;
- percentages typed as whole numbers (``68.4`` in a ``%`` row, ``87`` shown as
  ``87%``, ``96.1`` for a "Percentage of …") are read as per cent;
- boardpack's status, from the thresholds or from the target and tolerance, and the
  council's own rating where the sheet has a rating column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import overload

from boardpack.sources.xlsx import periods
from boardpack.sources.xlsx.charts import Series, Unit
from boardpack.sources.xlsx.colours import RAG_FAMILIES
from boardpack.sources.xlsx.colours import family as colour_family
from boardpack.sources.xlsx.grid import Grid, GridCell
from boardpack.sources.xlsx.layout import (
    DEFAULT_TOLERANCE,
    KpiOption,
    KpiOptionError,
    Layout,
    find_layout,
    layout_from_headings,
    parse_option,
)
from boardpack.sources.xlsx.ratings import (
    COLOURS,
    STATUSES,
    Rating,
    rag,
    rag_by_bands,
    sheet_rating,
)
from boardpack.sources.xlsx.values import (
    Condition,
    parse_condition,
    parse_direction,
    parse_number,
    says_no_direction,
)

NAMED_DIRECTION = re.compile(r"\((?:[^()]*\b)?((higher|lower|bigger|smaller|more|less)\s+(is|=)\s+"
                             r"better)\)", re.I)
PERCENT_NAME = re.compile(r"^\s*(percentage|per\s*cent|percent|%)\b|\(%\)|\bin %", re.I)
RELATIVE = re.compile(r"\b(additional|increase|reduce|reduction|improve|more than last|"
                      r"fewer than last|than last year|average)\b", re.I)

Warn = Callable[[str, str], None]
# The KPI API in one place: what layout, ratings and values define, with this module's own.
__all__ = ["DEFAULT_TOLERANCE", "STATUSES", "Condition", "Kpi", "KpiOption", "KpiOptionError",
           "Layout", "Rating", "find_layout", "layout_from_headings", "parse_condition",
           "parse_direction", "parse_number", "parse_option", "rag", "rag_by_bands",
           "read_kpis", "says_no_direction", "sheet_rating", "unit_of"]


@dataclass
class Kpi:
    """One indicator: its figures over the periods, target, direction and status."""

    row: int  # index into the grid's body
    name: str
    labels: list[str]  # short period labels, oldest first (for charts)
    values: list[float | None]
    unit: Unit
    target: float | None = None
    direction: str | None = None  # higher, lower, target; None: none given
    tolerance: float = DEFAULT_TOLERANCE
    status: str | None = None  # boardpack's own: Red, Amber, Green
    notes: list[str] = field(default_factory=list)
    ref: str = ""
    headings: list[str] = field(default_factory=list)  # the value columns' full headings
    target_text: str = ""
    floor: float | None = None
    informational: bool = False  # the sheet says the measure has no good direction
    rating: Rating | None = None  # the council's own
    comparators: dict[str, float] = field(default_factory=dict)
    green: Condition | None = None
    red: Condition | None = None

    @property
    def latest_index(self) -> int | None:
        return next((i for i in range(len(self.values) - 1, -1, -1)
                     if self.values[i] is not None), None)

    @property
    def latest(self) -> float | None:
        index = self.latest_index
        return None if index is None else self.values[index]

    @property
    def latest_period(self) -> str:
        index = self.latest_index
        return "" if index is None else self.headings[index]

    def series(self) -> Series:
        status = self.rating.word if self.rating and self.rating.family else self.status
        return Series(self.name, self.labels, self.values, self.unit, self.target,
                      self.direction if self.direction in ("higher", "lower") else None,
                      status, self.rating.family if self.rating else None)


def unit_of(cell: GridCell) -> Unit:
    """How a KPI's values read, from the number format of its latest value."""
    if isinstance(cell.value, str) and cell.value.strip().endswith("%"):
        digits = cell.value.strip().rstrip("%").strip()
        return Unit("percent", len(digits.split(".")[1]) if "." in digits else 0)
    fmt = cell.number_format.split(";")[0]
    plain = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", fmt)
    decimals = len(re.sub(r"[^0#?]", "", plain.split(".")[1])) if "." in plain else (
        0 if re.search(r"[0#]", plain) else None)
    if "%" in plain or "%" in fmt:
        return Unit("percent", decimals)
    symbol = next((s for s in "£€$" if s in fmt), "")
    return Unit("currency", decimals, symbol) if symbol else Unit("number", decimals)


def fraction_percent(cell: GridCell) -> bool:
    """A cell Excel shows as a percentage of a fraction (0.85 as 85%)."""
    plain = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", cell.number_format.split(";")[0])
    return "%" in plain or (isinstance(cell.value, str) and cell.value.strip().endswith("%"))


def _whole_number_percent(row: list[GridCell], layout: Layout, name: str,
                          cells: list[GridCell], headings: list[str]) -> bool:
    """A row of percentages typed as whole numbers (68.4 for 68.4%)."""
    numbers = [abs(n) for n in (parse_number(c.value) for c in cells) if n is not None]
    if not numbers or any(fraction_percent(c) for c in cells) or not 1.5 < max(numbers) <= 1000:
        return False
    unit_text = row[layout.unit].text.strip() if layout.unit is not None else ""
    literal = any("%" in c.number_format for c in cells)  # 0"%": a whole number shown with %
    marked = any(re.search(r"\(%\)|%|per\s*cent", headings[j]) for j in layout.periods)
    return literal or marked or unit_text.lower() in ("%", "per cent", "percentage") or bool(
        PERCENT_NAME.search(name))


def short_label(parts: list[str]) -> str:
    """A period's label for a chart: its own heading, with its group's year if it has none."""
    own = parts[-1] if parts else ""
    if periods.when(own) is not None and (periods.financial_year(own) is not None
                                          or periods.YEAR.search(own)
                                          or periods.MONTH_YEAR.search(own)):
        return own
    year = next((p for p in reversed(parts[:-1]) if periods.financial_year(p) is not None
                 or periods.YEAR.search(p)), "")
    year_text = ""
    if year:
        fy = periods.financial_year(year)
        year_text = f"{fy}/{(fy + 1) % 100:02d}" if fy is not None else periods.YEAR.search(
            year).group(1)  # type: ignore[union-attr]
    return f"{year_text} {own}".strip()


def read_kpis(grid: Grid, layout: Layout, warn: Warn) -> list[Kpi]:
    """Every body row with a name and a figure, a target or a rating."""
    headings = grid.headings()
    parts = grid.heading_parts()
    labels = [short_label(parts[j]) for j in layout.periods]
    full = [headings[j] for j in layout.periods]
    out = []
    for index, row in enumerate(grid.body):
        if _section_row(row, len(grid.col_numbers)):
            continue
        kpi = _read_row(grid, layout, index, row, headings)
        if kpi is None:
            continue
        kpi.labels, kpi.headings = labels, full
        out.append(kpi)
    if layout.rag is None:
        _rate_by_figures(grid, layout, out)
    for kpi in out:
        kpi.status = _status(kpi, warn)
    return out


def figure_cell(grid: Grid, layout: Layout, kpi: Kpi) -> GridCell | None:
    """The cell of the indicator's latest figure."""
    index = kpi.latest_index
    return None if index is None else grid.body[kpi.row][layout.periods[index]]


def _rate_by_figures(grid: Grid, layout: Layout, kpis: list[Kpi]) -> None:
    """With no rating column, the fills (or rating icons) the sheet puts on the latest
    figures are its ratings, when they are RAG colours of at least two kinds (one colour
    throughout is a highlighted column, not a rating)."""
    painted = {}
    for kpi in kpis:
        cell = figure_cell(grid, layout, kpi)
        found = (colour_family(cell.fill) or cell.icon) if cell is not None else None
        if found in RAG_FAMILIES:
            painted[kpi.row] = found
    if len(set(painted.values())) < 2:
        return
    for kpi in kpis:
        if kpi.row in painted:
            kpi.rating = Rating(COLOURS[painted[kpi.row]], painted[kpi.row])


def _section_row(row: list[GridCell], width: int) -> bool:
    first = next((c for c in row if not c.covered), None)
    return first is not None and first.colspan >= max(2, width // 2)


def _read_row(grid: Grid, layout: Layout, index: int, row: list[GridCell],
              headings: list[str]) -> Kpi | None:
    name = grid.owner(grid.header_rows + index, layout.name).text.strip()
    cells = [row[j] for j in layout.periods]
    raw = [None if c.error else parse_number(c.value) for c in cells]
    target_cell = row[layout.target] if layout.target is not None else None
    rating = sheet_rating(row[layout.rag]) if layout.rag is not None else None
    target_condition = parse_condition(target_cell.text) if target_cell else None
    if target_cell is not None and RELATIVE.search(target_cell.text):
        target_condition = None
    if not name or (all(v is None for v in raw) and target_condition is None
                    and not layout.thresholds and rating is None):
        return None
    numbered = [c for c, v in zip(cells, raw, strict=True) if v is not None]
    scale = 100.0 if _whole_number_percent(row, layout, name, numbered, headings) else 1.0
    values = [None if v is None else v / scale if not fraction_percent(c) else v
              for c, v in zip(cells, raw, strict=True)]
    unit = unit_of(numbered[-1]) if numbered else unit_of(target_cell or row[layout.name])
    if scale != 1.0:
        unit = Unit("percent", _decimals(numbered[-1], unit))
    kpi = Kpi(row=index, name=name, labels=[], values=values, unit=unit, rating=rating,
              ref=row[layout.ref].text.strip() if layout.ref is not None else "",
              green=_band(row, layout, "green", unit, values),
              red=_band(row, layout, "red", unit, values))
    kpi.target_text = target_cell.text.strip() if target_cell else ""
    kpi.target = _target(target_cell, target_condition, unit, values, scale)
    if kpi.target is None and kpi.green is not None:
        kpi.target = kpi.green.bound
    if kpi.red is not None:
        kpi.floor = kpi.red.bound
    elif layout.floor is not None:
        kpi.floor = _as_unit(parse_number(row[layout.floor].value), row[layout.floor], unit,
                             values, scale)
    polarity = row[layout.direction].text if layout.direction is not None else ""
    kpi.informational = says_no_direction(polarity) if polarity else False
    named = NAMED_DIRECTION.search(name)  # "Waiting time (lower is better)"
    kpi.direction = layout.fixed_direction or parse_direction(polarity) or (
        parse_direction(named.group(1)) if named else None) or (
        None if kpi.informational else _implied_direction(target_condition, kpi.green,
                                                          kpi.red))
    kpi.tolerance = _row_tolerance(row, layout)
    for j in layout.comparators:
        value = parse_number(row[j].value) if not row[j].error else None
        if value is not None:
            kpi.comparators[headings[j]] = _as_unit(value, row[j], unit, values, scale)
    return kpi


def _decimals(cell: GridCell, unit: Unit) -> int | None:
    if unit.decimals is not None:
        return unit.decimals
    text = cell.text.strip().rstrip("%")
    return len(text.split(".")[1]) if "." in text else 0


def _band(row: list[GridCell], layout: Layout, colour: str, unit: Unit,
          values: list[float | None]) -> Condition | None:
    """A threshold cell's band in the row's terms: ``<65%`` is 0.65; so is ``<65``
    beside values that are percentages."""
    j = layout.thresholds.get(colour)
    found = parse_condition(row[j].text) if j is not None else None
    if found is None or "%" in row[j].text or unit.kind != "percent":  # type: ignore[index]
        return found
    numbers = [abs(v) for v in values if v is not None]
    if not numbers or max(numbers) > 1.5 or max(abs(b) for b in (found.low, found.high)
                                                if b is not None) <= 1.5:
        return found
    return Condition(None if found.low is None else found.low / 100,
                     None if found.high is None else found.high / 100,
                     found.inclusive_low, found.inclusive_high)


def _target(cell: GridCell | None, condition: Condition | None, unit: Unit,
            values: list[float | None], scale: float) -> float | None:
    if cell is None or condition is None or condition.bound is None:
        return None
    if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
        return _as_unit(float(cell.value), cell, unit, values, scale)
    return condition.bound if "%" in cell.text else _as_unit(condition.bound, cell, unit,
                                                              values, scale)


@overload
def _as_unit(number: float, cell: GridCell, unit: Unit, values: list[float | None],
             scale: float) -> float: ...
@overload
def _as_unit(number: None, cell: GridCell, unit: Unit, values: list[float | None],
             scale: float) -> None: ...
def _as_unit(number: float | None, cell: GridCell, unit: Unit, values: list[float | None],
             scale: float) -> float | None:
    """A target or comparator in the row's terms: 15 beside percentages means 15%."""
    if number is None or unit.kind != "percent" or fraction_percent(cell):
        return number
    if scale != 1.0:
        return number / scale
    numbers = [v for v in values if v is not None]
    if number > 1.5 and numbers and max(abs(v) for v in numbers) <= 1.5:
        return number / 100
    return number


def _implied_direction(target: Condition | None, green: Condition | None,
                       red: Condition | None) -> str | None:
    """``Less than 22%`` as a target, or a Green band of ``≥85%``, says which way is good."""
    for condition in (target, green):
        if condition is not None and condition.direction:
            return condition.direction
    if red is not None and red.direction:
        return "lower" if red.direction == "higher" else "higher"
    return None


def _row_tolerance(row: list[GridCell], layout: Layout) -> float:
    if layout.tolerance is not None:
        value = parse_number(row[layout.tolerance].value)
        if value is not None and 0 <= value < 1:
            return value
    return layout.default_tolerance


def _status(kpi: Kpi, warn: Warn) -> str | None:
    latest = kpi.latest
    if latest is None:
        return None
    by_bands = rag_by_bands(latest, kpi.green, kpi.red)
    if by_bands is not None:
        return by_bands
    if kpi.target is None or kpi.informational:
        return None
    if kpi.direction is None:
        if kpi.rating is None:
            warn(f"KPI '{kpi.name[:60]}' has a target but no direction, so it has no RAG "
                 "status", "add a 'Better' column saying Higher or Lower, or set kpi = "
                 "{direction = …} in pack.toml")
        return None
    if kpi.floor is not None and kpi.direction in ("higher", "lower"):
        worse = latest < kpi.floor if kpi.direction == "higher" else latest > kpi.floor
        met = latest >= kpi.target if kpi.direction == "higher" else latest <= kpi.target
        return "Green" if met else "Red" if worse else "Amber"
    return rag(latest, kpi.target, kpi.direction, kpi.tolerance)
