"""Clearances as ``check`` shows them and ``publish`` enforces them.

``problems`` says, per item, which required clearances are missing, which are void
and what changed since (the files, and for a Word or Markdown report the sections
whose text differs from the version cleared, read from ``.history``), and when
clearance must start. ``gate`` is what ``publish`` refuses on (a required clearance
missing or void) and the clearances in force, for the issue's full manifest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from boardpack import sources
from boardpack.model import Item, Pack
from boardpack.pack import clearances
from boardpack.pack.clearances import CLEARED, MISSING, VOID, Change, Status
from boardpack.pack.report_rules import ReportRules, rules
from boardpack.pipeline.convert import ConvertedPack
from boardpack.pipeline.report_check import REPORT_KINDS, changed_sections
from boardpack.problems import BoardpackError, Level, Problem
from boardpack.textfmt import short_date

HOW_TO_CLEAR = "record each with: boardpack clear PACK ITEM --role ROLE --by NAME"


@dataclass
class Gate:
    """What stops ``publish`` and what the issue records."""

    refused: list[Problem] = field(default_factory=list)  # required clearances not in force
    in_force: list[dict[str, Any]] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)  # clearances.toml cannot be read


def _state(pack: Pack) -> tuple[ReportRules, list[Status], list[Problem]]:
    made, _ = rules(pack.committee, pack.root, pack.name, pack.meeting.template)
    record, problems = clearances.load(pack.root, [i.id for i in pack.items])
    found = clearances.pack_statuses(pack, made, record)
    return made, clearances.required_statuses(found, pack, made, record), problems


def problems(pack: Pack, converted: ConvertedPack | None = None) -> list[Problem]:
    """Every clearance still to get, every void one and what changed, and the window."""
    made, found, out = _state(pack)
    for item in pack.items:
        mine = [s for s in found if s.item == item.id]
        missing = [s.role for s in mine if s.state == MISSING]
        if missing:
            w = clearances.window(pack, made)
            out.append(Problem(
                f"needs clearance by {', '.join(missing)}: none recorded, and silence is not "
                "clearance", pack=pack.name, item=item.id, level=Level.WARNING,
                hint=f"send it to them by {short_date(w.starts)} ({w.days} working days before "
                     f"reports are due on {short_date(w.reports_due)}); {HOW_TO_CLEAR}"))
        for status in (s for s in mine if s.state == VOID):
            out.append(_void(pack, item, status, made, converted))
        cleared = [s for s in mine if s.state == CLEARED]
        if cleared:
            out.append(Problem("cleared by " + "; ".join(
                f"{s.role} ({s.clearance.by}, {short_date(s.clearance.date)})"
                for s in cleared if s.clearance), pack=pack.name, item=item.id, level=Level.INFO))
    if found:
        w = clearances.window(pack, made)
        out.append(Problem(f"reports are due {short_date(w.reports_due)}; clearance takes "
                           f"{w.days} working days, so reports go to the clearing officers by "
                           f"{short_date(w.starts)}", pack=pack.name, level=Level.INFO))
    return out


def _void(pack: Pack, item: Item, status: Status, made: ReportRules,
          converted: ConvertedPack | None) -> Problem:
    assert status.clearance is not None
    said = [_describe(pack, item, change, made, converted) for change in status.changes]
    return Problem(
        f"the {status.role} clearance ({status.clearance.by}, "
        f"{short_date(status.clearance.date)}) is void: {'; '.join(said)}", pack=pack.name,
        item=item.id, file=status.changes[0].path if status.changes else "",
        level=Level.WARNING, hint=f"ask for the papers as they are now to be cleared again; "
                                  f"{HOW_TO_CLEAR}")


def _describe(pack: Pack, item: Item, change: Change, made: ReportRules,
              converted: ConvertedPack | None) -> str:
    if change.what == "added":
        return f"{change.path} was added since"
    if change.what == "removed":
        return f"{change.path} was removed since"
    details = []
    sections = _sections_changed(pack, item, change, made, converted)
    if sections:
        details.append("sections changed: " + ", ".join(sections))
    if change.kept:
        details.append(f"the version cleared is kept as {change.kept}")
    return f"{change.path} has changed since" + (f" ({'; '.join(details)})" if details else "")


def _sections_changed(pack: Pack, item: Item, change: Change, made: ReportRules,
                      converted: ConvertedPack | None) -> list[str]:
    """The report's sections whose text differs from the version cleared."""
    ref = next((r for r in item.files if r.path == change.path), None)
    now = converted.by_file.get((item.id, change.path)) if converted else None
    if ref is None or now is None or ref.kind not in REPORT_KINDS or not change.kept:
        return []
    context = sources.Context(pack_root=pack.root, pack=pack.name, item=item.id,
                              file=change.path, options=dict(ref.options), limits=pack.limits)
    try:
        before = sources.module(ref.kind).convert((pack.root / change.kept).read_bytes(),
                                                  context)
    except (BoardpackError, OSError):
        return []  # the kept copy cannot be read: the file-level change is still said
    return changed_sections(before.blocks, now.blocks, made)


def gate(pack: Pack) -> Gate:
    """The required clearances not in force, and those in force, for ``publish``."""
    _, found, problems = _state(pack)
    gate = Gate(errors=[p for p in problems if p.level is Level.ERROR])
    for status in found:
        if status.state == CLEARED and status.clearance is not None:
            gate.in_force.append(status.clearance.as_record())
            continue
        gate.refused.append(Problem(
            f"the {status.role} clearance is {'missing' if status.state == MISSING else 'void'}",
            pack=pack.name, item=status.item, hint=HOW_TO_CLEAR))
    return gate
