"""Which column of a KPI table is which, from its headings and what its cells hold.

Councils lay scorecards out in many ways (docs/kpi-workbooks.md shows the layouts
recognised). Each column gets one role from its heading (all the heading rows above it,
merged group headings included), tested in this order:

- ``threshold``: a colour word (Red, Amber, Green…) under a heading that says target,
  tolerance or threshold (``2016/17 Target and Tolerances`` › ``Red``), or a colour
  word heading cells such as ``<75%`` or ``75% – 84.9%``;
- ``target``: any heading that says target (``Target``, ``Target 2022/23``, ``Annual
  Target 2021/22``), but not ``Target type`` or a distance from the target;
- ``floor`` (floor standard, minimum standard, intervention level) and ``tolerance``;
- ``rag``: the council's own rating: ``RAG``, ``Status``, ``Rating``, ``Traffic light``;
- ``direction``: ``Polarity``, ``Good is``, ``Good perf is``, ``Better``, ``Direction``,
  ``Aim`` (but "Direction of travel" is a trend);
- ``trend``: ``Trend``, ``DOT``, ``Direction of travel``, ``Change`` holding no numbers;
- ``comparator``: England, national, regional, statistical neighbours, Wales, best,
  quartile, benchmark, comparator…: shown, never taken as the council's figures;
- ``other``: averages, changes, variances, forecasts, notes, frequency, units;
- ``ref`` (Ref, Code, No., ID) and ``name`` (Indicator, KPI, Measure, Metric);
- ``value``: a heading that names a period or says it holds figures (Actual, Current,
  Latest, YTD, Outturn, Result, Year end…), over a column of numbers.

Where no heading says so, a column is still the direction when its cells are all
direction words (H, L, High, Low, ↑, ↓), the rating when they are all rating words or
only fill colours, and the unit when they are all units (%, Number, Rate).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from boardpack.sources.xlsx import periods
from boardpack.sources.xlsx.colours import RAG_FAMILIES, family
from boardpack.sources.xlsx.grid import Grid
from boardpack.sources.xlsx.ratings import rating_family
from boardpack.sources.xlsx.scan import Area, column_index
from boardpack.sources.xlsx.values import parse_direction, parse_number

DEFAULT_TOLERANCE = 0.10
OPTION_KEYS = ("name", "target", "direction", "periods", "tolerance")

COLOUR_WORD = re.compile(r"(red|amber|yellow|green|blue|r|a|y|g)", re.I)
NAMED_COLOUR = re.compile(r"\b(red|amber|yellow|green|blue)\b", re.I)
TARGET = re.compile(r"\btargets?\b", re.I)
NOT_TARGET = re.compile(r"\btarget\s+(type|set by|source|owner|basis)|\b(from|to|vs\.?|versus|"
                        r"against|of|variance|distance|difference)\s+(the\s+)?target", re.I)
BANDS = re.compile(r"\b(target|tolerances?|thresholds?|bands?|banding|rag\s+rating)\b", re.I)
FLOOR = re.compile(r"\b(floor|minimum\s+standard|intervention(\s+level)?|lower\s+limit)\b",
                   re.I)
TOLERANCE = re.compile(r"^\s*tolerance", re.I)
RAG = re.compile(r"\b(rag|r/a/g|rayg|brag|ragb|status|rating|traffic[\s-]+lights?)\b", re.I)
DIRECTION = re.compile(r"\b(polarity|good\s+(perf\w*\s+)?is|better|direction|aim|desired|"
                       r"high\s*/\s*low|h\s*/\s*l|higher\s*/\s*lower|is\s+high\s+good)\b|"
                       r"^\s*good\s*$", re.I)
TREND = re.compile(r"\b(trend|travel|dot|d\.o\.t\.?|change|movement|progress)\b", re.I)
COMPARATOR = re.compile(
    r"\b(england|english|eng|national|nat|regional|region|neighbours?|neighbour|neigh|stat\s+n|"
    r"sn|wales|welsh|scotland|scottish|northern\s+ireland|uk|gb|benchmark\w*|comparators?|"
    r"quartile|qtile|best|cipfa|family|similar|all\s+(councils|authorities)|london|"
    r"core\s+cities|unitar(y|ies)|shire|met(ropolitan)?\s+districts?|peer|(north|south)[\s-]*"
    r"(east|west)|(east|west)\s+midlands|yorkshire|east\s+of\s+england)\b", re.I)
OTHER = re.compile(
    r"\b(average|avg|mean|median|variance|difference|diff|vs\.?|versus|gap|forecast|projected|"
    r"projection|"
    r"estimate|notes?|comments?|commentary|narrative|explanation|frequency|unit|units|type|"
    r"owner|lead|responsible|source|definition|description of|reporting|data\s+note)\b", re.I)
REF = re.compile(r"^\s*(ref(erence)?|code|no\.?|number|id|pi\s*(ref|no\.?|code)?|#|item)\s*$",
                 re.I)
NAME = re.compile(r"\b(indicators?|kpis?|measures?|metrics?|pis?)\b", re.I)
MISSING = re.compile(r"^\s*(n/?a|–|—|-|\.\.|\*|x|c|tbc|tba|nil|none|no data|not available)\s*$",
                     re.I)
UNIT_WORDS = re.compile(r"^\s*(%|percent(age)?|per\s*cent|number|no\.?|count|rate|ratio|£|"
                        r"days?|weeks?|months?|hours?|score|index|£k|£m|average)\s*$", re.I)


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
    """Which grid columns hold a KPI table's parts (indexes into the grid's columns)."""

    name: int
    target: int | None
    direction: int | None
    periods: list[int]  # the value columns, oldest first
    tolerance: int | None = None
    fixed_direction: str | None = None
    default_tolerance: float = DEFAULT_TOLERANCE
    ref: int | None = None
    targets: list[int] = field(default_factory=list)  # every target column, the used first
    thresholds: dict[str, int] = field(default_factory=dict)  # "green"/"amber"/"red" → column
    floor: int | None = None
    rag: int | None = None  # the council's own rating
    unit: int | None = None
    comparators: list[int] = field(default_factory=list)
    trends: list[int] = field(default_factory=list)

    @property
    def is_kpi_table(self) -> bool:
        """A target, thresholds, a polarity or a rating column make a KPI table; so do
        an indicator column and two or more value columns."""
        return (self.target is not None or bool(self.thresholds) or self.direction is not None
                or self.rag is not None or self.fixed_direction is not None)


@dataclass(frozen=True)
class Column:
    """What one column's heading and cells say about it."""

    parts: list[str]  # the heading, top row first (merged group headings included)
    numeric: bool = True
    texts: list[str] = field(default_factory=list)  # its non-empty body texts
    filled: int = 0  # body cells with a rating colour and no text
    coloured: int = 0  # body cells with text on a rating colour
    heading_value: Any = None  # the lowest heading cell's own value (may be a date)

    @property
    def heading(self) -> str:
        return " ".join(self.parts)


