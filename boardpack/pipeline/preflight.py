"""Pre-flight: what should not be published, found in the text of each converted file.

Placeholders ("[TBC]", "£XX") and images without alt text are flagged in every
item. Personal data (dates of birth, NHS and National Insurance numbers) is
flagged in the items whose papers the public edition carries
(``boardpack.pack.public.published``), which go on the council's website, as is a
file drawn in (an image, say) by both such an item and an exempt one.
Patterns are kept narrow on purpose: a date is only a date of birth when it says
so, an NHS number must pass its check digit, and a mobile number is only noted.
Source modules add their own warnings (tracked changes, comments, hidden sheets,
text under a black box in a PDF); ``check`` shows them all together, and
``blocking`` picks what stops ``publish``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from boardpack import sources
from boardpack.layout import PACK_FILE
from boardpack.model import Item, Pack
from boardpack.pack import public
from boardpack.pandoc import ast
from boardpack.pipeline.convert import ConvertedPack
from boardpack.problems import Level, Problem

MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|"
          "december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
NUMERIC_DATE = r"\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})"
WORDED_DATE = rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTHS})\.?,?\s+\d{{4}}"
DATE = rf"(?:{NUMERIC_DATE}|{WORDED_DATE})"

PLACEHOLDERS = re.compile(
    r"\[\s*(?:TBC|TBA|TBD|to be confirmed|insert\b[^\]]{0,40}|name|date)\s*\]"
    r"|(?<![A-Za-z0-9])(?:XX+|xx+)(?![A-Za-z])",
    re.IGNORECASE)
DATE_OF_BIRTH = re.compile(
    rf"\b(?:D\.?O\.?B\.?|date\s+of\s+birth|birth\s*date)(?![A-Za-z])\s*(?:[:\-–]|is|was)?\s*{DATE}"
    rf"|\bborn\s+(?:on\s+)?(?:the\s+)?{DATE}", re.IGNORECASE)
NHS_NUMBER = re.compile(r"(?<![\d£$€.,])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\d.,])")
NI_NUMBER = re.compile(
    r"\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r"\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b")
MOBILE = re.compile(r"(?<!\d)(?:\+44\s?7|07)\d{3}\s?\d{3}\s?\d{3}(?!\d)")


@dataclass(frozen=True)
class Finding:
    """A pattern found in a text, with a short piece of its context."""

    kind: str
    snippet: str


def nhs_number_valid(digits: str) -> bool:
    """The NHS number's modulus 11 check digit holds."""
    if len(digits) != 10 or not digits.isdigit() or len(set(digits)) == 1:
        return False
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def _snippet(text: str, match: re.Match[str]) -> str:
    return match.group(0).strip()[:60]


def placeholders(text: str) -> Iterator[Finding]:
    for match in PLACEHOLDERS.finditer(text):
        yield Finding("placeholder", _snippet(text, match))


def personal_data(text: str) -> Iterator[Finding]:
    """Dates of birth, NHS numbers (check digit valid; spaced 3-3-4 or said to be one)
    and National Insurance numbers."""
    for match in DATE_OF_BIRTH.finditer(text):
        yield Finding("a date of birth", _snippet(text, match))
    for match in NHS_NUMBER.finditer(text):
        digits = match.group(1) + match.group(3) + match.group(4)
        said = re.search(r"NHS", text[max(0, match.start() - 40):match.start()], re.I)
        if nhs_number_valid(digits) and (match.group(2) == " " or said):
            yield Finding("an NHS number", _snippet(text, match))
    for match in NI_NUMBER.finditer(text):
        yield Finding("a National Insurance number", _snippet(text, match))


def mobile_numbers(text: str) -> Iterator[Finding]:
    for match in MOBILE.finditer(text):
        yield Finding("a mobile phone number", _snippet(text, match))


def check(pack: Pack, converted: ConvertedPack) -> list[Problem]:
    """Every pre-flight warning for the pack's items."""
    problems: list[Problem] = []
    noted = {(p.item, p.file) for p in converted.problems if "alt text" in p.message}
    published = public.published(pack)
    for item in pack.items:
        shown = item.id in published
        problems += _check_text(pack, item, PACK_FILE, f"{item.title}\n{item.summary}", shown)
        for ref, result in converted.for_item(item):
            problems += _check_text(pack, item, ref.path, ast.text_of(result.blocks), shown)
            if (item.id, ref.path) not in noted:
                problems += _check_images(pack, item, ref.path, result.blocks)
    return problems + shared_drawings(pack, converted, published)


def shared_drawings(pack: Pack, converted: ConvertedPack, published: set[str]
                    ) -> list[Problem]:
    """A file drawn in by an exempt item's report and by a published item's: the public
    edition shows it with the published item, which may not be meant."""
    users: dict[str, set[str]] = {}
    for (item_id, _), result in converted.by_file.items():
        for dep in result.deps:
            users.setdefault(dep, set()).add(item_id)
    problems = []
    exempt = {item.id for item in pack.items if item.part_b}
    for dep, items in sorted(users.items()):
        both = (sorted(items & exempt), sorted(items & published))
        if both[0] and both[1]:
            problems.append(Problem(
                f"is shown by the exempt item '{both[0][0]}' and by the public item "
                f"'{both[1][0]}', so the public edition publishes it", pack=pack.name,
                item=both[1][0], file=dep,
                hint="give the exempt report its own copy if this must not be published",
                level=Level.WARNING))
    return problems


def blocking(pack: Pack, converted: ConvertedPack, findings: list[Problem]) -> list[Problem]:
    """What stops ``publish`` (unless forced): pre-flight warnings, and a black box over
    text in a public item's PDF, whose text the pack would publish with the page."""
    redact_hint = getattr(sources.module("pdf"), "REDACT_HINT", None)
    published = public.published(pack)
    redactions = [p for p in converted.problems
                  if redact_hint and p.hint == redact_hint and p.item in published]
    return [p for p in findings if p.level is Level.WARNING] + redactions


def _check_text(pack: Pack, item: Item, file: str, text: str, published: bool
                ) -> list[Problem]:
    problems = []

    def report(findings: list[Finding], message: str, hint: str,
               level: Level = Level.WARNING) -> None:
        if not findings:
            return
        more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
        problems.append(Problem(message.format(kind=findings[0].kind,
                                               snippet=findings[0].snippet) + more,
                                pack=pack.name, item=item.id, file=file, hint=hint,
                                level=level))

    report(list(placeholders(text)), "has a placeholder '{snippet}'",
           "fill it in before the pack is published")
    if not published:
        return problems
    found = list(personal_data(text))
    for kind in dict.fromkeys(f.kind for f in found):
        report([f for f in found if f.kind == kind],
               "looks like {kind} in a public item ('{snippet}')",
               "remove personal data from public papers, or make the item Part B (exempt = 1 or 2)")
    report(list(mobile_numbers(text)), "has {kind} in a public item ('{snippet}')",
           "check it is a work number that may be published", Level.INFO)
    return problems


def _check_images(pack: Pack, item: Item, file: str, blocks: list) -> list[Problem]:
    missing = [n for n in ast.images(blocks) if ast.undescribed(n)]
    if not missing:
        return []
    count = f"{len(missing)} images have" if len(missing) > 1 else "an image has"
    return [Problem(f"{count} no alt text", pack=pack.name, item=item.id, file=file,
                    hint="describe each image for members who use screen readers",
                    level=Level.WARNING)]
