"""RAG ratings: the council's own (words, letters or colour) and boardpack's rule.

A sheet's rating column is read as the council set it: a word (``Green``, ``On
target``, ``Within tolerance``, ``Off target``), a letter (R, A, G, Y, B), or only
the cell's fill (or the colour of a ● in it). Each is shown as written, on the colour
of its family (red, amber, yellow, green, blue, grey). boardpack's own rule rates the
latest figure against the sheet's thresholds where it has them (``Red`` ``<75%``,
``Green`` ``≥85%``), else against the target and a tolerance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from boardpack.sources.xlsx.colours import family as colour_family
from boardpack.sources.xlsx.grid import GridCell
from boardpack.sources.xlsx.values import Condition

STATUSES = ("Red", "Amber", "Green")
# Tried in order: negations ("not on target") before the words they contain.
_WORDS = (
    ("red", r"r|red|off[\s-]+(target|track)|not\s+(on\s+(target|track)|met|achieved)|missed|"
            r"target\s+not\s+met|behind(\s+target)?|significantly\s+(off|below|behind)(.*)|"
            r"below\s+target|failing|poor|concern|serious\s+concern"),
    ("amber", r"a|amber|within\s+tolerance|close\s+to\s+target|near(ly)?\s+(on\s+)?target|"
              r"slightly\s+(off|below|behind)(.*)|at\s+risk|some\s+concern|minor\s+(slippage|"
              r"concern)|orange|requires\s+improvement"),
    ("yellow", r"y|yellow"),
    ("green", r"g|green|on\s+(target|track)|achieved|met|target\s+met|exceeded|exceeding|"
              r"ahead(\s+of\s+target)?|above\s+target|good|better\s+than\s+target|outstanding"),
    ("blue", r"b|blue"),
    ("grey", r"grey|gray|(measure\s+)?for\s+info(rmation)?|info(rmation)?|measured\s+annually|"
             r"annual(\s+measure)?|not\s+rated|no\s+target|n/?a|not\s+applicable|"
             r"data\s+not\s+(yet\s+)?available|awaiting\s+data|not\s+due|no\s+data|baseline|"
             r"new\s+measure|tbc"),
)
_PATTERNS = tuple((name, re.compile(rf"^\s*({words})\s*[.!]?\s*$", re.I)) for name, words in _WORDS)
SHAPES = frozenset("●○■□◆◉⬤▲▼►◄")
COLOURS = {"red": "Red", "amber": "Amber", "yellow": "Yellow", "green": "Green",
           "blue": "Blue", "grey": "Grey"}
# What each of boardpack's own statuses agrees with among the council's families.
AGREES = {"Green": {"green", "blue"}, "Amber": {"amber", "yellow"}, "Red": {"red"}}


def rating_family(text: str) -> str | None:
    """The family a rating word or letter belongs to, or None if it is not one."""
    return next((name for name, pattern in _PATTERNS if pattern.match(text)), None)


@dataclass(frozen=True)
class Rating:
    """A council's rating of one row: the word shown and the colour family it is on."""

    word: str
    family: str | None  # red, amber, yellow, green, blue, grey; None: a word of no colour


def sheet_rating(cell: GridCell) -> Rating | None:
    """The rating a council put in a cell, from its word, its fill or its ink."""
    text = " ".join(cell.text.split())
    named = rating_family(text) if text else None
    shape = not text or all(ch in SHAPES for ch in text.replace(" ", ""))
    painted = (colour_family(cell.fill) or cell.icon
               or (colour_family(cell.ink) if shape and text else None))
    if text and not shape:
        return Rating(text, named or painted)
    if painted:
        return Rating(COLOURS[painted], painted)
    return None


def rag(value: float, target: float, direction: str, tolerance: float) -> str:
    """Green when the target is met, Amber when missed by at most the tolerance, else Red.

    Where the best value is the target itself (direction ``target``): Green within the
    tolerance of it either way, Amber within twice the tolerance, else Red."""
    if direction == "target":
        distance, band = round(abs(value - target), 9), round(tolerance * abs(target), 9)
        return "Green" if distance <= band else "Amber" if distance <= 2 * band else "Red"
    miss = (target - value) if direction == "higher" else (value - target)
    miss = round(miss, 9)
    if miss <= 0:
        return "Green"
    if miss <= round(tolerance * abs(target), 9):
        return "Amber"
    return "Red"


def rag_by_bands(value: float, green: Condition | None, red: Condition | None) -> str | None:
    """Green inside the sheet's Green band, Red inside its Red band, else Amber."""
    if green is None and red is None:
        return None
    if green is not None and green.holds(value):
        return "Green"
    if red is not None and red.holds(value):
        return "Red"
    return "Amber"


def agrees(status: str, rating: Rating) -> bool | None:
    """Whether boardpack's status and the council's rating say the same; None when the
    council's rating has no RAG colour to compare (grey, or a word of no colour)."""
    if rating.family is None or rating.family == "grey":
        return None
    return rating.family in AGREES.get(status, set())
