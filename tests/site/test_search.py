"""Full-text search over a built site with Pagefind (issue 19, point 4).

A tiny site: pages written here (the words typed in from the demo pack's pack.toml)
and the item 5 report of a published copy of the demo pack, cut as the site cuts it.
Searched in Chromium over a local web server; from ``file://`` Chromium blocks
Pagefind's script, which the page says.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import http.server
import json
import shutil
import threading
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import DEMO, pdf_text
from helpers.browser import launched

from boardpack.problems import BoardpackError
from boardpack.publish.issue import publish
from boardpack.site.documents import cut_documents
from boardpack.site.search import (
    SEARCH_CSP,
    SEARCH_FOLDER,
    SearchIndex,
    index_site,
    pdf_record,
    search_body,
)

WHEN = dt.datetime(2027, 1, 11, 15, 30, tzinfo=dt.UTC)
MARKER = "Quokkaprime"  # put in the Part B item's report, summary and presenter
MEETING = "meetings/2027-01-20.html"
REPORT = "meetings/2027-01-20/item-5.pdf"
MEETING_NAME = "Corporate Parenting Board, 20 January 2027"
PAGE = """<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>{title}</title>
<meta http-equiv="Content-Security-Policy" content="{csp}"></head>
<body><main><h1>{title}</h1>{body}</main></body></html>"""
MEETING_BODY = """
<p>Committee Room 2, Town Hall, Middlehaven</p>
<h2 id="item-5">5. Ofsted Monitoring Visit: feedback</h2>
<p>Feedback from Ofsted's third monitoring visit, on matching, placement and decision-making
for children in care, and planning and achieving permanence.</p>
<p><a href="2027-01-20/item-5.pdf">Report (PDF)</a></p>
<h2 id="item-7">7. Social work workforce: performance indicators</h2>
<p>Agency use, vacancies, caseloads and stability of the social work workforce.</p>
<h2 id="item-10">10. Residential placements: contract award</h2>
<p>Part B, exempt under paragraph 3. Reasons restricted.</p>
"""


@pytest.fixture(scope="module")
def issue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first issue of a copy of the demo pack, with a marker in its Part B item."""
    root = tmp_path_factory.mktemp("search-pack") / DEMO.name
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns("build", ".history", "issued"))
    report = root / "reports" / "residential-placements.md"
    report.write_text(report.read_text() + f"\nThe {MARKER} bid is preferred.\n")
    toml = root / "pack.toml"  # the Part B item is the last table: these keys are its own
    toml.write_text(toml.read_text().replace(
        'presenter = "Head of Commissioning"',
        f'presenter = "Head of Commissioning {MARKER}"\nsummary = "About {MARKER} homes."'))
    result = publish(root, now=WHEN)
    assert result.ok, [str(p) for p in result.problems]
    assert result.folder is not None
    return result.folder


def html_page(title: str, body: str) -> str:
    """A page of the test site, under the policy the search page needs."""
    return PAGE.format(title=title, body=body, csp=SEARCH_CSP)


def write_site(site: Path, issue: Path) -> None:
    pages = {
        "index.html": html_page(title="Middlehaven Borough Council: meetings",
                                  body='<p><a href="committees/index.html">Committees</a></p>'),
        "committees/index.html": html_page(
            title="Committees", body=f'<p><a href="../{MEETING}">{MEETING_NAME}</a></p>'),
        MEETING: html_page(title=MEETING_NAME, body=MEETING_BODY),
        "search.html": html_page(title="Search", body=search_body()),
    }
    for relative, text in pages.items():
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_text(text, encoding="utf-8")
    cut = cut_documents(issue / "public" / "public.pdf", site / "meetings" / "2027-01-20")
    assert cut.items[0].path == site / REPORT


@pytest.fixture(scope="module")
def site(issue: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SearchIndex]:
    folder = tmp_path_factory.mktemp("site")
    write_site(folder, issue)
    record = pdf_record(folder / REPORT, url=REPORT, title="5. Ofsted Monitoring Visit: feedback",
                        meeting=MEETING_NAME, meeting_url=f"{MEETING}#item-5")
    return folder, index_site(folder, [record])


