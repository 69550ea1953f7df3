"""PDF reports and appendices: placed whole in the PDF pack, readable page by page in HTML.

In the PDF pack every page of the file is placed by the preamble's ``bp-pdf-page``
inside the one Typst document (as vectors, so its text stays searchable), so the
contents, bookmarks and running page numbers stay right. In the HTML pack each page
has a section with an image of the page, its text (for search and screen readers),
and the original file is offered as a download.

The file is read in a bounded worker (``boardpack.sources.pdf.worker``): encrypted, damaged,
empty, over-long or unplaceable files stop with a clear error; pages whose text cannot
be read, files with no text at all and black boxes drawn over text still in the file
(a redaction that hides nothing) are warned about.

Option, in a ``files`` entry of ``pack.toml``: ``page_images`` — how many pages get an
image in the HTML pack (default 20, at most 100; 0 for none). Every page's text is
always there. A build of the PDF pack alone (``ctx.pdf_only``) draws no page images.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from boardpack.pandoc import ast
from boardpack.pandoc.raw import typst_string
from boardpack.sources import ENDINGS, Context, Converted
from boardpack.sources.pdf import worker
from boardpack.sources.pdf.types import Box, Inspection, Page, PdfProblem
from boardpack.textfmt import file_size

KIND = "pdf"
EXTENSIONS = ENDINGS[KIND]
VERSION = 4  # 3: text and images from PDFium; 4: HTML-only part marked by class
PDF_ONLY_DIFFERS = True  # no page images for the PDF pack alone
PAGE_IMAGES = 20
MAX_PAGE_IMAGES = 100  # bounds the HTML pack's size and the reader's memory
REDACT_HINT = ("remove the text itself (e.g. Acrobat's Redact, then Apply) or ask the author "
               "for a properly redacted copy, and check the text can no longer be copied")


def convert(data: bytes, ctx: Context) -> Converted:
    images = page_images(ctx)
    found = read(data, ctx, 0 if ctx.pdf_only else images)
    warn(found, ctx)
    return ctx.result(blocks(found, data, ctx), pages=len(found.pages))


def read(data: bytes, ctx: Context, images: int = 0) -> Inspection:
    """The inspected PDF (text of every page, images of the first ``images``), or the
    file's one-line error."""
    inspect = ctx.pdf_readers.inspect if ctx.pdf_readers else worker.inspect_bounded
    try:
        return inspect(data, max_pages=ctx.limits.max_pdf_pages, image_pages=images,
                       seconds=ctx.limits.convert_seconds)
    except PdfProblem as problem:
        raise ctx.error(problem.message, problem.hint) from None


def page_images(ctx: Context) -> int:
    """How many pages get an image in the HTML pack (the ``page_images`` option)."""
    value = ctx.options.get("page_images", PAGE_IMAGES)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        ctx.warn(f"page_images should be a whole number of pages, not {value!r}",
                 f"using the default, {PAGE_IMAGES}")
        return PAGE_IMAGES
    if value > MAX_PAGE_IMAGES:
        ctx.warn(f"page_images is {value}; at most {MAX_PAGE_IMAGES} pages get an image",
                 "every page's text is in the HTML pack, and the original file is offered")
        return MAX_PAGE_IMAGES
    return value


# --- warnings --------------------------------------------------------------------------


def warn(found: Inspection, ctx: Context) -> None:
    """What a clerk should know before publishing: unreadable text, no text, fake redaction."""
    unreadable = [page.number for page in found.pages if not page.text_readable]
    if unreadable:
        ctx.warn(f"the text of {_pages(unreadable)} could not be read; the pages are shown as "
                 "they are, but search and screen readers get nothing from them",
                 "the file may be damaged there: print it to a new PDF")
    elif not found.has_text:
        ctx.warn("has no text that can be read (a scan?), so search and screen readers get "
                 "nothing from it", "ask for an accessible PDF, or the document it was made from")
    for message in redaction_warnings(found.boxes):
        ctx.warn(message, REDACT_HINT)
    if found.active:
        ctx.warn(f"the PDF carries {', '.join(found.active)}; its pages are in the pack, but "
                 "the HTML pack does not offer the original file for download",
                 "ask the author for a copy without them (printing it to a new PDF drops them)")


