"""The PDF pack as a screen reader meets it: every picture a tagged figure with its alt
text, tables with header cells, the title shown, the language set, the items in agenda
order; and the machine-checkable part of PDF/UA-1 passed (the ``pdfua`` package).

Read back from the built PDFs with pikepdf and pdfua, never from boardpack's own
records. Expected alt texts are typed in from the documents: the Word picture's
description (Word: View Alt Text), the Markdown images' text, the workbook's indicator
names, the Ofsted letter's text.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import DEMO, built_demo, png
from helpers.tagged import catalog, tree

from boardpack.pack import agenda
from boardpack.pack import load as packfile
from boardpack.pipeline.build import build
from boardpack.pipeline.check import check

pikepdf = pytest.importorskip("pikepdf", reason="pikepdf is not installed")
pdfua = pytest.importorskip("pdfua", reason="pdfua is not installed (pip install pdfua)")

WORD_ALT = ("Bar chart. Agency social workers were 31% of social work posts in Q4 2025/26, "
            "30% in Q1 2026/27, 28% in Q2 and 26% in Q3, against a target of 15%.")
INDICATORS = ["Agency social workers (% of posts)", "Agency staff in post over one year (%)",
              "Average caseload per social worker", "Social worker vacancy rate",
              "Social worker turnover (12 months)",
              "Children in care with 3+ placement moves in 12 months",
              "Care leavers aged 19 to 21 in education, employment or training",
              "Average weekly cost of an agency social worker (£)"]
# An alt text that would break out of a Typst string, or run code, if it were not escaped.
HOSTILE_ALT = "Back\\slash #panic(no) ) } // not a comment /* nor this"
NO_DESCRIPTION = "A picture its author has not described"


PICTURES_MD = f"""\
# Pictures

A described picture:

![A grey rectangle standing for the site plan](plan.png)

A decorative rule: ![](rule.png){{.decorative}} and an undescribed one: ![](blank.png)

![{HOSTILE_ALT}](hostile.png)
"""

EVERY_KIND = """\
[[item]]
id = "pictures"
title = "Pictures in a Markdown report"
purpose = "information"
files = ["reports/pictures.md"]

[[item]]
id = "improvement-plan"
title = "Improvement plan"
purpose = "decision"
files = ["reports/improvement-plan.docx"]

[[item]]
id = "workforce"
title = "Workforce indicators"
purpose = "discussion"
files = [{ path = "reports/workforce-kpis-appendix.xlsx", title = "Appendix A: indicators" }]

[[item]]
id = "letter"
title = "Ofsted letter"
purpose = "information"
files = [{ path = "reports/ofsted-monitoring-visit-letter.pdf", kind = "letter" }]

