"""Text in a symbol font (Wingdings, Webdings, Symbol) as the characters Excel draws.

A cell in Wingdings that holds "é" shows an up arrow in Excel: the font draws its own
pictures in the slots of ordinary letters. Without the font the letter would print, so
the pictures boardpack knows (arrows, triangles, ticks, crosses, circles) become their
Unicode characters. Characters of a symbol font with no known picture are kept as they
are and reported, so ``check`` can name the cell.
"""

from __future__ import annotations

# Slots of each font, from its published character chart: arrows, triangles, ticks and
# crosses, the shapes scorecards use for trends and ratings.
_WINGDINGS = {
    0x6C: "●", 0x6D: "○", 0x6E: "■", 0x6F: "□", 0x71: "❑", 0x72: "❒", 0x73: "⬧", 0x74: "⧫",
    0x75: "◆", 0x76: "❖", 0x77: "⬥", 0x9F: "•", 0xA1: "○", 0xA2: "⭕", 0xA4: "◉", 0xA7: "▪",
    0xA8: "◻", 0xD7: "◄", 0xD8: "►", 0xD9: "▲", 0xDA: "▼", 0xDF: "←", 0xE0: "→", 0xE1: "↑",
    0xE2: "↓", 0xE3: "↖", 0xE4: "↗", 0xE5: "↙", 0xE6: "↘", 0xE7: "←", 0xE8: "→", 0xE9: "↑",
    0xEA: "↓", 0xEB: "↖", 0xEC: "↗", 0xED: "↙", 0xEE: "↘", 0xEF: "⇦", 0xF0: "⇨", 0xF1: "⇧",
    0xF2: "⇩", 0xF3: "⬄", 0xF4: "⇳", 0xFB: "✗", 0xFC: "✓", 0xFD: "☒", 0xFE: "☑",
}
_WINGDINGS_2 = {0x4F: "✗", 0x50: "✓", 0x52: "☑", 0x53: "☒"}
_WINGDINGS_3 = {
    0x66: "←", 0x67: "→", 0x68: "↑", 0x69: "↓", 0x6A: "↖", 0x6B: "↗", 0x6C: "↙", 0x6D: "↘",
    0x6E: "↔", 0x6F: "↕", 0x70: "▲", 0x71: "▼", 0x72: "△", 0x73: "▽", 0x74: "◄", 0x75: "►",
    0x76: "◁", 0x77: "▷", 0x78: "◣", 0x79: "◢", 0x7A: "◤", 0x7B: "◥", 0x81: "▲", 0x82: "▼",
    0x83: "◄", 0x84: "►",
}
_WEBDINGS = {0x33: "◄", 0x34: "►", 0x35: "▲", 0x36: "▼", 0x61: "✓", 0x72: "✗"}
_SYMBOL = {
    0xAB: "↔", 0xAC: "←", 0xAD: "↑", 0xAE: "→", 0xAF: "↓", 0xDB: "⇔", 0xDC: "⇐", 0xDD: "⇑",
    0xDE: "⇒", 0xDF: "⇓", 0xA3: "≤", 0xB3: "≥", 0xB1: "±", 0xB4: "×", 0xB8: "÷", 0xB9: "≠",
    0xBB: "≈", 0xB0: "°", 0xB7: "•", 0xD6: "√", 0xA5: "∞", 0xE0: "◊", 0x2D: "−",
    0x61: "α", 0x62: "β", 0x63: "χ", 0x64: "δ", 0x65: "ε", 0x66: "φ", 0x67: "γ", 0x68: "η",
    0x69: "ι", 0x6B: "κ", 0x6C: "λ", 0x6D: "μ", 0x6E: "ν", 0x70: "π", 0x71: "θ", 0x72: "ρ",
    0x73: "σ", 0x74: "τ", 0x75: "υ", 0x77: "ω", 0x78: "ξ", 0x79: "ψ", 0x7A: "ζ", 0x44: "Δ",
    0x53: "Σ", 0x57: "Ω",
}
# Characters every symbol font leaves as they are.
_PLAIN = frozenset(" \t\n\r0123456789.,%+-()/")
FONTS = {"wingdings": _WINGDINGS, "wingdings 2": _WINGDINGS_2, "wingdings 3": _WINGDINGS_3,
         "webdings": _WEBDINGS, "symbol": _SYMBOL}


# Heavy arrows that the pack's fonts lack, as the arrows they stand for.
_PRINTABLE = str.maketrans({"⬆": "↑", "⬇": "↓", "➡": "→", "⬅": "←", "⮕": "→", "🡹": "↑",
                            "🡻": "↓", "🡺": "→", "🡸": "←", "⇧": "↑", "⇩": "↓", "⇨": "→",
                            "⇦": "←"})


def printable(text: str) -> str:
    """``text`` with heavy arrows (⬆ ➡ ⬇) as plain ones (↑ → ↓), which every font has."""
    return text.translate(_PRINTABLE)


def table_for(font: str | None) -> dict[int, str] | None:
    """The font's pictures, or None if ``font`` is not a symbol font."""
    return FONTS.get(" ".join((font or "").casefold().split()))


def recode(text: str, font: str | None) -> tuple[str, list[str]]:
    """``text`` as drawn in ``font``, and the characters that have no known picture."""
    table = table_for(font)
    if table is None:
        return text, []
    out, unknown = [], []
    for char in text:
        code = ord(char)
        if 0xF020 <= code <= 0xF0FF:  # the symbol-font private-use copy of the same slots
            code -= 0xF000
        picture = table.get(code)
        if picture is not None:
            out.append(picture)
        elif char in _PLAIN or (table is _SYMBOL and char.isalnum() and code < 0x80):
            out.append(char)
        else:
            out.append(char)
            unknown.append(char)
    return "".join(out), unknown
