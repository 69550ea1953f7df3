"""The general rules the Ofsted reader follows, each on a small text made for it: page
furniture, titles, the authority's name, dates, judgements, lists and their items."""

from __future__ import annotations

import datetime as dt

import letter_variants as variants
import pytest

from boardpack.pandoc import run as pandoc
from boardpack.sources import Context, letter, md
from boardpack.sources.letter import dates, ofsted
from boardpack.sources.letter import text as letter_text

D = dt.date
PAGE = "\f"


def paged(*pages: str) -> str:
    """Pages as ``letter.plain_text`` gives a PDF's: a form feed after each."""
    return "".join(page.strip("\n") + "\n" + PAGE for page in pages)


def lines_of(text: str) -> list[str]:
    return [line for line in letter_text.read(text, keep=ofsted.TITLE_START).lines if line]


# --- page furniture -------------------------------------------------------------------


def test_running_headers_footers_and_page_numbers_are_taken_out() -> None:
    pages = [
        "Inspection of Westmoor local authority children's services\n"
        "Inspection dates: 4 to 15 March 2024\nThe first page's text.",
        "Inspection of Westmoor local authority children's services\n"
        "4 to 15 March 2024 2\nThe second page's text.\nPage 2",
        "Inspection of Westmoor local authority children's services\n"
        "4 to 15 March 2024 3\nThe third page's text.\nPage 3",
    ]
    assert lines_of(paged(*pages)) == [
        "Inspection of Westmoor local authority children's services",  # the title stays
        "Inspection dates: 4 to 15 March 2024", "The first page's text.",
        "The second page's text.", "The third page's text."]


def test_a_footer_ending_in_its_page_number_goes_even_on_a_single_page() -> None:
    text = paged("Focused visit to Westmoor children's services\nThe letter.\n"
                 "Westmoor focused visit letter 1 of 1")
    assert lines_of(text) == ["Focused visit to Westmoor children's services", "The letter."]


def test_lines_that_recur_near_page_edges_but_are_the_letters_own_stay() -> None:
    pages = [f"◼ The same item at the top of page {n}.\nText of page {n}.\n{n}"
             for n in range(1, 6)]
    assert lines_of(paged(*pages)).count("◼ The same item at the top of page 1.") == 1
    assert len([line for line in lines_of(paged(*pages)) if line.startswith("◼")]) == 5


def test_a_footnote_at_the_foot_of_a_page_goes_with_its_reference() -> None:
    text = paged("Review of the effectiveness of the board1\nWhat needs to improve?1\n"
                 "◼ The first thing.\n1 Ofsted produces this report under its power to "
                 "combine\nreports.", "◼ The second thing.\n2")
    assert lines_of(text) == ["Review of the effectiveness of the board",
                              "What needs to improve?", "◼ The first thing.",
                              "◼ The second thing."]


def test_a_number_that_the_text_never_refers_to_is_no_footnote() -> None:
    text = paged("Page one text about 12 children.\n12 Children were seen.", "Page two.")
    assert "12 Children were seen." in lines_of(text)


def test_text_from_another_pdf_reader_without_page_breaks() -> None:
    """Lines repeated three times or more (a running footer) and page numbers go."""
    def body(page: int) -> str:
        return "\n".join(f"Line {n} of page {page} of the letter, long enough to be a line."
                         for n in range(30))

    text = "\n".join([body(1), "Westmoor monitoring visit", "2", body(2),
                      "Westmoor monitoring visit", "3", body(3), "Westmoor monitoring visit", "4"])
    kept = letter_text.read(text).lines
    assert "Westmoor monitoring visit" not in kept and "3" not in kept
    assert len(kept) == 90
    assert kept[-1] == "Line 29 of page 3 of the letter, long enough to be a line."


# --- symbol-font bullets and other glyphs -------------------------------------------------


@pytest.mark.parametrize("glyph", ["\uf0b7", "\uf06e", "\uf0a7", "◼", "▪", "•", "■"])
def test_a_glyph_bullet_starts_an_item_and_a_glyph_elsewhere_goes(glyph: str) -> None:
    text = (f"Focused visit to Westmoor children's services\nThis letter summarises the findings "
            "of the visit on 1 and 2 May 2024. His Majesty's Inspectors.\n"
            f"What needs to improve in this area of social work practice?\n"
            f"{glyph}The timeliness of assessments.\n{glyph} The quality\uf020of plans.\n\n"
            "Main findings\nText.")
    found = ofsted.parse(text)
    assert found is not None
    assert found.improvements == ["The timeliness of assessments.", "The quality of plans."]
    assert not any("\ue000" <= char <= "\uf8ff" for char in "".join(found.improvements))


