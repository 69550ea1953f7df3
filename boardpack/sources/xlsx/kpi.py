"""KPIs in a workbook table: which column is which, and each KPI's RAG status.

The convention (see docs/kpi-workbooks.md). A table is a KPI table when its
heading row has a **Target** column, or when ``pack.toml`` gives a ``kpi`` table
for the file. Columns are recognised by their headings (case does not matter):

- the indicator's name: ``Indicator``, ``KPI``, ``Measure``, ``Metric`` (otherwise
  the first column that is nothing else);
- ``Target`` (a heading that starts with "Target");
- the direction: ``Direction``, ``Better``, ``Good is``, ``Polarity``, or any
  heading with "better" in it; its cells say ``Higher`` or ``Lower`` (also
  "higher is better", "up", "down", "↑", "↓"). "Direction of travel" is a trend,
  not a direction, and is not used;
- ``Tolerance`` (optional): the amber band for that row;
- periods: every other column whose heading names a period: a quarter (Q1), a
  year (2026, 2025/26), a month (Jan, March 2027) or ``P1``..``P13``. Headings of
  comparators (England, national, regional, statistical neighbours, benchmark,
  baseline, average) and of changes (change, variance, difference, trend) are not
  periods. A merged heading over several columns is
  part of each column's heading, so "2025/26" over "Q1".."Q4" gives "2025/26 Q1".

``pack.toml`` can say it instead, with sheet column letters::

    files = [{path = "reports/kpis.xlsx", sheet = "KPIs",
              kpi = {name = "A", target = "C", direction = "D", periods = "E:J",
                     tolerance = "10%"}}]

``direction`` may also be ``"higher"`` or ``"lower"`` for every row, and
``kpi = false`` turns KPI handling off for a file.

RAG status, from the latest period with a number: **Green** when the target is
met or beaten; **Amber** when it is missed by no more than the tolerance (10% of
the target unless set); **Red** otherwise. A row with no target or no numbers
gets no status. A percentage target typed as a whole number (15 for 15%) next
to values formatted as percentages is read as 15%.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from boardpack.sources.xlsx.charts import Series, Unit
from boardpack.sources.xlsx.grid import Grid, GridCell
from boardpack.sources.xlsx.scan import Area, column_index

DEFAULT_TOLERANCE = 0.10
STATUSES = ("Red", "Amber", "Green")
NAME_HEADINGS = ("indicator", "kpi", "measure", "metric", "performance indicator")
COMPARATORS = ("england", "national", "regional", "neighbour", "benchmark", "comparator",
               "baseline", "average", "tolerance", "target", "notes", "comment", "change",
               "variance", "difference", "trend")
PERIOD = re.compile(
    r"\bq[1-4]\b|\b(19|20)\d{2}\b|\b\d{2}/\d{2}\b|\bp(0?[1-9]|1[0-3])\b|"
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b", re.I)
LOWER = re.compile(r"\b(lower|low|down|decrease|smaller|less|fewer|reduce|minimi[sz]e)\b|[↓▼]",
                   re.I)
HIGHER = re.compile(r"\b(higher|high|up|increase|bigger|greater|more|maximi[sz]e)\b|[↑▲]",
                    re.I)
OPTION_KEYS = ("name", "target", "direction", "periods", "tolerance")

Warn = Callable[[str, str], None]


class KpiOptionError(ValueError):
    """A ``kpi`` option in pack.toml that cannot be used; the message says why."""


@dataclass(frozen=True)
class KpiOption:
    """The ``kpi`` table of a file entry: column letters and the tolerance."""

    name: str = ""
    target: str = ""
    direction: str = ""  # a column letter, or "higher"/"lower" for all rows
    periods: tuple[str, ...] = ()
    tolerance: float | None = None


@dataclass(frozen=True)
class Layout:
    """Which grid columns hold a KPI table's parts."""

    name: int
    target: int | None
    direction: int | None
    periods: list[int]
    tolerance: int | None = None
    fixed_direction: str | None = None
    default_tolerance: float = DEFAULT_TOLERANCE


@dataclass
class Kpi:
    """One indicator: its values over the periods, target, direction and status."""

    row: int  # index into the grid's body
    name: str
    labels: list[str]
    values: list[float | None]
    unit: Unit
    target: float | None = None
    direction: str | None = None
    tolerance: float = DEFAULT_TOLERANCE
    status: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def latest(self) -> float | None:
        return next((v for v in reversed(self.values) if v is not None), None)

    def series(self) -> Series:
        return Series(self.name, self.labels, self.values, self.unit, self.target,
                      self.direction, self.status)


