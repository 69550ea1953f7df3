"""Shared fixtures: the demo pack copied to a temporary folder, small packs made
to order, PDF and HTML readers, and the shared corpus of real-world files."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "packs" / "corporate-parenting-board-2027-01-20"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


@pytest.fixture
def demo_pack(tmp_path: Path) -> Path:
    """A fresh copy of the demo pack (never the committed one), without build output."""
    target = tmp_path / DEMO.name
    shutil.copytree(DEMO, target, ignore=shutil.ignore_patterns("build", ".history", "issued"))
    return target


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


@pytest.fixture
def make_pack(tmp_path: Path) -> Callable[..., Path]:
    """make_pack(items_toml, files={"reports/x.md": "text" or bytes}, name="p") -> pack folder."""

    def make(items: str = "", files: dict[str, str | bytes] | None = None, name: str = "p",
             meeting: str = MEETING, resolutions: str | None = None) -> Path:
        root = tmp_path / name
        root.mkdir(parents=True, exist_ok=True)
        (root / "pack.toml").write_text(meeting + "\n" + textwrap.dedent(items), encoding="utf-8")
        if resolutions is not None:
            (root / "resolutions.toml").write_text(textwrap.dedent(resolutions), encoding="utf-8")
        for rel, content in (files or {}).items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(textwrap.dedent(content), encoding="utf-8")
        return root

    return make


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


@pytest.fixture
def corpus() -> Path:
    """The shared corpus of real-world files; skips where ../shared is absent."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present beside the project")
    return CORPUS