# --- titles and the authority's name ---------------------------------------------------------


@pytest.mark.parametrize(("title", "kind", "framework", "la"), [
    ("Inspection of Milton Keynes local\nauthority children's services", ofsted.INSPECTION,
     "ILACS", "Milton Keynes"),
    ("Inspection of Doncaster Metropolitan\nBorough Council children's services",
     ofsted.INSPECTION, "ILACS", "Doncaster"),
    ("Tameside metropolitan borough\nInspection of local authority children's social care\n"
     "services", ofsted.INSPECTION, "ILACS", "Tameside"),
    ("Salford\nInspection of children's social care services", ofsted.INSPECTION, "ILACS",
     "Salford"),
    ("Cheshire East Unitary Authority\nInspection of services for children in need of help and\n"
     "protection, children looked after and care leavers", ofsted.INSPECTION, "SIF",
     "Cheshire East"),
    ("Joint targeted area inspection of the multi-agency response to child\nsexual "
     "exploitation, children associated with gangs and at risk of\nexploitation and children "
     "missing from home, care or education in\nSouthend-on-Sea", ofsted.JTAI, "",
     "Southend-on-Sea"),
    ("Joint targeted area inspection of the multi-agency response to sexual\nabuse in the family "
     "in Shropshire", ofsted.JTAI, "", "Shropshire"),
    ("Joint targeted area inspection of Surrey", ofsted.JTAI, "", "Surrey"),
    ("Focused visit to Telford & Wrekin local authority children's services", ofsted.FOCUSED, "",
     "Telford & Wrekin"),
    ("Monitoring visit to the London Borough of Lambeth children's services", ofsted.MONITORING,
     "", "Lambeth"),
    ("Area SEND inspection of Stoke-on-\nTrent Local Area Partnership", ofsted.SEND, "",
     "Stoke-on-Trent"),
])
def test_titles_as_printed_over_one_line_or_several(title: str, kind: str, framework: str,
                                                    la: str) -> None:
    text = (f"{title}\nInspection dates: 4 to 8 March 2024\nThis letter, from Ofsted, is "
            "signed by His Majesty's Inspector.\n")
    found = ofsted.parse(text)
    assert found is not None
    assert (found.kind, found.framework, found.local_authority) == (kind, framework, la)


def test_a_sif_re_inspection_is_a_re_inspection() -> None:
    found = ofsted.parse("Knowsley Council\nRe-inspection of services for children in need of "
                         "help and\nprotection, children looked after and care leavers\n"
                         "Inspection date: 13 March 2017 to 24 March 2017\nReport published: "
                         "13 June 2017\nChildren's services in Knowsley require improvement to "
                         "be good\nLead inspector: Ann Lee HMI")
    assert found is not None
    assert (found.kind, found.framework, found.reinspection) == (ofsted.INSPECTION, "SIF", True)
    assert found.kind_label == "Re-inspection report (SIF)"
    assert found.judgements == [ofsted.Judgement("Overall effectiveness",
                                                 "Requires improvement to be good")]
    assert (found.visit_start, found.visit_end, found.published) == (
        D(2017, 3, 13), D(2017, 3, 24), D(2017, 6, 13))


@pytest.mark.parametrize(("raw", "name"), [
    ("Derbyshire County Council", "Derbyshire"), ("London Borough of Bromley", "Bromley"),
    ("the Royal Borough of Greenwich", "Greenwich"), ("Kent county council", "Kent"),
    ("Dudley MBC", "Dudley"), ("Newcastle local authority", "Newcastle"),
    ("East Riding of Yorkshire Council", "East Riding of Yorkshire"),
    ("Stockton-on-Tees Borough Council", "Stockton-on-Tees"), ("Cornwall Council", "Cornwall"),
    ("Leeds City Council", "Leeds"), ("Cheshire East Unitary Authority", "Cheshire East"),
    ("Isle of Wight Council", "Isle of Wight"), ("Stoke-onTrent", "Stoke-on-Trent"),
    ("Bournemouth, Christchurch and Poole Council", "Bournemouth, Christchurch and Poole"),
    ("County Durham", "County Durham"), ("City of London", "City of London"),
])
def test_the_authority_is_named_without_council_words(raw: str, name: str) -> None:
    assert ofsted.clean_authority(raw) == name


