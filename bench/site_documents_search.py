"""Figures for two parts of the public site: cutting per-item documents and indexing search.

    python bench/site_documents_search.py            # the demo pack
    python bench/site_documents_search.py --big      # also the reference pack (~470 pages)
    python bench/site_documents_search.py --meetings 200

Each pack is copied, issued once (untimed) and its public PDF cut into documents
(``boardpack.site.documents``). A site of ``--meetings`` copies of the demo meeting (a
meeting page, the cut PDFs and the pack's public HTML) is then indexed with Pagefind
(``boardpack.site.search``): the PDF text extraction and the index are timed apart,
then the index again with nothing changed. Prints wall seconds; asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import make_big_pack  # noqa: E402  (bench/ is not a package)

from boardpack.publish.issue import publish  # noqa: E402
from boardpack.site.documents import Documents, cut_documents  # noqa: E402
from boardpack.site.search import index_site, pdf_record  # noqa: E402

DEMO = HERE.parent / "packs" / "corporate-parenting-board-2027-01-20"
WHEN = dt.datetime(2027, 1, 11, 15, 30, tzinfo=dt.UTC)


def issued(pack: Path, work: Path) -> Path:
    """The public folder of the first issue of a copy of ``pack``."""
    root = work / pack.name
    if pack != root:
        shutil.copytree(pack, root, ignore=shutil.ignore_patterns("build", ".history", "issued"))
    result = publish(root, now=WHEN)
    if not result.ok or result.folder is None:
        raise SystemExit(f"could not issue {pack.name}: {[str(p) for p in result.problems]}")
    return result.folder / "public"


def timed_cut(public: Path, out: Path) -> Documents:
    start = time.perf_counter()
    documents = cut_documents(public / "public.pdf", out)
    seconds = time.perf_counter() - start
    print(f"cut {public.parent.parent.parent.name}: {len(documents.items)} items + front sheet "
          f"from {documents.front_sheet.last_page} + "
          f"{sum(d.last_page - d.first_page + 1 for d in documents.items)} pages: "
          f"{seconds:.2f} s")
    return documents


def site_of(meetings: int, public: Path, documents: Documents, site: Path) -> list[Path]:
    """``meetings`` copies of the demo meeting: page, public HTML, cut PDFs."""
    pdfs = []
    for number in range(meetings):
        folder = site / "meetings" / f"m{number:04d}"
        folder.mkdir(parents=True)
        titles = "".join(f'<h2 id="item-{d.number}">{d.number}. {d.title}</h2>'
                         for d in documents.items)
        (folder / "index.html").write_text(
            f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Meeting '
            f'{number}</title></head><body><main><h1>Meeting {number}</h1>{titles}</main>'
            f'</body></html>', encoding="utf-8")
        shutil.copy(public / "public.html", folder / "pack.html")
        for document in [documents.front_sheet, *documents.items]:
            pdfs.append(Path(shutil.copy(document.path, folder / document.path.name)))
    return pdfs


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--big", action="store_true", help="also the ~470-page reference pack")
    parser.add_argument("--meetings", type=int, default=50, help="meetings in the search site")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-site-") as scratch:
        work = Path(scratch)
        public = issued(DEMO, work)
        documents = timed_cut(public, work / "cut")
        if args.big:
            big = make_big_pack.make(work / "big")
            timed_cut(issued(big, work / "big"), work / "big-cut")
        site = work / "site"
        pdfs = site_of(args.meetings, public, documents, site)
        start = time.perf_counter()
        records = [pdf_record(p, url=p.relative_to(site).as_posix(), title=p.stem)
                   for p in pdfs]
        extracted = time.perf_counter() - start
        start = time.perf_counter()
        index = index_site(site, records)
        first = time.perf_counter() - start
        start = time.perf_counter()
        again = index_site(site, records)
        second = time.perf_counter() - start
        size = sum(p.stat().st_size for p in index.folder.rglob("*") if p.is_file())
        print(f"search: {args.meetings} meetings, {index.pages} pages and {index.records} PDFs: "
              f"text extracted in {extracted:.2f} s, indexed in {first:.2f} s "
              f"({len(index.written)} files, {size / 1e6:.1f} MB); again, nothing changed: "
              f"{second:.2f} s ({len(again.written)} files written)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
