"""A sheet's conditional formatting rules, as written (``boardpack.sources.xlsx.conditional``
evaluates them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from boardpack.sources.xlsx.scan import Area


@dataclass(frozen=True)
class Threshold:
    """One ``<cfvo>``: where an icon or a colour of a scale starts."""

    kind: str  # num, percent, percentile, min, max, formula
    value: str = ""
    gte: bool = True


@dataclass
class Rule:
    """One ``<cfRule>`` as written in the sheet."""

    kind: str
    priority: int
    dxf: int | None = None
    operator: str = ""
    text: str = ""
    formulas: list[str] = field(default_factory=list)
    stop: bool = False
    options: dict[str, str] = field(default_factory=dict)  # rank, percent, bottom, …
    icon_set: str = "3TrafficLights1"
    reverse: bool = False
    show_value: bool = True
    thresholds: list[Threshold] = field(default_factory=list)
    colours: list[dict[str, str]] = field(default_factory=list)  # a scale's, as attributes


@dataclass
class Formatting:
    """One ``<conditionalFormatting>``: its ranges and rules."""

    ranges: list[Area]
    rules: list[Rule] = field(default_factory=list)

    def covers(self, row: int, column: int) -> bool:
        return any(area.contains(row, column) for area in self.ranges)

    @property
    def anchor(self) -> tuple[int, int]:
        first = self.ranges[0]
        return first.min_row, first.min_col