def decoded(folder: Path) -> dict[str, bytes]:
    """Every file of the bundle, gunzipped where it is gzip (fragments, index, meta)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            out[path.relative_to(folder).as_posix()] = (gzip.decompress(data)
                                                        if data[:2] == b"\x1f\x8b" else data)
    return out


def fragments(folder: Path) -> list[dict]:
    return [json.loads(data.removeprefix(b"pagefind_dcd")) for name, data in
            decoded(folder).items() if name.startswith("fragment/")]


def test_every_page_and_the_pdf_are_indexed(site: tuple[Path, SearchIndex]) -> None:
    folder, index = site
    assert index.folder == folder / SEARCH_FOLDER
    assert (index.pages, index.records) == (4, 1)
    for name in ("pagefind.js", "pagefind-entry.json", "boardpack-search.js", "wasm.en.pagefind"):
        assert (index.folder / name).is_file(), name
    found = {f["meta"].get("target") or f["url"]: f for f in fragments(index.folder)}
    assert sorted(found) == sorted(["/index.html", "/committees/index.html", f"/{MEETING}",
                                    "/search.html", REPORT])
    report = found[REPORT]
    assert report["meta"] == {"title": "5. Ofsted Monitoring Visit: feedback", "target": REPORT,
                              "meeting": MEETING_NAME, "meeting_url": f"{MEETING}#item-5",
                              "kind": "Report (PDF)"}
    assert "Catherine Ellery" in report["content"]  # Ofsted's letter, the report's appendix
    assert "Presented by: Head of Corporate Parenting and Performance" in report["content"]
    assert [a["id"] for a in found[f"/{MEETING}"]["anchors"]] == ["item-5", "item-7", "item-10"]


def test_indexing_the_same_site_again_rewrites_nothing(site: tuple[Path, SearchIndex],
                                                       tmp_path: Path) -> None:
    folder, _ = site
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    record = pdf_record(copy / REPORT, url=REPORT, title="5. Ofsted Monitoring Visit: feedback",
                        meeting=MEETING_NAME, meeting_url=f"{MEETING}#item-5")
    again = index_site(copy, [record])
    assert (again.written, again.removed) == ([], [])
    (copy / "index.html").write_text(html_page(title="Home", body="<p>Gooseberry.</p>"))
    changed = index_site(copy, [record])
    assert changed.written and changed.removed  # a fragment replaced, the old one gone
    assert not any(p.exists() for p in changed.removed)
    assert any(b"Gooseberry" in data for data in decoded(changed.folder).values())


def test_no_part_b_marker_reaches_any_index_file(issue: Path, tmp_path: Path) -> None:
    """Every public output of the issue indexed: its HTML edition, its PDF whole and cut."""
    members = pdf_text(issue / "members" / "members.pdf")
    assert MARKER in members  # control: the marker is in the pack
    site = tmp_path / "site"
    write_site(site, issue)
    shutil.copy(issue / "public" / "public.html", site / "meetings" / "2027-01-20" / "pack.html")
    shutil.copy(issue / "public" / "public.pdf", site / "meetings" / "2027-01-20" / "pack.pdf")
    pdfs = sorted((site / "meetings" / "2027-01-20").glob("*.pdf"))
    assert len(pdfs) == 5  # the pack, its front sheet and three reports
    records = [pdf_record(p, url=p.relative_to(site).as_posix(), title=p.stem,
                          meeting=MEETING_NAME, meeting_url=MEETING) for p in pdfs]
    index = index_site(site, records)
    data = decoded(index.folder)
    words = b"\n".join(data.values())
    assert b"Catherine Ellery" in words and b"caseloads" in words  # control: text is there
    assert b"Residential placements: contract award" in words  # its title is public
    assert MARKER.lower().encode() not in words.lower()
    assert b"Bidder A" not in words
    pack = next(f for f in fragments(index.folder) if f["url"].endswith("/pack.html"))
    assert "caseloads" in pack["content"]  # the HTML pack's words are in, its pictures not
    assert not any("data:" in str(f["meta"]) for f in fragments(index.folder))


def test_the_search_page_without_script_sends_the_reader_to_browse() -> None:
    body = search_body(to_root="../", browse_url="committees/index.html")

    class Parser(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.noscript = ""
            self.inside = False
            self.tags: dict[str, dict[str, str | None]] = {}

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.inside = self.inside or tag == "noscript"
            self.tags.setdefault(tag, dict(attrs))

        def handle_endtag(self, tag: str) -> None:
            self.inside = self.inside and tag != "noscript"

        def handle_data(self, data: str) -> None:
            if self.inside:
                self.noscript += data

    parser = Parser()
    parser.feed(body)
    assert parser.noscript == "Search needs JavaScript; browse by committee."
    assert parser.tags["a"]["href"] == "../committees/index.html"
    assert "hidden" in parser.tags["form"] and parser.tags["form"]["data-root"] == "../"
    assert parser.tags["script"]["src"] == "../pagefind/boardpack-search.js"
    assert parser.tags["label"]["for"] == parser.tags["input"]["id"] == "site-search-input"


def test_an_unreadable_pdf_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.7\nnot really\n")
    with pytest.raises(BoardpackError) as raised:
        pdf_record(tmp_path / "bad.pdf", url="bad.pdf", title="Bad")
    assert len(str(raised.value).splitlines()) == 1 and "bad.pdf" in str(raised.value)


# --- in the browser ----------------------------------------------------------------------

class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(site: tuple[Path, SearchIndex]) -> Iterator[str]:
    """The site over a local web server: its address."""
    handler = functools.partial(Quiet, directory=str(site[0]))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    thread.join()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    yield from launched()


def search(browser: object, address: str, term: str) -> list[dict[str, object]]:
    """Open the search page, search ``term``; each result's links (text, address)."""
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        page.goto(address + "search.html")
        # (selectors, not script: the page's policy forbids evaluating strings)
        page.wait_for_selector("html[data-search-ready]", state="attached")
        assert page.get_attribute("html", "data-search-ready") == "true"
        page.fill("#site-search-input", term)
        page.press("#site-search-input", "Enter")
        page.wait_for_selector(f"#site-search-status:has-text('for “{term}”')")
        return page.eval_on_selector_all("#site-search-results > li", """items => items.map(li =>
            ({title: li.querySelector('h2').textContent,
              links: [...li.querySelectorAll('a')].map(a => [a.textContent, a.href])}))""")
    finally:
        page.close()