def test_a_letter_without_its_title_is_known_by_what_its_first_sentence_says() -> None:
    text = ("12 May 2023\nDear Ms Cole\nThis letter summarises the findings of the fourth "
            "monitoring visit to\nBrookfield children's services on 3 and 4 April 2023. His "
            "Majesty's Inspectors\ncarried out the visit.\n")
    found = ofsted.parse(text)
    assert found is not None
    assert (found.kind, found.local_authority, found.visit_dates, found.published) == (
        ofsted.MONITORING, "Brookfield", "3–4 April 2023", D(2023, 5, 12))


def test_a_paper_that_quotes_a_title_as_its_heading_is_no_letter() -> None:
    text = ("Report of the Director of Children's Services\n\nFocused visit to Westmoor "
            "children's services\n\nOfsted's inspectors found that most children are safe. "
            "His Majesty's Inspectors praised the front door.\n\nWhat needs to improve?\n\n"
            "- Supervision.\n")
    assert ofsted.parse(text) is None
    assert ofsted.parse(text.replace("Report of the", "Dear Ms Reed\n\nThe")) is not None


def test_a_report_that_mentions_a_visit_is_no_letter_without_the_letters_own_words() -> None:
    assert ofsted.parse("Ofsted's monitoring visit to Brookfield children's services on 3 "
                        "and 4 April 2023 found progress. His Majesty's Inspectors said so.\n"
                        "The council summarises the findings of the monitoring visit to "
                        "Brookfield children's services below.") is None


# --- dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(("words", "start", "end"), [
    ("8 July 2019 to 12 July 2019 and 7 August 2019 to\n8 August 2019", D(2019, 7, 8),
     D(2019, 8, 8)),
    ("4 June 2018–28 June 2018", D(2018, 6, 4), D(2018, 6, 28)),
    ("29 January 2024 to 02 February 2024", D(2024, 1, 29), D(2024, 2, 2)),
    ("30 and 31 October and 1 November 2019", D(2019, 10, 30), D(2019, 11, 1)),
    ("30 December 2019 to 3 January 2020", D(2019, 12, 30), D(2020, 1, 3)),
])
def test_inspection_dates_in_any_of_the_ways_they_are_printed(
        words: str, start: dt.date, end: dt.date) -> None:
    found = ofsted.parse(f"Northmoor\nInspection of children's social care services\n"
                         f"Inspection dates: {words}\nLead inspector: Sam Lee HMI\n")
    assert found is not None
    assert (found.visit_start, found.visit_end) == (start, end)


def test_a_visit_starts_with_between_or_took_place_from() -> None:
    for sentence, start, end in (
            ("Between 31 October and 4 November 2016, Ofsted, the CQC", D(2016, 10, 31),
             D(2016, 11, 4)),
            ("This inspection took place from 22 April to 26 April 2024.", D(2024, 4, 22),
             D(2024, 4, 26))):
        found = ofsted.parse(f"Joint targeted area inspection of Eastvale\n{sentence} and "
                             "Ofsted inspected.\n")
        assert found is not None
        assert (found.visit_start, found.visit_end) == (start, end)


def test_dates_that_span_too_long_are_no_visit() -> None:
    assert dates.dates_at("1 January 2024 to 30 June 2024")[:2] == (None, None)


# --- judgements -----------------------------------------------------------------------------

ILACS_FRONT = """\
Inspection of Northmoor local authority children's services
Inspection dates: 2 to 13 December 2024
Lead inspector: Sam Lee, His Majesty's Inspector
Judgement Grade
The impact of leaders on social work practice with
children and families
Requires improvement
to be good
The experiences and progress of children who need help and protection Good
The experiences and progress of children in care Inadequate
The experiences and progress of care leavers Outstanding
Overall effectiveness Requires improvement to be good
Since the last inspection in 2019, when services were judged to be good, and the focused
visit in 2022, when the experiences and progress of children in care were judged
inadequate, leaders have acted. The impact of leaders on social work practice was good
What needs to improve?
◼ The timeliness of plans.
"""


