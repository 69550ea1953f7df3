"""Reading an Ofsted letter or report: what kind it is, when, about whom, and what it found.

``parse(text)`` takes the plain text of a letter or report (as ``letter.plain_text``
gives it for Markdown, Word or a PDF) and returns a ``Letter``, or ``None`` when the
text is not one. It knows, by their structure rather than by any one file's wording:

- monitoring visit and focused visit letters ("Monitoring visit to … children's
  services"; also a letter reprinted without its title line that says in its first
  sentence what it is: "This letter summarises the findings of the monitoring visit
  to …");
- inspection reports under the ILACS framework (2018 on: "Inspection of … local
  authority children's services", or the authority's name over "Inspection of
  children's social care services") and the older single inspection framework
  (2013–2018: "Inspection of services for children in need of help and protection …",
  and "Re-inspection of …");
- joint targeted area inspection (JTAI) letters;
- area SEND inspection reports (Ofsted with the CQC), which are not inspections of
  children's services: they come back as ``SEND`` so that no card is made for them.

Titles may wrap over lines, a PDF's running headers, footers and page numbers are
taken out first (``text.read``), and the lists come back complete (``lists``).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

from boardpack.sources.letter import dates, lists
from boardpack.sources.letter.lists import GRADE as _GRADE
from boardpack.sources.letter.text import INVISIBLE, Text
from boardpack.sources.letter.text import read as read_text
from boardpack.textfmt import short_date

MONITORING = "monitoring visit"
FOCUSED = "focused visit"
INSPECTION = "inspection"
JTAI = "joint targeted area inspection"
SEND = "area SEND inspection"

GRADES = ("Outstanding", "Good", "Requires improvement to be good", "Inadequate")
MAX_CHARS = 400_000  # letters and reports are far shorter; a 50-page SIF report is 200,000
TITLE_LINES = 150  # a title is among the first lines (after a letterhead and addressees)
OVERALL = "Overall effectiveness"
LSCB = "Local Safeguarding Children Board"

# What starts each kind's title line, as the quick test and the furniture filter see it.
TITLE_START = re.compile(r"^(?:Monitoring visit|Focused visit|Joint targeted area inspection"
                         r"|(?:Re-)?[Ii]nspection of|Area SEND)", re.M)
_SERVICES = r"(?:local authority )?children's (?:social care )?services\b"
_TITLES = (  # (kind, framework, pattern on a title's lines joined by spaces)
    (MONITORING, "", re.compile(rf"Monitoring visit (?:to|of) (?P<la>.{{2,90}}?) {_SERVICES}")),
    (FOCUSED, "", re.compile(rf"Focused visit (?:to|of) (?P<la>.{{2,90}}?) {_SERVICES}")),
    (JTAI, "", re.compile(r"Joint targeted area inspection (?:\(JTAI\) )?of (?P<la>.{2,400})")),
    (INSPECTION, "SIF", re.compile(r"(?P<re>Re-)?[Ii]nspection of services for children in "
                                   r"need of help and protection\b")),
    (INSPECTION, "ILACS", re.compile(rf"Inspection of {_SERVICES}")),
    (INSPECTION, "ILACS", re.compile(rf"Inspection of (?P<la>.{{2,90}}?) {_SERVICES}")),
    (SEND, "", re.compile(r"Area SEND (?:full )?(?:re-?)?inspection of (?:the )?"
                          r"(?P<la>.{2,90}?) Local Area Partnership\b", re.I)),
)
# A letter without its title says what it is in its first sentences.
_ORDINAL = (r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh"
            r"|twelfth|\d{1,2}(?:st|nd|rd|th))")
_SAYS = re.compile(
    r"\bThis letter (?:summarises|sets out|reports(?: on)?|outlines|confirms) (?:the |our )?"
    r"(?:main )?(?:findings|outcomes?|feedback) (?:of|from) (?:the|a|an|your|our) "
    rf"(?:{_ORDINAL} )?(?:(?P<kind>monitoring visit|focused visit) (?:to|of) "
    rf"(?P<la>.{{2,90}}?) {_SERVICES}|(?P<jtai>joint targeted area inspection) "
    r"(?:\(JTAI\) )?of (?P<theme>[^.]{5,300})\.)", re.I)
_OFSTED_SIGNS = re.compile(r"\bOfsted\b|Majesty's (?:Chief )?Inspector|\bHMI\b|Office for "
                           r"Standards in Education|Lead inspector|Care Quality Commission", re.I)
# Whatever names the council rather than the place.
_COUNCIL_WORDS = re.compile(
    r"^(?:the\s+)?(?:(?:London|Royal|Metropolitan)\s+)?(?:Borough|City|County)\s+of\s+"
    r"(?=\S)(?!London\b)"
    r"|\s*(?:\((?:LSCB|MBC)\)|,)$"
    r"|\s+(?:local\s+authority|unitary\s+authority|(?:metropolitan\s+)?(?:borough|district"
    r"|county|city)\s+council|metropolitan\s+borough|council|mbc|county)$", re.I)

SIF_JUDGEMENTS = (
    "Children who need help and protection",
    "Children looked after and achieving permanence",
    "Adoption performance",
    "Experiences and progress of care leavers",
    "Leadership, management and governance",
    OVERALL,
    "Overall judgement",
)
_ANOTHER_ROW = r"\n[|*\s]*(?:The\s+experiences|The\s+impact|Overall\s+effectiveness|Grade\b)"
_ROW_START = r"(?m:^)[#*|\s]*(?:[•◦▪–-]\s*|\(?\d{1,2}(?:\.\d{1,2})*[.)]?\s+)?"
_ROW_END = r"\s*[.*|]*\s*(?=\n|$)"
_ILACS_ROW = re.compile(
    rf"{_ROW_START}(?P<name>(?:The\s+experiences\s+and\s+progress\s+of|The\s+impact\s+of\s+"
    rf"leaders\s+on|Overall\s+effectiveness)(?:(?!\n\n|{_ANOTHER_ROW})[^|:]){{0,160}}?)\s*\d?\s*"
    rf"(?:[|:–-]\s*)?"
    rf"(?:\b(?:is|are)\s+)?\b(?P<grade>{_GRADE}){_ROW_END}", re.I)
_SIF_OVERALL = re.compile(
    r"(?:overall\s+judgement\s+is\s+that\s+)?children's\s+services\s+(?:in\s+[^\n.]{2,60}?\s+)?"
    rf"(?:are\s+|is\s+)?(?P<grade>{_GRADE})\b", re.I)
_FRONT_END = re.compile(r"^(?:Executive summary|Contents|Summary|Information about this"
                        r"|What needs to improve|Recommendations|The local authority$)", re.M)


@dataclass
class Judgement:
    """One graded judgement of an inspection."""

    area: str
    grade: str


@dataclass
class Letter:
    """What an Ofsted letter or report says, as far as boardpack could tell."""

    kind: str
    local_authority: str
    framework: str = ""
    visit_dates: str = ""
    visit_start: dt.date | None = None
    visit_end: dt.date | None = None
    published: dt.date | None = None
    judgements: list[Judgement] = field(default_factory=list)
    areas_covered: list[str] = field(default_factory=list)
    strengths: list[str] = field(default_factory=list)
    improvements: list[str] = field(default_factory=list)
    priority_actions: list[str] = field(default_factory=list)
    headline: str = ""
    reinspection: bool = False
    lscb_recommendations: list[str] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        """'Monitoring visit letter', 'Inspection report (ILACS)' …"""
        if self.kind == INSPECTION:
            noun = "Re-inspection report" if self.reinspection else "Inspection report"
            return f"{noun} ({self.framework})" if self.framework else noun
        if self.kind == JTAI:
            return "Joint targeted area inspection (JTAI) letter"
        if self.kind == SEND:
            return "Area SEND inspection report (Ofsted and the CQC)"
        return f"{self.kind[:1].upper()}{self.kind[1:]} letter"

    @property
    def overall(self) -> str:
        """The overall effectiveness grade, or '' if the report gives none."""
        return next((j.grade for j in self.judgements if j.area == OVERALL), "")

    @property
    def children_services(self) -> bool:
        """Whether this is one of the kinds that get a summary card."""
        return self.kind != SEND

    def grades_text(self) -> str:
        """How the card and ``check`` describe the grading."""
        if self.judgements:
            head = f"overall effectiveness: {self.overall}" if self.overall else "graded"
            return f"{head} ({len(self.judgements)} judgements)"
        if self.kind in (MONITORING, FOCUSED):
            return f"no grades ({self.kind}s are not graded)"
        if self.kind == JTAI:
            return "no grades (joint targeted area inspections are not graded)"
        return "no grades found"

    def summary(self) -> str:
        """One line naming everything recognised, for ``check``."""
        label = f"{self.kind_label[:1].lower()}{self.kind_label[1:]}"
        if not self.children_services:
            dates_seen = f", inspection {self.visit_dates}" if self.visit_dates else ""
            return (f"Ofsted {label} recognised: {self.local_authority}{dates_seen}; not an "
                    "inspection of children's services, so it has no summary card")
        visit = "inspection" if self.kind in (INSPECTION, JTAI) else "visit"
        parts = [self.local_authority,
                 f"{visit} {self.visit_dates}" if self.visit_dates else "visit dates not found",
                 f"published {short_date(self.published)}" if self.published
                 else "publication date not found",
                 self.grades_text()]
        for count, noun in ((len(self.areas_covered), "area covered"),
                            (len(self.strengths), "strength"),
                            (len(self.priority_actions), "area for priority action"),
                            (len(self.improvements), "recommendation" if self.framework == "SIF"
                             else "area for improvement"),
                            (len(self.lscb_recommendations), "recommendation to the LSCB")):
            if count:
                parts.append(f"{count} {_plural(noun, count)}")
        return f"Ofsted {label} recognised: " + ", ".join(parts)

    def to_json(self) -> dict[str, Any]:
        """A JSON-serialisable form (dates as ISO strings)."""
        data = asdict(self)
        for key in ("visit_start", "visit_end", "published"):
            data[key] = data[key].isoformat() if data[key] else None
        data["kind_label"] = self.kind_label
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Letter:
        values = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        for key in ("visit_start", "visit_end", "published"):
            values[key] = dt.date.fromisoformat(values[key]) if values.get(key) else None
        values["judgements"] = [Judgement(**j) for j in values.get("judgements", [])]
        return cls(**values)


def _plural(noun: str, count: int) -> str:
    if count == 1:
        return noun
    if noun.startswith("area "):
        return noun.replace("area ", "areas ", 1)
    if noun.startswith("recommendation"):
        return noun.replace("recommendation", "recommendations", 1)
    return noun + "s"


def parse(text: str) -> Letter | None:
    """The Ofsted letter or report ``text`` is, or None if it is not one."""
    text = text[:MAX_CHARS]
    if not could_have_title(text):
        return None
    lines = read_text(text, keep=TITLE_START)
    joined = lines.joined
    if not _OFSTED_SIGNS.search(joined):
        return None
    found = title(lines)
    if found is None:
        return None
    letter = Letter(kind=found.kind, framework=found.framework,
                    local_authority=found.local_authority, reinspection=found.reinspection)
    body = joined[found.offset:]
    letter.visit_start, letter.visit_end = _visit_dates(joined, body)
    letter.visit_dates = dates.range_text(letter.visit_start, letter.visit_end)
    if letter.kind == SEND:
        return letter
    letter.published = _published(lines, found.line, joined)
    reader = lists.Reader(lines)
    sections = reader.sections(found.line, board=letter.framework == "SIF")
    if letter.kind == INSPECTION:
        front = _front(joined, found.offset)
        letter.judgements = _judgements(front, joined, letter.framework)
        letter.areas_covered = [j.area for j in letter.judgements
                                if j.area not in (OVERALL, LSCB)]
    else:
        letter.areas_covered = sections.get("areas", []) or _focus(
            reader, found.line) or _theme(found.text, body, letter.kind)
    letter.strengths = sections.get("strengths", [])
    letter.improvements = sections.get("improve", [])
    letter.priority_actions = sections.get("priority", [])
    letter.lscb_recommendations = sections.get("lscb", [])
    letter.headline = " ".join(sections.get("headline", []))
    return letter


# --- the quick test -------------------------------------------------------------------


def could_have_title(text: str) -> bool:
    """False when nothing ``title`` knows can be in ``text`` once normalised: a quick
    test that spares every other report the work of reading it.

    Each title, and the first sentence of a letter without one, holds (with spaces
    between) "Monitoring visit", "Focused visit", "Joint targeted", "Inspection of",
    "inspection of services" or "SEND inspection" (the first three in either case, the
    rest as written). ``text.normalise`` makes letters only by NFKC and by deleting
    invisible characters, and never joins two letters that were apart, so those words
    are in ``text`` after the same two steps (none for ASCII text), with at most other
    non-word characters between them. Each is looked for on its own, from a fixed
    string, which a regular expression finds fast.
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        for char in set(text).intersection(INVISIBLE):
            text = text.replace(char, "")
    return any(word in text and pattern.search(text) for word, pattern in _TITLE_WORDS)