[[item]]
id = "contract"
title = "Contract award"
purpose = "decision"
exempt = 3
files = ["reports/residential-placements.md"]
"""


def every_kind_files(with_pdf: bool = True) -> dict[str, str | bytes]:
    reports = DEMO / "reports"
    files: dict[str, str | bytes] = {
        "reports/pictures.md": PICTURES_MD,
        "reports/plan.png": png(), "reports/rule.png": png(60, 4, 40),
        "reports/blank.png": png(30, 30, 200), "reports/hostile.png": png(20, 20, 120),
    }
    names = ["improvement-plan.docx", "workforce-kpis-appendix.xlsx",
             "residential-placements.md"]
    if with_pdf:
        names.append("ofsted-monitoring-visit-letter.pdf")
    for name in names:
        files[f"reports/{name}"] = (reports / name).read_bytes()
    return files


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_demo(tmp_path_factory.mktemp("access"), ["pdf"])


@pytest.fixture(scope="module")
def every_kind(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _made(tmp_path_factory.mktemp("every-kind"), EVERY_KIND, every_kind_files())


@pytest.fixture(scope="module")
def without_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    items = EVERY_KIND.replace('[{ path = "reports/ofsted-monitoring-visit-letter.pdf", '
                               'kind = "letter" }]', "[]")
    return _made(tmp_path_factory.mktemp("no-pdf"), items, every_kind_files(with_pdf=False))


def _made(folder: Path, items: str, files: dict[str, str | bytes]) -> Path:
    from helpers import MEETING

    root = folder / "p"
    root.mkdir()
    (root / "pack.toml").write_text(MEETING + 'template = "corporate-parenting-board"\n\n'
                                    + items, encoding="utf-8")
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    result = build(root, formats=["pdf"])
    assert result.ok, [str(p) for p in result.problems]
    return root


def pdfua_errors(path: Path) -> list[str]:
    report = pdfua.validate(str(path))
    return [f"{f.rule_id} p.{f.location.page}: {f.message}" for f in report.findings
            if f.severity.name == "ERROR"]


def figure_alts(path: Path) -> list[str | None]:
    return [figure.alt for figure in tree(path).find("/Figure")]


# --- 1. pictures --------------------------------------------------------------------

def test_every_figure_of_the_demo_pack_has_its_alt_text(demo: Path) -> None:
    for edition in ("members", "public"):
        alts = figure_alts(demo / "build" / f"{edition}.pdf")
        assert None not in alts
        assert WORD_ALT in alts  # the Word picture's description (Pandoc 3.9 drops it)
        charts = [alt for alt in alts if alt.startswith("Line chart of ")]
        assert [next(i for i in INDICATORS if alt.startswith(f"Line chart of {i},"))
                for alt in charts] == INDICATORS
        pages = [alt for alt in alts if alt.startswith("Page ")]
        assert len(pages) == 2  # the Ofsted letter's two pages, each with its text
        assert "Monitoring visit to Middlehaven children’s services" in pages[0]
        assert len(alts) == 1 + len(INDICATORS) + 2


def test_markdown_pictures_keep_their_words_and_decorative_ones_are_artifacts(
        every_kind: Path) -> None:
    alts = figure_alts(every_kind / "build" / "members.pdf")
    assert "A grey rectangle standing for the site plan" in alts
    assert HOSTILE_ALT in alts
    assert alts.count(NO_DESCRIPTION) == 1  # the undescribed picture is still a figure
    assert WORD_ALT in alts
    # Four pictures in the Markdown report, one decorative: three of them are figures.
    markdown = [a for a in alts if a in ("A grey rectangle standing for the site plan",
                                         NO_DESCRIPTION, HOSTILE_ALT)]
    assert len(markdown) == 3


def test_check_warns_about_the_undescribed_picture_only(every_kind: Path) -> None:
    problems = [p for p in check(every_kind).problems if "alt text" in p.message]
    assert [(p.item, p.file) for p in problems] == [("pictures", "reports/pictures.md")]
    assert "blank.png" in problems[0].message


# --- 2. tables, title, language, order -------------------------------------------------

def test_label_value_tables_have_row_headers_and_data_tables_column_headers(
        demo: Path) -> None:
    document = tree(demo / "build" / "members.pdf")
    tables = document.find("/Table")
    details, contents = tables[0], tables[1]
    rows = details.find("/TR")
    assert len(rows) == 5  # Date, Time, Venue, Contact, Published
    for row in rows:
        assert [(c.role, c.scope) for c in row.kids] == [("/TH", "/Row"), ("/TD", None)]
    head = contents.find("/THead")[0].find("/TH")
    assert [c.scope for c in head] == ["/Column"] * 3  # No., Item, Page
    for table in tables:
        assert table.find("/TH"), "a table without header cells"
    walked = document.walk()
    summary = next(i for i, e in enumerate(walked) if e.title == "Ofsted letter: summary")
    card = next(e for e in walked[summary:] if e.role == "/Table")  # the letter's card
    assert [row.kids[0].scope for row in card.find("/TBody")[0].find("/TR")] == ["/Row"] * 5


def test_title_shown_and_language_set(demo: Path) -> None:
    for edition in ("members", "public"):
        found = catalog(demo / "build" / f"{edition}.pdf")
        assert found["display_title"] is True
        assert found["lang"] == "en-GB"
        assert found["title"] == "Corporate Parenting Board — 20 January 2027"


def test_reading_order_follows_the_agenda(demo: Path) -> None:
    entries = agenda.entries(packfile.load(demo).pack)
    for edition in ("members", "public"):
        headings = [h.title for h in tree(demo / "build" / f"{edition}.pdf").find("/H1")]
        assert headings[:2] == ["Corporate Parenting Board", "Agenda"]
        assert headings[2:] == [f"{e.number}. {e.item.title}" for e in entries]


# --- 3. PDF/UA-1 ------------------------------------------------------------------------

@pytest.mark.parametrize("edition", ["members", "public"])
def test_demo_pack_passes_the_machine_checkable_part_of_pdf_ua(demo: Path, edition: str
                                                               ) -> None:
    assert pdfua_errors(demo / "build" / f"{edition}.pdf") == []


@pytest.mark.parametrize("edition", ["members", "public"])
def test_pack_of_every_input_kind_passes_pdf_ua(every_kind: Path, edition: str) -> None:
    assert pdfua_errors(every_kind / "build" / f"{edition}.pdf") == []


def test_a_pack_without_pdf_pages_is_declared_pdf_ua(without_pdf: Path, every_kind: Path
                                                     ) -> None:
    for edition in ("members", "public"):
        assert catalog(without_pdf / "build" / f"{edition}.pdf")["pdfua"] == "1"
        assert pdfua_errors(without_pdf / "build" / f"{edition}.pdf") == []
        report = pdfua.validate(str(without_pdf / "build" / f"{edition}.pdf"))
        assert [f.rule_id for f in report.findings if f.severity.name == "WARNING"] == []
    # Typst will not embed a PDF's pages in PDF/UA mode: that pack is not declared
    # (in the members' edition; the public one has the letter too).
    assert catalog(every_kind / "build" / "members.pdf")["pdfua"] is None


def test_the_check_finds_a_figure_without_alt_text(tmp_path: Path,
                                                  make_pack: Callable[..., Path]) -> None:
    """Control: pdfua reports the figure Pandoc 3.9's writer left without alt text."""
    import typst

    source = tmp_path / "bare.typ"
    (tmp_path / "a.png").write_bytes(png())
    source.write_text('#set document(title: "T")\n#set text(lang: "en")\n'
                      '#figure(image("a.png"), caption: [A caption])\n', encoding="utf-8")
    (tmp_path / "bare.pdf").write_bytes(typst.compile(str(source), format="pdf"))
    assert any(e.startswith("UA-13-004") for e in pdfua_errors(tmp_path / "bare.pdf"))


