"""Editions (Part B kept out of the public pack) and Markdown reports rendered in full."""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

import pypdf
import pytest
from helpers import pdf_outline, pdf_text

from boardpack.pipeline.build import build


def png(width: int = 8, height: int = 8) -> bytes:
    """A small valid PNG (solid blue), made without an imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x1d\x4f\x91" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


PNG = png()
ITEMS = """
[[item]]
id = "open-report"
title = "Open report"
presenter = "Director of Children's Services"
files = ["reports/open.md"]

[[item]]
id = "secret-contract"
title = "Contract award"
presenter = "Head of Commissioning"
purpose = "decision"
exempt = 3
files = ["reports/secret.md", "reports/secret-appendix-ZQ7.md"]

[[item]]
id = "later-report"
title = "Later open report"
files = ["reports/later.md"]
"""
OPEN = """
# Background

Open text with a footnote.[^1] See [the website](https://example.org).

## Detail

| Column A | Column B |
|----------|---------:|
| apple    | 1        |
| pear     | 2        |

- first bullet
- second bullet

1. numbered one
2. numbered two

![A small chart of placements](chart.png)

[^1]: The footnote text OPENFOOTNOTE.
"""


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("editions") / "p"
    root.mkdir()
    from helpers import MEETING

    (root / "pack.toml").write_text(MEETING + ITEMS, encoding="utf-8")
    reports = root / "reports"
    reports.mkdir()
    (reports / "open.md").write_text(OPEN, encoding="utf-8")
    (reports / "chart.png").write_bytes(PNG)
    (reports / "secret.md").write_text(
        "# Bids\n\nMARKER-SECRET-1 bidder prices.\n\n![MARKER-SECRET-ALT](chart.png)\n",
        encoding="utf-8")
    (reports / "secret-appendix-ZQ7.md").write_text("MARKER-SECRET-2 appendix.\n",
                                                    encoding="utf-8")
    (reports / "later.md").write_text("Later text.\n", encoding="utf-8")
    result = build(root)
    assert result.ok, [str(p) for p in result.problems]
    return root


MARKERS = ("MARKER-SECRET-1", "MARKER-SECRET-2", "MARKER-SECRET-ALT", "ZQ7")


def raw_pdf(path: Path) -> str:
    """Everything a PDF holds as text: extracted text, metadata, outline, decoded streams."""
    reader = pypdf.PdfReader(path)
    parts = [pdf_text(path), repr(reader.metadata), repr(pdf_outline(path))]
    for page in reader.pages:
        contents = page.get_contents()
        if contents is not None:
            parts.append(contents.get_data().decode("latin-1"))
    return "\n".join(parts)


@pytest.mark.parametrize("marker", MARKERS)
def test_part_b_content_absent_from_public_present_in_members(pack: Path, marker: str) -> None:
    build_dir = pack / "build"
    assert marker not in (build_dir / "public.html").read_text(encoding="utf-8")
    assert marker not in raw_pdf(build_dir / "public.pdf")
    members = (build_dir / "members.html").read_text(encoding="utf-8") + pdf_text(
        build_dir / "members.pdf")
    if marker != "ZQ7":  # a file name: shown in members' headings as "Appendix A: …"
        assert marker in members
    else:
        assert "ZQ7" in members


def test_public_shows_title_and_statutory_notice_after_part_a(pack: Path) -> None:
    text = " ".join(pdf_text(pack / "build" / "public.pdf").split())
    assert "Contract award" in text
    assert ("not for publication by virtue of paragraph 3 of Part 1 of Schedule 12A to the "
            "Local Government Act 1972") in text
    titles = [t for t, _, _ in pdf_outline(pack / "build" / "public.pdf")]
    assert titles.index("5. Later open report") < titles.index(
        "7. Exclusion of the press and public")
    assert titles[-1] == "7. Exclusion of the press and public"  # no bookmark for Part B
    assert text.index("7. Exclusion of the press and public") < text.index("8. Contract award")
    members = [t for t, _, _ in pdf_outline(pack / "build" / "members.pdf")]
    assert members[-1] == "8. Contract award"


def test_markdown_features_survive_in_pdf_and_html(pack: Path) -> None:
    html = (pack / "build" / "members.html").read_text(encoding="utf-8")
    text = " ".join(pdf_text(pack / "build" / "members.pdf").split())
    for words in ("Background", "Detail", "apple", "pear", "first bullet", "numbered two",
                  "OPENFOOTNOTE", "the website"):
        assert words in text and words in html
    # Report headings are nested under the item's own heading (level 1).
    assert re.search(r'<h2 id="open-report--background">Background</h2>', html)
    assert re.search(r'<h3 id="open-report--detail">Detail</h3>', html)
    assert "<table" in html and "<ol" in html and "<ul" in html
    assert 'class="footnote' in html
    assert re.search(r'<img src="data:image/png;base64,[^"]+" alt="A small chart', html)
    assert 'href="https://example.org"' in html
    # The image is embedded once per use in the PDF as an image XObject.
    reader = pypdf.PdfReader(pack / "build" / "members.pdf")
    assert any(page.images for page in reader.pages)
