"""``boardpack site``: the public record of a folder of packs as a static site.

Reads the packs' issued public folders (``boardpack.site.records``), then writes,
through the incremental writer (``boardpack.site.incremental``), the pages
(``pages``), the feeds (``feeds``), the calendars (``calendar``), the style and the
house font, and a copy of every issued public file. The site is plain files: no
server, and no script is needed to read it. Layout::

    index.html  feed.atom  feed.rss  assets/  decisions/index.html
    committees/index.html  committees/<committee>/{index.html,feed.*,calendar.ics}
    meetings/<pack>/{index.html,meeting.ics,issue-<n>/<public file>}
    forward-plan/{index.html,forward-plan.pdf,forward-plan.html}
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import importlib.metadata
import json
import string
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from boardpack.cache import Cache
from boardpack.files import atomic_write
from boardpack.layout import ISSUED_FOLDER, ISSUED_PUBLIC, PACK_FILE
from boardpack.pipeline.progress import SiteEvent, SiteRead, SiteWritten
from boardpack.problems import BoardpackError, Level, Problem, errors
from boardpack.render import webfont
from boardpack.site import calendar, documents, feeds, pages, search
from boardpack.site.incremental import SiteFiles, Tally, key_of
from boardpack.site.records import Meeting, Record, read
from boardpack.textfmt import short_date

# The characters the site's font files hold: Latin-1 and Latin Extended-A, and the
# punctuation the pages use.
CHARACTERS = "".join(sorted(set(string.printable.strip()) | {chr(c) for c in range(0xA0, 0x180)}
                            | set("–—‘’“”•…›€")))
SEARCH_CACHE = ".search-text.json"  # the PDFs' text, by digest, for the next index
# The public pack's own HTML is not indexed: its items are found in their own PDFs.
SEARCH_SKIP = ("meetings/*/issue-*/public.html",)
DOCUMENTS = "documents"  # a meeting's folder of per-item documents
FRONT_SHEET = "agenda-frontsheet.pdf"
FONT_FILES = {"lato-regular.woff2": "Lato-Regular.ttf", "lato-bold.woff2": "Lato-Bold.ttf",
              "lato-italic.woff2": "Lato-Italic.ttf"}


@dataclass
class SiteResult:
    """The site's folder, what was done to its files, and every problem found."""

    out: Path
    tally: Tally = field(default_factory=Tally)
    problems: list[Problem] = field(default_factory=list)
    meetings: int = 0

    @property
    def ok(self) -> bool:
        return not errors(self.problems)


def build_site(packs: Path, out: Path, *, today: dt.date | None = None, base_url: str = "",
               style: str = "default",
               on_event: Callable[[SiteEvent], None] | None = None) -> SiteResult:
    """Write the site of the packs in ``packs`` into ``out``; never raises for bad input."""
    result = SiteResult(out)
    try:
        _check_folders(packs, out)
        record = read(packs)
        result.problems += record.problems
        result.meetings = len(record.meetings)
        if errors(result.problems):
            return result
        if on_event:
            on_event(SiteRead(len(record.meetings)))
        out.mkdir(parents=True, exist_ok=True)
        files = SiteFiles(out)
        records = _write(files, packs, record, today or dt.date.today(),
                         base_url.rstrip("/") + "/" if base_url else "", style, result.problems)
        result.tally = files.finish()
        _search(out, result.tally, records)
    except BoardpackError as exc:
        result.problems += exc.problems
    except OSError as exc:
        result.problems.append(Problem(f"cannot write the site ({exc.strerror})",
                                       file=str(exc.filename or out),
                                       hint="check the folder may be written to"))
    if on_event and result.ok:
        t = result.tally
        on_event(SiteWritten(len(t.written), len(t.kept), len(t.removed)))
    return result


def _check_folders(packs: Path, out: Path) -> None:
    if not packs.is_dir():
        raise BoardpackError(Problem("is not a folder of packs", file=str(packs),
                                     hint="give the folder that holds the pack folders"))
    inside = out.resolve()
    for parent in (inside, *inside.parents):
        if (parent / PACK_FILE).is_file():
            raise BoardpackError(Problem("the site cannot be written inside a pack",
                                         file=str(out),
                                         hint="give a folder outside the packs, e.g. ./site"))


