"""Finishing Typst's PDF with what Typst 0.15 cannot be asked for.

- **The title shown.** ``/ViewerPreferences/DisplayDocTitle`` is set, so a viewer's
  title bar shows the pack's title and not its file name (Typst sets it only in
  PDF/UA mode, which a pack with PDF pages cannot use).
- **Row headers.** A table whose every body row starts with a cell that is all bold
  (the front sheet's meeting details, the Ofsted card, a Word table with a bold first
  column) is a label/value table: those first cells become header cells (``/TH``)
  for their row (``/Scope /Row``). Typst marks a table's header rows itself, but can
  mark a row header only behind a feature flag the ``typst`` wheel does not expose.

The changes are appended as an incremental update (the changed objects, a
cross-reference section and a trailer whose ``/Prev`` points at Typst's), so not a
byte Typst wrote is rewritten and the cost is that of the few objects changed:
objects are read lazily with pypdf, and tables are found by a pattern over the file.
"""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
)

# Typst writes every structure element as a plain object: "12 0 obj\n<</Type/StructElem/S/…".
_TABLE = re.compile(rb"(\d+) 0 obj\s*<</Type/StructElem/S/Table[/>]")
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_ROW_GROUPS = ("/THead", "/TBody", "/TFoot")


def finish(data: bytes) -> bytes:
    """``data`` (a PDF Typst wrote) with the title shown and row headers marked."""
    reader = PdfReader(io.BytesIO(data))
    changed: dict[int, PdfObject] = {}
    root_ref = reader.trailer.raw_get("/Root")
    catalog = root_ref.get_object()
    preferences = catalog.get("/ViewerPreferences")
    preferences = DictionaryObject() if preferences is None else preferences.get_object()
    if preferences.get("/DisplayDocTitle") is not True:
        catalog = DictionaryObject(catalog)
        preferences = DictionaryObject(preferences)
        preferences[NameObject("/DisplayDocTitle")] = BooleanObject(True)
        catalog[NameObject("/ViewerPreferences")] = preferences
        changed[root_ref.idnum] = catalog
    for match in _TABLE.finditer(data):
        table = reader.get_object(int(match[1]))
        if isinstance(table, DictionaryObject) and table.get("/S") == "/Table":
            changed.update(row_headers(table))
    return data if not changed else appended(data, reader, changed)


def row_headers(table: DictionaryObject) -> dict[int, DictionaryObject]:
    """The changed cells of a label/value table (none for another table): each body
    row's first cell made a row header."""
    rows = []
    for kid in _kids(table):
        if kid.get("/S") == "/TR":
            rows.append(kid)
        elif kid.get("/S") in ("/TBody", "/TFoot"):
            rows += [row for row in _kids(kid) if row.get("/S") == "/TR"]
    for row in rows:
        cells = _kids(row)
        if len(cells) < 2 or not _bold_only(cells[0]):
            return {}
    changed = {}
    for row in rows:
        first, *others = _kids(row)
        changed[first.indirect_reference.idnum] = _cell(first, "/TH")
        for cell in others:  # an empty list of headers would hide the row header
            if any(owner.get("/O") == "/Table" and not owner.get("/Headers", True)
                   for owner in _attributes(cell)):
                changed[cell.indirect_reference.idnum] = _cell(cell, "/TD")
    return changed


def _cell(cell: DictionaryObject, role: str) -> DictionaryObject:
    """A copy of ``cell`` as ``role``: a row header (``/Scope /Row``), or a data cell,
    in both without an empty ``/Headers``."""
    out = DictionaryObject(cell)
    out[NameObject("/S")] = NameObject(role)
    attributes = ArrayObject()
    table = None
    for owner in _attributes(cell):
        owner = DictionaryObject(owner)
        if owner.get("/O") == "/Table":
            table = owner
            if not owner.get("/Headers", True):
                del owner["/Headers"]
        attributes.append(owner)
    if role == "/TH":
        if table is None:
            table = DictionaryObject({NameObject("/O"): NameObject("/Table")})
            attributes.append(table)
        table[NameObject("/Scope")] = NameObject("/Row")
    out[NameObject("/A")] = attributes
    return out


def _kids(element: DictionaryObject) -> list[DictionaryObject]:
    """The structure elements directly under ``element`` (not its marked content)."""
    kids = element.get("/K")
    if kids is None:
        return []
    kids = kids.get_object()
    listed = list(kids) if isinstance(kids, ArrayObject) else [kids]
    out = []
    for kid in listed:
        if isinstance(kid, IndirectObject):
            kid = kid.get_object()
            if isinstance(kid, DictionaryObject) and "/S" in kid:
                out.append(kid)
    return out


def _bold_only(cell: DictionaryObject) -> bool:
    """Whether a data cell holds nothing but one run of bold text."""
    if cell.get("/S") != "/TD":
        return False
    kids = cell.get("/K")
    kids = kids.get_object() if kids is not None else None
    listed = list(kids) if isinstance(kids, ArrayObject) else [kids]
    if len(listed) != 1 or not isinstance(listed[0], IndirectObject):
        return False
    only = listed[0].get_object()
    return isinstance(only, DictionaryObject) and only.get("/S") == "/Strong"


def _attributes(cell: DictionaryObject) -> list[DictionaryObject]:
    found = cell.get("/A")
    if found is None:
        return []
    found = found.get_object()
    listed = list(found) if isinstance(found, ArrayObject) else [found]
    return [item.get_object() for item in listed
            if isinstance(item.get_object(), DictionaryObject)]


def appended(data: bytes, reader: PdfReader, changed: dict[int, PdfObject]) -> bytes:
    """``data`` with ``changed`` objects (by number) written as an incremental update."""
    previous = _STARTXREF.search(data[-64:])
    if previous is None:
        raise ValueError("the PDF does not end with a cross-reference offset")
    out = io.BytesIO()
    out.write(data)
    if not data.endswith(b"\n"):
        out.write(b"\n")
    offsets = {}
    for number in sorted(changed):
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n" % number)
        changed[number].write_to_stream(out)
        out.write(b"\nendobj\n")
    table = out.tell()
    out.write(b"xref\n")
    for number in sorted(changed):
        out.write(b"%d 1\n%010d 00000 n\r\n" % (number, offsets[number]))
    trailer = DictionaryObject({NameObject("/Size"): NumberObject(reader.trailer["/Size"]),
                                NameObject("/Prev"): NumberObject(int(previous[1]))})
    for key in ("/Root", "/Info", "/ID"):
        if key in reader.trailer:
            trailer[NameObject(key)] = reader.trailer.raw_get(key)
    out.write(b"trailer\n")
    trailer.write_to_stream(out)
    out.write(b"\nstartxref\n%d\n%%%%EOF\n" % table)
    return out.getvalue()
