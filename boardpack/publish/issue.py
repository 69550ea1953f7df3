"""Issuing a pack: both editions frozen under ``PACK/issued/<n>/`` with manifests.

The public editions and the public manifest go in ``public/`` (the only folder that
may be published), the members' editions in ``members/`` and the full manifest in
``internal/`` (see ``boardpack.pack.issued``). An issue is built in a temporary
folder inside ``issued/``, its files made read-only, and the folder renamed to the
next free number in one step, so an issue is either whole or absent and no issue
folder is ever written again.
A supplement (``supplement=True``) carries only the items that are new or
changed since the last issue, with its own front sheet and a "what changed" page.
One whose every change is one the public may not see (an exempt item's papers) has
no public edition, and the public editions number their supplements and name the
issue they follow among the issues that have one: nothing public tells that something
restricted changed.
An issue of the minutes (``minutes=True``) carries the minutes as they stand (and an
executive's decision notice), so that they too can be published from ``public/``.
Every public manifest says what the public view shows of the meeting
(``boardpack.publish.record``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.metadata
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from boardpack.cache import Cache
from boardpack.files import atomic_write
from boardpack.layout import (
    FORMATS,
    ISSUED_INTERNAL,
    ISSUED_MEMBERS,
    ISSUED_PUBLIC,
    MANIFEST_FILE,
    MINUTES_FORMATS,
    issued_output,
)
from boardpack.model import EDITIONS, Change, Edition, Pack
from boardpack.pack import agenda, executive, library, tomledit
from boardpack.pack import issued as manifests
from boardpack.pack import load as packfile
from boardpack.pack.issued import FileRecord, Manifest
from boardpack.pack.library import Past
from boardpack.pipeline import lateness
from boardpack.pipeline import minutes as draft_minutes
from boardpack.pipeline.assemble import assemble, assemble_supplement
from boardpack.pipeline.build import Output, prepare_house, render_editions, restore_media
from boardpack.pipeline.convert import ConvertedPack, convert_pack
from boardpack.pipeline.progress import Converting, OnEvent
from boardpack.problems import BoardpackError, Problem, errors
from boardpack.publish import decisions as decision_notice
from boardpack.publish import readiness, record
from boardpack.publish.encrypt import encrypt_pdf
from boardpack.publish.supplement import compare, item_records
from boardpack.textfmt import short_date

READ_ONLY_FILE = 0o444
READ_ONLY_DIR = 0o555


@dataclass
class PublishResult:
    """The issue made (if any) and every problem found on the way."""

    issue: int | None = None
    folder: Path | None = None
    manifest: Manifest | None = None
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    deadline: str = ""
    """The publication deadline status of the issue (``lateness.publication_status``)."""

    @property
    def ok(self) -> bool:
        return self.folder is not None and not errors(self.problems)


@dataclass
class _Issue:
    """What one publish run works with."""

    pack: Pack
    converted: ConvertedPack
    past: Past
    cache: Cache
    number: int
    when: dt.datetime
    password: str | None
    supplement: int | None = None
    since: str = ""
    changes: list[Change] = field(default_factory=list)
    editions: tuple[Edition, ...] = EDITIONS
    public_supplement: int | None = None  # the public edition's own number and "since"
    public_since: str = ""
    public_since_issue: int | None = None

    def numbered(self, edition: Edition) -> tuple[int | None, str]:
        """The supplement's number and the issue it follows, as ``edition`` shows them."""
        if edition == "public":
            return self.public_supplement, self.public_since
        return self.supplement, self.since


