"""Excel number formats: a cell's value as Excel shows it.

``display(value, number_format)`` handles what KPI workbooks use: ``General``,
fixed decimals, thousands separators, percentages, currency (``£#,##0.00``,
``[$£-809]#,##0``), negative and zero sections (``#,##0;(#,##0);"-"``),
conditions (``[<1000]``), scientific notation, text sections (``@``), dates and
times (``dd/mm/yyyy``, ``d mmm yy``, ``hh:mm``, ``[h]:mm``) and formats that hide
a value (``;;;``). Excel's locale-dependent short date (built-in format 14) is
shown the British way, dd/mm/yyyy. Rounding is half away from zero, as in Excel.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Any

# Built-in formats whose look depends on the computer's locale: shown as in the UK.
LOCALE_FORMATS = {
    "mm-dd-yy": "dd/mm/yyyy",
    "m/d/yy h:mm": "dd/mm/yyyy hh:mm",
    "[$-f800]": "dddd, d mmmm yyyy",
    "[$-f400]": "hh:mm:ss",
}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
CONDITION = re.compile(r"\[(<=|>=|<>|<|>|=)(-?[\d.]+)\]")
DATE_LETTERS = set("ymdhsYMDHS")


@dataclass(frozen=True)
class Token:
    """One piece of a format section: ``kind`` is lit, digit, dot, comma, percent,
    exp, general, text, date or elapsed; ``text`` the characters it came from."""

    kind: str
    text: str


@lru_cache(maxsize=512)
def split_sections(fmt: str) -> tuple[str, ...]:
    """The ``;``-separated sections of a format, quotes and escapes respected."""
    sections, current, index = [], [], 0
    while index < len(fmt):
        char = fmt[index]
        if char == '"':
            end = fmt.find('"', index + 1)
            end = len(fmt) - 1 if end < 0 else end
            current.append(fmt[index:end + 1])
            index = end + 1
            continue
        if char in "\\_*" and index + 1 < len(fmt):
            current.append(fmt[index:index + 2])
            index += 2
            continue
        if char == ";":
            sections.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    sections.append("".join(current))
    return tuple(sections)


@lru_cache(maxsize=512)
def tokenize(section: str) -> tuple[Token, ...]:
    """The tokens of one section."""
    tokens: list[Token] = []
    index = 0
    while index < len(section):
        char = section[index]
        rest = section[index:]
        if char == '"':
            end = section.find('"', index + 1)
            end = len(section) if end < 0 else end
            tokens.append(Token("lit", section[index + 1:end]))
            index = end + 1
        elif char == "\\" and index + 1 < len(section):
            tokens.append(Token("lit", section[index + 1]))
            index += 2
        elif char == "_" and index + 1 < len(section):
            tokens.append(Token("lit", " "))
            index += 2
        elif char == "*" and index + 1 < len(section):
            index += 2
        elif char == "[":
            end = section.find("]", index)
            end = len(section) if end < 0 else end
            tokens.extend(_bracket(section[index + 1:end]))
            index = end + 1
        elif rest[:7].lower() == "general":
            tokens.append(Token("general", rest[:7]))
            index += 7
        elif rest[:5].upper() == "AM/PM":
            tokens.append(Token("date", "AM/PM"))
            index += 5
        elif rest[:3].upper() == "A/P":
            tokens.append(Token("date", "A/P"))
            index += 3
        elif char in DATE_LETTERS:
            run = re.match(rf"{re.escape(char)}+", rest, re.I)
            assert run is not None
            tokens.append(Token("date", run.group(0).lower()))
            index += len(run.group(0))
        elif char in "0#?":
            tokens.append(Token("digit", char))
            index += 1
        elif char in "eE" and index + 1 < len(section) and section[index + 1] in "+-":
            tokens.append(Token("exp", section[index:index + 2].upper()))
            index += 2
        elif char == ".":
            tokens.append(Token("dot", char))
            index += 1
        elif char == ",":
            tokens.append(Token("comma", char))
            index += 1
        elif char == "%":
            tokens.append(Token("percent", char))
            index += 1
        elif char == "@":
            tokens.append(Token("text", char))
            index += 1
        else:
            tokens.append(Token("lit", char))
            index += 1
    return tuple(tokens)


def _bracket(inner: str) -> list[Token]:
    """Tokens for a ``[...]`` part: currency, elapsed time; colours and locales vanish."""
    if inner.startswith("$"):
        symbol = inner[1:].split("-", 1)[0]
        return [Token("lit", symbol)] if symbol else []
    if re.fullmatch(r"h+|m+|s+", inner, re.I):
        return [Token("elapsed", inner.lower())]
    return []


def display(value: Any, number_format: str = "General") -> str:
    """``value`` as Excel shows it with ``number_format``."""
    fmt = number_format or "General"
    if fmt == "General" and (type(value) is int or (
            type(value) is float and math.isfinite(value))):
        return general(value)  # what _number gives for General, by the shortest way
    fmt = LOCALE_FORMATS.get(fmt.lower(), fmt)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str):
        return _text(value, fmt)
    if isinstance(value, dt.timedelta):
        return _date(value, _date_section(fmt, "[h]:mm:ss"))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return _date(value, _date_section(fmt, "dd/mm/yyyy"))
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return "#NUM!"
        return _number(value, fmt)
    return str(value)


def _date_section(fmt: str, fallback: str) -> tuple[Token, ...]:
    tokens = tokenize(CONDITION.sub("", split_sections(fmt)[0]))
    if any(t.kind in ("date", "elapsed") for t in tokens):
        return tokens
    return tokenize(fallback)


def _text(value: str, fmt: str) -> str:
    sections = split_sections(fmt)
    if len(sections) >= 4:
        section = sections[3]
    elif len(sections) == 1 and "@" in fmt:
        section = sections[0]
    else:
        return value
    return "".join(value if t.kind == "text" else t.text if t.kind == "lit" else ""
                   for t in tokenize(section))


def _choose(value: float, sections: tuple[str, ...]) -> tuple[str, float, bool]:
    """The section a number uses, the number it shows and whether to add a minus."""
    conditions = [CONDITION.search(s) for s in sections]
    if any(conditions):
        numeric = [(s, c) for s, c in zip(sections, conditions, strict=True)
                   if "@" not in s][:3]
        for position, (section, condition) in enumerate(numeric):
            if condition is None or _holds(value, condition.group(1), float(condition.group(2))):
                plain = CONDITION.sub("", section)
                negative_elsewhere = position > 0 and condition is None
                return plain, abs(value) if negative_elsewhere else value, False
        return "", value, False
    if len(sections) == 1 or (len(sections) == 2 and "@" in sections[1]):
        return sections[0], value, True
    if value < 0:
        return sections[1], -value, False
    if value == 0 and len(sections) >= 3:
        return sections[2], value, False
    return sections[0], value, False


def _holds(value: float, op: str, bound: float) -> bool:
    return {"<": value < bound, ">": value > bound, "=": value == bound,
            "<=": value <= bound, ">=": value >= bound, "<>": value != bound}[op]


def _number(value: float, fmt: str) -> str:
    section, shown, auto_minus = _choose(value, split_sections(fmt))
    tokens = tokenize(section)
    if any(t.kind in ("date", "elapsed") for t in tokens):
        from openpyxl.utils.datetime import from_excel  # openpyxl only when a workbook is read

        try:
            moment = from_excel(shown)
        except (ValueError, OverflowError):
            return "#" * 8
        return _date(moment, tokens)
    kinds = {t.kind for t in tokens}
    if "digit" not in kinds and "general" not in kinds:
        text = "".join(t.text for t in tokens if t.kind == "lit")
        return ("-" if auto_minus and shown < 0 and text else "") + text
    body = _digits(abs(shown), tokens)
    negative = auto_minus and shown < 0 and re.search(r"[1-9]", body) is not None
    return "-" + body if negative else body


def general(value: float) -> str:
    """Excel's General format: up to 11 characters, scientific when too long."""
    if value == int(value) and abs(value) < 1e11:
        return str(int(value))
    magnitude = abs(value)
    if magnitude >= 1e11 or magnitude < 1e-9:
        mantissa, exponent = f"{value:.5E}".split("E")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa}E{exponent[0]}{int(exponent[1:]):02d}"
    whole = len(str(int(magnitude)))
    text = _round(magnitude, max(0, 10 - whole))
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return ("-" if value < 0 and text != "0" else "") + text