def test_judgements_come_from_the_table_and_never_from_the_history() -> None:
    found = ofsted.parse(ILACS_FRONT)
    assert found is not None
    assert [(j.area.split(" of ")[-1], j.grade) for j in found.judgements] == [
        ("leaders on social work practice with children and families",
         "Requires improvement to be good"),
        ("children who need help and protection", "Good"),
        ("children in care", "Inadequate"), ("care leavers", "Outstanding"),
        ("Overall effectiveness", "Requires improvement to be good")]


def test_a_judgement_table_read_column_by_column() -> None:
    text = ILACS_FRONT.replace(
        "The impact of leaders on social work practice with\nchildren and families\n"
        "Requires improvement\nto be good\n"
        "The experiences and progress of children who need help and protection Good\n"
        "The experiences and progress of children in care Inadequate\n"
        "The experiences and progress of care leavers Outstanding\n"
        "Overall effectiveness Requires improvement to be good\n",
        "The impact of leaders on social work practice with children and families\n"
        "The experiences and progress of children who need help and protection\n"
        "The experiences and progress of children in care\n"
        "The experiences and progress of care leavers\nOverall effectiveness\n"
        "Requires improvement to be good\nGood\nInadequate\nOutstanding\nInadequate\n")
    found = ofsted.parse(text)
    assert found is not None
    assert [j.grade for j in found.judgements] == [
        "Requires improvement to be good", "Good", "Inadequate", "Outstanding", "Inadequate"]
    assert found.judgements[-1].area == "Overall effectiveness"


def test_a_name_broken_by_its_grade_is_made_whole() -> None:
    """Some PDF readers print a grade between the two lines of its judgement's name."""
    text = ("Salford\nInspection of children's social care services\nInspection dates: 8 to "
            "12 October 2018\nLead inspector: Lorna Lee HMI\n"
            "The experiences and progress of children in care and\nGood\ncare leavers\n"
            "Overall effectiveness Good\n")
    found = ofsted.parse(text)
    assert found is not None
    assert found.judgements == [
        ofsted.Judgement("The experiences and progress of children in care and care leavers",
                         "Good"), ofsted.Judgement("Overall effectiveness", "Good")]


def test_a_sif_headline_sentence_is_not_a_table_row() -> None:
    text = ("Southmoor County Council\nInspection of services for children in need of help and "
            "protection, children looked after and care leavers\nInspection date: 2 to 26 June "
            "2014\nReport published: 4 August 2014\nLead inspector: Ann Lee HMI\n"
            "Children's services in Southmoor are good\n"
            "Leadership, management and governance require improvement as the plans are new.\n"
            "3. Leadership, management and governance Good\n"
            "Executive summary\nThe previous inspection judged the local authority to be "
            "inadequate. Leadership, management and governance Inadequate\n")
    found = ofsted.parse(text)
    assert found is not None
    assert found.judgements == [ofsted.Judgement("Overall effectiveness", "Good"),
                                ofsted.Judgement("Leadership, management and governance",
                                                 "Good")]


# --- lists ---------------------------------------------------------------------------------


def focused(body: str) -> ofsted.Letter:
    found = ofsted.parse("Focused visit to Westmoor children's services\nThis letter summarises "
                         "the findings of the focused visit to Westmoor children's services on "
                         "1 and 2 May 2024. His Majesty's Inspectors carried it out.\n" + body)
    assert found is not None
    return found


def test_an_area_for_priority_action_is_one_item_with_the_bullets_that_finish_it() -> None:
    found = focused("Area for priority action\nThe local authority needs to take swift action "
                    "to address delays, including:\n◼ the timeliness of plans\n◼ the progress "
                    "of permanence.\nWhat needs to improve?\n◼ Supervision.\n")
    assert found.priority_actions == [
        "The local authority needs to take swift action to address delays, including: the "
        "timeliness of plans; the progress of permanence."]
    assert found.improvements == ["Supervision."]


def test_areas_for_priority_action_are_the_bullets() -> None:
    found = focused("Areas for priority action\nThe local authority needs to take swift action "
                    "to address the following areas:\n◼ The identification of risk.\n◼ The "
                    "quality of assessments.\nMain findings\nText.\n")
    assert found.priority_actions == ["The identification of risk.",
                                      "The quality of assessments."]


