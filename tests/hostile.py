"""The hostile-input pack: reports that try every way of getting live content into a pack.

The committed files beside this module are the pack; ``make`` copies it to a
temporary folder and adds what has to be generated (a Word report with hostile
links, once boardpack reads Word files). ``live_content`` lists whatever in an
HTML page could run or load something, so tests can assert it finds nothing.
"""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import sys
import zlib
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pypdf
import typst
from pypdf.actions import JavaScript
from pypdf.annotations import Link

from boardpack import sources
from boardpack.pandoc import run as pandoc

HERE = Path(__file__).resolve().parent / "data" / "hostile-pack"
PLANTED = "PWNED"  # every planted script would put this in the page title or body
SAFE_LINK = "https://www.gov.uk/"
LIVE_TAGS = {"script", "iframe", "frame", "object", "embed", "applet", "form", "base", "meta",
             "link", "style", "svg", "math", "template", "noscript", "portal"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "srcdoc",
                  "background", "poster", "srcset"}
SAFE_DATA_URI = ("data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp",
                 "data:image/svg+xml")
TEMPLATE_TAGS = {"meta", "style"}  # the pack's own <head> has one of each kind we allow

WORD_REPORT = f"""\
# A Word report with hostile links

A [javascript link](javascript:document.title='{PLANTED}'), a
[data link](data:text/html;base64,PHNjcmlwdD5kb2N1bWVudC50aXRsZT0nUFdORUQnPC9zY3JpcHQ+), a
[vbscript link](vbscript:msgbox) and a [safe link]({SAFE_LINK}).

<script>document.title = "{PLANTED}"</script>
"""