def parse_option(raw: Any) -> KpiOption | bool:
    """The ``kpi`` option: False (off), True (recognise by headings) or a KpiOption."""
    if isinstance(raw, bool):
        return raw
    if not isinstance(raw, dict):
        raise KpiOptionError("kpi should be a table such as {name = \"A\", target = \"B\", "
                             "direction = \"C\"}, or false")
    unknown = sorted(set(raw) - set(OPTION_KEYS))
    if unknown:
        raise KpiOptionError(f"kpi has unknown setting '{unknown[0]}' (known: "
                             f"{', '.join(OPTION_KEYS)})")
    for key in ("name", "target"):
        if key in raw and not _is_column(raw[key]):
            raise KpiOptionError(f"kpi.{key} should be a column letter such as \"A\"")
    direction = raw.get("direction", "")
    if direction and not (_is_column(direction) or str(direction).lower() in ("higher",
                                                                              "lower")):
        raise KpiOptionError("kpi.direction should be a column letter, \"higher\" or \"lower\"")
    return KpiOption(name=str(raw.get("name", "")).upper(),
                     target=str(raw.get("target", "")).upper(),
                     direction=str(direction), periods=_periods_option(raw.get("periods")),
                     tolerance=_tolerance(raw.get("tolerance")))


def _is_column(value: Any) -> bool:
    return isinstance(value, str) and re.fullmatch(r"[A-Za-z]{1,3}", value) is not None


