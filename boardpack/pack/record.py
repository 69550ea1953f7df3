"""A pack as the packs beside it read it: the light record, kept in its cache.

Matters arising (the committee's earlier meetings), the register and the list of
earlier meetings read of a pack only its meeting, its agenda (the items without
their files), its committee template, its attendance and resolutions, and the
problems of ``resolutions.toml``; nothing of its reports. ``read`` gives that, the
*record*: from the pack's own cache (``build/.cache``, where nothing of another pack
goes) when the record there was made from the same bytes of ``pack.toml`` and
``resolutions.toml`` and the same committee templates, else by ``make`` (a full
``load.load``, the slow path it is tested against), stored for next time. A changed
``pack.toml``, ``resolutions.toml`` or committee template therefore makes a new
record; a changed report does not, as no record reads one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import tomllib
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache as memoise
from functools import lru_cache
from pathlib import Path
from typing import Any

from boardpack import templates
from boardpack.cache import Cache, digest, from_json, problem_from_json, problem_to_json, to_json
from boardpack.layout import PACK_FILE, RESOLUTIONS_FILE, TEMPLATES_FOLDER
from boardpack.model import Limits, Pack
from boardpack.pack import load as packfile
from boardpack.problems import BoardpackError, Level, Problem

SPACE = "records"
VERSION = "record 1"  # bump when what ``make`` keeps, or how, changes
LOADER = Path(packfile.__file__).resolve().parent  # the code that makes a record
ABSENT = b"\x00no file\x00"


@dataclass(frozen=True)
class Record:
    """What the packs beside it read of one pack.

    ``heading`` is the committee and date its ``[meeting]`` names (None when it names
    none, or ``pack.toml`` does not parse); ``pack`` is the pack with its items' files,
    house style and limits left out (None when it does not load: ``problems`` says
    why); otherwise ``problems`` are those of ``resolutions.toml``."""

    heading: tuple[str, dt.date] | None
    pack: Pack | None
    problems: tuple[Problem, ...] = ()

    @property
    def damaged(self) -> bool:
        """Whether some of its record of the meeting could not be read."""
        return self.pack is None or any(p.level is Level.ERROR for p in self.problems)


def heading(text: str) -> tuple[str, dt.date] | None:
    """The committee and date the ``[meeting]`` table of ``pack.toml``'s ``text`` names."""
    try:
        data = tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError:
        return None  # not a meeting another pack can follow: nothing in it can be read
    raw = data.get("meeting")
    if not isinstance(raw, dict):
        return None
    committee, date = raw.get("committee"), raw.get("date")
    if not isinstance(committee, str) or type(date) is not dt.date:
        return None
    return committee, date


def make(root: Path) -> Record:
    """The record of the pack in ``root``, made from a full load (the slow path)."""
    try:
        text = (root / PACK_FILE).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        text = ""
    found = heading(text)
    try:
        loaded = packfile.load(root)
    except BoardpackError as exc:
        return Record(found, None, tuple(exc.problems))
    pack = loaded.pack
    light = dataclasses.replace(pack, items=[dataclasses.replace(i, files=[])
                                             for i in pack.items],
                                house={}, limits=Limits())
    return Record(found, light, tuple(p for p in loaded.problems if p.file == RESOLUTIONS_FILE))


@dataclass(frozen=True)
class Peek:
    """A pack's heading, and the way to the rest of its record (``whole``), which is
    made into objects only when asked for."""

    heading: tuple[str, dt.date] | None
    whole: Callable[[], Record]


def slow(root: Path) -> Peek:
    """``peek`` by the slow path: the record made now by a full load."""
    made = make(root)
    return Peek(made.heading, lambda: made)


def read(root: Path) -> Record:
    """The record of the pack in ``root``: from its cache when still what ``make`` would
    give, else made and stored."""
    return peek(root).whole()


