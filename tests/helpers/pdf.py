"""Helpers shared by the pdf tests."""

from __future__ import annotations

import textwrap
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import typst


def typst_pdf(source: str) -> bytes:
    """A PDF made by Typst from ``source`` (its built-in fonts only)."""
    data = typst.compile(textwrap.dedent(source).encode("utf-8"), format="pdf")
    assert isinstance(data, bytes)
    return data


def pages_pdf(*bodies: str, page: str = 'paper: "a4"') -> bytes:
    """One page per body, each set with ``page``."""
    return typst_pdf(f"#set page({page})\n" + "\n#pagebreak()\n".join(bodies))


class Sections(HTMLParser):
    """The HTML pack's PDF page sections, and its download links."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[dict[str, Any]] = []
        self.links: list[dict[str, str | None]] = []
        self.scripts = 0
        self.depth = 0  # <section> nesting inside a PDF page section

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script":
            self.scripts += 1
        if tag == "section" and "pdf-page" in (a.get("class") or "").split():
            self.sections.append({"id": a.get("id"), "text": "", "images": []})
            self.depth = 1
        elif tag == "section" and self.depth:
            self.depth += 1
        if tag == "img" and self.depth:
            self.sections[-1]["images"].append(a)
        if tag == "a" and "pdf-download" in (a.get("class") or "").split():
            self.links.append(a)

    def handle_endtag(self, tag: str) -> None:
        if tag == "section" and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.sections[-1]["text"] += data


def html_sections(path: Path) -> Sections:
    parser = Sections()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


COVERED = pages_pdf("""
    Public sentence.

    #block[
      Secret name Jane Example lives here
      #place(top + left, dx: -2pt, dy: -3pt, rect(width: 6cm, height: 14pt, fill: black))
    ]
    """)



def overprinted_characters(path: Path, least: float = 0.3) -> list[tuple[int, str, str]]:
    """Characters of a PDF drawn over others (cells overprinting their neighbours):
    (page, character, the character under it). Neighbours in the text stream may touch
    (kerning); characters far apart in it must not share ink."""
    import pypdfium2 as pdfium

    found = []
    document = pdfium.PdfDocument(str(path))
    try:
        for number in range(len(document)):
            text = document[number].get_textpage()
            boxes = []
            for index in range(text.count_chars()):
                char = text.get_text_range(index, 1)
                left, bottom, right, top = text.get_charbox(index)
                if char.strip() and right - left > 0.2 and top - bottom > 0.2:
                    boxes.append((left, bottom, right, top, char, index))
            boxes.sort()
            for a, (left, bottom, right, top, char, i) in enumerate(boxes):
                for left2, bottom2, right2, top2, char2, j in boxes[a + 1:]:
                    if left2 >= right:
                        break
                    width = min(right, right2) - left2
                    height = min(top, top2) - max(bottom, bottom2)
                    smaller = min((right - left) * (top - bottom),
                                  (right2 - left2) * (top2 - bottom2))
                    if abs(i - j) > 3 and height > 0 and width * height > least * smaller:
                        found.append((number + 1, char, char2))
    finally:
        document.close()
    return found


def lowest_text(path: Path, pages: range, footer: str) -> float:
    """How close to the foot of the page (in points) any text but the footer's comes on
    these pages (0-based numbers): text below the bottom margin would run over the
    footer. ``footer`` is a pattern the footer's pieces of text match."""
    import re

    import pypdf

    reader = pypdf.PdfReader(path)
    lowest = 1e9
    for number in pages:
        heights: list[float] = []

        def visit(text: str, cm: list[float], tm: list[float], *_: object,
                  found: list[float] = heights) -> None:
            if text.strip() and not re.fullmatch(footer, text.strip()):
                found.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

        reader.pages[number].extract_text(visitor_text=visit)
        lowest = min([lowest, *heights])
    return lowest
