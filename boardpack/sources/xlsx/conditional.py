"""Conditional formatting: the colours Excel paints from rules, not from the cells' styles.

Councils often colour a RAG column, or a row's figures, with rules: "cell value
less than 75 → red fill", "formula ``=$E5>=$F5`` → green", three traffic lights.
What a reader sees is the rule's result, so boardpack evaluates the rules of the
sheet's ``<conditionalFormatting>`` parts for every cell of the table, in priority
order (a rule with ``stopIfTrue`` stops the ones after it), and paints the cell as
Excel would: the fill and font colour of the rule's differential style, a colour
scale's colour, or an icon set's icon (traffic lights, flags and symbols stand for
red, amber and green; arrows are written as arrows when the value is hidden).
A rule that cannot be evaluated (``TODAY()``, another sheet, a rule kind boardpack
does not know) is reported by ``Applied.skipped``, never guessed.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from boardpack.sources.xlsx import formula
from boardpack.sources.xlsx.formula import Place, Unsupported
from boardpack.sources.xlsx.rules import Formatting, Rule, Threshold
from boardpack.sources.xlsx.scan import Area

# The icons of each set from the lowest values to the highest, as rating families
# (None: an icon that is no rating colour) or, for arrows, the arrow shown.
RATING_ICONS: dict[str, tuple[str | None, ...]] = {
    "3TrafficLights1": ("red", "amber", "green"), "3TrafficLights2": ("red", "amber", "green"),
    "3Signs": ("red", "amber", "green"), "3Symbols": ("red", "amber", "green"),
    "3Symbols2": ("red", "amber", "green"), "3Flags": ("red", "amber", "green"),
    "4TrafficLights": (None, "red", "amber", "green"),
}
ARROW_ICONS: dict[str, tuple[str, ...]] = {
    "3Arrows": ("↓", "→", "↑"), "3ArrowsGray": ("↓", "→", "↑"), "3Triangles": ("▼", "▬", "▲"),
    "4Arrows": ("↓", "↘", "↗", "↑"), "4ArrowsGray": ("↓", "↘", "↗", "↑"),
    "5Arrows": ("↓", "↘", "→", "↗", "↑"), "5ArrowsGray": ("↓", "↘", "→", "↗", "↑"),
}
# A typical shade of each family, for an icon drawn as a coloured ●.
FAMILY_RGB = {"red": "FF0000", "amber": "FFC000", "green": "00B050"}
_OPERATORS = {"equal": "=", "notEqual": "<>", "greaterThan": ">", "lessThan": "<",
              "greaterThanOrEqual": ">=", "lessThanOrEqual": "<="}
# Rule kinds that paint nothing a rating needs (a bar beside the figure).
_DECORATION = frozenset({"dataBar"})


@dataclass(frozen=True)
class Style:
    """What a differential style paints: fill and font colour as RRGGBB (None: unchanged)."""

    fill: str | None = None
    ink: str | None = None


@dataclass
class Paint:
    """What the rules do to one cell."""

    fill: str | None = None
    ink: str | None = None
    icon: str | None = None  # a rating family
    arrow: str | None = None
    hide_value: bool = False
    stopped: bool = False  # a matching rule with stopIfTrue: no later rule applies


@dataclass
class Applied:
    """The cells painted, and the rules that could not be evaluated (range, kind, why)."""

    paint: dict[tuple[int, int], Paint] = field(default_factory=dict)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)


Lookup = Callable[[int, int], Any]


def apply(formats: list[Formatting], cells: list[tuple[int, int]], styles: list[Style],
          lookup: Lookup, colour: Callable[[dict[str, str]], str | None]) -> Applied:
    """Evaluate ``formats`` for each of ``cells`` (row, column); ``lookup`` gives any
    cell's value, ``colour`` turns a ``<color>`` element's attributes into RRGGBB."""
    applied = Applied()
    if not cells:
        return applied
    rows, columns = [r for r, _ in cells], [c for _, c in cells]
    known = Area(min(rows), min(columns), max(rows), max(columns))
    for fmt in formats:
        targets = [cell for cell in cells if fmt.covers(*cell)]
        if not targets:
            continue
        values = _numbers(fmt, known, lookup)
        for rule in sorted(fmt.rules, key=lambda r: r.priority):
            try:
                _apply_rule(fmt, rule, targets, values, styles, lookup, colour, applied)
            except Unsupported as exc:
                applied.skipped.append((" ".join(str(a) for a in fmt.ranges), rule.kind,
                                        str(exc)))
    return applied


def _numbers(fmt: Formatting, within: Area, lookup: Lookup) -> list[float]:
    """The numbers in the formatting's ranges (icon sets and scales are relative to them);
    only the part ``within`` the cells known is read (a rule may cover whole columns)."""
    found = []
    for area in fmt.ranges:
        for row in range(max(area.min_row, within.min_row), min(area.max_row, within.max_row) + 1):
            for column in range(max(area.min_col, within.min_col),
                                min(area.max_col, within.max_col) + 1):
                try:
                    value = formula.as_value(lookup(row, column))
                except Unsupported:
                    continue  # a cell neither shown nor read: empty as far as is known
                if isinstance(value, float):
                    found.append(value)
    return found


def _apply_rule(fmt: Formatting, rule: Rule, targets: list[tuple[int, int]],
                values: list[float], styles: list[Style], lookup: Lookup,
                colour: Callable[[dict[str, str]], str | None], applied: Applied) -> None:
    if rule.kind in _DECORATION:
        return
    if rule.kind == "iconSet":
        _icons(rule, targets, values, lookup, applied)
        return
    if rule.kind == "colorScale":
        _scale(rule, targets, values, lookup, colour, applied)
        return
    style = styles[rule.dxf] if rule.dxf is not None and 0 <= rule.dxf < len(styles) else Style()
    matches = _matcher(fmt, rule, values)
    # Every cell is evaluated before any is painted: a rule that fails paints nothing.
    hits = [cell for cell in targets if not (cell in applied.paint and applied.paint[cell].stopped)
            and matches(cell, lookup)]
    for cell in hits:
        paint = applied.paint.setdefault(cell, Paint())
        # A rule of higher priority keeps what it set; this one adds what is still unset.
        paint.fill = paint.fill or style.fill
        paint.ink = paint.ink or style.ink
        if rule.stop:
            paint.stopped = True


def _matcher(fmt: Formatting, rule: Rule, values: list[float]
             ) -> Callable[[tuple[int, int], Lookup], bool]:
    row0, col0 = fmt.anchor

    def place(cell: tuple[int, int]) -> Place:
        return Place(cell[0], cell[1], row0, col0)

    def value_of(cell: tuple[int, int], lookup: Lookup) -> formula.Value:
        return formula.as_value(lookup(*cell))

    kind = rule.kind
    if kind == "cellIs":
        if not rule.formulas:
            raise Unsupported("the rule has no value to compare with")

        def cell_is(cell: tuple[int, int], lookup: Lookup) -> bool:
            value = value_of(cell, lookup)
            operands = [formula.evaluate(f, place(cell), lookup) for f in rule.formulas]
            if rule.operator in ("between", "notBetween"):
                if len(operands) < 2:
                    raise Unsupported("'between' needs two values")
                low, high = sorted(operands[:2], key=formula.sort_key)
                inside = formula.compare(value, ">=", low) and formula.compare(value, "<=", high)
                return inside if rule.operator == "between" else not inside
            if rule.operator not in _OPERATORS:
                raise Unsupported(f"the operator '{rule.operator}' is not known")
            return formula.compare(value, _OPERATORS[rule.operator], operands[0])
        return cell_is
    if kind == "expression":
        if not rule.formulas:
            raise Unsupported("the rule has no formula")
        return lambda cell, lookup: formula.truthy(
            formula.evaluate(rule.formulas[0], place(cell), lookup))
    if kind in ("containsText", "notContainsText", "beginsWith", "endsWith"):
        needle = rule.text.casefold()

        def text_rule(cell: tuple[int, int], lookup: Lookup) -> bool:
            text = _shown(value_of(cell, lookup)).casefold()
            return {"containsText": needle in text, "notContainsText": needle not in text,
                    "beginsWith": text.startswith(needle),
                    "endsWith": text.endswith(needle)}[kind]
        return text_rule
    if kind in ("containsBlanks", "notContainsBlanks"):
        want = kind == "containsBlanks"
        return lambda cell, lookup: (not _shown(value_of(cell, lookup)).strip()) == want
    if kind in ("top10", "aboveAverage"):
        return _ranked(rule, values, value_of)
    raise Unsupported(f"rules of kind '{kind}' are not evaluated")


def _ranked(rule: Rule, values: list[float],
            value_of: Callable[[tuple[int, int], Lookup], formula.Value]
            ) -> Callable[[tuple[int, int], Lookup], bool]:
    """top10 (top or bottom n, or n percent) and aboveAverage (above, below, with equal)."""
    options = rule.options
    ordered = sorted(values, reverse=options.get("bottom") not in ("1", "true"))
    if rule.kind == "top10":
        rank = int(float(options.get("rank", "10") or 10))
        if options.get("percent") in ("1", "true"):
            rank = max(1, math.floor(len(values) * rank / 100))
        cut = ordered[min(rank, len(ordered)) - 1] if ordered else None
        bottom = options.get("bottom") in ("1", "true")

        def top(cell: tuple[int, int], lookup: Lookup) -> bool:
            value = value_of(cell, lookup)
            return (isinstance(value, float) and cut is not None
                    and (value <= cut if bottom else value >= cut))
        return top
    if options.get("stdDev"):
        raise Unsupported("standard-deviation rules are not evaluated")
    mean = sum(values) / len(values) if values else 0.0
    above = options.get("aboveAverage", "1") not in ("0", "false")
    equal = options.get("equalAverage") in ("1", "true")

    def average(cell: tuple[int, int], lookup: Lookup) -> bool:
        value = value_of(cell, lookup)
        if not isinstance(value, float):
            return False
        return (value > mean or (equal and value == mean)) if above else (
            value < mean or (equal and value == mean))
    return average


def _shown(value: formula.Value) -> str:
    return formula.text_of(value)


def _cut(threshold: Threshold, values: list[float], anchor: Place, lookup: Lookup) -> float:
    """The number a ``<cfvo>`` stands for, among the range's ``values``."""
    low, high = (min(values), max(values)) if values else (0.0, 0.0)
    kind = threshold.kind
    if kind == "min":
        return low
    if kind == "max":
        return high
    if kind == "formula" or (kind in ("num", "percent", "percentile")
                             and not _is_number(threshold.value)):
        number = formula.evaluate(threshold.value, anchor, lookup)
        if not isinstance(number, float):
            raise Unsupported("an icon or colour threshold is not a number")
        if kind in ("num", "formula"):
            return number
        share = number
    else:
        share = float(threshold.value or 0)
    if kind == "num":
        return share
    if kind == "percent":
        return low + (high - low) * share / 100
    if kind == "percentile":
        return _percentile(sorted(values), share / 100)
    raise Unsupported(f"thresholds of kind '{kind}' are not evaluated")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _percentile(ordered: list[float], share: float) -> float:
    """Excel's PERCENTILE.INC."""
    if not ordered:
        return 0.0
    rank = share * (len(ordered) - 1)
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def _icons(rule: Rule, targets: list[tuple[int, int]], values: list[float], lookup: Lookup,
           applied: Applied) -> None:
    ratings, arrows = RATING_ICONS.get(rule.icon_set), ARROW_ICONS.get(rule.icon_set)
    icons: tuple[str | None, ...] | None = ratings or arrows
    if icons is None:
        return  # quarters, stars, bars: no rating and no direction to read
    if len(rule.thresholds) != len(icons):
        raise Unsupported(f"the icon set {rule.icon_set} has {len(rule.thresholds)} thresholds")
    if rule.reverse:
        icons = icons[::-1]
    anchor = Place(*targets[0], *targets[0])
    cuts = [(_cut(t, values, anchor, lookup), t.gte) for t in rule.thresholds]
    for cell in targets:
        value = formula.as_value(lookup(*cell))
        if not isinstance(value, float):
            continue
        index = 0
        for i, (cut, gte) in enumerate(cuts[1:], start=1):
            if value > cut or (gte and value == cut):
                index = i
        paint = applied.paint.setdefault(cell, Paint())
        if paint.stopped or paint.icon or paint.arrow:
            continue
        paint.hide_value = not rule.show_value
        if ratings:
            paint.icon = icons[index]
        else:
            paint.arrow = icons[index]


