"""Reading an Ofsted letter or report: what kind it is, when, about whom, and what it found.

``parse(text)`` takes the plain text of a monitoring visit letter, a focused visit
letter, an inspection report (ILACS, or the older single inspection framework) or
a joint targeted area inspection letter, as Markdown, Word or a PDF's extracted
text gives it, and returns a ``Letter``, or ``None`` when the text is not one.
It copes with curly apostrophes, en dashes, non-breaking spaces, "•" bullets,
line wraps and repeated page headers and footers.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from boardpack.textfmt import short_date

MONITORING = "monitoring visit"
FOCUSED = "focused visit"
INSPECTION = "inspection"
JTAI = "joint targeted area inspection"

GRADES = ("Outstanding", "Good", "Requires improvement to be good", "Inadequate")
_GRADE = r"(?:outstanding|good|requires?\s+improvement(?:\s+to\s+be\s+good)?|inadequate)"
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?\d{1,2}(?:st|nd|rd|th)?"
_SINGLE = re.compile(rf"\b(?P<d>{_DAY})\s+(?P<m>{_MONTH}),?\s+(?P<y>(?:19|20)\d\d)\b", re.I)
_RANGE = re.compile(
    rf"\b(?P<d1>{_DAY})(?:,\s*\d{{1,2}})*(?:\s+(?P<m1>{_MONTH}))?(?:,?\s+(?P<y1>(?:19|20)\d\d))?"
    rf"\s*(?:–|-|\bto\b|\band\b|\buntil\b)\s*"
    rf"(?P<d2>{_DAY})\s+(?P<m2>{_MONTH}),?\s+(?P<y2>(?:19|20)\d\d)\b", re.I)

# What each kind's title line looks like (the local authority is captured).
_LA = r"(?P<la>[^\n]{2,80}?(?:\n[^\n]{1,60}?)?)"
_TITLES = (  # (kind, framework, words the title holds, pattern)
    (MONITORING, "", "Monitoring visit", re.compile(
        rf"^Monitoring visit (?:to|of) {_LA}\s+children's\s+services\b", re.M)),
    (FOCUSED, "", "Focused visit", re.compile(
        rf"^Focused visit (?:to|of) {_LA}\s+children's\s+services\b", re.M)),
    (JTAI, "", "Joint targeted area inspection", re.compile(
        r"^Joint targeted area inspection (?:\(JTAI\) )?of (?P<la>[^\n]{2,160})$", re.M)),
    (INSPECTION, "ILACS", "local authority children's", re.compile(
        rf"^Inspection of {_LA}\s+local authority children's\s+services\b", re.M)),
    (INSPECTION, "ILACS", "Inspection of children's social care services", re.compile(
        r"^(?P<la>[^\n]{2,80})\n+\s*Inspection of children's social care services\b", re.M)),
    (INSPECTION, "SIF", "Inspection of services for children in need", re.compile(
        r"^(?P<la>[^\n]{2,80}?)\s*\n*\s*Inspection of services for children in need of help "
        r"and\s+protection", re.M)),
)
_OFSTED_SIGNS = re.compile(r"\bOfsted\b|Majesty's Inspector|\bHMI\b|Office for Standards in "
                           r"Education|Lead inspector|local authority children's services"
                           r"|Inspection of services for children in need", re.I)

# Judgement rows: canonical name and a pattern (words may wrap across lines).
_ILACS_JUDGEMENTS = (
    "The impact of leaders on social work practice with children and families",
    "The experiences and progress of children who need help and protection",
    "The experiences and progress of children in care and care leavers",
    "The experiences and progress of children in care",
    "The experiences and progress of care leavers",
    "Overall effectiveness",
)
_SIF_JUDGEMENTS = (
    "Children who need help and protection",
    "Children looked after and achieving permanence",
    "Adoption performance",
    "Experiences and progress of care leavers",
    "Leadership, management and governance",
    "Overall effectiveness",
    "Overall judgement",
)
_LSCB = re.compile(r"\b(?:Local\s+Safeguarding\s+Children\s+Board|LSCB)\s*(?:\(LSCB\)\s*)?\d?"
                   rf"\s*(?:is|:|\|)?\s*(?P<grade>{_GRADE})\b", re.I)
_OVERALL_SENTENCE = re.compile(
    r"(?i:overall\s+judgement\s+is\s+that\s+)?(?i:children's\s+services)\s+"
    r"(?:in\s+(?:(?:[A-Z][\w'-]*|and|of|upon|on|the)[\s,]+){1,6})?"
    rf"(?i:(?:are\s+|is\s+)?(?P<grade>{_GRADE}))\b")

# Section headings (a whole line) and what they introduce.
_HEADINGS = (
    ("areas", re.compile(r"areas covered(?: by the (?:visit|inspection))?|scope of the visit")),
    ("priority", re.compile(r"(?:an? |the )?(?:areas? for priority action|case for priority "
                            r"action|priority and immediate action)")),
    ("improve", re.compile(r"what needs to improve\b.*|areas? for (?:improvement|development)"
                           r"|what does the local authority need to improve\b.*"
                           r"|recommendations")),
    ("strengths", re.compile(r"(?:key )?strengths|areas of strength|what is working well")),
    ("headline", re.compile(r"headline findings|summary of (?:the )?findings")),
    ("stop", re.compile(r"main findings|findings and evaluation of progress"
                        r"|executive summary|summary|next steps|yours sincerely"
                        r"|information about this (?:inspection|local authority)|case study\b.*"
                        r"|judgement grade|the experiences and progress of .*"
                        r"|the impact of leaders on .*|overall effectiveness.*")),
)
_BULLET = re.compile(r"^(?:[•●▪◦■□‣⁃∙·*\-–]|\uf0b7|o(?= )|\(?\d{1,2}[.)]|\(?[a-z][.)]"
                     r"|\(?[ivx]{1,4}\))\s+")
_FURNITURE = re.compile(r"^(?:page\s+)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?$", re.I)
MAX_ITEMS = 12
MAX_CHARS = 250_000  # letters and reports are far shorter; judgements come first


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

    @property
    def kind_label(self) -> str:
        """'Monitoring visit letter', 'Inspection report (ILACS)' …"""
        if self.kind == INSPECTION:
            return f"Inspection report ({self.framework})" if self.framework else (
                "Inspection report")
        if self.kind == JTAI:
            return "Joint targeted area inspection (JTAI) letter"
        return f"{self.kind[:1].upper()}{self.kind[1:]} letter"

    @property
    def overall(self) -> str:
        """The overall effectiveness grade, or '' if the report gives none."""
        return next((j.grade for j in self.judgements if j.area.startswith("Overall")), "")

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
        visit = "inspection" if self.kind in (INSPECTION, JTAI) else "visit"
        parts = [self.local_authority,
                 f"{visit} {self.visit_dates}" if self.visit_dates else "visit dates not found",
                 f"published {short_date(self.published)}" if self.published
                 else "publication date not found",
                 self.grades_text()]
        for count, noun in ((len(self.areas_covered), "area covered"),
                            (len(self.strengths), "strength"),
                            (len(self.priority_actions), "area for priority action"),
                            (len(self.improvements), "area for improvement")):
            if count:
                parts.append(f"{count} {_plural(noun, count)}")
        return f"Ofsted {self.kind_label[:1].lower()}{self.kind_label[1:]} recognised: " + (
            ", ".join(parts))

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
    return noun.replace("area ", "areas ", 1) if noun.startswith("area ") else noun + "s"


def parse(text: str) -> Letter | None:
    """The Ofsted letter or report ``text`` is, or None if it is not one."""
    text = text[:MAX_CHARS]
    if not could_have_title(text):
        return None
    text = normalise(text)
    if not _OFSTED_SIGNS.search(text):
        return None
    found = _title(text)
    if found is None:
        return None
    kind, framework, la, title_end = found
    lines = text.split("\n")
    letter = Letter(kind=kind, framework=framework, local_authority=la)
    letter.visit_start, letter.visit_end = _visit_dates(text, title_end)
    letter.visit_dates = date_range_text(letter.visit_start, letter.visit_end)
    letter.published = _published(text, title_end)
    if kind == INSPECTION:
        letter.judgements = _judgements(text, framework)
    sections = _sections(lines)
    letter.areas_covered = sections.get("areas", []) or _theme(text, kind, title_end)
    if not letter.areas_covered and letter.judgements:
        letter.areas_covered = [j.area for j in letter.judgements
                                if not j.area.startswith("Overall")]
    letter.strengths = sections.get("strengths", [])
    letter.improvements = sections.get("improve", [])
    letter.priority_actions = sections.get("priority", [])
    letter.headline = " ".join(sections.get("headline", []))
    return letter


# --- text clean-up ---------------------------------------------------------------


def could_have_title(text: str) -> bool:
    """False when no title ``_title`` knows can be in ``text`` once normalised: a quick
    test that spares every other report the work of ``normalise``.

    Each title holds, with spaces between, "Monitoring visit", "Focused visit", "Joint
    targeted" or "Inspection of" (case as written). ``normalise`` makes letters only by
    NFKC and by deleting invisible characters, and never joins two letters that were
    apart, so those words are in ``text`` after the same two steps (none for ASCII
    text), with at most other non-word characters between them.
    """
    if not text.isascii():
        text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    return _TITLE_WORDS.search(text) is not None


_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\ufeff]")
_TITLE_WORDS = re.compile(r"Monitoring\W*visit|Focused\W*visit|Joint\W*targeted|Inspection\W*of")


def normalise(text: str) -> str:
    """Straight apostrophes, one kind of dash, plain spaces, bullets at line starts."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[\u2018\u2019\u201b\u02bc\u2032`]", "'", text)
    text = re.sub(r"[\u201c\u201d\u201f]", '"', text)
    text = re.sub(r"[\u2010-\u2015\u2212]", "–", text)
    text = _INVISIBLE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " | ")
    text = re.sub(r"[^\S\n]{2,}|[^\S\n ]", " ", text)
    text = re.sub(r" *\n *", "\n", text).strip(" ")
    text = re.sub(r"[-–](?<=\w[-–])\n(?=[a-z])", "-", text)  # "multi-" wrapped before "agency"
    text = re.sub(r"(?m)^([•●▪◦■‣⁃\uf0b7])\n(?=\S)", r"\1 ", text)  # a bullet alone on its line
    text = re.sub(r"(?m)^([•●▪◦■‣⁃\uf0b7])(?=\S)", r"\1 ", text)
    return _drop_furniture(text)


