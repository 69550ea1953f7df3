"""Looking inside a Word file before Pandoc reads it.

``unpack`` reads every part of a .docx with bounded reads (the sizes a zip claims
are not trusted) and refuses XML that declares a DTD, the only way to build an
entity bomb: Word never writes one. ``inspect`` finds what a reader of the pack
must not see or should know about (tracked changes, comments, hidden text,
pictures linked from outside the file) and cuts hidden runs out of the XML.
``repack`` writes the parts Pandoc should read, leaving comments and document
properties behind, so neither can reach the pack.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote
from xml.parsers import expat

from boardpack.sources.zipsafe import checked_read

W_NAMESPACES = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # ISO 29500 Strict
}
DEFAULT_MAIN = "word/document.xml"
# Parts Pandoc must not see: comments (and their authors) and document properties,
# which Pandoc would otherwise read into metadata that nobody sees in Word.
LEFT_OUT_TYPES = {"comments", "commentsExtended", "commentsIds", "commentsExtensible", "people"}
LEFT_OUT_FOLDERS = ("docProps/",)
TRACKED = {"ins": "insertions", "del": "deletions", "moveFrom": "moves", "moveTo": "moves"}
FORMAT_CHANGES = {"rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange",
                  "tcPrChange", "numberingChange"}
OFF = {"0", "false", "off"}
# Elements ``cut_hidden`` counts or that hide a run: a part with none of them (and a
# document with no hidden style) is left as it is, without calling Python per element.
NOTEWORTHY = (*TRACKED, *sorted(FORMAT_CHANGES), "commentRangeStart", "commentReference",
              "vanish")
DTD_MARKS = tuple("<!DOCTYPE".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))


class BadPart(ValueError):
    """A part of the file cannot be read safely; the message says which and why."""


@dataclass(frozen=True)
class Relationship:
    """One entry of a ``.rels`` part: its type's last word and the part (or URL) it names."""

    kind: str
    target: str
    external: bool = False
    identifier: str = ""  # its Id, by which the part's XML refers to it


@dataclass
class Findings:
    """What a reader of the pack would not see in Word's normal view, or should know."""

    insertions: int = 0
    deletions: int = 0
    moves: int = 0
    formatting: int = 0
    comments: set[str] = field(default_factory=set)
    hidden_words: int = 0
    hidden_pictures: int = 0
    linked_pictures: list[str] = field(default_factory=list)

    @property
    def tracked(self) -> int:
        return self.insertions + self.deletions + self.moves + self.formatting


@dataclass
class Package:
    """The parts of a .docx, read, and where its main document is."""

    parts: dict[str, bytes]
    main: str

    def relationships(self, part: str) -> list[Relationship]:
        """The relationships of ``part`` ("" for the package's own)."""
        folder, name = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", f"{name}.rels")
        return read_relationships(self.parts.get(rels, b""), folder, rels)

    def related(self, kind: str) -> str | None:
        """The part the main document names for ``kind`` (styles, footnotes …), if present."""
        for rel in self.relationships(self.main):
            if rel.kind == kind and not rel.external and rel.target in self.parts:
                return rel.target
        return None


def unpack(archive: zipfile.ZipFile, *, budget: int) -> Package:
    """Read every part, inflating at most ``budget`` bytes in all; find the main document.

    Raises UnsafeZip (too large), BadPart (XML with a DTD, no document) and the
    zipfile/zlib errors of a damaged archive.
    """
    parts: dict[str, bytes] = {}
    for info in archive.infolist():
        if info.is_dir():
            continue
        data = checked_read(archive, info.filename, limit=budget)
        budget -= len(data)
        if info.filename.endswith((".xml", ".rels")) and any(m in data for m in DTD_MARKS):
            raise BadPart(f"part '{info.filename}' declares a DTD, which Word never writes "
                          "(the file may be crafted to attack the reader)")
        parts[info.filename] = data
    main = next((r.target for r in read_relationships(parts.get("_rels/.rels", b""), "",
                                                      "_rels/.rels")
                 if r.kind == "officeDocument" and r.target in parts), DEFAULT_MAIN)
    if main not in parts:
        raise BadPart("it has no main document part, so it is not a Word document")
    return Package(parts, main)


