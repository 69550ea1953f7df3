"""PDF renderer: Pandoc's Typst writer for the body, our preamble, the typst wheel.

The whole pack is one Typst document, so contents page numbers, bookmarks and
"page N of M" come out right in one compile. Typst reads files only under the
workspace root, and only fonts that ship with the install are used.

The body is written fragment by fragment (``boardpack.render.fragments``: one Pandoc run
per agenda item, in parallel, cached by content), each first put right where Pandoc
3.9's writer would go wrong (``boardpack.render.typst_fixes``: images keep their alt
text). The preamble's settings are written into the source as a dictionary of escaped
string literals rather than passed as Typst's ``sys_inputs``: typst-py starts a
compiler's incremental cache afresh (and keeps the old one in memory) whenever
``sys_inputs`` are given, so a kept compiler would gain nothing from the previous build.

The source is a set of files in the workspace (``TypstSource``): the preamble with the
settings both editions share, as a module (``bp-pre-<hash>.typ``); each fragment in a
file of its own that imports it (``bp-part-<hash>.typ``, named by its text); and the
edition's main file, which applies the preamble's ``bp-pack`` styles, marks its edition
and includes its fragments. A kept compiler then lays out an item both editions show
once (``render.kept``). The public edition's main file names only the fragments of its
own document, so it can never include a members' one. A pack's own preamble that has no
``bp-pack`` is written as before, settings, preamble and body in the main file.

A pack is declared PDF/UA-1 (Typst's ``ua-1`` standard, which also checks that every
image has alt text) unless it places pages of an officer's PDF: Typst 0.15 refuses to
embed a PDF in PDF/UA mode. Either way the PDF is then finished (``pdf_finish``): the
title shown in the viewer, label/value tables given row headers.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from boardpack import templates
from boardpack.cache import Cache
from boardpack.files import atomic_write
from boardpack.pandoc.raw import typst_string
from boardpack.render import fragments, pdf_finish, typst_fixes
from boardpack.render.fragments import Block, Pieces, RenderStats
from boardpack.render.kept import KeptCompiler
from boardpack.render.typstrun import (
    Standard,
    compile_apart,
    font_paths,
    new_compiler,
)

__all__ = ["KeptCompiler", "TypstSource", "compile_pdf", "font_paths", "new_compiler",
           "prepare", "prune", "read_source", "render", "typst_source"]

WRITER_OPTIONS = ["--wrap=none"]
UA: Standard = "ua-1"
# How the renderer places a page of an officer's PDF, at the start of a line of the body
# (officer text never starts one with "#": Pandoc escapes it).
PDF_PAGE_CALL = "\n#bp-pdf-page("
SHARED_PREAMBLE = "#let bp-pack("  # a preamble that is a module with the pack's styles
PART = re.compile(r'^#include "(bp-part-[0-9a-f]+\.typ)"$', re.M)  # a main file's parts


@dataclass(frozen=True)
class TypstSource:
    """A pack's Typst source: the main file's text and the files beside it that it
    reads (by name in the workspace: the preamble module and the fragments)."""

    main: str
    parts: dict[str, str] = field(default_factory=dict)

    def texts(self) -> list[str]:
        return [self.main, *self.parts.values()]

    def write(self, main: Path) -> None:
        """Write the source, ``main`` last; a part already there is as it was written,
        since its name is its text's hash."""
        for name, text in self.parts.items():
            path = main.parent / name
            if not path.is_file():  # never torn under its name, though both editions
                atomic_write(path, text, durable=False)  # may write a shared part at once
        main.write_text(self.main, encoding="utf-8")


def settings_source(settings: dict[str, str]) -> str:
    """``#let bp-inputs = (...)``: the settings as escaped Typst string literals."""
    pairs = ", ".join(f"{typst_string(k)}: {typst_string(v)}"
                      for k, v in sorted(settings.items()))
    return f"#let bp-inputs = ({pairs or ':'})\n"


def typst_source(document: dict[str, Any], pack_root: Path | None = None, *,
                 store: Cache | None = None, stats: RenderStats | None = None,
                 pieces: Pieces | None = None) -> TypstSource:
    """The Typst source of a Pandoc document: settings, preamble, the writer's body.

    Fragments are cached in ``store`` (a throw-away folder's cache when None)."""
    preamble = templates.find("render/pack.typ", pack_root).read_text(encoding="utf-8")
    if store is None:
        with tempfile.TemporaryDirectory() as scratch:
            return typst_source(document, pack_root, store=Cache(Path(scratch)), stats=stats,
                                pieces=pieces)
    pieces = pieces or Pieces.of(document["blocks"])
    body = fragments.write_each(pieces, "typst", extra=WRITER_OPTIONS, store=store,
                                prepare=typst_fixes.lowered, stats=stats)
    settings = inputs(document)
    if SHARED_PREAMBLE not in preamble:  # a pack's own preamble of the old kind
        return TypstSource(settings_source(settings) + preamble + "\n" + "\n".join(body))
    shared = {key: value for key, value in settings.items() if key != "edition"}
    module = settings_source(shared) + preamble
    module_name = f"bp-pre-{hashlib.sha256(module.encode()).hexdigest()[:24]}.typ"
    parts = {module_name: module}
    header = f'#import "{module_name}": *\n'
    included = []  # in order, each as often as it comes (two parts may read the same)
    for texts in closed_runs(pieces.blocks, body):
        part = header + "\n".join(texts) + "\n"
        included.append(f"bp-part-{hashlib.sha256(part.encode()).hexdigest()[:32]}.typ")
        parts[included[-1]] = part
    edition = typst_string(settings.get("edition", "members"))
    main = (header + "#show: bp-pack\n" + f"#metadata({edition}) <bp-edition>\n"
            + "".join(f'#include "{name}"\n' for name in included))
    return TypstSource(main, parts)