def _drop_furniture(text: str) -> str:
    """Page numbers, and short lines repeated on many pages (running headers, footers)."""
    lines = text.split("\n")
    repeated = {line for line, count in Counter(lines).items()
                if count >= 3 and line and len(line) <= 100 and len(line.split()) >= 2
                and not _BULLET.match(line) and _heading_kind(line) is None
                and not re.fullmatch(_GRADE, line, re.I)}
    return "\n".join(line for line in lines
                     if line not in repeated and not _FURNITURE.match(line))


# --- kind, local authority, dates ----------------------------------------------------


def _title(text: str) -> tuple[str, str, str, int] | None:
    """(kind, framework, local authority, end of title) from the first title found."""
    best = None
    for kind, framework, words, pattern in _TITLES:
        match = pattern.search(text) if words in text else None
        if match and (best is None or match.start() < best[0].start()):
            best = (match, kind, framework)
    if best is None:
        return None
    match, kind, framework = best
    la = _clean_la(match.group("la"), kind)
    if not la:
        return None
    return kind, framework, la, match.end()


def _clean_la(raw: str, kind: str) -> str:
    la = re.sub(r"\s+", " ", raw).strip(" .:,*#|")
    if kind == JTAI:
        inner = re.search(r"\bin (?P<la>[A-Z][^.]{1,60})$", la)
        if inner:
            return inner["la"]
        if re.match(r"(?:the )?multi-agency", la, re.I):
            return ""
    return la


