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

from boardpack.layout import MINUTES_FORMATS, minutes_output
from boardpack.meeting.minutes import body
from boardpack.model import EDITIONS, Edition, Pack
from boardpack.pandoc import ast
from boardpack.pipeline.assemble import metadata
from boardpack.pipeline.build import Output, render_editions
from boardpack.pipeline.progress import OnEvent
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