def _round(value: float, places: int) -> str:
    quantum = Decimal(1).scaleb(-places)
    wide = Context(prec=400)  # room for every digit of the largest double
    return f"{Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP, context=wide):f}"


def _digits(value: float, tokens: tuple[Token, ...]) -> str:
    """Fill the digit placeholders of a numeric section with ``value`` (not negative)."""
    if any(t.kind == "general" for t in tokens):
        return "".join(general(value) if t.kind == "general" else t.text
                       for t in tokens if t.kind in ("general", "lit"))
    slash = next((i for i, t in enumerate(tokens) if t.kind == "lit" and t.text == "/"), None)
    if slash is not None and any(t.kind == "digit" for t in tokens[:slash]):
        return _fraction(value, tokens, slash)
    value *= 100 ** sum(1 for t in tokens if t.kind == "percent")
    if not math.isfinite(value):
        return "#" * 8  # what Excel shows for a number it cannot fit
    digit_at = [i for i, t in enumerate(tokens) if t.kind == "digit"]
    first, last = digit_at[0], digit_at[-1]
    exp_at = next((i for i, t in enumerate(tokens) if t.kind == "exp"), None)
    number_end = exp_at if exp_at is not None else last + 1
    dot_at = next((i for i in range(first, number_end) if tokens[i].kind == "dot"), None)
    int_end = dot_at if dot_at is not None else number_end
    int_places = [tokens[i].text for i in range(first, int_end) if tokens[i].kind == "digit"]
    frac_places = [tokens[i].text for i in range(int_end, number_end)
                   if tokens[i].kind == "digit"]
    trailing = 0
    for i in range(last + 1, len(tokens)):
        if tokens[i].kind != "comma":
            break
        trailing += 1
    for i in range(int_end - 1, first, -1):
        if tokens[i].kind != "comma" or dot_at is None:
            break
        trailing += 1
    value /= 1000 ** trailing
    last_int_digit = max(i for i in digit_at if i < int_end) if int_places else first
    grouping = any(tokens[i].kind == "comma" for i in range(first, last_int_digit))
    exponent_text = ""
    if exp_at is not None:
        exponent, value = _scientific(value, max(1, len(int_places)))
        exp_places = [t.text for t in tokens[exp_at + 1:] if t.kind == "digit"]
        sign = "-" if exponent < 0 else ("+" if tokens[exp_at].text.endswith("+") else "")
        exponent_text = tokens[exp_at].text[0] + sign + str(abs(exponent)).zfill(
            sum(1 for p in exp_places if p == "0"))
    rounded = _round(value, len(frac_places))
    whole, _, fraction = rounded.partition(".")
    whole_text = _fill_whole(whole, int_places, grouping)
    fraction_text = _fill_fraction(fraction, frac_places)
    out: list[str] = []
    for index, token in enumerate(tokens):
        if index == first:
            out.append(whole_text)
        if token.kind == "lit" and not (exp_at is not None and index > exp_at):
            out.append(token.text)
        elif token.kind == "percent":
            out.append("%")
        elif token.kind == "dot" and index == dot_at:
            out.append("." + fraction_text)
        elif token.kind == "exp":
            out.append(exponent_text)
    if exp_at is not None:
        out += [t.text for t in tokens[exp_at + 1:] if t.kind == "lit"]
    return "".join(out)