def _write(files: SiteFiles, packs: Path, record: Record, today: dt.date, base_url: str,
           style: str, problems: list[Problem]) -> list[search.SearchRecord]:
    """Every file of the site but the search index; the PDFs the index should hold."""
    env = pages.environment(packs)
    house = pages.house_style(style, packs, record)
    version = _version()
    look = key_of(version, pages.template_digest(packs), house)
    found = True  # every page links the search page
    records: list[search.SearchRecord] = []

    def page(relative: str, template: str, data: dict[str, object]) -> None:
        files.page(relative, key_of(look, template, data),
                   lambda: pages.render(env, template, data))

    files.page("assets/site.css", look, lambda: pages.stylesheet(env, house))
    _fonts(files)
    if house.logo_source is not None:
        source = house.logo_source
        files.page(house.logo, key_of(source.read_bytes().hex()), source.read_bytes)
    page("index.html", "home.html", pages.home_page(house, record, today, found))
    page("committees/index.html", "committees.html", pages.committees_page(house, record, found))
    page("decisions/index.html", "decisions.html", pages.decisions_page(house, record, found))
    for meeting in record.meetings:
        cut = _item_documents(files, meeting, version, problems)
        page(f"{pages.meeting_dir(meeting)}/index.html", "meeting.html",
             pages.meeting_page(house, record, meeting, cut, found))
        records += _search_records(meeting, cut)
        files.page(f"{pages.meeting_dir(meeting)}/meeting.ics", key_of(version, meeting, base_url),
                   partial(calendar.calendar, [meeting], meeting.committee, base_url=base_url))
        for issue in meeting.issues:
            for public in issue.files:
                files.copy(pages.issued_path(meeting, issue, public), public.source,
                           public.sha256, pack=meeting.slug,
                           file=f"{ISSUED_FOLDER}/{issue.folder}/{ISSUED_PUBLIC}/{public.name}")
    for name, meetings in record.committees().items():
        folder = pages.committee_dir(name)
        page(f"{folder}/index.html", "committee.html",
             pages.committee_page(house, record, name, meetings, found))
        _feeds(files, version, f"{folder}/", f"{name} — {house.name}",
               f"{folder}/index.html", meetings, base_url)
        files.page(f"{folder}/calendar.ics", key_of(version, meetings, base_url),
                   partial(calendar.calendar, meetings, name, base_url=base_url))
    _feeds(files, version, "", house.name, "index.html", record.meetings, base_url)
    if record.forward_plan:
        page("forward-plan/index.html", "forward_plan.html",
             pages.forward_plan_page(house, record, found))
        for public in record.forward_plan:
            files.copy(f"forward-plan/{public.name}", public.source, public.sha256,
                       file=str(public.source))
    page("search/index.html", "search.html",
         {**pages.common(house, record, root="../", here="search", title="Search",
                         crumbs=[("Home", "index.html")], search=True,
                         csp=f"{search.SEARCH_CSP}; font-src 'self'"),
          "body": search.search_body(to_root="../")})
    return records


def _search_records(meeting: Meeting, cut: dict[str, str]) -> list[search.SearchRecord]:
    """A search record of each item's own PDF (the rest of the site is HTML, indexed as
    it is), its text cached in the site folder by the PDF's digest."""
    titles = {str(line.number): f"{line.number}. {line.title}" for line in meeting.agenda}
    where = f"{pages.meeting_dir(meeting)}/"
    name = f"{meeting.committee}, {short_date(meeting.date)}"
    return [search.SearchRecord(url=where + href, title=titles.get(number, "Agenda front sheet"),
                                text="", meeting=name, meeting_url=pages.meeting_url(meeting),
                                kind="Report (PDF)" if number else "Agenda (PDF)")
            for number, href in sorted(cut.items())]


