"""Reading Ofsted letters and reports: each kind, from Markdown, Word and PDF text."""

from __future__ import annotations

import datetime as dt
import json
import random
import re

import letter_variants as variants
import pytest

from boardpack.pandoc import run as pandoc
from boardpack.sources import letter, md
from boardpack.sources.letter import ofsted
from boardpack.sources.letter import text as letter_text

D = dt.date

EXPECTED = {
    "monitoring_visit": dict(
        kind=ofsted.MONITORING, framework="", local_authority="Eastbrook",
        visit_dates="4–5 October 2022", visit_start=D(2022, 10, 4), visit_end=D(2022, 10, 5),
        published=D(2022, 11, 9), judgements=[],
        areas_covered=[
            "the quality and timeliness of assessments and plans for children",
            "the effectiveness of management oversight and supervision of social work practice",
            "the response to children who go missing from home or care."],
        strengths=[], priority_actions=[],
        improvements=[
            "The timeliness of initial child protection conferences, so that plans start "
            "without delay.",
            "The quality of written plans, so that they say clearly what needs to change, who "
            "will do it and by when.",
            "The consistency of management oversight, so that drift is identified and acted on."],
        headline=(
            "Since the last inspection, leaders have made progress in strengthening the front "
            "door and the quality of assessments. The pace of change for children subject to "
            "child protection plans is too slow, and too many plans remain unclear about what "
            "needs to change for children."),
    ),
    "monitoring_visit_untitled": dict(
        kind=ofsted.MONITORING, framework="", local_authority="Kingsholme",
        visit_dates="14–15 March 2023", visit_start=D(2023, 3, 14), visit_end=D(2023, 3, 15),
        published=D(2023, 4, 21), judgements=[],
        areas_covered=[
            "the quality and impact of pathway planning for care leavers aged 18 to 21",
            "the support that care leavers receive to find and keep suitable homes, including "
            "those who live outside Kingsholme",
            "the oversight of personal advisers' work by managers."],
        strengths=[], priority_actions=[], improvements=[],
        headline=(
            "Care leavers in Kingsholme now have more stable support from personal advisers who "
            "know them well. Leaders have acted on the findings of the inspection, but the "
            "quality of pathway plans remains too variable."),
    ),
    "focused_visit": dict(
        kind=ofsted.FOCUSED, framework="", local_authority="Westmarsh",
        visit_dates="7–8 December 2023", visit_start=D(2023, 12, 7), visit_end=D(2023, 12, 8),
        published=D(2024, 1, 24), judgements=[],
        areas_covered=["Planning and achieving permanence for children in care"],
        strengths=[],
        priority_actions=["The timeliness of permanence planning for children who are placed "
                          "with parents under a care order."],
        improvements=[
            "Early permanence planning for children who come into care, including parallel "
            "planning.",
            "The quality and consistency of life-story work.",
            "The sufficiency of local foster placements for brothers and sisters.",
            "Management oversight of children's plans, so that drift is prevented."],
        headline=(
            "Most children in care in Westmarsh live in stable homes where they are well cared "
            "for. Inspectors found no children at immediate risk of harm. For too many children, "
            "however, permanence is not achieved quickly enough."),
    ),
    "ilacs_inspection": dict(
        kind=ofsted.INSPECTION, framework="ILACS", local_authority="Northfield",
        visit_dates="1–12 March 2024", visit_start=D(2024, 3, 1), visit_end=D(2024, 3, 12),
        published=None,
        judgements=[
            ofsted.Judgement("The impact of leaders on social work practice with children "
                             "and families", "Requires improvement to be good"),
            ofsted.Judgement("The experiences and progress of children who need help and "
                             "protection", "Good"),
            ofsted.Judgement("The experiences and progress of children in care",
                             "Requires improvement to be good"),
            ofsted.Judgement("The experiences and progress of care leavers", "Inadequate"),
            ofsted.Judgement("Overall effectiveness", "Requires improvement to be good"),
        ],
        areas_covered=[
            "The impact of leaders on social work practice with children and families",
            "The experiences and progress of children who need help and protection",
            "The experiences and progress of children in care",
            "The experiences and progress of care leavers"],
        strengths=[], priority_actions=[],
        improvements=[
            "The quality and timeliness of pathway plans for care leavers.",
            "The sufficiency of suitable accommodation for care leavers aged 18 to 21.",
            "Oversight by managers of the plans for children in care, so that plans are "
            "reviewed and progressed without delay.",
            "The consistency of return home interviews for children who go missing."],
    ),
    "sif_inspection": dict(
        kind=ofsted.INSPECTION, framework="SIF", local_authority="Southvale",
        visit_dates="20 January – 11 February 2015", visit_start=D(2015, 1, 20),
        visit_end=D(2015, 2, 11), published=D(2015, 3, 27),
        judgements=[
            ofsted.Judgement("Overall effectiveness", "Requires improvement to be good"),
            ofsted.Judgement("Children who need help and protection",
                             "Requires improvement to be good"),
            ofsted.Judgement("Children looked after and achieving permanence",
                             "Requires improvement to be good"),
            ofsted.Judgement("Adoption performance", "Good"),
            ofsted.Judgement("Experiences and progress of care leavers",
                             "Requires improvement to be good"),
            ofsted.Judgement("Leadership, management and governance",
                             "Requires improvement to be good"),
            ofsted.Judgement("Local Safeguarding Children Board", "Good"),
        ],
        areas_covered=[
            "Children who need help and protection",
            "Children looked after and achieving permanence", "Adoption performance",
            "Experiences and progress of care leavers", "Leadership, management and governance"],
        strengths=[],
        priority_actions=["Ensure that all children at risk of sexual exploitation have a risk "
                          "assessment and a plan."],
        improvements=[
            "Improve the quality of assessments so that they analyse risk.",
            "Ensure that children looked after have up-to-date health assessments.",
            "Increase the number of care leavers in education, employment or training."],
    ),
    "sif_reinspection": dict(
        kind=ofsted.INSPECTION, framework="SIF", reinspection=True, local_authority="Eastmoor",
        visit_dates="4–28 June 2018", visit_start=D(2018, 6, 4), visit_end=D(2018, 6, 28),
        published=D(2018, 8, 17),
        judgements=[
            ofsted.Judgement("Overall effectiveness", "Requires improvement to be good"),
            ofsted.Judgement("Children who need help and protection",
                             "Requires improvement to be good"),
            ofsted.Judgement("Children looked after and achieving permanence",
                             "Requires improvement to be good"),
            ofsted.Judgement("Adoption performance", "Good"),
            ofsted.Judgement("Experiences and progress of care leavers", "Good"),
            ofsted.Judgement("Leadership, management and governance",
                             "Requires improvement to be good"),
        ],
        areas_covered=[
            "Children who need help and protection",
            "Children looked after and achieving permanence", "Adoption performance",
            "Experiences and progress of care leavers", "Leadership, management and governance"],
        strengths=[], priority_actions=[],
        improvements=[
            "Ensure that assessments analyse risk and say what needs to change.",
            "Improve the timeliness of permanence planning, including for children who: return "
            "home to their parents; live with connected carers.",
            "Ensure that all care leavers know their health histories."],
    ),
    "jtai_letter_2017": dict(
        kind=ofsted.JTAI, framework="", local_authority="Lowfield",
        visit_dates="6–10 November 2017", visit_start=D(2017, 11, 6),
        visit_end=D(2017, 11, 10), published=D(2017, 12, 14), judgements=[],
        areas_covered=["The multi-agency response to children living with domestic abuse",
                       "Deep dive: the response to children living with domestic abuse"],
        strengths=[
            "Leaders across the partnership share a clear understanding of domestic abuse and "
            "its effect on children. The police and children's social care meet every morning "
            "to share information about the incidents of the night before.",
            "The multi-agency safeguarding hub responds quickly when children are at risk.",
            "Health visitors routinely ask about domestic abuse."],
        priority_actions=[],
        improvements=[
            "The partnership does not yet know how well its services help children recover.",
            "Referrals from schools do not always say what the concern is.",
            "Strategy discussions are not always recorded, so decisions are hard to follow."],
    ),
    "jtai_letter": dict(
        kind=ofsted.JTAI, framework="", local_authority="Riverton",
        visit_dates="5–9 February 2024", visit_start=D(2024, 2, 5), visit_end=D(2024, 2, 9),
        published=D(2024, 3, 15), judgements=[],
        areas_covered=["The multi-agency response to children and families who need help"],
        strengths=[
            "Leaders across the partnership share a clear vision for early help.",
            "Family hubs give families easy access to help in their communities.",
            "Schools are confident partners in early help."],
        priority_actions=[],
        improvements=[
            "The quality of information-sharing between health visitors and schools.",
            "Partners' understanding of the impact of early help.",
            "The consistency of step-down from children's social care to early help."],
        headline=(
            "Partners in Riverton have a shared commitment to early help. Most children and "
            "families receive the right help at the right time."),
    ),
}


