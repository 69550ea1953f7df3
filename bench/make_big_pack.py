"""Write the reference pack for the speed benchmark: about 500 pages, the same every time.

    python bench/make_big_pack.py OUT_DIR

makes ``OUT_DIR/big-pack-2027-03-17/`` with a pack.toml and 40 items: 20 Word reports
of about ten pages (headings, paragraphs, three tables and a picture each; two are
Part B), ten of them with a 15-page PDF appendix; 10 KPI workbooks of 200 indicators
(one in five with eight quarters of trend data, so a chart; the rest the latest
quarter only); one Ofsted monitoring-visit letter (Word); nine short Markdown notes.
Every random choice comes from fixed seeds and every file carries fixed timestamps,
so two runs write identical bytes. The Word files are written
by Pandoc, the PDFs by Typst and the workbooks by openpyxl.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import os
import random
import re
import struct
import sys
import tempfile
import zipfile
import zlib
from pathlib import Path

import typst
from openpyxl import Workbook

from boardpack.pandoc import run as pandoc

PACK_NAME = "big-pack-2027-03-17"
STAMP = dt.datetime(2027, 3, 1, 9, 0, 0, tzinfo=dt.UTC)
EPOCH = str(int(STAMP.timestamp()))
REPORTS = 20
WORKBOOKS = 10
APPENDICES = 10
NOTES = 9
PART_B = (8, 17)  # report numbers that are exempt (paragraph 3)
KPI_ROWS = 200
TREND_EVERY = 5  # one indicator in five has eight quarters of trend (and a chart)
QUARTERS = ["2025/26 Q1", "2025/26 Q2", "2025/26 Q3", "2025/26 Q4",
            "2026/27 Q1", "2026/27 Q2", "2026/27 Q3", "2026/27 Q4"]
LETTER = (Path(__file__).resolve().parent.parent / "tests" / "data" / "letters"
          / "monitoring_visit.md")
WORDS = [
    "children", "young", "people", "placement", "care", "leavers", "social", "workers",
    "caseload", "review", "plan", "permanence", "stability", "assessment", "timeliness",
    "quality", "assurance", "audit", "outcomes", "health", "education", "training",
    "employment", "foster", "carers", "residential", "commissioning", "budget",
    "forecast", "pressure", "overspend", "savings", "recruitment", "retention", "agency",
    "vacancy", "partnership", "safeguarding", "board", "members", "officers", "corporate",
    "parenting", "pledge", "independent", "reviewing", "officer", "voice",
    "participation", "advocacy", "housing", "transition", "sufficiency", "strategy",
    "market", "provider", "contract", "framework", "tender", "evaluation", "risk",
    "mitigation", "progress", "milestone", "improvement", "inspection", "feedback",
    "practice",
]
SERVICES = ["Fostering", "Residential care", "Leaving care", "Adoption", "Virtual school",
            "Health of children in care", "Placement sufficiency", "Workforce",
            "Participation", "Commissioning"]


def sentence(rng: random.Random, words: int = 0) -> str:
    picked = [rng.choice(WORDS) for _ in range(words or rng.randint(9, 22))]
    return " ".join(picked).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(4, 7)))


def png(width: int, height: int, seed: int) -> bytes:
    """A bar chart picture as a PNG (no image library needed)."""
    rng = random.Random(seed)
    bars = [rng.randint(height // 5, height - 10) for _ in range(8)]
    rows = []
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            bar = x * len(bars) // width
            inside = (x % (width // len(bars))) > 6 and height - y <= bars[bar]
            row += bytes((29, 79, 145) if inside else (245, 247, 250))
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))


def table_md(rng: random.Random, caption: str) -> str:
    head = "| Service | Budget (£k) | Forecast (£k) | Variance (£k) | Status |"
    lines = [head, "|:--|--:|--:|--:|:--|"]
    for service in rng.sample(SERVICES, 8):
        budget = rng.randint(400, 9000)
        forecast = budget + rng.randint(-400, 600)
        status = "On track" if forecast <= budget else "Pressure"
        lines.append(f"| {service} | {budget:,} | {forecast:,} | {forecast - budget:+,} | "
                     f"{status} |")
    return "\n".join(lines) + f"\n\n: {caption}\n"


def report_md(number: int) -> bytes:
    """About ten pages of a report: sections, paragraphs, three tables, one picture."""
    rng = random.Random(1000 + number)
    picture = base64.b64encode(png(480, 240, number)).decode("ascii")
    parts = [f"# Report {number}: {rng.choice(SERVICES)} update\n",
             "## Purpose of the report\n", paragraph(rng) + "\n",
             "## Recommendations\n",
             *[f"{i}. {sentence(rng)}\n" for i in range(1, 4)], "\n"]
    for section in range(1, 9):
        parts.append(f"## {section}. {sentence(rng, 4)[:-1]}\n")
        parts += [paragraph(rng) + "\n" for _ in range(4)]
        if section in (2, 5, 7):
            parts.append(table_md(rng, f"Table {section}: budget monitoring, quarter 3"))
        if section == 4:
            parts.append(f"![Figure 1: placements by quarter](data:image/png;base64,{picture})"
                         "\n")
    parts += ["## Background papers\n", "None.\n"]
    return "\n".join(parts).encode("utf-8")


def docx(markdown: bytes) -> bytes:
    """A Word file written by Pandoc, with its fixed timestamp and a repeatable zip."""
    data = pandoc.run(["-f", "markdown", "-t", "docx", "-o", "-"], markdown)
    return repeatable_zip(data)


def repeatable_zip(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in sorted(source.infolist(), key=lambda i: i.filename != "[Content_Types].xml"):
            entry = zipfile.ZipInfo(info.filename, date_time=STAMP.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*",
                                 rb"\g<1>" + STAMP.strftime("%Y-%m-%dT%H:%M:%SZ").encode(),
                                 content)
            target.writestr(entry, content)
    return out.getvalue()


def appendix_pdf(number: int, folder: Path) -> bytes:
    """A 15-page appendix laid out by Typst: a heading and text on each page."""
    rng = random.Random(2000 + number)
    pages = []
    for page in range(1, 16):
        text = "\n\n".join(paragraph(rng) for _ in range(3))
        pages.append(f"= Appendix {number}, part {page}\n\n{text}\n")
    source = ('#set page(paper: "a4", margin: 2.5cm, footer: context '
              '[Appendix #counter(page).display()])\n#set text(size: 11pt)\n'
              + "\n#pagebreak()\n".join(pages))
    main = folder / f"appendix-{number}.typ"
    main.write_text(source, encoding="utf-8")
    compiler = typst.Compiler(root=str(folder))
    return compiler.compile(input=str(main), format="pdf", timestamp=STAMP)


def workbook(number: int) -> bytes:
    """A KPI table: indicator, target, direction, eight quarters of values."""
    rng = random.Random(3000 + number)
    wb = Workbook()
    ws = wb.active
    ws.title = "KPIs"
    wb.properties.creator = "Performance and Intelligence Team"
    wb.properties.created = wb.properties.modified = STAMP.replace(tzinfo=None)
    ws.append(["Indicator", "Target", "Better", *QUARTERS])
    for row in range(KPI_ROWS):
        lower = rng.random() < 0.5
        target = rng.randint(20, 80)
        value = target * rng.uniform(0.7, 1.3)
        values: list[float | None] = []
        for _ in QUARTERS:
            value = max(1.0, value * rng.uniform(0.92, 1.08))
            values.append(round(value, 1))
        if row % TREND_EVERY:  # a new or annual measure: the latest quarter only
            values = [None] * (len(QUARTERS) - 1) + values[-1:]
        name = f"{rng.choice(SERVICES)}: indicator {number}.{row + 1}"
        ws.append([name, target, "Lower" if lower else "Higher", *values])
    out = io.BytesIO()
    wb.save(out)
    data = out.getvalue()
    return repeatable_zip(data)


def note_md(number: int) -> bytes:
    rng = random.Random(4000 + number)
    return (f"# Cover note {number}\n\n" + "\n\n".join(paragraph(rng) for _ in range(3))
            ).encode("utf-8")


def change_report(root: Path, number: int, variant: int, paragraphs: int = 1) -> Path:
    """Replace report ``number`` by an edited version (``paragraphs`` added at the end)."""
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    path = root / f"reports/report-{number:02d}.docx"
    rng = random.Random(5000 + variant)
    extra = "\n\n".join(paragraph(rng) for _ in range(paragraphs))
    edited = report_md(number) + f"\n## Late addition {variant}\n\n{extra}\n".encode()
    path.write_bytes(docx(edited))
    return path


def toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def item_toml(item_id: str, title: str, files: list[str], *, exempt: int = 0,
              purpose: str = "information") -> str:
    lines = ["[[item]]", f"id = {toml_string(item_id)}", f"title = {toml_string(title)}",
             'presenter = "Director of Children\'s Services"', f'purpose = "{purpose}"',
             "files = [" + ", ".join(toml_string(f) for f in files) + "]"]
    if exempt:
        lines.append(f"exempt = {exempt}")
    return "\n".join(lines) + "\n"


MEETING = """\
# The benchmark's reference pack, written by bench/make_big_pack.py: do not edit.
[meeting]
authority = "Middlehaven Borough Council"
committee = "Corporate Parenting Board"
date = 2027-03-17
time = "14:00"
venue = "Committee Room 2, Town Hall, Middlehaven"
members = ["Councillor Janet Okafor", "Councillor Peter Hallam", "Councillor Amrit Sandhu"]
chair = "Councillor Janet Okafor"
clerk = { name = "Sam Whitfield", email = "democratic.services@middlehaven.example.gov.uk", \
phone = "01632 960 418" }
previous_meeting = 2027-01-20
published = 2027-03-09
template = "corporate-parenting-board"
"""


def make(out_dir: Path) -> Path:
    """Write the pack under ``out_dir``; returns its folder."""
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    root = out_dir / PACK_NAME
    reports = root / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    items = []
    with tempfile.TemporaryDirectory() as scratch:
        for number in range(1, REPORTS + 1):
            files = [f"reports/report-{number:02d}.docx"]
            (root / files[0]).write_bytes(docx(report_md(number)))
            if number <= APPENDICES:
                files.append(f"reports/report-{number:02d}-appendix.pdf")
                (root / files[1]).write_bytes(appendix_pdf(number, Path(scratch)))
            exempt = 3 if number in PART_B else 0
            items.append(item_toml(f"report-{number:02d}", f"Service report {number}", files,
                                   exempt=exempt, purpose="decision"))
    for number in range(1, WORKBOOKS + 1):
        path = f"reports/kpis-{number:02d}.xlsx"
        (root / path).write_bytes(workbook(number))
        items.append(item_toml(f"kpis-{number:02d}", f"Performance indicators {number}", [path]))
    (root / "reports/ofsted-letter.docx").write_bytes(docx(LETTER.read_bytes()))
    items.append(item_toml("ofsted-letter", "Ofsted monitoring visit letter",
                           ["reports/ofsted-letter.docx"]))
    for number in range(1, NOTES + 1):
        path = f"reports/note-{number:02d}.md"
        (root / path).write_bytes(note_md(number))
        items.append(item_toml(f"note-{number:02d}", f"Cover note {number}", [path]))
    # Part B items go last on the agenda (after the exclusion item), as agenda.py orders.
    (root / "pack.toml").write_text(MEETING + "\n" + "\n".join(items), encoding="utf-8")
    return root


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    root = make(Path(argv[0]))
    print(root)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