def _search(out: Path, tally: Tally, records: list[search.SearchRecord]) -> None:
    """Index the site with Pagefind when anything of it changed (or it has no index yet);
    the files of the index that changed are counted as written."""
    if not tally.written and not tally.removed and (out / search.SEARCH_FOLDER).is_dir():
        return
    cache = TextCache(out / SEARCH_CACHE)
    filled = [dataclasses.replace(r, text=cache.text(out / r.url)) for r in records]
    cache.save()
    made = search.index_site(out, filled, skip=SEARCH_SKIP)
    tally.written += [p.relative_to(out).as_posix() for p in made.written]
    tally.removed += [p.relative_to(out).as_posix() for p in made.removed]


class TextCache:
    """The text of the site's PDFs for the search index, by their sha256 (extracting it
    is the slow part of indexing)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            data = {}
        self.before: dict[str, str] = data if isinstance(data, dict) else {}
        self.now: dict[str, str] = {}

    def text(self, pdf: Path) -> str:
        digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
        if digest not in self.before:
            self.before[digest] = search.pdf_record(pdf, url="", title="").text
        self.now[digest] = self.before[digest]
        return self.now[digest]

    def save(self) -> None:
        atomic_write(self.path, json.dumps(self.now, sort_keys=True), durable=False)


def _item_documents(files: SiteFiles, meeting: Meeting, version: str,
                    problems: list[Problem]) -> dict[str, str]:
    """The agenda front sheet and each item's own PDF, cut from the latest issued public
    pack (``boardpack.site.documents``) into ``meetings/<pack>/documents/``: their links
    from the meeting's page by agenda number (``""``: the front sheet). Made again only
    when the pack's public PDF or HTML is another. A pack that cannot be cut is a
    warning: its page links to the whole pack."""
    pack = meeting.latest("pack")
    pdf, html = (pack.file("pdf"), pack.file("html")) if pack else (None, None)
    if pdf is None or html is None:
        return {}
    folder = f"{pages.meeting_dir(meeting)}/{DOCUMENTS}/"
    key = key_of(DOCUMENTS, version, pdf.sha256, html.sha256)
    names = files.kept_group(folder, key)
    if names is None:
        try:
            with tempfile.TemporaryDirectory(prefix="boardpack-documents-") as scratch:
                cut = documents.cut_documents(pdf.source, Path(scratch), html=html.source)
                for made in (cut.front_sheet, *cut.items):
                    files.page(folder + made.path.name, key, made.path.read_bytes)
                names = [folder + made.path.name for made in (cut.front_sheet, *cut.items)]
        except BoardpackError as exc:
            problems += [Problem(f"no per-item documents: {p.message}", pack=meeting.slug,
                                 file=f"{ISSUED_FOLDER}/{pack.folder if pack else ''}/"
                                      f"{ISSUED_PUBLIC}/{pdf.name}", hint=p.hint,
                                 level=Level.WARNING) for p in exc.problems]
            return {}
    found = {}
    for relative in names:
        name = relative.removeprefix(folder)
        number = "" if name == FRONT_SHEET else name.removeprefix("item-").removesuffix(".pdf")
        found[number] = f"{DOCUMENTS}/{name}"
    return found


def _feeds(files: SiteFiles, version: str, prefix: str, title: str, page: str,
           meetings: list[Meeting], base_url: str) -> None:
    made = feeds.entries(meetings)
    key = key_of(version, title, page, made, base_url)
    feed_id = f"urn:boardpack:feed:{prefix or 'site'}"
    both: dict[str, bytes] = {}

    def one(index: int) -> bytes:
        if not both:
            both["atom"], both["rss"] = feeds.feeds(title, page, feed_id, made,
                                                    base_url=base_url)
        return both["atom" if index == 0 else "rss"]

    files.page(f"{prefix}feed.atom", key, lambda: one(0))
    files.page(f"{prefix}feed.rss", key, lambda: one(1))


def _fonts(files: SiteFiles) -> None:
    """The house font's faces, cut to the site's characters (made once)."""
    key = key_of(importlib.metadata.version("fontpkg-lato"),
                 importlib.metadata.version("fonttools"), CHARACTERS)
    with tempfile.TemporaryDirectory(prefix="boardpack-site-") as scratch:
        store = Cache(Path(scratch))
        for name, face in FONT_FILES.items():
            files.page(f"assets/{name}", key, partial(webfont.subset, face, CHARACTERS, store))


def _version() -> str:
    try:
        return importlib.metadata.version("boardpack")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"
