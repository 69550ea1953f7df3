"""The packs in a folder, summarised for the app's first screen.

For each pack: committee, meeting date, days left to the publication deadline,
how many items and how many still lack a report, and whether the outputs were
built after the last change to any input. A pack that does not load is listed
with its one-line problem, so one bad file never hides the others.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from boardpack import deadlines, packfile
from boardpack.model import EDITIONS, Pack
from boardpack.problems import BoardpackError

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


def built_since_change(pack: Pack) -> bool:
    """True if every output exists and is newer than every input."""
    built = [_mtime(p) for p in outputs(pack.root)]
    if any(t is None for t in built):
        return False
    changed = [t for t in (_mtime(p) for p in inputs(pack)) if t is not None]
    return min(t for t in built if t is not None) >= max(changed, default=0.0)


def missing_reports(pack: Pack) -> int:
    """Items with no report file yet (items marked 'to follow' included)."""
    return sum(1 for item in pack.items if not item.files)


def summarise(root: Path, today: dt.date) -> PackSummary:
    """The summary of one pack; never raises for a bad pack."""
    try:
        loaded = packfile.load(root)
    except BoardpackError as exc:
        return PackSummary(root=root, problem=str(exc.problems[0]))
    pack = loaded.pack
    deadline, _reports_due = deadlines.for_meeting(pack.meeting, pack.committee)
    return PackSummary(
        root=root,
        committee=pack.meeting.committee,
        date=pack.meeting.date,
        deadline=deadline,
        days_left=(deadline - today).days,
        items=len(pack.items),
        missing=missing_reports(pack),
        built=built_since_change(pack),
    )


def summaries(target: Path, today: dt.date) -> list[PackSummary]:
    """Summaries of every pack under ``target`` (or of ``target`` itself)."""
    return [summarise(root, today) for root in find_packs(target)]