def markdown_text(source: bytes) -> str:
    return letter.plain_text(pandoc.read(source, md.FORMAT)["blocks"])


def docx_text(source: bytes) -> str:
    return letter.plain_text(pandoc.read(variants.docx(source), "docx")["blocks"])


def pdf_text(source: bytes) -> str:
    """The letter laid out as a PDF with a running footer and page numbers, read back as
    the pdf source reads it (PDFium, page by page)."""
    return variants.pdf_text(variants.pdf(source, footer="Ofsted: letter to the council"))


@pytest.mark.parametrize("form", ["markdown", "docx", "pdf"])
@pytest.mark.parametrize("name", variants.NAMES)
def test_each_kind_is_read_the_same_from_markdown_word_and_pdf(name: str, form: str) -> None:
    source = variants.markdown(name)
    text = {"markdown": markdown_text, "docx": docx_text, "pdf": pdf_text}[form](source)
    found = ofsted.parse(text)
    assert found is not None
    assert found == ofsted.Letter(**EXPECTED[name])


def test_the_summary_line_says_what_was_recognised() -> None:
    found = ofsted.parse(markdown_text(variants.markdown("monitoring_visit")))
    assert found is not None
    assert found.summary() == (
        "Ofsted monitoring visit letter recognised: Eastbrook, visit 4–5 October 2022, "
        "published 9 November 2022, no grades (monitoring visits are not graded), "
        "3 areas covered, 3 areas for improvement")
    ilacs = ofsted.parse(markdown_text(variants.markdown("ilacs_inspection")))
    assert ilacs is not None
    assert "overall effectiveness: Requires improvement to be good (5 judgements)" in (
        ilacs.summary())
    assert "publication date not found" in ilacs.summary()