def test_a_word_of_a_meeting_page_finds_the_item_on_it(browser: object, served: str) -> None:
    results = search(browser, served, "caseloads")
    assert [r["title"] for r in results] == [MEETING_NAME]
    assert ["7. Social work workforce: performance indicators", f"{served}{MEETING}#item-7"
            ] in results[0]["links"]


def test_enter_searches_once_and_the_results_stay(browser: object, served: str) -> None:
    """Enter searches at once; the search as one types, due a moment after the last key,
    is then not made again (it cleared the results just shown and said "Searching…")."""
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        page.goto(served + "search.html")
        page.wait_for_selector("html[data-search-ready]", state="attached")
        page.evaluate("""() => { window.said = [];
            new MutationObserver(() => window.said.push(
                document.getElementById("site-search-status").textContent))
            .observe(document.getElementById("site-search-status"),
                     {childList: true, characterData: true, subtree: true}); }""")
        page.fill("#site-search-input", "caseloads")
        page.press("#site-search-input", "Enter")
        page.wait_for_selector("#site-search-status:has-text('for “caseloads”')")
        page.wait_for_timeout(600)  # past the moment the search as typed was due
        said = page.evaluate("() => window.said")
        shown = page.eval_on_selector_all("#site-search-results > li", "items => items.length")
    finally:
        page.close()
    assert said.count("Searching…") == 1, said
    assert said[-1] == "1 result for “caseloads”." and shown == 1


def test_a_word_only_in_a_pdf_report_finds_the_report_and_its_meeting(browser: object,
                                                                      served: str) -> None:
    results = search(browser, served, "Ellery")  # the inspector who signed Ofsted's letter
    assert [r["title"] for r in results] == ["5. Ofsted Monitoring Visit: feedback"]
    links = results[0]["links"]
    assert links == [["5. Ofsted Monitoring Visit: feedback", served + REPORT],
                     [MEETING_NAME, f"{served}{MEETING}#item-5"]]
    for _, address in links:  # both lead somewhere real
        with urllib.request.urlopen(str(address).split("#")[0]) as response:
            assert response.status == 200
    with urllib.request.urlopen(served + REPORT) as response:
        assert response.read(5) == b"%PDF-"


def test_from_files_the_search_says_it_needs_a_web_server(browser: object,
                                                          site: tuple[Path, SearchIndex]
                                                          ) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        page.goto((site[0] / "search.html").as_uri())
        page.wait_for_selector("html[data-search-ready]", state="attached")
        assert page.get_attribute("html", "data-search-ready") == "failed"
        assert "served by a web server" in page.inner_text("#site-search-status")
        assert not page.is_visible("#site-search")
    finally:
        page.close()


def test_without_script_the_search_page_links_to_the_committees(browser: object,
                                                                served: str) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.goto(served + "search.html")
        assert "Search needs JavaScript; browse by committee." in page.inner_text("main")
        page.click("noscript a[href='committees/index.html']")
        assert page.url == served + "committees/index.html"
        assert page.inner_text("h1") == "Committees"
    finally:
        context.close()