def peek(root: Path) -> Peek:
    """The heading of the pack in ``root`` and the way to its record, from its cache
    when that is still what ``make`` would give, else made and stored."""
    key = _key(root)
    if key is None:
        return slow(root)  # gone, or not readable: the load says so
    cache = Cache.for_pack(root)
    entry = _current(cache.get(SPACE, key), root)
    if entry is not None:
        return Peek(entry["heading"], lambda: _whole(entry, root))
    made = make(root)
    stored = _entry(made, root)
    if stored is not None and _revive(from_json(to_json(stored)), made.heading, root) == made:
        cache.put(SPACE, key, stored, durable=False)  # a cache: a torn file is only a miss
    return Peek(made.heading, lambda: made)


def kept(root: Path, space: str, version: str, made_of: Callable[[Record], Any]) -> Any:
    """``made_of`` the pack's record (plain JSON data), kept in the pack's cache by what
    the record is keyed by (the bytes of ``pack.toml`` and ``resolutions.toml``, the
    committee templates, the loader's code) and ``version``, which must change with
    ``made_of``'s own code (see ``code``): while it is the same, reading it costs
    neither the record nor ``made_of``."""
    key = _key(root)
    if key is None:
        return made_of(read(root))
    cache = Cache.for_pack(root)
    entry_key = digest(space, version, key)
    entry = _fresh(cache.get(space, entry_key), root)
    if entry is not None and "value" in entry:
        return entry["value"]
    found = read(root)
    value = made_of(found)
    chosen = _template(found)
    try:
        faithful = from_json(to_json(value)) == value
    except TypeError:
        faithful = False  # something JSON cannot hold: made again each time
    if faithful and _key(root) == key:  # not changed while it was made
        cache.put(space, entry_key, {"value": value, "template": chosen,
                                     "deps": _deps(root, chosen)}, durable=False)
    return value


def _key(root: Path) -> str | None:
    """The key of the record of the pack in ``root``; None if its ``pack.toml`` cannot
    be read."""
    folder = str(root)
    try:
        data = _read(os.path.join(folder, PACK_FILE))
        try:
            record = _read(os.path.join(folder, RESOLUTIONS_FILE))
        except FileNotFoundError:
            record = ABSENT
    except OSError:
        return None
    return digest(VERSION, _code(), root.name, data, record)


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _code() -> str:
    """The loader's code (``boardpack/pack``, the model): a record made by other code is
    made again."""
    return code(LOADER, LOADER.parent / "model.py")


@memoise
def code(*paths: Path) -> str:
    """Name, size and modification time of each Python file at or directly in
    ``paths`` (files, or folders): a stamp of the code that made something."""
    files = sorted(f for path in paths for f in ([path] if path.suffix else path.glob("*.py")))
    return " ".join(f"{f.name} {f.stat().st_size} {f.stat().st_mtime_ns}" for f in files)


# --- what a record depends on beyond its pack's two files: the committee templates ---


def _deps(root: Path, chosen: str) -> list[list[str]]:
    """Each place the committee template ``chosen`` (or the default, which a bad name
    falls back to) may be found, with the hash of the file there ("" where none is)."""
    out = []
    own = os.path.join(root, TEMPLATES_FOLDER, "committees")
    for name in sorted({chosen, "default"}):
        if not name.replace("-", "").replace("_", "").isalnum():
            continue  # no such template is read: the load says so
        for path in (os.path.join(own, f"{name}.toml"), *_installed(name)):
            out.append([path, _hash(path)])
    return out


@lru_cache(maxsize=64)
def _installed(name: str) -> tuple[str, ...]:
    """Where the installation's template folders (after a pack's own ``templates``) may
    hold the committee template ``name``."""
    return tuple(os.path.join(folder, "committees", f"{name}.toml")
                 for folder in templates.search_path())


def _hash(path: str) -> str:
    try:
        info = os.stat(path)
    except OSError:
        return ""
    return _hash_of(path, info.st_mtime_ns, info.st_size)


