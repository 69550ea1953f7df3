"""Whether each report is in the council's template: its sections, found in the text.

A report's Word or Markdown file, once converted, is cut into sections at its
headings. A heading is a Pandoc header, a paragraph that is all bold (as most council
templates set them), the bold first line of a numbered list item ("3. FINANCE AND
OTHER RESOURCE IMPLICATIONS"), or a paragraph that opens with a section's name and a
colon ("Appendices: …"). A heading is a section of the report template when it begins
with one of the section's aliases, after any "A.", "1.2" or "(a)"; the longest alias
wins. Implications may also be the rows of a table under an implications heading
("Policy and Legal (including Equality Issues, Risk Assessment)" covers legal,
equality and risk).

``check`` warns, naming item and file, when a report still holds the skeleton's
guidance, and, for the sections its committee template requires, when one is
missing or empty, when recommendations are not numbered and when background papers
are not listed (or said to be none). ``changed_sections`` says which sections differ
between two versions of a report (for a clearance made void by an edit).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from boardpack.model import Item, Pack, SourceRef
from boardpack.pack.report_rules import ReportRules, Section, rules
from boardpack.pandoc import ast
from boardpack.pipeline.convert import ConvertedPack
from boardpack.pipeline.report_skeleton import SUFFIX
from boardpack.problems import Level, Problem

REPORT_KINDS = ("md", "docx")
APPENDIX = re.compile(r"(^|[^a-z])(appendix|appendices|annex|annexe|attachment)([^a-z]|$)", re.I)
MAX_HEADING = 140
_ENUMERATOR = re.compile(
    r"^\s*(?:part\s+\d+\s*[-–—:]\s*)?\(?(?:\d+(?:\.\d+)*[.)]?|[a-z](?:\.\d+)*[.)]|"
    r"[ivxlc]+[.)])\s+", re.I)
_NUMBERED_LINE = re.compile(r"^\s*\(?(?:\d+(?:\.\d+)*|[a-z]|[ivxlc]+)[.)]\s", re.I)
_NONE = re.compile(r"\b(none|nil|no background papers|not applicable)\b")
_LABEL = re.compile(r"^([^:]{2,60}):\s*(.*)$", re.S)
UNFINISHED = "replace the text in [square brackets] with the report's own"


@dataclass
class Part:
    """One section of a report as found: the template's section (None if the heading is
    not one), the heading as written and what follows it."""

    section: Section | None
    heading: str
    blocks: list[ast.Node] = field(default_factory=list)
    level: int = 0  # the Pandoc header level; 0 for a bold line

    @property
    def text(self) -> str:
        return ast.text_of(self.blocks)


def normal(text: str) -> str:
    """Text compared loosely: case, quotes, dashes, "(s)", "&" and spacing aside."""
    text = text.replace("…", "...").replace("’", "'").replace("‘", "'")
    text = text.replace("“", '"').replace("”", '"').replace("–", "-").replace("—", "-")
    text = re.sub(r"\(s\)", "s", text, flags=re.I).replace("&", " and ")
    return " ".join(text.split()).casefold()


def heading_key(text: str) -> str:
    """A heading without its numbering and punctuation, for matching against aliases."""
    text = _ENUMERATOR.sub("", normal(text), count=1)
    text = re.sub(r"[^\w/ ]+", " ", text)
    return " ".join(text.split())


def match(heading: str, made: ReportRules) -> Section | None:
    """The section whose longest alias the heading begins with, if any."""
    key = heading_key(heading)
    best: tuple[int, Section] | None = None
    for section in made.every_section():
        for alias in section.aliases:
            wanted = heading_key(alias)
            if wanted and (key == wanted or key.startswith(wanted + " ")) and (
                    best is None or len(wanted) > best[0]):
                best = (len(wanted), section)
    return best[1] if best else None


def _bold_line(block: ast.Node) -> str:
    """The text of a paragraph that is all bold and short enough to be a heading."""
    if block["t"] not in ("Para", "Plain"):
        return ""
    content = [n for n in block["c"] if n["t"] not in ("Space", "SoftBreak", "LineBreak")]
    if not content or not all(n["t"] == "Strong" for n in content):
        return ""
    text = ast.text_of(block).strip()
    return text if 0 < len(text) <= MAX_HEADING else ""


def _events(blocks: list[ast.Node]) -> Iterator[tuple[str, int, Any]]:
    """("heading", level, text) and ("block", 0, node) in reading order."""
    for block in blocks:
        kind = block["t"]
        if kind == "Header":
            yield "heading", block["c"][0], ast.text_of(block["c"][2])
        elif _bold_line(block):
            yield "heading", 0, _bold_line(block)
        elif kind == "OrderedList" and any(entry and _bold_line(entry[0])
                                           for entry in block["c"][1]):
            for entry in block["c"][1]:
                if entry and _bold_line(entry[0]):
                    yield "heading", 0, _bold_line(entry[0])
                    yield from _events(entry[1:])
                else:
                    yield "block", 0, {"t": "OrderedList", "c": [block["c"][0], [entry]]}
        elif kind == "Div":
            yield from _events(block["c"][1])
        else:
            yield "block", 0, block


def outline(blocks: list[ast.Node], made: ReportRules) -> list[Part]:
    """The report cut into parts; the first (heading "") is what precedes any heading."""
    parts = [Part(None, "")]
    for kind, level, value in _events(blocks):
        current = parts[-1]
        if kind == "heading":
            section = match(value, made)
            deeper = level and current.level and level > current.level
            if section is None and deeper:
                current.blocks.append(ast.para([ast.strong(value)]))
            else:
                parts.append(Part(section, value, level=level))
            continue
        label = _label(value, made)
        if label is not None:
            parts.append(label)
        else:
            current.blocks.append(value)
    return parts + _implication_rows(parts, made)


def _label(block: ast.Node, made: ReportRules) -> Part | None:
    """"Appendices: Appendix 1 …": a paragraph opening with a section's name and a colon."""
    if block["t"] not in ("Para", "Plain"):
        return None
    found = _LABEL.match(ast.text_of(block))
    section = match(found.group(1), made) if found else None
    if found is None or section is None:
        return None
    return Part(section, found.group(1), [ast.para(found.group(2))] if found.group(2) else [])


