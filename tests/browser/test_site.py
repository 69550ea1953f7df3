"""The public site in a real browser: Debian's Chromium, headless, with no network.

The demo packs, issued and built as the site, opened over file:// at 390 px (a phone)
and 1280 px: axe-core finds no WCAG 2.2 A or AA violation on any kind of page, nothing
is fetched from outside, no page needs a script, nothing is wider than a phone's
screen, the house font is the one shown, and a reader can follow links from the home
page to a committee, to a meeting and to its PDF. Skips with a message where
Playwright, Chromium or axe-core is absent (``.ci/install-browser.sh``).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from helpers.browser import ARTIFACTS, AXE, Offline
from helpers.site import CPB, EXECUTIVE, published_packs, site

pytestmark = pytest.mark.slow
playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright for Python is not installed (pip install playwright)")

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
PAGES = ["index.html", "committees/index.html", "committees/executive/index.html",
         f"meetings/{EXECUTIVE}/index.html", f"meetings/{CPB}/index.html",
         "decisions/index.html", "forward-plan/index.html", "search/index.html"]
WIDTHS = [390, 1280]
AXE_RUN = """async tags => (await axe.run(document, {runOnly: {type: "tag", values: tags},
                                                  resultTypes: ["violations"]})).violations
             .map(v => ({id: v.id, impact: v.impact,
                         nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}))"""
TOO_WIDE = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll("body *")]
    .filter(el => !el.closest(".scroll") && el.getClientRects().length)
    .filter(el => el.getBoundingClientRect().right > width + 0.5)
    .map(el => el.tagName + "." + el.className);
}"""


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("site-browser")
    site(published_packs(base), base / "site")
    return base / "site"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_every_page_passes_axe_offline_without_script(browser: object, out: Path, name: str,
                                                      width: int) -> None:
    if not AXE.is_file():
        pytest.skip(f"axe-core is not installed at {AXE} (run .ci/install-browser.sh)")
    # The page's own policy forbids the inline script axe-core is run by.
    context = Offline(browser, width=width, height=844 if width < 500 else 900, bypass_csp=True)
    try:
        page = context.open(out / name)
        page.evaluate("document.fonts.ready.then(() => true)")  # type: ignore[attr-defined]
        scripts = page.evaluate("() => [...document.scripts].map(s => s.src)")  # type: ignore[attr-defined]
        # Only the search page has a script (Pagefind's); every other page reads without.
        assert len(scripts) == (1 if name.startswith("search/") else 0)
        assert page.evaluate(TOO_WIDE) == []  # type: ignore[attr-defined]
        if name == "index.html":
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"site-home-{width}.png"),  # type: ignore[attr-defined]
                            full_page=True)
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
        assert page.evaluate(AXE_RUN, WCAG) == []  # type: ignore[attr-defined]
        assert context.blocked == []
    finally:
        context.close()


def test_under_its_policy_a_page_loads_all_it_needs_and_shows_lato(browser: object,
                                                                   out: Path) -> None:
    context = Offline(browser)
    said: list[str] = []
    try:
        page = context.context.new_page()
        page.on("console", lambda message: said.append(message.text))
        page.goto((out / f"meetings/{EXECUTIVE}/index.html").as_uri(), wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")
        policy = page.evaluate("""() => document.querySelector(
            'meta[http-equiv="Content-Security-Policy"]').content""")
        assert "default-src 'none'" in policy and "script-src" not in policy
        assert said == []  # nothing refused by the policy, nothing failed to load
        loaded = page.evaluate("""() => [...document.fonts]
            .filter(f => f.family.replace(/"/g, "") === "Lato" && f.status === "loaded")
            .map(f => f.weight + " " + f.style)""")  # type: ignore[attr-defined]
        assert "400 normal" in loaded and "700 normal" in loaded
        colour = page.evaluate(  # type: ignore[attr-defined]
            "() => getComputedStyle(document.querySelector('.masthead')).backgroundColor")
        assert colour == "rgb(29, 79, 145)"  # the house colour, #1d4f91
    finally:
        context.close()


def test_a_reader_follows_links_from_home_to_a_meetings_pdf(browser: object, out: Path) -> None:
    context = Offline(browser, width=390, height=844)
    try:
        page = context.open(out / "index.html")
        page.get_by_role("link", name="Corporate Parenting Board", exact=True).click()  # type: ignore[attr-defined]
        assert page.url.endswith("/committees/corporate-parenting-board/index.html")  # type: ignore[attr-defined]
        assert page.get_by_role("heading", level=1).inner_text() == "Corporate Parenting Board"  # type: ignore[attr-defined]
        page.get_by_role("link", name="Wednesday, 20 January 2027").click()  # type: ignore[attr-defined]
        assert page.url.endswith(f"/meetings/{CPB}/index.html")  # type: ignore[attr-defined]
        pdf = page.locator("ul.documents a", has_text="PDF").nth(1)  # type: ignore[attr-defined]
        href = pdf.evaluate("a => a.href")
        target = Path(unquote(urlparse(href).path))
        assert target.relative_to(out.resolve()).as_posix() == f"meetings/{CPB}/issue-1/public.pdf"
        assert target.read_bytes().startswith(b"%PDF")
        page.locator("ol.agenda a", has_text="Ofsted Monitoring Visit").click()  # type: ignore[attr-defined]
        assert page.url.endswith(f"/meetings/{CPB}/issue-1/public.html#ofsted-monitoring-visit")  # type: ignore[attr-defined]
        page.wait_for_function("() => document.querySelector(':target') !== null")  # type: ignore[attr-defined]
        assert page.evaluate("() => document.querySelector(':target').textContent").endswith(  # type: ignore[attr-defined]
            "Ofsted Monitoring Visit: feedback")
        assert context.blocked == []
    finally:
        context.close()