def read_relationships(data: bytes, folder: str, name: str) -> list[Relationship]:
    found: list[Relationship] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag.rsplit(" ", 1)[-1] != "Relationship" or "Target" not in attrs:
            return
        kind = attrs.get("Type", "").rstrip("/").rsplit("/", 1)[-1]
        target = attrs["Target"]
        if attrs.get("TargetMode", "") == "External":
            found.append(Relationship(kind, target, external=True,
                                      identifier=attrs.get("Id", "")))
        else:
            found.append(Relationship(kind, resolve(folder, target),
                                      identifier=attrs.get("Id", "")))

    if data:
        parse(data, name, start)
    return found


def resolve(folder: str, target: str) -> str:
    """The part name a relative ``target`` names from ``folder``."""
    target = unquote(target.split("#")[0])
    joined = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
    return posixpath.normpath(joined).lstrip("/")


def parse(data: bytes, name: str, start: Callable[[str, dict[str, str]], None] | None = None,
          end: Callable[[str], None] | None = None, text: Callable[[str], None] | None = None,
          parser: expat.XMLParserType | None = None) -> None:
    """Stream ``data`` through expat (names as "namespace local"), refusing any DTD.

    Pass ``parser`` (from ``new_parser``) when the handlers need its byte offsets. With
    no handlers it only checks the XML (far faster: expat then never calls Python).
    """
    parser = parser or new_parser()

    def refuse(*_: Any) -> None:
        raise BadPart(f"part '{name}' declares a DTD, which Word never writes")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    if start:
        parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    if text:
        parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise BadPart(f"part '{name}' is damaged XML ({expat.ErrorString(exc.code)}, "
                      f"line {exc.lineno})") from None


def new_parser() -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


def w_name(tag: str) -> str:
    """The local name of a WordprocessingML element, or "" for any other namespace."""
    namespace, _, local = tag.rpartition(" ")
    return local if namespace in W_NAMESPACES else ""


def w_val(attrs: dict[str, str], key: str = "val") -> str | None:
    for name, value in attrs.items():
        if w_name(name) == key:
            return value
    return None


def findable(data: bytes) -> bool:
    """Whether the element names of an XML part can be looked for as bytes: UTF-8 (or
    ASCII), as Word writes it, rather than UTF-16 or a declared single-byte encoding."""
    head = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    if not head.startswith(b"<") or head[1:2] == b"\x00":
        return False
    declared = _ENCODING.match(head)
    return declared is None or declared.group(1).lower() in (b"utf-8", b"utf8")


_ENCODING = re.compile(rb"""<\?xml[^>]*?\bencoding\s*=\s*["']([^"']*)["']""")


def has_element(data: bytes, names: tuple[str, ...]) -> bool:
    """Whether a ``findable`` part may hold an element with one of these local names (in
    any namespace: a yes may be wrong, a no never is)."""
    pattern = rb"<(?:[^\s<>/:!?]+:)?(?:%s)[\s/>]" % b"|".join(n.encode() for n in names)
    return re.search(pattern, data) is not None


def hidden_styles(data: bytes, name: str) -> set[str]:
    """Ids of the styles (character or paragraph) whose text Word hides."""
    if findable(data) and not has_element(data, ("vanish",)):
        parse(data, name)  # no style is hidden; the part must still be sound XML
        return set()
    vanish: dict[str, bool | None] = {}
    based_on: dict[str, str] = {}
    stack: list[str] = []
    current = [""]

    def start(tag: str, attrs: dict[str, str]) -> None:
        local = w_name(tag)
        stack.append(local)
        if local == "style":
            current[0] = w_val(attrs, "styleId") or ""
            vanish.setdefault(current[0], None)
        elif local == "basedOn" and stack[-2:-1] == ["style"]:
            based_on[current[0]] = w_val(attrs) or ""
        elif local == "vanish" and stack[-3:-1] == ["style", "rPr"]:
            vanish[current[0]] = (w_val(attrs) or "1").lower() not in OFF

    parse(data, name, start, lambda _tag: stack.pop())

    def hidden(style: str) -> bool:
        seen: set[str] = set()
        while style and style not in seen:
            seen.add(style)
            if vanish.get(style) is not None:
                return bool(vanish[style])
            style = based_on.get(style, "")
        return False

    return {style for style in vanish if hidden(style)}


@dataclass
class _Run:
    start: int
    hidden: bool
    keep: bool = False
    text: list[str] = field(default_factory=list)
    pictures: int = 0


