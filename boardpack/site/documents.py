"""Per-item documents cut from an issued public pack, as councils publish them.

From ``PACK/issued/<n>/public/public.pdf`` (or a supplement's public PDF) come the
agenda front sheet (the front sheet and agenda, up to the first paper) and one PDF
per item with papers (its report and appendices). Pages are copied as issued, so
the printed page numbers are the pack's (and the page labels say so); each document
carries its item's bookmarks, re-targeted, its own title and the pack's tags for
its pages (the structure tree pruned to them).

Which items have papers, and which are withheld, is read from the same issue's
public HTML beside the PDF: each item heading there is marked ``new-page`` when the
item has a report or appendix (item 1 always is: it opens the papers), and a
withheld (Part B) item is ``unlisted`` and has no bookmark. A withheld item gets no
document (modern.gov publishes nothing for an exempt report); it is listed in
``Documents.restricted``. The same input always gives the same bytes.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pikepdf

from boardpack.files import atomic_write
from boardpack.problems import BoardpackError, Problem
from boardpack.site import tags

FRONT_SHEET_TITLE = "Agenda front sheet"
_ITEM_BOOKMARK = re.compile(r"^(\d+[A-Za-z]?)\.\s+(.+)$", re.S)
_HEADINGS = re.compile(r"<body\b[^>]*>|<h1\b[^>]*>.*?</h1>", re.S | re.I)  # what is read
_TOP_TOLERANCE = 1.0  # points: a heading this close to the highest one opens its page


@dataclass(frozen=True)
class ItemDocument:
    """One published document: 1-based pages of the pack it was cut from.
    The front sheet's ``number`` is ``""``."""

    number: str
    title: str
    path: Path
    first_page: int
    last_page: int


@dataclass(frozen=True)
class RestrictedItem:
    """A withheld (Part B) item: no document is published for it."""

    number: str
    title: str


@dataclass
class Documents:
    """What was cut from one public PDF."""

    front_sheet: ItemDocument
    items: list[ItemDocument] = field(default_factory=list)
    restricted: list[RestrictedItem] = field(default_factory=list)


@dataclass(frozen=True)
class _Mark:
    """A top-level bookmark: its title, 0-based page, height on the page, subtree."""

    title: str
    page: int
    top: float
    item: pikepdf.OutlineItem


@dataclass(frozen=True)
class _Heading:
    number: str
    title: str
    new_page: bool
    withheld: bool


class _Headings(HTMLParser):
    """The item headings (``<h1 class="item …">``) of a public HTML pack."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[_Heading] = []
        self.public = False  # the page says it is the public edition
        self._open: set[str] | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = set((dict(attrs).get("class") or "").split())
        if tag == "body":
            self.public = "edition-public" in classes
        if tag == "h1" and "item" in classes:
            self._open, self._text = classes, ""

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1" and self._open is not None:
            found = _ITEM_BOOKMARK.match(" ".join(self._text.split()))
            if found:
                self.found.append(_Heading(found[1], found[2], "new-page" in self._open,
                                           "unlisted" in self._open))
            self._open = None


def cut_documents(public_pdf: Path, out_dir: Path, *, prefix: str = "",
                  html: Path | None = None) -> Documents:
    """Cut ``public_pdf`` into the agenda front sheet and one PDF per item with papers,
    written to ``out_dir`` as ``{prefix}agenda-frontsheet.pdf`` and
    ``{prefix}item-{number}.pdf``. ``html`` is the same edition as HTML (by default the
    ``.html`` beside the PDF). Raises ``BoardpackError`` for an unreadable, encrypted,
    members' or mismatched edition."""
    html = html or public_pdf.with_suffix(".html")
    headings = _read_headings(html, public_pdf)
    with _open(public_pdf) as source:
        marks = _marks(source)
        pages = len(source.pages)
        pack_title = str(source.docinfo.get("/Title", "")) or public_pdf.stem
    try:
        papers = _papers(marks, _spans(marks, pages), headings)
    except ValueError as error:
        raise BoardpackError(Problem(
            f"the public PDF and {html.name} do not describe the same edition: {error}",
            file=str(public_pdf), hint="cut documents from one issue folder's public/, "
            "as published")) from None
    front_last = papers[0][2] - 1 if papers else pages - 1
    front = _cut(public_pdf, out_dir / f"{prefix}agenda-frontsheet.pdf",
                 f"{FRONT_SHEET_TITLE} — {pack_title}", 0, front_last, whole_marks=False)
    documents = Documents(ItemDocument("", FRONT_SHEET_TITLE, front, 1, front_last + 1))
    for number, title, first, last in papers:
        name = re.sub(r"[^A-Za-z0-9]+", "-", number)
        path = _cut(public_pdf, out_dir / f"{prefix}item-{name}.pdf",
                    f"{number}. {title} — {pack_title}", first, last, whole_marks=True)
        documents.items.append(ItemDocument(number, title, path, first + 1, last + 1))
    documents.restricted = [RestrictedItem(h.number, h.title) for h in headings if h.withheld]
    return documents


