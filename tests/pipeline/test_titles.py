"""A report's own title, when it repeats the item's heading, is printed once."""

from __future__ import annotations

import pytest

from boardpack.pandoc import ast
from boardpack.pipeline.titles import without_title

TITLE = "Council tax discretionary discount for care leavers"


@pytest.mark.parametrize("line", [
    "A.3\tCOUNCIL TAX DISCRETIONARY DISCOUNT FOR CARE LEAVERS",
    "Item 5: Council Tax Discretionary Discount for Care Leavers.",
    "Report title: council tax discretionary discount for care leavers",
    "7 – Council tax discretionary discount for care leavers",
])
def test_a_repeated_title_is_dropped(line: str) -> None:
    blocks = [ast.para("CABINET"), ast.para([ast.strong(line)]), ast.para("Text.")]
    assert [ast.text_of(b) for b in without_title(blocks, TITLE)] == ["CABINET", "Text."]


@pytest.mark.parametrize("line", [
    "Council tax discretionary discount for care leavers: consultation results",
    "Discount for care leavers",
])
def test_a_different_title_stays(line: str) -> None:
    blocks = [ast.para(line), ast.para("Text.")]
    assert without_title(blocks, TITLE) == blocks


def test_only_the_first_paragraphs_are_looked_at() -> None:
    blocks = [ast.para(f"Line {n}.") for n in range(8)] + [ast.para(TITLE)]
    assert without_title(blocks, TITLE) == blocks
    assert len(without_title(blocks[1:], TITLE)) == 7