_TITLE_WORDS = [(pattern.split("\\")[0], re.compile(pattern)) for pattern in (
    r"onitoring\W*visit", r"ocused\W*visit", r"oint\W*targeted", r"Inspection\W*of",
    r"inspection\W*of\W*services", r"SEND\W*inspection")]


# --- kind, local authority ---------------------------------------------------------------


@dataclass
class Title:
    kind: str
    framework: str
    local_authority: str
    line: int  # the first line after the title
    offset: int  # where that line starts in the joined text
    reinspection: bool = False
    text: str = ""  # the title's words


def title(text: Text) -> Title | None:
    """The title among the first lines (its lines joined when it wraps), or else what
    the first sentence says the letter is."""
    lines = text.lines
    for index in range(min(len(lines), TITLE_LINES)):
        if not TITLE_START.match(lines[index]):
            continue
        for span in (1, 2, 3, 4, 5):
            block = lines[index: index + span]
            if "" in block[1:]:
                break
            found = _title_of(" ".join(_joinable(block)), lines, index, span)
            if found is not None and _letter_like(lines, index, found.line):
                return found
    return _said(text)


_LETTER_WORDS = re.compile(r"\bThis letter\b|\bInspection dates?\s*:|\bLead inspector\b"
                           r"|\bReport published\b|\b(?:Between|took place (?:from|between)"
                           r"|on) \d{1,2}(?:st|nd|rd|th)? (?:and|to|[A-Z])", re.I)


