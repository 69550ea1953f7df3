"""An HTML comment in a Markdown report is an author's note, never meant to be printed:
it reaches no output, and ``check`` tells the clerk what it says."""

from __future__ import annotations

from pathlib import Path

from helpers import pdf_text
from helpers.contents import contents

from boardpack.cli import main
from boardpack.pipeline.build import build
from boardpack.pipeline.check import check

ITEM = '[[item]]\nid = "report"\ntitle = "Report"\nfiles = ["reports/report.md"]\n'
REPORT = """\
# Position

Before the note <!-- QZNOTEONE inline, with *emphasis* and a [link](https://x.example) -->
after the note.

<!-- QZNOTETWO a block comment

over two paragraphs, with an image ![QZNOTEIMAGE](missing.png) -->

- a list <!-- QZNOTETHREE --> item
- `<!-- kept: this is code -->`

Then an indented code block:

    <!-- kept too: an indented code block -->

Raw <b>markup</b> is still shown as typed.

[//]: # (QZNOTEREF the other way Markdown authors write a note)
"""
NOTES = ("QZNOTEONE", "QZNOTETWO", "QZNOTETHREE", "QZNOTEIMAGE", "QZNOTEREF")


def test_comments_reach_no_output(make_pack) -> None:
    root = make_pack(ITEM, {"reports/report.md": REPORT})
    result = build(root)
    assert result.ok, result.problems
    outputs = [root / "build" / f"{e}.{f}" for e in ("members", "public") for f in ("pdf", "html")]
    for path in outputs:
        found = contents(path)
        assert [n for n in NOTES if found.contains(n)] == [], path.name
        assert found.contains("after the note.") and found.contains("Before the note")
        assert found.contains("kept: this is code") and found.contains("kept too:")
    text = " ".join(pdf_text(root / "build" / "public.pdf").split())
    assert "Before the note after the note." in text and "a list item" in text
    assert "Raw <b>markup</b> is still shown as typed." in text
    # the image in a comment is never looked for
    assert not [p for p in result.problems if "missing.png" in p.message + p.file
                and "comment" not in p.message]


def test_check_shows_the_clerk_each_comment(make_pack, capsys) -> None:
    root = make_pack(ITEM, {"reports/report.md": REPORT})
    warnings = [str(p) for p in check(root).problems if "comment" in p.message]
    assert warnings[0] == (
        "warning: p: item 'report': reports/report.md: holds a comment, left out of the pack: "
        "'QZNOTEONE inline, with *emphasis* and a [link](https://x.example)' — a comment is "
        "never published; delete it once it is dealt with")
    assert "'QZNOTETWO a block comment over two paragraphs, with an image " in warnings[1]
    assert "'QZNOTETHREE'" in warnings[2] and len(warnings) == 3
    assert main(["check", str(root)]) == 0
    assert "QZNOTETWO" in capsys.readouterr().err


def test_an_unclosed_comment_is_refused(make_pack, capsys) -> None:
    root = make_pack(ITEM, {"reports/report.md": "Text <!-- QZNOTE never closed\n\nMore.\n"})
    assert main(["build", str(root)]) == 1
    err = capsys.readouterr().err
    assert ("error: p: item 'report': reports/report.md: has an HTML comment ('<!--') that is "
            "never closed") in err
    assert not (root / "build" / "public.pdf").exists()


def test_a_report_without_comments_reads_as_before(make_pack, tmp_path: Path) -> None:
    root = make_pack(ITEM, {"reports/report.md": "# Position\n\nArrows --> and <-- stay.\n"})
    assert build(root, formats=["html"]).ok
    assert "Arrows –&gt; and &lt;– stay." in (root / "build" / "public.html").read_text()
