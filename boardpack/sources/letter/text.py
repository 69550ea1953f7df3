"""A letter's text made plain before it is read: one kind of apostrophe, dash and space,
bullets at line starts, and a PDF's running headers, footers and page numbers taken out.

The text comes from ``letter.plain_text``: Markdown and Word give one paragraph or list
item per line, with blank lines between paragraphs; a PDF gives its lines as printed
(wrapped), page after page with a form feed between pages. ``read`` returns the lines
the reader works on, and whether they are wrapped.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

PAGE_BREAK = "\f"
# Characters that start a list item (a private-use glyph is a symbol-font bullet).
GLYPHS = "•●▪◦■□◼◻◾▫‣⁃∙·►▶➢➤✓✔❖◆◇○"
_PRIVATE = "\ue000-\uf8ff"
BULLET = re.compile(rf"^(?P<mark>[{GLYPHS}{_PRIVATE}](?=\s*\S)|[-–*o](?=\s+\S))\s*")
NUMBER = re.compile(r"^(?P<mark>\(?(?:\d{1,3}(?:\.\d{1,2})*|[a-z]|[ivx]{1,5})[.)])\s+(?=\S)")
PAGE_NUMBER = re.compile(r"(?:page\s+)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?", re.I)
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
ZONE = 4  # lines at the top and the bottom of a page where headers and footers are


@dataclass
class Text:
    """The lines a letter is read from."""

    lines: list[str]
    wrapped: bool  # lines as a PDF printed them, so a paragraph spans several lines
    width: int  # a full line's length in characters (wrapped text only)

    @property
    def joined(self) -> str:
        return "\n".join(self.lines)


def read(text: str, keep: re.Pattern[str] | None = None) -> Text:
    """``text`` normalised, without page furniture, as lines. Lines matching ``keep``
    (a title) are never taken for furniture on the first page."""
    pages = normalise(text).split(PAGE_BREAK)
    page_lines = [page.strip("\n").split("\n") for page in pages if page.strip()]
    paged = PAGE_BREAK in text
    if paged:
        page_lines = without_furniture(page_lines, keep)
    lines = [line for page in page_lines for line in page]
    wrapped = paged or _looks_wrapped(lines)
    if wrapped and not paged:
        lines = _without_repeats(lines, keep)
    lines = _joined_bullets(lines)
    return Text(lines, wrapped, _full_width(lines) if wrapped else 0)


def normalise(text: str) -> str:
    """Straight apostrophes, one kind of dash, plain spaces, no invisible characters,
    glyph bullets separated from their text, other symbol-font glyphs dropped.

    Made of ``str.replace`` calls for the characters the text has (a regular
    expression's character class is slow on text that is not Latin-1)."""
    text = unicodedata.normalize("NFKC", text)
    present: set[str] = set() if text.isascii() else set(text)
    if present:
        for char in present & _PLAIN.keys():
            text = text.replace(char, _PLAIN[char])
        for char in sorted(char for char in present if "\ue000" <= char <= "\uf8ff"):
            text = _private_glyph(text, char)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    while "  " in text:
        text = text.replace("   ", " ").replace("  ", " ")
    text = "\n".join(line.strip(" ") for line in text.split("\n"))
    text = text.replace(" \f", "\f").replace("\f ", "\f")
    if present & _GLYPH_SET:
        text = _GLYPH_GLUED.sub(r"\1 ", text)
    return _HYPHEN_WRAP.sub(_joined_hyphen, text).strip(" ")


_PLAIN = {
    **dict.fromkeys("\u2018\u2019\u201b\u02bc\u2032`\u00b4", "'"),
    **dict.fromkeys("\u201c\u201d\u201f\u2033", '"'),
    **dict.fromkeys("\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63", "–"),
    "\u2010": "-", "\u2011": "-",  # hyphens stay hyphens
    **dict.fromkeys(INVISIBLE, ""),
    **dict.fromkeys("\x0b\x0c\x1c\x1d\x1e\x1f\x85\u1680\u2028\u2029", " "),  # odd spaces
}
del _PLAIN["\x0c"]  # the form feed between a PDF's pages stays
_PLAIN["\x01"] = ""  # _private_glyph's place-holder
_GLYPH_SET = frozenset(GLYPHS)
_GLYPH_GLUED = re.compile(rf"(?m)^([{GLYPHS}])(?=\S)")
_HYPHEN_WRAP = re.compile(r"[-–]\n(?=[a-z])")


def _private_glyph(text: str, glyph: str) -> str:
    """A private-use glyph (a symbol font's bullet) at a line's start is a bullet, with a
    space after it; anywhere else it would print a box, so a space takes its place (the
    symbol fonts' space, U+F020, is one of them)."""
    text = "\n" + text
    for start in ("\n", "\f"):
        text = text.replace(start + glyph, start + "\x01")
    return text.replace(glyph, " ").replace("\x01", glyph + " ")[1:]


def _joined_hyphen(match: re.Match[str]) -> str:
    """ "multi-" at a line's end before "agency": one word (not a dash between words)."""
    before = match.string[match.start() - 1: match.start()]
    return "-" if before.isalnum() else match.group()


def page_key(line: str) -> str:
    """A line as it repeats from page to page: numbers (page numbers, dates) alike."""
    return re.sub(r"\d+", "#", line.lower())


def without_furniture(pages: list[list[str]], keep: re.Pattern[str] | None = None
                      ) -> list[list[str]]:
    """Pages without their running headers and footers, page numbers and footnotes.

    A header or footer is a line near the top or the bottom of a page that recurs there
    on other pages (numbers in it, such as the page number, may change), or that ends
    with a page number ("… 3 of 12", "… Page 3"). Page numbers are lines of a number
    alone ("7", "Page 7", "7 of 12") anywhere. A footnote is what follows its number at
    the foot of a page, where the text refers to that number (a digit set after a
    word: "Board1", "practice?1"); the references go too. On the first page a line that
    ``keep`` matches (a title repeated as a running header) stays.
    """
    seen: Counter[str] = Counter()
    for page in pages:
        seen.update({page_key(line) for line in _zone(page) if not _is_content(line)})
    least = 2 if len(pages) <= 4 else max(3, round(0.3 * len(pages)))
    repeated = {key for key, count in seen.items() if count >= least and key.strip()}
    references = _references("\n".join("\n".join(page) for page in pages))
    found: set[str] = set()
    out = []
    for number, page in enumerate(pages):
        page = _without_footnotes(page, references, found)
        zone = set(_zone_indices(page))
        kept = _title_lines(page, keep) if number == 0 else set()
        out.append([line for index, line in enumerate(page) if not (
            PAGE_NUMBER.fullmatch(line)
            or (index in zone and index not in kept
                and (page_key(line) in repeated
                     or (line[-1:].isdigit() and NUMBERED_FOOTER.search(line)))))])
    if found:
        pattern = re.compile(FOOTNOTE_REFERENCE.pattern.replace(r"\d{1,2}", "|".join(found)))
        out = [pattern.sub("", "\n".join(page)).split("\n") for page in out]
    return out


def _title_lines(page: list[str], keep: re.Pattern[str] | None) -> set[int]:
    """The lines of a first page that ``keep`` matches (its title, which a running
    header may repeat), and the two lines above each (the name over a title)."""
    if keep is None:
        return set()
    out: set[int] = set()
    for index, line in enumerate(page):
        if keep.search(line):
            above = [i for i in range(index - 1, -1, -1)
                     if page[i] and not PAGE_NUMBER.fullmatch(page[i])][:2]
            out.update([index, *above])
    return out


FOOTNOTE_REFERENCE = re.compile(r"(?:(?<=[a-z?:),'\"])|(?<=[a-z]\.))(\d{1,2})(?=[\s,.;:]|$)")
NUMBERED_FOOTER = re.compile(r"\S\s+(?:page\s+\d{1,3}|\d{1,3}\s+of\s+\d{1,3})$", re.I)
FOOTNOTE_LINES = 10  # a footnote is among a page's last lines


def _references(text: str) -> set[str]:
    """The footnote numbers the text refers to: digits set straight after a word or its
    full stop ("Board1", "Oxfordshire.1 This", "practice?1"), not after a number."""
    out = set()
    for match in _NUMBER_END.finditer(text):
        before = text[max(0, match.start() - 2): match.start()]
        if before[-1:] in _AFTER or (before[-1:] == "." and before[:1].isalpha()):
            out.add(match.group())
    return out


_NUMBER_END = re.compile(r"\d{1,2}(?=[\s,.;:]|$)")
_AFTER = frozenset("abcdefghijklmnopqrstuvwxyz?:),'\"")


def _without_footnotes(page: list[str], references: set[str], found: set[str]) -> list[str]:
    """The page without the footnotes at its foot (numbers the text refers to)."""
    filled = [index for index, line in enumerate(page) if line]
    for index in filled[-FOOTNOTE_LINES:]:
        match = re.match(r"(\d{1,2})(?:$|\s*(?=[A-Z(w]))", page[index])
        if match and match.group(1) in references and (
                page[index] != match.group(1) or index + 1 < len(page)):
            found.add(match.group(1))
            return page[:index]
    return page


def _zone_indices(page: list[str]) -> list[int]:
    filled = [index for index, line in enumerate(page) if line]
    return filled[:ZONE] + filled[ZONE:][-ZONE:]


def _zone(page: list[str]) -> list[str]:
    return [page[index] for index in _zone_indices(page)]


def _is_content(line: str) -> bool:
    """Lines that may recur near page edges but are the letter's own: list items (lists
    may start two pages) and long lines."""
    return bool(BULLET.match(line) or NUMBER.match(line)) or len(line) > 160


def _without_repeats(lines: list[str], keep: re.Pattern[str] | None) -> list[str]:
    """Wrapped text without page breaks (another PDF reader's text): short lines (ten
    words at most) that recur three times or more are taken for headers and footers,
    and number-only lines for page numbers."""
    counts = Counter(page_key(line) for line in lines if not _is_content(line))
    repeated = {key for key, count in counts.items()
                if count >= 3 and 2 <= len(key.split()) <= 10
                and not re.fullmatch(r"(?:[a-z ]+ )?(?:good|inadequate|outstanding|requires? "
                                     r"improvement(?: to be good)?)", key)}
    return [line for line in lines if not PAGE_NUMBER.fullmatch(line)
            and (page_key(line) not in repeated or (keep is not None and keep.search(line)))]


def _looks_wrapped(lines: list[str]) -> bool:
    """Whether lines are a PDF's printed lines (few blank lines between many lines)
    rather than one paragraph a line."""
    filled = sum(1 for line in lines if line)
    return filled >= 12 and (len(lines) - filled) < 0.1 * filled


def _full_width(lines: list[str]) -> int:
    lengths = sorted(len(line) for line in lines if len(line) > 20)
    return lengths[int(0.8 * (len(lengths) - 1))] if lengths else 80


def _joined_bullets(lines: list[str]) -> list[str]:
    """A bullet alone on its line joined to the text that follows it."""
    out: list[str] = []
    for line in lines:
        if out and len(out[-1]) == 1 and BULLET.match(out[-1] + " x") and line and (
                not BULLET.match(line)):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out
