"""Writing the site again without rewriting what has not changed.

``SITE_MANIFEST`` in the site's folder records, for every file the last run made, the
key of what it was made from (a page: the digest of its data and of the templates; a
copied document: its sha256 in the public manifest), the sha256 of what was written
and its size. A file whose key is unchanged, and which is still there at its size, is
not made again (files are written atomically but not each flushed to disk: the site
can always be made again, and a file a crash cut short has another size); a file
made again with the same bytes is not written; a file the site no longer has is
removed. Nothing but files the site made is ever removed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from boardpack.files import atomic_write
from boardpack.problems import BoardpackError, Problem

SITE_MANIFEST = ".site-manifest.json"


def key_of(*parts: object) -> str:
    """A digest of ``parts`` (JSON-able, or dataclasses turned to text by ``repr``)."""
    text = json.dumps(parts, sort_keys=True, default=repr, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Tally:
    """What one run did to the site's files (paths relative to the site)."""

    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size if path.is_file() else None
    except OSError:
        return None


class SiteFiles:
    """The site folder's files, as the last run left them and as this run makes them."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.before = self._read_manifest()
        self.now: dict[str, dict[str, Any]] = {}
        self.tally = Tally()

    def _read_manifest(self) -> dict[str, dict[str, Any]]:
        path = self.out / SITE_MANIFEST
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError, ValueError):
            return {}  # damaged: everything is made again, and the manifest written anew
        return {k: v for k, v in data.items() if isinstance(v, dict)} if isinstance(
            data, dict) else {}

    def _fresh(self, relative: str, key: str) -> bool:
        old = self.before.get(relative)
        if old is None or old.get("key") != key or _size(self.out / relative) != old.get(
                "bytes"):
            return False
        self.now[relative] = old
        self.tally.kept.append(relative)
        return True

    def kept_group(self, folder: str, key: str) -> list[str] | None:
        """The files under ``folder`` the last run made from ``key``, kept, if there were
        any and all are still there; None if they must be made again."""
        group = [r for r, old in self.before.items()
                 if r.startswith(folder) and old.get("key") == key]
        if not group or not all(self._fresh(relative, key) for relative in group):
            return None
        return sorted(group)

    def page(self, relative: str, key: str, make: Callable[[], str | bytes]) -> None:
        """The file ``relative``, made by ``make`` unless its key is unchanged."""
        if self._fresh(relative, key):
            return
        made = make()
        data = made.encode("utf-8") if isinstance(made, str) else made
        digest = hashlib.sha256(data).hexdigest()
        self.now[relative] = {"key": key, "sha256": digest, "bytes": len(data)}
        old = self.before.get(relative, {})
        if old.get("sha256") == digest and _size(self.out / relative) == len(data):
            self.tally.kept.append(relative)
            return
        atomic_write(self._target(relative), data, durable=False)
        self.tally.written.append(relative)

    def copy(self, relative: str, source: Path, sha256: str, *, pack: str = "",
             file: str = "") -> None:
        """A copy of ``source``, whose digest must be ``sha256`` (as its manifest says)."""
        if self._fresh(relative, sha256):
            return
        target = self._target(relative)
        handle, temporary = tempfile.mkstemp(prefix=".copy-", dir=target.parent)
        os.close(handle)
        try:
            shutil.copyfile(source, temporary)
            digest = hashlib.sha256(Path(temporary).read_bytes()).hexdigest()
            if digest != sha256:
                raise BoardpackError(Problem(
                    "has changed since it was issued, so it is not put on the site", pack=pack,
                    file=file, hint="restore it from a backup (boardpack verify)"))
            os.chmod(temporary, 0o644)
            os.replace(temporary, target)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        self.now[relative] = {"key": sha256, "sha256": sha256, "bytes": target.stat().st_size}
        self.tally.written.append(relative)

    def _target(self, relative: str) -> Path:
        target = self.out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def _prune(self, folder: Path) -> None:
        """Remove ``folder`` and the folders above it that are left empty (not the site's)."""
        while folder != self.out and self.out in folder.parents and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent

    def finish(self) -> Tally:
        """Remove what the site no longer has; record what it has."""
        for relative in sorted(set(self.before) - set(self.now)):
            path = self.out / relative
            if path.is_file():
                path.unlink()
                self.tally.removed.append(relative)
                self._prune(path.parent)
        atomic_write(self.out / SITE_MANIFEST,
                     json.dumps(self.now, indent=1, sort_keys=True) + "\n")
        return self.tally