def _letter_like(lines: list[str], start: int, end: int) -> bool:
    """Whether a title heads the letter or report itself, not a paper about it that
    quotes the title: a salutation before it, or the letter's or report's own words
    soon after ("This letter summarises …", "Inspection dates: …", "Between 4 and 8
    March …")."""
    if any(line.startswith("Dear ") for line in lines[max(0, start - 40): start]):
        return True
    return _LETTER_WORDS.search("\n".join(lines[end: end + 25])) is not None


def _joinable(block: list[str]) -> list[str]:
    """Title lines to join with spaces; a line ending in a hyphen joins the next without."""
    out: list[str] = []
    for line in block:
        if out and out[-1].endswith("-") and line[:1].isalpha():
            out[-1] += line
        else:
            out.append(line)
    return out


def _title_of(joined: str, lines: list[str], index: int, span: int) -> Title | None:
    for kind, framework, pattern in _TITLES:
        match = pattern.match(joined)
        if not match:
            continue
        la = match.groupdict().get("la") or ""
        if kind == JTAI:
            if _continues_title(lines, index + span):
                return None  # wait for the title's last line
            la = _jtai_authority(la)
        la = clean_authority(la)
        if not la and kind == INSPECTION:
            la = clean_authority(_line_before(lines, index))
        if not la:
            return None
        end = index + span
        offset = sum(len(line) + 1 for line in lines[:end])
        return Title(kind, framework, la, end, offset,
                     reinspection=bool(match.groupdict().get("re")), text=joined)
    return None