@lru_cache(maxsize=256)
def _hash_of(path: str, mtime_ns: int, size: int) -> str:
    """The SHA-256 of a template file; modification time and size key the cache."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


# --- the record as JSON ----------------------------------------------------------------


def _entry(record: Record, root: Path) -> dict[str, Any] | None:
    pack = None
    if record.pack is not None:
        pack = {f.name: getattr(record.pack, f.name) for f in dataclasses.fields(Pack)
                if f.name not in ("root", "house", "limits")}
    try:
        to_json(pack)
    except TypeError:
        return None  # something JSON cannot hold: made again each time
    chosen = _template(record)
    return {"heading": list(record.heading) if record.heading else None, "pack": pack,
            "problems": [problem_to_json(p) for p in record.problems],
            "template": chosen, "deps": _deps(root, chosen)}


def _template(record: Record) -> str:
    """The committee template a record was made with (the default when none loaded)."""
    return record.pack.meeting.template if record.pack else "default"


def _fresh(entry: Any, root: Path) -> dict[str, Any] | None:
    """``entry`` if it is a stored entry and no committee template it depends on has
    changed."""
    try:
        return entry if entry["deps"] == _deps(root, str(entry["template"])) else None
    except (TypeError, KeyError, ValueError, AttributeError, IndexError):
        return None  # none yet, or damaged: made again


def _current(entry: Any, root: Path) -> dict[str, Any] | None:
    """``entry`` (its heading as objects) if it is one and no committee template it
    depends on has changed."""
    entry = _fresh(entry, root)
    if entry is None:
        return None
    try:
        found = entry["heading"]
        return {**entry, "heading": (str(found[0]), dt.date.fromisoformat(found[1]))
                if found else None}
    except (TypeError, KeyError, ValueError, AttributeError, IndexError):
        return None  # damaged: made again


def _whole(entry: dict[str, Any], root: Path) -> Record:
    try:
        return _revive(entry, entry["heading"], root)
    except (TypeError, KeyError, ValueError, AttributeError, IndexError):
        return make(root)  # damaged: made again


def _revive(entry: dict[str, Any], heading_: tuple[str, dt.date] | None, root: Path
            ) -> Record:
    pack = None
    if entry["pack"] is not None:
        pack = revive(Pack, {**entry["pack"], "root": str(root), "house": {}, "limits": {}})
    return Record(heading_, pack, tuple(problem_from_json(p) for p in entry["problems"]))


def revive(kind: Any, value: Any) -> Any:
    """``value`` as JSON holds it, made again into the type ``kind`` (a model
    dataclass, a list, tuple or union of them, a date, a path, or plain data)."""
    return _converter(kind)(value)


Convert = Callable[[Any], Any]


def _plain(value: Any) -> Any:
    return value


@memoise
def _converter(kind: Any) -> Convert:
    """The function that makes JSON's ``value`` into ``kind`` (made once per type)."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [k for k in typing.get_args(kind) if k is not type(None)]
        inner = _converter(options[0]) if len(options) == 1 else _plain
        return lambda v: None if v is None else inner(v)
    if origin is list:
        item = _converter(typing.get_args(kind)[0])
        return _plain if item is _plain else lambda v: [item(x) for x in v]
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            each = _converter(args[0])
            return lambda v: tuple(each(x) for x in v)
        parts = [_converter(k) for k in args]
        return lambda v: tuple(f(x) for f, x in zip(parts, v, strict=True))
    if kind is dt.date:
        return dt.date.fromisoformat
    if kind is Path:
        return Path
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        return _dataclass(kind)
    return _plain


def _dataclass(kind: type) -> Convert:
    hints = typing.get_type_hints(kind)
    special = [(f.name, convert) for f in dataclasses.fields(kind)
               if (convert := _converter(hints[f.name])) is not _plain]

    def make(value: dict[str, Any]) -> Any:
        value = dict(value)
        for name, convert in special:
            if name in value:
                value[name] = convert(value[name])
        return kind(**value)

    return make