@pytest.mark.parametrize("none", ["There are no priority actions following this focused visit.",
                                  "No areas for priority action were identified.",
                                  "Inspectors did not identify any areas for priority action."])
def test_a_sentence_saying_there_are_none_is_no_item(none: str) -> None:
    found = focused(f"Areas for priority action\n{none}\nWhat needs to improve?\n◼ Plans.\n")
    assert (found.priority_actions, found.improvements) == ([], ["Plans."])


def test_sub_items_stay_with_their_item() -> None:
    found = focused("What needs to improve?\n1. Strengthen oversight of:\n\uf02d complex cases "
                    "(paragraph 36)\n\uf02d private fostering (paragraph 40)\n2. Ensure plans "
                    "are clear.\n3. Improve recording.\nSummary for children and young people\n"
                    "◼ Not an item.\n")
    assert found.improvements == [
        "Strengthen oversight of: complex cases (paragraph 36); private fostering "
        "(paragraph 40)", "Ensure plans are clear.", "Improve recording."]


def test_a_list_goes_on_over_a_page_break_sub_headings_and_long_items() -> None:
    """Wrapped PDF lines: items of several sentences, a sub-heading between items, a page
    footer in the middle of an item; the list ends at a case study box."""
    line = "This sentence fills a whole line of the page so that the item goes on and on."
    text = paged(
        "Joint targeted area inspection of the multi-agency response to neglect in Eastvale\n"
        "Between 4 and 8 March 2024, Ofsted, the CQC and HMICFRS inspected Eastvale.\n"
        f"Areas for improvement\nLeadership and management\n◼ The first area. {line}\n{line}\n"
        f"It ends a sentence on a full line, at the page's foot, like this one does here.\n"
        "Eastvale JTAI letter\n2",
        "Eastvale JTAI letter\n"
        f"And goes on at the top of the next page. {line}\nshort last line.\n"
        "The Local Safeguarding Children Board\n"
        f"◼ The second area. {line}\n{line}\nIts end.\n"
        "Case study: area for improvement\n◼ Not an item of the list.\n"
        "Next steps\nText.\n3")
    found = ofsted.parse(text)
    assert found is not None
    assert len(found.improvements) == 2
    assert found.improvements[0].startswith("The first area.")
    assert found.improvements[0].endswith("short last line.")
    assert "Eastvale JTAI letter" not in found.improvements[0]
    assert found.improvements[1].endswith("Its end.")


def test_an_item_of_two_paragraphs_keeps_both_and_the_list_goes_on() -> None:
    line = "This sentence fills a whole line of the page so that the item goes on and on."
    text = paged(
        "Joint targeted area inspection of Eastvale\nThis inspection took place from 4 to 8 "
        "March 2024 and Ofsted led it.\nStrengths\n"
        f"◼ The first strength. {line}\nIts first paragraph ends.\n"
        f"Its second paragraph starts here. {line}\nand ends.\n"
        f"◼ The second strength. {line}\nIts end.\nMain findings\nText.\n")
    found = ofsted.parse(text)
    assert found is not None
    assert len(found.strengths) == 2
    assert found.strengths[0].endswith("Its second paragraph starts here. " + line + " and ends.")
    assert found.strengths[1].startswith("The second strength.")


def test_a_list_of_short_items_ends_where_a_paragraph_starts() -> None:
    """Wrapped PDF lines: the last item's line is as long as a full one, yet the next
    line starts a paragraph, not more of the item."""
    full = "Inspectors spoke to social workers, managers and leaders, and read children's records"
    text = paged(
        "Monitoring visit to Westmoor children's services\nThis letter summarises the findings "
        "of the monitoring visit to\nWestmoor children's services on 3 and 4 April 2024. His "
        "Majesty's Inspectors carried it out.\nAreas covered by the visit\n"
        "◼ the quality of assessments for children in need.\n"
        "◼ the timeliness of plans for children in need.\n"
        "◼ the oversight by managers of the work of social workers in the teams for children.\n"
        f"This visit was carried out under the inspection framework. {full}\n{full}\n"
        f"{full}.\nHeadline findings\nProgress is slow.\n")
    found = ofsted.parse(text)
    assert found is not None
    assert found.areas_covered[-1] == (
        "the oversight by managers of the work of social workers in the teams for children.")
    assert len(found.areas_covered) == 3 and found.headline == "Progress is slow."


