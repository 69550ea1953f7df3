"""Notices beside the pack (decision notices, the forward plan) as PDF and HTML.

They go through the pack's own path (Pandoc AST → Typst → PDF, Pandoc → sanitised
HTML) with the same templates and house style, and are written atomically.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from boardpack.files import atomic_write
from boardpack.problems import BoardpackError, Problem

FORMATS = ("pdf", "html")


def write(documents: Sequence[tuple[Path, dict[str, Any]]], *, formats: Sequence[str] = FORMATS,
          pack_root: Path | None = None) -> list[Path]:
    """Render each ``(target without suffix, document)`` in each format; the files written."""
    written = []
    with tempfile.TemporaryDirectory(prefix="boardpack-notice-") as workspace:
        for target, doc in documents:
            for fmt in formats:
                path = target.with_name(f"{target.name}.{fmt}")
                data = render(doc, fmt, Path(workspace), pack_root)
                try:
                    atomic_write(path, data)
                except OSError as exc:
                    raise BoardpackError(Problem(
                        f"cannot write {path.name} ({exc.strerror})", file=str(path.parent),
                        hint="check the folder exists and you may write to it")) from None
                written.append(path)
    return written


def render(doc: dict[str, Any], fmt: str, workspace: Path, pack_root: Path | None) -> bytes:
    """One format of a document whose media live under ``workspace``."""
    from boardpack.render import html, pdf  # the renderers only when writing

    if fmt == "pdf":
        return pdf.render(doc, workspace, pack_root=pack_root)
    return html.render(doc, workspace, pack_root=pack_root)
