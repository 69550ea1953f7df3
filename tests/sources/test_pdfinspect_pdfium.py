"""The PDF reader's fast path: PDFium reads every page's text and draws the page images,
pypdf reads a file only where it may carry scripts or actions or hide text under a black
box, and the worker starts without importing what it does not use. The files are made
by Typst, by pypdf, by hand (to write names escaped) and by pikepdf (object streams)."""

from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pypdf
import pytest
from helpers.pdf import COVERED, pages_pdf
from pypdf.annotations import Link

from boardpack.sources.pdf import pdfium as pdfread
from boardpack.sources.pdf import scan as pdfscan
from boardpack.sources.pdf import worker
from boardpack.sources.pdf.worker import inspect_bounded

TEXT = pages_pdf("Office finance: the ‘first’ café report TEXTPAGE.", "Second page.")
COLOUR = pages_pdf('#rect(width: 100%, height: 50%, fill: gradient.linear(red, blue))\nCOLOURPAGE')


def hand_made(action: bytes) -> bytes:
    """A one-page PDF written by hand, uncompressed, that runs ``action`` when opened."""
    content = b"BT /F1 24 Tf 72 700 Td (HANDMADE page) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R "
        b"/Resources << /Font << /F1 6 0 R >> >> >>",
        action,
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = b"%PDF-1.7\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, table)
    return out


SCRIPT = b"<< /S /JavaScript /JS (app.alert\\(1\\);) >>"


@pytest.mark.parametrize(("action", "found"), [
    (SCRIPT, ["JavaScript"]),
    # Names may be written with #xx escapes; pypdf reads them as the plain name.
    (b"<< /S /J#61vaScript /JS (app.alert\\(1\\);) >>", ["JavaScript"]),
    (b"<< /#53 /#4c#61unch /F (calc.exe) >>", ["an action that starts a program"]),
    (b"<< /S /URI /URI (javascript:alert\\(1\\)) >>",
     ["a link that runs a script or opens a local file"]),
    (b"<< /S /GoTo /D [3 0 R /Fit] /Next << /S /SubmitForm /F (https://example.org) >> >>",
     ["a form that sends data"]),
])
def test_actions_are_found_however_their_names_are_written(action: bytes,
                                                           found: list[str]) -> None:
    data = hand_made(action)
    assert pdfread.may_carry_actions(data)
    inspection = inspect_bounded(data, max_pages=10)
    assert inspection.active == found
    assert "HANDMADE page" in inspection.pages[0].text
    # The same as pypdf finds reading the whole file.
    assert pdfscan.active_content(pypdf.PdfReader(io.BytesIO(data))) == found


def test_a_file_without_those_names_is_not_read_by_pypdf() -> None:
    """A GoTo action, a Typst report: nothing pypdf looks for is in the bytes."""
    plain = hand_made(b"<< /S /GoTo /D [3 0 R /Fit] >>")
    for data in (plain, TEXT):
        assert not pdfread.may_carry_actions(data)
        assert pdfscan.active_content(pypdf.PdfReader(io.BytesIO(data))) == []
        assert inspect_bounded(data, max_pages=10).active == []
    # Names that only start like the ones looked for do not count.
    assert not pdfread.may_carry_actions(b"/AAAAAB+Calibri /URIs /Launched /AAPL")
    assert pdfread.may_carry_actions(b"/AA<<") and pdfread.may_carry_actions(b"/AA")


def test_a_script_inside_an_object_stream_is_found() -> None:
    """pikepdf moves the action into a compressed object stream: its name is no longer in
    the file's bytes, but /ObjStm is, so pypdf reads the file."""
    pikepdf = pytest.importorskip("pikepdf")
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(hand_made(SCRIPT))) as pdf:
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
    data = out.getvalue()
    assert b"/JavaScript" not in data and b"/ObjStm" in data
    assert inspect_bounded(data, max_pages=10).active == ["JavaScript"]


def test_a_link_annotation_with_a_script_is_found() -> None:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(TEXT))
    writer.add_annotation(0, Link(rect=(50, 50, 300, 90), url="javascript:alert(1)"))
    out = io.BytesIO()
    writer.write(out)
    assert inspect_bounded(out.getvalue(), max_pages=10).active == [
        "a link that runs a script or opens a local file"]


# --- what the worker imports ----------------------------------------------------------


def run_python(code: str, tmp_path: Path, **files: bytes) -> str:
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_pypdf_is_imported_only_for_a_file_that_needs_it(tmp_path: Path) -> None:
    code = """
import json, sys
from pathlib import Path
from boardpack.sources.pdf import worker
heavy = lambda: sorted(m for m in ("pypdf", "pypdfium2_raw", "typst") if m in sys.modules)
out = {"api": heavy()}
from boardpack.sources.pdf import pdfium as pdfread
pdfread.inspect(Path("text.pdf").read_bytes(), max_pages=10, image_pages=1)
out["text"] = heavy()
pdfread.inspect(Path("covered.pdf").read_bytes(), max_pages=10)
out["covered"] = heavy()
print(json.dumps(out))
"""
    found = json.loads(run_python(code, tmp_path, **{"text.pdf": TEXT, "covered.pdf": COVERED}))
    assert found == {"api": [], "text": ["pypdfium2_raw", "typst"],
                     "covered": ["pypdf", "pypdfium2_raw", "typst"]}