def version() -> str:
    try:
        return importlib.metadata.version("boardpack")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def publish(root: Path | str, *, supplement: bool = False, password: str | None = None,
            force: bool = False, now: dt.datetime | None = None,
            on_event: OnEvent | None = None, minutes: bool = False) -> PublishResult:
    """Issue the pack in ``root`` (or a supplement to it, or its minutes); never raises
    for bad input. ``on_event`` is told what happens (``boardpack.pipeline.progress``)."""
    root = Path(root)
    result = PublishResult()
    try:
        loaded = packfile.load(root)
        result.problems += loaded.problems
        if errors(result.problems):
            return result
        with tomledit.locked(root):
            when = now or dt.datetime.now(dt.UTC)
            if minutes:
                _publish_minutes(loaded.pack, result, when=when, on_event=on_event)
            else:
                _publish(loaded.pack, result, supplement=supplement, password=password,
                         force=force, when=when, on_event=on_event)
    except BoardpackError as exc:
        result.problems += exc.problems
    except OSError as exc:
        result.problems.append(Problem(f"cannot write the issue ({exc.strerror})",
                                       pack=root.name, file=str(exc.filename or ""),
                                       hint="check the pack folder may be written to"))
    return result


def _publish(pack: Pack, result: PublishResult, *, supplement: bool, password: str | None,
             force: bool, when: dt.datetime, on_event: OnEvent | None) -> None:
    root = pack.root
    previous = manifests.latest(root)
    if supplement and previous is None:
        raise BoardpackError(readiness.nothing_to_supplement(pack))
    inputs = manifests.pack_inputs(root)
    cache = Cache.for_pack(root)
    if on_event:
        on_event(Converting(sum(len(item.files) for item in pack.items)))
    converted = convert_pack(pack, cache=cache, on_event=on_event)
    result.problems += converted.problems
    if errors(result.problems):
        return
    found = readiness.findings(pack, converted)
    result.problems += found.problems
    blocking, cleared = found.blocking, found.gate
    if cleared.errors:
        raise BoardpackError(cleared.errors)
    refusals = []
    if blocking and not force:
        refusals.append(Problem(
            f"not issued: pre-flight found {len(blocking)} thing(s) that should not be "
            "published", pack=pack.name,
            hint="fix them and publish again, or publish --force if they are intended"))
    if cleared.refused and not force:
        result.problems += cleared.refused
        refusals.append(Problem(
            f"not issued: {len(cleared.refused)} required clearance(s) missing or void",
            pack=pack.name, hint="get them and record them with boardpack clear, or publish "
                                 "--force (the issue's manifest records it)"))
    if refusals:
        raise BoardpackError(refusals)
    in_agenda_order = [e.item for e in agenda.entries(pack) if not e.item.standard]
    records = item_records(in_agenda_order, converted, inputs)
    numbers = manifests.issue_numbers(root)
    earlier = [manifests.read(root, n) for n in numbers]
    issue = _Issue(pack, converted, library.past(pack), cache,
                   (numbers[-1] if numbers else 0) + 1, when, password)
    if supplement and previous is not None:
        issue.changes = result.changes = compare(previous, records)
        if not issue.changes:
            raise BoardpackError(Problem(
                f"nothing has changed since issue {previous.issue}, so no supplement was issued",
                pack=pack.name, hint="add or update reports first"))
        _number_supplement(issue, earlier, previous)
        pack.meeting.published = _local_date(when)
    elif pack.meeting.published is None:
        pack.meeting.published = _local_date(when)
    prepare_house(pack, cache)
    made = Manifest(
        issue=issue.number, kind="supplement" if supplement else "pack",
        time=when.isoformat(timespec="seconds"), boardpack_version=version(),
        editions=list(issue.editions), supplement=issue.supplement,
        since_issue=previous.issue if supplement and previous else None,
        public_issue=_public_number(earlier) if "public" in issue.editions else None,
        public_supplement=issue.public_supplement, public_since_issue=issue.public_since_issue,
        previous_manifest=manifests.manifest_digest(root, numbers[-1]) if numbers else "",
        encrypted=password is not None, items=records, inputs=inputs,
        meeting={"authority": pack.meeting.authority, "committee": pack.meeting.committee,
                 "date": pack.meeting.date.isoformat()},
        clearances=cleared.in_force,
        forced=[str(p) for p in blocking + cleared.refused] if force else [],
        details=record.details(pack), agenda=record.agenda(pack),
    )
    result.folder = _freeze(pack, issue.number, made,
                            lambda work: _render(issue, work, on_event))
    result.deadline = lateness.publication_status(pack, _local_date(when),
                                                  supplement=supplement).line
    result.issue, result.manifest = issue.number, made


