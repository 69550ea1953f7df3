"""What a KPI cell's text means: a number, a direction, a condition such as ``≥85%``.

Councils type figures as numbers, as text (``23.4%``, ``£1,200``), with words around
them (``Fewer than 85``, ``Less than 22%``) or as bands (``75% – 84.9%``); they write
polarity as words, letters or arrows (``High``, ``L``, ``Good is: High``, ``↑``,
``Smaller is better``). Each is read here, the same way wherever it appears.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

LOWER = re.compile(r"\b(lower|low|down|decrease|decreasing|smaller|less|fewer|reduce|reduction|"
                   r"minimi[sz]e|falling)\b|[↓▼⬇⇩⇓↘]|^\s*l\s*$", re.I)
HIGHER = re.compile(r"\b(higher|high|up|increase|increasing|bigger|greater|more|maximi[sz]e|"
                    r"rising)\b|[↑▲⬆⇧⇑↗]|^\s*h\s*$", re.I)
ON_TARGET = re.compile(r"^\s*(t|target|on target|close to target|in range|within range|"
                       r"as close to target as possible|nearest target)\s*$", re.I)
NO_DIRECTION = re.compile(r"^\s*((measure\s+)?for\s+info(rmation)?|info(rmation)?|n/?a|neutral|"
                          r"context(ual)?|monitor(ing)?|tracking|none|not applicable|"
                          r"no (good|polarity|direction)|-|–)\s*$", re.I)
NUMBER = r"[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_CURRENCY = "£$€"
BELOW = r"(<|≤|=<|<=|less than|fewer than|under|below|lower than|up to|no more than|" \
        r"not more than|at most|maximum( of)?|max\.?|no higher than)"
ABOVE = r"(>|≥|=>|>=|more than|greater than|over|above|higher than|at least|no less than|" \
        r"not less than|minimum( of)?|min\.?|no lower than)"
CONDITION = re.compile(rf"^\s*(?:(?P<below>{BELOW})|(?P<above>{ABOVE})|=)?\s*"
                       rf"[{_CURRENCY}]?\s*(?P<number>{NUMBER})\s*(?P<pct>%)?\s*"
                       r"(?P<after>or (more|above|higher|over|greater|less|below|lower|fewer|"
                       r"under)|\+|and (above|over|below|under))?\s*$", re.I)
BAND = re.compile(rf"^\s*[{_CURRENCY}]?\s*(?P<low>{NUMBER})\s*(?P<lowpct>%)?\s*(?:-|–|—|to)\s*"
                  rf"[{_CURRENCY}]?\s*(?P<high>{NUMBER})\s*(?P<highpct>%)?\s*$", re.I)


def parse_number(value: Any) -> float | None:
    """A number from a cell: numbers as they are, text such as '15%', '£1,200' or '3.5'."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    if not isinstance(value, str):
        return None
    text = value.strip().replace(",", "").replace("−", "-")
    for symbol in _CURRENCY:
        text = text.replace(symbol, "")
    percent = text.endswith("%")
    try:
        number = float(text.rstrip("%").strip())
    except ValueError:
        return None
    return number / 100 if percent else number


def parse_direction(text: str) -> str | None:
    """'higher', 'lower' or 'target' (closest to the target is best) from a polarity
    cell, or None if it says none of these."""
    if ON_TARGET.match(text):
        return "target"
    lower, higher = LOWER.search(text), HIGHER.search(text)
    if lower and (not higher or lower.start() < higher.start()):
        return "lower"
    return "higher" if higher else None


def says_no_direction(text: str) -> bool:
    """A polarity cell that says the measure has no good direction (``Info``)."""
    return bool(NO_DIRECTION.match(text))


@dataclass(frozen=True)
class Condition:
    """A bound a figure is judged against: ``≥85%`` is Condition(0.85, None, ">=")."""

    low: float | None
    high: float | None
    inclusive_low: bool = True
    inclusive_high: bool = True

    def holds(self, value: float) -> bool:
        eps = 1e-9
        if self.low is not None and (value < self.low - eps or (
                not self.inclusive_low and abs(value - self.low) <= eps)):
            return False
        return not (self.high is not None and (value > self.high + eps or (
            not self.inclusive_high and abs(value - self.high) <= eps)))

    @property
    def bound(self) -> float | None:
        """The number the condition names (a band's lower end)."""
        return self.low if self.low is not None else self.high

    @property
    def direction(self) -> str | None:
        """'higher' for ``≥85%``, 'lower' for ``<22%``, None for a band."""
        if self.low is not None and self.high is None:
            return "higher"
        if self.high is not None and self.low is None:
            return "lower"
        return None


def _number(text: str, percent: str | None) -> float:
    number = float(text.replace(",", "").replace("−", "-"))
    return number / 100 if percent else number


def parse_condition(text: str) -> Condition | None:
    """``<75%``, ``≥85%``, ``Fewer than 85``, ``90% or more``, ``75% – 84.9%``, ``1,450``:
    the bound, or None for text that names no bound (``Additional 800``, ``No target``)."""
    band = BAND.match(text)
    if band:
        either = band.group("lowpct") or band.group("highpct")
        return Condition(_number(band.group("low"), either),
                         _number(band.group("high"), either))
    match = CONDITION.match(text)
    if not match:
        return None
    number = _number(match.group("number"), match.group("pct"))
    after = (match.group("after") or "").lower()
    if match.group("below") or re.search(r"less|below|lower|fewer|under", after):
        strict = (match.group("below") or "").strip().lower() in (
            "<", "less than", "fewer than", "under", "below", "lower than")
        return Condition(None, number, inclusive_high=not strict)
    if match.group("above") or after:
        strict = (match.group("above") or "").strip().lower() in (
            ">", "more than", "greater than", "over", "above", "higher than")
        return Condition(number, None, inclusive_low=not strict)
    return Condition(number, number)
