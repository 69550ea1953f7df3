"""Finishing Typst's PDF with what Typst 0.15 cannot be asked for.

- **The title shown.** ``/ViewerPreferences/DisplayDocTitle`` is set, so a viewer's
  title bar shows the pack's title and not its file name (Typst sets it only in
  PDF/UA mode, which a pack with PDF pages cannot use).
- **Row headers.** A table whose every body row starts with a cell that is all bold
  (the front sheet's meeting details, the Ofsted card, a Word table with a bold first
  column) is a label/value table: those first cells become header cells (``/TH``)
  for their row (``/Scope /Row``), as the HTML pack's are (``html_fixes``). Typst
  marks a table's header rows itself, but can mark a row header only behind a feature
  flag the ``typst`` wheel does not expose.

The changes are appended as an incremental update (the changed objects, a
cross-reference section and a trailer whose ``/Prev`` points at Typst's), so not a
byte Typst wrote is rewritten. Only the objects concerned are read: Typst writes
every structure element as a small plain object (``12 0 obj <</Type/StructElem/S/TD
…>>``) listed in a plain cross-reference table, so they are found by offset and read
with a few patterns, and a 470-page pack is finished in a fraction of a second (a
general PDF library would parse tens of thousands of objects first). The tests read
the result back with pikepdf and qpdf.
"""

from __future__ import annotations

import re

from boardpack.problems import BoardpackError, Problem
from boardpack.render.typstrun import BUG_HINT

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XREF = re.compile(rb"xref\s+")
_SUBSECTION = re.compile(rb"(\d+) (\d+)\s*")
_TRAILER = re.compile(rb"\s*trailer\s*<<(.*?)>>\s*startxref", re.S)
_PREV = re.compile(rb"/Prev \d+")
_ROOT = re.compile(rb"/Root (\d+) 0 R")
_ELEMENT = b"<</Type/StructElem/S/"
_TABLE = _ELEMENT + b"Table"
_ROLE = re.compile(rb"<</Type/StructElem/S/(\w+)")
_KIDS = re.compile(rb"/K(\[[^\]]*\]|\s*\d+ 0 R|\s*\d+)")
_REFERENCE = re.compile(rb"(\d+) 0 R")
_DICTIONARY = re.compile(rb"<<.*?>>", re.S)
_PREFERENCES = re.compile(rb"/ViewerPreferences\s*(<<|(\d+) 0 R)")
_TABLE_ATTRIBUTES = re.compile(rb"<</O/Table((?:(?!>>).)*)>>", re.S)
_EMPTY_HEADERS = re.compile(rb"/Headers\s*\[\s*\]")
_ROW_GROUPS = (b"TBody", b"TFoot")


class NotTypst(ValueError):
    """The PDF is not laid out as Typst writes one (so it is left as it is)."""


class Objects:
    """The objects of a PDF that Typst wrote, read by number from its cross-reference
    table: each object's text between ``N 0 obj`` and ``endobj``."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        end = _STARTXREF.search(data[-64:])
        if end is None:
            raise NotTypst("no cross-reference offset at the end")
        self.xref = int(end[1])
        self.sections: list[tuple[int, int, int]] = []  # first number, count, position
        self.trailer = b""
        xref: int | None = self.xref
        while xref is not None:  # the newest table first, then each one it updates
            trailer = self._read_table(xref)
            self.trailer = self.trailer or trailer
            previous = re.search(rb"/Prev (\d+)", trailer)
            xref = int(previous[1]) if previous else None
        root = _ROOT.search(self.trailer)
        if root is None:
            raise NotTypst("no catalog")
        self.root = int(root[1])

    def _read_table(self, xref: int) -> bytes:
        """Note the subsections of the table at ``xref``; its trailer's dictionary."""
        head = _XREF.match(self.data, xref)
        if head is None:
            raise NotTypst("no plain cross-reference table")
        position = head.end()
        while (section := _SUBSECTION.match(self.data, position)) is not None:
            first, count = int(section[1]), int(section[2])
            self.sections.append((first, count, section.end()))
            position = section.end() + 20 * count
        trailer = _TRAILER.match(self.data, position)
        if trailer is None:
            raise NotTypst("no trailer")
        return trailer[1]

    def offset(self, number: int) -> int:
        for first, count, position in self.sections:
            if first <= number < first + count:
                entry = self.data[position + 20 * (number - first): position + 20 * (number
                                                                                      - first + 1)]
                if entry[17:18] == b"n":
                    return int(entry[:10])
        raise NotTypst(f"object {number} is not in the cross-reference table")

    def text(self, number: int) -> bytes:
        """The object's dictionary, as written."""
        start = self.offset(number)
        head = b"%d 0 obj" % number
        if not self.data.startswith(head, start):
            raise NotTypst(f"object {number} is not where the table says")
        end = self.data.index(b"endobj", start)
        return self.data[start + len(head):end].strip()

    def number_at(self, position: int) -> int | None:
        """The number of the object whose text starts at ``position`` (after ``obj``)."""
        start = self.data.rfind(b"\n", 0, position - 1) + 1
        found = re.match(rb"(\d+) 0 obj\s*$", self.data[start:position])
        return int(found[1]) if found else None


