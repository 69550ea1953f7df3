"""The decision notice and the forward plan, read back from the PDF and HTML they make:
every field the regulations ask for is there, and nothing of a Part B item but what a
notice may say (markers planted in every other field are found in the members' copy)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from helpers import EXECUTIVE, ROOT, pdf_text
from helpers.minutes import flat, html_text

from boardpack.cli import main
from boardpack.pack import forward_plan
from boardpack.pipeline.check import check

ITEMS = """
[[item]]
id = "budget"
title = "Budget strategy"
files = ["reports/budget.md"]
key_decision = true
forward_plan = "FP/2027/001"
key_decision_notice = 2027-01-04

[[item]]
id = "grant"
title = "Grant acceptance"
files = [{ path = "reports/grant.md", title = "Report of the Director of Finance" }]
key_decision = true
forward_plan = "FP/2027/002"
urgency = "special-urgency"
urgency_agreed_by = "Councillor O. Scrutiny"
urgency_reasons = "The offer closes soon."

[[item]]
id = "pbsecretidq"
title = "Contract award"
presenter = "PBPRESENTERQ"
summary = "PBSUMMARYQ"
files = ["reports/pbfilenameq.md"]
exempt = 3
key_decision = true
forward_plan = "FP/2027/003"
key_decision_notice = 2027-01-04
private_notice = 2027-01-04
further_notice = 2027-03-08
representations = "One representation, from a resident, asking for the item in public."
response = "The item will be taken in private: the bids are commercially sensitive."
"""
RESOLUTIONS = """\
[decisions]
published = 2027-03-19

[[resolution]]
item = "budget"
kind = "ORDERED"
text = ["That the budget strategy be approved.", "That the reserves policy be reviewed."]
reasons = "To set a balanced budget."
options = "Raising council tax further was considered and rejected."
interests = ["Councillor A declared an interest as a governor."]
dispensations = ["Councillor A holds a dispensation to vote on the budget."]

[[resolution]]
item = "grant"
text = ["That the grant be accepted."]
reasons = "To secure the money."
urgent = true
urgent_reason = "The offer closes on 20 March."

[[resolution]]
item = "pbsecretidq"
text = ["PBTEXTQ That the contract be awarded."]
reasons = "PBREASONQ best value."
options = "PBOPTIONSQ re-tendering."
interests = ["PBINTERESTQ Councillor B knows a bidder."]
dispensations = ["PBDISPENSATIONQ granted."]
called_in = 2027-03-23
called_in_by = "PBCALLERQ"
call_in_reason = "PBCALLREASONQ"
"""
SECRETS = ("PBPRESENTERQ", "PBSUMMARYQ", "pbfilenameq", "pbsecretidq", "PBREPORTQ", "PBTEXTQ",
           "PBREASONQ", "PBOPTIONSQ", "PBINTERESTQ", "PBDISPENSATIONQ", "PBCALLERQ",
           "PBCALLREASONQ")
NOTICE_ONLY = ("FP/2027/003",)  # in the forward plan (the law asks for it), not in decisions


def write_pack(folder: Path) -> Path:
    root = folder / "executive-2027-03-17"
    (root / "reports").mkdir(parents=True)
    (root / "pack.toml").write_text(EXECUTIVE + ITEMS, encoding="utf-8")
    (root / "resolutions.toml").write_text(RESOLUTIONS, encoding="utf-8")
    (root / "reports" / "budget.md").write_text("# Budget\n\nThe budget.\n", encoding="utf-8")
    (root / "reports" / "grant.md").write_text("# Grant\n\nThe grant.\n", encoding="utf-8")
    (root / "reports" / "pbfilenameq.md").write_text("# Bids\n\nPBREPORTQ the bids.\n",
                                                      encoding="utf-8")
    return root


def texts(folder: Path, name: str) -> dict[str, str]:
    """The PDF's text, the HTML's text and the HTML's markup, whitespace flattened."""
    return {"pdf": flat(pdf_text(folder / f"{name}.pdf")),
            "html": html_text(folder / f"{name}.html"),
            "markup": (folder / f"{name}.html").read_text(encoding="utf-8")}