def run_cli(*args: str | Path, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    """The real CLI in a subprocess, no input: a hang shows as a timeout, not a stuck run."""
    return subprocess.run([sys.executable, "-m", "boardpack.cli", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL, check=False)


def word_supported() -> bool:
    return "docx" in sources.kinds()


def word_report() -> bytes:
    """A real .docx whose hyperlinks point at javascript:, data: and vbscript: targets."""
    return pandoc.run(["-f", "markdown", "-t", "docx", "-o", "-"], WORD_REPORT.encode("utf-8"))


def scripted_pdf() -> bytes:
    """A real PDF that runs a script when opened and has a javascript: link on its page."""
    page = typst.compile(b"= A PDF that carries scripts\n\nThe words on its page.\n",
                         format="pdf")
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(page))
    writer.add_open_action(JavaScript(f"app.alert('{PLANTED}');"))
    writer.add_annotation(0, Link(rect=(50, 50, 300, 90), url=f"javascript:app.alert('{PLANTED}')"))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def hostile_workbook() -> bytes:
    """A real .xlsx whose cells hold markup, Typst and a javascript: hyperlink."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Indicator", "Value"])
    sheet.append([f"<script>document.title='{PLANTED}'</script>", 1])
    sheet.append(["#counter(page).update(100) #read(\"/etc/passwd\")", 2])
    sheet.append([f"<img src=x onerror=\"document.title='{PLANTED}'\">", 3])
    sheet["A2"].hyperlink = f"javascript:document.title='{PLANTED}'"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# Generated inputs: (kind, file name, maker, title), added where boardpack reads the kind.
GENERATED = [
    ("docx", "word-links.docx", word_report, "A Word report with hostile links"),
    ("pdf", "scripted.pdf", scripted_pdf, "A PDF that carries scripts"),
    ("xlsx", "hostile-cells.xlsx", hostile_workbook, "A workbook with hostile cells"),
]


def make(target: Path) -> Path:
    """A copy of the hostile pack in ``target``, with generated inputs added."""
    shutil.copytree(HERE, target, ignore=shutil.ignore_patterns("*.py", "__pycache__", "build"))
    for kind, name, maker, title in GENERATED:
        if kind not in sources.kinds():
            continue
        (target / "reports" / name).write_bytes(maker())
        with open(target / "pack.toml", "a", encoding="utf-8") as handle:
            handle.write(f'\n[[item]]\nid = "{name.split(".")[0]}"\ntitle = "{title}"\n'
                         f'presenter = "An untrusted author"\nfiles = ["reports/{name}"]\n')
    return target


def _live_url(tag: str, name: str, url: str) -> bool:
    """A script URL, or a data: URI that is not an image shown by <img>."""
    if url.startswith(("javascript:", "vbscript:")):
        return True
    return url.startswith("data:") and not (tag == "img" and name == "src"
                                            and url.startswith(SAFE_DATA_URI))


def demo_and_hostile(base: Path, formats: list[str]) -> dict[str, Path]:
    """The demo pack and the hostile pack, copied under ``base`` and built; their folders."""
    from helpers import DEMO

    from boardpack.pipeline.build import build

    demo = base / DEMO.name
    shutil.copytree(DEMO, demo, ignore=shutil.ignore_patterns("build", ".history", "issued"))
    roots = {"demo": demo, "hostile": make(base / "hostile-pack")}
    for root in roots.values():
        result = build(root, formats=formats)
        assert result.ok, [str(p) for p in result.problems]
    return roots


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.head_tags: dict[str, int] = {}
        self.in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "head":
            self.in_head = True
        if tag in LIVE_TAGS:
            if self.in_head and tag in TEMPLATE_TAGS:
                self.head_tags[tag] = self.head_tags.get(tag, 0) + 1
            else:
                self.found.append(f"<{tag}> element")
        for name, value in attrs:
            value = (value or "").strip()
            squashed = "".join(value.split()).lower()
            if name.startswith("on"):
                self.found.append(f"{name}= on <{tag}>")
            elif name in URL_ATTRIBUTES and _live_url(tag, name, squashed):
                self.found.append(f"{name}={value[:40]} on <{tag}>")
            elif name == "style" and ("expression(" in squashed or "url(" in squashed):
                self.found.append(f"style={value[:40]} on <{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False


def live_content(page: str) -> list[str]:
    """Everything in ``page`` that could run or load something, described briefly.

    The pack's own ``<head>`` may hold its meta tags and one stylesheet; anything
    else from the lists above, anywhere, is reported.
    """
    finder = _Finder()
    finder.feed(page)
    finder.close()
    if finder.head_tags.get("style", 0) > 1:
        finder.found.append("more than one <style> in <head>")
    return finder.found


# --- broken and hostile Office files ----------------------------------------------

MB = 1 << 20
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def png(width: int = 4, height: int = 4, rgb: tuple[int, int, int] = (29, 79, 145)) -> bytes:
    """A valid PNG of one colour, made without any imaging library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    rows = b"".join(b"\0" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                                0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


PNG_1PX = png(1, 1)


def _zip(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip built by hand from (name, stored bytes, method, crc, declared size) members."""
    body, central = bytearray(), bytearray()
    for name, stored, method, crc, size in members:
        encoded = name.encode("utf-8")
        header = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc,
                             len(stored), size, len(encoded), 0)
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21,
                               crc, len(stored), size, len(encoded), 0, 0, 0, 0, 0,
                               len(body)) + encoded
        body += header + encoded + stored
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central),
                      len(body), 0)
    return bytes(body + central + end)


def zip_bomb(part: str, megabytes: int, *, lie: bool = False,
             others: dict[str, bytes] | None = None) -> bytes:
    """An Office-looking zip whose ``part`` inflates to ``megabytes`` MB of zeros.

    Made in milliseconds by repeating one independently deflated megabyte. With
    ``lie`` the archive claims the part is 1 kB, as a hostile file would.
    """
    squeezer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = squeezer.compress(b"\0" * MB) + squeezer.flush(zlib.Z_FULL_FLUSH)
    stream = block * megabytes + b"\x03\x00"  # an empty final block ends the stream
    crc = 0
    chunk = b"\0" * MB
    for _ in range(megabytes):
        crc = zlib.crc32(chunk, crc)
    members = [(name, data, 0, zlib.crc32(data), len(data))
               for name, data in (others or {}).items()]
    members.append((part, stream, 8, crc, 1000 if lie else megabytes * MB))
    return _zip(members)


def docx_bomb(megabytes: int, *, lie: bool = False) -> bytes:
    return zip_bomb("word/document.xml", megabytes, lie=lie, others=DOCX_PARTS)


def xlsx_bomb(megabytes: int, *, lie: bool = False) -> bytes:
    return zip_bomb("xl/worksheets/sheet1.xml", megabytes, lie=lie, others=XLSX_PARTS)


DOCX_PARTS = {
    "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.'
    b'org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
    b'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="'
    b'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b"</Types>",
    "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats'
    b'.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    b'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/'
    b'document.xml"/></Relationships>',
}
XLSX_PARTS = {
    "[Content_Types].xml": DOCX_PARTS["[Content_Types].xml"].replace(
        b"wordprocessingml.document.main", b"spreadsheetml.sheet.main"),
    "_rels/.rels": DOCX_PARTS["_rels/.rels"].replace(b"word/document.xml", b"xl/workbook.xml"),
    "xl/workbook.xml": b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.'
    b'org/spreadsheetml/2006/main"><sheets><sheet name="S" sheetId="1" r:id="rId1" xmlns:r="'
    b'http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></sheets>'
    b"</workbook>",
}