def _date(day: str, month: str, year: str | int) -> dt.date | None:
    digits = re.search(r"\d{1,2}", day)
    key = month.lower().rstrip(".")[:3]
    months = [m[:3] for m in _MONTHS]
    if digits is None or key not in months:
        return None
    try:
        return dt.date(int(year), months.index(key) + 1, int(digits.group()))
    except ValueError:
        return None


def _range(match: re.Match[str]) -> tuple[dt.date | None, dt.date | None]:
    end = _date(match["d2"], match["m2"], match["y2"])
    if end is None:
        return None, None
    start = _date(match["d1"], match["m1"] or match["m2"], match["y1"] or match["y2"])
    if start is not None and start > end and not match["y1"]:
        start = _date(match["d1"], match["m1"] or match["m2"], end.year - 1)
    if start is None or start > end or (end - start).days > 120:
        return None, None
    return start, end


def _dates_at(text: str, pos: int = 0) -> tuple[dt.date | None, dt.date | None]:
    """A date range or single date at ``pos`` in ``text``."""
    match = _RANGE.match(text, pos)
    if match:
        start, end = _range(match)
        if end:
            return start, end
    match = _SINGLE.match(text, pos)
    if match:
        day = _date(match["d"], match["m"], match["y"])
        return day, day
    return None, None


