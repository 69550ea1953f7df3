"""KPI charts: the latest value's label is never struck through by the dashed target
line, and never overlaps the target's label ("86%" must not read like a deleted value).

Each label's ink is measured with the real fonts (Lato Bold, as the PDF draws it, and
DejaVu Sans Bold, which a browser may use for an SVG image), glyph by glyph with
fontTools, independently of the chart code's own estimate.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import fontpkg_lato
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boardpack.sources.xlsx.charts import BOTTOM, HEIGHT, TOP, WIDTH, Series, Unit, line_chart

ttLib = pytest.importorskip("fontTools.ttLib")
SVG = "{http://www.w3.org/2000/svg}"
FONTS = [fontpkg_lato.ROOT / "files" / "Lato-Bold.ttf",
         Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")]
Box = tuple[float, float, float, float]


@cache
def font(path: Path) -> object:
    return ttLib.TTFont(path)


def ink(element: ET.Element, path: Path) -> Box:
    """The box a text element's glyphs cover (left, top, right, bottom; y down)."""
    face = font(path)
    scale = float(element.get("font-size", "10")) / face["head"].unitsPerEm
    cmap, advances, glyphs = face.getBestCmap(), face["hmtx"], face["glyf"]
    names = [cmap.get(ord(c), ".notdef") for c in element.text or ""]
    width = sum(advances[name][0] for name in names) * scale
    tops = [getattr(glyphs[n], "yMax", 0) for n in names]
    bottoms = [getattr(glyphs[n], "yMin", 0) for n in names]
    x, baseline = float(element.get("x", "0")), float(element.get("y", "0"))
    left = x - width if element.get("text-anchor") == "end" else x
    return (left, baseline - max(tops) * scale, left + width, baseline - min(bottoms) * scale)


def labels(svg: bytes) -> tuple[ET.Element, ET.Element | None, float | None]:
    """The latest value's label, the target's label and the target line's height."""
    root = ET.fromstring(svg)
    texts = root.findall(f"{SVG}text")
    value = next(t for t in texts if t.get("font-weight") == "bold" and t.get("font-size") == "9.5")
    target = next((t for t in texts if (t.text or "").startswith("Target ")), None)
    line = next((ln for ln in root.findall(f"{SVG}line") if ln.get("stroke-dasharray")), None)
    return value, target, float(line.get("y1")) if line is not None else None


def clashes(svg: bytes) -> list[str]:
    value, target, line_y = labels(svg)
    found = []
    for path in (p for p in FONTS if p.is_file()):
        box = ink(value, path)
        if line_y is not None and box[1] <= line_y <= box[3]:
            found.append(f"{path.name}: the target line at {line_y} strikes {value.text!r} {box}")
        if target is not None:
            other = ink(target, path)
            if box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]:
                found.append(f"{path.name}: {value.text!r} overlaps {target.text!r}")
            if not (other[1] >= 0 and other[3] <= HEIGHT and other[0] >= 0 and other[2] <= WIDTH):
                found.append(f"{path.name}: {target.text!r} is outside the chart")
        if not (box[1] >= TOP and box[3] <= HEIGHT - BOTTOM):
            found.append(f"{path.name}: {value.text!r} is outside the plot (on an axis)")
    return found


# Values as a workbook holds them (to a thousandth of the scale).
THOUSANDTHS = st.integers(0, 1000).map(lambda n: n / 1000)
QUARTERS = ["2025/26 Q1", "2025/26 Q2", "2025/26 Q3", "2025/26 Q4", "2026/27 Q1",
            "2026/27 Q2", "2026/27 Q3", "2026/27 Q4"]


def test_a_value_just_under_its_target_is_not_struck_through() -> None:
    """86% against a target of 87%: where the label used to be drawn (9 units above
    the point) the dashed line ran through its figures."""
    series = Series("Visits on time", QUARTERS[:3], [0.80, 0.83, 0.86], Unit("percent"), 0.87,
                    "higher", "Amber")
    svg = line_chart(series)
    value, _, line_y = labels(svg)
    point = ET.fromstring(svg).findall(f"{SVG}circle")[-1]
    old = ET.Element("text", {"x": value.get("x"), "y": str(float(point.get("cy")) - 9),
                              "font-size": "9.5", "text-anchor": "end"})
    old.text = value.text
    top, bottom = ink(old, FONTS[0])[1::2]
    assert top <= line_y <= bottom  # control: the old place was struck through
    assert clashes(svg) == []


@settings(max_examples=150, deadline=None)
@given(values=st.lists(THOUSANDTHS, min_size=2, max_size=8),
       target=st.one_of(st.none(), THOUSANDTHS),
       kind=st.sampled_from(["percent", "number", "currency"]),
       scale=st.sampled_from([1, 100, 2000]))
def test_labels_never_collide(values: list[float], target: float | None, kind: str,
                              scale: int) -> None:
    factor = 1 if kind == "percent" else scale
    series = Series("An indicator", QUARTERS[:len(values)], [v * factor for v in values],
                    Unit(kind, None, "£"), None if target is None else target * factor,
                    "higher", "Red")
    assert clashes(line_chart(series)) == []
