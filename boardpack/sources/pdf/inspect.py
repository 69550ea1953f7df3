"""Reading a PDF safely: pages, sizes, text, images, encryption, damage, active content,
black boxes over text.

``inspect_bounded`` reads a PDF in a worker process with a time limit and a memory cap,
because a hostile PDF can make a reader loop or allocate without end (the corpus has an
xref loop, a cyclic outline and files that hang poppler). The worker reads the file
with PDFium (``boardpack.sources.pdf.pdfium``: page sizes, text, images of the first pages; Typst
checks it can place every page) and with pypdf only where needed
(``boardpack.sources.pdf.scan``: active content, black boxes drawn over text). It starts without
``site`` and imports only what it uses: start-up was half the cost of a short file.
This module holds what both sides share, and imports nothing heavy.

Limits: ``max_pages`` (``[limits] max_pdf_pages`` in ``pack.toml``, default 1,000)
refuses longer files; ``seconds`` (``[limits] convert_seconds``) stops the worker;
``MEMORY_MB`` caps the worker's address space (PDFium reserves none to speak of: the
worker reads a 15-page report under a cap of 128 MB). Measured on a two-core machine: a
15-page report, 0.2 CPU s in all; a 1,000-page text PDF with 20 page images, 0.8 s and
150 MB.
"""

from __future__ import annotations

import base64
import json
import re
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pypdf

MEMORY_MB = 2048
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


# --- in this process ------------------------------------------------------------------


def inspect(data: bytes, *, max_pages: int, image_pages: int = 0,
            ppi: float = PAGE_IMAGE_PPI) -> Inspection:
    """Everything the pack needs from a PDF, in this process (unbounded: for a trusted
    file); PdfProblem if it cannot be used."""
    from boardpack.sources.pdf import pdfium as pdfread

    return pdfread.inspect(data, max_pages=max_pages, image_pages=image_pages, ppi=ppi)


def fake_redactions(data: bytes, max_pages: int = 1000) -> list[Box]:
    """Dark boxes over text that is still in the file, and redaction marks never applied
    (see ``boardpack.sources.pdf.scan``); PdfProblem if the file cannot be read."""
    from boardpack.sources.pdf import pdfium as pdfread

    return pdfread.inspect(data, max_pages=max_pages).boxes


def active_content(reader: pypdf.PdfReader) -> list[str]:
    """What in a file opened by pypdf could run or reach out when opened in a PDF viewer:
    scripts, launch actions, automatic actions, attached files, XFA forms, script links."""
    from boardpack.sources.pdf import scan as pdfscan

    return pdfscan.active_content(reader)


# --- the bounded worker ----------------------------------------------------------------

WORKER = "import sys; from boardpack.sources.pdf.inspect import main; sys.exit(main(sys.argv[1:]))"


def inspect_bounded(data: bytes, *, max_pages: int, image_pages: int = 0,
                    ppi: float = PAGE_IMAGE_PPI, seconds: float = 120,
                    memory_mb: int = MEMORY_MB) -> Inspection:
    """``inspect`` in a worker process that is stopped after ``seconds`` and may use at
    most ``memory_mb``; PdfProblem for anything that goes wrong."""
    import os
    import subprocess

    request = json.dumps({"max_pages": max_pages, "image_pages": image_pages, "ppi": ppi,
                          "memory_mb": memory_mb})
    # No ``site`` (-S), so the module path goes with the worker; -P keeps the current
    # folder (a pack's) off it.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(worker_path())}
    try:
        done = subprocess.run([sys.executable, "-S", "-P", "-c", WORKER, request], input=data,
                              capture_output=True, timeout=seconds, check=False, env=env)
    except subprocess.TimeoutExpired:
        raise PdfProblem(f"reading the PDF took more than {seconds:g} s and was stopped",
                         "the file may be damaged; print it to a new PDF, or raise [limits] "
                         "convert_seconds in pack.toml") from None
    if done.returncode != 0:
        errors = done.stderr.decode("utf-8", "replace").strip()
        last = errors.splitlines()[-1] if errors else f"exit code {done.returncode}"
        if "MemoryError" in errors or "memory allocation" in errors:
            raise PdfProblem(f"reading the PDF needed more than {memory_mb} MB of memory",
                             DAMAGED_HINT)
        if done.returncode < 0:
            last = f"the reader stopped with signal {-done.returncode}"
        raise PdfProblem(f"the PDF is damaged and cannot be read ({last[:160]})", DAMAGED_HINT)
    try:
        answer = json.loads(done.stdout)
    except ValueError:
        raise PdfProblem("the PDF reader gave no answer for this file", DAMAGED_HINT) from None
    if "problem" in answer:
        raise PdfProblem(answer["problem"], answer.get("hint", ""))
    return Inspection.from_json(answer)


def worker_path() -> list[str]:
    """This process's module path, and the folder boardpack is imported from (an
    editable install finds it by an import hook that ``site`` would install)."""
    here = str(Path(__file__).resolve().parents[3])  # the folder holding boardpack/
    return [entry for entry in sys.path if entry] + [here]


def main(argv: list[str]) -> int:
    """Worker: the request (JSON) as argument, the PDF on stdin, the answer on stdout."""
    request = json.loads(argv[0])
    _cap_memory(int(request["memory_mb"]))
    data = sys.stdin.buffer.read()
    try:
        found = inspect(data, max_pages=request["max_pages"],
                        image_pages=request["image_pages"], ppi=request["ppi"])
        answer: dict[str, Any] = found.to_json()
    except PdfProblem as problem:
        answer = {"problem": problem.message, "hint": problem.hint}
    sys.stdout.write(json.dumps(answer))
    return 0


def _cap_memory(megabytes: int) -> None:
    """Limit this process's address space (where the platform allows it)."""
    try:
        import resource
    except ImportError:  # Windows: no such limit; the time limit still holds
        return
    limit = megabytes << 20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
