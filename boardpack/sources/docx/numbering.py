"""Word's list numbers, worked out as Word shows them (1.1, 1.2, 3.3, D.2.1, (a) …).

Pandoc turns a numbered Word paragraph into an item of a list that counts from 1 at
each level, so a report's "3.3" comes out as "3.". This module reads the numbering
definitions (``numbering.xml``: abstract lists, their levels' start, number format,
level text, restart rule and legal style; list instances and their overrides) and
the paragraph styles that carry numbering (``styles.xml``), and then counts the
numbered paragraphs in document order, as Word does, giving each its label.

Counting follows Word: list instances that share an abstract list and override no
start value continue each other's numbers; an instance that overrides a start
value (Word's "Restart numbering") counts on its own from that value. A level
restarts after any higher level unless its ``lvlRestart`` says otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from boardpack.sources.docx.inspect import parse, w_name, w_val

MAX_LEVELS = 9
MAX_LETTERS = 780  # Word's letters run out at 780 (30 z's); later numbers are digits
ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
         (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
ORDINAL_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
                 "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
                 "sixteen", "seventeen", "eighteen", "nineteen")
TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
PLACEHOLDER = re.compile(r"%([1-9])")
OFF = {"0", "false", "off"}


@dataclass
class Level:
    """One level of a list: how its number is counted and written."""

    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # lvlRestart: restart after this (1-based) level; 0 never
    legal: bool = False  # isLgl: the numbers of higher levels written as decimals
    bold: bool = False
    suffix: str = "tab"

    @property
    def bullet(self) -> bool:
        return self.fmt == "bullet"


@dataclass
class Instance:
    """A ``w:num``: an abstract list, with start values or levels it overrides."""

    abstract: str
    starts: dict[int, int] = field(default_factory=dict)
    levels: dict[int, Level] = field(default_factory=dict)


@dataclass
class Definitions:
    """The numbering of a document: abstract lists, instances, and numbered styles."""

    abstracts: dict[str, dict[int, Level]] = field(default_factory=dict)
    style_links: dict[str, str] = field(default_factory=dict)  # abstract -> numStyleLink
    instances: dict[str, Instance] = field(default_factory=dict)
    # paragraph style -> (numId or None, ilvl or None), and its basedOn
    styles: dict[str, tuple[str | None, int | None]] = field(default_factory=dict)
    based_on: dict[str, str] = field(default_factory=dict)
    default_style: str = ""
    level_styles: dict[tuple[str, str], int] = field(default_factory=dict)  # (abstract, style)

    def levels(self, num_id: str) -> tuple[str, dict[int, Level]] | None:
        """The abstract list a ``numId`` uses, and its levels with the overrides applied."""
        instance = self.instances.get(num_id)
        if instance is None:
            return None
        abstract = instance.abstract
        for _ in range(3):  # a list that only links to a numbering style's list
            link = self.style_links.get(abstract)
            if not link or self.abstracts.get(abstract):
                break
            target = self.styles.get(link, (None, None))[0]
            linked = self.instances.get(target or "")
            if linked is None:
                break
            abstract = linked.abstract
        levels = dict(self.abstracts.get(abstract, {}))
        levels.update(instance.levels)
        return (abstract, levels) if levels else None

    def style_numbering(self, style: str) -> tuple[str | None, int | None]:
        """The numId and level a paragraph style (or one it is based on) gives."""
        num_id: str | None = None
        ilvl: int | None = None
        seen: set[str] = set()
        while style and style not in seen:
            seen.add(style)
            found_id, found_lvl = self.styles.get(style, (None, None))
            num_id = num_id if num_id is not None else found_id
            ilvl = ilvl if ilvl is not None else found_lvl
            style = self.based_on.get(style, "")
        return num_id, ilvl


@dataclass(frozen=True)
class Label:
    """A paragraph's list number as Word shows it, and how it was made."""

    text: str
    level: int
    key: str  # the list whose numbers it counts on (lists that share numbers share it)
    value: int = 1
    fmt: str = "decimal"
    pattern: str = ""  # the level's text, such as "%1.%2"
    bold: bool = False
    suffix: str = "tab"

    @property
    def bullet(self) -> bool:
        return self.fmt == "bullet"


def read(numbering: bytes | None, styles: bytes | None, numbering_name: str = "numbering",
         styles_name: str = "styles") -> Definitions:
    """The numbering definitions of a document (empty when it has none)."""
    found = Definitions()
    if numbering:
        _read_numbering(numbering, numbering_name, found)
    if styles:
        _read_styles(styles, styles_name, found)
    return found


