"""PDF reports and appendices: placed page by page in the PDF pack (text kept, fitted on
A4, page numbers and bookmarks right), readable page by page in the HTML pack with the
original as a download; broken, locked, empty and over-long files refused in one line;
black boxes over text found. Every PDF here is made by Typst in the test."""

from __future__ import annotations

import base64
import io
import json
import textwrap
from pathlib import Path
from typing import Any

import pypdf
import pytest
import typst
from helpers import MEETING, pdf_outline, pdf_pages
from helpers.pdf import COVERED, html_sections, pages_pdf, typst_pdf
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, FloatObject, NameObject

from boardpack.pack import agenda
from boardpack.pack import load as packfile
from boardpack.pandoc.raw import typst_string
from boardpack.pipeline.build import build
from boardpack.pipeline.check import check
from boardpack.sources import Context
from boardpack.sources.pdf import page_images, worker
from boardpack.sources.pdf import pdfium as pdfread
from boardpack.sources.pdf.types import PdfProblem

TRICKY = 'Quote " backslash \\ hash #let x = 1 ] [ <script>alert(1)</script> $x$ @ref'
A4 = (595.28, 841.89)






def rotated(data: bytes, index: int, degrees: int) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    writer.pages[index].rotate(degrees)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def write_pack(root: Path, items: str, files: dict[str, bytes | str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "pack.toml").write_text(MEETING + "\n" + textwrap.dedent(items), encoding="utf-8")
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


# --- a pack with an officer's PDF and a report with a wide appendix --------------------------

REPORT = pages_pdf("Report page ALPHAONE.", f"Report page ALPHATWO. #{json.dumps(TRICKY)}",
                   "Report page ALPHATHREE.")
WIDE = rotated(
    pages_pdf(
        '#set page(paper: "a3", flipped: true)\n#place(top + left)[NORTHWESTATHREE]\n'
        "#place(bottom + right)[SOUTHEASTATHREE]",
        '#set page(paper: "a4", flipped: true)\n#place(top + left)[NORTHWESTLANDSCAPE]\n'
        "#place(bottom + right)[SOUTHEASTLANDSCAPE]",
        '#set page(paper: "a4", flipped: false)\n#place(top + left)[NORTHWESTROTATED]\n'
        "#place(bottom + right)[SOUTHEASTROTATED]",
        page='paper: "a4", margin: 0pt'),
    2, 90)
ITEMS = """
[[item]]
id = "report"
title = "Officer report as a PDF"
presenter = "Head of Service"
files = ["reports/report.pdf"]

[[item]]
id = "wide"
title = "Report with a wide appendix"
files = ["reports/wide-intro.md", "reports/wide-appendix.pdf"]
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_pack(tmp_path_factory.mktemp("pdfs") / "pdfs", ITEMS, {
        "reports/report.pdf": REPORT, "reports/wide-appendix.pdf": WIDE,
        "reports/wide-intro.md": "# Introduction\n\nThe appendix follows.\n"})
    result = build(root, editions=["members"])
    assert result.ok, [str(p) for p in result.problems]
    return root


def test_pdf_pages_follow_the_item_heading_in_one_document(built: Path) -> None:
    out = built / "build" / "members.pdf"
    pages = pdf_pages(out)
    entries = agenda.entries(packfile.load(built).pack)
    outline = pdf_outline(out)
    # One bookmark per agenda item: the officer PDF's own outline does not leak in.
    assert [title for title, _, _ in outline] == [entry.label for entry in entries]
    start = dict((title, page) for title, page, _ in outline)[
        next(e.label for e in entries if e.item.id == "report")]
    assert " ".join(pages[start - 1].split()).startswith(
        f"{next(e.number for e in entries if e.item.id == 'report')}. Officer report as a PDF")
    assert "Presented by: Head of Service" in pages[start - 1]
    found = [next(n for n, text in enumerate(pages, 1) if marker in text)
             for marker in ("ALPHAONE", "ALPHATWO", "ALPHATHREE")]
    # The first page shares the heading's page if it fits there well, else follows it;
    # each other page has its own, in order.
    assert found[0] in (start, start + 1)
    assert found == [found[0], found[0] + 1, found[0] + 2]
    # Running page numbers go on through the placed pages.
    for number in range(start, found[2] + 1):
        assert f"Page {number} of {len(pages)}" in pages[number - 1]


def test_agenda_gives_the_item_heading_page(built: Path) -> None:
    out = built / "build" / "members.pdf"
    pages = pdf_pages(out)
    start = next(page for title, page, _ in pdf_outline(out) if "Officer report" in title)
    agenda_text = " ".join(" ".join(pages[:2]).split())
    assert f"Officer report as a PDF Head of Service · For information {start}" in agenda_text


def test_wide_pages_are_fitted_on_a4_not_cropped(built: Path) -> None:
    reader = pypdf.PdfReader(built / "build" / "members.pdf")
    for corner in ("ATHREE", "LANDSCAPE", "ROTATED"):
        number = next(n for n, page in enumerate(reader.pages)
                      if f"NORTHWEST{corner}" in (page.extract_text() or ""))
        page = reader.pages[number]
        assert f"SOUTHEAST{corner}" in page.extract_text()
        assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == A4
        boxes = placed_forms(page)
        assert boxes, "the PDF page should be placed as a form XObject (vectors)"
        x0, y0, x1, y1 = boxes[0]
        assert x0 >= -0.5 and y0 >= -0.5 and x1 <= A4[0] + 0.5 and y1 <= A4[1] + 0.5
        # Fitted: it fills the width or the height of the text area (A4 less margins).
        assert x1 - x0 > 0.95 * (A4[0] - 2 * 56.7) or y1 - y0 > 0.8 * (A4[1] - 130)


def placed_forms(page: pypdf.PageObject) -> list[tuple[float, float, float, float]]:
    """The bounding box, on the page, of each form XObject its content draws."""
    stack: list[list[float]] = []
    ctm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    forms = page["/Resources"].get("/XObject", {})
    out = []
    for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
        if operator == b"q":
            stack.append(ctm)
        elif operator == b"Q":
            ctm = stack.pop()
        elif operator == b"cm":
            ctm = multiply([float(v) for v in operands], ctm)
        elif operator == b"Do":
            form = forms[operands[0]].get_object()
            if form.get("/Subtype") != "/Form":
                continue
            matrix = multiply([float(v) for v in form.get("/Matrix", [1, 0, 0, 1, 0, 0])], ctm)
            bx0, by0, bx1, by1 = (float(v) for v in form["/BBox"])
            points = [(x * matrix[0] + y * matrix[2] + matrix[4],
                       x * matrix[1] + y * matrix[3] + matrix[5])
                      for x, y in ((bx0, by0), (bx1, by0), (bx0, by1), (bx1, by1))]
            out.append((min(p[0] for p in points), min(p[1] for p in points),
                        max(p[0] for p in points), max(p[1] for p in points)))
    return out


def multiply(m: list[float], n: list[float]) -> list[float]:
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return [a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s,
            e * p + f * r + t, e * q + f * s + u]


def test_placed_pages_carry_their_text_as_alt_text(built: Path) -> None:
    """Screen readers of the tagged PDF get each placed page's text; Typst read the
    officer's text as a string literal, quotes, backslashes and markup included."""
    alts = alt_texts(pypdf.PdfReader(built / "build" / "members.pdf"))
    page_two = [alt for alt in alts if "ALPHATWO" in alt]
    assert page_two == [f"Page 2 of 3 of report.pdf: Report page ALPHATWO. {TRICKY}"]


def alt_texts(reader: pypdf.PdfReader) -> list[str]:
    found: list[str] = []
    seen: set[int] = set()

    def visit(node: Any) -> None:
        if hasattr(node, "idnum"):
            if node.idnum in seen:
                return
            seen.add(node.idnum)
        node = node.get_object()
        if isinstance(node, DictionaryObject):
            if "/Alt" in node:
                found.append(str(node["/Alt"]))
            for key, value in node.items():
                if key not in ("/P", "/Pg", "/Parent", "/ParentTree"):
                    visit(value)
        elif isinstance(node, ArrayObject):
            for value in node:
                visit(value)

    visit(reader.trailer["/Root"]["/StructTreeRoot"])
    return found






def test_html_shows_each_page_with_its_text_image_and_the_original(built: Path) -> None:
    html = html_sections(built / "build" / "members.html")
    report = [s for s in html.sections if (s["id"] or "").startswith("report--")]
    assert [s["id"] for s in report] == [f"report--report-page-{n}" for n in (1, 2, 3)]
    for number, (section, marker) in enumerate(zip(report, ("ALPHAONE", "ALPHATWO",
                                                            "ALPHATHREE"), strict=True), 1):
        assert section["text"].lstrip().startswith(f"Page {number}")
        assert marker in section["text"]
        (image,) = section["images"]
        assert image["src"].startswith("data:image/png;base64,")
        assert image["alt"] == f"Page {number} of report.pdf as an image; its text follows"
    # The officer's text is shown as text: no markup from it became live.
    assert TRICKY in " ".join(report[1]["text"].split())
    assert html.scripts == 0
    link = next(a for a in html.links if a.get("download") == "report.pdf")
    assert link["href"].startswith("data:application/pdf;base64,")
    assert base64.b64decode(link["href"].split(",", 1)[1]) == REPORT


def test_html_page_images_are_limited_by_option(tmp_path: Path) -> None:
    root = write_pack(tmp_path / "p", """
        [[item]]
        id = "long"
        title = "Long appendix"
        files = [{ path = "reports/long.pdf", page_images = 2 }]
        """, {"reports/long.pdf": pages_pdf(*(f"Page text LONG{n}." for n in range(1, 6)))})
    result = build(root, editions=["members"], formats=["html"])
    assert result.ok, [str(p) for p in result.problems]
    sections = html_sections(root / "build" / "members.html").sections
    assert [len(s["images"]) for s in sections] == [1, 1, 0, 0, 0]
    assert all(f"LONG{n}" in s["text"] for n, s in enumerate(sections, 1))
    assert "Images are shown for the first 2 pages only" in (
        root / "build" / "members.html").read_text(encoding="utf-8")


# --- refusals: one line naming pack, item and file -------------------------------------------


def encrypted(data: bytes, user: str, owner: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user, owner_password=owner, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def no_pages() -> bytes:
    out = io.BytesIO()
    pypdf.PdfWriter().write(out)
    return out.getvalue()


PLAIN = pages_pdf("An ordinary page OWNERONLYTEXT.", "Second page.")
BROKEN = {
    "locked": (encrypted(PLAIN, "secret", "owner"), "password-protected: ask for an "
                                                    "unprotected copy"),
    "damaged": (PLAIN[: len(PLAIN) // 3], "the PDF is damaged and cannot be read"),
    "empty": (no_pages(), "the PDF has no pages"),
    "renamed": (b"PK\x03\x04 this is a zip file, not a PDF", "is not a PDF file"),
    "zero-bytes": (b"", "is not a PDF file"),
}


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    items = "".join(f'\n[[item]]\nid = "{name}"\ntitle = "{name}"\n' for name in BROKEN)
    items += '\n[[item]]\nid = "restricted"\ntitle = "Owner password only"\n'
    items += '\n[[item]]\nid = "fine"\ntitle = "Fine"\n'
    files: dict[str, bytes | str] = {f"reports/{name}.pdf": data
                                     for name, (data, _) in BROKEN.items()}
    files["reports/restricted.pdf"] = encrypted(PLAIN, "", "owner")
    files["reports/fine.md"] = "A report that is fine.\n"
    root = write_pack(tmp_path_factory.mktemp("broken") / "broken", items, files)
    result = check(root, use_cache=False)
    return root, [str(p) for p in result.errors]


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_pdf_is_refused_in_one_line(checked: tuple[Path, list[str]], name: str) -> None:
    root, errors = checked
    mine = [e for e in errors if f"reports/{name}.pdf" in e]
    assert len(mine) == 1, errors
    assert "\n" not in mine[0] and "Traceback" not in mine[0]
    assert mine[0].startswith(f"error: {root.name}: item '{name}': reports/{name}.pdf: ")
    assert BROKEN[name][1] in mine[0]


def test_rest_of_pack_still_checks(checked: tuple[Path, list[str]]) -> None:
    """Only the broken files are errors: the owner-password-only PDF (printing or copying
    restricted, no password to open) and the Markdown report read fine."""
    _, errors = checked
    assert len(errors) == len(BROKEN), errors
    assert not any("restricted.pdf" in e or "fine.md" in e for e in errors)


def test_owner_password_only_pdf_renders(tmp_path: Path) -> None:
    root = write_pack(tmp_path / "p", '[[item]]\nid = "r"\ntitle = "Restricted"\n',
                      {"reports/r.pdf": encrypted(PLAIN, "", "owner")})
    result = build(root, editions=["members"], formats=["pdf"])
    assert result.ok, [str(p) for p in result.problems]
    assert "OWNERONLYTEXT" in "".join(pdf_pages(root / "build" / "members.pdf"))


def test_page_limit_is_configurable_and_refusal_is_clear(tmp_path: Path) -> None:
    root = write_pack(tmp_path / "p", '[limits]\nmax_pdf_pages = 3\n\n[[item]]\nid = "big"\n'
                      'title = "Too long"\n', {"reports/big.pdf": pages_pdf(*"abcd")})
    (error,) = [str(p) for p in check(root, use_cache=False).errors]
    assert "reports/big.pdf: has 4 pages, over the limit of 3" in error
    assert "max_pdf_pages" in error


def test_a_slow_read_is_stopped() -> None:
    with pytest.raises(PdfProblem, match="took more than"):
        worker.inspect_bounded(PLAIN, max_pages=10, seconds=0.01)


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_a_thousand_page_pdf_is_handled(tmp_path: Path) -> None:
    """At the default limit (1,000 pages) a long PDF is read in the bounded worker and
    placed whole; one page more is refused."""
    thousand = typst_pdf('#set page(paper: "a4")\n#for n in range(1, 1001) '
                         '[Page #n of the long appendix. #lorem(30) #pagebreak(weak: true)]')
    root = write_pack(tmp_path / "p", '[[item]]\nid = "long"\ntitle = "Long"\n',
                      {"reports/long.pdf": thousand})
    result = build(root, editions=["members"], formats=["pdf"])
    assert result.ok, [str(p) for p in result.problems]
    pages = pdf_pages(root / "build" / "members.pdf")
    assert "Page 1000 of the long appendix." in pages[-2]  # the last item follows it
    assert sum("of the long appendix." in page for page in pages) == 1000
    (root / "pack.toml").write_text((root / "pack.toml").read_text(encoding="utf-8").replace(
        "[[item]]", "[limits]\nmax_pdf_pages = 999\n\n[[item]]"), encoding="utf-8")
    (error,) = [str(p) for p in check(root, use_cache=False).errors]
    assert "has 1,000 pages, over the limit of 999" in error


# --- black boxes over text ------------------------------------------------------------------

CLEAN = pages_pdf("""
    Public sentence.

    #rect(width: 4cm, height: 1cm, fill: black)
    #rect(fill: black, inset: 6pt, text(fill: white)[White text on a black box])
    #line(length: 100%, stroke: 2pt + black)
    After the box, nothing is hidden.
    """)


def with_annotation(data: bytes, subtype: str, **extra: Any) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    annotation = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject(subtype),
        NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (60, 700, 300, 800)])})
    for key, value in extra.items():
        annotation[NameObject(f"/{key}")] = ArrayObject([FloatObject(v) for v in value])
    writer.add_annotation(0, annotation)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def redactions(data: bytes) -> list:
    """Dark boxes over text still in the file, and redaction marks never applied."""
    return pdfread.inspect(data, max_pages=1000).boxes


