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

A pack is declared PDF/UA-1 (Typst's ``ua-1`` standard, which also checks that every
image has alt text) unless it places pages of an officer's PDF: Typst 0.15 refuses to
embed a PDF in PDF/UA mode. Either way the PDF is then finished (``pdf_finish``): the
title shown in the viewer, label/value tables given row headers.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from boardpack import templates
from boardpack.cache import Cache
from boardpack.pandoc.raw import typst_string
from boardpack.render import fragments, pdf_finish, typst_fixes
from boardpack.render.fragments import Pieces, RenderStats
from boardpack.render.kept import KeptCompiler
from boardpack.render.typstrun import (
    Standard,
    compile_apart,
    font_paths,
    new_compiler,
)

__all__ = ["KeptCompiler", "compile_pdf", "font_paths", "new_compiler", "prepare", "render",
           "typst_source"]

WRITER_OPTIONS = ["--wrap=none"]
UA: Standard = "ua-1"
# How the renderer places a page of an officer's PDF, at the start of a line of the body
# (officer text never starts one with "#": Pandoc escapes it).
PDF_PAGE_CALL = "\n#bp-pdf-page("


def settings_source(settings: dict[str, str]) -> str:
    """``#let bp-inputs = (...)``: the settings as escaped Typst string literals."""
    pairs = ", ".join(f"{typst_string(k)}: {typst_string(v)}"
                      for k, v in sorted(settings.items()))
    return f"#let bp-inputs = ({pairs or ':'})\n"


def typst_source(document: dict[str, Any], pack_root: Path | None = None, *,
                 store: Cache | None = None, stats: RenderStats | None = None,
                 pieces: Pieces | None = None) -> str:
    """The Typst source of a Pandoc document: settings, preamble, the writer's body.

    Fragments are cached in ``store`` (a throw-away folder's cache when None)."""
    preamble = templates.find("render/pack.typ", pack_root).read_text(encoding="utf-8")
    if store is None:
        with tempfile.TemporaryDirectory() as scratch:
            return typst_source(document, pack_root, store=Cache(Path(scratch)), stats=stats,
                                pieces=pieces)
    body = fragments.write(pieces or Pieces.of(document["blocks"]), "typst",
                           extra=WRITER_OPTIONS, store=store, prepare=typst_fixes.lowered,
                           stats=stats)
    return settings_source(inputs(document)) + preamble + "\n" + body


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


def compile_pdf(source: str, workspace: Path, settings: dict[str, str], *,
                compiler: KeptCompiler | None = None, pack: str = "",
                threads: int | None = None) -> bytes:
    """Compile Typst source (media under ``workspace``) to PDF bytes.

    With a kept ``compiler`` the edition's kept child lays it out, reusing its memory of
    the last layout of this edition (each edition keeps its own main file). Without one
    it runs in a new child process (with at most ``threads`` threads): its memory is
    given back as soon as it ends. Either way two editions can be laid out at once
    without adding up in one process.
    """
    main = workspace / f"{settings.get('edition', 'pack')}.typ"
    main.write_text(source, encoding="utf-8")
    standard = standard_for(source)
    if compiler is None:
        data = compile_apart(main, workspace, settings, pack, threads, standard=standard)
    else:
        data = compiler.compile(main, pack, standard, threads=threads)
    return pdf_finish.finish(data)


def standard_for(source: str) -> Standard | None:
    """The PDF standard a pack's Typst source can be declared to meet: PDF/UA-1, unless
    it places pages of a PDF, which Typst 0.15 will not embed in PDF/UA mode."""
    return None if PDF_PAGE_CALL in source else UA


def render(document: dict[str, Any], workspace: Path, *, pack_root: Path | None = None,
           compiler: KeptCompiler | None = None, stats: RenderStats | None = None) -> bytes:
    """The PDF of a Pandoc document whose media (and fragment cache) live under
    ``workspace``."""
    source, settings = prepare(document, workspace, pack_root=pack_root, stats=stats)
    name = pack_root.name if pack_root else ""
    return compile_pdf(source, workspace, settings, compiler=compiler, pack=name)


def prepare(document: dict[str, Any], workspace: Path, *, pack_root: Path | None = None,
            stats: RenderStats | None = None, pieces: Pieces | None = None
            ) -> tuple[str, dict[str, str]]:
    """The Typst source and settings of ``render``, to compile now or in the background
    (``pieces``: the document's blocks already cut into fragments, if at hand)."""
    source = typst_source(document, pack_root, store=Cache(workspace), stats=stats,
                          pieces=pieces)
    settings = inputs(document)
    if stats is not None:
        stats.compiled.append(settings.get("edition", "pack"))
    return source, settings
