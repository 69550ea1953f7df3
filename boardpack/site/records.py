"""The public record of a folder of packs: each pack's issued public editions, read.

Only ``PACK/issued/<n>/public/`` is read, and of it only the public manifest and the
files it lists (checked to be there): never a build folder, never the members' or
internal folders, never the pack's own files. What the public manifest says of the
meeting (its details, agenda and decisions) was made by ``publish`` from the public
view, so an exempt item is its number, title and paragraph. An issue made before
the public manifest has no ``public/`` folder and is left out (with a note). The
forward plan, written by ``boardpack forward-plan`` into ``PACKS/forward-plan/``,
is a public notice and is taken as it is.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from boardpack.layout import ISSUED_FOLDER, ISSUED_PUBLIC, MANIFEST_FILE
from boardpack.pack.issued import PublicManifest, issue_numbers, sha256_file
from boardpack.problems import Level, Problem

FORWARD_PLAN_FOLDER = "forward-plan"
FORWARD_PLAN = "forward-plan"


@dataclass(frozen=True)
class PublicFile:
    """One file of an issue's public folder."""

    name: str
    source: Path
    sha256: str
    format: str


@dataclass(frozen=True)
class AgendaLine:
    """An agenda entry as the public edition shows it (of Part B: number, title, paragraph)."""

    number: int
    title: str
    anchor: str
    part_b: bool = False
    paragraph: int = 0
    standard: bool = False
    presenter: str = ""
    to_follow: bool = False


@dataclass(frozen=True)
class DecisionLine:
    """A decision recorded on an item the public edition shows in full."""

    number: int
    title: str
    anchor: str
    kind: str
    text: tuple[str, ...]


@dataclass(frozen=True)
class Issue:
    """One issue's public folder."""

    number: int
    kind: str  # pack, supplement or minutes
    time: dt.datetime
    supplement: int | None
    files: tuple[PublicFile, ...]
    details: dict[str, Any]
    agenda: tuple[AgendaLine, ...]
    decisions: tuple[DecisionLine, ...]
    folder: int = 0  # its folder in issued/ (``number`` is as the public counts issues)

    def file(self, fmt: str, stem_end: str = "") -> PublicFile | None:
        return next((f for f in self.files if f.format == fmt
                     and f.name.removesuffix(f".{fmt}").endswith(stem_end)), None)


@dataclass(frozen=True)
class Meeting:
    """A pack's meeting as its issues' public folders show it."""

    slug: str  # the pack folder's name
    authority: str
    committee: str
    date: dt.date
    issues: tuple[Issue, ...]

    def latest(self, *kinds: str) -> Issue | None:
        return next((i for i in reversed(self.issues) if not kinds or i.kind in kinds), None)

    @property
    def details(self) -> dict[str, Any]:
        found = next((i.details for i in reversed(self.issues) if i.details), {})
        return found

    @property
    def agenda(self) -> tuple[AgendaLine, ...]:
        return next((i.agenda for i in reversed(self.issues) if i.agenda), ())

    @property
    def decisions(self) -> tuple[DecisionLine, ...]:
        minutes = self.latest("minutes")
        return minutes.decisions if minutes else ()


@dataclass
class Record:
    """Every meeting with a public issue, the forward plan's files, and what was wrong."""

    meetings: list[Meeting] = field(default_factory=list)
    forward_plan: list[PublicFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def committees(self) -> dict[str, list[Meeting]]:
        """Meetings by committee, committees in name order, meetings latest first."""
        found: dict[str, list[Meeting]] = {}
        for meeting in sorted(self.meetings, key=lambda m: (m.date, m.slug), reverse=True):
            found.setdefault(meeting.committee, []).append(meeting)
        return dict(sorted(found.items()))


def slug(text: str) -> str:
    """``Corporate Parenting Board`` → ``corporate-parenting-board``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "committee"


def read(packs: Path) -> Record:
    """The public record of every pack in ``packs`` (or of ``packs`` itself, a pack)."""
    record = Record()
    roots = [packs] if (packs / ISSUED_FOLDER).is_dir() else sorted(
        p for p in packs.iterdir() if p.is_dir() and (p / ISSUED_FOLDER).is_dir())
    for root in roots:
        meeting = read_meeting(root, record.problems)
        if meeting is not None:
            record.meetings.append(meeting)
    plan = packs / FORWARD_PLAN_FOLDER
    for fmt in ("pdf", "html"):
        path = plan / f"{FORWARD_PLAN}.{fmt}"
        if path.is_file():
            record.forward_plan.append(PublicFile(path.name, path, sha256_file(path), fmt))
    return record


def read_meeting(root: Path, problems: list[Problem]) -> Meeting | None:
    """The public folders of one pack's issues; None if it has none that can be read."""
    issues: list[Issue] = []
    meeting: dict[str, str] = {}
    for number in issue_numbers(root):
        folder = root / ISSUED_FOLDER / str(number) / ISSUED_PUBLIC
        relative = f"{ISSUED_FOLDER}/{number}/{ISSUED_PUBLIC}/{MANIFEST_FILE}"
        if not folder.is_dir():
            problems.append(Problem(
                f"issue {number} has no public folder (it was made before the public "
                "manifest, or for members only), so it is not on the site",
                pack=root.name, file=f"{ISSUED_FOLDER}/{number}", level=Level.INFO))
            continue
        issue = _read_issue(root, folder, relative, number, problems)
        if issue is not None:
            issues.append(issue[0])
            meeting = issue[1]
    if not issues:
        return None
    try:
        date = dt.date.fromisoformat(meeting["date"])
        return Meeting(root.name, meeting["authority"], meeting["committee"], date,
                       tuple(issues))
    except (KeyError, ValueError, TypeError):
        problems.append(Problem("the public manifest does not say which meeting it is",
                                pack=root.name, file=f"{ISSUED_FOLDER}/{issues[-1].folder}/"
                                f"{ISSUED_PUBLIC}/{MANIFEST_FILE}",
                                hint="it has been damaged or edited by hand; restore it"))
        return None


def _read_issue(root: Path, folder: Path, relative: str, number: int,
                problems: list[Problem]) -> tuple[Issue, dict[str, str]] | None:
    try:
        shown = PublicManifest.from_json((folder / MANIFEST_FILE).read_text("utf-8"))
        issue = Issue(
            number=shown.issue, kind=shown.kind, time=dt.datetime.fromisoformat(shown.time),
            supplement=shown.supplement,
            files=tuple(PublicFile(o.path, folder / o.path, o.sha256, o.format)
                        for o in shown.outputs),
            details=dict(shown.details),
            agenda=tuple(AgendaLine(**a) for a in shown.agenda),
            decisions=tuple(DecisionLine(**{**d, "text": tuple(d.get("text", ()))})
                            for d in shown.decisions), folder=number)
    except FileNotFoundError:
        problems.append(Problem("the issue's public folder has no manifest", pack=root.name,
                                file=relative, hint="restore the issue from a backup"))
        return None
    except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError, AttributeError) as exc:
        problems.append(Problem(f"the public manifest cannot be read ({type(exc).__name__})",
                                pack=root.name, file=relative,
                                hint="it has been damaged or edited by hand; restore it"))
        return None
    for public in issue.files:
        if not public.source.is_file() or "/" in public.name or public.name.startswith("."):
            problems.append(Problem("is listed in the public manifest but missing",
                                    pack=root.name,
                                    file=f"{ISSUED_FOLDER}/{number}/{ISSUED_PUBLIC}/{public.name}",
                                    hint="restore the issue from a backup (boardpack verify)"))
            return None
    return issue, dict(shown.meeting)