def test_black_box_over_text_is_found() -> None:
    (box,) = redactions(COVERED)
    assert (box.page, box.kind) == (1, "drawn")
    assert box.hidden >= 20  # most of "Secret name Jane Example lives here"
    assert pypdf.PdfReader(io.BytesIO(COVERED)).pages[0].extract_text().count("Jane Example")


def test_clean_pdf_has_no_fake_redaction() -> None:
    assert redactions(CLEAN) == []
    assert redactions(REPORT) == []


@pytest.mark.parametrize(("subtype", "extra", "kind"), [
    ("/Redact", {}, "unapplied"),
    ("/Square", {"IC": (0, 0, 0)}, "annotation"),
])
def test_redaction_annotations_are_found(subtype: str, extra: dict, kind: str) -> None:
    text = pages_pdf("#place(dx: 2.5cm, dy: 2cm)[Name under the comment box, still here]",
                     page='paper: "a4", margin: 0pt')
    found = redactions(with_annotation(text, subtype, **extra))
    assert [(b.page, b.kind) for b in found] == [(1, kind)]


def test_an_empty_square_comment_is_not_a_redaction() -> None:
    text = pages_pdf("#place(dx: 2.5cm, dy: 2cm)[Name under a comment box with no fill]",
                     page='paper: "a4", margin: 0pt')
    assert redactions(with_annotation(text, "/Square", C=(1, 0, 0))) == []