def public_line(made: Manifest, folder: Path) -> str:
    """What the clerk is told to publish of the issue in ``folder``."""
    if not made.has_public:
        return (f"supplement {made.supplement} is for members only: the public may see none "
                "of its changes, so it has no public edition and nothing is to be published")
    public = f"{folder / ISSUED_PUBLIC}/"
    shown = made.public()
    own = "" if (shown.issue, shown.supplement) == (made.issue, made.supplement) else (
        f" (the public edition's issue {shown.issue}"
        + (f", supplement {shown.supplement})" if shown.supplement else ")"))
    return f"publish {public} and nothing else of the issue{own}"


def _number_supplement(issue: _Issue, earlier: list[Manifest], previous: Manifest) -> None:
    """The supplement's number and the issue it follows, for each edition; no public
    edition when the public may see none of its changes."""
    issue.supplement = 1 + sum(1 for made in earlier if made.supplement)
    issue.since = _since(previous.issue, previous)
    if not any(change.seen_in("public") for change in issue.changes):
        issue.editions = ("members",)
        return
    public = [made for made in earlier if made.has_public and made.kind in manifests.PAPERS]
    issue.public_supplement = 1 + sum(1 for made in public if made.supplement)
    last = public[-1] if public else previous
    issue.public_since_issue = last.public_number
    issue.public_since = _since(last.public_number, last)


def _public_number(earlier: list[Manifest]) -> int:
    """The next issue's number as the public editions count: among those with one."""
    return 1 + sum(1 for made in earlier if made.has_public)


def _since(number: int, made: Manifest) -> str:
    return f"issue {number}, published {short_date(dt.datetime.fromisoformat(made.time).date())}"


def _publish_minutes(pack: Pack, result: PublishResult, *, when: dt.datetime,
                     on_event: OnEvent | None) -> None:
    """Issue the minutes as they stand (and an executive's decision notice)."""
    root = pack.root
    if manifests.latest(root) is None:
        raise BoardpackError(Problem("the pack has not been issued yet, so its minutes cannot "
                                     "be", pack=pack.name,
                                     hint="publish the pack first, without --minutes"))
    numbers = manifests.issue_numbers(root)
    made = Manifest(
        issue=numbers[-1] + 1, kind="minutes", time=when.isoformat(timespec="seconds"),
        public_issue=_public_number([manifests.read(root, n) for n in numbers]),
        boardpack_version=version(), editions=list(EDITIONS),
        previous_manifest=manifests.manifest_digest(root, numbers[-1]),
        inputs=manifests.pack_inputs(root),
        meeting={"authority": pack.meeting.authority, "committee": pack.meeting.committee,
                 "date": pack.meeting.date.isoformat()},
        details=record.details(pack), agenda=record.agenda(pack),
        decisions=record.decisions(pack))
    result.folder = _freeze(pack, made.issue, made,
                            lambda work: _render_minutes(pack, work, on_event))
    result.issue, result.manifest = made.issue, made


def _local_date(when: dt.datetime) -> dt.date:
    return when.astimezone().date()


def _freeze(pack: Pack, number: int, made: Manifest,
            render: Callable[[Path], list[FileRecord]]) -> Path:
    """Render into a temporary folder, make it read-only, rename it to its number."""
    issued = manifests.issued_dir(pack.root)
    issued.mkdir(exist_ok=True)
    _remove_abandoned(issued)
    work = Path(tempfile.mkdtemp(prefix=".new-", dir=issued))
    try:
        made.outputs = render(work)
        if manifests.pack_inputs(pack.root) != made.inputs:
            raise BoardpackError(Problem(
                "a file of the pack changed while the issue was being made, so nothing was "
                "issued", pack=pack.name, hint="publish again"))
        if made.has_public:
            public_manifest = work / ISSUED_PUBLIC / MANIFEST_FILE
            atomic_write(public_manifest, made.public().to_json())
            made.public_manifest = manifests.sha256_file(public_manifest)
        (work / ISSUED_INTERNAL).mkdir()
        atomic_write(work / ISSUED_INTERNAL / MANIFEST_FILE, made.to_json())
        target = issued / str(number)
        if target.exists():
            raise BoardpackError(Problem(f"issue {number} already exists",
                                         pack=pack.name, file=f"issued/{number}",
                                         hint="an issue is never written again; publish anew"))
        _make_read_only(work)
        os.rename(work, target)
        _fsync_dir(issued)
        return target
    finally:
        if work.exists():
            _remove(work)