def _implication_rows(parts: list[Part], made: ReportRules) -> list[Part]:
    """Implications given as the rows of a table under an implications heading."""
    holder = next((s for s in made.sections if s.parts), None)
    if holder is None:
        return []
    out = []
    for part in parts:
        if part.section is not holder:
            continue
        for table in (b for b in part.blocks if b["t"] == "Table"):
            for cells in _rows(table):
                texts = [ast.text_of(c).strip() for c in cells]
                labels = [t for t in texts if t and not re.fullmatch(r"[ivxlc\d]+\.?", t, re.I)]
                if len(labels) < 2:
                    continue
                key = f" {heading_key(labels[0])} "
                for section in holder.parts:
                    if any(f" {heading_key(a)} " in key for a in section.aliases):
                        out.append(Part(section, labels[0], [ast.para(" ".join(labels[1:]))]))
    return out


def _rows(table: ast.Node) -> Iterator[list[Any]]:
    """Each row of a Pandoc table as a list of cell contents (head, bodies, foot)."""
    _, _, _, head, bodies, foot = table["c"]
    rows = [*head[1], *(r for body in bodies for r in (*body[2], *body[3])), *foot[1]]
    for row in rows:
        yield [cell[4] for cell in row[1]]


def is_report(item: Item, ref: SourceRef) -> bool:
    """A file that is the item's report, not an appendix: Word or Markdown, and not
    titled or named as an appendix (a file named ITEM-report.* always is)."""
    if ref.kind not in REPORT_KINDS:
        return False
    stem = PurePosixPath(ref.path).stem.lower()
    if stem == f"{item.id}{SUFFIX}":
        return True
    return not (APPENDIX.search(ref.title) or APPENDIX.search(stem.replace("_", "-")))


def numbered(part: Part) -> bool:
    """Whether a section's points are numbered: a numbered list, or lines "1." "(a)"."""
    for block in part.blocks:
        if block["t"] == "OrderedList":
            return True
        if block["t"] in ("Para", "Plain") and _NUMBERED_LINE.match(ast.text_of(block)):
            return True
    return False


