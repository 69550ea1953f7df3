"""Problems found in a pack, and the one error type the core raises.

Every problem names the pack, and where it can the item and the file, and says
what to do. ``str(problem)`` is the one line the CLI prints and the TUI shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Level(StrEnum):
    """How serious a problem is: errors stop a build, warnings do not."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


# Line breaks, other control characters and bidi overrides in a name someone typed are
# shown escaped, so a problem stays one line and reads in order.
_ESCAPES = {c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}" for c in (
    *range(0x20), 0x7F, 0x85, 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A))}


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth knowing) about a pack."""

    message: str
    pack: str = ""
    item: str = ""
    file: str = ""
    line: int | None = None
    hint: str = ""
    level: Level = Level.ERROR

    def __str__(self) -> str:
        where = [self.pack or "pack"]
        if self.item:
            where.append(f"item '{self.item}'")
        if self.file:
            where.append(self.file + (f":{self.line}" if self.line else ""))
        text = f"{self.level}: {': '.join(where)}: {self.message}"
        if self.hint:
            text += f" — {self.hint}"
        return text.translate(_ESCAPES)

    def located(self, *, pack: str = "", item: str = "", file: str = "") -> Problem:
        """The same problem with blanks filled in from its context."""
        return Problem(
            self.message,
            pack=self.pack or pack,
            item=self.item or item,
            file=self.file or file,
            line=self.line,
            hint=self.hint,
            level=self.level,
        )


@dataclass
class BoardpackError(Exception):
    """Raised by the core for anything wrong with a user's files or settings.

    The only exception type the core lets escape for bad input.
    """

    problems: list[Problem] = field(default_factory=list)

    def __init__(self, problems: Problem | list[Problem]) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


def errors(problems: list[Problem]) -> list[Problem]:
    """The problems that stop a build."""
    return [p for p in problems if p.level is Level.ERROR]
