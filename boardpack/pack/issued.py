"""What was issued: ``PACK/issued/<n>/`` and the proof that it still holds.

An issue folder holds three folders:

- ``public/``: the public editions and ``manifest.json``, the public manifest (the
  issue's number, time and meeting, each public file's sha256 and, since issue 19,
  the meeting's public details, its agenda as the public view shows it and, in an
  issue of the minutes, its public decisions: what a public web site needs). It holds nothing
  of an exempt item but what the public editions show, and it is the only part of an
  issue that may be published: publish the folder, whole.
- ``members/``: the members' editions (confidential).
- ``internal/``: ``manifest.json``, the full manifest, the clerk's record: the sha256
  of every input file of the pack at that moment (exempt reports by name) and of
  every output, the public manifest's sha256, the time, the editions and the
  boardpack version. Each full manifest also records the sha256 of the previous
  issue's, so a changed manifest is caught by the next one.

Issues made before the public manifest (format 1) hold the editions and the full
manifest side by side; they are still read and verified as they are.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from boardpack.layout import (
    ISSUED_FOLDER,
    ISSUED_INTERNAL,
    ISSUED_PUBLIC,
    MANIFEST_FILE,
    NOT_CONTENT,
)
from boardpack.problems import BoardpackError, Problem

FORMAT = 2
FLAT = 1  # the format of issues with the editions and the full manifest side by side


@dataclass(frozen=True)
class FileRecord:
    """One file and its digest; ``path`` is relative to the pack (inputs) or issue folder."""

    path: str
    sha256: str
    bytes: int
    edition: str = ""
    format: str = ""
    encrypted: bool = False


@dataclass(frozen=True)
class ItemRecord:
    """An agenda item as issued: enough to tell later what changed."""

    id: str
    title: str
    part_b: bool
    to_follow: bool
    files: dict[str, str]
    details: str
    public_entry: str = ""  # digest of what the public edition shows of an exempt item

    @property
    def has_report(self) -> bool:
        return bool(self.files)


@dataclass
class Issued:
    """What both manifests of an issue begin with, and how they are written."""

    issue: int
    kind: str
    time: str
    boardpack_version: str

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False) + "\n"


@dataclass
class Manifest(Issued):
    """The record of one issue."""

    editions: list[str]
    meeting: dict[str, str]
    supplement: int | None = None
    since_issue: int | None = None
    # The issue as the public editions number it: only issues with a public edition
    # count (a supplement whose changes are all restricted has none); None: as above.
    public_issue: int | None = None
    public_supplement: int | None = None
    public_since_issue: int | None = None
    previous_manifest: str = ""
    encrypted: bool = False
    items: list[ItemRecord] = field(default_factory=list)
    inputs: list[FileRecord] = field(default_factory=list)
    outputs: list[FileRecord] = field(default_factory=list)  # paths in the issue folder
    public_manifest: str = ""  # the sha256 of public/manifest.json
    clearances: list[dict[str, Any]] = field(default_factory=list)  # in force (internal)
    forced: list[str] = field(default_factory=list)  # what publish --force overrode
    # What the public manifest shows of the meeting (``boardpack.publish.record``, made
    # from the public view): time, venue, members, clerk; the agenda; public decisions.
    details: dict[str, Any] = field(default_factory=dict)
    agenda: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    format: int = FORMAT

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data = json.loads(text)
        data["items"] = [ItemRecord(**i) for i in data.get("items", [])]
        data["inputs"] = [FileRecord(**f) for f in data.get("inputs", [])]
        data["outputs"] = [FileRecord(**f) for f in data.get("outputs", [])]
        data.setdefault("format", FLAT)
        return cls(**data)

    @property
    def has_public(self) -> bool:
        """Whether the issue has a public edition (a supplement whose every change is
        restricted has none, so that the public is not told something changed)."""
        return "public" in self.editions

    @property
    def public_number(self) -> int:
        """The issue's number among the issues with a public edition."""
        return self.public_issue or self.issue

    def item(self, item_id: str) -> ItemRecord | None:
        return next((i for i in self.items if i.id == item_id), None)

    def public(self) -> PublicManifest:
        """The public manifest of this issue: nothing but what the public may see."""
        prefix = f"{ISSUED_PUBLIC}/"
        return PublicManifest(
            issue=self.public_number, kind=self.kind, time=self.time,
            boardpack_version=self.boardpack_version, meeting=dict(self.meeting),
            supplement=self.public_supplement or self.supplement,
            since_issue=self.public_since_issue or self.since_issue,
            outputs=[dataclasses.replace(o, path=o.path.removeprefix(prefix))
                     for o in self.outputs if o.path.startswith(prefix)],
            details=dict(self.details), agenda=list(self.agenda),
            decisions=list(self.decisions))


