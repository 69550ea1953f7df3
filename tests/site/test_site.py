"""``boardpack site``: the demo packs, issued, built as the public site, and read back:
the pages (parsed), the copied documents (bytes against the issues), the feeds
(feedparser) and the calendars (icalendar). Expected values are typed in from the
demo packs' pack.toml and resolutions.toml."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import lxml.html
import pytest
from helpers import pdf_text
from helpers.site import CPB, EXECUTIVE, published_packs, site

from boardpack.layout import ISSUED_FOLDER


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("site")
    packs = published_packs(base)
    site(packs, base / "site")
    return packs, base / "site"


def page(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def links(path: Path) -> list[str]:
    return [a.get("href") for a in page(path).iter("a")]


def test_every_link_of_every_page_lands_on_a_file_of_the_site(built: tuple[Path, Path]) -> None:
    _, out = built
    pages = sorted(p for p in out.rglob("index.html") if "pagefind" not in p.parts)
    assert [p.relative_to(out).as_posix() for p in pages] == [
        "committees/corporate-parenting-board/index.html", "committees/executive/index.html",
        "committees/index.html", "decisions/index.html", "forward-plan/index.html",
        "index.html", f"meetings/{CPB}/index.html", f"meetings/{EXECUTIVE}/index.html",
        "search/index.html"]
    broken = []
    for path in pages:
        for href in links(path):
            if href.startswith("mailto:"):
                continue
            target, _, anchor = href.partition("#")
            landed = (path.parent / target).resolve() if target else path
            if not landed.is_file() or out.resolve() not in landed.parents:
                broken.append((path.name, href))
            elif anchor and landed.suffix == ".html" and page(landed).get_element_by_id(
                    anchor, None) is None:
                broken.append((path.relative_to(out).as_posix(), href))
    assert broken == []


def test_the_meeting_page_shows_the_meeting_from_its_public_issue(
        built: tuple[Path, Path]) -> None:
    _, out = built
    doc = page(out / "meetings" / CPB / "index.html")
    assert text(doc.find(".//h1")) == "Corporate Parenting Board: Wednesday, 20 January 2027"
    details = dict(zip([text(e) for e in doc.iterfind(".//dt")],
                       [text(e) for e in doc.iterfind(".//dd")], strict=True))
    assert details["Time"] == "2.00 pm"
    assert details["Venue"] == "Committee Room 2, Town Hall, Middlehaven"
    assert details["Chair"] == "Councillor Janet Okafor"
    members = [text(li) for li in doc.xpath(".//ul[@class='members']/li")]
    assert members == ["Councillor Janet Okafor", "Councillor Peter Hallam",
                       "Councillor Amrit Sandhu", "Councillor Louise Bramley",
                       "Councillor Terry Walsh", "Councillor Nadia Rahman"]
    agenda = [text(a) for a in doc.xpath(".//ol[@class='agenda']/li/a")]
    assert "Ofsted Monitoring Visit: feedback" in " ".join(agenda)
    assert "Social work workforce: performance indicators" in " ".join(agenda)
    hrefs = [a.get("href") for a in doc.xpath(".//ol[@class='agenda']/li/a")]
    assert "issue-1/public.html#ofsted-monitoring-visit" in hrefs


def test_each_item_with_papers_links_its_own_document(built: tuple[Path, Path]) -> None:
    _, out = built
    meeting = out / "meetings" / EXECUTIVE
    doc = page(meeting / "index.html")
    linked = {text(li.find("a")): [a.get("href") for a in li.iterfind("a")][1:]
              for li in doc.xpath(".//ol[@class='agenda']/li")}
    assert linked["5. Fostering Recruitment and Retention Strategy 2027–2030"] == [
        "documents/item-5.pdf"]
    assert linked["9. Acquisition of a property for a children's home"] == []
    report = " ".join(pdf_text(meeting / "documents" / "item-5.pdf").split())
    assert "Fostering Recruitment and Retention Strategy" in report
    assert "Acquisition of a property" not in report
    front = [a.get("href") for a in doc.xpath(".//ul[@class='documents']/li[1]/a")]
    assert front == ["documents/agenda-frontsheet.pdf"]
    assert (meeting / front[0]).read_bytes().startswith(b"%PDF")


def test_a_part_b_item_is_its_number_title_paragraph_and_reasons_restricted(
        built: tuple[Path, Path]) -> None:
    _, out = built
    doc = page(out / "meetings" / CPB / "index.html")
    [exempt] = doc.xpath(".//ol[@class='agenda']/li[@class='part-b']")
    number = int(exempt.get("value"))
    assert text(exempt) == (
        f"{number}. Residential placements: contract award "
        "Part B: exempt under paragraph 3 of Schedule 12A to the Local Government Act 1972. "
        "Reasons restricted: This item is not for publication by virtue of paragraph 3 of "
        "Part 1 of Schedule 12A to the Local Government Act 1972.")
    assert [a.get("href") for a in exempt.iter("a")] == [f"issue-1/public.html#item_{number}"]


def test_documents_are_the_issued_public_files_and_nothing_of_the_members(
        built: tuple[Path, Path]) -> None:
    packs, out = built
    issued = packs / EXECUTIVE / ISSUED_FOLDER
    meeting = out / "meetings" / EXECUTIVE
    assert sorted(p.relative_to(meeting).as_posix() for p in meeting.rglob("issue-*/*")) == [
        "issue-1/public.html", "issue-1/public.pdf", "issue-2/public-decisions.html",
        "issue-2/public-decisions.pdf", "issue-2/public-minutes.html",
        "issue-2/public-minutes.pdf"]
    for copied in meeting.rglob("issue-*/*"):
        number = copied.parent.name.removeprefix("issue-")
        assert copied.read_bytes() == (issued / number / "public" / copied.name).read_bytes()
    members = {p.read_bytes() for p in packs.rglob("members/*")}
    assert len(members) >= 8
    assert [p for p in out.rglob("*") if p.is_file() and p.read_bytes() in members] == []
    listed = page(meeting / "index.html").xpath(".//ul[@class='documents']/li")
    assert [text(li).split(":")[0] for li in listed] == [
        "Agenda front sheet", "Agenda and reports (public pack)", "Public minutes",
        "Public decision notice"]


def test_what_the_exempt_item_holds_is_nowhere_in_the_site(built: tuple[Path, Path]) -> None:
    """The demo's exempt items: ids, presenter, resolution, reasons and options (from pack.toml and
    resolutions.toml), found in the members' files (so the search can find them)."""
    packs, out = built
    held = ["two children now placed far away", "home-acquisition",
            "purchase be approved on the terms", "Leasing a property", "Head of Commissioning",
            "residential-placements"]
    site_files = [p for p in out.rglob("*") if p.is_file()]
    assert [(m, p.name) for m in held for p in site_files
            if m.encode() in p.read_bytes()] == []
    members = list(packs.rglob("issued/*/members/*.html"))
    assert [m for m in held if not any(m.encode() in p.read_bytes() for p in members)] == []


