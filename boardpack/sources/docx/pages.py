"""The page headers and footers of a Word file: the text a reader sees on its pages.

Pandoc's docx reader leaves headers and footers out, so a report's committee name,
reference or "Part A – public report" line would vanish. ``read`` finds the
headers and footers Word shows (each section's default ones; first-page ones where
the section has a different first page; even-page ones where the document has
different odd and even pages), takes their text without page numbers ("Page 3 of
7" and the fields that make it), and notes the pictures (a logo) and watermarks
(such as DRAFT) that the pack cannot show, for warnings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from boardpack.sources.docx.inspect import OFF, Package, parse, w_name, w_val
from boardpack.sources.docx.rewrite import MC, Stack

VML = "urn:schemas-microsoft-com:vml"
PAGE_FIELDS = {"PAGE", "NUMPAGES", "SECTIONPAGES", "SECTION", "PAGEREF"}
PAGE_MARK = "\u0000"
# "Page 3 of 7", "Page 3", "3 / 7", "- 3 -" once the numbers are marked.
PAGE_WORDS = re.compile(r"(?i)(?:\b(?:page|pg\.?|p\.|seite|pagina|página|side|sida|strona)\s*)?"
                        r"\x00(?:\s*(?:of|von|de|sur|di|van|av|z|/)\s*\x00)*")
ENDS = " \t-–—|·•,;"
SECTION = re.compile(rb"<(?:[\w.-]+:)?sectPr\b[^>]*?/>|<(?:[\w.-]+:)?sectPr\b.*?"
                     rb"</(?:[\w.-]+:)?sectPr>", re.S)
REFERENCE = re.compile(rb"<(?:[\w.-]+:)?(header|footer)Reference\b([^>]*)>")
ATTRIBUTE = re.compile(rb"""(?:[\w.-]+:)?(type|id)\s*=\s*["']([^"']*)["']""")


@dataclass
class Pages:
    """What the pages of a Word file show around the text."""

    headers: list[str] = field(default_factory=list)
    footers: list[str] = field(default_factory=list)
    pictures: int = 0
    watermarks: list[str] = field(default_factory=list)


def shown_parts(package: Package) -> tuple[list[str], list[str]]:
    """The header and footer parts Word shows, in order, each once."""
    by_id = {rel.id: rel.target for rel in package.relationships(package.main)
             if rel.kind in ("header", "footer") and not rel.external}
    settings = package.related("settings")
    even = bool(settings) and _flag_set(package.parts.get(settings or "", b""),
                                        b"evenAndOddHeaders")
    found: dict[str, list[str]] = {"header": [], "footer": []}
    inherited: dict[tuple[str, str], str] = {}  # a section without its own takes the last
    for section in SECTION.finditer(package.parts[package.main]):
        first = _flag_set(section.group(0), b"titlePg")
        for reference in REFERENCE.finditer(section.group(0)):
            attrs = dict(ATTRIBUTE.findall(reference.group(2)))
            kind = (attrs.get(b"type") or b"default").decode("ascii", "replace")
            part = by_id.get((attrs.get(b"id") or b"").decode("utf-8", "replace"))
            if part in package.parts:
                inherited[(reference.group(1).decode(), kind)] = part
        for (which, kind), part in inherited.items():
            shown = kind == "default" or (kind == "first" and first) or (kind == "even" and even)
            if shown and part not in found[which]:
                found[which].append(part)
    return found["header"], found["footer"]


def _flag_set(xml: bytes, name: bytes) -> bool:
    found = re.search(rb"<(?:[\w.-]+:)?" + name + rb"\b([^>]*)>", xml)
    if not found:
        return False
    value = re.search(rb"""val\s*=\s*["']([^"']*)["']""", found.group(1))
    return value is None or value.group(1).decode().lower() not in OFF


def read(package: Package) -> Pages:
    """The text of the headers and footers Word shows, without page numbers."""
    pages = Pages()
    headers, footers = shown_parts(package)
    seen: set[str] = set()
    for parts, out in ((headers, pages.headers), (footers, pages.footers)):
        for part in parts:
            lines, pictures, watermarks = part_text(package.parts[part], part)
            pages.pictures += pictures
            pages.watermarks += [w for w in watermarks if w not in pages.watermarks]
            for line in lines:
                key = " ".join(line.lower().split())
                if key not in seen:
                    seen.add(key)
                    out.append(line)
    return pages


def part_text(data: bytes, name: str) -> tuple[list[str], int, list[str]]:
    """A header or footer part's lines of text (page numbers out), pictures, watermarks."""
    reader = _Reader()
    parse(data, name, reader.start, reader.end, reader.text)
    return [line for line in (clean(p) for p in reader.paragraphs) if line], \
        reader.pictures, reader.watermarks


