"""Pre-flight: ``check`` warns about what should not be published."""

from __future__ import annotations

import datetime as dt

import pytest

from boardpack import sources
from boardpack.pandoc import run as pandoc
from boardpack.pipeline import preflight
from boardpack.pipeline.check import check
from boardpack.problems import Level

TODAY = dt.date(2027, 2, 1)  # well before the test meeting's deadlines


@pytest.mark.parametrize(("text", "found"), [
    ("The cost is £[TBC].", True),
    ("Date of the next review: [to be confirmed]", True),
    ("[Insert name of provider]", True),
    ("A saving of £XX,XXX is expected.", True),
    ("XX% of children", True),
    ("due on XX/XX/2027", True),
    ("costs £xx", True),
    ("The XXI Commonwealth Games", False),
    ("Exxon and Foxx", False),
    ("TBC", False),  # a bare TBC in a table is often meant; only the bracketed form is a blank
    ("See [the plan](https://example.org)", False),
])
def test_placeholders(text: str, found: bool) -> None:
    assert bool(list(preflight.placeholders(text))) is found


@pytest.mark.parametrize(("text", "kind"), [
    ("Child A (DOB 12/03/2011) moved placement.", "a date of birth"),
    ("D.O.B. 12.03.2011", "a date of birth"),
    ("date of birth: 3rd March 2011", "a date of birth"),
    ("She was born on 3 March 2011 in Leeds.", "a date of birth"),
    ("born 03/03/11", "a date of birth"),
    ("NHS number 9434765919", "an NHS number"),
    ("943 476 5919", "an NHS number"),
    ("NI number AB 12 34 56 C", "a National Insurance number"),
    ("QQ123456C", None),                  # QQ is never issued
    ("943 476 5918", None),               # fails the check digit
    ("ref 9434765919", None),             # unspaced and not said to be an NHS number
    ("born in 2011", None),               # a year alone identifies no one
    ("Mr Dobson 12/03/2011", None),
    ("The plan was agreed on 12/03/2026.", None),
    ("Tel 01632 960 418", None),
    ("£1,234,567,890", None),
])
def test_personal_data(text: str, kind: str | None) -> None:
    found = [f.kind for f in preflight.personal_data(text)]
    assert found == ([kind] if kind else [])


def test_nhs_check_digit() -> None:
    assert preflight.nhs_number_valid("9434765919")
    assert preflight.nhs_number_valid("4010232137")
    assert not preflight.nhs_number_valid("4010232138")
    assert not preflight.nhs_number_valid("1111111111")


def test_mobile_numbers_are_only_noted() -> None:
    assert [f.kind for f in preflight.mobile_numbers("Call 07700 900123")] == [
        "a mobile phone number"]
    assert not list(preflight.mobile_numbers("Call 01632 960418"))


ITEMS = """
[[item]]
id = "open"
title = "Placement sufficiency"
summary = "Includes the case of a child, NI number AB 12 34 56 C."
files = ["reports/open.md"]

[[item]]
id = "closed"
title = "Individual placement"
exempt = 2
files = ["reports/closed.md"]
"""
FILES = {
    "reports/open.md": """\
Child A (DOB 12/03/2011) moved placement. The cost was £[TBC].

Contact the service manager on 07700 900123.

![](chart.png)
""",
    "reports/closed.md": "Child B was born on 3 March 2011. The weekly cost is £XX.\n",
    "reports/chart.png": bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"),
}


def messages(problems, item: str, level: Level = Level.WARNING) -> list[str]:
    return [f"{p.file}: {p.message}" for p in problems if p.item == item and p.level is level]


