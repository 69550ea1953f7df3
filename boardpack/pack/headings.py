"""The committee and date of each pack beside one, kept while its ``pack.toml`` is the
same file.

A build asks of every pack in the folder only which committee meets when, to find
its committee's earlier meetings. ``of`` answers from an index in the building
pack's cache (``build/.cache``) holding, per sibling, the identity of its
``pack.toml`` (inode, size, modification and change times, in nanoseconds) and the
heading it gave; a sibling whose file is not the same is read again (by ``peek``,
from its record), and so is one written in the last two seconds (a file system
whose clock is coarse could change it again within the same tick).
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from boardpack.cache import Cache, digest
from boardpack.layout import PACK_FILE
from boardpack.pack.record import Peek

SPACE = "siblings"
VERSION = "headings 1"
SETTLED_NS = 2_000_000_000  # a file written more recently than this is read again

Heading = tuple[str, dt.date] | None


def of(root: Path, peek: Callable[[Path], Peek]) -> list[tuple[str, Heading]]:
    """The name and heading of each other pack in the folder holding the pack in
    ``root``, by name (``library.siblings``, each folder's ``pack.toml`` looked at
    once)."""
    here = root.resolve()
    cache = Cache.for_pack(root)
    key = digest(VERSION, str(here.parent))
    known = cache.get(SPACE, key)
    known = known if isinstance(known, dict) else {}
    now: dict[str, Any] = {}
    out = []
    settled = time.time_ns() - SETTLED_NS
    parent = str(here.parent)
    for name in _folders(parent, here.name):
        stamp = _stamp(os.path.join(parent, name, PACK_FILE))
        if stamp is None:
            continue  # not a pack (or no longer one)
        hit, heading = _known(known.get(name), stamp)
        if not hit:
            heading = peek(here.parent / name).heading
        if stamp[2] < settled and stamp[3] < settled:
            now[name] = [stamp, [heading[0], heading[1].isoformat()] if heading else None]
        out.append((name, heading))
    if now != known:
        cache.put(SPACE, key, now, durable=False)  # a cache: a torn file is only a miss
    return out


def _folders(parent: str, own: str) -> list[str]:
    """The names of the folders in ``parent`` but ``own``, sorted."""
    try:
        with os.scandir(parent) as entries:
            return sorted(e.name for e in entries if e.name != own and e.is_dir())
    except OSError:
        return []  # not a folder that can be listed: no packs beside it


def _stamp(path: str) -> list[int] | None:
    """The identity of the file at ``path``; None if it is not a file."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return [info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]


def _known(entry: Any, stamp: list[int] | None) -> tuple[bool, Heading]:
    """Whether the index holds a heading for a file with ``stamp``, and that heading."""
    try:
        if stamp is None or entry[0] != stamp:
            return False, None
        found = entry[1]
        return True, (str(found[0]), dt.date.fromisoformat(found[1])) if found else None
    except (TypeError, KeyError, IndexError, ValueError):
        return False, None  # damaged: read again
