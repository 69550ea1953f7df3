"""The draft minutes: ``minutes.*`` (members) and ``public-minutes.*`` as .docx, PDF, HTML.

``document`` is the minutes of one edition as a Pandoc document, made from the
record (``boardpack.meeting.minutes.body``); ``write`` renders them through the
build's render loop into ``PACK/build`` (or the folder given). Only the meeting and
its record are read, never the reports.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from boardpack.layout import MINUTES_FORMATS, RECORD_FILES, build_folder, minutes_output
from boardpack.meeting.minutes import body
from boardpack.model import EDITIONS, Edition, Pack
from boardpack.pack import load as packfile
from boardpack.pandoc import ast
from boardpack.pipeline.assemble import metadata
from boardpack.pipeline.build import Output, render_editions
from boardpack.pipeline.progress import OnEvent
from boardpack.problems import BoardpackError, Problem, errors
from boardpack.textfmt import short_date


def document(pack: Pack, edition: Edition) -> dict[str, Any]:
    """The draft minutes of ``pack`` for one edition, as a Pandoc document."""
    m = pack.meeting
    title = f"Minutes — {m.committee} — {short_date(m.date)}"
    meta = metadata(pack, edition)
    meta["title"] = ast.meta_inlines(title)
    meta["pagetitle"] = ast.meta_string(title)
    meta["edition-label"] = ast.meta_inlines(
        "Draft minutes" if edition == "members" else "Draft minutes (public)")
    blocks = [
        ast.div([ast.para(m.authority)], classes=["authority"]),
        ast.header(1, f"Minutes of the meeting of the {m.committee}", "minutes",
                   classes=["unnumbered"]),
        ast.div([ast.para([ast.strong("Draft: "), *ast.inlines(
            "these minutes are subject to approval at the next meeting.")])],
            classes=["draft-notice"]),
        *body(pack, edition),
    ]
    return ast.document(blocks, meta=meta)


def write(pack: Pack, out: Path, *, editions: Sequence[Edition] = EDITIONS,
          formats: Sequence[str] = MINUTES_FORMATS, on_event: OnEvent | None = None
          ) -> list[Path]:
    """Render the minutes of ``pack`` into ``out``; returns the files written."""
    outputs = [Output(edition, fmt, out / minutes_output(edition, fmt))
               for edition in editions for fmt in formats]
    with tempfile.TemporaryDirectory(prefix="boardpack-minutes-") as workspace:
        return render_editions(pack, lambda edition: document(pack, edition), outputs,
                               Path(workspace), on_event=on_event)


def write_draft(root: Path, out: Path | None = None, *, editions: Sequence[Edition] = EDITIONS,
                formats: Sequence[str] = MINUTES_FORMATS) -> tuple[list[Path], list[Problem]]:
    """Read the pack in ``root`` and write its draft minutes into ``out`` (``PACK/build``):
    (the files written, the problems of the meeting and its record). A report that cannot
    be read does not stop the minutes; a bad pack.toml or resolutions.toml does (nothing
    is written). Raises ``BoardpackError`` if the files cannot be written."""
    loaded = packfile.load(root)
    record = [p for p in loaded.problems if p.file in ("", *RECORD_FILES)]
    if errors(record):
        return [], record
    pack = loaded.pack
    try:
        return write(pack, out or build_folder(pack.root), editions=editions,
                     formats=formats), record
    except OSError as exc:
        raise BoardpackError(Problem(f"cannot write the minutes ({exc.strerror})",
                                     pack=pack.name, file=str(exc.filename or ""),
                                     hint="check the folder exists and you may write to it")
                             ) from None
