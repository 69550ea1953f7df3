"""Everything an output holds that a reader could get at, for the confidentiality tests.

``contents(path)`` gathers, by the kind of file: a PDF's extracted page text, outline,
metadata, attachments and every object and stream decoded by pypdf, and the whole
file rewritten by qpdf (pikepdf) with every stream decoded; an HTML file's raw text,
its text and attribute values as parsed, and each ``data:`` URI decoded (a PDF in one
searched as a PDF); every part of a .docx (or any zip) unzipped; any other file's bytes.
The file's own name is part of what it holds. ``Contents.contains`` looks for a marker
in all of it, case-insensitively, as UTF-8 and UTF-16.
"""

from __future__ import annotations

import base64
import functools
import io
import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pikepdf
import pypdf
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from helpers import pdf_outline


@dataclass
class Contents:
    """Texts and byte strings found in an output (and the sizes of a PDF's images)."""

    texts: list[str] = field(default_factory=list)
    blobs: list[bytes] = field(default_factory=list)
    image_sizes: set[tuple[int, int]] = field(default_factory=set)

    def add(self, other: Contents) -> None:
        self.texts += other.texts
        self.blobs += other.blobs
        self.image_sizes |= other.image_sizes

    @functools.cached_property
    def _lowered(self) -> tuple[str, list[bytes]]:
        return "\n".join(self.texts).casefold(), [b.lower() for b in self.blobs]

    def contains(self, marker: str) -> bool:
        text, blobs = self._lowered
        low = marker.casefold()
        encodings = [low.encode(), low.encode("utf-16-be"), low.encode("utf-16-le")]
        return low in text or any(e in blob for blob in blobs for e in encodings)


def contents(path: Path) -> Contents:
    """What ``path`` holds, read every way that suits its kind."""
    return _contents(path.resolve(), path.stat().st_mtime_ns)


@functools.cache
def _contents(path: Path, _mtime: int) -> Contents:
    data = path.read_bytes()
    found = Contents(texts=[path.name])
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        found.add(pdf_contents(data, outline_of=path))
    elif suffix in (".html", ".htm"):
        found.add(html_contents(data.decode("utf-8")))
    elif suffix in (".docx", ".xlsx", ".zip"):
        found.add(zip_contents(data))
    else:
        found.blobs.append(data)
        found.texts.append(data.decode("utf-8", "replace"))
    return found


def pdf_contents(data: bytes, outline_of: Path | None = None) -> Contents:
    """Page text, metadata, outline, attachments, every object and stream decoded, and
    the file as qpdf writes it with every stream decoded."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    found = Contents(texts=[page.extract_text() or "" for page in reader.pages])
    found.texts += [str(v) for v in (reader.metadata or {}).values()]
    if outline_of is not None:
        found.texts += [title for title, _, _ in pdf_outline(outline_of)]
    for name, parts in reader.attachments.items():
        found.texts.append(name)
        found.blobs += parts
    found.blobs.append(data)
    seen: set[int] = set()

    def visit(obj: object) -> None:
        if isinstance(obj, IndirectObject):
            if obj.idnum in seen:
                return
            seen.add(obj.idnum)
            obj = obj.get_object()
        if isinstance(obj, StreamObject):
            try:
                found.blobs.append(obj.get_data())
            except (ValueError, NotImplementedError, pypdf.errors.PdfReadError):
                found.blobs.append(obj._data)
            if obj.get("/Subtype") == "/Image":
                found.image_sizes.add((int(obj["/Width"]), int(obj["/Height"])))
        if isinstance(obj, DictionaryObject):
            for key, value in obj.items():
                found.texts.append(str(key))
                visit(value)
        elif isinstance(obj, ArrayObject):
            for value in obj:
                visit(value)
        elif isinstance(obj, str):
            found.texts.append(str(obj))
        elif isinstance(obj, bytes):
            found.blobs.append(bytes(obj))

    visit(reader.trailer)
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            visit(IndirectObject(number, 0, reader))
        except (pypdf.errors.PdfReadError, ValueError, KeyError):
            continue
    found.blobs.append(qpdf_decoded(data))
    return found


def qpdf_decoded(data: bytes) -> bytes:
    """The PDF as qpdf rewrites it: object streams undone, every stream decoded."""
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.save(out, compress_streams=False, qdf=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.disable,
                 stream_decode_level=pikepdf.StreamDecodeLevel.all)
    return out.getvalue()


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = Contents()

    def handle_data(self, data: str) -> None:
        self.found.texts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            self.found.texts += [name, value or ""]
            for match in re.finditer(r"data:([^,;]*)[^,]*;base64,([A-Za-z0-9+/=]+)", value or ""):
                decoded = base64.b64decode(match.group(2))
                self.found.blobs.append(decoded)
                if match.group(1) == "application/pdf":
                    self.found.add(pdf_contents(decoded))

    def handle_comment(self, data: str) -> None:
        self.found.texts.append(data)


def html_contents(text: str) -> Contents:
    """Raw text, parsed text and attribute values, and decoded data URIs."""
    parser = _Html()
    parser.feed(text)
    parser.found.texts.insert(0, text)
    return parser.found


def zip_contents(data: bytes) -> Contents:
    """Every part of a zip package (a .docx), as bytes and as text."""
    found = Contents()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            part = archive.read(name)
            found.texts += [name, part.decode("utf-8", "replace")]
            found.blobs.append(part)
    return found