def _render(issue: _Issue, work: Path, on_event: OnEvent | None) -> list[FileRecord]:
    """Both editions in both formats, each in its folder (``public/``, ``members/``), but
    for an encrypted members' edition: its PDF only (an HTML page cannot be encrypted)."""
    encrypted = issue.password is not None
    folders = {"members": ISSUED_MEMBERS, "public": ISSUED_PUBLIC}
    for edition in issue.editions:
        (work / folders[edition]).mkdir()
    outputs = [Output(edition, fmt, work / folders[edition]
                      / issued_output(edition, fmt, issue.numbered(edition)[0]),
                      encrypted=encrypted and edition == "members")
               for edition in issue.editions for fmt in FORMATS
               if not (encrypted and edition == "members" and fmt != "pdf")]

    def encrypt(output: Output, data: bytes) -> bytes:
        return encrypt_pdf(data, issue.password) if output.encrypted and issue.password \
            else data

    render_editions(issue.pack, lambda edition: _document(issue, edition), outputs,
                    issue.cache.root, finish=encrypt, on_event=on_event,
                    media=lambda: restore_media(issue.pack, issue.converted, issue.cache))
    return [manifests.record(o.target, o.target.relative_to(work).as_posix(),
                             edition=o.edition, format=o.fmt, encrypted=o.encrypted)
            for o in outputs]


def _render_minutes(pack: Pack, work: Path, on_event: OnEvent | None) -> list[FileRecord]:
    """The minutes (members: .docx, PDF, HTML; public: PDF, HTML) and, for an executive,
    the decision notice, each edition in its folder."""
    public, members = work / ISSUED_PUBLIC, work / ISSUED_MEMBERS
    public.mkdir()
    members.mkdir()
    written = [*draft_minutes.write(pack, public, editions=["public"], formats=FORMATS,
                              on_event=on_event),
               *draft_minutes.write(pack, members, editions=["members"], formats=MINUTES_FORMATS,
                              on_event=on_event)]
    if executive.is_executive(pack):
        pairs: tuple[tuple[Edition, Path], ...] = (("public", public), ("members", members))
        for edition, folder in pairs:
            written += decision_notice.write(pack, folder, published=pack.decisions_published,
                                             editions=[edition])
    return [manifests.record(path, path.relative_to(work).as_posix(),
                             edition="public" if path.parent == public else "members",
                             format=path.suffix.lstrip("."))
            for path in written]


def _document(issue: _Issue, edition: Edition) -> dict[str, Any]:
    number, since = issue.numbered(edition)
    if number:
        return assemble_supplement(issue.pack, issue.converted, edition, issue.past,
                                   number, since, issue.changes)
    return assemble(issue.pack, issue.converted, edition, issue.past)


def _remove_abandoned(issued: Path) -> None:
    """Temporary folders left by a publish that was killed (we hold the pack's lock)."""
    for path in issued.glob(".new-*"):
        if path.is_dir():
            _remove(path)


def _make_read_only(folder: Path) -> None:
    """Every file read-only, then every folder, the deepest first."""
    for path in folder.rglob("*"):
        if path.is_file():
            os.chmod(path, READ_ONLY_FILE)
    for path in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
        os.chmod(path, READ_ONLY_DIR)
    os.chmod(folder, READ_ONLY_DIR)


def _remove(folder: Path) -> None:
    for path in [folder, *(p for p in folder.rglob("*") if p.is_dir())]:
        os.chmod(path, 0o755)
    shutil.rmtree(folder)


def _fsync_dir(folder: Path) -> None:
    """Make the rename lasting where the file system can (some cannot sync a folder;
    the issue is whole either way)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
