"""An item's files: bring one in from anywhere, put them in order, give each a title.

``copy_in`` copies a file from outside the pack (``~/Downloads/report.docx``) into
``reports/`` under a name that starts with the item's id, keeps a file it replaces
in ``.history`` first, writes atomically and lists the copy under the item in
``pack.toml``. ``move_file`` and ``title_file`` change the order and the titles of
the item's files there (``{ path = …, title = … }``; the title heads the file in
the pack, e.g. "Appendix A: workforce figures"). Files dropped into ``reports/``
that pack.toml does not list yet are listed, in the order they are shown, the
first time the clerk orders or titles the item's files. Bad input raises
``BoardpackError`` in one line naming pack, item and file; nothing is written then.
"""

from __future__ import annotations

import dataclasses
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import tomlkit
from tomlkit.items import Table

from boardpack.files import atomic_write, read_bytes
from boardpack.layout import DROP_FOLDER, PACK_FILE
from boardpack.pack import edit_agenda, history, tomledit
from boardpack.pack import load as packfile
from boardpack.problems import BoardpackError, Level, Problem
from boardpack.sources import kind_for

MAX_NAME = 120
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class CopiedIn:
    """Where ``copy_in`` put a file, and where the version it replaced is kept (if any)."""

    path: str
    kept: str = ""
    copied: bool = True

    def line(self, source: str) -> str:
        """What to tell the clerk."""
        said = (f"Copied {source} to {self.path} and attached it" if self.copied
                else f"Attached {self.path}")
        return said + (f"; the earlier {PurePosixPath(self.path).name} is kept as "
                       f"{self.kept}" if self.kept else "")


def safe_name(item_id: str, name: str) -> str:
    """``<item id>-<name>``, in letters, digits, dots, dashes and underscores only.

    A name that already starts with the item's id keeps it once; the ending is
    lower-cased so that the file's kind is found.
    """
    name = PurePosixPath(name.replace("\\", "/")).name
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    stem, ext = os.path.splitext(name)
    stem = _UNSAFE.sub("-", stem).strip("-._") or "file"
    ext = _UNSAFE.sub("", ext.lower())
    if packfile.match_drop(stem, [item_id]) != item_id:
        stem = f"{item_id}-{stem}"
    return stem[:MAX_NAME - len(ext)] + ext


def copy_in(root: Path, item_id: str, source: Path | str) -> CopiedIn:
    """Copy ``source`` (a path anywhere, ``~`` allowed) into ``reports/`` and attach it.

    A file already inside the pack is attached where it is.
    """
    given = str(source)
    source = Path(source).expanduser()
    pack = packfile.load(root).pack
    if pack.item(item_id) is None:
        raise _fail(root, f"no agenda item with id '{item_id}'", item_id, PACK_FILE,
                    "reload the pack: it may have been changed elsewhere")
    data = _read(root, item_id, source, given, pack.limits.max_file_bytes)
    if source.resolve().is_relative_to(root.resolve()):  # already in the pack: list it
        rel = source.resolve().relative_to(root.resolve()).as_posix()
        edit_agenda.attach(root, item_id, rel)
        return CopiedIn(rel, copied=False)
    rel = f"{DROP_FOLDER}/{safe_name(item_id, source.name)}"
    listed = _listed_under(root, rel)
    if listed not in (None, item_id):
        raise _fail(root, f"{rel} is already a file of item '{listed}'", item_id, given,
                    "rename the file before attaching it, or detach it there first")
    target = root / rel
    kept = ""
    with tomledit.locked(root):
        if target.is_file():
            old = read_bytes(target, limit=max(pack.limits.max_file_bytes,
                                               target.stat().st_size), pack=root.name, file=rel)
            if old != data:
                kept = _keep(root, item_id, rel, old)
        atomic_write(target, data)
    if listed is None:
        edit_agenda.attach(root, item_id, rel)
    return CopiedIn(rel, kept)


def _fail(root: Path, message: str, item_id: str, file: str, hint: str = "") -> BoardpackError:
    return BoardpackError(Problem(message, pack=root.name, item=item_id, file=file, hint=hint))


