"""What a council often does instead of boardpack: LibreOffice + a PDF merge with bookmarks.

    python bench/steps.py office PACK WORK   # writes WORK/office.pdf (members' content)

Each Word report and workbook (and each Markdown note, read as plain text) is converted
to PDF by LibreOffice (``soffice --headless --convert-to pdf``), two LibreOffice
processes at once (one per core, each with a profile of its own); then pikepdf (which
is libqpdf, what ``qpdf --empty --pages`` runs) joins the files in agenda order, with
the officers' PDF appendices as they are, and adds one bookmark per agenda item.
No agenda, no contents, no page numbers, no checks: the files as their authors left
them. Where LibreOffice Calc is not installed (only Writer), the workbooks cannot be
converted and are left out (``office`` returns how many), which flatters its time.
``quality`` tells what a PDF offers a reader (``bench/run.py`` prints both).
"""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

SOFFICE = shutil.which("soffice")
OFFICE_KINDS = (".docx", ".xlsx")


def convert(files: list[Path], out: Path, profile: Path) -> None:
    """One LibreOffice process converting ``files`` into ``out``."""
    if not files:
        return
    assert SOFFICE is not None
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), *map(str, files)],
                   check=True, capture_output=True)


def office(pack: Path, work: Path) -> tuple[Path, int]:
    """The merged PDF of the pack's items, Part B included, in ``pack.toml`` order
    (which puts Part B last, as the agenda does), and how many workbooks LibreOffice
    could not convert (none, unless Calc is missing)."""
    import pikepdf

    shutil.rmtree(work, ignore_errors=True)
    inputs, out = work / "inputs", work / "pdf"
    inputs.mkdir(parents=True)
    items = tomllib.loads((pack / "pack.toml").read_text(encoding="utf-8"))["item"]
    parts: list[tuple[str, list[Path]]] = []
    todo: list[Path] = []
    for item in items:
        files = []
        for name in item["files"]:
            source = pack / name
            if source.suffix == ".pdf":
                files.append(source)
                continue
            if source.suffix in OFFICE_KINDS:
                given = source
            else:  # Markdown: LibreOffice reads it as plain text
                given = inputs / f"{source.stem}.txt"
                shutil.copy(source, given)
            todo.append(given)
            files.append(out / f"{given.stem}.pdf")
        parts.append((item["title"], files))
    halves = [todo[0::2], todo[1::2]]
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(convert, halves, [out, out], [work / "profile-1", work / "profile-2"]))
    merged = pikepdf.Pdf.new()
    marks = []
    missing = 0
    for title, files in parts:
        first = len(merged.pages)
        for path in files:
            if not path.exists() and path.stem in {p.stem for p in todo if p.suffix == ".xlsx"}:
                missing += 1
                continue
            with pikepdf.Pdf.open(path) as part:
                merged.pages.extend(part.pages)
        if len(merged.pages) > first:
            marks.append(pikepdf.OutlineItem(title, first))
    with merged.open_outline() as outline:
        outline.root.extend(marks)
    target = work / "office.pdf"
    merged.save(target)
    return target, missing


def quality(pdf: Path) -> dict[str, str]:
    """What the PDF offers a reader: tags, running page numbers, bookmarks, an agenda."""
    import re

    import pypdf

    reader = pypdf.PdfReader(pdf)
    pages = len(reader.pages)
    numbered = sum(bool(re.search(rf"\b{n}\b.*\bof\s+{pages}\b|Page\s+{n}\b",
                                  reader.pages[n - 1].extract_text() or ""))
                   for n in (2, pages // 2, pages))
    opening = " ".join((reader.pages[n].extract_text() or "") for n in range(min(3, pages)))

    def count(outline: list) -> int:  # type: ignore[type-arg]
        return sum(count(entry) if isinstance(entry, list) else 1 for entry in outline)

    return {"pages": str(pages),
            "tagged": "yes" if "/StructTreeRoot" in reader.trailer["/Root"] else "no",
            "page numbers": f"{numbered}/3 sampled pages",
            "bookmarks": str(count(reader.outline)),
            "agenda": "yes" if re.search(r"\bAgenda\b", opening) else "no"}