def inputs(document: dict[str, Any]) -> dict[str, str]:
    """Plain-string settings for the preamble, from the document's metadata."""
    from boardpack.pandoc.ast import text_of

    meta = document["meta"]
    keys = {"title": "title", "committee": "committee", "date": "meeting-date",
            "authority": "authority", "edition": "edition", "colour": "house-colour",
            "accent": "house-accent", "font": "house-font", "logo": "house-logo"}
    out = {}
    for key, name in keys.items():
        value = meta.get(name)
        if value is None:
            continue
        out[key] = value["c"] if value["t"] == "MetaString" else text_of(value["c"])
    return out


def compile_pdf(source: TypstSource, workspace: Path, settings: dict[str, str], *,
                compiler: KeptCompiler | None = None, pack: str = "",
                threads: int | None = None, last: bool = True) -> bytes:
    """Compile Typst source (media under ``workspace``) to PDF bytes.

    With a kept ``compiler`` its child lays it out, reusing its memory of the last
    layouts (``last``: this is the build's last PDF). Without one it runs in a new child
    process (with at most ``threads`` threads): its memory is given back as soon as it
    ends. Either way the layout never adds to the builder's own memory.
    """
    main = workspace / f"{settings.get('edition', 'pack')}.typ"
    source.write(main)
    standard = standard_for(source)
    if compiler is None:
        data = compile_apart(main, workspace, settings, pack, threads, standard=standard)
    else:
        data = compiler.compile(main, pack, standard, last=last)
    return pdf_finish.finish(data)


def standard_for(source: TypstSource) -> Standard | None:
    """The PDF standard a pack's Typst source can be declared to meet: PDF/UA-1, unless
    it places pages of a PDF, which Typst 0.15 will not embed in PDF/UA mode."""
    return None if any(PDF_PAGE_CALL in text for text in source.texts()) else UA


def closed_runs(pieces: list[list[Block]], texts: list[str]) -> list[list[str]]:
    """The fragments' texts in runs that each close every bracket their raw blocks open
    (the front sheet's ``#bp-front-sheet[`` holds a heading, where fragments are cut):
    a file Typst includes must be whole."""
    runs: list[list[str]] = []
    depth = 0
    for piece, text in zip(pieces, texts, strict=True):
        if depth == 0:
            runs.append([])
        runs[-1].append(text)
        depth = max(0, depth + sum(brackets(block["c"][1]) for block in piece
                                   if block["t"] == "RawBlock" and block["c"][0] == "typst"))
    return runs


def brackets(raw: str) -> int:
    """How many more content brackets a raw Typst block opens than it closes (those
    inside its string literals, such as a picture's alt text, do not count)."""
    depth, quoted, escaped = 0, False, False
    for char in raw:
        if quoted:
            quoted, escaped = (escaped or char != '"'), (not escaped and char == "\\")
        elif char == '"':
            quoted = True
        elif char in "[]":
            depth += 1 if char == "[" else -1
    return depth


def read_source(main: Path) -> TypstSource:
    """The source a main file in the workspace was written from (its parts that exist)."""
    text = main.read_text(encoding="utf-8")
    parts = {}
    for name in PART.findall(text):
        with contextlib.suppress(OSError):
            parts[name] = (main.parent / name).read_text(encoding="utf-8")
    return TypstSource(text, parts)


def prune(workspace: Path) -> None:
    """Remove the parts no edition's main file in the workspace includes any more (a
    report that changed leaves its old fragment's file)."""
    wanted: set[str] = set()
    for main in workspace.glob("*.typ"):
        if not main.name.startswith("bp-"):
            with contextlib.suppress(OSError):
                text = main.read_text(encoding="utf-8")
                wanted.update(PART.findall(text))
                wanted.update(re.findall(r'^#import "(bp-pre-[0-9a-f]+\.typ)"', text, re.M))
    for path in [*workspace.glob("bp-part-*.typ"), *workspace.glob("bp-pre-*.typ")]:
        if path.name not in wanted:
            path.unlink(missing_ok=True)


def render(document: dict[str, Any], workspace: Path, *, pack_root: Path | None = None,
           compiler: KeptCompiler | None = None, stats: RenderStats | None = None) -> bytes:
    """The PDF of a Pandoc document whose media (and fragment cache) live under
    ``workspace``."""
    source, settings = prepare(document, workspace, pack_root=pack_root, stats=stats)
    name = pack_root.name if pack_root else ""
    return compile_pdf(source, workspace, settings, compiler=compiler, pack=name)


def prepare(document: dict[str, Any], workspace: Path, *, pack_root: Path | None = None,
            stats: RenderStats | None = None, pieces: Pieces | None = None
            ) -> tuple[TypstSource, dict[str, str]]:
    """The Typst source and settings of ``render``, to compile now or in the background
    (``pieces``: the document's blocks already cut into fragments, if at hand)."""
    source = typst_source(document, pack_root, store=Cache(workspace), stats=stats,
                          pieces=pieces)
    settings = inputs(document)
    if stats is not None:
        stats.compiled.append(settings.get("edition", "pack"))
    return source, settings