def role(column: Column) -> str:
    """The column's role (see the module's docstring)."""
    whole = column.heading.strip()
    own = column.parts[-1].strip() if column.parts else ""
    if not whole:
        return _role_from_cells(column) or "blank"
    if (COLOUR_WORD.fullmatch(own) or NAMED_COLOUR.search(own)) and (
            BANDS.search(whole) or _looks_like_bands(column)):
        return "threshold"
    if TARGET.search(whole) and not NOT_TARGET.search(whole):
        return "target"
    if FLOOR.search(whole):
        return "floor"
    if TOLERANCE.search(whole):
        return "tolerance"
    if RAG.search(whole) and not TREND.search(own):
        return "rag"
    if DIRECTION.search(whole) and not re.search(r"\btravel\b", whole, re.I):
        return "direction"
    if TREND.search(own) or (TREND.search(whole) and not column.numeric):
        return "trend"
    if COMPARATOR.search(whole):
        return "comparator"
    if OTHER.search(whole):
        return _role_from_cells(column) or "other"
    if REF.match(whole):
        return "ref"
    if NAME.search(whole):
        return "name"
    if column.numeric and (periods.when(whole, column.heading_value) is not None
                           or periods.names_a_figure(whole)):
        return "value"
    return _role_from_cells(column) or "other"


