"""A content-addressed cache of conversions, safe to delete at any time.

Keys are hashes of a source's bytes, kind, options and module version; an entry
also records the hashes of any other files the conversion read, and is a miss if
one has changed. Media are stored once under their own hash. The cache lives in
the pack's ``build/.cache`` folder, so one pack's content never reaches another's.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from boardpack.files import atomic_write, atomic_write_all
from boardpack.layout import CACHE_FOLDER
from boardpack.problems import Level, Problem


def to_json(value: Any) -> bytes:
    """Compact JSON (UTF-8), by orjson; what orjson will not write (an integer over 64
    bits, say), by the standard library."""
    with contextlib.suppress(TypeError):  # the standard library's answer follows
        return orjson.dumps(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def from_json(data: bytes | str) -> Any:
    """Parsed JSON; ValueError if it is not JSON.

    The cycle collector is paused meanwhile: parsing makes no cycles, and a large
    Pandoc document, while a build holds many, would otherwise set it off many times
    over (it took three quarters of the time of reading a pack's cached conversions).
    """
    with paused_gc():
        return orjson.loads(data)


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cycle collector for work that makes many objects and no cycles.

    Threads may overlap: the first one in that finds it running turns it back on."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\x00")
    return h.hexdigest()


@dataclass
class Cache:
    """One pack's cache folder."""

    root: Path

    @classmethod
    def for_pack(cls, pack_root: Path) -> Cache:
        return cls(pack_root / CACHE_FOLDER)

    def _entry(self, space: str, key: str) -> Path:
        return self.root / space / key[:2] / f"{key}.json"

    def get(self, space: str, key: str) -> Any:
        """The value stored under ``key``, or None if there is none (or it is damaged)."""
        path = os.path.join(self.root, space, key[:2], f"{key}.json")  # = _entry, cheaper
        try:
            with open(path, "rb") as handle:
                return from_json(handle.read())
        except (OSError, ValueError):
            return None

    def put(self, space: str, key: str, value: Any, *, durable: bool = True) -> None:
        """Store ``value``; a cache that cannot be written (a full disk, a read-only
        folder) only costs the next build its time, so that is not an error.
        ``durable=False`` skips flushing it to disk (for entries cheap to make again)."""
        with contextlib.suppress(OSError):
            atomic_write(self._entry(space, key), to_json(value), durable=durable)

    def media_path(self, name: str) -> Path:
        return self.root / name

    def media(self, name: str) -> bytes:
        """A stored picture or file (OSError if it is not stored)."""
        return self.media_path(name).read_bytes()

    def put_media(self, media: dict[str, bytes]) -> None:
        for name, data in media.items():
            path = self.media_path(name)
            if not path.exists():
                atomic_write(path, data)

    def has_media(self, names: list[str]) -> bool:
        return all(self.media_path(n).is_file() for n in names)


class StagedCache(Cache):
    """A pack's cache that writes nothing until ``commit``: what is stored meanwhile is
    held in memory and read back from there first, then from the folder.

    ``check`` uses one and never commits, so that checking leaves the pack as it was
    (the app keeps one between checks, so a file is not converted again each time);
    a build commits once its files have converted without an error, so that a build
    that stops on errors writes nothing into the pack either.
    """

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.entries: dict[tuple[str, str], bytes] = {}
        self.stored: dict[str, bytes] = {}
        self.staging = True  # False once committed: it writes through from then on

    def get(self, space: str, key: str) -> Any:
        held = self.entries.get((space, key))
        if held is None:
            return super().get(space, key)
        return from_json(held)

    def put(self, space: str, key: str, value: Any, *, durable: bool = True) -> None:
        if not self.staging:
            super().put(space, key, value, durable=durable)
            return
        self.entries[(space, key)] = to_json(value)

    def put_media(self, media: dict[str, bytes]) -> None:
        if not self.staging:
            super().put_media(media)
            return
        for name, data in media.items():
            if name not in self.stored and not self.media_path(name).exists():
                self.stored[name] = data

    def has_media(self, names: list[str]) -> bool:
        return all(n in self.stored or self.media_path(n).is_file() for n in names)

    def media(self, name: str) -> bytes:
        held = self.stored.get(name)
        return held if held is not None else super().media(name)

    def commit(self, *, media: bool = True) -> dict[str, bytes]:
        """Write what is held into the cache folder (as ``Cache`` would have), forget it,
        and write through from now on. With ``media=False`` the media not yet in the
        folder are handed back instead, for the caller to write (``write_media``) while
        it does what needs no media."""
        self.staging = False
        disk = Cache(self.root)
        with contextlib.suppress(OSError):  # an entry not written only costs time
            atomic_write_all((disk._entry(space, key), data)
                             for (space, key), data in self.entries.items())
        held = {name: data for name, data in self.stored.items()
                if not disk.media_path(name).exists()}
        self.entries.clear()
        self.stored.clear()
        if not media:
            return held
        self.write_media(held)
        return {}

    def write_media(self, media: dict[str, bytes]) -> None:
        """Write stored media into the folder at once (``commit``'s, handed back)."""
        atomic_write_all((self.media_path(name), data) for name, data in media.items())


def problem_to_json(p: Problem) -> dict[str, Any]:
    return {"message": p.message, "pack": p.pack, "item": p.item, "file": p.file,
            "line": p.line, "hint": p.hint, "level": p.level.value}


def problem_from_json(d: dict[str, Any]) -> Problem:
    return Problem(d["message"], pack=d["pack"], item=d["item"], file=d["file"],
                   line=d["line"], hint=d["hint"], level=Level(d["level"]))