def test_a_focus_list_is_the_areas_covered() -> None:
    found = focused("Inspectors looked at the local authority's arrangements for children in "
                    "care, with a\nparticular focus on:\n◼ Decision-making for children who come "
                    "into care.\n◼ The experiences of disabled children in care.\nHeadline "
                    "findings\nText.\n")
    assert found.areas_covered == ["Decision-making for children who come into care.",
                                   "The experiences of disabled children in care."]


def test_without_a_focus_list_the_areas_covered_are_what_the_inspectors_looked_at() -> None:
    found = focused("Inspectors looked at the local authority's arrangements for care leavers. "
                    "They looked at a range of evidence.\nHeadline findings\nText.\n")
    assert found.areas_covered == ["Care leavers"]


# --- Word and Markdown letters with typed bullets, and SEND reports --------------------------

TYPED_BULLETS = """\
**Focused visit to Westmoor children’s services**

This letter summarises the findings of the focused visit to Westmoor children’s
services on 1 and 2 May 2024. His Majesty’s Inspectors carried it out.

**What needs to improve in this area of social work practice?**

{glyph}\tThe timeliness of assessments.

{glyph}\tThe quality of plans, so that they say who will do what.

**Main findings**

Text.
"""


@pytest.mark.parametrize("glyph", ["\uf0b7", "◼"])
@pytest.mark.parametrize("form", ["markdown", "docx"])
def test_bullets_typed_as_glyphs_in_word_and_markdown(form: str, glyph: str) -> None:
    source = TYPED_BULLETS.format(glyph=glyph).encode()
    if form == "markdown":
        blocks = pandoc.read(source, md.FORMAT)["blocks"]
    else:
        blocks = pandoc.read(variants.docx(source), "docx")["blocks"]
    found = ofsted.parse(letter.plain_text(blocks))
    assert found is not None
    assert found.improvements == ["The timeliness of assessments.",
                                  "The quality of plans, so that they say who will do what."]


SEND_REPORT = """\
Local area partnership report
Area SEND inspection of Northmoor Local Area
Partnership
Inspection dates: 4 December 2023 to 8 December 2023
Dates of previous inspection: 3 October 2016 to 7 October 2016
Inspection outcome
The local area partnership's arrangements lead to inconsistent experiences.
Areas for priority action
▪ Leaders should act.
Ofsted and the Care Quality Commission (CQC) inspected.
"""


def test_an_area_send_inspection_is_known_for_what_it_is_and_gets_no_card() -> None:
    found = ofsted.parse(SEND_REPORT)
    assert found is not None
    assert (found.kind, found.local_authority, found.visit_start, found.visit_end) == (
        ofsted.SEND, "Northmoor", D(2023, 12, 4), D(2023, 12, 8))
    assert not found.children_services and found.priority_actions == []
    ctx = Context(pack_root=variants.FOLDER, pack="p", item="send", file="send.md")
    source = SEND_REPORT.replace("Local Area\nPartnership", "Local Area Partnership")
    converted = letter.recognise(md.convert(source.replace("\n", "\n\n").encode(), ctx), "md",
                                 ctx)
    assert "ofsted" not in converted.meta and converted.blocks[0]["t"] != "RawBlock"
    assert [note.message for note in converted.notes] == [
        "Ofsted area SEND inspection report (Ofsted and the CQC) recognised: Northmoor, "
        "inspection 4–8 December 2023; not an inspection of children's services, so it has no "
        "summary card"]


def test_the_card_shows_every_item_by_its_first_sentence() -> None:
    found = focused("What needs to improve?\n" + "\n".join(
        f"◼ Item {n} says one thing. Then it says more about it." for n in range(1, 31)) +
        "\nMain findings\nText.\n")
    ctx = Context(pack_root=variants.FOLDER, pack="p", item="fv", file="fv.md")
    card = letter.card(found, ctx)
    text = letter.plain_text(card)
    assert "Areas for improvement (30)" in text
    assert all(f"Item {n} says one thing. …" in text for n in range(1, 31))
    assert "Then it says more" not in text
    assert card[0]["c"][1].startswith("#let bp-ofsted-card(body) = layout(")