def _continues_title(lines: list[str], index: int) -> bool:
    """Whether a JTAI title goes on over line ``index``: its theme wraps after a small
    word or a comma; it ends with the area's name (or a full stop)."""
    if index >= len(lines) or not lines[index]:
        return False
    return re.search(r"(?:(?:^|\s)[a-z]\S*|[,-])$", lines[index - 1]) is not None


def _jtai_authority(rest: str) -> str:
    """The area a JTAI title names: "of Surrey", "of the multi-agency response to … in
    Sefton" (after the last "in" before a capital, as far as its name goes)."""
    rest = rest.strip().rstrip(".")
    found = list(re.finditer(r"\bin (?=(?:the )?[A-Z])", rest))
    if found:
        return _NAME.match(rest, found[-1].end()).group()  # type: ignore[union-attr]
    return "" if re.match(r"(?:the )?multi-?agency", rest, re.I) else rest


# A place's name: capitalised words, and the small words between them ("Bath and North
# East Somerset", "Blackburn with Darwen", "Kingston upon Thames", "Isle of Wight").
_NAME = re.compile(r"(?:the )?[A-Z][\w'&-]*(?: (?:(?:and|with|upon|on|of|the|in|&) )*"
                   r"[A-Z][\w'&-]*)*")


def _line_before(lines: list[str], index: int) -> str:
    """The name over a title ("Salford" / "Inspection of children's social care
    services"): the nearest line above, if it is short and no sentence."""
    for line in reversed(lines[max(0, index - 3): index]):
        if not line:
            continue
        if len(line.split()) <= 8 and not re.search(r"[.:;,]$|\d{4}", line):
            return line.strip(" *#")
        return ""
    return ""