def test_the_finished_pdf_is_valid_and_finishing_it_again_changes_nothing(
        every_kind: Path) -> None:
    from boardpack.render.pdf_finish import finish

    data = (every_kind / "build" / "members.pdf").read_bytes()
    assert b"/Prev " in data[-400:]  # Typst's PDF, then the update
    assert finish(data) == data
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert list(pdf.check_pdf_syntax()) == []


@pytest.mark.slow
def test_the_bench_pack_in_miniature_passes_pdf_ua(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """bench/make_big_pack.py's pack (Word reports with tables and pictures, PDF
    appendices, KPI workbooks, an Ofsted letter, a Part B item), with fewer of each.
    (The full 470-page pack was checked the same way: no error in either edition.)"""
    import importlib.util

    from helpers import ROOT

    spec = importlib.util.spec_from_file_location("make_big_pack",
                                                  ROOT / "bench" / "make_big_pack.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    for name, value in (("REPORTS", 3), ("APPENDICES", 1), ("WORKBOOKS", 1), ("NOTES", 1),
                        ("PART_B", (2,)), ("KPI_ROWS", 12)):
        monkeypatch.setattr(bench, name, value)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", bench.EPOCH)  # make() sets it; restored after
    root = bench.make(tmp_path)
    result = build(root, formats=["pdf"])
    assert result.ok, [str(p) for p in result.problems]
    for edition in ("members", "public"):
        path = root / "build" / f"{edition}.pdf"
        assert pdfua_errors(path) == []
        alts = figure_alts(path)
        assert alts and None not in alts


def test_a_public_edition_without_the_part_b_pdf_is_declared(
        make_pack: Callable[..., Path]) -> None:
    root = make_pack("""
        [[item]]
        id = "open"
        title = "Open report"
        purpose = "information"
        files = ["reports/open.md"]

        [[item]]
        id = "closed"
        title = "Closed report"
        purpose = "decision"
        exempt = 3
        files = ["reports/closed.pdf"]
        """, files={"reports/open.md": "# Open\n\nText.\n",
                    "reports/closed.pdf": (DEMO / "reports" /
                                           "ofsted-monitoring-visit-letter.pdf").read_bytes()})
    result = build(root, formats=["pdf"])
    assert result.ok, [str(p) for p in result.problems]
    assert catalog(root / "build" / "public.pdf")["pdfua"] == "1"
    assert catalog(root / "build" / "members.pdf")["pdfua"] is None
    for edition in ("members", "public"):
        assert pdfua_errors(root / "build" / f"{edition}.pdf") == []