def _fraction(value: float, tokens: tuple[Token, ...], slash: int) -> str:
    """``# ?/?``-style fractions: a whole part, then the nearest fraction."""
    after = "".join(t.text for t in tokens[slash + 1:] if t.kind in ("digit", "lit"))
    fixed = re.match(r"\d+", after)
    places = sum(1 for t in tokens[slash + 1:] if t.kind == "digit")
    has_whole = any(t.kind == "lit" and t.text == " " for t in tokens[:slash])
    whole = int(value) if has_whole else 0
    rest = Fraction(repr(value - whole))
    if fixed and not after.startswith(("?", "#", "0")):
        numerator, denominator = round(rest * int(fixed.group(0))), int(fixed.group(0))
    else:
        part = rest.limit_denominator(10 ** max(places, 1) - 1)
        numerator, denominator = part.numerator, part.denominator
    if numerator == denominator:
        whole, numerator = whole + 1, 0
    text = f"{numerator}/{denominator}" if numerator else ""
    return " ".join(x for x in (str(whole) if whole or not numerator else "", text) if x)


def _scientific(value: float, int_digits: int) -> tuple[int, float]:
    if value == 0:
        return 0, 0.0
    exponent = math.floor(math.log10(value)) - (int_digits - 1)
    if int_digits > 1:
        exponent -= exponent % int_digits
    return exponent, value / 10 ** exponent