def _said(text: Text) -> Title | None:
    """A letter without its title line that says in its first sentence what it is."""
    flat = re.sub(r"\s+", " ", text.joined[:6000])
    match = _SAYS.search(flat)
    if not match:
        return None
    if match["jtai"]:
        kind, la = JTAI, clean_authority(_jtai_authority(match["theme"]))
    else:
        kind = MONITORING if match["kind"].lower().startswith("monitoring") else FOCUSED
        la = clean_authority(match["la"])
    if not la:
        return None
    # the lines before the sentence are the letterhead: the body starts with it
    index = _line_of(text.lines, len(flat[: match.start()].split()))
    offset = sum(len(line) + 1 for line in text.lines[:index])
    return Title(kind, "", la, index, offset, text=match.group())


def _line_of(lines: list[str], words: int) -> int:
    """The line on which the word numbered ``words`` (from 0) of the text is."""
    seen = 0
    for index, line in enumerate(lines):
        seen += len(line.split())
        if seen > words:
            return index
    return len(lines)


def clean_authority(raw: str) -> str:
    """The authority's name without "Council", "London Borough of", "local authority"…"""
    la = re.sub(r"\s+", " ", raw).strip(" .:,*#|")
    la = re.sub(r"-(on|upon|under|le|in)(?=[A-Z])", r"-\1-", la)  # "Stoke-onTrent"
    previous = None
    while previous != la:
        previous = la
        la = _COUNCIL_WORDS.sub("", la).strip(" .:,")
    return la


# --- dates ---------------------------------------------------------------------------


