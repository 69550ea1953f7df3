"""A PDF read by PDFium, in the bounded worker (``worker``): the size, rotation and text
of every page, PNG images of the first pages, Typst's check that it can place them
all, and pypdf (``scan``) only where it is needed.

pypdf reads the file's objects when its bytes could hold a script, an action or an
attachment (``may_carry_actions``), and scans for black boxes the pages that draw filled
shapes or forms or carry annotations (``may_hide``). Most files need neither: pypdf's
import alone costs more than PDFium's reading of 15 pages.

PDFium is called through pypdfium2's raw bindings (``pypdfium2_raw``): its helper
classes cost a tenth of a short file's reading to import, and each page is loaded once
for its size, text, black-box check and image. PDFium is not thread-safe: a process
reads one PDF at a time (the worker reads one).
"""

from __future__ import annotations

import ctypes
import re
import struct
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pypdfium2_raw as pdfium
import typst

from boardpack.sources.pdf.types import (
    DAMAGED_HINT,
    LOCKED,
    PAGE_IMAGE_PPI,
    Box,
    Inspection,
    Page,
    PdfProblem,
    check_count,
    check_start,
    clean_text,
)

if TYPE_CHECKING:
    import pypdf

MAX_IMAGE_PIXELS = 8_000_000  # a page over 1.2 m square (A0 is less) gets a smaller image
PNG_LEVEL = 3  # measured on text pages: as fast as 1 and 5 % smaller; 6 is 2.5 times slower
WHITE = 0xFFFFFFFF

pdfium.FPDF_InitLibrary()  # once per process; PDFium ignores a second call


def inspect(data: bytes, *, max_pages: int, image_pages: int = 0,
            ppi: float = PAGE_IMAGE_PPI) -> Inspection:
    """Everything the pack needs from a PDF, in this process; PdfProblem if it cannot
    be used."""
    with open_document(data, max_pages) as document:
        pages: list[Page] = []
        images: list[bytes] = []
        hiding: list[int] = []
        for index in range(document.count):
            with _loaded(document, index) as page:
                pages.append(read_page(page, index))
                if page is None or may_hide(page):
                    hiding.append(index)
                # Images stop before a page PDFium cannot load.
                if page is not None and index < image_pages and len(images) == index:
                    images.append(page_image(page, pages[-1], ppi))
        typst_check(data, len(pages))
        boxes, active = structure(data, max_pages, hiding)
        return Inspection(pages=pages, encrypted=document.encrypted, boxes=boxes,
                          images=images, active=active)


# --- opening -------------------------------------------------------------------------


@dataclass
class Document:
    """A PDF open in PDFium, and the bytes it reads from (they must outlive it)."""

    handle: Any
    data: bytes
    count: int

    @property
    def encrypted(self) -> bool:
        return pdfium.FPDF_GetSecurityHandlerRevision(self.handle) != -1

    def __enter__(self) -> Document:
        return self

    def __exit__(self, *_: object) -> None:
        pdfium.FPDF_CloseDocument(self.handle)


def open_document(data: bytes, max_pages: int) -> Document:
    """The PDF opened by PDFium (use it in a ``with``), or PdfProblem: not a PDF,
    damaged, locked, empty or too long. A file with only an owner password (printing
    or copying restricted) opens without one, as every PDF viewer opens it."""
    check_start(data)
    handle = pdfium.FPDF_LoadMemDocument64(data, len(data), None)
    if not handle:
        raise _unopened(data, max_pages, pdfium.FPDF_GetLastError())
    document = Document(handle, data, pdfium.FPDF_GetPageCount(handle))
    try:
        check_count(document.count, max_pages)
    except PdfProblem:
        document.__exit__()
        raise
    return document


UNOPENED = {pdfium.FPDF_ERR_FILE: "a file access error", pdfium.FPDF_ERR_FORMAT: "not in a "
            "format PDFium reads", pdfium.FPDF_ERR_PAGE: "a page or its content is missing"}


def _unopened(data: bytes, max_pages: int, error: int) -> PdfProblem:
    """Why PDFium could not open the file; pypdf says more about a damaged one (no pages,
    a broken cross-reference table)."""
    if error == pdfium.FPDF_ERR_PASSWORD:
        return PdfProblem(*LOCKED)
    if error == pdfium.FPDF_ERR_SECURITY:
        return PdfProblem("encrypted in a way boardpack cannot read (an unsupported security "
                          "handler)", "ask for an unprotected copy")
    pypdf_reader(data, max_pages)  # raises its PdfProblem, where pypdf finds one
    return PdfProblem("the PDF is damaged and cannot be read (PDFium: "
                      f"{UNOPENED.get(error, 'an unknown error')})", DAMAGED_HINT)


