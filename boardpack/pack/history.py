"""Kept versions of a pack's input files, so a report dropped again never loses the old one.

Each time a build or check reads an input, ``keep`` compares its bytes with the
last version kept for that path and, if they differ, keeps a copy as
``PACK/.history/<path>/<UTC time>-<first 8 of sha256><ext>``. The copy is written
atomically and never changed afterwards; content already kept for the path is
linked, not stored again. ``.history`` lies outside ``build/`` and ``reports/``,
so no renderer reads it and it is never attached to an item.

Given the pack's cache, ``keep`` remembers the full SHA-256 of each copy it has
compared or written (with the copy's size and modification time), so that a file
read again unchanged is not compared byte for byte with its kept copy each time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from boardpack.cache import Cache, digest
from boardpack.files import atomic_write_all
from boardpack.layout import HISTORY_FOLDER
from boardpack.problems import Level, Problem

SPACE = "history"  # the cache's index of kept copies' full hashes
_NAME = re.compile(r"^(?P<stamp>\d{8}T\d{6}\.\d{6}Z)-(?P<sha>[0-9a-f]{8})(?P<ext>\.[^/]*)?$")


@dataclass(frozen=True)
class Version:
    """One kept version of an input file."""

    path: Path
    taken: dt.datetime
    sha8: str
    size: int
    mtime_ns: int = 0

    def read_bytes(self) -> bytes:
        return self.path.read_bytes()


def folder(pack_root: Path, rel_path: str) -> Path:
    """Where the versions of ``rel_path`` are kept (always inside ``.history``)."""
    parts = posixpath.normpath(rel_path.replace("\\", "/")).split("/")
    return pack_root.joinpath(HISTORY_FOLDER, *[p for p in parts if p not in ("", ".", "..")])


def versions(pack_root: Path, rel_path: str) -> list[Version]:
    """The kept versions of ``rel_path``, newest first."""
    place = folder(pack_root, rel_path)
    if not place.is_dir():
        return []
    found = []
    for entry in place.iterdir():
        match = _NAME.match(entry.name)
        if match and entry.is_file():
            taken = dt.datetime.strptime(match["stamp"], "%Y%m%dT%H%M%S.%fZ").replace(tzinfo=dt.UTC)
            info = entry.stat()
            found.append(Version(entry, taken, match["sha"], info.st_size, info.st_mtime_ns))
    return sorted(found, key=lambda v: v.path.name, reverse=True)


def keep(pack_root: Path, rel_path: str, data: bytes, *, pack: str = "", item: str = "",
         now: dt.datetime | None = None, cache: Cache | None = None) -> list[Problem]:
    """Keep ``data`` as the newest version of ``rel_path`` unless it already is.

    Returns an information line when the file replaces an earlier version, or a
    warning if the copy could not be kept; never raises for a file system error.
    ``cache`` (the pack's) spares re-reading kept copies already compared once.
    """
    return keep_all(pack_root, [(item, rel_path, data)], pack=pack, now=now, cache=cache)


@dataclass(frozen=True)
class _Copy:
    """A version to be kept by writing a new copy."""

    item: str
    rel_path: str
    target: Path
    data: bytes
    sha: str
    previous: Version | None


def keep_all(pack_root: Path, files: Iterable[tuple[str, str, bytes]], *, pack: str = "",
             now: dt.datetime | None = None, cache: Cache | None = None) -> list[Problem]:
    """``keep`` of each (item id, path, bytes), the new copies written and flushed to disk
    together (``files.atomic_write_all``: a journal commit shared, not one each). The
    notes come in the order of ``files``."""
    notes: list[list[Problem]] = []
    copies: list[tuple[int, _Copy]] = []
    for item, rel_path, data in files:
        notes.append([])
        sha = hashlib.sha256(data).hexdigest()
        try:
            kept = versions(pack_root, rel_path)
            if kept and _same(kept[0], sha, data, cache):
                continue
            stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
            target = folder(pack_root, rel_path) / (
                f"{stamp:%Y%m%dT%H%M%S.%fZ}-{sha[:8]}{PurePosixPath(rel_path).suffix.lower()}")
            copy = _Copy(item, rel_path, target, data, sha, kept[0] if kept else None)
            earlier = next((v for v in kept if _same(v, sha, data, cache)), None)
            if earlier is not None and _link(earlier.path, target):
                _remember(cache, target, sha)
                notes[-1] += _replaced(pack_root, copy, pack)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)  # its own warning if not
                copies.append((len(notes) - 1, copy))
        except OSError as exc:
            notes[-1].append(_not_kept(exc, pack, item, rel_path))
    failed: OSError | None = None
    try:
        atomic_write_all([(copy.target, copy.data) for _, copy in copies])
    except OSError as exc:  # the copies renamed before it are kept
        failed = exc
    for index, copy in copies:
        problem = failed if failed is not None and not copy.target.is_file() else None
        if problem is None:
            try:
                _remember(cache, copy.target, copy.sha)
            except OSError as exc:
                problem = exc
        notes[index] += ([_not_kept(problem, pack, copy.item, copy.rel_path)]
                         if problem is not None else _replaced(pack_root, copy, pack))
    return [note for found in notes for note in found]


def _replaced(pack_root: Path, copy: _Copy, pack: str) -> list[Problem]:
    """The information line of a kept version that replaces an earlier one."""
    if copy.previous is None:
        return []
    previous = copy.previous
    return [Problem(f"replaces the version first read {previous.taken:%d %B %Y %H:%M} UTC; "
                    f"that version is kept as "
                    f"{previous.path.relative_to(pack_root).as_posix()}",
                    pack=pack, item=copy.item, file=copy.rel_path, level=Level.INFO)]


def _not_kept(exc: OSError, pack: str, item: str, rel_path: str) -> Problem:
    return Problem(f"could not keep a copy of this version in {HISTORY_FOLDER} "
                   f"({exc.strerror or exc})", pack=pack, item=item, file=rel_path,
                   level=Level.WARNING,
                   hint="check the pack folder is writable; earlier versions already "
                        "kept are safe")


def _same(version: Version, sha: str, data: bytes, cache: Cache | None) -> bool:
    """Whether the kept copy ``version`` holds ``data`` (whose SHA-256 is ``sha``)."""
    if version.sha8 != sha[:8] or version.size != len(data):
        return False
    known = cache.get(SPACE, digest(str(version.path))) if cache is not None else None
    if known == {"sha256": sha, "size": version.size, "mtime_ns": version.mtime_ns}:
        return True
    try:
        same = version.read_bytes() == data
    except OSError:
        return False  # an unreadable kept copy is no copy: keep this version again
    if same:
        _remember(cache, version.path, sha)
    return same


def _remember(cache: Cache | None, copy: Path, sha: str) -> None:
    """Note in the cache that the kept ``copy``, as it is now, has SHA-256 ``sha``."""
    if cache is not None:
        info = copy.stat()
        cache.put(SPACE, digest(str(copy)), {"sha256": sha, "size": info.st_size,
                                              "mtime_ns": info.st_mtime_ns})


def _link(source: Path, target: Path) -> bool:
    """Link an already kept copy under a new name (no second copy); False if not possible."""
    try:
        os.link(source, target)
    except OSError:
        return False
    return True