def _visit_dates(joined: str, body: str) -> tuple[dt.date | None, dt.date | None]:
    """When the visit or inspection took place."""
    flat = re.sub(r"\s+", " ", joined[:20000])
    start, end = dates.after(r"\bInspection dates?\s*:?\s*", flat)
    if end:
        return start, end
    near = re.sub(r"\s+", " ", body[:6000])
    start, end = dates.after(r"\b(?:visit|inspection|inspected|visited|took place|carried out|"
                             r"undertook|undertaken)\b[^.]{0,200}?\b(?:on|between|from|dates? "
                             r"of)\s+", near)
    if end:
        return start, end
    start, end = dates.after(r"(?:^|\.\s+)Between\s+", near)
    if end:
        return start, end
    return dates.first_range(near)


def _published(text: Text, title_line: int, joined: str) -> dt.date | None:
    """'Report published: …', or else the letter's own date line (before the title or
    the salutation)."""
    flat = re.sub(r"\s+", " ", joined[:20000])
    day = dates.after(r"\b(?:Report published|Publication date|Date published|Published)"
                      r"\s*(?:on)?\s*:\s*", flat)[1]
    if day:
        return day
    head = text.lines[:title_line]
    if not any(line.startswith("Dear ") for line in head):
        head = head[:40]
    for line in head:
        found = dates.single_line_date(line)
        if found:
            return found
    return None


# --- judgements ------------------------------------------------------------------------


def grade(text: str) -> str:
    """The canonical grade for a grade's wording ('Requires improvement' → the full form)."""
    key = re.sub(r"\s+", " ", text.lower())
    if key.startswith("require"):
        return "Requires improvement to be good"
    return next(g for g in GRADES if g.lower() == key)


def _front(joined: str, start: int) -> str:
    """The front of a report (its judgement table and headline), before its first
    section."""
    end = _FRONT_END.search(joined, start)
    return joined[start: end.start() if end else start + 4000]


def _judgements(front: str, joined: str, framework: str) -> list[Judgement]:
    """The graded judgements of this inspection, from the front page's table (and, in a
    single inspection framework report, its headline sentence and the board's heading),
    in the order the report gives them. The history of earlier inspections is prose,
    never a table row, so it is never read as one."""
    found: list[tuple[int, Judgement]] = []
    seen: set[str] = set()

    def add(position: int, area: str, words: str) -> None:
        if area.lower() not in seen:
            seen.add(area.lower())
            found.append((position, Judgement(area, grade(words))))

    if framework == "SIF":
        overall = _SIF_OVERALL.search(front)
        if overall:
            add(overall.start(), OVERALL, overall["grade"])
        for name in SIF_JUDGEMENTS:
            words = r"\s+".join(re.escape(word) for word in name.split())
            row = re.compile(rf"{_ROW_START}{words}\d?\s*(?:[|:–-]\s*)?(?:\b(?:is|are)\s+)?"
                             rf"\b(?P<grade>{_GRADE}){_ROW_END}", re.I)
            match = row.search(front)
            if match:
                add(match.start(), OVERALL if name.startswith("Overall") else name,
                    match["grade"])
        board = next((m for m in (lists.LSCB_GRADE.fullmatch(line.strip(" .*#"))
                                  for line in joined.split("\n")) if m), None)
        if board:
            add(len(front), LSCB, board["grade"])
    else:
        rows = [(m.start(), m["name"], m["grade"]) for m in _ILACS_ROW.finditer(front)]
        columns = _columns(front)
        if len(columns) > len(rows):  # a table read column by column
            rows = [(position, name, words) for position, (name, words) in enumerate(columns)]
        for position, name, words in rows:
            add(position, _ilacs_name(name), words)
    return [judgement for _, judgement in sorted(found, key=lambda pair: pair[0])]


ILACS_JUDGEMENTS = (
    "The impact of leaders on social work practice with children and families",
    "The experiences and progress of children who need help and protection",
    "The experiences and progress of children in care and care leavers",
    "The experiences and progress of children in care",
    "The experiences and progress of care leavers",
    OVERALL,
)
_NAME_START = re.compile(r"(?m)^[|*\s]*(?P<start>The\s+experiences\s+and\s+progress\s+of|The\s+"
                         r"impact\s+of\s+leaders\s+on|Overall\s+effectiveness)", re.I)
