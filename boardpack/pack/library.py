"""A folder of packs: finding them, the earlier meetings of a pack's committee, and the
summaries the app's first screen lists.

A pack is a folder holding ``pack.toml``. ``packs_in`` is the one way of finding the
packs in a folder, and ``earlier_meetings`` the one way of finding a committee's
earlier meetings (the packs beside a pack, same committee, earlier date; the latest is
the previous meeting). ``past`` gives what assembly is given from outside the pack:
those earlier packs, each read once from its record (``boardpack.pack.record``: a
cached light load), and the day the pack was first issued.

For each pack a summary gives committee, meeting date, days left to the
publication deadline, items and reports still missing, the clearances each item
still needs, and whether the outputs were built after the last change to any input.

A summary reads ``pack.toml`` (parsed once per version of its bytes:
``boardpack.pack.parsed``) and lists the drop folder, and nothing more, so that a
thousand packs are listed in a fraction of a second; the full validation
(``load.load``) runs when a pack is opened or checked. ``in_batches`` gives the same
summaries a batch at a time, so that the app shows a large folder's first screenful
while it reads the rest. An executive's pack (its
committee template says so) is loaded, for the notices it still has to give. A pack
that does not load is listed with its one-line problem, so one bad file never hides
the others.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from boardpack import templates
from boardpack.cache import paused_gc
from boardpack.layout import (
    CLEARANCES_FILE,
    MINUTES_FORMATS,
    PACK_FILE,
    RESOLUTIONS_FILE,
    build_folder,
    minutes_output,
    outputs,
)
from boardpack.model import Limits, Pack
from boardpack.pack import deadlines, executive, headings, issued, parsed, record
from boardpack.pack import load as packfile
from boardpack.pack.tomlcheck import read_text
from boardpack.problems import BoardpackError, Level, Problem

Peeker = Callable[[Path], record.Peek]


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
    notices: str = ""
    to_clear: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (item, roles still to clear)

    @property
    def name(self) -> str:
        return self.root.name


@dataclass(frozen=True)
class MeetingFolder:
    """A pack folder, as far as its ``[meeting]`` table says."""

    root: Path
    committee: str
    date: dt.date


@dataclass(frozen=True)
class Earlier:
    """An earlier meeting of the committee, as its record (``boardpack.pack.record``)
    gives it: ``pack`` has no files, house style or limits, and is None when its
    ``pack.toml`` does not load; ``damaged`` says some of its record could not be
    read."""

    meeting: MeetingFolder
    pack: Pack | None
    damaged: bool = False


@dataclass(frozen=True)
class Past:
    """What assembly is given from outside the pack: the committee's earlier meetings,
    latest first, and the day the pack was first issued (None before that)."""

    earlier: tuple[Earlier, ...] = field(default_factory=tuple)
    first_issued: dt.date | None = None


def is_pack(folder: Path) -> bool:
    return (folder / PACK_FILE).is_file()


def packs_in(folder: Path) -> list[Path]:
    """The packs directly inside ``folder``, by name (none if it is not a folder)."""
    try:
        return sorted(p for p in folder.iterdir() if is_pack(p))
    except OSError:
        return []  # not a folder, or not one that can be listed


def find_packs(target: Path) -> list[Path]:
    """``target`` itself if it is a pack, else the packs directly inside it."""
    return [target] if is_pack(target) else packs_in(target)


def siblings(root: Path) -> list[Path]:
    """The other packs in the folder that holds the pack ``root``."""
    here = root.resolve()
    return [folder for folder in packs_in(here.parent) if folder != here]


def same_committee(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def meeting_of(folder: Path) -> MeetingFolder | None:
    """The committee and date a pack folder's ``[meeting]`` names; None if it names
    none, or ``pack.toml`` cannot be read."""
    try:
        text = (folder / PACK_FILE).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None  # not a meeting this pack can follow: it says nothing that can be read
    found = record.heading(text)
    return MeetingFolder(folder, *found) if found else None


def earlier_records(pack: Pack, peek: Peeker = record.peek
                    ) -> list[tuple[MeetingFolder, record.Peek]]:
    """The committee's earlier meetings beside this pack with their records, latest
    first (the first is the previous meeting). Of each sibling only its heading is
    read (``boardpack.pack.headings``: kept while its ``pack.toml`` is the same file),
    and its record once if it is an earlier meeting of the committee."""
    found = []
    committee = pack.meeting.committee
    seen_all: list[tuple[Path, headings.Heading]]
    with paused_gc():  # many small objects, no cycles: the collector would only cost
        if peek is record.peek:  # the fast path: headings kept while the file is the same
            parent = pack.root.resolve().parent
            seen_all = [(parent / name, heading)
                        for name, heading in headings.of(pack.root, peek)]
        else:
            seen_all = [(folder, peek(folder).heading) for folder in siblings(pack.root)]
    for folder, heading in seen_all:
        if (heading is not None and same_committee(heading[0], committee)
                and heading[1] < pack.meeting.date):
            found.append((MeetingFolder(folder, *heading), peek(folder)))
    return sorted(found, key=lambda pair: pair[0].date, reverse=True)


def earlier_meetings(pack: Pack, peek: Peeker = record.peek) -> list[MeetingFolder]:
    """The committee's earlier meetings beside this pack, latest first."""
    return [meeting for meeting, _ in earlier_records(pack, peek)]


