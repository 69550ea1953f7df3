"""Before an issue: what pre-flight finds, what it would need ``--force`` for, and the
deadline status.

``findings`` is what ``publish`` itself checks (and refuses on, unless forced);
``assess`` reads and converts a pack to show the same findings *before* publishing
(the app asks the clerk to confirm with them), with the publication deadline status
(``boardpack.pipeline.lateness.publication_status``) of issuing on a given day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from boardpack.cache import Cache
from boardpack.model import Pack
from boardpack.pack import issued
from boardpack.pack import load as packfile
from boardpack.pipeline import clearance_check, lateness, preflight, report_check
from boardpack.pipeline.clearance_check import Gate
from boardpack.pipeline.convert import ConvertedPack, convert_pack
from boardpack.pipeline.progress import Converting, OnEvent
from boardpack.problems import BoardpackError, Level, Problem, errors


@dataclass
class Findings:
    """Pre-flight's findings on a converted pack, and what of them stops ``publish``."""

    problems: list[Problem]  # pre-flight and report sections, for the clerk to read
    blocking: list[Problem]  # issued only with force
    gate: Gate  # required clearances: refused (issued only with force) and in force


def findings(pack: Pack, converted: ConvertedPack) -> Findings:
    """What ``publish`` checks once the reports are converted."""
    found = preflight.check(pack, converted)
    sections = report_check.check(pack, converted)
    blocking = preflight.blocking(pack, converted, found) + report_check.unfinished(sections)
    return Findings(found + sections, blocking, clearance_check.gate(pack))


@dataclass
class Readiness:
    """Whether the pack can be issued now, and what the clerk should see first."""

    problems: list[Problem] = field(default_factory=list)
    blocking: list[Problem] = field(default_factory=list)
    refused: list[Problem] = field(default_factory=list)  # required clearances not in force
    deadline: str = ""

    @property
    def ok(self) -> bool:
        """No error: the pack can be issued (with force, if ``needs_force``)."""
        return not errors(self.problems)

    @property
    def needs_force(self) -> bool:
        return bool(self.blocking or self.refused)

    def shown(self) -> list[Problem]:
        """The findings worth reading (notes left out)."""
        return [p for p in self.problems if p.level is not Level.INFO]


def assess(root: Path, *, day: dt.date, supplement: bool = False,
           on_event: OnEvent | None = None) -> Readiness:
    """Pre-flight the pack in ``root`` as ``publish`` would, issuing on ``day``; never
    raises for bad input (errors are among the problems)."""
    result = Readiness()
    try:
        loaded = packfile.load(root)
        result.problems += loaded.problems
        if errors(result.problems):
            return result
        pack = loaded.pack
        if supplement and issued.latest(root) is None:
            result.problems.append(nothing_to_supplement(pack))
            return result
        result.deadline = lateness.publication_status(pack, day, supplement=supplement).line
        if on_event:
            on_event(Converting(sum(len(item.files) for item in pack.items)))
        converted = convert_pack(pack, cache=Cache.for_pack(root), on_event=on_event)
        result.problems += converted.problems
        if errors(result.problems):
            return result
        found = findings(pack, converted)
        result.problems += found.problems + found.gate.errors + found.gate.refused
        result.blocking, result.refused = found.blocking, found.gate.refused
    except BoardpackError as exc:
        result.problems += exc.problems
    except OSError as exc:
        result.problems.append(Problem(f"cannot read the pack ({exc.strerror})", pack=root.name,
                                       file=str(exc.filename or "")))
    return result


def nothing_to_supplement(pack: Pack) -> Problem:
    return Problem("nothing has been issued yet, so there is nothing to supplement",
                   pack=pack.name, hint="publish the pack first, without --supplement")
