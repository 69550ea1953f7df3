"""Small trend charts for KPIs, drawn as SVG by boardpack itself.

``line_chart(series)`` returns the bytes of an accessible SVG (``<title>``,
``<desc>``, axis titles, the target as a labelled dashed line, the latest value
marked with its RAG colour); ``describe(series)`` says the same in words, for
alt text. The SVG is written as ElementTree would write it (the same bytes; the tests
hold it to that), without its cost per element: every text is escaped, and attribute
values are only numbers and boardpack's own names, so labels from a workbook always
stay text. Both the Typst and the HTML pack show the same SVG.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

WIDTH, HEIGHT = 300, 200
LEFT, RIGHT, TOP, BOTTOM = 52, 14, 40, 46
FONT = "Lato, 'DejaVu Sans', sans-serif"
LINE_COLOUR = "#1d4f91"
TARGET_COLOUR = "#505a5f"
RAG_COLOURS = {"Red": "#d4351c", "Amber": "#ffdd00", "Green": "#00703c"}
# The colour of each rating family (a council's own ratings: words, letters or fills).
FAMILY_COLOURS = {"red": "#d4351c", "amber": "#ffdd00", "yellow": "#fff7a1",
                  "green": "#00703c", "blue": "#1d70b8", "grey": "#b1b4b6"}
INK = "#0b0c0c"
VALUE_SIZE, TARGET_SIZE = 9.5, 8.5  # font sizes of the latest value's and the target's labels


@dataclass(frozen=True)
class Unit:
    """How a KPI's values read: ``percent`` (0.26 → 26%), ``currency`` or ``number``."""

    kind: str = "number"
    decimals: int | None = None
    symbol: str = ""

    def format(self, value: float, decimals: int | None = None) -> str:
        places = self.decimals if decimals is None else decimals
        shown = value * 100 if self.kind == "percent" else value
        if places is None:
            places = 0 if float(shown).is_integer() else min(2, _places_needed(shown))
        text = f"{abs(shown):,.{places}f}"
        sign = "-" if shown < 0 and float(text.replace(",", "")) != 0 else ""
        if self.kind == "percent":
            return f"{sign}{text}%"
        if self.kind == "currency":
            return f"{sign}{self.symbol}{text}"
        return sign + text

    def difference(self, change: float) -> str:
        """A change between two values, in words (``8 percentage points``)."""
        if self.kind == "percent":
            points = Unit("number", self.decimals).format(abs(change) * 100)
            return f"{points} percentage point{'' if points == '1' else 's'}"
        return Unit(self.kind, self.decimals, self.symbol).format(abs(change))


def _places_needed(value: float) -> int:
    for places in range(0, 4):
        if abs(round(value, places) - value) < 1e-9:
            return places
    return 3


@dataclass(frozen=True)
class Series:
    """One KPI's values over its periods, with what they are measured against."""

    title: str
    labels: list[str]
    values: list[float | None]
    unit: Unit = Unit()
    target: float | None = None
    direction: str | None = None  # "higher" or "lower" is better
    status: str | None = None  # Red, Amber, Green, or the council's own word
    family: str | None = None  # the colour of the council's rating, when it is one

    @property
    def points(self) -> list[tuple[int, float]]:
        return [(i, v) for i, v in enumerate(self.values) if v is not None]


def describe(series: Series) -> str:
    """The chart in words: the trend, the target and the latest status."""
    points = series.points
    unit = series.unit
    (i0, first), (i1, last) = points[0], points[-1]
    change = last - first
    if abs(change) < 1e-12:
        trend = f"stayed at {unit.format(last)}"
    else:
        verb = "rose" if change > 0 else "fell"
        trend = (f"{verb} from {unit.format(first)} to {unit.format(last)} "
                 f"({'up' if change > 0 else 'down'} {unit.difference(change)})")
    parts = [f"Line chart of {series.title}, {series.labels[i0]} to {series.labels[i1]}: "
             f"{trend}"]
    values = [v for _, v in points]
    if len(points) > 2 and (max(values) not in (first, last) or min(values) not in (first, last)):
        parts.append(f"ranging from {unit.format(min(values))} to {unit.format(max(values))}")
    if series.target is not None:
        target = f"target {unit.format(series.target)}"
        if series.direction:
            target += f", {series.direction} is better"
        parts.append(target)
    if series.status:
        parts.append(f"latest status {series.status}")
    return "; ".join(parts) + "."


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """About ``count`` round tick values covering ``low``..``high``."""
    if high - low < 1e-12:
        pad = abs(high) * 0.1 or 1.0
        low, high = low - pad, high + pad
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step + 1e-9) * step
    ticks: list[float] = []
    value = start
    while value <= high + step * 1e-6 or len(ticks) < 2:
        ticks.append(round(value, 12))
        value += step
    if ticks[-1] < high - 1e-12:
        ticks.append(round(value, 12))
    return ticks


