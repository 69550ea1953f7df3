"""``check``: every problem a pack has, found without rendering it.

Loads the pack, converts its files (through the cache, so a later build is
faster) and collects what the loader and each source module reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from boardpack import packfile
from boardpack.cache import Cache
from boardpack.convert import ConvertedPack, convert_pack
from boardpack.model import Pack
from boardpack.problems import BoardpackError, Level, Problem


@dataclass
class CheckResult:
    """Problems, plus what was recognised, for the CLI and the TUI's check view."""

    pack: Pack | None = None
    problems: list[Problem] = field(default_factory=list)
    converted: ConvertedPack | None = None
    unmatched_drops: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level is Level.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level is Level.WARNING]


def check(root: Path | str, *, use_cache: bool = True) -> CheckResult:
    """Check the pack in ``root``; never raises for bad input."""
    result = CheckResult()
    try:
        loaded = packfile.load(root)
    except BoardpackError as exc:
        result.problems = exc.problems
        return result
    result.pack = loaded.pack
    result.problems = list(loaded.problems)
    result.unmatched_drops = loaded.unmatched_drops
    try:
        cache = Cache.for_pack(loaded.pack.root) if use_cache else None
        result.converted = convert_pack(loaded.pack, cache=cache)
        result.problems += result.converted.problems
    except BoardpackError as exc:
        result.problems += exc.problems
    return result