def _read(root: Path, item_id: str, source: Path, given: str, limit: int) -> bytes:
    """The file's bytes, or a one-line refusal: missing, a folder, unreadable, too big,
    or a kind boardpack cannot read."""
    if not source.exists():
        raise _fail(root, "file not found", item_id, given, "check the path")
    if source.is_dir():
        raise _fail(root, "is a folder, not a file", item_id, given, "choose a file in it")
    if kind_for(source.name) is None:
        raise _fail(root, "boardpack cannot read this kind of file", item_id, given,
                    "use .md, .docx, .pdf or .xlsx")
    try:
        data = read_bytes(source, limit=limit, pack=root.name, item=item_id, file=given)
    except OSError as exc:
        raise _fail(root, f"cannot read the file ({exc.strerror or exc})", item_id, given,
                    "check its permissions") from None
    if len(data) > limit:  # it grew while being read
        raise _fail(root, f"file is over the {limit / 1e6:.0f} MB limit", item_id, given)
    return data


def _keep(root: Path, item_id: str, rel: str, old: bytes) -> str:
    """Keep the file about to be replaced in ``.history``; its kept path."""
    problems = history.keep(root, rel, old, pack=root.name, item=item_id)
    if any(p.level is Level.WARNING for p in problems):
        raise BoardpackError([dataclasses.replace(p, level=Level.ERROR, hint=p.hint
                                                  + "; nothing was replaced") for p in problems])
    return history.versions(root, rel)[0].path.relative_to(root).as_posix()


def _listed_under(root: Path, rel: str) -> str | None:
    """The item pack.toml lists ``rel`` under, if any."""
    doc = tomledit.read(root / PACK_FILE, pack=root.name)
    for table in doc.get("item", []):
        if any(path == rel for _, path in edit_agenda.entries(table)):
            return str(table.get("id"))
    return None


# --- order and titles ---------------------------------------------------------------

def move_file(root: Path, item_id: str, path: str, offset: int) -> int:
    """Move one of the item's files up (negative) or down its list; its new position."""
    shown = _shown(root, item_id, path)
    index = shown.index(path)
    target = max(0, min(index + offset, len(shown) - 1))
    if target == index:
        return index
    with tomledit.edit(root / PACK_FILE) as doc:
        files = _files(root, doc, item_id, shown)
        slots = {p: i for i, p in edit_agenda.entries_of(files)}
        step = 1 if target > index else -1
        for here in range(index, target, step):  # one swap a place, as the list shows them
            a, b = slots[shown[here]], slots[shown[here + step]]
            files[a], files[b] = files[b], files[a]
            slots[shown[here]], slots[shown[here + step]] = b, a
            shown[here], shown[here + step] = shown[here + step], shown[here]
    return target


def title_file(root: Path, item_id: str, path: str, title: str) -> None:
    """Give one of the item's files a title (an empty title takes it away)."""
    shown = _shown(root, item_id, path)
    title = " ".join(title.split())
    with tomledit.edit(root / PACK_FILE) as doc:
        files = _files(root, doc, item_id, shown)
        slot = next(i for i, p in edit_agenda.entries_of(files) if p == path)
        entry = files[slot]
        if isinstance(entry, str):
            if not title:
                return
            table = tomlkit.inline_table()
            table.update({"path": path, "title": title})
            files[slot] = table
        elif title:
            entry["title"] = title
        elif "title" in entry:
            del entry["title"]
            if list(entry) == ["path"]:
                files[slot] = path


def _shown(root: Path, item_id: str, path: str) -> list[str]:
    """The item's files in the order the pack shows them; ``path`` must be one."""
    item = packfile.load(root).pack.item(item_id)
    if item is None:
        raise _fail(root, f"no agenda item with id '{item_id}'", item_id, PACK_FILE,
                    "reload the pack: it may have been changed elsewhere")
    shown = [ref.path for ref in item.files]
    if path not in shown:
        raise _fail(root, "this file is not attached to the item", item_id, path)
    return shown


def _files(root: Path, doc: Any, item_id: str, shown: list[str]) -> Any:
    """The item's ``files`` array, with every file the pack shows for it listed."""
    table: Table = edit_agenda.item_table(root, doc, item_id)
    if "files" not in table:
        table["files"] = tomlkit.array()
    files = table["files"]
    listed = {p for _, p in edit_agenda.entries_of(files)}
    for path in shown:
        if path not in listed:  # a dropped file, shown after the listed ones
            files.append(path)
    return files