@dataclass
class PublicManifest(Issued):
    """``public/manifest.json``: an issue as the public may see it."""

    meeting: dict[str, str]
    supplement: int | None = None
    since_issue: int | None = None
    outputs: list[FileRecord] = field(default_factory=list)  # paths in the public folder
    details: dict[str, Any] = field(default_factory=dict)  # empty in issues made before
    agenda: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    format: int = FORMAT

    @classmethod
    def from_json(cls, text: str) -> PublicManifest:
        data = json.loads(text)
        data["outputs"] = [FileRecord(**f) for f in data.get("outputs", [])]
        return cls(**data)


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def record(path: Path, relative: str, **extra: Any) -> FileRecord:
    return FileRecord(relative, sha256_file(path), path.stat().st_size, **extra)


def pack_inputs(root: Path) -> list[FileRecord]:
    """Every input file of the pack: all regular files but what is not content
    (``NOT_CONTENT`` at the top; hidden files and folders anywhere)."""
    records = []
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        skip = NOT_CONTENT if here == root else set()
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in skip)
        for name in sorted(files):
            path = here / name
            if name.startswith((".", "~$")) or not path.is_file() or path.is_symlink():
                continue
            records.append(record(path, path.relative_to(root).as_posix()))
    return records


def issued_dir(root: Path) -> Path:
    return root / ISSUED_FOLDER


def issue_numbers(root: Path) -> list[int]:
    """The numbers of the issues made so far, in order."""
    folder = issued_dir(root)
    if not folder.is_dir():
        return []
    return sorted(int(p.name) for p in folder.iterdir()
                  if p.is_dir() and p.name.isdigit() and not p.name.startswith("0"))


def manifest_file(number: int, folder: Path | None = None) -> str:
    """Where issue ``number``'s full manifest is, relative to the pack: in ``internal/``,
    or beside the editions in an issue of the first format (given its ``folder``)."""
    inner = f"{ISSUED_FOLDER}/{number}/{ISSUED_INTERNAL}/{MANIFEST_FILE}"
    if (folder is not None and not (folder / ISSUED_INTERNAL).is_dir()
            and (folder / MANIFEST_FILE).exists()):
        return f"{ISSUED_FOLDER}/{number}/{MANIFEST_FILE}"
    return inner


def read(root: Path, number: int) -> Manifest:
    """The manifest of issue ``number``; a BoardpackError if it is missing or damaged."""
    relative = manifest_file(number, issued_dir(root) / str(number))
    path = root / relative
    try:
        return Manifest.from_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BoardpackError(Problem("the issue has no manifest", pack=root.name, file=relative,
                                     hint="this folder was not made by boardpack publish"
                                     )) from None
    except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError) as exc:
        raise BoardpackError(Problem(f"the manifest cannot be read ({type(exc).__name__})",
                                     pack=root.name, file=relative,
                                     hint="it has been damaged or edited by hand")) from None


PAPERS = ("pack", "supplement")  # the kinds of issue that carry the papers


def latest(root: Path, kinds: tuple[str, ...] = PAPERS) -> Manifest | None:
    """The manifest of the most recent issue of the papers (or of ``kinds``), or None
    before the first (an issue of the minutes carries no papers)."""
    for number in reversed(issue_numbers(root)):
        made = read(root, number)
        if made.kind in kinds:
            return made
    return None


def first_issued(root: Path) -> dt.date | None:
    """The local date the pack was first issued with ``boardpack publish``, if it was
    (and its manifests can be read)."""
    try:
        for number in issue_numbers(root):
            made = read(root, number)
            if made.kind == "pack":
                return dt.datetime.fromisoformat(made.time).astimezone().date()
    except BoardpackError:
        return None  # a damaged manifest: ``verify`` and ``publish`` report it
    return None