def _looks_like_bands(column: Column) -> bool:
    return bool(column.texts) and all(re.search(r"[<>≤≥]|\d\s*[-–—]\s*\d|\bto\b", t)
                                      for t in column.texts)


def _role_from_cells(column: Column) -> str | None:
    texts = column.texts
    if texts and all(UNIT_WORDS.match(t) for t in texts):
        return "unit"
    if texts and all(parse_direction(t) or re.fullmatch(r"(?i)info(rmation)?|n/?a|t", t.strip())
                     for t in texts) and any(parse_direction(t) for t in texts):
        return "direction"
    if texts and all(rating_family(t) for t in texts):
        return "rag"
    if not texts and column.filled:
        return "rag"
    return None


def _holds_ratings(column: Column) -> bool:
    """A rating column rates: some of its cells are rating words, letters or colours."""
    return column.filled > 0 or column.coloured > 0 or any(rating_family(t) for t in column.texts)


def columns_of(grid: Grid) -> list[Column]:
    """Each column's heading parts and a summary of its body cells."""
    out = []
    for j, parts in enumerate(grid.heading_parts()):
        texts, numbers, others, filled, coloured = [], 0, 0, 0, 0
        for i in range(grid.header_rows, len(grid.rows)):
            cell = grid.rows[i][j]
            if cell.covered or (cell.colspan > 1 and cell.colspan >= len(grid.col_numbers) // 2):
                continue  # a section row merged across the table
            text = cell.text.strip()
            painted = family(cell.fill) in RAG_FAMILIES or bool(
                cell.icon) or (family(cell.ink) in ("red", "amber", "green") and len(text) == 1)
            if not text:
                filled += painted
                continue
            coloured += painted
            texts.append(text)
            if MISSING.match(text):
                continue
            if parse_number(cell.value) is not None:
                numbers += 1
            else:
                others += 1
        lowest = grid.rows[grid.header_rows - 1][j] if grid.header_rows else None
        out.append(Column(parts=parts, numeric=numbers > 0 and numbers >= others,
                          texts=texts, filled=filled, coloured=coloured,
                          heading_value=lowest.value if lowest and not lowest.covered else None))
    return out


def layout_of(columns: list[Column]) -> Layout:
    """The layout the columns' roles make."""
    roles = [role(c) for c in columns]
    roles = ["other" if r == "rag" and not _holds_ratings(c) else r
             for r, c in zip(roles, columns, strict=True)]
    by_role: dict[str, list[int]] = {}
    for j, found in enumerate(roles):
        by_role.setdefault(found, []).append(j)
    values = _in_time_order(by_role.get("value", []), columns)
    thresholds: dict[str, int] = {}
    for j in by_role.get("threshold", []):
        colour = _colour_name(columns[j].parts[-1])
        thresholds.setdefault(colour, j)
    name = _first(by_role, "name")
    if name is None:
        taken = {j for r, js in by_role.items() if r not in ("other", "blank") for j in js}
        name = next((j for j, c in enumerate(columns) if j not in taken and not c.numeric
                     and c.texts), 0)
    targets = _targets_in_order(by_role.get("target", []), columns, values)
    return Layout(name=name, target=targets[0] if targets else None,
                  direction=_first(by_role, "direction"), periods=values,
                  tolerance=_first(by_role, "tolerance"), ref=_first(by_role, "ref"),
                  targets=targets, thresholds=thresholds, floor=_first(by_role, "floor"),
                  rag=by_role["rag"][-1] if "rag" in by_role else None,
                  unit=_first(by_role, "unit"),
                  comparators=by_role.get("comparator", []), trends=by_role.get("trend", []))


def _first(by_role: dict[str, list[int]], name: str) -> int | None:
    found = by_role.get(name)
    return found[0] if found else None


def _colour_name(text: str) -> str:
    named = NAMED_COLOUR.search(text)
    letter = (named.group(1) if named else text.strip()).lower()[:1]
    return {"r": "red", "a": "amber", "y": "yellow", "g": "green", "b": "blue"}[letter]


def _in_time_order(indexes: list[int], columns: list[Column]) -> list[int]:
    """Value columns oldest first; a year-to-date column counts as of the latest period
    of its year; columns naming no period keep their place after dated ones of the left."""
    whens = {j: periods.when(columns[j].heading, columns[j].heading_value) for j in indexes}
    for j, found in whens.items():
        if found is not None and found.to_date:
            same_year = [w.end for k, w in whens.items() if w is not None and k != j
                         and not w.to_date and w.year_start == found.year_start]
            if same_year:
                whens[j] = periods.When(max(same_year), 0, found.year_start, True)
    keys: dict[int, tuple] = {}
    last: tuple = (periods.EARLIEST, -1)
    for j in indexes:
        found = whens[j]
        if found is not None:
            last = (found.end, found.rank)
        elif periods.LATEST.search(columns[j].heading):
            last = (periods.LATEST_DAY, 0)
        elif periods.EARLIER.search(columns[j].heading):
            keys[j] = (periods.EARLIEST, -1, j)  # "Last year", "Previous quarter"
            continue
        keys[j] = (*last, j)
    return sorted(indexes, key=lambda j: keys[j])


def _targets_in_order(targets: list[int], columns: list[Column], values: list[int]) -> list[int]:
    """Target columns, the one for the latest period first (``Target Q3 2021/22`` before
    ``Annual Target 2021/22`` when the latest figure is for Q3 2021/22)."""
    if len(targets) < 2 or not values:
        return targets
    latest = periods.when(columns[values[-1]].heading, columns[values[-1]].heading_value)

    def score(j: int) -> tuple[int, int]:
        found = periods.when(columns[j].heading, columns[j].heading_value)
        same = found is not None and latest is not None and found.end == latest.end
        return (0 if same else 1, targets.index(j))
    return sorted(targets, key=score)


def layout_from_headings(headings: list[str]) -> Layout:
    """What one row of headings alone says (every column taken to hold numbers)."""
    return layout_of([Column(parts=[h] if h else []) for h in headings])


def find_layout(grid: Grid, option: KpiOption | bool) -> Layout | None:
    """The KPI layout of a table, or None if it is not a KPI table."""
    if option is False or not grid.body:
        return None
    found = layout_of(columns_of(grid))
    if isinstance(option, KpiOption):
        columns = {number: j for j, number in enumerate(grid.col_numbers)}
        return _layout_from_option(option, found, columns)
    named = any(NAME.search(" ".join(p)) for p in grid.heading_parts())
    return found if found.is_kpi_table or (named and len(found.periods) >= 2) else None


def _layout_from_option(option: KpiOption, found: Layout, columns: dict[int, int]) -> Layout:
    def column(letters: str, what: str) -> int:
        j = columns.get(column_index(letters))
        if j is None:
            raise KpiOptionError(f"kpi.{what} = \"{letters}\" is not a visible column of the "
                                 "table")
        return j

    fixed = option.direction.lower() if option.direction.lower() in ("higher", "lower") else None
    values = ([columns[int(c)] for c in option.periods if int(c) in columns]
              if option.periods else found.periods)
    target = column(option.target, "target") if option.target else found.target
    return Layout(
        name=column(option.name, "name") if option.name else found.name,
        target=target, targets=[column(option.target, "target")] if option.target
        else found.targets,
        direction=None if fixed else (column(option.direction, "direction")
                                      if option.direction else found.direction),
        periods=values, tolerance=found.tolerance, fixed_direction=fixed,
        default_tolerance=DEFAULT_TOLERANCE if option.tolerance is None else option.tolerance,
        ref=found.ref, thresholds={} if option.target else found.thresholds, floor=found.floor,
        rag=found.rag, unit=found.unit, comparators=found.comparators, trends=found.trends)


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