def test_the_letter_round_trips_through_json() -> None:
    found = ofsted.parse(markdown_text(variants.markdown("sif_inspection")))
    assert found is not None
    data = json.loads(json.dumps(found.to_json()))
    assert data["published"] == "2015-03-27"
    assert data["kind_label"] == "Inspection report (SIF)"
    assert ofsted.Letter.from_json(data) == found


# A monitoring letter as a PDF reader extracts it: curly apostrophes, en dashes,
# non-breaking spaces, bullets alone on their line, wrapped lines, a running header
# and page numbers, "Her Majesty's Inspector", ligatures.
PDF_EXTRACT = """\
Ofsted
Piccadilly Gate
Store Street
Manchester M1 2WD
T 0300 123 1231
www.gov.uk/ofsted
12\u00a0April\u00a02019
Mr Dev Patel
Director of Children’s Services
Harbourside Council
Dear Mr Patel
Monitoring visit to Harbourside children’s
services
This letter summarises the findings of the monitoring visit to Harbourside children’s services
on 12–13 March 2019. The visit was the ﬁfth monitoring visit since the local authority was
judged inadequate in July 2017. The visit was carried out by Her Majesty’s Inspectors Ruth
Evans and Jon Bell.
Areas covered by the visit
Inspectors reviewed the progress made in the following areas of concern identified at the
last inspection:
•
the quality of assessments and plans for children in need, including the
timeliness of strategy discussions
\u2022 management oversight and supervision of social workers’ practice
Harbourside children’s services – monitoring visit
2
\u2022 the use of pre-proceedings under the Public Law Outline.
Overview
Progress has been made since the last monitoring visit.
What needs to improve in this area of social
work practice?
\uf0b7 the timeliness of assessments for disabled children
\uf0b7the quality of chronologies.
Harbourside children’s services – monitoring visit
3
Yours sincerely
Ruth Evans
Her Majesty’s Inspector
Harbourside children’s services – monitoring visit
4
"""