def clean(text: str) -> str:
    """A line without its page numbering, the parts Word set apart by tabs joined."""
    text = PAGE_WORDS.sub("", text)
    pieces = [p.strip(ENDS) for p in re.split(r"[\t\n]+", text)]
    line = " · ".join(p for p in pieces if p)
    return line if re.search(r"\w", line) else ""


class _Reader(Stack):
    """An expat pass over a header or footer part that collects what a reader sees."""

    def __init__(self) -> None:
        super().__init__()
        self.paragraphs: list[str] = []
        self.open: list[list[str]] = []
        self.fields: list[list[str]] = []  # [instruction, phase] of each open complex field
        self.simple: list[bool] = []  # open fldSimple: whether it is a page number
        self.hidden = False
        self.choice_content: list[bool] = []
        self.pictures = 0
        self.watermarks: list[str] = []

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if self.push(tag):
            return
        namespace, _, local = tag.rpartition(" ")
        if namespace == MC:
            if local == "AlternateContent":
                self.choice_content.append(False)
            elif local == "Choice" and self.choice_content:
                self.choice_content[-1] = True
            elif local == "Fallback" and self.choice_content and self.choice_content[-1]:
                self.skip()
            return
        if namespace == VML and local == "textpath" and attrs.get("string"):
            if attrs["string"] not in self.watermarks:
                self.watermarks.append(attrs["string"])
            return
        if (namespace == VML and local == "imagedata") or local == "blip":
            self.pictures += 1
            return
        local = w_name(tag)
        if local == "p":
            self.open.append([])
        elif local == "r":
            self.hidden = False
        elif local == "vanish" and self.stack[-2:-1] and w_name(self.stack[-2]) == "rPr":
            self.hidden = (w_val(attrs) or "1").lower() not in OFF
        elif local in ("tab", "ptab") and self.open and w_name(self.stack[-2]) == "r":
            self.add("\t")
        elif local in ("br", "cr") and self.open:
            self.add("\n")
        elif local == "noBreakHyphen" and self.open:
            self.add("-")
        elif local == "fldChar":
            self.field_char(w_val(attrs, "fldCharType") or "")
        elif local == "fldSimple":
            instr = (w_val(attrs, "instr") or "").split()
            self.simple.append(bool(instr) and instr[0].upper() in PAGE_FIELDS)
            if self.simple[-1]:
                self.add(PAGE_MARK)

    def field_char(self, kind: str) -> None:
        if kind == "begin":
            self.fields.append(["", "instr"])
        elif kind == "separate" and self.fields:
            self.fields[-1][1] = "result"
            if self.page_field(self.fields[-1]):
                self.add(PAGE_MARK)
        elif kind == "end" and self.fields:
            self.fields.pop()

    @staticmethod
    def page_field(found: list[str]) -> bool:
        words = found[0].split()
        return bool(words) and words[0].upper() in PAGE_FIELDS

    def end(self, tag: str) -> None:
        if self.pop():
            return
        namespace, _, local = tag.rpartition(" ")
        if namespace == MC and local == "AlternateContent" and self.choice_content:
            self.choice_content.pop()
        elif w_name(tag) == "p" and self.open:
            self.paragraphs.append("".join(self.open.pop()))
        elif w_name(tag) == "fldSimple" and self.simple:
            self.simple.pop()

    def text(self, chars: str) -> None:
        if self.ignoring or not self.stack or not self.open:
            return
        local = w_name(self.stack[-1])
        if local == "instrText" and self.fields:
            self.fields[-1][0] += chars
        elif local == "t" and not self.hidden and not self.in_page_number():
            if self.fields and self.fields[-1][1] == "result" and chars.startswith("Error!"):
                self.fields[-1][1] = "error"  # a field that found nothing (a STYLEREF)
            if not any(f[1] == "error" for f in self.fields):
                self.add(chars)

    def in_page_number(self) -> bool:
        return any(self.simple) or any(f[1] == "result" and self.page_field(f)
                                       for f in self.fields)

    def add(self, chars: str) -> None:
        if self.open:
            self.open[-1].append(chars)