def _after(label: str, text: str) -> tuple[dt.date | None, dt.date | None]:
    """The first dates written straight after ``label`` (a pattern) in ``text``."""
    for found in re.finditer(label, text, re.I):
        start, end = _dates_at(text, found.end())
        if end:
            return start, end
    return None, None


def _visit_dates(text: str, title_end: int) -> tuple[dt.date | None, dt.date | None]:
    """When the visit or inspection took place."""
    flat = re.sub(r"\s+", " ", text)
    start, end = _after(r"\bInspection dates?:?\s*", flat)
    if end:
        return start, end
    body = re.sub(r"\s+", " ", text[max(0, title_end - 200):])
    start, end = _after(r"\b(?:visit|inspection|inspected|visited|took place|carried out)"
                        r"\b[^.]{0,200}?\b(?:on|between|from|dates? of)\s+", body)
    if end:
        return start, end
    for match in _RANGE.finditer(body):
        start, end = _range(match)
        if end:
            return start, end
    return None, None


def _published(text: str, title_end: int) -> dt.date | None:
    """'Report published: …', or else the letter's own date line."""
    flat = re.sub(r"\s+", " ", text)
    day = _after(r"\b(?:Report published|Publication date|Date published|Published)"
                 r"\s*(?:on)?:?\s*", flat)[1]
    if day:
        return day
    head = text[: max(title_end, text.find("Dear ") if "Dear " in text else 0)]
    for line in head.split("\n"):
        match = _SINGLE.fullmatch(line.strip(" .*"))
        if match:
            return _date(match["d"], match["m"], match["y"])
    return None


def date_range_text(start: dt.date | None, end: dt.date | None) -> str:
    """'1–2 December 2026', '30 November – 2 December 2022', '7 December 2022'."""
    if end is None:
        return ""
    if start is None or start == end:
        return short_date(end)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
    return f"{short_date(start)} – {short_date(end)}"


# --- judgements --------------------------------------------------------------------


def grade(text: str) -> str:
    """The canonical grade for a grade's wording ('Requires improvement' → the full form)."""
    key = re.sub(r"\s+", " ", text.lower())
    if key.startswith("require"):
        return "Requires improvement to be good"
    return next(g for g in GRADES if g.lower() == key)


def _phrase(words: str) -> str:
    return r"\s+".join(re.escape(w) for w in words.split())


def _judgements(text: str, framework: str) -> list[Judgement]:
    """Graded judgements, in the order the report gives them."""
    found: list[tuple[int, Judgement]] = []
    seen: set[str] = set()
    names = _SIF_JUDGEMENTS if framework == "SIF" else _ILACS_JUDGEMENTS
    for name in names:
        pattern = re.compile(rf"(?<![\w-]){_phrase(name)}\d?\s*(?:[|:–-]\s*)?(?:is\s+)?"
                             rf"(?P<grade>{_GRADE})\b", re.I)
        match = pattern.search(text)
        area = "Overall effectiveness" if name == "Overall judgement" else name
        if match and area not in seen:
            seen.add(area)
            found.append((match.start(), Judgement(area, grade(match["grade"]))))
    if framework == "SIF":
        lscb = _LSCB.search(text)
        if lscb:
            found.append((lscb.start(), Judgement(
                "Effectiveness of the Local Safeguarding Children Board", grade(lscb["grade"]))))
        if "Overall effectiveness" not in seen:
            overall = _OVERALL_SENTENCE.search(text)
            if overall:
                found.append((overall.start(), Judgement("Overall effectiveness",
                                                         grade(overall["grade"]))))
    ordered = [j for _, j in sorted(found, key=lambda pair: pair[0])]
    return sorted(ordered, key=lambda j: j.area == "Overall effectiveness")


# --- sections: areas covered, strengths, improvements ---------------------------------


def _heading_kind(line: str) -> str | None:
    """Which section a heading line opens, or None if it is not one we know."""
    key = re.sub(r"^(?:\d{1,2}(?:\.\d)*\.?\s+)?", "", line.strip(" *#|")).lower()
    key = key.rstrip(" ?:.")
    if not key or len(key) > 120:
        return None
    for kind, pattern in _HEADINGS:
        if pattern.fullmatch(key):
            return kind
    return None