def test_check_reports_preflight_findings(make_pack) -> None:
    result = check(make_pack(ITEMS, FILES), today=TODAY)
    open_item = messages(result.problems, "open")
    assert "reports/open.md: has a placeholder '[TBC]'" in open_item
    assert any(m.startswith("reports/open.md: looks like a date of birth in a public item "
                            "('DOB 12/03/2011')") for m in open_item)
    assert any(m.startswith("pack.toml: looks like a National Insurance number")
               for m in open_item)
    assert len([m for m in open_item if "alt text" in m]) == 1
    assert messages(result.problems, "open", Level.INFO) == [
        "reports/open.md: has a mobile phone number in a public item ('07700 900123')"]
    # Part B papers never go public: placeholders matter there, personal data is expected.
    assert messages(result.problems, "closed") == ["reports/closed.md: has a placeholder 'XX'"]
    assert not result.errors


def test_a_clean_pack_has_no_preflight_warnings(demo_pack) -> None:
    result = check(demo_pack, today=dt.date(2026, 12, 1))
    assert result.warnings == []


def test_unfinished_word_files_are_flagged(make_pack) -> None:
    if "docx" not in sources.modules():
        pytest.skip("the Word source is not installed")
    markdown = (
        "The budget is [balanced]{.insertion author=\"Finance\" date=\"2027-01-05T10:00:00Z\"} "
        "[overspent]{.deletion author=\"Finance\" date=\"2027-01-05T10:00:00Z\"}.\n\n"
        "Savings [are agreed]{.comment-start id=\"1\" author=\"Head of Service\"}"
        "Check with finance first[]{.comment-end id=\"1\"}.\n")
    data = pandoc.run(["-f", "markdown", "-t", "docx", "-o", "-"], markdown.encode())
    root = make_pack('[[item]]\nid = "budget"\ntitle = "Budget"\nfiles = ["reports/b.docx"]\n',
                     {"reports/b.docx": data})
    found = " ".join(messages(check(root, today=TODAY).problems, "budget"))
    assert "tracked changes" in found
    assert "comment" in found


BLACK_BOX = """\
#set page(width: 15cm, height: 8cm)
The child's name is Jane Example and she lives at 1 High Street.
#place(top + left, rect(fill: black, width: 100%, height: 1.2em))
"""


def test_a_black_box_over_text_is_flagged_and_stops_publishing(make_pack, tmp_path) -> None:
    if "pdf" not in sources.modules():
        pytest.skip("the PDF source is not installed")
    import typst

    from boardpack.publish.issue import publish

    (tmp_path / "box.typ").write_text(BLACK_BOX, encoding="utf-8")
    data = typst.compile(str(tmp_path / "box.typ"))
    items = ('[[item]]\nid = "open"\ntitle = "Open"\nfiles = ["reports/open.pdf"]\n\n'
             '[[item]]\nid = "closed"\ntitle = "Closed"\nexempt = 1\n'
             'files = ["reports/closed.pdf"]\n')
    root = make_pack(items, {"reports/open.pdf": data, "reports/closed.pdf": data})
    result = check(root, today=TODAY)
    for item in ("open", "closed"):
        assert any("black box drawn over text" in m for m in messages(result.problems, item))
    refused = publish(root)
    assert not refused.ok and not (root / "issued" / "1").exists()
    assert "1 thing(s) that should not be published" in str(refused.problems[-1])
    # Members' papers are not published: the same box in the Part B item alone does not stop it.
    (root / "reports/open.pdf").write_bytes(typst.compile(bytes("Open text.", "utf-8")))
    assert publish(root).ok


def test_hidden_spreadsheet_data_is_flagged(make_pack) -> None:
    if "xlsx" not in sources.modules():
        pytest.skip("the workbook source is not installed")
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "KPIs"
    for row in (["Indicator", "Value"], ["Vacancy rate", 0.15], ["Hidden row", 42]):
        sheet.append(row)
    sheet.row_dimensions[3].hidden = True
    book.create_sheet("Workings").sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    root = make_pack('[[item]]\nid = "kpis"\ntitle = "KPIs"\nfiles = ["reports/k.xlsx"]\n',
                     {"reports/k.xlsx": out.getvalue()})
    found = " ".join(messages(check(root, today=TODAY).problems, "kpis"))
    assert "sheet 'Workings' is hidden" in found
    assert "hidden" in found.replace("sheet 'Workings' is hidden", "")
