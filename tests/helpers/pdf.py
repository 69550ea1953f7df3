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