def test_pdf_extracted_text_with_its_quirks() -> None:
    found = ofsted.parse(PDF_EXTRACT)
    assert found is not None
    assert (found.kind, found.local_authority) == (ofsted.MONITORING, "Harbourside")
    assert (found.visit_start, found.visit_end) == (D(2019, 3, 12), D(2019, 3, 13))
    assert found.published == D(2019, 4, 12)
    assert found.areas_covered == [
        "the quality of assessments and plans for children in need, including the timeliness "
        "of strategy discussions",
        "management oversight and supervision of social workers' practice",
        "the use of pre-proceedings under the Public Law Outline."]
    assert found.improvements == ["the timeliness of assessments for disabled children",
                                  "the quality of chronologies."]


def test_an_ilacs_table_as_pdf_text_with_wrapped_rows_and_grades_on_their_own_lines() -> None:
    text = """\
Inspection of Castleford local authority children’s services
Inspection dates: 30 September to 11 October 2024
Lead inspector: Nina Dale, His Majesty’s Inspector
Judgement Grade
The impact of leaders on social work practice with
children and families
Inadequate
The experiences and progress of children who need help
and protection
Requires
improvement
to be good
The experiences and progress of children in care Good
The experiences and progress of care leavers Outstanding
Overall effectiveness Inadequate
"""
    found = ofsted.parse(text)
    assert found is not None
    assert found.visit_dates == "30 September – 11 October 2024"
    assert [(j.area.split()[-1], j.grade) for j in found.judgements] == [
        ("families", "Inadequate"), ("protection", "Requires improvement to be good"),
        ("care", "Good"), ("leavers", "Outstanding"), ("effectiveness", "Inadequate")]
    assert found.overall == "Inadequate"


@pytest.mark.parametrize(("words", "start", "end", "shown"), [
    ("on 4 and 5 October 2022.", D(2022, 10, 4), D(2022, 10, 5), "4–5 October 2022"),
    ("on 20 January 2015 – 11 February 2015.", D(2015, 1, 20), D(2015, 2, 11),
     "20 January – 11 February 2015"),
    ("on 1 to 12 March 2024.", D(2024, 3, 1), D(2024, 3, 12), "1–12 March 2024"),
    ("on 30 November to 2 December 2022.", D(2022, 11, 30), D(2022, 12, 2),
     "30 November – 2 December 2022"),
    ("on 30 December to 3 January 2023.", D(2022, 12, 30), D(2023, 1, 3),
     "30 December 2022 – 3 January 2023"),
    ("on 7 December 2022.", D(2022, 12, 7), D(2022, 12, 7), "7 December 2022"),
    ("on 21st and 22nd February 2024.", D(2024, 2, 21), D(2024, 2, 22), "21–22 February 2024"),
    ("between 4, 5 and 6 July 2023.", D(2023, 7, 4), D(2023, 7, 6), "4–6 July 2023"),
])
def test_visit_dates_as_letters_write_them(words: str, start: dt.date, end: dt.date,
                                           shown: str) -> None:
    text = ("Monitoring visit to Testham children's services\n"
            f"This letter summarises the findings of the monitoring visit {words} "
            "His Majesty's Inspectors carried out this visit.")
    found = ofsted.parse(text)
    assert found is not None
    assert (found.visit_start, found.visit_end, found.visit_dates) == (start, end, shown)


@pytest.mark.parametrize(("words", "expected"), [
    ("Requires improvement", "Requires improvement to be good"),
    ("requires  improvement to be good", "Requires improvement to be good"),
    ("require improvement", "Requires improvement to be good"),
    ("GOOD", "Good"), ("inadequate", "Inadequate"), ("Outstanding", "Outstanding"),
])
def test_grades_are_given_their_full_wording(words: str, expected: str) -> None:
    assert ofsted.grade(words) == expected


