"""The small part of Excel's formula language that conditional formatting rules use.

A rule such as ``AND($E5>=$F5, $G5<>"n/a")`` is evaluated for one cell: relative
references move with the cell, ``$`` parts stay. Numbers, text, TRUE/FALSE,
references to cells of the same sheet, the operators ``= <> < > <= >= + - * / ^ & %``
and a few functions (logic, text, rounding, ``ROW``/``COLUMN``) are understood.
Anything else — another sheet, a range, ``TODAY()`` — raises ``Unsupported``, so the
caller can say that the rule was not evaluated rather than guess.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from boardpack.sources.xlsx.scan import column_index

Lookup = Callable[[int, int], Any]  # (row, column) -> the cell's value
Value = float | str | bool | None

_TOKEN = re.compile(r"""
    \s*(?:
      (?P<string>"(?:[^"]|"")*")
    | (?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
    | (?P<ref>\$?[A-Za-z]{1,3}\$?\d{1,7})(?![A-Za-z0-9_(.])
    | (?P<name>[A-Za-z_][A-Za-z0-9_.]*)
    | (?P<op><>|<=|>=|[-+*/^&=<>%(),:!'\[\]{};])
    )""", re.X)
_REF = re.compile(r"(\$?)([A-Za-z]{1,3})(\$?)(\d{1,7})")
EPOCH = dt.datetime(1899, 12, 30)


class Unsupported(Exception):
    """The formula uses something this evaluator does not know."""


@dataclass(frozen=True)
class Place:
    """Where a rule is evaluated: the cell, and the rule's anchor (its range's first cell)."""

    row: int
    column: int
    anchor_row: int
    anchor_column: int


def evaluate(formula: str, place: Place, lookup: Lookup) -> Value:
    """The value of ``formula`` at ``place``; raises Unsupported."""
    parser = _Parser(_tokens(formula.lstrip("=")), place, lookup)
    value = parser.comparison()
    if parser.position != len(parser.tokens):
        raise Unsupported(f"cannot read '{formula}'")
    return value


def references(formula: str, place: Place) -> list[tuple[int, int]]:
    """The cells ``formula`` reads at ``place`` (so their values can be fetched first)."""
    found = []
    for kind, text in _tokens(formula.lstrip("=")):
        if kind == "ref":
            found.append(_cell(text, place))
    return found


def as_value(value: Any) -> Value:
    """A cell's value as the evaluator sees it: dates as Excel's serial numbers."""
    if isinstance(value, dt.datetime):
        return (value - EPOCH).total_seconds() / 86400
    if isinstance(value, dt.date):
        return float((value - EPOCH.date()).days)
    if isinstance(value, dt.time):
        return (value.hour * 3600 + value.minute * 60 + value.second) / 86400
    if isinstance(value, bool | str | None):
        return value
    if isinstance(value, int | float):
        return float(value)
    return str(value)


def truthy(value: Value) -> bool:
    """Whether a rule's result formats the cell (Excel: a non-zero number or TRUE)."""
    if isinstance(value, str):
        if value.upper() in ("TRUE", "FALSE"):
            return value.upper() == "TRUE"
        raise Unsupported("the rule gives text, not TRUE or FALSE")
    return bool(value)


def compare(left: Value, op: str, right: Value) -> bool:
    """Excel's comparison: blank is 0 or "", numbers < text < logicals, text ignores case."""
    if left is None:
        left = "" if isinstance(right, str) else False if isinstance(right, bool) else 0.0
    if right is None:
        right = "" if isinstance(left, str) else False if isinstance(left, bool) else 0.0
    a, b = sort_key(left), sort_key(right)
    return {"=": a == b, "<>": a != b, "<": a < b, ">": a > b, "<=": a <= b,
            ">=": a >= b}[op]


def sort_key(value: Value) -> tuple[int, Any]:
    if isinstance(value, bool):
        return (2, value)
    if isinstance(value, str):
        return (1, value.casefold())
    return (0, float(value or 0))


@cache
def _tokens(formula: str) -> tuple[tuple[str, str], ...]:
    out, position = [], 0
    while position < len(formula):
        if formula[position:].isspace():
            break
        match = _TOKEN.match(formula, position)
        if not match or match.end() == position:
            raise Unsupported(f"cannot read '{formula}'")
        kind = match.lastgroup or ""
        out.append((kind, match.group(kind)))
        position = match.end()
    return tuple(out)


def _cell(text: str, place: Place) -> tuple[int, int]:
    match = _REF.fullmatch(text)
    if not match:
        raise Unsupported(f"cannot read the reference '{text}'")
    fixed_col, letters, fixed_row, digits = match.groups()
    row, column = int(digits), column_index(letters)
    if not fixed_row:
        row += place.row - place.anchor_row
    if not fixed_col:
        column += place.column - place.anchor_column
    if row < 1 or column < 1:
        raise Unsupported(f"the reference '{text}' moves off the sheet")
    return row, column


def _number(value: Value) -> float:
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            raise Unsupported(f"'{value}' is not a number") from None
    return float(value)


def text_of(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return value


def _search(needle: Value, haystack: Value, start: Value = 1.0) -> Value:
    found = text_of(haystack).casefold().find(text_of(needle).casefold(), int(_number(start)) - 1)
    return float(found + 1) if found >= 0 else _ERROR


def _find(needle: Value, haystack: Value, start: Value = 1.0) -> Value:
    found = text_of(haystack).find(text_of(needle), int(_number(start)) - 1)
    return float(found + 1) if found >= 0 else _ERROR


def _round(value: Value, digits: Value = 0.0) -> float:
    scale = 10 ** int(_number(digits))
    number = _number(value) * scale
    return math.copysign(math.floor(abs(number) + 0.5), number) / scale


class _Error(str):
    """An Excel error value (#VALUE!): only ISERROR and IFERROR look inside."""


_ERROR: Value = _Error("#VALUE!")

_FUNCTIONS: dict[str, Callable[..., Value]] = {
    "AND": lambda *a: all(_logical(v) for v in a),
    "OR": lambda *a: any(_logical(v) for v in a),
    "NOT": lambda v: not _logical(v),
    "ISBLANK": lambda v: v is None,
    "ISNUMBER": lambda v: isinstance(v, float),
    "ISTEXT": lambda v: isinstance(v, str) and not isinstance(v, _Error),
    "ISERROR": lambda v: isinstance(v, _Error),
    "ABS": lambda v: abs(_number(v)),
    "ROUND": _round,
    "INT": lambda v: float(math.floor(_number(v))),
    "MOD": lambda a, b: _number(a) % _number(b) if _number(b) else _ERROR,
    "MIN": lambda *a: min(_number(v) for v in a),
    "MAX": lambda *a: max(_number(v) for v in a),
    "UPPER": lambda v: text_of(v).upper(),
    "LOWER": lambda v: text_of(v).lower(),
    "TRIM": lambda v: " ".join(text_of(v).split()),
    "LEN": lambda v: float(len(text_of(v))),
    "LEFT": lambda v, n=1.0: text_of(v)[:int(_number(n))],
    "RIGHT": lambda v, n=1.0: text_of(v)[-int(_number(n)):] if int(_number(n)) else "",
    "MID": lambda v, s, n: text_of(v)[int(_number(s)) - 1:int(_number(s)) - 1 + int(_number(n))],
    "EXACT": lambda a, b: text_of(a) == text_of(b),
    "SEARCH": _search,
    "FIND": _find,
    "VALUE": lambda v: _number(v),
}


def _logical(value: Value) -> bool:
    if isinstance(value, _Error):
        raise Unsupported("the rule's formula gives an error")
    if isinstance(value, str):
        return truthy(value)
    return bool(value)


class _Parser:
    """Recursive descent over the tokens, evaluating as it goes."""

    def __init__(self, tokens: tuple[tuple[str, str], ...], place: Place, lookup: Lookup) -> None:
        self.tokens, self.position = tokens, 0
        self.place, self.lookup = place, lookup

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.position] if self.position < len(self.tokens) else ("", "")

    def take(self, text: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if not token[0] or (text is not None and token[1].upper() != text):
            raise Unsupported(f"expected '{text}'" if text else "the formula ends too soon")
        self.position += 1
        return token

    def comparison(self) -> Value:
        left = self.concat()
        while self.peek()[1] in ("=", "<>", "<", ">", "<=", ">="):
            op = self.take()[1]
            left = compare(left, op, self.concat())
        return left

    def concat(self) -> Value:
        left = self.additive()
        while self.peek()[1] == "&":
            self.take()
            left = text_of(left) + text_of(self.additive())
        return left

    def additive(self) -> Value:
        left = self.term()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            right = self.term()
            left = _number(left) + _number(right) if op == "+" else _number(left) - _number(right)
        return left

    def term(self) -> Value:
        left = self.unary()
        while self.peek()[1] in ("*", "/"):
            op = self.take()[1]
            right = _number(self.unary())
            if op == "*":
                left = _number(left) * right
            elif right == 0:
                left = _ERROR
            else:
                left = _number(left) / right
        return left

    def unary(self) -> Value:
        if self.peek()[1] in ("-", "+"):
            op = self.take()[1]
            value = _number(self.unary())
            return -value if op == "-" else value
        return self.power()

    def power(self) -> Value:
        value = self.postfix()
        while self.peek()[1] == "^":
            self.take()
            value = _number(value) ** _number(self.postfix())
        return value

    def postfix(self) -> Value:
        value = self.primary()
        while self.peek()[1] == "%":
            self.take()
            value = _number(value) / 100
        return value

    def primary(self) -> Value:
        kind, text = self.take()
        if kind == "number":
            return float(text)
        if kind == "string":
            return text[1:-1].replace('""', '"')
        if kind == "ref":
            if self.peek()[1] in (":", "!"):
                raise Unsupported("ranges and other sheets are not evaluated")
            return as_value(self.lookup(*_cell(text, self.place)))
        if text == "(":
            value = self.comparison()
            self.take(")")
            return value
        if kind == "name":
            return self.call(text.upper())
        raise Unsupported(f"cannot read '{text}'")

    def call(self, name: str) -> Value:
        if name in ("TRUE", "FALSE") and self.peek()[1] != "(":
            return name == "TRUE"
        self.take("(")
        args = self.arguments()
        if name in ("ROW", "COLUMN") and not args:
            return float(self.place.row if name == "ROW" else self.place.column)
        if name == "IF":
            return self.if_(args)
        if name == "IFERROR" and len(args) == 2:
            return args[1] if isinstance(args[0], _Error) else args[0]
        function = _FUNCTIONS.get(name)
        if function is None:
            raise Unsupported(f"the function {name} is not evaluated")
        try:
            return function(*args)
        except TypeError:
            raise Unsupported(f"{name} has the wrong number of arguments") from None

    def arguments(self) -> Sequence[Value]:
        args: list[Value] = []
        if self.peek()[1] == ")":
            self.take()
            return args
        while True:
            args.append(self.comparison())
            if self.take()[1] == ")":
                return args
            if self.tokens[self.position - 1][1] != ",":
                raise Unsupported("cannot read the function's arguments")

    @staticmethod
    def if_(args: Sequence[Value]) -> Value:
        if len(args) not in (2, 3):
            raise Unsupported("IF has the wrong number of arguments")
        if _logical(args[0]):
            return args[1]
        return args[2] if len(args) == 3 else False