def _flag(attrs: dict[str, str]) -> bool:
    return (w_val(attrs) or "1").lower() not in OFF


def integer(value: str | None, default: int) -> int:
    """``value`` as a whole number, or ``default`` if it is missing or not one."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _read_numbering(data: bytes, name: str, found: Definitions) -> None:
    reader = _NumberingReader(found)
    parse(data, name, reader.start, reader.end)


class _NumberingReader:
    """An expat pass over ``numbering.xml``: abstract lists and their instances."""

    def __init__(self, found: Definitions) -> None:
        self.found = found
        self.stack: list[str] = []
        self.abstract = ""
        self.level: Level | None = None
        self.instance: Instance | None = None
        self.override = -1

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        local = w_name(tag)
        self.stack.append(local)
        parent = self.stack[-2] if len(self.stack) > 1 else ""
        found, instance = self.found, self.instance
        if local == "abstractNum":
            self.abstract = w_val(attrs, "abstractNumId") or ""
            found.abstracts.setdefault(self.abstract, {})
        elif local == "numStyleLink" and parent == "abstractNum":
            found.style_links[self.abstract] = w_val(attrs) or ""
        elif local == "num":
            self.instance = Instance("")
            found.instances[w_val(attrs, "numId") or ""] = self.instance
        elif local == "abstractNumId" and parent == "num" and instance:
            instance.abstract = w_val(attrs) or ""
        elif local == "lvlOverride" and instance:
            self.override = integer(w_val(attrs, "ilvl"), 0)
        elif local == "startOverride" and instance and self.override >= 0:
            instance.starts[self.override] = integer(w_val(attrs), 1)
        elif local == "lvl":
            index = integer(w_val(attrs, "ilvl"), 0)
            self.level = Level()
            if parent == "lvlOverride" and instance:
                instance.levels[index] = self.level
            elif parent == "abstractNum" and 0 <= index < MAX_LEVELS:
                found.abstracts[self.abstract][index] = self.level
        elif self.level is not None and parent == "lvl":
            _level_property(self.level, local, attrs, self.abstract, found, self.stack)
        elif self.level is not None and local == "b" and self.stack[-3:-1] == ["lvl", "rPr"]:
            self.level.bold = _flag(attrs)

    def end(self, tag: str) -> None:
        local = self.stack.pop()
        if local == "lvl":
            self.level = None
        elif local == "lvlOverride":
            self.override = -1
        elif local == "num":
            self.instance = None


def _level_property(level: Level, local: str, attrs: dict[str, str], abstract: str,
                    found: Definitions, stack: list[str]) -> None:
    value = w_val(attrs)
    if local == "start":
        level.start = integer(value, 1)
    elif local == "numFmt":
        level.fmt = value or "decimal"
    elif local == "lvlText":
        level.text = value or ""
    elif local == "lvlRestart":
        level.restart = integer(value, 0)
    elif local == "isLgl":
        level.legal = _flag(attrs)
    elif local == "suff":
        level.suffix = value or "tab"
    elif local == "pStyle" and value and stack[-3:-1] == ["abstractNum", "lvl"]:
        levels = found.abstracts.get(abstract, {})
        index = next((i for i, lvl in levels.items() if lvl is level), None)
        if index is not None:
            found.level_styles[(abstract, value)] = index


def _read_styles(data: bytes, name: str, found: Definitions) -> None:
    stack: list[str] = []
    style = [""]
    numbering: list[list[str | int | None]] = [[None, None]]

    def start(tag: str, attrs: dict[str, str]) -> None:
        local = w_name(tag)
        stack.append(local)
        if local == "style":
            style[0] = w_val(attrs, "styleId") or ""
            numbering[0] = [None, None]
            if w_val(attrs, "type") in (None, "paragraph") and (
                    w_val(attrs, "default") or "0").lower() not in OFF:
                found.default_style = found.default_style or style[0]
        elif local == "basedOn" and stack[-2:-1] == ["style"]:
            found.based_on[style[0]] = w_val(attrs) or ""
        elif stack[-3:-1] == ["pPr", "numPr"] and "style" in stack:
            if local == "numId":
                numbering[0][0] = w_val(attrs) or ""
            elif local == "ilvl":
                numbering[0][1] = integer(w_val(attrs), 0)

    def end(tag: str) -> None:
        local = stack.pop()
        if local == "style" and numbering[0] != [None, None]:
            num_id, ilvl = numbering[0]
            found.styles[style[0]] = (num_id if isinstance(num_id, str) else None,
                                      ilvl if isinstance(ilvl, int) else None)

    parse(data, name, start, end)


def number_text(value: int, fmt: str) -> str:
    """``value`` written in Word's number format ``fmt`` (decimal when unknown)."""
    if fmt in ("none", "bullet"):
        return ""
    if fmt in ("lowerLetter", "upperLetter"):  # a … z, aa … zz, aaa …, as Word counts
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1) if \
            0 < value <= MAX_LETTERS else str(value)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value) if 0 < value < 4000 else str(value)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "ordinal":
        suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(
            value % 10, "th")
        return f"{value}{suffix}"
    if fmt == "cardinalText":
        return _words(value).capitalize()
    if fmt == "ordinalText":
        return _ordinal_words(value).capitalize()
    return str(value)