def _scale(rule: Rule, targets: list[tuple[int, int]], values: list[float], lookup: Lookup,
           colour: Callable[[dict[str, str]], str | None], applied: Applied) -> None:
    rgbs = [colour(attrs) for attrs in rule.colours]
    if len(rgbs) != len(rule.thresholds) or len(rgbs) < 2 or any(c is None for c in rgbs):
        raise Unsupported("the colour scale's colours cannot be read")
    anchor = Place(*targets[0], *targets[0])
    stops = [(_cut(t, values, anchor, lookup), rgb) for t, rgb in zip(rule.thresholds, rgbs,
                                                                       strict=True)]
    for cell in targets:
        value = formula.as_value(lookup(*cell))
        if not isinstance(value, float):
            continue
        paint = applied.paint.setdefault(cell, Paint())
        if paint.fill is None and not paint.stopped:
            paint.fill = _between(stops, value)


def _between(stops: list[tuple[float, str | None]], value: float) -> str:
    """The colour a scale gives ``value``: linear between the two stops around it."""
    if value <= stops[0][0]:
        return str(stops[0][1])
    for (low, a), (high, b) in itertools.pairwise(stops):
        if value <= high:
            share = 0.0 if high == low else (value - low) / (high - low)
            return "".join(f"{round(_channel(a, i) * (1 - share) + _channel(b, i) * share):02X}"
                           for i in (0, 2, 4))
    return str(stops[-1][1])


def _channel(rgb: str | None, at: int) -> int:
    return int(str(rgb)[at:at + 2], 16)