def manifest_digest(root: Path, number: int) -> str:
    return sha256_file(root / manifest_file(number, issued_dir(root) / str(number)))


@dataclass
class Verified:
    """What ``verify`` looked at and what it found wrong."""

    issues: list[int] = field(default_factory=list)
    files: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.issues) and not self.problems

    def summary(self, pack: str) -> str:
        """The one line that says all is well, or how many problems were found."""
        issues = ", ".join(str(n) for n in self.issues)
        if self.ok:
            return (f"{pack}: {self.files} issued file(s) in issue(s) {issues} match their "
                    "manifests")
        return f"{pack}: verify found {len(self.problems)} problem(s) in the issued files"


def verify(root: Path) -> Verified:
    """Check every issued file against its manifest, and each manifest against the next."""
    result = Verified(issues=issue_numbers(root))
    if not result.issues:
        result.problems.append(Problem("nothing has been issued yet, so there is nothing to "
                                       "verify", pack=root.name,
                                       hint="issue the pack with: boardpack publish " + str(root)))
        return result
    for missing in sorted(set(range(1, result.issues[-1])) - set(result.issues)):
        result.problems.append(Problem(f"issue {missing} is missing", pack=root.name,
                                       file=f"{ISSUED_FOLDER}/{missing}",
                                       hint="restore the folder from a backup"))
    previous_digest = ""
    for number in result.issues:
        try:
            manifest = read(root, number)
        except BoardpackError as exc:
            result.problems += exc.problems
            previous_digest = ""
            continue
        folder = issued_dir(root) / str(number)
        if previous_digest and manifest.previous_manifest != previous_digest:
            before = issued_dir(root) / str(number - 1)
            result.problems.append(Problem(
                f"the manifest of issue {number - 1} has changed since issue {number} was made",
                pack=root.name, file=manifest_file(number - 1, before)))
        result.problems += _check_outputs(root, folder, manifest)
        result.files += len(manifest.outputs)
        previous_digest = manifest_digest(root, number) if number + 1 in result.issues else ""
    return result


def _check_outputs(root: Path, folder: Path, manifest: Manifest) -> list[Problem]:
    problems = []
    rel = f"{ISSUED_FOLDER}/{manifest.issue}"
    own = manifest_file(manifest.issue, folder).removeprefix(f"{rel}/")
    listed = {f.path for f in manifest.outputs} | {own}
    for output in manifest.outputs:
        problems += _check_file(root, folder / output.path, f"{rel}/{output.path}",
                                output.sha256, manifest.issue)
    if manifest.format >= FORMAT and manifest.has_public:
        listed.add(f"{ISSUED_PUBLIC}/{MANIFEST_FILE}")
        problems += _check_public(root, folder, manifest)
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and relative not in listed:
            problems.append(Problem(f"was not part of issue {manifest.issue}", pack=root.name,
                                    file=f"{rel}/{relative}", hint="remove it"))
    return problems


def _check_file(root: Path, path: Path, relative: str, expected: str, issue: int
                ) -> list[Problem]:
    if not path.is_file():
        return [Problem("is missing from the issue", pack=root.name, file=relative)]
    if sha256_file(path) != expected:
        return [Problem(f"has changed since it was issued (issue {issue})", pack=root.name,
                        file=relative, hint="restore it from a backup; do not reissue it")]
    return []


def _check_public(root: Path, folder: Path, manifest: Manifest) -> list[Problem]:
    """The public manifest is the one the full manifest recorded, and says what it says."""
    relative = f"{ISSUED_FOLDER}/{manifest.issue}/{ISSUED_PUBLIC}/{MANIFEST_FILE}"
    problems = _check_file(root, folder / ISSUED_PUBLIC / MANIFEST_FILE, relative,
                           manifest.public_manifest, manifest.issue)
    if problems:
        return problems
    try:
        text = (folder / ISSUED_PUBLIC / MANIFEST_FILE).read_text("utf-8")
        shown = PublicManifest.from_json(text)
    except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError) as exc:
        return [Problem(f"the public manifest cannot be read ({type(exc).__name__})",
                        pack=root.name, file=relative)]
    if shown != manifest.public():
        return [Problem("the public manifest does not match the full manifest", pack=root.name,
                        file=relative, hint="restore the issue from a backup")]
    return []