def listed(part: Part) -> bool:
    """Whether a section lists its entries (a list, a table or numbered lines) or says
    there are none."""
    if any(b["t"] in ("BulletList", "OrderedList", "Table") for b in part.blocks):
        return True
    return numbered(part) or bool(_NONE.search(normal(part.text)))


def check(pack: Pack, converted: ConvertedPack) -> list[Problem]:
    """Every warning about the reports of the pack's items."""
    made, problems = rules(pack.committee, pack.root, pack.name, pack.meeting.template)
    for item in pack.items:
        reports = [(ref, result) for ref, result in converted.for_item(item)
                   if is_report(item, ref)]
        skeletons = [ref.path for ref, _ in reports
                     if PurePosixPath(ref.path).stem.lower() == f"{item.id}{SUFFIX}"]
        if len(skeletons) > 1:
            problems.append(Problem(
                f"has two versions of the report attached ({' and '.join(skeletons)})",
                pack=pack.name, item=item.id, file=skeletons[0], level=Level.WARNING,
                hint="fill in one and remove the other from reports/"))
        for ref, result in reports:
            problems += check_report(outline(result.blocks, made), made, item,
                                     Problem("", pack=pack.name, item=item.id, file=ref.path))
    return problems


def check_report(parts: list[Part], made: ReportRules, item: Item, where: Problem
                 ) -> list[Problem]:
    """What is wrong with one report, cut into ``parts``."""
    out: list[str] = []
    hints: list[str] = []

    def warn(message: str, hint: str) -> None:
        out.append(message)
        hints.append(hint)

    guidance = [normal(g) for g in made.guidance()]
    holding: list[str] = []
    for index, part in enumerate(parts):
        text = normal(part.text)
        if any(key and key in text for key in guidance):
            cover = all(p.section is None for p in parts[:index + 1])
            holding.append("the cover" if cover else part.heading)
    if holding:
        more = f" (and {len(holding) - 3} more)" if len(holding) > 3 else ""
        warn(f"still holds the template's placeholder text in {', '.join(holding[:3])}{more}",
             UNFINISHED)
    found = {p.section.id: p for p in reversed(parts) if p.section is not None and
             p.text.strip()}
    named = {p.section.id for p in parts if p.section is not None}
    for section in made.required_sections(item.purpose):
        have = found.get(section.id)
        if have is None and section.form == "list":
            warn(f"has no {section.heading.lower()} list (LGA 1972 s100D: list them, or "
                 "write 'None')", f"add a heading '{section.heading}' with one entry a line")
        elif have is None:
            state = "is empty" if section.id in named else "is missing"
            warn(f"the '{section.heading}' section {state}",
                 f"add a heading '{section.heading}' and its text (the committee template "
                 "requires it)")
        elif section.form == "numbered" and not numbered(have):
            warn(f"the {section.heading.lower()} are not numbered",
                 "number each point (1., 2. … or (a), (b) …) so members can move them")
        elif section.form == "list" and not listed(have):
            warn(f"the {section.heading.lower()} are not listed one by one",
                 "give one entry a line as a list, or write 'None'")
    return [Problem(m, pack=where.pack, item=where.item, file=where.file, hint=h,
                    level=Level.WARNING) for m, h in zip(out, hints, strict=True)]


def unfinished(problems: list[Problem]) -> list[Problem]:
    """The reports that still hold the skeleton's placeholders: ``publish`` stops for them
    as it does for "[TBC]"."""
    return [p for p in problems if p.hint == UNFINISHED]


def changed_sections(before: list[ast.Node], after: list[ast.Node], made: ReportRules
                     ) -> list[str]:
    """The headings of the sections whose text differs between two versions of a report."""

    def texts(blocks: list[ast.Node]) -> dict[str, str]:
        found: dict[str, str] = {}
        for part in outline(blocks, made):
            name = part.section.heading if part.section else (part.heading or "the cover")
            found[name] = found.get(name, "") + normal(ast.text_of(part.blocks)) + "\n"
        return found

    old, new = texts(before), texts(after)
    return [name for name in dict.fromkeys([*new, *old]) if old.get(name) != new.get(name)]
