"""What tests share that is not a fixture: where things are, readers of PDFs, a
meeting's TOML. Import it as ``from helpers import …`` (``tests/`` is on the path)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pypdf

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
DATA = TESTS / "data"
DEMO = ROOT / "packs" / "corporate-parenting-board-2027-01-20"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"

# Two items: one open to the public, one exempt (Part B), with a report each.
OPEN_AND_EXEMPT = """
[[item]]
id = "alpha"
title = "Alpha report"
purpose = "information"
files = ["reports/alpha.md"]

[[item]]
id = "secret"
title = "Contract award"
purpose = "decision"
files = ["reports/secret.md"]
exempt = 3
"""

MEETING = """\
[meeting]
authority = "Testshire County Council"
committee = "Test Committee"
date = 2027-03-17
time = "10:30"
venue = "Room 1"
members = ["Councillor A", "Councillor B"]
clerk = { name = "Clerk", email = "clerk@example.org", phone = "01632 000000" }
"""
# The same meeting as the Executive, whose committee template marks an executive body.
EXECUTIVE = MEETING.replace('committee = "Test Committee"', 'committee = "Executive"') + \
    'template = "executive"\n'


def pdf_pages(path: Path) -> list[str]:
    """The text of each page of a PDF, as an independent reader (pypdf) extracts it."""
    return [page.extract_text() or "" for page in pypdf.PdfReader(path).pages]


def pdf_text(path: Path) -> str:
    return "\n".join(pdf_pages(path))


def pdf_outline(path: Path) -> list[tuple[str, int, int]]:
    """(title, 1-based page, depth) of every bookmark."""
    reader = pypdf.PdfReader(path)
    out: list[tuple[str, int, int]] = []

    def visit(entries: list, depth: int) -> None:
        for entry in entries:
            if isinstance(entry, list):
                visit(entry, depth + 1)
            else:
                out.append((entry.title, reader.get_destination_page_number(entry) + 1, depth))

    visit(reader.outline, 0)
    return out


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write each file (text as UTF-8) under ``root``, making folders; returns ``root``."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def built_demo(base: Path, formats: list[str]) -> Path:
    """A copy of the demo pack under ``base`` (no build output), built in ``formats``."""
    import shutil

    from boardpack.pipeline.build import build

    root = base / DEMO.name
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns("build", ".history", "issued"))
    result = build(root, formats=formats)
    assert result.ok, [str(p) for p in result.problems]
    return root


def png(width: int = 40, height: int = 20, shade: int = 90) -> bytes:
    """A small grey PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    rows = b"".join(b"\x00" + bytes([shade]) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0,
                                                               0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