def finish(data: bytes) -> bytes:
    """``data`` (a PDF Typst wrote) with the title shown and row headers marked."""
    try:
        objects = Objects(data)
    except NotTypst as exc:
        raise BoardpackError(Problem(f"the PDF Typst wrote cannot be finished ({exc})",
                                     hint=BUG_HINT)) from None
    changed: dict[int, bytes] = {}
    _show_title(objects, changed)
    position = data.find(_TABLE)
    while position >= 0:
        number = objects.number_at(position)
        after = position + len(_TABLE)
        if number is not None and data[after:after + 1] in (b"/", b">"):
            changed.update(row_headers(objects, number))
        position = data.find(_TABLE, position + 1)
    return appended(objects, changed) if changed else data


def _show_title(objects: Objects, changed: dict[int, bytes]) -> None:
    number = objects.root
    catalog = objects.text(number)
    found = _PREFERENCES.search(catalog)
    if found and found[2]:  # the preferences are an object of their own
        number, catalog = int(found[2]), objects.text(int(found[2]))
        at = catalog.index(b"<<") + 2
    elif found:
        at = found.end()
    else:
        catalog = catalog.replace(b"<<", b"<</ViewerPreferences<<>>", 1)
        at = catalog.index(b"/ViewerPreferences<<") + len(b"/ViewerPreferences<<")
    if b"/DisplayDocTitle true" in catalog:
        return
    changed[number] = catalog[:at] + b"/DisplayDocTitle true" + catalog[at:]


def _role(text: bytes) -> bytes:
    found = _ROLE.match(text)
    return found[1] if found else b""


def _kids(text: bytes) -> list[int]:
    """The structure elements under an element (references, not marked content; a
    reference inside a nested dictionary, such as an annotation's, is not a kid)."""
    found = _KIDS.search(_DICTIONARY.sub(b"", text[2:-2]))
    return [int(n) for n in _REFERENCE.findall(found[1])] if found else []


def row_headers(objects: Objects, table: int) -> dict[int, bytes]:
    """The changed cells of a label/value table (none for another table): each body
    row's first cell made a row header, its neighbours' empty header lists dropped."""
    rows: list[int] = []
    for kid in _kids(objects.text(table)):
        role = _role(objects.text(kid))
        if role == b"TR":
            rows.append(kid)
        elif role in _ROW_GROUPS:
            rows += [row for row in _kids(objects.text(kid))
                     if _role(objects.text(row)) == b"TR"]
    cells = []
    for row in rows:  # stops at the first row that does not fit
        found = _kids(objects.text(row))
        if len(found) < 2 or not _bold_only(objects, found[0]):
            return {}
        cells.append(found)
    changed = {}
    for first, *others in cells:
        changed[first] = _cell(objects.text(first), header=True)
        for other in others:
            text = objects.text(other)
            if _EMPTY_HEADERS.search(text):
                changed[other] = _cell(text, header=False)
    return changed


def _bold_only(objects: Objects, cell: int) -> bool:
    """Whether a data cell holds nothing but one run of bold text."""
    text = objects.text(cell)
    kids = _kids(text)
    return (_role(text) == b"TD" and len(kids) == 1
            and _role(objects.text(kids[0])) == b"Strong")


def _cell(text: bytes, *, header: bool) -> bytes:
    """A cell's dictionary as a row header (``/TH``, ``/Scope /Row``) or as a data cell,
    in both without an empty ``/Headers``."""
    if header:
        text = text.replace(_ELEMENT + b"TD", _ELEMENT + b"TH", 1)

    def table(found: re.Match[bytes]) -> bytes:
        inner = _EMPTY_HEADERS.sub(b"", found[1])
        return b"<</O/Table" + inner + (b"/Scope/Row" if header else b"") + b">>"

    text, count = _TABLE_ATTRIBUTES.subn(table, text, count=1)
    if header and not count:
        text = text[:-2] + b"/A[<</O/Table/Scope/Row>>]>>"
    return text


def appended(objects: Objects, changed: dict[int, bytes]) -> bytes:
    """The PDF with ``changed`` objects (by number) written as an incremental update."""
    data = objects.data
    parts = [data, b"" if data.endswith(b"\n") else b"\n"]
    size = len(data) + len(parts[1])
    offsets = {}
    for number in sorted(changed):
        offsets[number] = size
        text = b"%d 0 obj\n%s\nendobj\n" % (number, changed[number])
        parts.append(text)
        size += len(text)
    table = [b"xref\n"] + [b"%d 1\n%010d 00000 n\r\n" % (number, offsets[number])
                           for number in sorted(changed)]
    trailer = _PREV.sub(b"", objects.trailer) + b"/Prev %d" % objects.xref
    parts += [*table, b"trailer\n<<", trailer, b">>\nstartxref\n%d\n%%%%EOF\n" % size]
    return b"".join(parts)
