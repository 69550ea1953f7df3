"""Watch a pack folder for changes the clerk or an officer makes outside the app.

``watch(root)`` is an async iterator of ``PackChanges``: batches of changed
files, relative to the pack, with build output, the lock file, editors'
temporary files and boardpack's own half-written saves left out.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import watchfiles

from boardpack.layout import DROP_FOLDER, NOT_CONTENT, PACK_FILE, RESOLUTIONS_FILE
from boardpack.pack.load import IGNORED_DROPS

DEBOUNCE_MS = 300


@dataclass(frozen=True)
class PackChanges:
    """Files changed (added, modified or deleted) in one batch, relative to the pack."""

    paths: frozenset[str]

    @property
    def pack_file(self) -> bool:
        return PACK_FILE in self.paths

    @property
    def resolutions(self) -> bool:
        return RESOLUTIONS_FILE in self.paths

    @property
    def drops(self) -> list[str]:
        return sorted(p for p in self.paths if p.startswith(DROP_FOLDER + "/"))


def relevant(root: Path, path: str) -> str | None:
    """The path relative to the pack if a change to it matters, else None."""
    try:
        rel = Path(path).resolve().relative_to(root.resolve())
    except ValueError:
        return None  # outside the pack
    if not rel.parts or rel.parts[0] in NOT_CONTENT:
        return None
    if IGNORED_DROPS.search(rel.name):
        return None
    return rel.as_posix()


async def watch(root: Path, *, debounce_ms: int = DEBOUNCE_MS,
                stop: asyncio.Event | None = None) -> AsyncIterator[PackChanges]:
    """Yield each batch of relevant changes under ``root`` until cancelled or ``stop``."""
    root = Path(root)

    def keep(_change: watchfiles.Change, path: str) -> bool:
        return relevant(root, path) is not None

    async for batch in watchfiles.awatch(root, watch_filter=keep, debounce=debounce_ms,
                                         step=50, stop_event=stop):
        paths = frozenset(p for _change, path in batch if (p := relevant(root, path)))
        if paths:
            yield PackChanges(paths)


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """(mtime, size) of the files a pack's screen shows: a cheap stand-in for events.

    Used as a safety net beside ``watch``: a change made before the watcher was
    ready, or on a file system that sends no events (a network share), is still
    noticed by comparing two snapshots.
    """
    found: dict[str, tuple[int, int]] = {}
    candidates = [root / PACK_FILE, root / RESOLUTIONS_FILE]
    drop = root / DROP_FOLDER
    if drop.is_dir():
        candidates += sorted(drop.iterdir())
    for path in candidates:
        rel = relevant(root, str(path))
        if rel is None:
            continue
        try:
            info = path.stat()
        except OSError:
            continue  # gone since the folder was listed: the next snapshot has it gone
        found[rel] = (info.st_mtime_ns, info.st_size)
    return found


def difference(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]
               ) -> PackChanges | None:
    """The files that differ between two snapshots, or None if none do."""
    paths = frozenset(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
    return PackChanges(paths) if paths else None
