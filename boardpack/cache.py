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

from boardpack.files import atomic_write
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

    def put_media(self, media: dict[str, bytes]) -> None:
        for name, data in media.items():
            path = self.media_path(name)
            if not path.exists():
                atomic_write(path, data)

    def has_media(self, names: list[str]) -> bool:
        return all(self.media_path(n).is_file() for n in names)


def problem_to_json(p: Problem) -> dict[str, Any]:
    return {"message": p.message, "pack": p.pack, "item": p.item, "file": p.file,
            "line": p.line, "hint": p.hint, "level": p.level.value}


def problem_from_json(d: dict[str, Any]) -> Problem:
    return Problem(d["message"], pack=d["pack"], item=d["item"], file=d["file"],
                   line=d["line"], hint=d["hint"], level=Level(d["level"]))
