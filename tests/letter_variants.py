"""The test letters as Word files and PDFs, made at run time from their Markdown.

The Markdown letters beside this file were written for boardpack's tests in the
structure of real Ofsted letters and reports (see ../shared/corpus/text/). A
letter's PDF is laid out by Typst with a running footer and page numbers, so its
extracted text has the line wraps, "•" bullets and repeated lines of a real one.
"""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

import pypdf
import typst

from boardpack.pandoc import run as pandoc
from boardpack.sources import md

FOLDER = Path(__file__).resolve().parent / "data" / "letters"
NAMES = ("monitoring_visit", "monitoring_visit_untitled", "focused_visit", "ilacs_inspection",
         "sif_inspection", "sif_reinspection", "jtai_letter", "jtai_letter_2017")
PREAMBLE = """\
#let footer-text = {footer}
#set page(paper: "a4", margin: (x: 3.2cm, y: 2.5cm), footer: context [
  #set text(size: 8pt)
  #footer-text #h(1fr) #counter(page).display("1 of 1", both: true)])
#set text(size: 11pt)
#let horizontalrule = line(length: 100%)
"""


def markdown(name: str) -> bytes:
    return (FOLDER / f"{name}.md").read_bytes()


def docx(source: bytes) -> bytes:
    """A Word file of a Markdown letter, written by Pandoc."""
    return pandoc.run(["-f", md.FORMAT, "-t", "docx", "-o", "-"], source)


def pdf(source: bytes, footer: str = "Ofsted letter") -> bytes:
    """A PDF of a Markdown letter, laid out by Typst with a footer on every page."""
    body = pandoc.write(pandoc.read(source, md.FORMAT), "typst")
    with tempfile.TemporaryDirectory() as folder:
        main = Path(folder) / "letter.typ"
        main.write_text(PREAMBLE.format(footer=json.dumps(footer, ensure_ascii=False)) + body,
                        encoding="utf-8")
        return typst.compile(str(main), root=folder)


def pdf_text(data: bytes, name: str = "letter.pdf") -> str:
    """A PDF's text as boardpack's pdf source reads it (page by page), for the letter
    reader."""
    from boardpack.sources import Context, letter, module

    ctx = Context(pack_root=Path(tempfile.gettempdir()), pack="p", item="i", file=name)
    return letter.plain_text(module("pdf").convert(data, ctx).blocks)


def pdf_extract(data: bytes) -> str:
    """A PDF's text as pypdf extracts it, page after page."""
    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(data)).pages)
