"""``w:altChunk``: content another program put into a Word file in its own format.

Word shows an alternative-format chunk (HTML, RTF, plain text, or a whole .docx)
where the document places it, converting it when the file is opened; Pandoc's docx
reader skips it. ``convert`` reads each chunk Pandoc can read (HTML, RTF, text,
Word) into blocks; any other kind (a web archive, Word 2003 XML) is named in a
warning instead.
"""

from __future__ import annotations

import codecs
import posixpath
import re
from dataclasses import dataclass, field
from typing import Any

from boardpack.pandoc import ast
from boardpack.pandoc import run as pandoc
from boardpack.problems import BoardpackError, Problem
from boardpack.sources.docx.inspect import BadPart, Package, parse

CONTENT_TYPES = "[Content_Types].xml"
# Content type (or, failing that, file ending) -> what Pandoc reads it as.
FORMATS = {"text/html": "html", "application/xhtml+xml": "html", "application/rtf": "rtf",
           "text/rtf": "rtf", "text/plain": "text", "application/vnd.openxmlformats-"
           "officedocument.wordprocessingml.document": "docx",
           "application/vnd.ms-word.document.macroenabled.12": "docx"}
ENDINGS = {".htm": "html", ".html": "html", ".xhtml": "html", ".rtf": "rtf", ".txt": "text",
           ".docx": "docx", ".docm": "docx"}
NAMES = {"message/rfc822": "a web archive (MHT)", ".mht": "a web archive (MHT)",
         ".mhtml": "a web archive (MHT)", "application/xml": "Word XML",
         "text/xml": "Word XML", ".xml": "Word XML"}
CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)


@dataclass
class Chunks:
    """Each chunk's blocks (empty for one that could not be read), and warnings."""

    blocks: list[list[dict[str, Any]]] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)  # what each unread chunk was


def content_types(package: Package) -> tuple[dict[str, str], dict[str, str]]:
    """The package's content types: by part name, and by file ending."""
    parts: dict[str, str] = {}
    endings: dict[str, str] = {}
    data = package.parts.get(CONTENT_TYPES)

    def start(tag: str, attrs: dict[str, str]) -> None:
        local = tag.rpartition(" ")[2]
        if local == "Override" and "PartName" in attrs:
            parts[attrs["PartName"].lstrip("/")] = attrs.get("ContentType", "").lower()
        elif local == "Default" and "Extension" in attrs:
            endings["." + attrs["Extension"].lower()] = attrs.get("ContentType", "").lower()

    if data:
        parse(data, CONTENT_TYPES, start)
    return parts, endings


def convert(package: Package, ids: list[str], where: Problem, timeout: float,
            read_docx: Any) -> Chunks:
    """Read each chunk (by relationship id) of the main document into blocks.

    ``read_docx(data)`` reads a chunk that is itself a Word file (into blocks)."""
    targets = {rel.id: rel.target for rel in package.relationships(package.main)
               if rel.kind == "aFChunk" and not rel.external}
    try:
        by_part, by_ending = content_types(package)
    except BadPart:  # damaged content types: the part names' endings still say
        by_part, by_ending = {}, {}
    out = Chunks()
    for rel_id in ids:
        part = targets.get(rel_id)
        if part is None or part not in package.parts:
            out.blocks.append([])
            out.unread.append("a chunk the file does not hold")
            continue
        ending = posixpath.splitext(part)[1].lower()
        kind = by_part.get(part) or by_ending.get(ending, "")
        fmt = FORMATS.get(kind) or ENDINGS.get(ending)
        if fmt is None:
            out.blocks.append([])
            out.unread.append(NAMES.get(kind) or NAMES.get(ending) or f"'{kind or ending}'")
            continue
        try:
            out.blocks.append(read(package.parts[part], fmt, where, timeout, read_docx))
        except BoardpackError as exc:
            out.blocks.append([])
            out.unread.append(f"{fmt.upper()} that Pandoc could not read "
                              f"({exc.problems[0].message[:80]})")
    return out


def read(data: bytes, fmt: str, where: Problem, timeout: float, read_docx: Any
         ) -> list[dict[str, Any]]:
    if fmt == "docx":
        return list(read_docx(data))
    if fmt == "text":  # a paragraph at each blank line
        return [ast.para(" ".join(p.split())) for p in re.split(r"\n\s*\n", decode(data))
                if p.strip()]
    if fmt == "html":
        data = decode(data).encode("utf-8")
    doc = pandoc.read(data, fmt, timeout=timeout, where=where)
    return list(doc["blocks"])


def decode(data: bytes) -> str:
    """Text in the encoding it declares (a BOM, an HTML meta charset), else UTF-8 or
    Windows-1252, the two Word writes."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, "replace")
    declared = CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"), "replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")
