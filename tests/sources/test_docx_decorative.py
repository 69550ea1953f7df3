"""A Word picture marked "decorative" (Word: View Alt Text > Mark as decorative) needs no
alt text: no warning, and the PDF marks it as an artifact instead of a figure."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import DEMO
from helpers.tagged import tree

from boardpack.pipeline.build import build
from boardpack.pipeline.check import check

# What Word 365 writes inside a picture's <wp:docPr> when it is marked decorative.
MARK = ('<a:extLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
        '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/'
        'decorative" val="1"/></a:ext></a:extLst>')


def word_file(*, decorative: bool) -> bytes:
    """The demo's Word report with its one picture's description taken away, and the
    picture marked decorative or not."""
    source = zipfile.ZipFile(DEMO / "reports" / "improvement-plan.docx")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                text, count = re.subn(r'(<wp:docPr[^>]*?) descr="[^"]*"([^>]*?)\s*/>',
                                      (r"\1\2>" + MARK + "</wp:docPr>") if decorative
                                      else r"\1\2/>", text)
                assert count == 1
                data = text.encode("utf-8")
            target.writestr(info, data)
    return out.getvalue()


ITEM = """
    [[item]]
    id = "plan"
    title = "Improvement plan"
    purpose = "decision"
    files = ["reports/plan.docx"]
    """


@pytest.mark.parametrize("decorative", [True, False], ids=["decorative", "undescribed"])
def test_a_decorative_word_picture_needs_no_alt_text(make_pack: Callable[..., Path],
                                                      decorative: bool) -> None:
    root = make_pack(ITEM, files={"reports/plan.docx": word_file(decorative=decorative)})
    warned = [p for p in check(root).problems if "alt text" in p.message]
    assert bool(warned) is not decorative
    result = build(root, formats=["pdf"])
    assert result.ok, [str(p) for p in result.problems]
    figures = tree(root / "build" / "members.pdf").find("/Figure")
    if decorative:
        assert figures == []  # an artifact: nothing for a screen reader to stop at
    else:  # still a figure, whose alt text is its caption
        assert [f.alt for f in figures] == [
            "Figure 1: agency social workers as a percentage of social work posts, by quarter"]