def _papers(marks: list[_Mark], spans: list[tuple[int, int]], headings: list[_Heading]
            ) -> list[tuple[str, str, int, int]]:
    """(number, title, first, last page) of each item with papers: its heading opens a
    page (item 1's always does: it counts when it fills more than one). ValueError when
    the bookmarks and the headings disagree."""
    shown = {h.number: h for h in headings if not h.withheld}
    papers = []
    marked = set()
    for mark, (first, last) in zip(marks, spans, strict=True):
        found = _ITEM_BOOKMARK.match(mark.title)
        if not found:
            continue
        heading = shown.get(found[1])
        if heading is None:
            raise ValueError(f"item {found[1]} has a bookmark but no heading")
        marked.add(found[1])
        if heading.new_page and (found[1] != "1" or last > first):
            papers.append((found[1], found[2], first, last))
    unmarked = [h.number for h in shown.values() if h.new_page and h.number not in marked]
    if unmarked:
        raise ValueError(f"item {unmarked[0]} has papers but no bookmark")
    if papers and papers[0][2] == 0:
        raise ValueError("the first page is a paper's, not the front sheet")
    return papers


def _read_headings(html: Path, pdf: Path) -> list[_Heading]:
    try:
        text = html.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BoardpackError(Problem(
            f"cannot read the public HTML edition beside {pdf.name}: {error}", file=str(html),
            hint="cut documents from an issue folder's public/ as boardpack wrote it")) from None
    parser = _Headings()
    parser.feed("".join(_HEADINGS.findall(text)))  # a large pack's tables need not be parsed
    parser.close()
    if not parser.public:
        raise BoardpackError(Problem(
            f"{html.name} is not a public edition: documents are cut from the public "
            "edition only", file=str(pdf), hint="cut issued/<n>/public/public.pdf"))
    return parser.found


def _open(path: Path) -> pikepdf.Pdf:
    try:
        return pikepdf.open(path)
    except pikepdf.PasswordError:
        raise BoardpackError(Problem(
            "the PDF is encrypted, so it cannot be cut into documents", file=str(path),
            hint="cut the public edition (issued/<n>/public/), which is never encrypted")
        ) from None
    except (pikepdf.PdfError, OSError, ValueError) as error:
        raise BoardpackError(Problem(f"not a readable PDF ({error})", file=str(path),
                                     hint="publish the pack again")) from None


def _marks(pdf: pikepdf.Pdf) -> list[_Mark]:
    """The top-level bookmarks, in order, each with its page and height."""
    numbers = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
    marks = []
    with pdf.open_outline() as outline:
        for item in outline.root:
            target = _target(pdf, item, numbers)
            if target is not None:
                marks.append(_Mark(item.title, *target, item))
    return marks


def _target(pdf: pikepdf.Pdf, item: pikepdf.OutlineItem,
            numbers: dict[tuple[int, int], int]) -> tuple[int, float] | None:
    """The 0-based page and the height (``/XYZ`` top) a bookmark points to."""
    destination: pikepdf.Object | int | None = item.destination
    if destination is None and item.action is not None and item.action.get("/S") == "/GoTo":
        destination = item.action.get("/D")
    if isinstance(destination, pikepdf.String | pikepdf.Name):
        destination = _named(pdf, destination)
    if not isinstance(destination, pikepdf.Array) or len(destination) < 1:
        return None
    page = destination[0]
    index = numbers.get(page.objgen) if isinstance(page, pikepdf.Dictionary) else None
    if index is None:
        return None
    is_xyz = len(destination) > 3 and destination[1] == pikepdf.Name.XYZ
    top = float(destination[3]) if is_xyz and destination[3] is not None else 1e9
    return index, top


def _named(pdf: pikepdf.Pdf, name: pikepdf.Object) -> pikepdf.Object | None:
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return None
    found = pikepdf.NameTree(names.Dests).get(str(name))
    if isinstance(found, pikepdf.Dictionary):
        found = found.get("/D")
    return found


def _spans(marks: list[_Mark], pages: int) -> list[tuple[int, int]]:
    """Each bookmark's 0-based pages: to the page before the next bookmark's if that
    one opens its page, else to the next bookmark's page (shared)."""
    top = max((m.top for m in marks), default=0.0)
    spans = []
    for index, mark in enumerate(marks):
        if index + 1 < len(marks):
            after = marks[index + 1]
            last = after.page - 1 if after.top >= top - _TOP_TOLERANCE else after.page
        else:
            last = pages - 1
        spans.append((mark.page, max(mark.page, last)))
    return spans