_GRADE_LINE = re.compile(rf"(?m)^[|*\s]*(?P<grade>{_GRADE})[\s.|*]*$", re.I)


def _ilacs_name(raw: str) -> str:
    """A judgement's name as the framework words it; a name cut short (a PDF that prints
    the grade between the lines of the name) is made whole when only one name starts
    so."""
    name = re.sub(r"\s+(?:Grade|Judgement)$", "", re.sub(r"\s+", " ", raw).strip(" |:–-"))
    known = [k for k in ILACS_JUDGEMENTS if k.lower() == name.lower()]
    if not known:
        known = [k for k in ILACS_JUDGEMENTS if k.lower().startswith(name.lower() + " ")]
    return known[0] if len(known) == 1 else name


def _columns(front: str) -> list[tuple[str, str]]:
    """The judgement table read column by column (every name, then every grade), as some
    PDFs give it: names and grades paired in order when there are as many of each."""
    grade_lines = list(_GRADE_LINE.finditer(front))
    starts = [m.start("start") for m in _NAME_START.finditer(front)]
    if not starts or len(starts) != len(grade_lines):
        return []
    ends = [*starts[1:], len(front)]
    names = []
    for start, end in zip(starts, ends, strict=True):
        stop = next((g.start() for g in grade_lines if start < g.start() < end), end)
        names.append(front[start:stop])
    return list(zip(names, (g["grade"] for g in grade_lines), strict=True))


# --- what a visit looked at ------------------------------------------------------------


_LOOKED_AT = re.compile(
    r"(?:Inspectors|The inspectors|This visit|The visit|We)\s+(?:also\s+)?(?:looked at|evaluated"
    r"|reviewed|considered|focused on|examined)\s+(?P<theme>[^.]{5,300}?)\.(?:\s|$)")
_NOT_THEME = re.compile(r"\b(?:range of evidence|records|data|audits|spoke|conversations"
                        r"|case discussions)\b")


def _focus(reader: lists.Reader, start: int) -> list[str]:
    """The list of what a visit looked at, after a line that ends with a colon in the
    letter's opening ("Inspectors looked specifically at:", "with a particular focus
    on:"), before its first section."""
    lines = reader.lines
    for index in range(start, min(len(lines), start + 40)):
        line = lines[index]
        if lists.heading_kind(line) is not None:
            return []
        if line.endswith(":") and index + 1 < len(lines) and lists.marker(
                lines[reader.next_filled(index + 1)]):
            items, _ = reader.items(reader.next_filled(index + 1))
            return items
    return []


_RESPONSE = re.compile(r"\bof (?P<theme>the multi-?agency response to .+?)(?: in (?:the )?"
                       r"[A-Z][\w'&-]*(?: [A-Z][\w'&-]*)*)?(?:\.\d?(?:\s|$)|$)")


def _theme(title_text: str, body: str, kind: str) -> list[str]:
    """What a visit or a JTAI looked at: a JTAI's theme from its title or its opening
    sentence, and its 'deep dive'; a visit's from its opening sentences."""
    opening = re.sub(r"\s+", " ", body[:4000])
    if kind == JTAI:
        found = _RESPONSE.search(title_text.rstrip(".")) or _RESPONSE.search(opening)
        out = [_sentence_case(found["theme"].replace("multiagency", "multi-agency"))] if (
            found) else []
        deep = re.search(r"'deep dive' focus on (?P<theme>[^.]{5,300})\.", opening)
        if deep:
            out.append("Deep dive: " + deep["theme"])
        return out
    for match in _LOOKED_AT.finditer(opening):
        theme = re.sub(r"^the local authority's (?:arrangements|services|response) for\s+", "",
                       match["theme"])
        if not _NOT_THEME.search(theme):
            return [_sentence_case(theme)]
    return []


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]
