"""``check``: every problem a pack has, found without rendering it.

Loads the pack, converts its files (reading conversions a build has cached, never
writing: a check leaves the pack folder as it found it) and collects what the loader
and each source module reported, then the pre-flight findings (what should not be
published), the reports' sections, the clearances still to get, late papers, and an
executive's notices and decisions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from boardpack.cache import Cache, StagedCache
from boardpack.meeting import decisions
from boardpack.model import Pack
from boardpack.pack import executive
from boardpack.pack import load as packfile
from boardpack.pipeline import clearance_check, lateness, preflight, report_check
from boardpack.pipeline.convert import ConvertedPack, convert_pack
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


def check(root: Path | str, *, use_cache: bool = True, today: dt.date | None = None,
          cache: StagedCache | None = None) -> CheckResult:
    """Check the pack in ``root`` as of ``today``; never raises for bad input and writes
    nothing. ``cache`` (never committed) keeps conversions between checks of one pack, in
    memory; by default the pack's cache folder is only read."""
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
        if use_cache and cache is None:
            cache = StagedCache(Cache.for_pack(loaded.pack.root).root)
        result.converted = convert_pack(loaded.pack, cache=cache if use_cache else None,
                                        keep=False)
        result.problems += result.converted.problems
        result.problems += preflight.check(loaded.pack, result.converted)
        day = today or dt.date.today()
        result.problems += report_check.check(loaded.pack, result.converted)
        result.problems += clearance_check.problems(loaded.pack, result.converted)
        result.problems += lateness.problems(loaded.pack, day)
        result.problems += executive.problems(loaded.pack, day)  # notices the law asks for
        result.problems += decisions.problems(loaded.pack, day)
    except BoardpackError as exc:
        result.problems += exc.problems
    return result
