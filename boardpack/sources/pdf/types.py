"""What reading a PDF finds, shared by the worker and the two readers inside it.

``Page``, ``Box`` and ``Inspection`` are what the bounded worker
(``boardpack.sources.pdf.worker``) hands back; ``PdfProblem`` is why a file cannot go
into a pack; the checks and ``clean_text`` are used by both readers (PDFium in
``pdfium``, pypdf in ``scan``). This module imports nothing heavy and nothing of
boardpack's: the worker process imports it first.
"""

from __future__ import annotations

import base64
import re
from dataclasses import asdict, dataclass, field
from typing import Any

PAGE_IMAGE_PPI = 60  # readable enough beside the text, small enough to embed


class PdfProblem(Exception):
    """Why a PDF cannot go into a pack, and what to do about it."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass
class Page:
    """One page: its size as shown (points, after rotation) and its text."""

    number: int
    width: float
    height: float
    rotation: int
    text: str
    text_readable: bool = True

    @property
    def landscape(self) -> bool:
        return self.width > self.height


@dataclass
class Box:
    """A dark box over text still in the file, in PDF points from the page's lower left."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    hidden: int  # characters (glyphs) under it, or 0 for an unapplied redaction mark
    kind: str = "drawn"  # "drawn" (page content), "annotation" (a comment), "unapplied"


@dataclass
class Inspection:
    """What ``inspect`` found."""

    pages: list[Page]
    encrypted: bool = False
    boxes: list[Box] = field(default_factory=list)
    images: list[bytes] = field(default_factory=list)  # PNG of each of the first pages
    active: list[str] = field(default_factory=list)  # scripts and actions the file carries

    @property
    def has_text(self) -> bool:
        return any(page.text.strip() for page in self.pages)

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["images"] = [base64.b64encode(image).decode("ascii") for image in self.images]
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Inspection:
        return cls(pages=[Page(**p) for p in data["pages"]], encrypted=data["encrypted"],
                   boxes=[Box(**b) for b in data["boxes"]],
                   images=[base64.b64decode(i) for i in data["images"]],
                   active=data.get("active", []))


# --- opening -------------------------------------------------------------------------

DAMAGED_HINT = "open it and save or print it to a new PDF, or ask the author for a new copy"
LOCKED = ("password-protected: ask for an unprotected copy",
          "boardpack never stores passwords; the author can save a copy without a password "
          "to open it")


def check_start(data: bytes) -> None:
    """PdfProblem unless ``data`` starts like a PDF."""
    if b"%PDF-" not in data[:1024]:
        raise PdfProblem("is not a PDF file (it does not start with %PDF)",
                         "check it is the right file, or export it as PDF again")


def check_count(count: int, max_pages: int) -> None:
    """PdfProblem for a file with no pages, or more than ``max_pages``."""
    if count == 0:
        raise PdfProblem("the PDF has no pages", "export it again from the program that made it")
    if count > max_pages:
        raise PdfProblem(f"has {count:,} pages, over the limit of {max_pages:,}",
                         "split it into smaller files, or raise [limits] max_pdf_pages in "
                         "pack.toml")


def reason(exc: BaseException) -> str:
    """An exception in a few words, for a one-line message."""
    text = " ".join(str(exc).split())[:160]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# --- pages and text ------------------------------------------------------------------


def clean_text(text: str) -> str:
    """Text safe to place anywhere: no control characters but line breaks and tabs, no
    lone surrogates, lines without trailing spaces."""
    text = text.encode("utf-8", "replace").decode("utf-8")
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]", "", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")
