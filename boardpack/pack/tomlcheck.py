"""Reading TOML a person wrote: its text, parse errors with their line, typed field checks.

``read_text`` and ``parse`` turn an unreadable file, bad UTF-8 and bad TOML into a
problem naming the file and line. ``Table`` wraps one parsed table and records a
problem, naming file, line and key, for each missing, mistyped or unknown key;
callers read fields through it and carry on, so one run reports every problem at once.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from boardpack.files import read_bytes
from boardpack.model import Limits
from boardpack.problems import BoardpackError, Problem

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\"' ]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+|\"[^\"]*\")\s*=")


def read_text(path: Path, *, pack: str, file: str) -> str:
    """A TOML file's text, with a clear problem for bad UTF-8 or an unreadable file."""
    data = b""
    try:
        data = read_bytes(path, limit=Limits().max_file_bytes, pack=pack, file=file)
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BoardpackError(
            Problem("not valid UTF-8 text", pack=pack, file=file, line=line,
                    hint="save the file as UTF-8")
        ) from None
    except IsADirectoryError:
        raise BoardpackError(Problem("is a folder, not a file", pack=pack, file=file)) from None
    except OSError as exc:
        raise BoardpackError(
            Problem(f"cannot read ({exc.strerror})", pack=pack, file=file)
        ) from None


def parse(text: str, *, pack: str, file: str) -> dict[str, Any]:
    """Parse TOML text, turning a syntax error into a problem with its line."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = re.search(r"line (\d+)", message)
        line = int(match.group(1)) if match else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
        raise BoardpackError(
            Problem(
                f"not valid TOML: {message}",
                pack=pack,
                file=file,
                line=line,
                hint="fix the line shown (a missing quote or bracket is the usual cause)",
            )
        ) from None


class Lines:
    """Finds the line a table or key was written on, for messages.

    Knows ``[table]``, ``[[array]]`` and ``[[array.sub]]`` headers and ``key =``
    lines; good enough to point a person at the right place.
    """

    def __init__(self, text: str) -> None:
        self._keys: dict[tuple[str, int, str], int] = {}
        self._tables: dict[tuple[str, int], int] = {}
        counts: dict[str, int] = {}
        current: tuple[str, int] = ("", 0)
        for number, line in enumerate(text.splitlines(), start=1):
            header = _HEADER.match(line)
            if header and not _KEY.match(line):
                name = header.group(2).replace('"', "").replace("'", "").replace(" ", "")
                if header.group(1) == "[[":
                    counts[name] = counts.get(name, -1) + 1
                    current = (name, counts[name])
                else:
                    current = (name, 0)
                self._tables.setdefault(current, number)
                continue
            key = _KEY.match(line)
            if key:
                self._keys.setdefault((*current, key.group(1).strip('"')), number)

    def table(self, name: str, index: int = 0) -> int | None:
        return self._tables.get((name, index))

    def key(self, table: str, index: int, key: str) -> int | None:
        return self._keys.get((table, index, key)) or self.table(table, index)


@dataclass
class Table:
    """One table of a TOML file, read field by field with problems recorded."""

    data: dict[str, Any]
    where: str
    pack: str
    file: str
    lines: Lines
    table: str
    index: int = 0
    item: str = ""
    problems: list[Problem] = field(default_factory=list)
    _seen: set[str] = field(default_factory=set)

    def problem(self, key: str, message: str, hint: str = "") -> None:
        self.problems.append(
            Problem(
                message,
                pack=self.pack,
                item=self.item,
                file=self.file,
                line=(self.lines.key(self.table, self.index, key) if key
                      else self.lines.table(self.table, self.index)),
                hint=hint,
            )
        )

    def get(
        self,
        key: str,
        kind: type | tuple[type, ...],
        default: Any = None,
        *,
        required: bool = False,
        check: Callable[[Any], str] | None = None,
    ) -> Any:
        """The value of ``key`` if present and of the right type, else ``default``."""
        self._seen.add(key)
        if key not in self.data:
            if required:
                self.problem("", f"{self.where} has no '{key}'", f"add {key} = …")
            return default
        value = self.data[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        wrong = not isinstance(value, kinds) or (
            isinstance(value, bool) and bool not in kinds
        ) or (isinstance(value, dt.datetime) and dt.datetime not in kinds)
        if wrong:
            names = " or ".join(type_name(k) for k in kinds)
            actual = type_name(type(value))
            self.problem(key, f"{self.where}: '{key}' should be {names}, not {actual}")
            return default
        if check:
            message = check(value)
            if message:
                shown = f"'{value}'" if isinstance(value, str) else str(value)
                self.problem(key, f"{self.where}: '{key}' is {shown}; {message}")
                return default
        return value

    def strings(self, key: str, *, required: bool = False) -> list[str]:
        """A list of strings (a lone string is taken as a list of one)."""
        value = self.get(key, (list, str), [], required=required)
        if isinstance(value, str):
            return [value]
        if not all(isinstance(v, str) for v in value):
            self.problem(key, f"{self.where}: '{key}' should be a list of strings")
            return [v for v in value if isinstance(v, str)]
        return value

    def finish(self, known: set[str] | None = None) -> list[Problem]:
        """Report unknown keys, then hand back every problem found."""
        allowed = self._seen | (known or set())
        for key in self.data:
            if key not in allowed:
                close = [k for k in sorted(allowed) if _similar(k, key)]
                hint = (f"did you mean '{close[0]}'?" if close
                        else f"known keys: {', '.join(sorted(allowed))}")
                self.problem(key, f"{self.where}: unknown key '{key}'", hint)
        return self.problems


def type_name(kind: type) -> str:
    return {
        str: "text in quotes",
        int: "a whole number",
        float: "a number",
        bool: "true or false",
        list: "a list [...]",
        dict: "a table {...}",
        dt.date: "a date (YYYY-MM-DD, no quotes)",
        dt.datetime: "a date and time",
        dt.time: "a time",
    }.get(kind, kind.__name__)


def _similar(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    if a in b or b in a:
        return True
    return len(set(a) ^ set(b)) <= 2 and abs(len(a) - len(b)) <= 2