def _fill_whole(whole: str, places: list[str], grouping: bool) -> str:
    if whole == "0" and "0" not in places:
        whole = ""
    minimum = len(places) - next((i for i, p in enumerate(places) if p != "#"), len(places))
    padding = "".join(" " if p == "?" else "0" for p in places[len(places) - minimum:])
    if len(whole) < minimum:
        whole = padding[: minimum - len(whole)] + whole
    if grouping and whole.strip():
        digits = whole.lstrip().replace(" ", "0")
        groups = [digits[max(0, end - 3):end] for end in range(len(digits), 0, -3)]
        whole = whole[: len(whole) - len(digits)] + ",".join(reversed(groups))
    return whole


def _fill_fraction(fraction: str, places: list[str]) -> str:
    chars = list(fraction.ljust(len(places), "0"))
    for index in range(len(places) - 1, -1, -1):
        if chars[index] != "0" or places[index] == "0":
            break
        chars[index] = " " if places[index] == "?" else ""
    return "".join(chars)


def _date(moment: dt.datetime | dt.date | dt.time | dt.timedelta,
          tokens: tuple[Token, ...]) -> str:
    """Date and time tokens filled from ``moment``."""
    if isinstance(moment, dt.timedelta):
        base = dt.datetime(1899, 12, 31) + moment
        elapsed = moment.total_seconds()
    elif isinstance(moment, dt.time):
        base = dt.datetime.combine(dt.date(1899, 12, 31), moment)
        elapsed = moment.hour * 3600 + moment.minute * 60 + moment.second
    elif isinstance(moment, dt.datetime):
        base, elapsed = moment, 0.0
    else:
        base, elapsed = dt.datetime.combine(moment, dt.time()), 0.0
    twelve = any(t.text in ("AM/PM", "A/P") for t in tokens)
    kinds = _minutes(tokens)
    out: list[str] = []
    for token, kind in zip(tokens, kinds, strict=True):
        if token.kind == "lit":
            out.append(token.text)
        elif token.kind == "elapsed":
            unit = {"h": 3600, "m": 60, "s": 1}[token.text[0]]
            out.append(str(int(elapsed // unit)).zfill(len(token.text)))
        elif token.kind == "date":
            out.append(_date_part(base, token.text, kind, twelve))
        elif token.kind == "dot":
            out.append(".")
        elif token.kind == "digit" and out and out[-1].startswith("."):
            out.append(str(base.microsecond // 100_000))
    return "".join(out)


def _minutes(tokens: tuple[Token, ...]) -> list[str]:
    """For each token, 'minute' where an ``m`` run means minutes (after h, before s)."""
    kinds = ["" for _ in tokens]
    date_positions = [i for i, t in enumerate(tokens) if t.kind in ("date", "elapsed")]
    for n, i in enumerate(date_positions):
        if not tokens[i].text.startswith("m") or len(tokens[i].text) > 2:
            continue
        before = tokens[date_positions[n - 1]].text if n > 0 else ""
        after = tokens[date_positions[n + 1]].text if n + 1 < len(date_positions) else ""
        if before.startswith("h") or after.startswith("s"):
            kinds[i] = "minute"
    return kinds


def _date_part(moment: dt.datetime, code: str, kind: str, twelve: bool) -> str:
    if code in ("AM/PM", "A/P"):
        morning = moment.hour < 12
        return ("AM" if morning else "PM") if code == "AM/PM" else ("A" if morning else "P")
    letter = code[0]
    if letter == "y":
        return f"{moment.year % 100:02d}" if len(code) <= 2 else f"{moment.year:04d}"
    if letter == "m" and kind == "minute":
        return f"{moment.minute:0{len(code)}d}"
    if letter == "m":
        return [str(moment.month), f"{moment.month:02d}", MONTHS[moment.month - 1][:3],
                MONTHS[moment.month - 1], MONTHS[moment.month - 1][0]][min(len(code), 5) - 1]
    if letter == "d":
        return [str(moment.day), f"{moment.day:02d}", DAYS[moment.weekday()][:3],
                DAYS[moment.weekday()]][min(len(code), 4) - 1]
    if letter == "h":
        hour = (moment.hour % 12 or 12) if twelve else moment.hour
        return f"{hour:0{min(len(code), 2)}d}"
    if letter == "s":
        return f"{moment.second:0{min(len(code), 2)}d}"
    return code
