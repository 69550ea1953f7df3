"""Reports in the council's template: the skeleton ``boardpack report`` writes, filled in
as an author would (python-docx) and built; and every warning ``check`` gives about a
report's sections."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from helpers import pdf_text

from boardpack.cli import main
from boardpack.pack.report_rules import rules
from boardpack.pipeline.build import build
from boardpack.pipeline.check import check
from boardpack.pipeline.report_check import outline
from boardpack.sources import Context, module

docx = pytest.importorskip("docx", reason="python-docx is in the test extras")

TODAY = dt.date(2027, 2, 1)
STRICT = """\
report_deadline_days = 7

[report]
implications = ["corporate-parenting"]

[report.required]
all = ["purpose", "recommendations", "implications", "background-papers"]
decision = ["reasons", "options"]
"""
ITEMS = """
[[item]]
id = "fostering"
title = "Fostering service: annual report"
presenter = "Head of Fostering"
purpose = "decision"
"""


def committee(root: Path, text: str = STRICT) -> None:
    folder = root / "templates" / "committees"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "strict.toml").write_text(text, encoding="utf-8")


def strict_meeting() -> str:
    from helpers import MEETING

    return MEETING + 'template = "strict"\n'


def report_warnings(root: Path, item: str = "fostering") -> list[str]:
    result = check(root, today=TODAY)
    assert not result.errors, result.errors
    return [f"{p.file}: {p.message}" for p in result.warnings if p.item == item
            and "clearance" not in p.message]


def test_the_skeleton_is_written_in_the_template_and_never_over_a_file(make_pack,
                                                                        capsys) -> None:
    root = make_pack(ITEMS, meeting=strict_meeting())
    committee(root)
    assert main(["report", str(root), "fostering"]) == 0
    out = capsys.readouterr().out.split()
    assert out == [str(root / "reports/fostering-report.docx"),
                   str(root / "reports/fostering-report.md")]
    document = docx.Document(str(root / "reports/fostering-report.docx"))
    headings = [(p.style.name, p.text) for p in document.paragraphs
                if p.style.name.startswith("Heading")]
    assert headings == [
        ("Heading 1", "Purpose of the report"), ("Heading 1", "Recommendations"),
        ("Heading 1", "Reasons for the recommendations"), ("Heading 1", "Options considered"),
        ("Heading 1", "Report detail"), ("Heading 1", "Implications"),
        ("Heading 2", "Financial implications"), ("Heading 2", "Legal implications"),
        ("Heading 2", "Equality implications"), ("Heading 2", "Risk implications"),
        ("Heading 2", "Corporate parenting implications"),
        ("Heading 1", "Background papers"), ("Heading 1", "Appendices")]
    cover = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert cover[:3] == [["Meeting", "Test Committee"],
                         ["Date of meeting", "Wednesday, 17 March 2027"],
                         ["Report of", "Head of Fostering"]]
    assert [r[0] for r in cover[3:]] == ["Author and contact", "Wards affected",
                                         "Key decision", "Exempt information"]
    assert cover[-1][1] == "None: for publication"
    # Styled in the house style (Lato, the house colour on headings), British English.
    with zipfile.ZipFile(root / "reports/fostering-report.docx") as package:
        styles = package.read("word/styles.xml").decode()
    assert 'w:ascii="Lato"' in styles and 'w:val="1D4F91"' in styles
    assert 'w:val="en-GB"' in styles and "asciiTheme" not in styles
    markdown = (root / "reports/fostering-report.md").read_text()
    assert "# Purpose of the report" in markdown and "## Risk implications" in markdown
    # A second run never writes over either file.
    before = (root / "reports/fostering-report.md").read_bytes()
    (root / "reports/fostering-report.md").write_text("The author's own text.\n")
    assert main(["report", str(root), "fostering"]) == 1
    err = capsys.readouterr().err
    assert "reports/fostering-report.md: exists already" in err
    assert (root / "reports/fostering-report.md").read_text() == "The author's own text.\n"
    assert before != b"The author's own text.\n"


def test_an_unknown_item_is_one_line_naming_the_items(make_pack, capsys) -> None:
    root = make_pack(ITEMS)
    assert main(["report", str(root), "nope"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["error: p: pack.toml: no agenda item with id 'nope' — the items are: "
                   "fostering"]


def fill_in(path: Path) -> None:
    """What an author does: replace every placeholder with the report's own words."""
    document = docx.Document(str(path))
    words = {
        "Purpose of the report": "To agree the fostering recruitment plan for 2027/28.",
        "Recommendations": "That the committee agrees the recruitment plan.",
        "Reasons for the recommendations": "Thirty more foster carers are needed.",
        "Options considered": "Relying on agency carers was rejected on cost.",
        "Report detail": "Recruitment fell by a fifth in 2026.",
        "Financial implications": "The plan costs 120,000 pounds, met from reserves.",
        "Legal implications": "The council has the power under the Children Act 1989.",
        "Equality implications": "No adverse effect was found.",
        "Risk implications": "Fewer carers may apply than planned.",
        "Corporate parenting implications": "More children live with local families.",
        "Background papers": "None",
        "Appendices": "None",
    }
    heading = ""
    for paragraph in document.paragraphs:
        if paragraph.style.name.startswith("Heading"):
            heading = paragraph.text
        elif paragraph.text.startswith("["):
            paragraph.text = words[heading]
    for row, value in zip(document.tables[0].rows[3:6],
                          ("Ann Author, Fostering Manager, 01632 960 000",
                           "All wards", "No"), strict=True):
        row.cells[1].paragraphs[0].text = value
    document.save(str(path))


