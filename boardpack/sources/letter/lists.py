"""The lists of an Ofsted letter or report: what each section heading introduces, and the
items under it, complete (sub-items stay with their item; a list crossing a page, a
sub-heading or a wrapped line stays one list).

A list item starts with a bullet or a number. Its level is its marker's kind: the
first kind seen in a section marks the items, another kind (a dash under a number, an
"o" under a square) marks the parts of an item. In a PDF's wrapped lines an item goes
on until the next marker or heading, or until a sentence ends and something that is not
a sub-heading follows: on a short line, or (in a list of short items) once the item is
as long as the longest before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from boardpack.sources.letter.text import BULLET, NUMBER, Text

# Section headings (a whole line, compared in lower case) and what they introduce.
HEADINGS = (
    ("areas", re.compile(r"areas? covered(?: (?:by|during|in) the (?:visit|inspection))?"
                         r"|scope of the (?:visit|inspection)|what (?:the )?inspectors "
                         r"(?:looked at|reviewed)|focus of the visit")),
    ("priority", re.compile(r"(?:the |an? )?(?:areas? for priority action|cases? for priority "
                            r"action|priority actions?|priority and immediate action)")),
    ("improve", re.compile(r"what needs to improve\b.*|areas? for (?:improvement|development)"
                           r"|what (?:does|do) the (?:local authority|partnership|council|lscb"
                           r"|board|local safeguarding children(?:'s)? board) needs? to "
                           r"(?:do to )?improve\b.*|recommendations")),
    ("strengths", re.compile(r"(?:key |main )?strengths|areas? of strength|what is working well")),
    ("headline", re.compile(r"headline findings|summary of (?:the )?findings|overview"
                            r"|inspection outcome")),
    ("stop", re.compile(r"main findings|findings(?: and evaluation of progress)?"
                        r"|executive summary|summary(?: for children and young people)?"
                        r"|contents|context|next steps|yours (?:sincerely|faithfully),?"
                        r"|information about this .*|(?:case|practice) stud(?:y|ies)\b.*"
                        r"|inspection findings\b.*|judgement grade|judgement|the local authority"
                        r"|the experiences and progress of .*|the impact of leaders on .*"
                        r"|overall effectiveness.*|leadership, management and governance.*"
                        r"|children who need help and protection.*"
                        r"|children looked after and achieving permanence.*"
                        r"|previous ofsted inspections|local leadership|what is it like .*"
                        r"|what is the area partnership .*|what does the area partnership .*")),
)
SHORT_ITEM = 3  # lines: the items of a list of phrases or single sentences
MORE_ITEMS_WITHIN = 12  # lines: an item's further paragraph is shorter
LISTS = frozenset({"priority", "improve", "strengths", "lscb"})  # not headline or areas
CLOSING = re.compile(r"(?:Ofsted will take the findings|Yours (?:sincerely|faithfully)"
                     r"|We will take the findings)\b", re.I)
# A list's place taken by a sentence saying it is empty ("There are no priority actions.")
NONE_SAID = re.compile(r"^(?:none|n/a|not applicable)\.?$|\b(?:there (?:are|were|is) no|no"
                       r"|not (?:identify|find) any)\b[^.]{0,40}\b(?:priority|priorities|areas?"
                       r"|actions?|recommendations?|strengths?)\b|\b(?:were|was) not identified\b",
                       re.I)
FOOTNOTE_MARK = re.compile(r"(?<=[a-z?.:)])\d{1,2}$")


_FIRST_WORDS = frozenset((  # the words the headings above start with
    "areas", "area", "scope", "what", "focus", "the", "an", "a", "cases", "case", "priority",
    "recommendations", "key", "main", "strengths", "headline", "summary", "inspection",
    "findings", "overview", "executive", "contents", "context", "next", "yours",
    "information", "practice", "judgement", "overall", "leadership", "children", "previous",
    "local"))


def heading_kind(line: str) -> str | None:
    """Which section a heading line opens, or None if it is not one known here."""
    if not line or len(line) > 130:
        return None
    first = line.split(maxsplit=1)[0].lower().strip("*#_|")
    if first and first not in _FIRST_WORDS and not first[:1].isdigit():
        return None
    key = re.sub(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)", "", line.strip(" *#|_"))
    if not key[:1].isupper():
        return None
    key = FOOTNOTE_MARK.sub("", key.lower()).rstrip(" ?:.")
    if not key:
        return None
    for kind, pattern in HEADINGS:
        if pattern.fullmatch(key):
            return kind
    return None


def singular(line: str) -> bool:
    """A heading naming one action ("Area for priority action"): its sentence and the
    bullets that finish it are one item."""
    return re.search(r"\b(?:areas|cases|actions)\b", line, re.I) is None


@dataclass
class _Item:
    lines: list[str] = field(default_factory=list)
    parts: list[list[str]] = field(default_factory=list)

    def add(self, line: str) -> None:
        (self.parts[-1] if self.parts else self.lines).append(line)

    def length(self) -> int:
        """How many lines the item has."""
        return len(self.lines) + sum(len(part) for part in self.parts)

    def text(self) -> str:
        out = tidy(" ".join(self.lines))
        for part in (tidy(" ".join(lines)) for lines in self.parts):
            if part:
                out = f"{out}{' ' if not out or re.search(r'[.;:!?]$', out) else '; '}{part}"
        return out


def marker(line: str) -> tuple[str, str] | None:
    """(kind of marker, text after it) of a list item's first line."""
    found = NUMBER.match(line)
    if found:
        mark = found["mark"]
        kind = "letter" if re.fullmatch(r"\(?[a-z][.)]", mark) else (
            "roman" if re.fullmatch(r"\(?[ivx]+[.)]", mark) else "number")
        return kind, line[found.end():]
    found = BULLET.match(line)
    if found:
        return found["mark"], line[found.end():]
    return None