def _cut(source_path: Path, target: Path, title: str, first: int, last: int, *,
         whole_marks: bool) -> Path:
    """Write pages ``first``–``last`` (0-based) of the PDF as their own document."""
    source = _open(source_path)  # afresh for each document: the cut edits it in memory
    with source, pikepdf.new() as cut:
        kept = source.pages[first:last + 1]
        numbers = {page.obj.objgen: index for index, page in enumerate(source.pages)}
        dropped = _retarget_links(source, kept, numbers, first, last)
        cut.pages.extend(kept)
        tags.copy_structure(source, cut, {p.obj.objgen for p in kept}, dropped)
        _bookmarks(source, cut, numbers, first, last, whole_marks)
        _metadata(source, cut, title, first)
        buffer = io.BytesIO()
        cut.save(buffer, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
    atomic_write(target, buffer.getvalue())
    return target


def _retarget_links(source: pikepdf.Pdf, kept: list[pikepdf.Page],
                    numbers: dict[tuple[int, int], int], first: int, last: int
                    ) -> set[tuple[int, int]]:
    """Point each internal link of the kept pages at its page directly, and drop those
    that lead outside them (copying them would drag the other pages along). Returns
    the dropped annotations."""
    dropped = set()
    for page in kept:
        annots = page.obj.get("/Annots")
        if not isinstance(annots, pikepdf.Array):
            continue
        keep = pikepdf.Array()
        for annot in annots:
            destination = annot.get("/Dest")
            action = annot.get("/A")
            if destination is None and action is not None and action.get("/S") == "/GoTo":
                destination = action.get("/D")
            if destination is None:
                keep.append(annot)
                continue
            if isinstance(destination, pikepdf.String | pikepdf.Name):
                destination = _named(source, destination)
            page_ref = destination[0] if isinstance(destination, pikepdf.Array) else None
            index = numbers.get(page_ref.objgen) if isinstance(page_ref,
                                                              pikepdf.Dictionary) else None
            if index is not None and first <= index <= last:
                annot.Dest = destination
                if "/A" in annot:
                    del annot["/A"]
                keep.append(annot)
            else:
                dropped.add(annot.objgen)
        page.obj.Annots = keep
    return dropped


def _bookmarks(source: pikepdf.Pdf, cut: pikepdf.Pdf, numbers: dict[tuple[int, int], int],
               first: int, last: int, whole_marks: bool) -> None:
    """The bookmarks of the kept pages, re-targeted: an item's whole subtree, or (for the
    front sheet) every top-level bookmark on its pages with what lies inside them."""
    marks = _marks(source)
    chosen = [m for m in marks if first <= m.page <= last]
    if whole_marks:
        chosen = chosen[:1]
    with cut.open_outline() as outline:
        for mark in chosen:
            copied = _copy_mark(source, mark.item, numbers, first, last)
            if copied is not None:
                outline.root.append(copied)


def _copy_mark(source: pikepdf.Pdf, item: pikepdf.OutlineItem,
               numbers: dict[tuple[int, int], int], first: int, last: int
               ) -> pikepdf.OutlineItem | None:
    target = _target(source, item, numbers)
    if target is None or not first <= target[0] <= last:
        return None
    page, top = target
    copied = pikepdf.OutlineItem(item.title, page - first, "XYZ", left=0,
                                 top=None if top >= 1e9 else top)
    for child in item.children:
        kid = _copy_mark(source, child, numbers, first, last)
        if kid is not None:
            copied.children.append(kid)
    return copied


def _metadata(source: pikepdf.Pdf, cut: pikepdf.Pdf, title: str, first: int) -> None:
    """Title, author and dates (the pack's: no clock is read), language, the title shown,
    and page labels that start at the pack's page number."""
    for key in ("/Author", "/Creator", "/CreationDate", "/ModDate"):
        if key in source.docinfo:
            cut.docinfo[key] = source.docinfo[key]
    cut.docinfo["/Title"] = pikepdf.String(title)
    if "/Lang" in source.Root:
        cut.Root.Lang = source.Root.Lang
    cut.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    cut.Root.PageLabels = pikepdf.Dictionary(Nums=pikepdf.Array(
        [0, pikepdf.Dictionary(S=pikepdf.Name.D, St=first + 1)]))
    if "/Metadata" in source.Root:
        cut.Root.Metadata = cut.copy_foreign(source.Root.Metadata)
        with cut.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            xmp["dc:title"] = title
