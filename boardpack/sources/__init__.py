"""The source layer: one module per input kind turns a file's bytes into Pandoc blocks.

A source module (``boardpack.sources.<kind>``) defines::

    KIND = "md"                       # the name used in pack.toml's ``kind``
    EXTENSIONS = ENDINGS[KIND]        # file endings it reads
    VERSION = 1                       # bump to invalidate cached conversions
    def convert(data: bytes, ctx: Context) -> Converted: ...

and, if what it makes for the PDF pack alone (``ctx.pdf_only``) is less than for the
others, ``PDF_ONLY_DIFFERS = True`` (such conversions are cached apart).

``ENDINGS`` below names every kind and the file endings it reads, so that loading a
pack (which checks each file's kind) imports no reader; a module is imported when
its kind is first converted. A test checks the table against the modules.
Conversion must be a pure function of the bytes, ``ctx.options`` and any file
read through ``ctx.read`` (recorded as a dependency), so that it can be cached.
"""

from __future__ import annotations

import hashlib
import importlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from boardpack.files import inside, read_bytes
from boardpack.model import Limits
from boardpack.problems import BoardpackError, Level, Problem

if TYPE_CHECKING:
    from boardpack.sources.pdf.worker import KeptReaders


@dataclass
class Converted:
    """What a source module makes of one file."""

    blocks: list[dict[str, Any]]
    media: dict[str, bytes] = field(default_factory=dict)
    notes: list[Problem] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    deps: dict[str, str] = field(default_factory=dict)


@dataclass
class Context:
    """What a source module may know besides the file's bytes."""

    pack_root: Path
    pack: str
    item: str
    file: str
    options: dict[str, Any] = field(default_factory=dict)
    limits: Limits = field(default_factory=Limits)
    media: dict[str, bytes] = field(default_factory=dict)
    notes: list[Problem] = field(default_factory=list)
    deps: dict[str, str] = field(default_factory=dict)
    pdf_only: bool = False  # only the PDF pack is made: leave out what only HTML shows
    pdf_readers: KeptReaders | None = None  # kept PDF workers of this run, if any

    def error(self, message: str, hint: str = "") -> BoardpackError:
        """An error about this file, to raise."""
        return BoardpackError(Problem(message, pack=self.pack, item=self.item, file=self.file,
                                      hint=hint))

    def warn(self, message: str, hint: str = "", level: Level = Level.WARNING) -> None:
        """Record a warning about this file; ``check`` shows it, the build goes on."""
        self.notes.append(Problem(message, pack=self.pack, item=self.item, file=self.file,
                                  hint=hint, level=level))

    def add_media(self, data: bytes, extension: str) -> str:
        """Store an image or attachment; returns the path to use in the AST."""
        extension = extension.lower().lstrip(".") or "bin"
        name = f"media/{hashlib.sha256(data).hexdigest()[:32]}.{extension}"
        self.media[name] = data
        return name

    def read(self, relative: str) -> bytes:
        """Read another file of the pack (e.g. an image a Markdown report shows)."""
        path = inside(self.pack_root, relative, pack=self.pack, item=self.item)
        data = read_bytes(path, limit=self.limits.max_file_bytes, pack=self.pack,
                          item=self.item, file=relative)
        self.deps[relative] = hashlib.sha256(data).hexdigest()
        return data

    def result(self, blocks: list[dict[str, Any]], **meta: Any) -> Converted:
        return Converted(blocks=blocks, media=dict(self.media), notes=list(self.notes),
                         meta=meta, deps=dict(self.deps))


# Every input kind (its module's name) and the file endings it reads; an Ofsted letter
# is never guessed from a name: it is marked, or recognised in a PDF or Word file.
ENDINGS: dict[str, tuple[str, ...]] = {
    "md": (".md", ".markdown", ".txt"),
    "docx": (".docx",),
    "pdf": (".pdf",),
    "xlsx": (".xlsx", ".xlsm"),
    "letter": (),
}


def modules() -> dict[str, ModuleType]:
    """Every source module, by kind (all imported)."""
    return {kind: module(kind) for kind in ENDINGS}


def kinds() -> tuple[str, ...]:
    return tuple(sorted(ENDINGS))


def kind_for(path: str) -> str | None:
    """The kind a file's ending suggests, or None if no module reads it."""
    suffix = Path(path).suffix.lower()
    return next((kind for kind, endings in ENDINGS.items() if suffix in endings), None)


@cache
def module(kind: str) -> ModuleType:
    """The source module of ``kind`` (KeyError for a kind there is none of)."""
    if kind not in ENDINGS:
        raise KeyError(kind)
    return importlib.import_module(f"{__name__}.{kind}")