def _tick_labels(ticks: list[float], unit: Unit) -> list[str]:
    """Tick labels in the KPI's unit, with as many decimals as show each tick exactly."""
    scale = 100 if unit.kind == "percent" else 1
    places = max(_places_needed(t * scale) for t in ticks)
    return [unit.format(t, places) for t in ticks]


def line_chart(series: Series) -> bytes:
    """An SVG line chart of ``series`` (at least two values)."""
    points = series.points
    values = [v for _, v in points] + ([series.target] if series.target is not None else [])
    pad = (max(values) - min(values)) * 0.12
    ticks = nice_ticks(min(values) - pad, max(values) + pad)
    low, high = ticks[0], ticks[-1]
    labels = _tick_labels(ticks, series.unit)
    # Long tick labels (1,500,000) move the axis right, clear of the axis title.
    widest = max(sum(2.4 if ch in ",." else 7.0 if ch == "%" else 5.2 for ch in label)
                 for label in labels)
    left = LEFT if 23 + widest <= LEFT + 2 else round(23 + widest)
    plot_w, plot_h = WIDTH - left - RIGHT, HEIGHT - TOP - BOTTOM
    count = len(series.labels)

    def x(index: int) -> float:
        return left + 8 + (plot_w - 16) * (index / max(count - 1, 1))

    def y(value: float) -> float:
        return TOP + plot_h - plot_h * (value - low) / (high - low)

    out = [_HEAD, f'<title id="chart-title">{_escape(f"Trend: {series.title}")}</title>',
           f'<desc id="chart-desc">{_escape(describe(series))}</desc>',
           f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff" />']
    for line_number, line in enumerate(_title_lines(series.title)):
        _text(out, 8, 15 + 14 * line_number, line, size=11.5, weight="bold")
    for tick, label in zip(ticks, labels, strict=True):
        ty = y(tick)
        out.append(f'<line x1="{left}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" '
                   'stroke="#dddddd" stroke-width="1" />')
        _text(out, left - 5, ty + 3.5, label, size=9, anchor="end")
    out.append(f'<line x1="{left}" x2="{left}" y1="{TOP}" y2="{TOP + plot_h}" stroke="{INK}" '
               'stroke-width="1" />')
    out.append(f'<line x1="{left}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" '
               f'stroke="{INK}" stroke-width="1" />')
    _axis_titles(out, series.unit, plot_h, left)
    step = max(1, math.ceil(count / 6))
    for index, label in enumerate(series.labels):
        if index % step and index != count - 1:
            continue
        first, _, rest = label.partition(" ")
        _text(out, x(index), TOP + plot_h + 13, first, size=8.5, anchor="middle")
        if rest:
            _text(out, x(index), TOP + plot_h + 23, rest[:12], size=8.5, anchor="middle")
    last_i, last_v = points[-1]
    value_text = series.unit.format(last_v)
    target_text = (f"Target {series.unit.format(series.target)}"
                   if series.target is not None else "")
    before = (x(points[-2][0]), y(points[-2][1])) if len(points) > 1 else None
    target_y, value_y = _label_places(
        (x(last_i), y(last_v)), before,
        y(series.target) if series.target is not None else None, y(points[0][1]),
        value_text, target_text, left)
    if series.target is not None:
        ty = y(series.target)
        out.append(f'<line x1="{left}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" '
                   f'stroke="{TARGET_COLOUR}" stroke-width="1.5" stroke-dasharray="5 3" />')
        _text(out, left + 4, target_y, target_text, size=TARGET_SIZE, fill=TARGET_COLOUR)
    path = " ".join(f"{'M' if n == 0 else 'L'}{x(i):.1f},{y(v):.1f}"
                    for n, (i, v) in enumerate(points))
    out.append(f'<path d="{path}" fill="none" stroke="{LINE_COLOUR}" stroke-width="2" '
               'stroke-linejoin="round" />')
    for i, v in points[:-1]:
        out.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="2.8" fill="{LINE_COLOUR}" />')
    fill = (FAMILY_COLOURS.get(series.family) if series.family else None) or RAG_COLOURS.get(
        series.status or "", LINE_COLOUR)
    out.append(f'<circle cx="{x(last_i):.1f}" cy="{y(last_v):.1f}" r="5" fill="{fill}" '
               f'stroke="{INK}" stroke-width="1" />')
    _text(out, x(last_i) - 7, value_y, value_text, size=VALUE_SIZE, anchor="end",
          weight="bold")
    out.append("</svg>")
    return "".join(out).encode("utf-8", "xmlcharrefreplace")


Box = tuple[float, float, float, float]  # left, top, right, bottom


def _box(x: float, baseline: float, text: str, size: float, anchor: str) -> Box:
    """Roughly where a line of text is drawn: wide enough for bold figures and "%" in
    Lato or DejaVu Sans (what a browser shows an SVG image in), tall enough for their
    capitals and commas, so that "clear" is clear."""
    width = len(text) * size * 0.8
    left = x - width if anchor == "end" else x
    return (left, baseline - size * 0.8, left + width, baseline + size * 0.25)


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _crosses(box: Box, line_y: float | None) -> bool:
    return line_y is not None and box[1] - 1 < line_y < box[3] + 1


def _meets(box: Box, start: tuple[float, float], end: tuple[float, float]) -> bool:
    """Whether the line from ``start`` to ``end`` passes through ``box``."""
    (x0, y0), (x1, y1) = sorted((start, end))
    left, right = max(box[0], x0), min(box[2], x1)
    if left > right:
        return False
    at = [y0 if x1 == x0 else y0 + (y1 - y0) * (x - x0) / (x1 - x0) for x in (left, right)]
    return min(at) < box[3] and max(at) > box[1]


def _label_places(point: tuple[float, float], before: tuple[float, float] | None,
                  target_y: float | None, first_y: float, value_text: str,
                  target_text: str, left: float) -> tuple[float, float]:
    """Baselines for the target's label and the latest value's label: the value's just
    above or below its point, or just above or below the target line, whichever is
    clear first. The value's label never crosses the target line or the axis, the two
    labels never overlap, and where it can, the value's label keeps off the line
    drawn to its point (from ``before``). ``left`` is where the plot starts."""
    top, bottom = TOP + 2, HEIGHT - BOTTOM - 2

    def inside(box: Box) -> bool:
        return box[1] >= top and box[3] <= bottom

    targets: list[float] = [0.0]
    if target_y is not None:
        above, below = target_y - 4, target_y + 11
        # Above the line when the series starts below it (or there is no room below).
        targets = [above, below] if first_y > target_y or below + 3 > bottom else [below, above]
        targets = [t for t in targets
                   if inside(_box(left + 4, t, target_text, TARGET_SIZE, "start"))] or targets
    values = [point[1] - 9, point[1] + 16]
    if target_y is not None:
        values += [target_y - 4, target_y + 13]
    for strict in (True, False):
        for target in targets:
            target_box = _box(left + 4, target, target_text, TARGET_SIZE, "start")
            for value in values:
                box = _box(point[0] - 7, value, value_text, VALUE_SIZE, "end")
                if inside(box) and not _crosses(box, target_y) and (
                        target_y is None or not _overlap(box, target_box)) and not (
                        strict and before is not None and _meets(box, before, point)):
                    return target, value
    return targets[0], values[0]  # none clear (a chart too small to have room)


def _title_lines(title: str) -> list[str]:
    lines = textwrap.wrap(title, 48) or [""]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), 47, placeholder="…")]
    return lines


def _axis_titles(out: list[str], unit: Unit, plot_h: float, left: int) -> None:
    _text(out, left + (WIDTH - left - RIGHT) / 2, HEIGHT - 5, "Period", size=9,
          anchor="middle", fill=TARGET_COLOUR)
    name = {"percent": "Per cent", "currency": f"Amount ({unit.symbol or '£'})"}.get(
        unit.kind, "Value")
    cy = TOP + plot_h / 2
    _text(out, 12, cy, name, size=9, anchor="middle", fill=TARGET_COLOUR,
          transform=f"rotate(-90 12 {cy:.1f})")


def _text(out: list[str], x: float, y: float, content: str, *, size: float,
          anchor: str = "start", weight: str = "normal", fill: str = INK,
          transform: str = "") -> None:
    more = f' transform="{transform}"' if transform else ""
    start = (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
             f'font-weight="{weight}" fill="{fill}"{more}')
    out.append(f"{start}>{_escape(content)}</text>" if content else f"{start} />")


def _escape(text: str) -> str:
    return text.translate(_CDATA)


_CDATA = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_HEAD = ("<?xml version='1.0' encoding='utf-8'?>\n"
         f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
         f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="chart-title chart-desc" '
         f'font-family="{FONT}">')