def past(pack: Pack, peek: Peeker = record.peek) -> Past:
    """The earlier meetings of the pack's committee, as their records give them (``peek``:
    from their caches; ``record.slow`` for the slow path), and its first issue date."""
    earlier = []
    for meeting, seen in earlier_records(pack, peek):
        whole = seen.whole()
        earlier.append(Earlier(meeting, whole.pack, whole.damaged))
    return Past(tuple(earlier), issued.first_issued(pack.root))


def _mtime(path: Path | str) -> float | None:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return None  # not there (yet): it changes nothing


def _newer(built: list[Path], changed: list[Path | str]) -> bool:
    stamps = [_mtime(p) for p in built]
    if not stamps or any(t is None for t in stamps):
        return False
    latest = max((t for t in map(_mtime, changed) if t is not None), default=0.0)
    return min(t for t in stamps if t is not None) >= latest


def _problem(root: Path, message: str) -> PackSummary:
    return PackSummary(root=root, problem=str(Problem(message, pack=root.name,
                                                      file=PACK_FILE)))


def _listed(item: dict[str, Any]) -> list[str]:
    files = item.get("files", [])
    if not isinstance(files, list):
        return []
    return [f if isinstance(f, str) else str(f.get("path", "")) for f in files
            if isinstance(f, str | dict)]


def summarise(root: Path, today: dt.date) -> PackSummary:
    """The summary of one pack, from pack.toml and the drop folder; never raises."""
    path = root / PACK_FILE
    try:
        data = parsed.parse(root, read_text(path, pack=root.name, file=PACK_FILE),
                            pack=root.name, file=PACK_FILE)
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
    folder = str(root)
    changed: list[Path | str] = [path, root / RESOLUTIONS_FILE,
                                 *(os.path.join(folder, p) for p in [*listed, *drops])]
    template = str(meeting.get("template", "default"))
    committee = _committee(root, template)
    return PackSummary(
        root=root,
        committee=str(meeting.get("committee", "")),
        date=date,
        deadline=deadline,
        days_left=timetable.days_to(deadline, today),
        items=len(items),
        missing=missing,
        built=_newer(outputs(root), changed),
        notices=_notices(root, committee, today)
        if date >= today else "",  # notices matter while the meeting is ahead
        to_clear=_to_clear(root, committee, template, items, drops),
    )


def _committee(root: Path, template: str) -> dict[str, Any] | None:
    """The committee template the pack names (parsed once, not to be changed), or None
    if it cannot be read (opening the pack says why)."""
    try:
        return templates.load_toml("committees", template, root, shared=True)
    except BoardpackError:
        return None


def _notices(root: Path, committee: dict[str, Any] | None, today: dt.date) -> str:
    """An executive's next notice (or missed ones); "" for other committees or bad packs."""
    if committee is None or committee.get("executive") is not True:
        return ""
    try:
        return executive.summary(packfile.load(root).pack, today)
    except BoardpackError:
        return ""  # the pack's own problem is shown when it is opened


def _to_clear(root: Path, committee: dict[str, Any] | None, name: str,
              items: list[dict[str, Any]], drops: list[str]
              ) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The clearances each item still needs (missing or void), read from pack.toml, the
    drop folder and clearances.toml; none if the committee template or the file cannot
    be read (opening the pack says why)."""
    if committee is None:
        return ()
    if not committee.get("clearances") and not os.path.exists(os.path.join(root,
                                                                          CLEARANCES_FILE)):
        return ()
    from boardpack.pack import clearances  # tomlkit: only for a pack that has clearances
    from boardpack.pack.report_rules import rules

    made, _ = rules(committee, root, root.name, name)
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
    return [s for batch in in_batches(find_packs(target), today) for s in batch]


def in_batches(roots: Sequence[Path], today: dt.date, first: int = 100, size: int = 100
               ) -> Iterator[list[PackSummary]]:
    """The summaries of ``roots``, in their order: ``first`` of them, then ``size`` at a
    time (the app shows the first screenful of a large folder while it reads the rest)."""
    start, count = 0, max(1, first)
    while start < len(roots):
        with paused_gc():  # many small objects, no cycles: the collector would only cost
            batch = [summarise(root, today) for root in roots[start:start + count]]
        yield batch
        start, count = start + count, max(1, size)


def minutes_state(root: Path) -> str:
    """How far the minutes of a held meeting have got, for the list of packs."""
    build = os.fspath(build_folder(root))
    if any(os.path.isfile(os.path.join(build, minutes_output("members", fmt)))
           for fmt in MINUTES_FORMATS):
        return "minutes drafted"
    if os.path.isfile(os.path.join(root, RESOLUTIONS_FILE)):
        return "resolutions recorded"
    return "no minutes yet"
