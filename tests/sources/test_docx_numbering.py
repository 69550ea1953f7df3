"""Word's list numbers, counted from the numbering definitions as Word counts them."""

from __future__ import annotations

import pytest
from helpers.wordxml import NAMESPACES, level, numbering

from boardpack.sources.docx import numbering as word


@pytest.mark.parametrize(("value", "fmt", "shown"), [
    (1, "decimal", "1"), (3, "lowerLetter", "c"), (27, "lowerLetter", "aa"),
    (28, "upperLetter", "BB"), (4, "lowerRoman", "iv"), (1999, "upperRoman", "MCMXCIX"),
    (7, "decimalZero", "07"), (2, "ordinal", "2nd"), (13, "ordinal", "13th"),
    (21, "ordinalText", "Twenty-first"), (3, "cardinalText", "Three"), (5, "none", ""),
    (10**9, "lowerLetter", "1000000000"),  # no string of millions of letters
])
def test_number_formats(value: int, fmt: str, shown: str) -> None:
    assert word.number_text(value, fmt) == shown


def labels(definitions: str, paragraphs: list[tuple[str, int]], styles: str = "") -> list[str]:
    counter = word.Counter(word.read(definitions.encode(), (
        f"<w:styles {NAMESPACES}>{styles}</w:styles>").encode()))
    out = []
    for num_id, ilvl in paragraphs:
        label = counter.label(num_id, ilvl)
        out.append(label.text if label else "")
    return out


def test_legal_numbering_writes_higher_levels_as_decimals() -> None:
    xml = numbering({1: level(0, "%1.", "upperRoman") + level(
        1, "%1.%2", extra="<w:isLgl/>")}, {1: 1})
    assert labels(xml, [("1", 0), ("1", 1), ("1", 0), ("1", 1)]) == ["I.", "1.1", "II.", "2.1"]


def test_a_level_restarts_only_after_the_level_its_rule_names() -> None:
    xml = numbering({1: level(0, "%1.") + level(1, "%1.%2") + level(
        2, "(%3)", "lowerLetter", extra='<w:lvlRestart w:val="1"/>')}, {1: 1})
    order = [("1", 0), ("1", 2), ("1", 1), ("1", 2), ("1", 0), ("1", 2)]
    assert labels(xml, order) == ["1.", "(a)", "1.1", "(b)", "2.", "(a)"]


def test_a_start_override_restarts_its_instance_only() -> None:
    xml = numbering({1: level(0, "%1.", start=3)}, {
        1: 1, 2: (1, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="10"/></w:lvlOverride>')})
    assert labels(xml, [("1", 0), ("1", 0), ("2", 0), ("2", 0), ("1", 0)]) == [
        "3.", "4.", "10.", "11.", "5."]


def test_a_list_linked_through_a_numbering_style() -> None:
    xml = numbering({1: level(0, "Part %1"), 2: ""}, {1: 1, 2: 2}).replace(
        '<w:abstractNum w:abstractNumId="2"><w:multiLevelType w:val="multilevel"/>',
        '<w:abstractNum w:abstractNumId="2"><w:numStyleLink w:val="Parts"/>')
    styles = ('<w:style w:type="numbering" w:styleId="Parts"><w:pPr><w:numPr>'
              '<w:numId w:val="1"/></w:numPr></w:pPr></w:style>')
    assert labels(xml, [("2", 0), ("2", 0)], styles) == ["Part 1", "Part 2"]


def test_a_paragraph_style_gives_the_list_and_its_level() -> None:
    xml = numbering({1: level(0, "%1.", extra='<w:pStyle w:val="H1"/>') + level(
        1, "%1.%2", extra='<w:pStyle w:val="H2"/>')}, {1: 1})
    styles = "".join(f'<w:style w:type="paragraph" w:styleId="{s}"><w:pPr><w:numPr>'
                     f'<w:numId w:val="1"/></w:numPr></w:pPr></w:style>' for s in ("H1", "H2"))
    counter = word.Counter(word.read(xml.encode(), f"<w:styles {NAMESPACES}>{styles}"
                                     "</w:styles>".encode()))
    assert counter.numbering_of("H2", None, None) == ("1", 1)
    assert counter.numbering_of("H1", "0", None) is None  # numId 0: numbering taken off