def _roman(value: int) -> str:
    out = []
    for amount, letters in ROMAN:
        while value >= amount:
            out.append(letters)
            value -= amount
    return "".join(out)


def _words(value: int) -> str:
    if value < 0 or value >= 1000:
        return str(value)
    if value < 20:
        return ORDINAL_WORDS[value]
    if value < 100:
        tens, unit = divmod(value, 10)
        return TENS[tens] + (f"-{ORDINAL_WORDS[unit]}" if unit else "")
    hundreds, rest = divmod(value, 100)
    return f"{ORDINAL_WORDS[hundreds]} hundred" + (f" and {_words(rest)}" if rest else "")


IRREGULAR = {"one": "first", "two": "second", "three": "third", "five": "fifth",
             "eight": "eighth", "nine": "ninth", "twelve": "twelfth"}


def _ordinal_words(value: int) -> str:
    words = _words(value)
    head, _, last = words.rpartition("-" if "-" in words.split()[-1] else " ")
    joiner = ("-" if "-" in words.split()[-1] else " ") if head else ""
    if last in IRREGULAR:
        last = IRREGULAR[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return head + joiner + last


class Counter:
    """Counts numbered paragraphs in document order and labels each as Word would."""

    def __init__(self, definitions: Definitions) -> None:
        self.definitions = definitions
        self.values: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()

    def numbering_of(self, style: str, num_id: str | None, ilvl: int | None
                     ) -> tuple[str, int] | None:
        """The numId and level of a paragraph with this style and direct numbering."""
        style = style or self.definitions.default_style
        style_id, style_lvl = self.definitions.style_numbering(style) if style else (None, None)
        num_id = num_id if num_id is not None else style_id
        if not num_id or num_id == "0":
            return None
        if ilvl is None:
            ilvl = style_lvl
        if ilvl is None:
            found = self.definitions.levels(num_id)
            ilvl = self.definitions.level_styles.get((found[0], style), 0) if found else 0
        return num_id, max(0, min(ilvl, MAX_LEVELS - 1))

    def label(self, num_id: str, ilvl: int) -> Label | None:
        """The next number of list ``num_id`` at level ``ilvl``; None if it has none."""
        found = self.definitions.levels(num_id)
        if found is None:
            return None
        abstract, levels = found
        level = levels.get(ilvl)
        if level is None:
            return None
        instance = self.definitions.instances[num_id]
        key = f"num:{num_id}" if instance.starts else f"abstract:{abstract}"
        values = self.values.setdefault(key, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for index, start in instance.starts.items():
                values[index] = start - 1
        values[ilvl] = values.get(ilvl, self._start(levels, ilvl) - 1) + 1
        for deeper in [d for d in values if d > ilvl]:
            rule = levels[deeper].restart if deeper in levels else None
            if rule is None or (rule > 0 and ilvl < rule):
                del values[deeper]
        text = "" if level.bullet else PLACEHOLDER.sub(
            lambda m: self._part(levels, values, int(m.group(1)) - 1, level.legal), level.text)
        return Label(text, ilvl, key, values[ilvl], level.fmt, level.text, level.bold,
                     level.suffix)

    def _start(self, levels: dict[int, Level], index: int) -> int:
        level = levels.get(index)
        return level.start if level else 1

    def _part(self, levels: dict[int, Level], values: dict[int, int], index: int,
              legal: bool) -> str:
        level = levels.get(index)
        value = values.get(index, self._start(levels, index))
        fmt = level.fmt if level else "decimal"
        if legal and fmt not in ("none", "bullet"):
            fmt = "decimal"
        return number_text(value, fmt)
