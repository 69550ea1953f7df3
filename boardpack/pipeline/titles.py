"""A report that starts by repeating its title, which the item's heading already gives.

Council report templates open with a title block ("CABINET", the date, "A.3 ⇥
COUNCIL TAX DISCOUNT FOR CARE LEAVERS"); placed under the pack's heading "4. Council
tax discount for care leavers" the title would be printed twice. ``without_title``
drops the first paragraph or heading near the top of a file's blocks that says the
same as the heading, ignoring case, punctuation, an agenda reference in front of it
("A.3", "Item 5:", "5.") and a label ("Title:", "Subject:").
"""

from __future__ import annotations

import re
from typing import Any

from boardpack.pandoc import ast

# How many of a file's first paragraphs and headings a repeated title is looked for in.
LOOK_AHEAD = 8
REFERENCE = re.compile(r"^(?:(?:agenda\s+)?item\s+|report\s+)?(?:[a-z]{1,2}[.\s]?)?\d+"
                       r"(?:[.-]\d+)*\s*[.:)–-]?\s+")
LABEL = re.compile(r"^(?:report\s+title|title|subject|report)\s*[:–-]\s*")
DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‘": "'", "’": "'", "“": '"', "”": '"'})


def normal(text: str) -> str:
    """Text as compared: lower case, one kind of dash and quote, no reference or label,
    single spaces, no closing punctuation."""
    text = " ".join(text.translate(DASHES).casefold().split())
    text = LABEL.sub("", REFERENCE.sub("", text, count=1), count=1)
    return text.rstrip(" .:;")


def without_title(blocks: list[dict[str, Any]], *titles: str) -> list[dict[str, Any]]:
    """``blocks`` without the first early paragraph or heading that repeats a title."""
    wanted = {normal(title) for title in titles} - {""}
    if not wanted:
        return blocks
    seen = 0
    for index, block in enumerate(blocks):
        if block.get("t") not in ("Para", "Plain", "Header"):
            continue
        if normal(ast.text_of(block)) in wanted:
            return blocks[:index] + blocks[index + 1:]
        seen += 1
        if seen == LOOK_AHEAD:
            break
    return blocks