def test_the_worker_keeps_the_current_folder_off_its_path(tmp_path: Path) -> None:
    """The worker's command line: no ``site``, the current folder kept off the module
    path (a pack folder could hold a file named like a module), boardpack found."""
    (tmp_path / "typst.py").write_text("raise SystemExit('the pack folder was imported')\n")
    code = ("import sys; from boardpack.sources.pdf import worker; "
            "print(worker.inspect_bounded("
            "open('text.pdf', 'rb').read(), max_pages=10).pages[0].text)")
    assert "TEXTPAGE" in run_python(code, tmp_path, **{"text.pdf": TEXT})


def test_the_worker_runs_neither_the_source_registry_nor_the_converter(tmp_path: Path) -> None:
    """The worker's packages are set up bare: it reads a PDF with its own modules and the
    readers, never importing the source registry, the PDF converter or the kernel."""
    code = worker.bootstrap(
        "import json\n"
        "from boardpack.sources.pdf import worker\n"
        "worker.inspect(open('text.pdf', 'rb').read(), max_pages=10, image_pages=1)\n"
        "print(json.dumps({'modules': sorted(m for m in sys.modules if 'boardpack' in m),\n"
        "    'registry': hasattr(sys.modules['boardpack.sources'], 'kind_for'),\n"
        "    'converter': hasattr(sys.modules['boardpack.sources.pdf'], 'convert')}))\n")
    (tmp_path / "text.pdf").write_bytes(TEXT)
    done = subprocess.run([sys.executable, "-S", "-P", "-c", code], cwd=tmp_path, check=False,
                          capture_output=True, text=True,
                          env={"PYTHONPATH": os.pathsep.join(worker.worker_path())})
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["modules"] == ["boardpack", "boardpack.sources", "boardpack.sources.pdf",
                                "boardpack.sources.pdf.pdfium", "boardpack.sources.pdf.types",
                                "boardpack.sources.pdf.worker"]
    assert not found["registry"] and not found["converter"]


# --- text and images --------------------------------------------------------------------


def test_page_text_reads_naturally() -> None:
    """Ligatures (Typst sets "ffi" and "fi" as one glyph) come back as letters."""
    page = inspect_bounded(TEXT, max_pages=10).pages[0]
    assert page.text == "Office finance: the ‘first’ café report TEXTPAGE."
    assert page.text_readable


def png_pixels(data: bytes) -> tuple[int, int, int, list[bytes]]:
    """Width, height, channels and rows of a PNG as ``pdfread.png`` writes it."""
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    chunks, at = {}, 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at:at + 4])
        kind, body = data[at + 4:at + 8], data[at + 8:at + 8 + length]
        assert zlib.crc32(kind + body) == struct.unpack(">I", data[at + 8 + length:
                                                                   at + 12 + length])[0]
        chunks[kind] = chunks.get(kind, b"") + body
        at += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert depth == 8
    channels = {0: 1, 2: 3}[colour]
    raw = zlib.decompress(chunks[b"IDAT"])
    row = width * channels + 1
    rows = [raw[y * row:(y + 1) * row] for y in range(height)]
    assert all(line[0] == 0 for line in rows)  # no filter
    return width, height, channels, [line[1:] for line in rows]


def test_page_images_are_grey_or_colour_as_the_page_is() -> None:
    text = inspect_bounded(TEXT, max_pages=10, image_pages=1)
    assert len(text.images) == 1  # only the pages asked for
    width, height, channels, rows = png_pixels(text.images[0])
    assert (width, height, channels) == (496, 702, 1)  # A4 at 60 ppi, grey
    assert rows[0][0] == 255 and min(min(line) for line in rows) < 100  # white, dark text
    (image,) = inspect_bounded(COLOUR, max_pages=10, image_pages=5).images
    width, height, channels, rows = png_pixels(image)
    assert (width, height, channels) == (496, 702, 3)
    # The gradient runs from red on the left to blue on the right.
    middle = rows[200]
    left, right = middle[60 * 3:60 * 3 + 3], middle[430 * 3:430 * 3 + 3]
    assert left[0] > 150 > left[2] and right[2] > 150 > right[0]


def test_a_huge_page_gets_a_smaller_image() -> None:
    huge = pages_pdf("HUGE", page="width: 4000pt, height: 4000pt")
    (image,) = inspect_bounded(huge, max_pages=10, image_pages=1).images
    width, height, _, _ = png_pixels(image)
    assert width == height and width * height <= pdfread.MAX_IMAGE_PIXELS
    assert width < 4000 * 60 / 72