def test_check_warns_about_a_black_box_over_text(tmp_path: Path) -> None:
    root = write_pack(tmp_path / "p", """
        [[item]]
        id = "covered"
        title = "Covered"

        [[item]]
        id = "clean"
        title = "Clean"
        """, {"reports/covered.pdf": COVERED, "reports/clean.pdf": CLEAN})
    result = check(root, use_cache=False)
    assert not result.errors
    warnings = [str(p) for p in result.warnings]
    (warning,) = [w for w in warnings if "black box" in w]
    assert "item 'covered': reports/covered.pdf: page 1: a black box drawn over text" in warning
    assert "the redaction hides nothing" in warning


def test_scanned_pdf_without_text_is_warned(tmp_path: Path) -> None:
    picture = pages_pdf("#rect(width: 100%, height: 60%, fill: gradient.linear(..color.map.mako))")
    root = write_pack(tmp_path / "p", '[[item]]\nid = "scan"\ntitle = "Scan"\n',
                      {"reports/scan.pdf": picture})
    warnings = [str(p) for p in check(root, use_cache=False).warnings]
    assert any("has no text that can be read" in w for w in warnings), warnings


# --- Typst string literals --------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    TRICKY, "line one\nline two\ttab\r", "\\u{41} not an escape", 'ends with a backslash \\',
    "control \x01\x1f\x7f\x85 characters", "emoji 🏠 and ‘curly’ “quotes” – dash", "",
])
def test_typst_string_round_trips(text: str) -> None:
    source = f"#metadata({typst_string(text)}) <value>\n".encode()
    answer = json.loads(typst.query(source, "<value>", field="value", one=True))
    assert answer == text