@pytest.fixture(scope="module")
def decided(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_pack(tmp_path_factory.mktemp("decisions"))
    assert main(["decisions", str(root)]) == 0
    return root / "build"


# Meeting Wed 17 March 2027, published Fri 19 March: the call-in period runs five working
# days, Good Friday (26 March) and Easter Monday (29 March) not counted, to Tue 30 March.
REG_12 = [
    "Decisions of the Executive", "Decision maker Executive",
    "Members Councillor A, Councillor B", "Date of decision Wednesday, 17 March 2027",
    "Published 19 March 2027",
    "Call-in period Until the end of 30 March 2027 (5 working days after publication)",
    "Effective from 31 March 2027, unless called in",
    "Budget strategy", "Key decision: Yes (forward plan reference FP/2027/001)",
    "Decision (ORDERED)", "That the budget strategy be approved.",
    "That the reserves policy be reviewed.",
    "Reasons for the decision To set a balanced budget.",
    "Alternative options considered and rejected Raising council tax further was considered "
    "and rejected.",
    "Interests declared • Councillor A declared an interest as a governor.",
    "Dispensations • Councillor A holds a dispensation to vote on the budget.",
    "May be called in until the end of 30 March 2027. Effective from 31 March 2027 unless "
    "called in.",
    "Grant acceptance", "Decision (RESOLVED): That the grant be accepted.",
    "Urgent — not subject to call-in. The offer closes on 20 March. Effective from 17 March "
    "2027, the day it was made.",
    "Contract award",
    "This item is not for publication by virtue of paragraph 3 of Part 1 of Schedule 12A",
]


@pytest.mark.parametrize("fmt", ["pdf", "html"])
@pytest.mark.parametrize("name", ["decisions", "public-decisions"])
def test_the_decision_notice_has_every_field(decided: Path, name: str, fmt: str) -> None:
    text = texts(decided, name)[fmt].replace("• ", "" if fmt == "html" else "• ")
    for field in REG_12:
        wanted = field if fmt == "pdf" else field.replace("• ", "")
        assert wanted in text, (name, fmt, wanted)
    if name == "decisions":
        assert "Called in on 23 March 2027 by PBCALLERQ. PBCALLREASONQ" in text


@pytest.mark.parametrize("fmt", ["pdf", "html", "markup"])
def test_the_public_notice_shows_part_b_as_number_title_and_paragraph(decided: Path,
                                                                       fmt: str) -> None:
    public = texts(decided, "public-decisions")[fmt]
    members = texts(decided, "decisions")[fmt]
    for secret in (*SECRETS, *NOTICE_ONLY):
        if secret in ("PBPRESENTERQ", "PBSUMMARYQ", "pbfilenameq", "PBREPORTQ",
                      "pbsecretidq"):
            assert secret not in members  # a decision notice never shows these at all
        else:
            assert secret in members, (fmt, secret)
        assert secret not in public, (fmt, secret)
    assert "8. Contract award" in public and "Confidential" not in public


def test_the_anchors_are_agenda_numbers(decided: Path) -> None:
    ids = re.findall(r'id="([^"]+)"', (decided / "public-decisions.html").read_text())
    assert [i for i in ids if i.startswith("decision-")] == ["decision-4", "decision-5",
                                                             "decision-8"]


def test_exempt_decisions_are_on_confidential_pages(decided: Path) -> None:
    from helpers import pdf_pages

    pages = pdf_pages(decided / "decisions.pdf")
    marked = [page for page in pages if "Confidential – not for publication" in page]
    assert marked and all("PBTEXTQ" in page or "Contract award" in page for page in marked)
    assert "PBTEXTQ" not in "".join(p for p in pages if p not in marked)
    assert not any("Confidential" in p for p in pdf_pages(decided / "public-decisions.pdf"))


# --- the forward plan -----------------------------------------------------------------

PLAN = """\
[notice]
address = "Democratic Services, Town Hall, Testshire TS1 1AA"
requests = "Write to Democratic Services quoting the reference."

[[decision]]
reference = "FP/2027/010"
matter = "Library strategy"
decision_maker = "Executive"
date = 2027-05-12
documents = ["Report of the Director of Culture", "Appendix A: consultation results"]
first_published = 2027-03-01

[[decision]]
reference = "FP/2027/011"
matter = "Leisure centre contract"
decision_maker = "Executive"
date = 2027-06-09
period = "June 2027"
documents = ["PLANNEDEXEMPTDOCQ"]
exempt = 3
private_notice = 2027-03-01

[[decision]]
reference = "FP/2027/012"
matter = "LATERMATTERQ"
decision_maker = "Executive"
date = 2027-07-14

[[decision]]
reference = "FP/2026/099"
matter = "EARLIERMATTERQ"
decision_maker = "Executive"
date = 2027-02-10
"""

# reg 9 fields (a)–(h) and the reg 5 notices; key decisions in date order.
REG_9 = [
    "Forward plan: notice of key decisions",
    "from 1 March 2027 to 30 June 2027, given under regulation 9",
    "Copies of documents from Democratic Services, Town Hall, Testshire TS1 1AA",
    "Other documents Other documents relevant to the matter may be submitted to the decision "
    "maker.",
    "How to ask for them Write to Democratic Services quoting the reference.",
    "FP/2027/001: Budget strategy",
    "Notice A key decision is to be made on behalf of Testshire County Council.",
    "Matter Budget strategy", "Decision maker Executive",
    "Members Councillor A, Councillor B", "Date of decision Wednesday, 17 March 2027",
    "Report: Budget strategy", "In private No: to be taken in public",
    "First published 4 January 2027",
    "FP/2027/002: Grant acceptance", "Report of the Director of Finance",
    "FP/2027/003: Contract award",
    "Report (not for publication: paragraph 3 of Schedule 12A)",
    "Paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972: Information "
    "relating to the financial or business affairs of any particular person",
    "FP/2027/010: Library strategy", "Date of decision Wednesday, 12 May 2027",
    "Report of the Director of Culture", "Appendix A: consultation results",
    "First published 1 March 2027",
    "FP/2027/011: Leisure centre contract", "Date of decision June 2027",
    "Meetings to be held in private",
    "Executive, 17 March 2027: Contract award", "Meeting Executive, Wednesday, 17 March 2027",
    "Reasons for privacy Paragraph 3 of Part 1 of Schedule 12A",
    "Notice of intention (28 clear days) Published 4 January 2027",
    "Further notice (5 clear days) Published 8 March 2027",
    "Representations received One representation, from a resident, asking for the item in "
    "public.",
    "Response The item will be taken in private: the bids are commercially sensitive.",
    "Executive, 9 June 2027: Leisure centre contract",
    "Notice of intention (28 clear days) Published 1 March 2027",
    # 9 June 2027: five clear days are Wed 2 – Tue 8 June, so the notice is due by Tue 1 June
    "Further notice (5 clear days) To be published by 1 June 2027, with any representations "
    "received and the response",
]


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("packs")
    write_pack(folder)
    (folder / "forward-plan.toml").write_text(PLAN, encoding="utf-8")
    assert main(["forward-plan", str(folder), "--from", "2027-03-01"]) == 0
    return folder / "forward-plan"


@pytest.mark.parametrize("fmt", ["pdf", "html"])
def test_the_forward_plan_has_every_reg_9_field(planned: Path, fmt: str) -> None:
    text = texts(planned, "forward-plan")[fmt]
    for field in REG_9:
        assert field in text, (fmt, field)
    order = [text.index(f"FP/2027/{n}:") for n in ("001", "002", "003", "010", "011")]
    assert order == sorted(order)


@pytest.mark.parametrize("fmt", ["pdf", "html", "markup"])
def test_the_forward_plan_shows_nothing_else_of_part_b(planned: Path, fmt: str) -> None:
    text = texts(planned, "forward-plan")[fmt]
    for secret in (*SECRETS, "PLANNEDEXEMPTDOCQ", "LATERMATTERQ", "EARLIERMATTERQ"):
        assert secret not in text, (fmt, secret)
    assert "Contract award" in text and "FP/2027/003" in text


def test_months_and_out(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    write_pack(folder)
    (folder / "forward-plan.toml").write_text(PLAN, encoding="utf-8")
    out = tmp_path / "elsewhere"
    assert main(["forward-plan", str(folder), "--from", "2027-04-01", "--months", "1",
                 "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["forward-plan.html", "forward-plan.pdf"]
    text = html_text(out / "forward-plan.html")
    assert "FP/2027/010" not in text and "No key decisions are planned in this period." in text
    assert "from 1 April 2027 to 30 April 2027" in text


def test_a_bad_plan_file_stops_with_its_line(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "packs"
    write_pack(folder)
    (folder / "forward-plan.toml").write_text(PLAN.replace('date = 2027-05-12',
                                                           'date = "May 2027"'),
                                              encoding="utf-8")
    assert main(["forward-plan", str(folder), "--from", "2027-03-01"]) == 1
    err = capsys.readouterr().err
    line = PLAN.splitlines().index("date = 2027-05-12") + 1
    assert f"forward-plan.toml:{line}: decision 1: 'date' should be a date" in err
    assert not (folder / "forward-plan").exists()


def test_months_are_added_as_a_calendar_does() -> None:
    assert forward_plan.add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)
    assert forward_plan.add_months(dt.date(2027, 11, 15), 4) == dt.date(2028, 3, 15)
    assert forward_plan.add_months(dt.date(2028, 1, 31), 1) == dt.date(2028, 2, 29)


# --- the demo executive pack ------------------------------------------------------------

DEMO_EXECUTIVE = ROOT / "packs" / "executive-2027-02-10"


def test_the_demo_executive_pack_checks_clean_and_builds(tmp_path: Path, capsys) -> None:
    root = tmp_path / DEMO_EXECUTIVE.name
    shutil.copytree(DEMO_EXECUTIVE, root, ignore=shutil.ignore_patterns("build", ".history"))
    result = check(root, use_cache=False, today=dt.date(2027, 1, 10))
    assert result.errors == [] and result.warnings == [], [str(p) for p in result.problems]
    assert main(["build", str(root)]) == 0
    assert main(["decisions", str(root)]) == 0
    public = flat(pdf_text(root / "build" / "public-decisions.pdf"))
    assert "Urgent — not subject to call-in." in public
    assert "Effective from 22 February 2027" in public  # published Fri 12 Feb: until Fri 19
    assert "£412,000" in flat(pdf_text(root / "build" / "members.pdf"))
    assert "£412,000" not in flat(pdf_text(root / "build" / "public.pdf"))
