"""A pack's TOML file parsed once per version of its bytes, the tables kept in its cache.

The first screen lists every pack of a folder from its ``pack.toml``; parsing a
thousand of them costs most of a second. ``parse`` gives what
``tomlcheck.parse`` gives for the same text, from the pack's cache
(``build/.cache``) when that text was parsed before. Dates and times, which JSON
does not hold, are kept tagged; a file whose tables do not come back the same from
JSON (a NaN, an integer over 64 bits) is parsed every time.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from boardpack.cache import Cache, digest, from_json, to_json
from boardpack.pack import tomlcheck

SPACE = "toml"
VERSION = "toml 1"
TAG = "\x00toml"
TYPES: dict[str, Any] = {"datetime": dt.datetime, "date": dt.date, "time": dt.time}


def parse(root: Path, text: str, *, pack: str, file: str) -> dict[str, Any]:
    """``tomlcheck.parse(text)`` (raising as it does), kept in the cache of the pack in
    ``root``."""
    cache = Cache.for_pack(root)
    key = digest(VERSION, text)
    kept = _kept(cache.get(SPACE, key))
    if kept is not None:
        return kept
    tables = tomlcheck.parse(text, pack=pack, file=file)
    tagged = tag(tables)
    try:
        same = untag(from_json(to_json(tagged))) == tables
    except (TypeError, ValueError, KeyError):
        same = False
    if same:
        cache.put(SPACE, key, {"tables": tagged}, durable=False)
    return tables


def _kept(found: Any) -> dict[str, Any] | None:
    """The tables a cache entry holds, or None when there is none or it is damaged (the
    text is then parsed again)."""
    if not (isinstance(found, dict) and isinstance(found.get("tables"), dict)):
        return None
    try:
        tables = untag(found["tables"])
    except (TypeError, ValueError, KeyError):
        return None
    return tables if isinstance(tables, dict) else None


def tag(value: Any) -> Any:
    """``value`` with each date, time and date-time as ``{TAG: kind, "v": iso}``."""
    if isinstance(value, dict):
        return {k: tag(v) for k, v in value.items()}
    if isinstance(value, list):
        return [tag(v) for v in value]
    for name, kind in TYPES.items():  # datetime first: it is a date too
        if isinstance(value, kind):
            return {TAG: name, "v": value.isoformat()}
    return value


def untag(value: Any) -> Any:
    """What ``tag`` was given."""
    if isinstance(value, dict):
        if TAG in value:
            return TYPES[value[TAG]].fromisoformat(value["v"])
        return {k: untag(v) for k, v in value.items()}
    if isinstance(value, list):
        return [untag(v) for v in value]
    return value
