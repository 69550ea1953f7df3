"""Officer reports in two councils' report templates (../shared/corpus/reports), read as
Word shows them: paragraph numbers, text boxes, shaded cells, page header and footer
text, and the title block without the repeated title. Also the Word features of
issue 14 in ../shared/corpus/docx (text boxes, headers and footers, long lists).

Every expected value below was typed in from reading the files (their XML, and
LibreOffice's PDF of each), never from boardpack's output. Skipped, with a message,
where ../shared is absent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from helpers import CORPUS, MEETING, pdf_text
from helpers.html import Elements, ListNumbers

from boardpack.pipeline.build import build
from boardpack.pipeline.check import check
from boardpack.problems import Level

CARE_LEAVERS = "district-cabinet-report-care-leavers.docx"
PARENTING = "scottish-committee-report-corporate-parenting.docx"
ITEM_TITLES = {CARE_LEAVERS: "Council tax discretionary discount for care leavers",
               PARENTING: "Corporate Parenting Plan 2024–2027: annual progress report"}

# [number as Word shows it, first words], in document order.
NUMBERS = {
    CARE_LEAVERS: [
        ("(a)", "approves a 100% discretionary discount"),
        ("(b)", "delegates to the Director (Finance and IT)"),
        ("(c)", "notes the cost of the discount set out in section 3."),
        ("1.", "BACKGROUND"),
        ("1.1", "Section 13A(1)(c) of the Local Government Finance Act 1992"),
        ("1.2", "The Children and Social Work Act 2017"),
        ("2.", "THE PROPOSED SCHEME"),
        ("2.1", "The discount would apply to a care leaver aged 18 to 24"),
        ("2.2", "Where a care leaver shares a home"),
        ("2.2.1", "Joint and several liability is not affected"),
        ("2.2.2", "A care leaver in arrears when the scheme starts"),
        ("2.3", "The county council's leaving care service"),
        ("2.4", "A 50% discount would leave most care leavers"),
        ("3.", "FINANCE AND OTHER RESOURCE IMPLICATIONS"),
        ("3.1", "The cost of the discount falls on the collection fund"),
        ("3.2", "The Revenues team can administer the scheme"),
        ("4.", "LEGAL REQUIREMENTS"),
        ("4.1", "The discount must be funded in accordance with section 13A(7)"),
        ("5.", "EQUALITY IMPLICATIONS"),
        ("5.1", "Care experience is not a protected characteristic"),
        # typed as text, not a Word list: kept as typed, once
        ("1.", "County council Care Leavers' Local Offer 2024–2026."),
        ("2.", "Local Government Finance Act 1992, section 13A."),
        ("3.", "Equality impact assessment, February 2025."),
    ],
    PARENTING: [
        ("1.", "notes the progress made against the Plan's five commitments"),
        ("2.", "approves the revised action plan for 2025/26"),
        ("3.", "notes the views of care experienced children and young people"),
        ("4.", "agrees that a further report be brought in June 2026."),
        ("D.1", "Background"),
        ("D.1.1", "The Plan was approved by the Council Executive on 11 June 2024"),
        ("D.1.2", "At 31 March 2025, 312 children and young people"),
        ("D.2", "Governance"),
        ("D.2.1", "The Corporate Parenting Board meets quarterly"),
        ("D.3", "Progress against the commitments"),
        ("D.3.1", "The table below shows the attainment"),
        ("D.3.2", "Care experienced young people told the Champions Board"),
        ("D.3.2.1", "Continuing care placements rose from 41 to 53."),
        ("D.3.2.2", "Aftercare support was offered to every young person eligible at 16."),
        ("D.4", "Views of care experienced children and young people"),
        ("D.4.1", "The Champions Board asked for fewer changes of worker"),
    ],
}
# (anchor paragraph's own text, the box's lines, the paragraph after it)
TEXT_BOXES = {
    CARE_LEAVERS: ("has asked every district to offer a discount.",
                   ["Key facts", "64 care leavers aged 18 to 24 live in the district.",
                    "Estimated cost in 2025/26: £38,400, of which the district bears £4,100.",
                    "11 of them were in arrears at 31 January 2025."],
                   "This report sets out a scheme, its cost and how it would be administered."),
    PARENTING: ("Care experienced young people told the Champions Board what had changed "
                "for them.",
                ["What young people told us",
                 '"Having the same worker for two years made all the difference."',
                 '"I still had to tell my story three times."'],
                "D.3.2.1 Continuing care placements rose from 41 to 53."),
}
# (cell text, fill) of shaded cells
SHADED = {
    CARE_LEAVERS: [("Body", "1F3864"), ("Estimated cost 2025/26 (64 care leavers)", "1F3864"),
                   ("Share of band D", "1F3864"), ("Cost £", "1F3864"),
                   ("Per care leaver £", "1F3864"), ("4,100", "FFF2CC"), ("64", "FFF2CC"),
                   ("Name", "D9E2F3"), ("Job Title", "D9E2F3"), ("Email", "D9E2F3"),
                   ("Phone", "D9E2F3")],
    PARENTING: [("I.", "DEEAF6"), ("Council Values", "DEEAF6"), ("VIII.", "DEEAF6"),
                ("Other consultations", "DEEAF6"), ("School leavers achieving", "2F5496"),
                ("2022/23", "2F5496"), ("2023/24", "2F5496"), ("Looked after", "2F5496"),
                ("All leavers", "2F5496"), ("44%", "E2EFD9")],
}
WHITE_ON = {CARE_LEAVERS: "Share of band D", PARENTING: "2022/23"}
PAGE_TEXT = {
    CARE_LEAVERS: ["Key Decision Required: Yes · In the Forward Plan: Yes · Part A – public "
                   "report", "Easthaven District Council – Cabinet, 21 March 2025 – Report A.3"],
    PARENTING: ["DATA LABEL: PUBLIC",
                "Lothian Vale Council – Council Executive – 10 June 2025 – Item 9"],
}
TITLE_LINES = {CARE_LEAVERS: "A.3 COUNCIL TAX DISCRETIONARY DISCOUNT FOR CARE LEAVERS",
               PARENTING: "CORPORATE PARENTING PLAN 2024–2027: ANNUAL PROGRESS REPORT"}
TITLE_BLOCKS = {CARE_LEAVERS: ["CABINET", "21 MARCH 2025",
                               "REPORT OF THE FINANCE AND GOVERNANCE PORTFOLIO HOLDER",
                               "(Report prepared by Dana Okoro, Revenues and Benefits Manager)"],
                PARENTING: ["COUNCIL EXECUTIVE", "REPORT BY HEAD OF SOCIAL POLICY"]}

# ../shared/corpus/docx: text boxes, headers and footers, a long list
DOCX_TEXT = {
    "mammoth__text-box.docx": [("once", "Datum plane")],
    "pydocx__sct-first-page-hdrftr.docx": [("once", "Default (odd, primary) Header"),
                                           ("once", "First Page Header (section 2)")],
    "poi__stress023.docx": [("once", "ATTACHMENT 2"), ("once", "EXHIBIT A"),
                            ("once", "As of Dec 2019. Check with city for latest updates.")],
    "pandoc__german_styled_lists.docx": [
        ("once", "Massgebend sind die Allgemeinen Geschäftsbedingungen der Migros Bank AG")],
    "poi__bug59058.docx": [("in", "1. Agency for Toxic Substances and Disease Registry"),
                           ("in", "28. E. N. Marieb, Human Anatomy and Physiology"),
                           ("in", "30. M. Melbye and D. Trichopoulos"),
                           ("in", "78. D. Baris, L. W. Kwak, N. Rothman et al.")],
}


def in_order(text: str, phrases: list[str]) -> None:
    position = 0
    for phrase in phrases:
        found = text.find(phrase, position)
        assert found >= 0, (phrase, text[position:position + 300])
        position = found + len(phrase)


def flat(text: str) -> str:
    return " ".join(text.split())


def make_pack(root: Path, files: dict[str, Path], titles: dict[str, str]) -> dict[str, Any]:
    (root / "reports").mkdir(parents=True)
    items = []
    for index, (name, source) in enumerate(files.items()):
        (root / "reports" / name).write_bytes(source.read_bytes())
        items.append(f'[[item]]\nid = "r{index}"\ntitle = "{titles.get(name, name)}"\n'
                     f'files = ["reports/{name}"]\n')
    (root / "pack.toml").write_text(MEETING + "\n".join(items), encoding="utf-8")
    checked = check(root)
    built = build(root, editions=["members"])
    assert built.ok, [str(p) for p in built.problems]
    pdf = root / "build" / "members.pdf"
    html = (root / "build" / "members.html").read_text(encoding="utf-8")
    return {"checked": checked, "text": flat(pdf_text(pdf)), "html": Elements(html), "raw": html,
            "items": {name: f"r{i}" for i, name in enumerate(files)}}


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = CORPUS / "reports"
    if not (folder / CARE_LEAVERS).is_file():
        pytest.skip("../shared/corpus/reports is not present beside the project")
    root = tmp_path_factory.mktemp("reports") / "reports"
    return make_pack(root, {n: folder / n for n in (CARE_LEAVERS, PARENTING)}, ITEM_TITLES)


def item_text(pack: dict[str, Any], name: str) -> str:
    """The PDF text of one report's item: from its heading to the next item's."""
    text = pack["text"]
    start = text.index(f"{ITEM_TITLES[name]} Purpose:")
    following = [text.find(f"{t} Purpose:", start + 1) for n, t in ITEM_TITLES.items()
                 if n != name] + [text.find("Any other urgent business", start)]
    return text[start:min(f for f in following if f > start)]


@pytest.mark.parametrize("name", [CARE_LEAVERS, PARENTING])
def test_paragraph_numbers_are_as_word_shows_them(reports: dict[str, Any], name: str) -> None:
    in_order(item_text(reports, name), [f"{n} {words}" for n, words in NUMBERS[name]])
    paragraphs = reports["html"].texts("p")
    items = ListNumbers(reports["raw"]).numbered()
    for number, words in NUMBERS[name]:
        as_text = any(t.startswith(f"{number} {words}") for t in paragraphs)
        listed = any(n == number and t.startswith(words) for n, t in items)
        assert as_text or listed, (number, words)


@pytest.mark.parametrize("name", [CARE_LEAVERS, PARENTING])
def test_the_text_box_keeps_its_text_after_its_anchor(reports: dict[str, Any], name: str
                                                      ) -> None:
    anchor, lines, after = TEXT_BOXES[name]
    text = item_text(reports, name)
    in_order(text, [anchor, *lines, after])
    for line in lines:
        assert text.count(line) == 1, line
    boxes = " ".join(reports["html"].texts("div", class_="text-box"))
    assert all(line in boxes for line in lines)


@pytest.mark.parametrize("name", [CARE_LEAVERS, PARENTING])
def test_shaded_cells_keep_their_colour(reports: dict[str, Any], name: str) -> None:
    styles: dict[str, set[str]] = {}
    for tag, attrs, text in reports["html"].found:
        if tag in ("td", "th"):
            styles.setdefault(text, set()).add(attrs.get("style", "").replace(" ", ""))
    for text, fill in SHADED[name]:
        assert any(f"background-color:#{fill}" in s for s in styles[text]), (text, styles[text])
    assert any("color:#FFFFFF" in s for s in styles[WHITE_ON[name]])


@pytest.mark.parametrize("name", [CARE_LEAVERS, PARENTING])
def test_header_and_footer_text_is_shown_once(reports: dict[str, Any], name: str) -> None:
    text = item_text(reports, name)
    for line in PAGE_TEXT[name]:
        assert text.count(line) == 1, line
    assert "Report A.3 – Page" not in text and "Item 9 Page" not in text


@pytest.mark.parametrize("name", [CARE_LEAVERS, PARENTING])
def test_the_title_is_printed_once_and_the_title_block_kept(reports: dict[str, Any],
                                                            name: str) -> None:
    text = item_text(reports, name)
    assert TITLE_LINES[name] not in text
    assert text.lower().count(ITEM_TITLES[name].lower()) == 1  # the item's heading
    in_order(text, TITLE_BLOCKS[name])


def test_the_reports_need_no_warning(reports: dict[str, Any]) -> None:
    found = [str(p) for p in reports["checked"].problems if p.level is Level.WARNING]
    assert found == []


@pytest.fixture(scope="module")
def word_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = CORPUS / "docx"
    if not (folder / "mammoth__text-box.docx").is_file():
        pytest.skip("../shared/corpus/docx is not present beside the project")
    root = tmp_path_factory.mktemp("word-files") / "word-files"
    return make_pack(root, {n: folder / n for n in DOCX_TEXT}, {})


@pytest.mark.parametrize("name", sorted(DOCX_TEXT))
def test_corpus_word_files_show_what_word_shows(word_files: dict[str, Any], name: str) -> None:
    text = word_files["text"]
    for how, phrase in DOCX_TEXT[name]:
        assert phrase in text, phrase
        if how == "once":
            assert text.count(phrase) == 1, phrase