def test_home_committee_and_decisions_pages(built: tuple[Path, Path]) -> None:
    _, out = built
    home = page(out / "index.html")
    upcoming = [text(li) for li in home.xpath(".//section[@aria-labelledby='upcoming']//li")]
    assert upcoming == [
        "Corporate Parenting Board, Wednesday, 20 January 2027 — Committee Room 2, Town Hall, "
        "Middlehaven",
        "Executive, Wednesday, 10 February 2027 — Mandela Room, Town Hall, Middlehaven"]
    latest = [text(li) for li in home.xpath(".//ul[@class='decisions']/li")]
    assert latest[0].startswith("Minutes of the previous meeting — Executive")
    assert any(d.startswith("Fostering Recruitment and Retention Strategy 2027–2030")
               for d in latest)
    committee = page(out / "committees" / "executive" / "index.html")
    assert [text(h) for h in committee.iterfind(".//h2")] == ["2027"]
    register = page(out / "decisions" / "index.html")
    rows = [[text(td) for td in tr.iterfind("td")] for tr in register.xpath(".//tbody/tr")]
    assert len(rows) == 4  # the Executive's four public decisions; not the exempt one
    assert rows[2][2] == "5. Fostering Recruitment and Retention Strategy 2027–2030"
    assert "That the Fostering Recruitment and Retention Strategy 2027–2030 be approved." \
        in rows[2][3]
    assert not any("Acquisition" in cell for row in rows for cell in row)


def test_feeds_parse_back_with_feedparser(built: tuple[Path, Path]) -> None:
    _, out = built
    for name in ("feed.atom", "feed.rss"):
        feed = feedparser.parse((out / name).read_bytes())
        assert not feed.bozo, feed.get("bozo_exception")
        titles = [e.title for e in feed.entries]
        assert titles == ["Decisions: Executive, 10 February 2027",
                          "Minutes: Executive, 10 February 2027",
                          "Agenda: Executive, 10 February 2027",
                          "Agenda: Corporate Parenting Board, 20 January 2027"]
        assert feed.entries[2].link.endswith(f"meetings/{EXECUTIVE}/index.html")
    atom = feedparser.parse((out / "committees/corporate-parenting-board/feed.atom").read_bytes())
    assert atom.version == "atom10"
    assert [e.title for e in atom.entries] == [
        "Agenda: Corporate Parenting Board, 20 January 2027"]
    assert atom.entries[0].published_parsed[:3] == (2026, 12, 20)


def test_calendars_parse_back_with_icalendar(built: tuple[Path, Path]) -> None:
    _, out = built
    cal = icalendar.Calendar.from_ical((out / "meetings" / EXECUTIVE / "meeting.ics").read_bytes())
    [event] = cal.walk("VEVENT")
    assert event["LOCATION"] == "Mandela Room, Town Hall, Middlehaven"
    assert event.decoded("DTSTART") == dt.datetime(2027, 2, 10, 10, 0,
                                                   tzinfo=ZoneInfo("Europe/London"))
    assert str(event["URL"]).endswith(f"meetings/{EXECUTIVE}/index.html")
    assert event["SUMMARY"] == "Executive, 10 February 2027"
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    board = icalendar.Calendar.from_ical(
        (out / "committees/corporate-parenting-board/calendar.ics").read_bytes())
    assert [e.decoded("DTSTART") for e in board.walk("VEVENT")] == [
        dt.datetime(2027, 1, 20, 14, 0, tzinfo=ZoneInfo("Europe/London"))]


def test_absolute_links_in_feeds_and_calendars_when_the_address_is_given(
        built: tuple[Path, Path], tmp_path: Path) -> None:
    packs, _ = built
    site(packs, tmp_path / "site", base_url="https://meetings.example.gov.uk/")
    feed = feedparser.parse((tmp_path / "site" / "feed.rss").read_bytes())
    assert feed.entries[-1].link == (f"https://meetings.example.gov.uk/meetings/{CPB}/"
                                     "index.html")
    cal = icalendar.Calendar.from_ical((tmp_path / "site" / "meetings" / CPB / "meeting.ics"
                                        ).read_bytes())
    assert str(cal.walk("VEVENT")[0]["URL"]) == (
        f"https://meetings.example.gov.uk/meetings/{CPB}/index.html")
