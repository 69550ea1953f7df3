"""The fill a table style gives a cell: a header row, a first column, banded rows.

A Word table style ("Grid Table 4 – Accent 1") shades parts of a table through
conditional formats (``w:tblStylePr``: firstRow, lastRow, firstCol, lastCol,
band1Horz …), each switched on or off by the table's ``w:tblLook``. ``fill`` works
out a cell's fill as Word does: the whole table's, then the bands', then the first
and last columns', then the first and last rows' (a later one wins); a cell's own
shading (``w:tcPr/w:shd``) wins over them all, and is applied by ``rewrite``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from boardpack.sources.docx.inspect import OFF, parse, w_name, w_val

HEX = re.compile(r"[0-9A-Fa-f]{6}")

# tblLook's older form: one hexadecimal number of flags.
LOOK_FLAGS = {"firstRow": 0x20, "lastRow": 0x40, "firstColumn": 0x80, "lastColumn": 0x100,
              "noHBand": 0x200, "noVBand": 0x400}
DEFAULT_LOOK = {"firstRow": True, "lastRow": False, "firstColumn": True, "lastColumn": False,
                "noHBand": False, "noVBand": True}


@dataclass
class TableStyle:
    fills: dict[str, str | None] = field(default_factory=dict)  # "" for the whole table
    based_on: str = ""
    row_band: int = 1
    column_band: int = 1


def shading(attrs: dict[str, str]) -> str | None:
    """The colour a ``w:shd`` paints, as six hex digits; None for none or automatic."""
    pattern = (w_val(attrs) or "clear").lower()
    colour = w_val(attrs, "color") if pattern == "solid" else w_val(attrs, "fill")
    if pattern == "nil" or not colour or not HEX.fullmatch(colour):
        return None
    return colour.upper()


def read(data: bytes | None, name: str) -> dict[str, TableStyle]:
    """The table styles of ``styles.xml`` that shade something, by style id."""
    found: dict[str, TableStyle] = {}
    if not data or b"shd" not in data:
        return found
    stack: list[str] = []
    current: list[TableStyle | None] = [None]
    part = [""]

    def start(tag: str, attrs: dict[str, str]) -> None:
        local = w_name(tag)
        stack.append(local)
        style = current[0]
        if local == "style":
            current[0] = TableStyle() if w_val(attrs, "type") == "table" else None
            if current[0] is not None:
                found[w_val(attrs, "styleId") or ""] = current[0]
        elif style is None:
            return
        elif local == "basedOn" and stack[-2:-1] == ["style"]:
            style.based_on = w_val(attrs) or ""
        elif local == "tblStylePr":
            part[0] = w_val(attrs, "type") or ""
        elif local == "shd" and stack[-2:-1] == ["tcPr"]:
            style.fills[part[0]] = shading(attrs)
        elif local == "tblStyleRowBandSize":
            style.row_band = max(1, _number(w_val(attrs), 1))
        elif local == "tblStyleColBandSize":
            style.column_band = max(1, _number(w_val(attrs), 1))

    def end(tag: str) -> None:
        local = stack.pop()
        if local == "tblStylePr":
            part[0] = ""
        elif local == "style":
            current[0] = None

    parse(data, name, start, end)
    return found


def _number(value: str | None, default: int) -> int:
    return int(value) if value and value.isdigit() and len(value) < 6 else default


def look(attrs: dict[str, str]) -> dict[str, bool]:
    """Which conditional formats a table's ``w:tblLook`` switches on."""
    flags = dict(DEFAULT_LOOK)
    legacy = w_val(attrs)
    if legacy:
        try:
            bits = int(legacy, 16)
        except ValueError:
            bits = 0
        flags = {key: bool(bits & bit) for key, bit in LOOK_FLAGS.items()}
    for key in LOOK_FLAGS:
        value = w_val(attrs, key)
        if value is not None:
            flags[key] = value.lower() not in OFF
    return flags


def fill(styles: dict[str, TableStyle], style_id: str, flags: dict[str, bool], row: int,
         rows: int, column: int, columns: int) -> str | None:
    """The fill the table style gives the cell at ``row``, ``column`` (from 0)."""
    chain: list[TableStyle] = []
    while style_id in styles and styles[style_id] not in chain and len(chain) < 10:
        chain.append(styles[style_id])
        style_id = styles[style_id].based_on
    if not chain:
        return None
    body_row = row - (1 if flags["firstRow"] else 0)
    body_column = column - (1 if flags["firstColumn"] else 0)
    parts = [""]
    if not flags["noVBand"] and body_column >= 0:
        parts.append("band1Vert" if (body_column // chain[0].column_band) % 2 == 0
                     else "band2Vert")
    if not flags["noHBand"] and body_row >= 0:
        parts.append("band1Horz" if (body_row // chain[0].row_band) % 2 == 0
                     else "band2Horz")
    parts += [name for name, on in (("firstCol", flags["firstColumn"] and column == 0),
                                    ("lastCol", flags["lastColumn"] and column == columns - 1),
                                    ("firstRow", flags["firstRow"] and row == 0),
                                    ("lastRow", flags["lastRow"] and row == rows - 1)) if on]
    chosen: str | None = None
    for part in parts:
        for style in chain:  # the style's own format, else the one it is based on
            if part in style.fills:
                chosen = style.fills[part]  # a colour, or None where it takes one off
                break
    return chosen