def test_typst_string_replaces_lone_surrogates() -> None:
    source = f"#metadata({typst_string('a' + chr(0xD800) + 'b')}) <value>\n".encode(
        "utf-8", "surrogatepass")
    assert json.loads(typst.query(source, "<value>", field="value", one=True)) == "a\ufffdb"


def test_the_worker_reports_what_it_read() -> None:
    found = worker.inspect_bounded(WIDE, max_pages=10, image_pages=1, ppi=30)
    sizes = [(round(p.width), round(p.height), p.rotation) for p in found.pages]
    assert sizes == [(1191, 842, 0), (842, 595, 0), (842, 595, 90)]
    assert [p.landscape for p in found.pages] == [True, True, True]
    assert len(found.images) == 1 and found.images[0].startswith(b"\x89PNG")
    assert "NORTHWESTROTATED" in found.pages[2].text



@pytest.mark.parametrize(("value", "expected", "warned"), [
    (5, 5, False), (0, 0, False), ("many", 20, True), (True, 20, True), (-1, 20, True),
    (5000, 100, True),
])
def test_page_images_option(tmp_path: Path, value: object, expected: int, warned: bool) -> None:
    ctx = Context(pack_root=tmp_path, pack="p", item="i", file="reports/i.pdf",
                  options={"page_images": value})
    assert page_images(ctx) == expected
    assert bool(ctx.notes) == warned