def _periods_option(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        area = Area.parse(value if ":" in value else f"{value}:{value}")
        if area is None or not re.fullmatch(r"[A-Za-z]{1,3}(:[A-Za-z]{1,3})?", value.strip()):
            raise KpiOptionError("kpi.periods should be columns such as \"D:I\" or "
                                 "[\"D\", \"E\"]")
        return tuple(str(c) for c in range(area.min_col, area.max_col + 1))
    if isinstance(value, list) and value and all(_is_column(v) for v in value):
        return tuple(str(column_index(v)) for v in value)
    raise KpiOptionError("kpi.periods should be columns such as \"D:I\" or [\"D\", \"E\"]")


def _tolerance(value: Any) -> float | None:
    if value is None:
        return None
    number = parse_number(value) if isinstance(value, str) else value
    if isinstance(number, bool) or not isinstance(number, int | float) or not 0 <= number < 1:
        raise KpiOptionError("kpi.tolerance should be a share of the target such as 0.1 or "
                             "\"10%\"")
    return float(number)


def parse_number(value: Any) -> float | None:
    """A number from a cell: numbers as they are, text such as '15%', '£1,200' or '3.5'."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    if not isinstance(value, str):
        return None
    text = value.strip().replace(",", "").replace("£", "").replace("$", "").replace("€", "")
    percent = text.endswith("%")
    try:
        number = float(text.rstrip("%").strip())
    except ValueError:
        return None
    return number / 100 if percent else number


def parse_direction(text: str) -> str | None:
    """'higher' or 'lower' from a direction cell, or None if it says neither."""
    lower, higher = LOWER.search(text), HIGHER.search(text)
    if lower and (not higher or lower.start() < higher.start()):
        return "lower"
    return "higher" if higher else None


def rag(value: float, target: float, direction: str, tolerance: float) -> str:
    """Green when the target is met, Amber when missed by at most the tolerance, else Red."""
    miss = (target - value) if direction == "higher" else (value - target)
    miss = round(miss, 9)
    if miss <= 0:
        return "Green"
    if miss <= round(tolerance * abs(target), 9):
        return "Amber"
    return "Red"


def find_layout(grid: Grid, option: KpiOption | bool) -> Layout | None:
    """The KPI layout of a table, or None if it is not a KPI table."""
    if option is False or not grid.body:
        return None
    headings = grid.headings()
    if isinstance(option, KpiOption):
        columns = {number: j for j, number in enumerate(grid.col_numbers)}
        return _layout_from_option(option, headings, columns)
    found = layout_from_headings(headings)
    return found if found.target is not None else None


def layout_from_headings(headings: list[str]) -> Layout:
    """What the headings alone say about the columns (see the module's docstring)."""
    lowered = [h.lower().strip() for h in headings]
    target = _first(lowered, lambda h: h.startswith("target"))
    direction = _first(lowered, _is_direction_heading)
    tolerance = _first(lowered, lambda h: h.startswith("tolerance"))
    name = _first(lowered, lambda h: h.startswith(NAME_HEADINGS))
    taken = {target, direction, tolerance, name}
    periods = [j for j, h in enumerate(lowered) if j not in taken and PERIOD.search(h)
               and not any(word in h for word in COMPARATORS)]
    if name is None:
        name = next((j for j in range(len(lowered)) if j not in taken and j not in periods), 0)
    return Layout(name=name, target=target, direction=direction, periods=periods,
                  tolerance=tolerance)


def _is_direction_heading(heading: str) -> bool:
    if "travel" in heading:
        return False
    return heading in ("direction", "good is", "polarity", "aim") or "better" in heading


def _first(headings: list[str], test: Callable[[str], bool]) -> int | None:
    return next((j for j, h in enumerate(headings) if test(h)), None)


def _layout_from_option(option: KpiOption, headings: list[str],
                        columns: dict[int, int]) -> Layout:
    def column(letters: str, what: str) -> int | None:
        j = columns.get(column_index(letters))
        if j is None:
            raise KpiOptionError(f"kpi.{what} = \"{letters}\" is not a visible column of the "
                                 "table")
        return j

    fixed = option.direction.lower() if option.direction.lower() in ("higher", "lower") else None
    found = layout_from_headings(headings)
    periods = ([columns[int(c)] for c in option.periods if int(c) in columns]
               if option.periods else found.periods)
    return Layout(
        name=column(option.name, "name") if option.name else found.name,
        target=column(option.target, "target") if option.target else found.target,
        direction=None if fixed else (column(option.direction, "direction")
                                      if option.direction else found.direction),
        periods=periods, tolerance=found.tolerance, fixed_direction=fixed,
        default_tolerance=DEFAULT_TOLERANCE if option.tolerance is None else option.tolerance)


def unit_of(cell: GridCell) -> Unit:
    """How a KPI's values read, from the number format of its latest value."""
    fmt = cell.number_format.split(";")[0]
    plain = re.sub(r'"[^"]*"|\[[^\]]*\]', "", fmt)
    decimals = len(plain.split(".")[1].rstrip("%")) if "." in plain else (
        0 if re.search(r"[0#]", plain) else None)
    if "%" in plain:
        return Unit("percent", decimals)
    symbol = next((s for s in "£€$" if s in fmt), "")
    return Unit("currency", decimals, symbol) if symbol else Unit("number", decimals)


def read_kpis(grid: Grid, layout: Layout, warn: Warn) -> list[Kpi]:
    """Every body row with a name and a number or a target, with its status."""
    headings = grid.headings()
    labels = [headings[j] for j in layout.periods]
    out = []
    for index, row in enumerate(grid.body):
        name = grid.owner(grid.header_rows + index, layout.name).text.strip()
        values = [parse_number(row[j].value) if not row[j].error else None
                  for j in layout.periods]
        target_cell = row[layout.target] if layout.target is not None else None
        target = parse_number(target_cell.value) if target_cell else None
        if not name or (target is None and all(v is None for v in values)):
            continue
        cells = [row[j] for j, v in zip(layout.periods, values, strict=True) if v is not None]
        unit = unit_of(cells[-1] if cells else target_cell or row[layout.name])
        kpi = Kpi(row=index, name=name, labels=labels, values=values, unit=unit)
        kpi.target = _as_percent(target, target_cell, unit, values)
        kpi.direction = layout.fixed_direction or _direction(row, layout)
        kpi.tolerance = _row_tolerance(row, layout)
        kpi.status = _status(kpi, warn)
        out.append(kpi)
    return out


def _as_percent(target: float | None, cell: GridCell | None, unit: Unit,
                values: list[float | None]) -> float | None:
    """15 typed beside values shown as percentages means 15%."""
    if target is None or cell is None or unit.kind != "percent" or "%" in cell.number_format:
        return target
    numbers = [v for v in values if v is not None]
    if target > 1 and numbers and max(abs(v) for v in numbers) <= 1.5:
        return target / 100
    return target


def _direction(row: list[GridCell], layout: Layout) -> str | None:
    if layout.direction is None:
        return None
    return parse_direction(row[layout.direction].text)


def _row_tolerance(row: list[GridCell], layout: Layout) -> float:
    if layout.tolerance is not None:
        value = parse_number(row[layout.tolerance].value)
        if value is not None and 0 <= value < 1:
            return value
    return layout.default_tolerance


def _status(kpi: Kpi, warn: Warn) -> str | None:
    latest = kpi.latest
    if kpi.target is None or latest is None:
        return None
    if kpi.direction is None:
        warn(f"KPI '{kpi.name[:60]}' has a target but no direction, so it has no RAG status",
             "add a 'Better' column saying Higher or Lower, or set kpi = {direction = …} "
             "in pack.toml")
        return None
    return rag(latest, kpi.target, kpi.direction, kpi.tolerance)
