"""Full-text search of the built site with Pagefind: a static index the browser searches.

Pagefind reads HTML only, so every HTML page of the site is indexed as it is and each
PDF (a report, the minutes) is given to it as a search-only page made from its text,
whose metadata sends the result to the PDF and names its meeting with a link. Those
pages live in a staging folder beside links to the site's pages and never reach the
site. Pagefind's bundled binary (the ``pagefind[bin]`` wheel) runs once, offline;
its output is the same for the same site, and only files that changed are rewritten.

Where it works: from any static web host (or ``python -m http.server`` in the site
folder). A browser opening the files directly (``file://``) blocks the scripts
Pagefind loads, so there the search page says so; every page reads and links
without script.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import pypdfium2 as pdfium
from pagefind.service import get_executable

from boardpack.files import atomic_write
from boardpack.problems import BoardpackError, Problem

SEARCH_FOLDER = "pagefind"  # the bundle, at the top of the site
SCRIPT = "boardpack-search.js"  # the search page's script, inside the bundle
# A Content-Security-Policy the search page works under: its script and Pagefind's
# (which compiles its WebAssembly and runs a worker) from the site, the index fetched
# from it; nothing inline, nothing from elsewhere.
SEARCH_CSP = ("default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; "
              "worker-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; "
              "form-action 'self'")
_RECORDS = "_boardpack_records"  # the search-only pages, in the staging folder only
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Pictures embedded as data: URIs (the HTML pack's) hold no words and take Pagefind ten
# times as long as the text: the staged copy leaves them out.
_DATA_URI = re.compile(rb'(\s(?:src|href)=")data:[^"]*(")')


@dataclass(frozen=True)
class SearchRecord:
    """A PDF's text as one search result; URLs are relative to the site's top."""

    url: str
    title: str
    text: str
    meeting: str = ""
    meeting_url: str = ""
    kind: str = "Report (PDF)"


@dataclass(frozen=True)
class SearchIndex:
    """The bundle written, what it holds, and the files of it that changed."""

    folder: Path
    pages: int
    records: int
    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)


def pdf_record(pdf: Path, *, url: str, title: str, meeting: str = "", meeting_url: str = "",
               kind: str = "Report (PDF)") -> SearchRecord:
    """A record of ``pdf``'s text (one of the site's own, issued PDFs)."""
    try:
        document = pdfium.PdfDocument(str(pdf))
    except (pdfium.PdfiumError, OSError) as error:
        raise BoardpackError(Problem(f"cannot read the PDF's text for search ({error})",
                                     file=str(pdf))) from None
    pages = []
    try:
        for page in document:
            text = page.get_textpage()
            pages.append(text.get_text_bounded())
            text.close()
            page.close()
    finally:
        document.close()
    return SearchRecord(url, title, "\n\n".join(pages), meeting, meeting_url, kind)


def index_site(site_dir: Path, pdf_records: Iterable[SearchRecord], *,
               skip: Sequence[str] = ()) -> SearchIndex:
    """Index every HTML page under ``site_dir`` (but those matching a ``skip`` pattern,
    relative to it) and each record, into ``site_dir/pagefind``."""
    binary = get_executable()
    if binary is None:
        raise BoardpackError(Problem("Pagefind is not installed, so the site has no search",
                                     hint="pip install 'pagefind[bin]'"))
    with tempfile.TemporaryDirectory(prefix="boardpack-search-") as work:
        stage, bundle = Path(work) / "site", Path(work) / "bundle"
        pages = _stage_pages(site_dir, stage, skip)
        records = _stage_records(stage / _RECORDS, pdf_records)
        _run(binary, stage, bundle)
        (bundle / SCRIPT).write_bytes(files("boardpack.site").joinpath("search.js")
                                      .read_bytes())
        written, removed = _sync(bundle, site_dir / SEARCH_FOLDER)
    return SearchIndex(site_dir / SEARCH_FOLDER, pages, records, written, removed)


def search_body(*, to_root: str = "", browse_url: str = "committees/index.html") -> str:
    """The search page's body: a form the script shows once Pagefind has loaded, the
    results, and without script a line that sends the reader to browse. ``to_root`` is
    the page's way up to the site's top (``""``, ``"../"``); ``browse_url`` is relative
    to the top."""
    body = ET.Element("div", {"class": "site-search-page", "data-pagefind-ignore": "all"})
    form = ET.SubElement(body, "form", {
        "id": "site-search", "class": "site-search", "role": "search", "hidden": "",
        "data-root": to_root or "./", "data-bundle": f"{to_root}{SEARCH_FOLDER}/"})
    label = ET.SubElement(form, "label", {"for": "site-search-input"})
    label.text = "Search meetings, reports and minutes"
    ET.SubElement(form, "input", {"id": "site-search-input", "type": "search", "name": "q",
                                  "autocomplete": "off"})
    button = ET.SubElement(form, "button", {"type": "submit"})
    button.text = "Search"
    ET.SubElement(body, "p", {"id": "site-search-status", "role": "status"}).text = ""
    ET.SubElement(body, "ol", {"id": "site-search-results", "class": "search-results"}
                  ).text = ""
    noscript = ET.SubElement(body, "noscript")
    line = ET.SubElement(noscript, "p")
    line.text = "Search needs JavaScript; "
    browse = ET.SubElement(line, "a", {"href": f"{to_root}{browse_url}"})
    browse.text = "browse by committee"
    browse.tail = "."
    ET.SubElement(body, "script", {"src": f"{to_root}{SEARCH_FOLDER}/{SCRIPT}",
                                   "defer": ""}).text = ""
    return ET.tostring(body, encoding="unicode", method="html")


def _stage_pages(site_dir: Path, stage: Path, skip: Sequence[str]) -> int:
    """Put each page to index into ``stage``: a link to it (or, where links cannot be
    made, a copy), or a copy without its embedded pictures."""
    count = 0
    for page in sorted(site_dir.rglob("*.html")):
        relative = page.relative_to(site_dir).as_posix()
        if relative.startswith(f"{SEARCH_FOLDER}/") or any(
                fnmatch.fnmatch(relative, pattern) for pattern in skip):
            continue
        target = stage / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        data = page.read_bytes()
        if b'="data:' in data:
            target.write_bytes(_DATA_URI.sub(rb"\1\2", data))
        else:
            try:
                os.symlink(page.resolve(), target)
            except OSError:
                shutil.copyfile(page, target)
        count += 1
    return count


def _stage_records(folder: Path, records: Iterable[SearchRecord]) -> int:
    """A search-only page per record, named from its URL (so the index does not depend
    on the order records come in)."""
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for record in records:
        name = hashlib.sha256(record.url.encode("utf-8")).hexdigest()[:24]
        path = folder / f"{name}.html"
        if path.exists():
            raise BoardpackError(Problem(f"two search records for {record.url}",
                                         hint="give each PDF one record"))
        path.write_text(_record_page(record), encoding="utf-8")
        count += 1
    return count


def _record_page(record: SearchRecord) -> str:
    """The record as an HTML page Pagefind reads: its title, where the result leads
    (``target``), its meeting, and its text."""
    page = ET.Element("html", {"lang": "en"})
    head = ET.SubElement(page, "head")
    ET.SubElement(head, "meta", {"charset": "utf-8"})
    for key, value in (("target", record.url), ("meeting", record.meeting),
                       ("meeting_url", record.meeting_url), ("kind", record.kind)):
        if value:
            ET.SubElement(head, "meta", {"data-pagefind-meta": f"{key}[content]",
                                         "content": _CONTROL.sub(" ", value)})
    body = ET.SubElement(page, "body")
    heading = ET.SubElement(body, "h1", {"data-pagefind-meta": "title"})
    heading.text = _CONTROL.sub(" ", record.title)
    for paragraph in re.split(r"\n\s*\n|\f", record.text):
        if paragraph.strip():
            ET.SubElement(body, "p").text = _CONTROL.sub(" ", paragraph.strip())
    return "<!doctype html>\n" + ET.tostring(page, encoding="unicode", method="html")


def _run(binary: Path, stage: Path, bundle: Path) -> None:
    command = [str(binary), "--site", str(stage), "--output-path", str(bundle),
               "--keep-index-url", "--force-language", "en", "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False,
                              timeout=600)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BoardpackError(Problem(f"Pagefind could not index the site ({error})")) from None
    if done.returncode != 0 or not (bundle / "pagefind.js").is_file():
        said = " ".join((done.stderr or done.stdout or "no output").split())[:300]
        raise BoardpackError(Problem(f"Pagefind could not index the site: {said}"))


def _sync(source: Path, target: Path) -> tuple[list[Path], list[Path]]:
    """Make ``target`` hold what ``source`` holds, writing only files that differ."""
    written, removed = [], []
    wanted = {p.relative_to(source) for p in source.rglob("*") if p.is_file()}
    for relative in sorted(wanted):
        data = (source / relative).read_bytes()
        path = target / relative
        if not path.is_file() or path.read_bytes() != data:
            atomic_write(path, data)
            written.append(path)
    if target.is_dir():
        for path in sorted(target.rglob("*"), reverse=True):
            if path.is_file() and path.relative_to(target) not in wanted:
                path.unlink()
                removed.append(path)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return written, removed
