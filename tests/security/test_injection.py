"""Hostile content in reports never becomes live content in a pack.

The hostile pack (tests/hostile) plants scripts, event handlers, javascript: and
data: links, frames, objects, an SVG with a script, CSS expressions, and raw
Typst and LaTeX that would read /etc/passwd, change the paper size or reset the
page counter. Built, its HTML must hold nothing live and its PDF must lay out
exactly like a pack without those attempts.
"""

from __future__ import annotations

import base64
import io
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import hostile
import pypdf
import pytest
from helpers import MEETING, pdf_outline, pdf_pages

from boardpack import sources
from boardpack.pandoc import ast
from boardpack.pandoc import run as pandoc
from boardpack.pipeline.build import build
from boardpack.render.html import sanitise
from boardpack.sources.pdf import scan as pdfscan

A4 = (595.3, 841.9)
VECTORS = f"""
<script>document.title='{hostile.PLANTED}'</script>
<img src="x.png" onerror="document.title='{hostile.PLANTED}'">
<a href="javascript:document.title='{hostile.PLANTED}'" onclick="x()">js</a>
<a href=" JaVaScRiPt:alert(1)">js2</a>
<a href="data:text/html;base64,PHNjcmlwdD4=">data</a>
<iframe src="https://example.org/"></iframe>
<object data="x.swf"></object><embed src="x.swf">
<svg onload="alert(1)"><script>alert(1)</script></svg>
<div style="width: expression(alert(1))">expr</div>
<form action="javascript:alert(1)"><input formaction="javascript:alert(1)"></form>
<math><mtext><style><img src=x onerror=alert(1)></style></mtext></math>
<p>kept text</p>
<td style="text-align: right; background: url(javascript:alert(1))">cell</td>
"""


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile pack, built once for this module (both editions, both formats)."""
    root = hostile.make(tmp_path_factory.mktemp("hostile") / "hostile-pack")
    result = build(root)
    assert result.ok, [str(p) for p in result.problems]
    return root / "build"


def test_the_detector_finds_every_vector() -> None:
    """live_content is not blind: the raw vectors are all found before sanitising."""
    found = " ".join(hostile.live_content(VECTORS))
    for needle in ("<script>", "onerror=", "onclick=", "href=javascript", "href=JaVaScRiPt",
                   "href=data:text/html", "<iframe>", "<object>", "<embed>", "<svg>", "onload=",
                   "style=width: expression", "<form>", "formaction=", "<math>", "style=text"):
        assert needle in found, needle


def test_the_sanitiser_alone_stops_every_vector() -> None:
    """Even if raw HTML reached the renderer, nh3 leaves nothing live (defence in depth)."""
    cleaned = sanitise(VECTORS)
    assert hostile.live_content(cleaned) == []
    assert "kept text" in cleaned


@pytest.mark.parametrize("edition", ["members", "public"])
def test_hostile_pack_html_has_nothing_live(hostile_build: Path, edition: str) -> None:
    page = (hostile_build / f"{edition}.html").read_text(encoding="utf-8")
    assert hostile.live_content(page) == []
    assert f'href="{hostile.SAFE_LINK}"' in page  # safe links survive
    assert "A div with a handler." in page and "Text after the heading." in page
    assert 'src="data:image/svg+xml;base64,' in page  # the SVG is shown, as an image only
    assert "<title>Injection Test Committee, 12 May 2027</title>" in page


def test_hostile_pack_html_shows_raw_html_as_text(hostile_build: Path) -> None:
    """Raw HTML in Markdown is shown as the words the author typed, escaped."""
    page = (hostile_build / "members.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;document.title" in page
    assert "&lt;iframe src=" in page


def test_word_report_links_are_neutralised(hostile_build: Path) -> None:
    if not hostile.word_supported():
        pytest.skip("boardpack does not read Word files yet (no docx source module)")
    page = (hostile_build / "members.html").read_text(encoding="utf-8")
    start = page.index('id="word-links"')
    section = page[start:page.index("</main>")]
    assert hostile.live_content(section) == []
    assert "javascript link" in section and "data link" in section
    assert f'href="{hostile.SAFE_LINK}"' in section


def test_clean_drops_raw_output_of_every_format() -> None:
    """Whatever a reader lets through as raw Typst, LaTeX or HTML, clean() drops it."""
    text = (hostile.HERE / "reports" / "raw-typst.md").read_bytes()
    doc = pandoc.read(text, "markdown")  # every raw extension on, as a careless reader might
    raw = [n for n in ast.nodes(doc["blocks"]) if n["t"] in ("RawBlock", "RawInline")]
    assert {n["c"][0] for n in raw} >= {"typst", "latex", "html"}
    blocks, notes = ast.clean(doc["blocks"], prefix="raw-typst")
    assert not [n for n in ast.nodes(blocks) if n["t"] in ("RawBlock", "RawInline")]
    assert any("typst" in n for n in notes) and any("latex" in n for n in notes)
    assert not [n for n in ast.nodes(blocks) if n["t"] == "Cite"]


def test_clean_strips_handlers_from_headings_and_spans() -> None:
    doc = pandoc.read(b"# H {onclick='x()' typst:text:fill='red' #top}\n\n[s]{onclick='y()'}\n",
                      "markdown")
    blocks, _ = ast.clean(doc["blocks"], prefix="it")
    attrs = [n["c"][1] if n["t"] == "Header" else n["c"][0] for n in ast.nodes(blocks)
             if n["t"] in ("Header", "Span")]
    assert attrs == [["it--top", [], []], ["", [], []]]


def agenda_pages(first_page: str, titles: list[str]) -> list[int]:
    """The page number the agenda gives each title (the number after its details line)."""
    numbers = []
    for title in titles:
        found = re.search(re.escape(title) + r"(?:\n[^\n]*·[^\n]*)?\s+(\d+)\b", first_page)
        assert found, f"{title!r} not in the agenda"
        numbers.append(int(found.group(1)))
    return numbers


def layout(pdf: Path) -> tuple[list[int], list[tuple[str, int]], list[str], set]:
    """Agenda page numbers, bookmarks, footers and paper sizes of a built pack."""
    pages = pdf_pages(pdf)
    outline = [(title, page) for title, page, _ in pdf_outline(pdf)]
    titles = [re.sub(r"^\d+\. ", "", title) for title, _ in outline]
    footers = [m.group(0) for text in pages for m in [re.search(r"Page \d+ of \d+", text)] if m]
    import pypdf

    sizes = {(round(float(p.mediabox.width), 1), round(float(p.mediabox.height), 1))
             for p in pypdf.PdfReader(pdf).pages}
    return agenda_pages(pages[0], titles), outline, footers, sizes


def test_raw_typst_changes_no_layout_or_page_number(hostile_build: Path, tmp_path: Path) -> None:
    """The same pack with the Typst attempts replaced by plain words lays out the same."""
    twin = tmp_path / "twin"
    shutil.copytree(hostile_build.parent, twin, ignore=shutil.ignore_patterns("build"))
    (twin / "reports" / "raw-typst.md").write_text("# Plain\n\nNothing to see.\n",
                                                    encoding="utf-8")
    assert build(twin, editions=["members"], formats=["pdf"]).ok
    hostile_layout = layout(hostile_build / "members.pdf")
    twin_layout = layout(twin / "build" / "members.pdf")
    agenda, outline, footers, sizes = hostile_layout
    assert hostile_layout == twin_layout
    assert agenda == [page for _, page in outline]  # the agenda agrees with the bookmarks
    assert footers == [f"Page {n} of {len(footers)}" for n in range(1, len(footers) + 1)]
    assert len(footers) == len(pdf_pages(hostile_build / "members.pdf"))
    assert sizes == {A4}


def test_raw_typst_is_inert_text_and_reads_no_file(hostile_build: Path) -> None:
    text = "\n".join(pdf_pages(hostile_build / "members.pdf"))
    flat = " ".join(text.split())
    assert "#counter(page).update(100)" in flat  # shown as the words typed, not run
    assert "@jsmith" in flat  # an '@name' is text, not a citation that breaks the build
    secrets = [line.split(":")[0] + ":x:" for line in Path("/etc/passwd").read_text(
        encoding="utf-8").splitlines()[:3] if line]
    page = (hostile_build / "members.html").read_text(encoding="utf-8")
    for secret in secrets:
        assert secret not in text and secret not in page


def pdf_active_parts(data: bytes) -> list[str]:
    """Scripts, actions and script links anywhere in a PDF, found object by object."""
    pikepdf = pytest.importorskip("pikepdf", reason="pikepdf is not installed")
    found = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for obj in pdf.objects:
            d = obj.stream_dict if isinstance(obj, pikepdf.Stream) else obj
            if not isinstance(d, pikepdf.Dictionary):
                continue
            if "/JS" in d or d.get("/S") in ("/JavaScript", "/Launch") or "/AA" in d:
                found.append(repr(d)[:80])
            if str(d.get("/URI", "")).lower().startswith("javascript:"):
                found.append(str(d["/URI"]))
        names = pdf.Root.get("/Names")
        if (names is not None and "/JavaScript" in names) or "/OpenAction" in pdf.Root:
            found.append("document-level script or open action")
    return found


def test_the_pdf_scan_finds_a_scripted_pdf() -> None:
    """Control: the scan below sees the scripts of the hostile PDF report itself."""
    assert len(pdf_active_parts(hostile.scripted_pdf())) >= 2


@pytest.mark.parametrize("edition", ["members", "public"])
def test_built_pdf_carries_no_script(hostile_build: Path, edition: str) -> None:
    assert pdf_active_parts((hostile_build / f"{edition}.pdf").read_bytes()) == []


def test_scripted_pdf_is_not_offered_for_download(hostile_build: Path) -> None:
    """Its pages are shown, but the original file (which would run its script in a PDF
    viewer) is not in the HTML pack; every PDF that is offered carries no script."""
    if "pdf" not in sources.kinds():
        pytest.skip("boardpack does not read PDF files yet (no pdf source module)")
    page = (hostile_build / "members.html").read_text(encoding="utf-8")
    section = page[page.index('id="scripted"'):]
    assert "The words on its page." in section
    assert "not offered for download: it carries JavaScript" in section
    for encoded in re.findall(r'href="data:application/pdf;base64,([^"]+)"', page):
        assert pdf_active_parts(base64.b64decode(encoded)) == []
    assert pdfscan.active_content(pypdf.PdfReader(io.BytesIO(hostile.scripted_pdf()))) == [
        "JavaScript", "a link that runs a script or opens a local file"]


def test_raw_blocks_in_markdown_are_dropped_with_a_warning(hostile_build: Path) -> None:
    from boardpack.pipeline.check import check

    notes = {p.message for p in check(hostile_build.parent).problems if p.item == "raw-typst"}
    assert {"raw typst in the file was left out", "raw latex in the file was left out",
            "raw html in the file was left out"} <= notes
    text = " ".join(" ".join(pdf_pages(hostile_build / "members.pdf")).split())
    assert "{=typst}" not in text and "{=latex}" not in text
    assert "Inline raw Typst: and ." in text


HOSTILE_FIELD = "<script>document.title='PWNED'</script> #counter(page).update(100) ]) $x$"


def test_pack_toml_fields_are_text_too(make_pack: Callable[..., Path]) -> None:
    """What the clerk typed (perhaps pasted from an email) is escaped like a report."""
    quoted = HOSTILE_FIELD.replace("'", "\\u0027")
    meeting = MEETING.replace('committee = "Test Committee"', f'committee = "{quoted}"')
    meeting = meeting.replace('venue = "Room 1"', f'venue = "{quoted}"')
    root = make_pack(f"""
        [[item]]
        id = "pasted"
        title = "{quoted}"
        presenter = "{quoted}"
        summary = "{quoted}"
        to_follow = true
        """, meeting=meeting)
    result = build(root)
    assert result.ok, [str(p) for p in result.problems]
    for edition in ("members", "public"):
        page = (root / "build" / f"{edition}.html").read_text(encoding="utf-8")
        assert hostile.live_content(page) == []
        assert "&lt;script&gt;document.title=" in page
        pages = pdf_pages(root / "build" / f"{edition}.pdf")
        flat = " ".join(" ".join(pages).split())
        assert flat.count("#counter(page).update(100) ]) $x$") >= 4
        footers = [re.search(r"Page (\d+) of (\d+)", p) for p in pages]
        assert [int(f.group(1)) for f in footers if f] == list(range(1, len(pages) + 1))
