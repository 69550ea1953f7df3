"""The packs in a folder, summarised for the app's first screen.

For each pack: committee, meeting date, days left to the publication deadline,
how many items and how many still lack a report, the clearances each item still
needs, and whether the outputs were built after the last change to any input. A
pack that does not load is listed with its one-line problem, so one bad file never
hides the others.

A summary reads ``pack.toml`` and lists the drop folder, and nothing more, so
that a hundred packs are listed in a fraction of a second; the full validation
(``packfile.load``) runs when a pack is opened or checked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from boardpack.model import EDITIONS, Limits, Pack
from boardpack.pack import deadlines
from boardpack.pack import load as packfile
from boardpack.pack.tomlcheck import parse
from boardpack.problems import BoardpackError, Level, Problem

OUTPUT_FORMATS = ("pdf", "html")
BUILD_FOLDER = "build"


@dataclass(frozen=True)
class PackSummary:
    """One row of the first screen."""

    root: Path
    committee: str = ""
    date: dt.date | None = None
    deadline: dt.date | None = None
    days_left: int | None = None
    items: int = 0
    missing: int = 0
    built: bool = False
    problem: str = ""
    to_clear: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (item, roles still to clear)

    @property
    def name(self) -> str:
        return self.root.name


def find_packs(target: Path) -> list[Path]:
    """``target`` itself if it is a pack, else the packs directly inside it, by name."""
    if (target / packfile.PACK_FILE).is_file():
        return [target]
    if not target.is_dir():
        return []
    return sorted(p for p in target.iterdir() if (p / packfile.PACK_FILE).is_file())


def outputs(root: Path) -> list[Path]:
    """The files a full build writes."""
    return [root / BUILD_FOLDER / f"{edition}.{fmt}" for edition in EDITIONS
            for fmt in OUTPUT_FORMATS]


def inputs(pack: Pack) -> list[Path]:
    """Every file a build reads that the clerk or an officer may change."""
    found = [pack.root / packfile.PACK_FILE, pack.root / packfile.RESOLUTIONS_FILE]
    found += [pack.root / ref.path for item in pack.items for ref in item.files]
    return found


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


def _newer(built: list[Path], changed: list[Path]) -> bool:
    stamps = [_mtime(p) for p in built]
    if not stamps or any(t is None for t in stamps):
        return False
    latest = max((t for t in map(_mtime, changed) if t is not None), default=0.0)
    return min(t for t in stamps if t is not None) >= latest


def built_since_change(pack: Pack) -> bool:
    """True if every output exists and is newer than every input."""
    return _newer(outputs(pack.root), inputs(pack))


def _problem(root: Path, message: str) -> PackSummary:
    return PackSummary(root=root, problem=str(Problem(message, pack=root.name,
                                                      file=packfile.PACK_FILE)))


def _listed(item: dict[str, Any]) -> list[str]:
    files = item.get("files", [])
    if not isinstance(files, list):
        return []
    return [f if isinstance(f, str) else str(f.get("path", "")) for f in files
            if isinstance(f, str | dict)]


def summarise(root: Path, today: dt.date) -> PackSummary:
    """The summary of one pack, from pack.toml and the drop folder; never raises."""
    path = root / packfile.PACK_FILE
    try:
        data = parse(packfile.read_text(path, pack=root.name, file=packfile.PACK_FILE),
                     pack=root.name, file=packfile.PACK_FILE)
    except BoardpackError as exc:
        return PackSummary(root=root, problem=str(exc.problems[0]))
    meeting = data.get("meeting")
    if not isinstance(meeting, dict) or not isinstance(meeting.get("date"), dt.date):
        return _problem(root, "no [meeting] table with a date like 2027-01-20")
    date = meeting["date"]
    nation = meeting.get("nation", "england")
    raw_items = data.get("item", [])
    items = [i for i in raw_items if isinstance(i, dict)] if isinstance(raw_items, list) else []
    ids = [str(i.get("id", "")) for i in items]
    listed = {p for item in items for p in _listed(item)}
    drops = [p for p in packfile.drop_candidates(root) if p not in listed]
    dropped_to = {packfile.match_drop(p, ids) for p in drops}
    missing = sum(1 for item in items
                  if not _listed(item) and str(item.get("id", "")) not in dropped_to)
    deadline = deadlines.publication_deadline(date, str(nation))
    timetable = deadlines.Timetable(date, deadline, deadline, str(nation))
    changed = [path, root / packfile.RESOLUTIONS_FILE,
               *(root / p for p in listed), *(root / p for p in drops)]
    return PackSummary(
        root=root,
        committee=str(meeting.get("committee", "")),
        date=date,
        deadline=deadline,
        days_left=timetable.days_to(deadline, today),
        items=len(items),
        missing=missing,
        built=_newer(outputs(root), changed),
        to_clear=_to_clear(root, meeting, items, drops),
    )


def _to_clear(root: Path, meeting: dict[str, Any], items: list[dict[str, Any]],
              drops: list[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The clearances each item still needs (missing or void), read from pack.toml, the
    drop folder and clearances.toml; none if the committee template or the file cannot
    be read (opening the pack says why)."""
    from boardpack import templates
    from boardpack.pack import clearances
    from boardpack.pack.report_rules import rules

    name = meeting.get("template", "default")
    try:
        committee = templates.load_toml("committees", str(name), root)
    except BoardpackError:
        return ()
    if not committee.get("clearances") and not (root / clearances.CLEARANCES_FILE).exists():
        return ()
    made, _ = rules(committee, root, root.name, str(name))
    record, problems = clearances.load(root)
    if any(p.level is Level.ERROR for p in problems):
        return ()
    ids = [str(i.get("id", "")) for i in items]
    papers = []
    for item_id, item in zip(ids, items, strict=True):
        files = [*_listed(item), *(p for p in drops if packfile.match_drop(p, ids) == item_id)]
        if files:
            papers.append(clearances.Papers(item_id, str(item.get("purpose", "information")),
                                            tuple(files)))
    found = clearances.statuses(root, papers, made, record, limit=Limits().max_file_bytes)
    wanted = {(p.id, role) for p in papers for role in clearances.required(p, made, record)}
    left = clearances.outstanding([s for s in found if (s.item, s.role) in wanted])
    return tuple((item, tuple(roles)) for item, roles in left.items())


def summaries(target: Path, today: dt.date) -> list[PackSummary]:
    """Summaries of every pack under ``target`` (or of ``target`` itself)."""
    return [summarise(root, today) for root in find_packs(target)]
