"""Cell colours: a fill as the RGB Excel paints, and the RAG colour it stands for.

A fill's colour is written three ways in a workbook: as RGB (``FF00B050``), as a
palette index (old files) or as a theme colour with a tint (the palette Excel's
colour picker shows). ``Palette`` resolves all three against the workbook's theme;
``family`` says which of the colours councils rate with a colour is (red, amber,
yellow, green, blue, grey), from its hue, so any shade of green is green.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from xml.etree import ElementTree

DRAWING_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
# The theme's colours in the order a cell's theme="n" counts them (light before dark).
THEME_ORDER = ("lt1", "dk1", "lt2", "dk2", "accent1", "accent2", "accent3", "accent4",
               "accent5", "accent6", "hlink", "folHlink")


@dataclass
class Palette:
    """The theme colours of one workbook, as RRGGBB."""

    theme: list[str] = field(default_factory=list)
    seen: dict[int, tuple[str | None, str | None]] = field(default_factory=dict)  # by style

    @classmethod
    def from_theme(cls, xml: bytes | str | None) -> Palette:
        if not xml:
            return cls()
        try:
            root = ElementTree.fromstring(xml)
        except ElementTree.ParseError:
            return cls()
        scheme = root.find(f".//{DRAWING_NS}clrScheme")
        if scheme is None:
            return cls()
        found: dict[str, str] = {}
        for slot in scheme:
            name = slot.tag.removeprefix(DRAWING_NS)
            for colour in slot:
                value = colour.get("lastClr") or colour.get("val") or ""
                if len(value) == 6:
                    found[name] = value.upper()
        return cls([found.get(name, "") for name in THEME_ORDER])

    def rgb(self, colour: Any) -> str | None:
        """An openpyxl Color as RRGGBB, or None when it is automatic or unknown."""
        if colour is None:
            return None
        kind = getattr(colour, "type", None)
        value: str | None = None
        if kind == "rgb" and isinstance(colour.rgb, str) and len(colour.rgb) >= 6:
            value = colour.rgb[-6:].upper()
        elif kind == "indexed" and isinstance(colour.indexed, int):
            from openpyxl.styles.colors import COLOR_INDEX

            if 0 <= colour.indexed < len(COLOR_INDEX) and colour.indexed not in (64, 65):
                value = COLOR_INDEX[colour.indexed][-6:].upper()
        elif (kind == "theme" and isinstance(colour.theme, int)
              and 0 <= colour.theme < len(self.theme) and self.theme[colour.theme]):
            value = self.theme[colour.theme]
        if value is None:
            return None
        tint = getattr(colour, "tint", 0.0) or 0.0
        return _tinted(value, float(tint)) if tint else value

    def fill(self, fill: Any) -> str | None:
        """A cell's solid fill as RRGGBB, or None (no fill, a pattern, a gradient)."""
        if fill is None or getattr(fill, "fill_type", None) != "solid":
            return None
        return self.rgb(getattr(fill, "fgColor", None))


def _tinted(value: str, tint: float) -> str:
    r, g, b = (int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))
    hue, light, sat = colorsys.rgb_to_hls(r, g, b)
    light = light * (1 + tint) if tint < 0 else light * (1 - tint) + tint
    return "".join(f"{round(c * 255):02X}" for c in colorsys.hls_to_rgb(hue, light, sat))


RAG_FAMILIES = ("red", "amber", "yellow", "green")  # the families that rate; not blue, grey


@cache
def family(rgb: str | None) -> str | None:
    """The rating colour an RRGGBB fill stands for, or None for white, black and no fill."""
    if not rgb or len(rgb) != 6:
        return None
    r, g, b = (int(rgb[i:i + 2], 16) / 255 for i in (0, 2, 4))
    hue, light, sat = colorsys.rgb_to_hls(r, g, b)
    if light > 0.96 or light < 0.08:
        return None
    if sat < 0.15 or max(r, g, b) - min(r, g, b) < 0.08:
        return "grey"
    degrees = hue * 360
    if degrees < 15 or degrees >= 330:
        return "red"
    if degrees < 52:
        return "amber"
    if degrees < 70:
        return "yellow"
    if degrees < 170:
        return "green"
    if degrees < 260:
        return "blue"
    return "red" if degrees >= 300 else None