def _looks_like_heading(line: str) -> bool:
    words = line.split()
    return (0 < len(words) <= 10 and line[:1].isupper() and not re.search(r"[.;,:]$", line)
            and not _BULLET.match(line))


def _continues(previous: str, line: str) -> bool:
    """Whether ``line`` is a wrapped continuation of ``previous`` (PDF text)."""
    if re.match(r"^(?:[a-z(,;–]|\d+(?![A-Z]))", line):
        return True
    return not re.search(r"[.;:!?]$", previous) and not _looks_like_heading(line)


def _sections(lines: list[str]) -> dict[str, list[str]]:
    """Bullets (or, failing bullets, the first paragraph) under each known heading."""
    out: dict[str, list[str]] = {}
    index = 0
    while index < len(lines):
        kind = _heading_kind(lines[index])
        index += 1
        if kind is None or kind == "stop":
            continue
        if index < len(lines) and re.match(r"^[a-z]", lines[index]) and not _BULLET.match(
                lines[index]):
            index += 1  # the heading wrapped onto a second line
        items, index = _items(lines, index)
        merged = out.setdefault(kind, [])
        merged += [item for item in items if item not in merged]
    return {kind: items[:MAX_ITEMS] for kind, items in out.items() if items}


def _items(lines: list[str], index: int) -> tuple[list[str], int]:
    """The list items from ``index`` to the next heading; the first paragraph if none."""
    items: list[list[str]] = []
    paragraph: list[str] = []
    open_item = False
    while index < len(lines):
        line = lines[index]
        if _heading_kind(line) is not None:
            break
        bullet = _BULLET.match(line)
        if bullet:
            items.append([line[bullet.end():]])
            open_item = True
        elif not line:
            open_item = False
            following = next((x for x in lines[index + 1: index + 20] if x), "")
            if (items or paragraph) and not _BULLET.match(following):
                break
        elif open_item and _continues(items[-1][-1], line):
            items[-1].append(line)
        elif items:
            break
        elif not _ended(paragraph):
            paragraph.append(line)
        index += 1
    if items:
        return [text for text in (_tidy(" ".join(item)) for item in items) if text], index
    text = _tidy(" ".join(paragraph))
    if not text or text.endswith(":"):
        return [], index
    return [_shortened(text)], index


def _ended(paragraph: list[str]) -> bool:
    """Whether a paragraph of PDF lines has ended: its last line is a short one that
    finishes a sentence (Markdown and Word give a paragraph as one line)."""
    if len(paragraph) < 2 or not re.search(r"[.!?]$", paragraph[-1]):
        return False
    return len(paragraph[-1]) < 0.9 * max(len(line) for line in paragraph)


def _shortened(text: str, limit: int = 450) -> str:
    """Whole sentences of ``text`` up to about ``limit`` characters."""
    if len(text) <= limit:
        return text
    kept = ""
    for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text):
        if len(kept) + len(sentence) + 1 > limit:
            break
        kept = f"{kept} {sentence}".strip()
    return f"{kept} …" if kept else text[:limit].rsplit(" ", 1)[0] + "…"


def _tidy(text: str) -> str:
    """One list item: spaces collapsed, wrapped hyphens joined, a trailing '; and' dropped."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"(\w)- (?=[a-z])", r"\1-", text)
    return re.sub(r"\s*(?:[;,]\s*(?:and|or)?)$", "", text)


def _theme(text: str, kind: str, title_end: int) -> list[str]:
    """The theme of a focused visit or JTAI, from its opening paragraphs."""
    body = re.sub(r"\s+", " ", text[title_end: title_end + 2500])
    if kind == JTAI:
        match = re.search(r"\(JTAI\) of (the multi-agency response to .+?)(?: in [A-Z][^.]*)?\.",
                          body)
        return [match.group(1)] if match else []
    if kind == FOCUSED:
        for match in re.finditer(r"(?:evaluated|looked at|considered|focused on|reviewed)\s+"
                                 r"(?:the local authority's (?:arrangements|services) for\s+)?"
                                 r"(?P<theme>[^.]{5,200}?)\.", body):
            if not re.search(r"\b(?:records|data|audits|spoke|conversations)\b", match["theme"]):
                return [match["theme"][:1].upper() + match["theme"][1:]]
    return []