class Reader:
    """The sections of one letter's lines."""

    def __init__(self, text: Text) -> None:
        self.text = text
        self.lines = text.lines
        self._kinds: dict[int, str | None] = {}

    def kind(self, index: int) -> str | None:
        """``heading_kind`` of line ``index``, worked out once."""
        if index not in self._kinds:
            self._kinds[index] = heading_kind(self.lines[index])
        return self._kinds[index]

    def ended(self, index: int, short: float = 0.75) -> bool:
        """Whether line ``index`` ends a paragraph or item (wrapped text: a sentence
        ends on a line shorter than ``short`` of a full one). A line that is not a
        paragraph's last is rarely shorter than a full line less its next word; a last
        line may be as long, so an item (where ending too soon loses the rest of the
        list) is taken to end only on a clearly short line."""
        line = self.lines[index]
        if not self.text.wrapped:
            return True
        return bool(re.search(r"[.!?:;]['\")]?$", line)) and (
            len(line) < short * self.text.width)

    def next_filled(self, index: int) -> int:
        while index < len(self.lines) and not self.lines[index]:
            index += 1
        return index

    def subheading(self, index: int) -> bool:
        """A short line of its own between items (a sub-heading of a list)."""
        line = self.lines[index]
        if marker(line) or self.kind(index) or len(line.split()) > 12 or re.search(
                r"[.;,]$", line):
            return False
        following = self.next_filled(index + 1)
        return following < len(self.lines) and marker(self.lines[following]) is not None

    def items(self, start: int, *, lead_is_item: bool = False, may_be_none: bool = False
              ) -> tuple[list[str], int]:
        """The items of the list that starts at ``start``, and where it ends. With no
        list, the first paragraph (none if ``may_be_none`` and it says there are none).
        With ``lead_is_item``, the paragraph before the list and the list's items are one
        item."""
        items: list[_Item] = []
        lead: list[str] = []
        lead_done = False
        top: str | None = None
        index = start
        while index < len(self.lines):
            line = self.lines[index]
            if self.kind(index) is not None or CLOSING.match(line):
                break
            if not line:
                lead_done = lead_done or bool(lead)
                index += 1
                continue
            found = marker(line)
            if found:
                kind, rest = found
                top = top or kind
                if kind == top or not items:
                    items.append(_Item([rest]))
                else:
                    items[-1].parts.append([rest])
            elif items:
                if not self.item_ended(index, items):
                    items[-1].add(line)
                elif self.subheading(index):
                    pass
                elif self.text.wrapped and self._more_items(index, top):
                    items[-1].add(line)  # the item's next paragraph: more items follow
                else:
                    break
            else:
                if lead and self.text.wrapped and self.ended(index - 1, short=0.9):
                    lead_done = True
                if not lead_done:
                    lead.append(line)
                elif not self._list_follows(index):
                    break
            index += 1
        if items:
            if lead_is_item and lead:
                parts = [item.lines + [text for part in item.parts for text in part]
                         for item in items]
                return [_Item(lead, parts).text()], index
            return [text for text in (item.text() for item in items) if text], index
        paragraph = tidy(" ".join(lead))
        if not paragraph or paragraph.endswith(":") or (
                may_be_none and len(paragraph) < 250 and NONE_SAID.search(paragraph)):
            return [], index
        return [shortened(paragraph)], index

    def item_ended(self, index: int, items: list[_Item]) -> bool:
        """Whether the item before line ``index`` (not a marker) ended before it: after a
        blank line, or (wrapped text) where a sentence ends and this line starts another,
        if the sentence ended on a short line, or this line is a sub-heading, or the items
        before were short and this one is already as long (a list of short items, then a
        paragraph)."""
        previous = self.lines[index - 1]
        if not previous:
            return True
        if not self.text.wrapped or not re.match(r"[A-Z\"'(\d]", self.lines[index]):
            return False
        if self.ended(index - 1):
            return True
        if not re.search(r"[.!?]['\")]?$", previous):
            return False
        if self.subheading(index):
            return True
        if len(items) < 2:
            return False
        longest = max(item.length() for item in items[:-1])
        return longest <= SHORT_ITEM and items[-1].length() >= longest

    def _more_items(self, index: int, top: str | None) -> bool:
        """Whether more items of the list (markers of kind ``top``) follow within a
        paragraph's length of line ``index``, before any heading."""
        for number in range(index, min(index + MORE_ITEMS_WITHIN, len(self.lines))):
            found = marker(self.lines[number])
            if found:
                return found[0] == top
            if self.kind(number) is not None or CLOSING.match(self.lines[number]):
                return False
        return False

    def _list_follows(self, index: int) -> bool:
        """Whether a list starts within the next paragraph or two (a lead that runs over
        more than one paragraph)."""
        for number in range(index, min(index + 30, len(self.lines))):
            if marker(self.lines[number]):
                return True
            if self.kind(number) is not None:
                return False
        return False

    def sections(self, start: int = 0, *, board: bool = False) -> dict[str, list[str]]:
        """The items under each known heading from line ``start``; items of sections of
        one kind are merged. With ``board`` (a single inspection framework report) the Local
        Safeguarding Children Board's section comes after the authority's
        recommendations; the recommendations in it are "lscb"."""
        out: dict[str, list[str]] = {}
        in_board = False
        index = start
        while index < len(self.lines):
            line = self.lines[index]
            kind = self.kind(index)
            index += 1
            if board and "improve" in out and (
                    LSCB_GRADE.fullmatch(line.rstrip(". ")) or LSCB_HEADING.fullmatch(line)):
                in_board = True  # the board's own section, after the authority's
                continue
            if kind is None or kind == "stop":
                continue
            if index < len(self.lines) and re.match(r"[a-z]", self.lines[index]) and not (
                    marker(self.lines[index])) and self.text.wrapped:
                index += 1  # the heading wrapped onto a second line
            if kind == "improve" and in_board:
                kind = "lscb"
            found, index = self.items(index, lead_is_item=kind == "priority" and singular(line),
                                      may_be_none=kind in LISTS)
            merged = out.setdefault(kind, [])
            merged += [item for item in found if item not in merged]
        return {kind: items for kind, items in out.items() if items}


GRADE = (r"(?:outstanding|good|inadequate"
         r"|requires?\s+improvement(?:\s+to\s+be\s+good)?)")
LSCB_HEADING = re.compile(r"(?:The )?Local Safeguarding Children(?:'s)? Board(?: \(LSCB\))?",
                          re.I)
LSCB_GRADE = re.compile(rf"(?:The )?Local Safeguarding Children(?:'s)? Board(?: \(LSCB\))? "
                        rf"(?:is |are )?(?P<grade>{GRADE})", re.I)


def tidy(text: str) -> str:
    """One list item: spaces collapsed, wrapped hyphens joined, a trailing '; and' dropped."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"(\w)- (?=[a-z])", r"\1-", text)
    return re.sub(r"\s*(?:[;,]\s*(?:and|or)?|\band|\bor)$", "", text).strip()


def shortened(text: str, limit: int = 450) -> str:
    """Whole sentences of ``text`` up to about ``limit`` characters."""
    if len(text) <= limit:
        return text
    kept = ""
    for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text):
        if len(kept) + len(sentence) + 1 > limit:
            break
        kept = f"{kept} {sentence}".strip()
    return f"{kept} …" if kept else text[:limit].rsplit(" ", 1)[0] + "…"
