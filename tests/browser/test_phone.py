"""The HTML pack on a phone (390 px wide) and a desktop (1280 px), and printed, in
Debian's Chromium: no sideways scroll of the page, long words and e-mail addresses
wrapped, a wide KPI table scrolling in a labelled, focusable region with its indicator
and RAG columns held in view, no WCAG 2.2 A/AA violation axe-core can find, Lato
shown; printed on A4 without the masthead, reports on new pages, link targets spelt
out. Screenshots of each width go to test-artifacts/.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from helpers import built_demo
from helpers.browser import ARTIFACTS, AXE, Offline

pytestmark = pytest.mark.slow
# Both widths for the members' edition (everything in it); the public one on a phone.
VIEWS = [("members", 390), ("members", 1280), ("public", 390)]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
OUTSIDE = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll("body *")]
    .filter(el => !el.closest(".table-scroll") && el.getClientRects().length)
    .filter(el => { const box = el.getBoundingClientRect();
                    return box.right > width + 0.5 || box.left < -0.5; })
    .map(el => el.tagName + " " + (el.textContent || "").trim().slice(0, 40));
}"""
REGIONS = """() => [...document.querySelectorAll(".table-scroll")].map(region => ({
  label: region.getAttribute("aria-label"), role: region.getAttribute("role"),
  tabindex: region.tabIndex, wide: !!region.querySelector("table.wide-table"),
  scrolls: region.scrollWidth > region.clientWidth + 1}))"""