def cut_hidden(data: bytes, name: str, hidden: set[str], findings: Findings) -> bytes:
    """``data`` without its hidden runs; counts tracked changes, comments and what was cut.

    A run is hidden by ``w:vanish`` in its own properties or by a hidden character
    or paragraph style. Runs carrying field structure (``w:fldChar``, ``w:instrText``)
    are kept so fields stay whole; they hold no text a reader sees.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = re.sub(r"""encoding=["']UTF-16["']""", 'encoding="UTF-8"', data.decode("utf-16"),
                      count=1, flags=re.IGNORECASE)
        data = text.encode("utf-8")
    if not hidden and findable(data) and not has_element(data, NOTEWORTHY):
        parse(data, name)  # nothing to count or cut; the part must still be sound XML
        return data
    stack: list[str] = []
    runs: list[_Run] = []
    cuts: list[tuple[int, int]] = []
    paragraph_hidden: list[bool] = []  # one per open paragraph (text boxes nest them)
    parser = new_parser()

    def start(tag: str, attrs: dict[str, str]) -> None:
        local = w_name(tag)
        stack.append(local)
        parent = stack[-3:-1]
        if local in TRACKED:
            setattr(findings, TRACKED[local], getattr(findings, TRACKED[local]) + 1)
        elif local in FORMAT_CHANGES:
            findings.formatting += 1
        elif local in ("commentRangeStart", "commentReference"):
            findings.comments.add(w_val(attrs, "id") or "")
        elif local == "p":
            paragraph_hidden.append(False)
        elif local == "pStyle" and parent[-1:] == ["pPr"] and paragraph_hidden:
            paragraph_hidden[-1] = (w_val(attrs) or "") in hidden
        elif local == "r":
            runs.append(_Run(parser.CurrentByteIndex, any(paragraph_hidden[-1:])))
        elif runs and parent == ["r", "rPr"] and local == "rStyle":
            runs[-1].hidden = runs[-1].hidden or (w_val(attrs) or "") in hidden
        elif runs and parent == ["r", "rPr"] and local == "vanish":
            runs[-1].hidden = (w_val(attrs) or "1").lower() not in OFF
        elif runs and local in ("fldChar", "instrText"):
            runs[-1].keep = True
        elif runs and local in ("drawing", "pict", "object"):
            runs[-1].pictures += 1

    def end(tag: str) -> None:
        local = stack.pop()
        if local == "p" and paragraph_hidden:
            paragraph_hidden.pop()
        if local != "r" or not runs:
            return
        run = runs.pop()
        if run.hidden and not run.keep:
            close = data.find(b">", parser.CurrentByteIndex) + 1
            cuts.append((run.start, close))
            findings.hidden_words += len("".join(run.text).split())
            findings.hidden_pictures += run.pictures

    def text(chars: str) -> None:
        if runs and stack and stack[-1] == "t":
            runs[-1].text.append(chars)

    parse(data, name, start, end, text, parser)
    return splice_out(data, cuts) if cuts else data


def splice_out(data: bytes, cuts: list[tuple[int, int]]) -> bytes:
    """``data`` without the byte ranges in ``cuts`` (nested ranges allowed)."""
    out, position = [], 0
    for begin, finish in sorted(cuts):
        if begin < position:
            continue  # inside a range already cut
        out.append(data[position:begin])
        position = finish
    out.append(data[position:])
    return b"".join(out)


def inspect(package: Package) -> Findings:
    """Count what the reader should know about, and cut hidden text out of the package."""
    findings = Findings()
    styles = package.related("styles")
    hidden = hidden_styles(package.parts[styles], styles) if styles else set()
    for part in (package.main, package.related("footnotes"), package.related("endnotes")):
        if part:
            package.parts[part] = cut_hidden(package.parts[part], part, hidden, findings)
    findings.comments.discard("")
    findings.linked_pictures = [rel.target for rel in package.relationships(package.main)
                                if rel.kind == "image" and rel.external]
    return findings


def repack(package: Package) -> bytes:
    """The package as a zip for Pandoc, without comments and document properties."""
    left_out = {rel.target for rel in package.relationships(package.main)
                if rel.kind in LEFT_OUT_TYPES}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in package.parts.items():
            if name not in left_out and not name.startswith(LEFT_OUT_FOLDERS):
                archive.writestr(name, data)
    return buffer.getvalue()


# What reading a damaged or hostile archive can raise (UnsafeZip and BadPart are ValueErrors).
READ_ERRORS = (ValueError, zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError,
               NotImplementedError)
