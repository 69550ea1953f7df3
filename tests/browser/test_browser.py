"""The HTML pack in a real browser: Debian's Chromium, headless, with no network.

Opens the built demo pack and the hostile-input pack over file:// and checks that
no planted script runs (with the pack's own Content-Security-Policy, and again
with it bypassed, so the sanitiser is proven on its own), that every contents link
lands on its item, and that axe-core finds no serious or critical accessibility
violation. Skips with a message where Playwright, Chromium or axe-core is absent
(``.ci/install-browser.sh`` installs the last two). Screenshots of the first
screen go to test-artifacts/.
"""

from __future__ import annotations

from pathlib import Path

import hostile
import pytest
from helpers.browser import ARTIFACTS, AXE, Offline

pytestmark = pytest.mark.slow
PAGES = [("demo", "members"), ("demo", "public"), ("hostile", "members"), ("hostile", "public")]
# Every kind of event an input's handler could wait for, fired at every element.
FIRE_EVENTS = """() => {
  const kinds = ["mouseover", "mouseenter", "focus", "blur", "load", "error", "click",
                 "dblclick", "mousedown", "keydown", "input", "change", "submit", "toggle"];
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest("a")) continue;  // a click on a link navigates; links are checked apart
    for (const kind of kinds) el.dispatchEvent(new Event(kind, {bubbles: true}));
  }
  return document.querySelectorAll("body *").length;
}"""
PWNED_STATE = """() => ({
  title: document.title,
  pwned: document.querySelectorAll("pwned, [data-pwned]").length,
  scripts: document.scripts.length,
  frames: window.frames.length,
  liveLinks: [...document.querySelectorAll("[href], [src], [action]")]
    .map(el => el.getAttribute("href") || el.getAttribute("src") || el.getAttribute("action"))
    .filter(url => /^\\s*(javascript|vbscript|data:text)/i.test(url)),
})"""

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright for Python is not installed (pip install playwright)")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo pack and the hostile pack, built as HTML once."""
    packs = hostile.demo_and_hostile(tmp_path_factory.mktemp("browser"), ["html"])
    return {name: root / "build" for name, root in packs.items()}


def state_after_events(page: object) -> dict:
    page.evaluate(FIRE_EVENTS)  # type: ignore[attr-defined]
    page.wait_for_timeout(100)  # type: ignore[attr-defined]
    return page.evaluate(PWNED_STATE)  # type: ignore[attr-defined]


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "csp-bypassed"])
@pytest.mark.parametrize(("pack", "edition"), PAGES)
def test_no_script_from_any_input_runs(browser: object, built: dict[str, Path], pack: str,
                                       edition: str, bypass_csp: bool) -> None:
    path = built[pack] / f"{edition}.html"
    context = Offline(browser, bypass_csp=bypass_csp)
    try:
        page = context.open(path)
        title = page.title()  # type: ignore[attr-defined]
        state = state_after_events(page)
        assert hostile.PLANTED not in title
        assert state == {"title": title, "pwned": 0, "scripts": 0, "frames": 0,
                         "liveLinks": []}
        assert context.blocked == []  # nothing in any input made the page fetch anything
        if not bypass_csp:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"browser-{pack}-{edition}.png"))  # type: ignore[attr-defined]
    finally:
        context.close()


def test_the_planted_script_would_be_seen(browser: object, built: dict[str, Path],
                                          tmp_path: Path) -> None:
    """Control: the same page with a script slipped in past the sanitiser.

    With the CSP bypassed the script runs and the test above would catch it; with
    the pack's own CSP it is blocked, a second line of defence.
    """
    page_html = (built["hostile"] / "members.html").read_text(encoding="utf-8")
    planted = tmp_path / "planted.html"
    planted.write_text(page_html.replace(
        "</main>", f"<script>document.title = '{hostile.PLANTED}';"
                   "document.body.appendChild(document.createElement('pwned'));</script></main>"),
        encoding="utf-8")
    for bypass_csp, runs in ((True, True), (False, False)):
        context = Offline(browser, bypass_csp=bypass_csp)
        try:
            state = state_after_events(context.open(planted))
            assert (state["title"] == hostile.PLANTED) is runs
            assert (state["pwned"] == 1) is runs
        finally:
            context.close()


@pytest.mark.parametrize(("pack", "edition"), PAGES)
def test_contents_links_land_on_their_items(browser: object, built: dict[str, Path],
                                            pack: str, edition: str) -> None:
    context = Offline(browser)
    try:
        page = context.open(built[pack] / f"{edition}.html")
        links = page.eval_on_selector_all(  # type: ignore[attr-defined]
            "table.agenda a[href^='#']", "els => els.map(e => e.getAttribute('href'))")
        assert len(links) >= 4
        for href in links:
            page.click(f"table.agenda a[href='{href}']")  # type: ignore[attr-defined]
            page.wait_for_function("h => location.hash === h", arg=href)  # type: ignore[attr-defined]
            where = page.evaluate(  # type: ignore[attr-defined]
                """id => { const el = document.getElementById(id);
                           if (!el) return null;
                           const box = el.getBoundingClientRect();
                           return {tag: el.tagName, top: box.top, bottom: box.bottom,
                                   height: innerHeight}; }""", href[1:])
            assert where is not None, f"no element with id {href[1:]}"
            assert where["tag"] == "H1"
            assert -2 <= where["top"] < where["height"], f"{href} not scrolled into view"
            page.evaluate("scrollTo(0, 0)")  # type: ignore[attr-defined]
        dangling = page.evaluate(  # type: ignore[attr-defined]
            """() => [...document.querySelectorAll("a[href^='#']")]
                 .map(a => a.getAttribute("href").slice(1))
                 .filter(id => id && !document.getElementById(decodeURIComponent(id)))""")
        assert dangling == []
    finally:
        context.close()


@pytest.mark.parametrize(("pack", "edition"), PAGES)
def test_axe_finds_no_serious_or_critical_violation(browser: object, built: dict[str, Path],
                                                    pack: str, edition: str) -> None:
    if not AXE.is_file():
        pytest.skip(f"axe-core is not installed at {AXE} (run .ci/install-browser.sh)")
    context = Offline(browser, bypass_csp=True)  # the pack's CSP would block axe itself
    try:
        page = context.open(built[pack] / f"{edition}.html")
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
        violations = page.evaluate(  # type: ignore[attr-defined]
            """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
                 .map(v => ({id: v.id, impact: v.impact, help: v.help,
                             nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}))""")
        bad = [v for v in violations if v["impact"] in ("serious", "critical")]
        assert bad == [], bad
        assert context.blocked == []
    finally:
        context.close()