@contextmanager
def _loaded(document: Document, index: int) -> Iterator[Any]:
    """A page of ``document``, or None where PDFium cannot load it."""
    page = pdfium.FPDF_LoadPage(document.handle, index)
    try:
        yield page or None
    finally:
        if page:
            pdfium.FPDF_ClosePage(page)


# --- pages and text ------------------------------------------------------------------


def read_page(page: Any, index: int) -> Page:
    """Size (as shown: within the crop box, after rotation), rotation and text of a page
    (None: one PDFium could not load, whose text is unreadable)."""
    if page is None:
        return Page(number=index + 1, width=612.0, height=792.0, rotation=0, text="",
                    text_readable=False)
    text = _text(page)
    return Page(number=index + 1, width=round(pdfium.FPDF_GetPageWidthF(page), 2),
                height=round(pdfium.FPDF_GetPageHeightF(page), 2),
                rotation=max(0, pdfium.FPDFPage_GetRotation(page)) * 90,
                text=clean_text(text or ""), text_readable=text is not None)


def _text(page: Any) -> str | None:
    """The text inside the page's visible area, in reading order; None if PDFium cannot
    read it."""
    textpage = pdfium.FPDFText_LoadPage(page)
    if not textpage:
        return None
    try:
        area = pdfium.FS_RECTF()
        pdfium.FPDF_GetPageBoundingBox(page, area)
        where = (textpage, area.left, area.top, area.right, area.bottom)
        count = pdfium.FPDFText_GetBoundedText(*where, None, 0)
        if count <= 0:
            return ""
        buffer = (ctypes.c_ushort * count)()
        pdfium.FPDFText_GetBoundedText(*where, buffer, count)
        return bytes(buffer).decode("utf-16-le", "replace")
    finally:
        pdfium.FPDFText_ClosePage(textpage)


def may_hide(page: Any) -> bool:
    """Whether a page has annotations, forms or filled shapes: the black-box scan is
    skipped for the rest (most pages of text)."""
    if pdfium.FPDFPage_GetAnnotCount(page) > 0:
        return True
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    for index in range(pdfium.FPDFPage_CountObjects(page)):
        shape = pdfium.FPDFPage_GetObject(page, index)
        kind = pdfium.FPDFPageObj_GetType(shape)
        if kind == pdfium.FPDF_PAGEOBJ_FORM or (
                kind == pdfium.FPDF_PAGEOBJ_PATH
                and pdfium.FPDFPath_GetDrawMode(shape, fill, stroke) and fill.value):
            return True
    return False


# --- what pypdf is needed for ------------------------------------------------------------

# The names pypdf's ``active_content`` looks for, and /ObjStm. In a file without object
# streams every object pypdf reads is in the file's bytes as written, so a name it finds
# is there too, written plainly or with #xx escapes; pypdf reads an object stream only if
# it says /Type /ObjStm. Names are not encrypted.
ACTION_NAMES = (b"JavaScript", b"EmbeddedFiles", b"XFA", b"AA", b"Launch", b"SubmitForm",
                b"ImportData", b"GoToR", b"GoToE", b"URI", b"FileAttachment", b"ObjStm")
# A name ends at white space or a delimiter. These patterns end it where pypdf does or
# sooner, so what they read as one of the names is never part of a longer name to pypdf.
PLAIN_NAME = re.compile(rb"/(?:" + b"|".join(ACTION_NAMES) + rb")(?![A-Za-z0-9#+_.\-])")
NAME_CHAR = rb"[^\x00\t\n\x0b\f\r /%()<>\[\]{}]"
ESCAPED_NAME = re.compile(rb"/(" + NAME_CHAR + rb"*#" + NAME_CHAR + rb"*)")
ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def may_carry_actions(data: bytes) -> bool:
    """Whether pypdf could find scripts, actions or attachments in the file: False only
    when none of the names they need is in its bytes and it has no object streams."""
    if PLAIN_NAME.search(data):
        return True
    return any(ESCAPE.sub(lambda code: bytes([int(code[1], 16)]), name[1]) in ACTION_NAMES
               for name in ESCAPED_NAME.finditer(data))