def test_the_skeleton_filled_in_and_dropped_back_builds_without_warnings(make_pack) -> None:
    root = make_pack(ITEMS, meeting=strict_meeting())
    committee(root)
    assert main(["report", str(root), "fostering", "--format", "docx"]) == 0
    # Before it is filled in: check and publish see the placeholders.
    assert report_warnings(root) == [
        "reports/fostering-report.docx: still holds the template's placeholder text in the "
        "cover, Purpose of the report, Recommendations (and 10 more)"]
    fill_in(root / "reports/fostering-report.docx")
    assert report_warnings(root) == []
    result = build(root, editions=("members",), formats=("pdf",))
    assert result.ok, result.problems
    text = " ".join(pdf_text(root / "build/members.pdf").split())
    for words in ("Purpose of the report", "To agree the fostering recruitment plan for "
                  "2027/28.", "1. That the committee agrees the recruitment plan.",
                  "Corporate parenting implications", "Ann Author, Fostering Manager",
                  "Wednesday, 17 March 2027"):
        assert words in text
    assert "[" not in text.split("Fostering service: annual report", 2)[-1]


REPORT = """\
# Purpose of the report

To agree the plan.

# Recommendations

1. That the committee agrees the plan.

# Reasons for the recommendations

The plan is needed.

# Options considered

Doing nothing.

# Implications

## Financial implications

Met from reserves.

## Legal implications

None.

## Equality implications

None found.

## Risk implications

Low.

## Corporate parenting implications

Positive.

# Background papers

- Cabinet report, 3 March 2026

# Appendices

None.
"""


def variant(old: str, new: str) -> str:
    assert old in REPORT
    return REPORT.replace(old, new)


@pytest.mark.parametrize(("text", "expected"), [
    (REPORT, []),
    (variant("# Purpose of the report\n\nTo agree the plan.\n\n", ""),
     ["the 'Purpose of the report' section is missing"]),
    (variant("To agree the plan.", ""), ["the 'Purpose of the report' section is empty"]),
    (variant("## Risk implications\n\nLow.\n\n", ""),
     ["the 'Risk implications' section is missing"]),
    (variant("1. That the committee agrees the plan.", "That the committee agrees the plan."),
     ["the recommendations are not numbered"]),
    (variant("# Background papers\n\n- Cabinet report, 3 March 2026\n\n", ""),
     ["has no background papers list (LGA 1972 s100D: list them, or write 'None')"]),
    (variant("- Cabinet report, 3 March 2026", "The papers are with the author."),
     ["the background papers are not listed one by one"]),
    (variant("- Cabinet report, 3 March 2026", "There are none."), []),
    (variant("Doing nothing.", "[The other options considered, including doing nothing, "
             "and why they were not recommended.]"),
     ["still holds the template's placeholder text in Options considered"]),
])
def test_each_missing_section_is_a_warning(make_pack, text: str, expected: list[str]) -> None:
    root = make_pack(ITEMS, {"reports/fostering.md": text}, meeting=strict_meeting())
    committee(root)
    assert report_warnings(root) == [f"reports/fostering.md: {m}" for m in expected]


