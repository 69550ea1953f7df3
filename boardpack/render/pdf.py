"""PDF renderer: Pandoc's Typst writer for the body, our preamble, the typst wheel.

The whole pack is one Typst document, so contents page numbers, bookmarks and
"page N of M" come out right in one compile. Typst reads files only under the
workspace root, and only fonts that ship with the install are used.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

import fontpkg_lato
import typst

from boardpack import pandoc, templates
from boardpack.problems import BoardpackError, Problem


@cache
def font_paths() -> tuple[str, ...]:
    """Font folders: the packaged sans-serif face (Typst adds its own built-ins)."""
    return (str(fontpkg_lato.ROOT / "files"),)


def new_compiler(workspace: Path) -> typst.Compiler:
    """A Typst compiler for one pack's workspace; keep it to compile incrementally."""
    return typst.Compiler(root=str(workspace), font_paths=list(font_paths()),
                          ignore_system_fonts=True)


def typst_source(document: dict[str, Any], pack_root: Path | None = None) -> str:
    """The Typst source of a Pandoc document: preamble plus the writer's body."""
    preamble = templates.find("render/pack.typ", pack_root).read_text(encoding="utf-8")
    body = pandoc.write(document, "typst", extra=["--wrap=none"])
    return preamble + "\n" + body


def inputs(document: dict[str, Any]) -> dict[str, str]:
    """Plain-string settings for the preamble, from the document's metadata."""
    from boardpack.ast import text_of

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
                compiler: typst.Compiler | None = None, pack: str = "") -> bytes:
    """Compile Typst source (media under ``workspace``) to PDF bytes."""
    main = workspace / f"{settings.get('edition', 'pack')}.typ"
    main.write_text(source, encoding="utf-8")
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        if compiler is None:
            compiler = new_compiler(workspace)
        result = compiler.compile(input=str(main), format="pdf", sys_inputs=settings,
                                  timestamp=stamp)
    except typst.TypstError as exc:
        raise BoardpackError(Problem(
            f"Typst could not lay out the pack: {exc.message}", pack=pack,
            hint="this is a boardpack bug if no input is to blame; please report it",
        )) from None
    except RuntimeError as exc:
        raise BoardpackError(Problem(f"Typst could not lay out the pack: {exc}", pack=pack)
                             ) from None
    assert isinstance(result, bytes)
    return result


def render(document: dict[str, Any], workspace: Path, *, pack_root: Path | None = None,
           compiler: typst.Compiler | None = None) -> bytes:
    """The PDF of a Pandoc document whose media live under ``workspace``."""
    source = typst_source(document, pack_root)
    name = pack_root.name if pack_root else ""
    return compile_pdf(source, workspace, inputs(document), compiler=compiler, pack=name)