def test_sif_headline_sentence_gives_the_overall_grade() -> None:
    text = """\
Westhaven
Inspection of services for children in need of help and protection, children looked after
and care leavers
Inspection dates: 3 – 26 June 2014
Report published: 4 August 2014
Lead inspector: Amy Cole, Her Majesty’s Inspector
The overall judgement is that children’s services are inadequate.
Children’s services in Westhaven have improved in places but are not yet good.
"""
    found = ofsted.parse(text)
    assert found is not None
    assert (found.framework, found.local_authority) == ("SIF", "Westhaven")
    assert found.judgements == [ofsted.Judgement("Overall effectiveness", "Inadequate")]
    assert found.published == D(2014, 8, 4)


NOT_LETTERS = {
    "a council report about a visit": variants.markdown("not_ofsted").decode(),
    "empty": "",
    "a CQC letter": "Care Quality Commission\n12 May 2024\nDear Ms Hale\nInspection of "
                    "Riverside Surgery\nOur inspection on 3 and 4 April 2024 found the "
                    "practice good.\nYours sincerely",
    "the title quoted mid-sentence": "Ofsted wrote after its monitoring visit to Middlehaven "
                                     "children's services on 1 and 2 December 2026.",
    "a title without any sign of Ofsted": "Monitoring visit to Northshire children's "
                                          "services\nThe council's own review, 3 May 2024.",
}


@pytest.mark.parametrize("name", NOT_LETTERS)
def test_text_that_is_not_an_ofsted_letter_gives_none(name: str) -> None:
    assert ofsted.parse(NOT_LETTERS[name]) is None


def test_the_demo_packs_officer_report_about_the_visit_is_not_a_letter() -> None:
    from helpers import DEMO

    source = (DEMO / "reports" / "ofsted-monitoring-visit.md").read_bytes()
    assert ofsted.parse(markdown_text(source)) is None


# What normalise() deletes or makes plain, placed where a quick look for a title could be
# fooled: inside and between the title's words, and as compatibility forms of its letters.
INVISIBLE = ["\u00ad", "\u200b", "\u200c", "\u200d", "\ufeff"]
ODD_SPACES = ["\xa0", "\u2003", "\u3000", "\u202f", "  ", " \u200b ", "\u205f"]
TITLE_WORDS = ("Monitoring", "Focused", "Joint", "targeted", "Inspection", "visit", "of")


def disguised(text: str, rng: random.Random) -> str:
    """``text`` with its title words broken up by invisible characters, odd spaces and
    fullwidth letters, in ways that normalise() undoes."""
    def disguise(match: re.Match[str]) -> str:
        word = match.group()
        out = []
        for char in word:
            roll = rng.random()
            if roll < 0.15:
                out.append(chr(ord(char) + 0xFEE0))  # fullwidth: NFKC gives the letter back
            else:
                out.append(char)
            if rng.random() < 0.2:
                out.append(rng.choice(INVISIBLE))
        return "".join(out)

    text = re.sub("|".join(TITLE_WORDS), disguise, text)
    return re.sub(r"(?<=\w) (?=\w)", lambda _: rng.choice([" ", *ODD_SPACES]), text)


@pytest.mark.parametrize("name", variants.NAMES)
def test_the_quick_title_test_never_turns_away_a_letter(name: str) -> None:
    """could_have_title() is what spares other reports normalise(): wherever _title()
    finds a title in the normalised text, it must have said yes."""
    text = markdown_text(variants.markdown(name))
    rng = random.Random(name)
    found = 0
    for _ in range(60):
        sample = disguised(text, rng)
        title = ofsted.title(letter_text.read(sample, keep=ofsted.TITLE_START))
        if title is not None:
            found += 1
            assert ofsted.could_have_title(sample), sample[:300]
            assert ofsted.parse(sample) is not None
    assert found >= 30  # the disguises mostly leave a title normalise() can still find


def test_the_quick_title_test_spares_a_report_with_no_title() -> None:
    report = ("Corporate parenting report\n\nThe inspection of our fostering service is due. "
              "Monitoring of visits continues; the Focused work on joint targets goes on.")
    assert not ofsted.could_have_title(report)
    assert ofsted.could_have_title("Ｉｎｓｐｅｃｔｉｏｎ\u00a0of Eastbrook local authority")
    assert ofsted.could_have_title("Monitoring vis\u00adit to Eastbrook")