def test_sections_required_per_purpose_and_only_in_reports(make_pack) -> None:
    """An information report needs no reasons or options; an appendix is not a report."""
    items = ITEMS.replace('purpose = "decision"', 'purpose = "information"') + """
files = ["reports/fostering.md", { path = "reports/data.md", title = "Appendix A: data" }]
"""
    text = variant("# Options considered\n\nDoing nothing.\n\n", "").replace(
        "# Reasons for the recommendations\n\nThe plan is needed.\n\n", "")
    root = make_pack(items, {"reports/fostering.md": text, "reports/data.md": "| a |\n|---|\n"},
                     meeting=strict_meeting())
    committee(root)
    assert report_warnings(root) == []
    (root / "pack.toml").write_text((root / "pack.toml").read_text().replace(
        '"information"', '"decision"'))
    assert report_warnings(root) == [
        "reports/fostering.md: the 'Reasons for the recommendations' section is missing",
        "reports/fostering.md: the 'Options considered' section is missing"]


def test_a_committee_that_requires_nothing_checks_only_placeholders(make_pack) -> None:
    root = make_pack(ITEMS, {"reports/fostering.md": "# Summary\n\nA short report.\n"})
    assert report_warnings(root) == []


def sections(path: Path) -> dict[str, str]:
    made, problems = rules({}, None)
    assert problems == []
    ctx = Context(pack_root=path.parent, pack="p", item="x", file=path.name)
    parts = outline(module("docx").convert(path.read_bytes(), ctx).blocks, made)
    return {p.section.id: p.heading for p in parts if p.section is not None}


def test_sections_of_real_council_templates_are_recognised(corpus: Path) -> None:
    """Headings typed in from reading the two reports, with the numbers Word shows."""
    tendring = sections(corpus / "reports" / "district-cabinet-report-care-leavers.docx")
    assert tendring == {
        "purpose": "PURPOSE OF THE REPORT", "recommendations": "RECOMMENDATION(S)",
        "reasons": "REASON(S) FOR THE RECOMMENDATION(S)",
        "options": "ALTERNATIVE OPTIONS CONSIDERED", "detail": "1. BACKGROUND",
        "financial": "3. FINANCE AND OTHER RESOURCE IMPLICATIONS",
        "legal": "4. LEGAL REQUIREMENTS",
        "equality": "5. EQUALITY IMPLICATIONS",
        "background-papers": "BACKGROUND PAPERS AND PUBLISHED REFERENCE MATERIAL",
        "appendices": "APPENDICES"}
    lothian = sections(corpus / "reports" / "scottish-committee-report-corporate-parenting.docx")
    assert lothian["purpose"] == "A. PURPOSE OF REPORT"
    assert lothian["recommendations"] == "B. RECOMMENDATIONS"
    assert lothian["implications"] == "C. SUMMARY OF IMPLICATIONS"
    assert lothian["background-papers"] == "F. BACKGROUND REFERENCES"
    assert lothian["appendices"] == "Appendices/Attachments"
    # The implications are rows of a table: "Policy and Legal (including … Equality
    # Issues, Health or Risk Assessment)" and "Resources – (Financial, Staffing and Property)".
    assert lothian["financial"].startswith("Resources")
    assert all(lothian[k].startswith("Policy and Legal") for k in ("legal", "equality", "risk"))
    assert "reasons" not in lothian and "options" not in lothian