def structure(data: bytes, max_pages: int, hiding: list[int]) -> tuple[list[Box], list[str]]:
    """Black boxes on the pages at ``hiding`` (from 0), and the file's active content:
    pypdf reads the file only if there may be either."""
    actions = may_carry_actions(data)
    if not hiding and not actions:
        return [], []
    from boardpack.sources.pdf import scan as pdfscan

    reader = pypdf_reader(data, max_pages)
    return pdfscan.boxes(reader, hiding), pdfscan.active_content(reader) if actions else []


def pypdf_reader(data: bytes, max_pages: int) -> pypdf.PdfReader:
    """The file opened by pypdf (``boardpack.sources.pdf.scan`` is imported only now), or its
    PdfProblem. pypdf's warnings are silenced: a damaged file can log one per object."""
    import logging

    from boardpack.sources.pdf import scan as pdfscan

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    return pdfscan.open_pdf(data, max_pages)


# --- images ----------------------------------------------------------------------------


def page_image(page: Any, found: Page, ppi: float) -> bytes:
    """A PNG of a page as the PDF pack shows it (without annotations); greyscale when
    every pixel is grey (most pages of text), a third of the data to compress."""
    scale = min(ppi / 72, (MAX_IMAGE_PIXELS / max(1.0, found.width * found.height)) ** 0.5)
    width, height = max(1, round(found.width * scale)), max(1, round(found.height * scale))
    pixels = ctypes.create_string_buffer(width * height * 3)
    # In colour: PDFium's 8-bit grey bitmaps place glyphs on whole pixels, so words look
    # uneven, and what a page draws does not tell whether it is grey (a pattern's fill
    # colour reads as grey).
    bitmap = pdfium.FPDFBitmap_CreateEx(width, height, pdfium.FPDFBitmap_BGR, pixels, width * 3)
    try:
        pdfium.FPDFBitmap_FillRect(bitmap, 0, 0, width, height, WHITE)
        pdfium.FPDF_RenderPageBitmap(bitmap, page, 0, 0, width, height, 0,
                                     pdfium.FPDF_REVERSE_BYTE_ORDER)
    finally:
        pdfium.FPDFBitmap_Destroy(bitmap)
    rgb = pixels.raw
    red = rgb[0::3]
    if red == rgb[1::3] and red == rgb[2::3]:
        return png(width, height, 1, red)
    return png(width, height, 3, rgb)


def png(width: int, height: int, channels: int, pixels: bytes) -> bytes:
    """A PNG of packed 8-bit grey (``channels`` 1) or RGB (3) pixels."""
    row = width * channels
    lines = b"".join(b"\0" + pixels[y * row:(y + 1) * row] for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0 if channels == 1 else 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(lines, PNG_LEVEL)) + _chunk(b"IEND", b""))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data)))


# --- Typst: can the pack place the pages ------------------------------------------------


def typst_check(data: bytes, count: int) -> None:
    """PdfProblem unless Typst can place all ``count`` pages into a PDF, as the pack does."""
    with tempfile.TemporaryDirectory(prefix="boardpack-pdf-") as folder:
        root = Path(folder)
        (root / "file.pdf").write_bytes(data)
        (root / "whole.typ").write_text(_pages_source(count), encoding="utf-8")
        compiler = typst.Compiler(root=str(root), ignore_system_fonts=True)
        try:
            compiler.compile(input=str(root / "whole.typ"), format="pdf")
        except typst.TypstError as exc:
            raise _typst_problem(exc.message) from None


def _pages_source(count: int) -> str:
    return ("#set page(width: auto, height: auto, margin: 0pt)\n"
            f'#for n in range(1, {count + 1}) {{ page(image("file.pdf", page: n)) }}\n')


def _typst_problem(message: str) -> PdfProblem:
    if "version of the PDF is too high" in message:
        return PdfProblem("is a PDF 2.0 file, which the pack cannot include yet",
                          "export or print it again as PDF 1.7 (e.g. Save As PDF in Word)")
    if "encrypted" in message:
        return PdfProblem(*LOCKED)
    detail = message.replace("file.pdf", "the file").strip()[:160]
    return PdfProblem(f"the PDF's pages cannot be placed in the pack ({detail})", DAMAGED_HINT)
