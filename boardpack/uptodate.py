"""Skipping a rendering already done: an output whose inputs have not changed is kept.

An output's stamp is the SHA-256 of everything its rendering reads: the edition's
complete Pandoc document (which names every picture and PDF by the hash of its bytes,
so a changed file changes the document), the format, the template files the renderer
uses, and the versions of boardpack, Pandoc, Typst and the font package. After writing
an output the build records its stamp in the pack's cache with the file's size and
modification time; a later build with the same stamp, finding the same file, leaves
it alone. Deleting the cache, or the output, or touching the output, means it is
rendered again.
"""

from __future__ import annotations

import importlib.metadata
from functools import cache as memoise
from pathlib import Path
from typing import Any

from boardpack import templates
from boardpack.cache import Cache, digest, to_json
from boardpack.fragments import Pieces

SPACE = "outputs"
TEMPLATES = {"pdf": ("render/pack.typ",), "html": ("render/pack.html", "render/pack.css")}
PACKAGES = ("boardpack", "pypandoc-binary", "typst", "fontpkg-lato", "nh3")


@memoise
def versions() -> str:
    return " ".join(f"{name} {importlib.metadata.version(name)}" for name in PACKAGES)


def document_hash(document: dict[str, Any], pieces: Pieces | None = None) -> str:
    """The hash of a whole Pandoc document: its metadata and every fragment's JSON
    (``pieces``, when the caller has them already, is the document's blocks cut up)."""
    pieces = pieces or Pieces.of(document["blocks"])
    return digest(to_json(document["meta"]), *pieces.payloads)


def stamp(document: str, fmt: str, pack_root: Path | None) -> str:
    """The stamp of rendering the document whose ``document_hash`` is ``document`` as
    ``fmt`` with the pack's templates."""
    files = [templates.find(name, pack_root).read_bytes() for name in TEMPLATES[fmt]]
    return digest(versions(), fmt, *files, document)


def _entry(target: Path) -> str:
    return digest(str(target.resolve()))


def current(cache: Cache, target: Path, expected: str) -> bool:
    """Whether ``target`` is the file a rendering with stamp ``expected`` wrote."""
    entry = cache.get(SPACE, _entry(target))
    try:
        info = target.stat()
    except OSError:
        return False
    return isinstance(entry, dict) and entry == {"stamp": expected, "size": info.st_size,
                                                 "mtime_ns": info.st_mtime_ns}


def record(cache: Cache, target: Path, written: str) -> None:
    """Remember that ``target`` was just written by a rendering with stamp ``written``."""
    info = target.stat()
    cache.put(SPACE, _entry(target), {"stamp": written, "size": info.st_size,
                                      "mtime_ns": info.st_mtime_ns})