def redaction_warnings(boxes: list[Box]) -> list[str]:
    """One line per page and kind of black box over text still in the file."""
    groups: dict[tuple[int, str], list[Box]] = {}
    for box in boxes:
        groups.setdefault((box.page, box.kind), []).append(box)
    out = []
    for (page, kind), found in sorted(groups.items()):
        count = len(found)
        hidden = sum(box.hidden for box in found)
        if kind == "unapplied":
            out.append(f"page {page}: {_count(count, 'redaction mark')} never applied, so the "
                       "text under it is still in the file (the pack shows it)")
        elif kind == "annotation":
            out.append(f"page {page}: {_count(count, 'black box')} added as a comment over "
                       f"text still in the file (about {hidden} characters); the pack shows "
                       "the page without the comment, so the text can be read")
        else:
            out.append(f"page {page}: {_count(count, 'black box')} drawn over text still in "
                       f"the file (about {hidden} characters): anyone can copy the text, so "
                       "the redaction hides nothing")
    return out


def _count(number: int, noun: str) -> str:
    return f"a {noun}" if number == 1 else f"{number} {noun}es" if noun.endswith(
        "x") else f"{number} {noun}s"


def _pages(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:10]) + (" …" if len(numbers) > 10 else "")
    return f"page {shown}" if len(numbers) == 1 else f"pages {shown}"


# --- blocks ----------------------------------------------------------------------------


def blocks(found: Inspection, data: bytes, ctx: Context) -> list[dict[str, Any]]:
    """The pages for the Typst writer, then the HTML pack's sections (hidden from Typst)."""
    name = PurePosixPath(ctx.file).name
    stored = ctx.add_media(data, "pdf")
    total = len(found.pages)
    out = [ast.raw_block("typst", placed(stored, page, total, name)) for page in found.pages]
    html = [ast.para("The original file is not offered for download: it carries "
                     f"{', '.join(found.active)}.") if found.active
            else download(name, stored, total, len(data))]
    shown = len(found.images)
    if 0 < shown < total:
        first = "first page" if shown == 1 else f"first {shown} pages"
        html.append(ast.para(f"Images are shown for the {first} only; the text of every page "
                             "is here, and the original file has them all."))
    slug = re.sub(r"[^a-z0-9]+", "-", PurePosixPath(name).stem.lower()).strip("-") or "pdf"
    for page in found.pages:
        image = found.images[page.number - 1] if page.number <= len(found.images) else None
        html.append(page_section(page, image, name, f"{ctx.item}--{slug}-page-{page.number}",
                                 ctx))
    return html_only(html) + out


def html_only(content: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Blocks the HTML pack shows and the PDF pack skips: the Typst writer never reads
    them (``ast.HTML_ONLY``)."""
    return [ast.div(content, classes=["pdf-file", ast.HTML_ONLY])]


def placed(stored: str, page: Page, total: int, name: str) -> str:
    """The Typst call that places one page of the stored file."""
    alt = typst_string(page_alt(page, total, name))
    return f"#bp-pdf-page({typst_string(stored)}, {page.number}, {alt})"


def page_alt(page: Page, total: int, name: str) -> str:
    """The alternative text of a placed page: where it is, then all its text."""
    text = " ".join(page.text.split())
    return f"Page {page.number} of {total} of {name}" + (f": {text}" if text else "")


def download(name: str, stored: str, pages: int, size: int) -> dict[str, Any]:
    label = (f"Download the original PDF: {name} ({pages} page{'s' if pages != 1 else ''}, "
             f"{file_size(size)})")
    link = {"t": "Link", "c": [ast.attr("", ["pdf-download"], download=name,
                                        type="application/pdf"),
                               ast.inlines(label), [stored, ""]]}
    return ast.para([link])


def page_section(page: Page, image: bytes | None, name: str, identifier: str,
                 ctx: Context) -> dict[str, Any]:
    """One page in the HTML pack: heading, image, text."""
    content: list[dict[str, Any]] = [ast.header(3, f"Page {page.number}", identifier)]
    if image is not None:
        alt = f"Page {page.number} of {name} as an image; its text follows"
        content.append(ast.para([ast.image(ctx.add_media(image, "png"), alt)]))
    if page.text.strip():
        content.append(ast.div(text_blocks(page.text), classes=["pdf-page-text"]))
    else:
        why = ("The text of this page could not be read." if not page.text_readable else
               "This page has no text that can be read (it may be a scan or a picture).")
        content.append(ast.para([ast.emph(why)]))
    return ast.div(content, classes=["pdf-page"])


def text_blocks(text: str) -> list[dict[str, Any]]:
    """Extracted text as paragraphs (split at blank lines) with its line breaks kept."""
    out = []
    for paragraph in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
        if not lines:
            continue
        inlines: list[dict[str, Any]] = []
        for line in lines:
            if inlines:
                inlines.append({"t": "LineBreak"})
            inlines += ast.inlines(line)
        out.append(ast.para(inlines))
    return out