IN_VIEW = """side => {
  const region = document.querySelector(".table-scroll:has(> table.wide-table)");
  region.scrollLeft = side === "right" ? region.scrollWidth : 0;
  const frame = region.getBoundingClientRect();
  const inside = el => { const box = el.getBoundingClientRect();
    return box.left >= frame.left - 1 && box.right <= frame.right + 1; };
  const rows = [...region.querySelectorAll("tbody tr")].filter(r => r.querySelector(".rag"));
  return rows.map(row => ({indicator: inside(row.cells[0]),
                           rag: inside(row.querySelector("td:has(.rag)"))}));
}"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_demo(tmp_path_factory.mktemp("phone"), ["html"]) / "build"


@pytest.fixture(params=VIEWS, ids=[f"{e}-{w}" for e, w in VIEWS])
def page(request: pytest.FixtureRequest, browser: object, pages: Path) -> object:
    edition, width = request.param
    context = Offline(browser, width=width, height=844 if width < 500 else 900)
    opened = context.open(pages / f"{edition}.html")
    opened.evaluate("document.fonts.ready.then(() => true)")  # type: ignore[attr-defined]
    opened.width = width  # type: ignore[attr-defined]
    ARTIFACTS.mkdir(exist_ok=True)
    opened.screenshot(path=str(ARTIFACTS / f"phone-{edition}-{width}.png"))  # type: ignore[attr-defined]
    yield opened
    assert context.blocked == []
    context.close()


def test_the_page_never_scrolls_sideways(page: object) -> None:
    sizes = page.evaluate(  # type: ignore[attr-defined]
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert sizes[0] <= sizes[1], sizes
    assert page.evaluate(OUTSIDE) == []  # type: ignore[attr-defined]


def test_long_words_and_the_e_mail_address_wrap(page: object) -> None:
    box = page.evaluate("""() => {  // the clerk's contact, on the front sheet
      const cell = [...document.querySelectorAll("td")]
        .find(td => td.textContent.includes("democratic.services@middlehaven.example.gov.uk"));
      const r = cell.getBoundingClientRect();
      return {right: r.right, height: r.height,
              line: parseFloat(getComputedStyle(cell).lineHeight),
              width: document.documentElement.clientWidth};
    }""")  # type: ignore[attr-defined]
    assert box["right"] <= box["width"]
    if page.width < 500:  # type: ignore[attr-defined]
        assert box["height"] > 2 * box["line"]  # name, number and address over lines


def test_wide_tables_scroll_in_a_labelled_region_keeping_indicator_and_rag(page: object
                                                                          ) -> None:
    regions = page.evaluate(REGIONS)  # type: ignore[attr-defined]
    assert regions and all(r["role"] == "region" and r["tabindex"] == 0 and r["label"]
                           for r in regions)
    wide = [r for r in regions if r["wide"]]
    assert [r["label"] for r in wide] == ["Table: Indicator, Target, Better …"]
    if page.width < 500:  # type: ignore[attr-defined]
        assert wide[0]["scrolls"]  # on a phone the KPI sheet is wider than the screen
    for side in ("left", "right"):
        rows = page.evaluate(IN_VIEW, side)  # type: ignore[attr-defined]
        assert len(rows) == 8  # the eight indicators with a status
        assert all(row["indicator"] and row["rag"] for row in rows), (side, rows)
    # The front sheet's details are a label/value table: row headers, and no scrolling.
    headers = page.evaluate("""() => [...document.querySelectorAll(
        "table.meeting-details th")].map(th => [th.scope, th.textContent.trim()])""")  # type: ignore[attr-defined]
    assert headers == [["row", "Date"], ["row", "Time"], ["row", "Venue"], ["row", "Contact"],
                       ["row", "Published"]]


def test_axe_finds_no_wcag_2_2_a_or_aa_violation(page: object, browser: object,
                                                  pages: Path) -> None:
    if not AXE.is_file():
        pytest.skip(f"axe-core is not installed at {AXE} (run .ci/install-browser.sh)")
    context = Offline(browser, bypass_csp=True, width=page.width)  # type: ignore[attr-defined]
    try:
        checked = context.open(Path(page.url.removeprefix("file://")))  # type: ignore[attr-defined]
        checked.add_script_tag(content=AXE.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
        violations = checked.evaluate(  # type: ignore[attr-defined]
            """async tags => (await axe.run(document, {runOnly: {type: "tag", values: tags},
                                                      resultTypes: ["violations"]})).violations
                 .map(v => ({id: v.id, impact: v.impact,
                             nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}))""",
            WCAG)
        assert violations == []
    finally:
        context.close()


def test_lato_is_the_font_shown(page: object) -> None:
    loaded = page.evaluate("""() => [...document.fonts]
        .filter(f => f.family.replace(/"/g, "") === "Lato" && f.status === "loaded")
        .map(f => f.weight + " " + f.style)""")  # type: ignore[attr-defined]
    assert "400 normal" in loaded and "700 normal" in loaded
    assert page.evaluate("() => document.fonts.check('16px Lato')")  # type: ignore[attr-defined]


def test_printed_on_a4_reports_on_new_pages_links_spelt_out(browser: object, pages: Path
                                                            ) -> None:
    context = Offline(browser)
    try:
        printed = context.open(pages / "members.html")
        printed.emulate_media(media="print")  # type: ignore[attr-defined]
        styles = printed.evaluate("""() => ({
          masthead: getComputedStyle(document.querySelector(".masthead")).display,
          skip: getComputedStyle(document.querySelector(".skip-link")).display,
          breaks: [...document.querySelectorAll("h1.item")].map(h =>
            [h.id, getComputedStyle(h).breakBefore])})""")  # type: ignore[attr-defined]
        assert styles["masthead"] == "none" and styles["skip"] == "none"
        breaks = dict(styles["breaks"])
        for report in ("ofsted-monitoring-visit", "improvement-plan", "workforce-kpis",
                       "residential-placements", "apologies"):
            assert breaks[report] == "page", report
        for short in ("declarations", "minutes", "voice-of-the-child", "urgent-business",
                      "exclusion"):
            assert breaks[short] != "page", short
        data = printed.pdf(prefer_css_page_size=True)  # type: ignore[attr-defined]
    finally:
        context.close()
    (ARTIFACTS / "phone-members-print.pdf").write_bytes(data)
    reader = pypdf.PdfReader(io.BytesIO(data))
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 2 and abs(float(box.height) - 841.9) < 2  # A4
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "(https://reports.ofsted.gov.uk/)" in text  # a report's external link


def test_axe_would_see_a_violation(browser: object, pages: Path, tmp_path: Path) -> None:
    """Control: the same page with a picture that has no alt text fails the same check."""
    if not AXE.is_file():
        pytest.skip(f"axe-core is not installed at {AXE} (run .ci/install-browser.sh)")
    planted = tmp_path / "planted.html"
    planted.write_text((pages / "members.html").read_text(encoding="utf-8").replace(
        "</main>", '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="9"></main>'),
        encoding="utf-8")
    context = Offline(browser, bypass_csp=True, width=390)
    try:
        checked = context.open(planted)
        checked.add_script_tag(content=AXE.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
        found = checked.evaluate(  # type: ignore[attr-defined]
            """async tags => (await axe.run(document, {runOnly: {type: "tag", values: tags}}))
                 .violations.map(v => v.id)""", WCAG)
        assert "image-alt" in found
    finally:
        context.close()
