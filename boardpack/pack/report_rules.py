"""The council's report template and a committee's rules for its reports.

Two templates meet here. The report template (``templates/reports/NAME.toml``) holds
the cover table's rows, the sections with their headings, guidance and aliases, the
implications a report may have and the roles that may clear a report. The committee
template (``templates/committees/NAME.toml``) says what its reports must have::

    clearances = ["finance", "legal"]      # or { all = [...], decision = [...] }
    clearance_days = 5                     # working days the clearing officers are given

    [report]
    template = "default"                   # templates/reports/default.toml
    implications = ["sustainability"]      # besides the report template's own
    required = ["purpose", "recommendations", "background-papers"]   # or { all = …, decision = … }

A list applies to every report; a table applies its ``all`` list to every report and
each purpose's list (``information``, ``decision``, ``discussion``) to reports of that
purpose as well. Nothing here reads a report: see ``pipeline.report_check``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from boardpack import templates
from boardpack.model import PURPOSES
from boardpack.problems import BoardpackError, Level, Problem

DEFAULT_TEMPLATE = "default"
CLEARANCE_DAYS = 5  # "allow five working days for comments on the draft report"
IMPLICATIONS = "implications"
COVER_ROWS = ("meeting", "date", "report_of", "author", "wards", "key_decision", "exempt")
FORMS = ("", "numbered", "list")
ROLE = re.compile(r"^[a-z][a-z0-9-]{0,40}$")


@dataclass(frozen=True)
class Section:
    """One section of a report (or one part of its implications)."""

    id: str
    heading: str
    aliases: tuple[str, ...] = ()
    guidance: str = ""
    form: str = ""
    parts: tuple[Section, ...] = ()


@dataclass(frozen=True)
class ReportRules:
    """What a committee's reports hold and need, from its two templates."""

    template: str
    cover: dict[str, str]
    cover_guidance: dict[str, str]
    sections: tuple[Section, ...]
    roles: dict[str, str]
    required: dict[str, tuple[str, ...]] = field(default_factory=dict)
    clearances: dict[str, tuple[str, ...]] = field(default_factory=dict)
    clearance_days: int = CLEARANCE_DAYS

    def section(self, section_id: str) -> Section | None:
        """A section or an implication part, by id."""
        return next((s for s in self.every_section() if s.id == section_id), None)

    def every_section(self) -> list[Section]:
        """Sections and implication parts, in the report's order."""
        return [s for section in self.sections for s in (section, *section.parts)]

    def required_sections(self, purpose: str) -> list[Section]:
        """The sections a report of ``purpose`` must have ("implications" means each part)."""
        wanted = _for_purpose(self.required, purpose)
        found = []
        for section in self.sections:
            if section.id in wanted:
                found += list(section.parts) if section.parts else [section]
            else:
                found += [part for part in section.parts if part.id in wanted]
        return found

    def required_roles(self, purpose: str) -> list[str]:
        """The clearances a report of ``purpose`` needs, by the committee template."""
        return _for_purpose(self.clearances, purpose)

    def role_title(self, role: str) -> str:
        return self.roles.get(role, role)

    def guidance(self) -> list[str]:
        """Every placeholder the skeleton writes, in the cover table and the sections."""
        texts = [*self.cover_guidance.values(), *(s.guidance for s in self.every_section())]
        return [t for t in texts if t]


def _for_purpose(table: dict[str, tuple[str, ...]], purpose: str) -> list[str]:
    return list(dict.fromkeys([*table.get("all", ()), *table.get(purpose, ())]))


def rules(committee: dict[str, Any], pack_root: Path | None, pack: str = "",
          committee_name: str = "default") -> tuple[ReportRules, list[Problem]]:
    """The report rules of a committee template (already loaded, named ``committee_name``)
    and the problems in its report settings or in the report template, as warnings."""
    problems: list[Problem] = []
    settings = committee.get("report", {})
    if not isinstance(settings, dict):
        problems.append(_problem("[report] should be a table", pack))
        settings = {}
    name = settings.get("template", DEFAULT_TEMPLATE)
    if not isinstance(name, str):
        problems.append(_problem("[report] template should be a name in quotes", pack))
        name = DEFAULT_TEMPLATE
    try:
        data = templates.load_toml("reports", name, pack_root)
    except BoardpackError as exc:
        problems += [p.located(pack=pack) for p in exc.problems]
        data = templates.load_toml("reports", DEFAULT_TEMPLATE, pack_root)
        name = DEFAULT_TEMPLATE
    where = f"templates/reports/{name}.toml"
    extra = _strings(settings.get("implications", []), "[report] implications", pack, problems)
    sections = _sections(data, extra, where, pack, problems)
    roles = {str(k): str(v) for k, v in data.get("roles", {}).items()} if isinstance(
        data.get("roles"), dict) else {}
    made = ReportRules(
        template=name,
        cover={row: str(data.get("cover", {}).get(row, row.replace("_", " ").capitalize()))
               for row in COVER_ROWS},
        cover_guidance={str(k): str(v) for k, v in data.get("cover_guidance", {}).items()},
        sections=sections, roles=roles,
        required=_by_purpose(settings.get("required", []), "[report] required", pack, problems),
        clearances=_by_purpose(committee.get("clearances", []), "clearances", pack, problems),
        clearance_days=_days(committee.get("clearance_days", CLEARANCE_DAYS), pack, problems),
    )
    known = {s.id for s in made.every_section()}
    for purpose, ids in made.required.items():
        for unknown in (i for i in ids if i not in known):
            problems.append(_problem(
                f"[report] required{'' if purpose == 'all' else f' ({purpose})'} names "
                f"'{unknown}', which is not a section of {where}", pack,
                hint=f"use one of: {', '.join(sorted(known))}"))
    for purpose, roles_wanted in made.clearances.items():
        for bad in (r for r in roles_wanted if not ROLE.match(r)):
            problems.append(_problem(f"clearances ({purpose}) names '{bad}', which is not a "
                                     "role name (lower-case letters, digits and dashes)", pack))
    committee_file = f"templates/committees/{committee_name}.toml"
    return made, [p.located(file=committee_file) for p in problems]


def _problem(message: str, pack: str, hint: str = "fix the committee template") -> Problem:
    return Problem(message, pack=pack, hint=hint, level=Level.WARNING)


def _strings(value: Any, what: str, pack: str, problems: list[Problem]) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(_problem(f"{what} should be a list of names in quotes", pack))
        return []
    return value


def _by_purpose(value: Any, what: str, pack: str, problems: list[Problem]
                ) -> dict[str, tuple[str, ...]]:
    """A list (for every report) or a table of ``all`` and purposes to lists."""
    if not isinstance(value, dict):
        return {"all": tuple(_strings(value, what, pack, problems))}
    out: dict[str, tuple[str, ...]] = {}
    for key, names in value.items():
        if key != "all" and key not in PURPOSES:
            problems.append(_problem(f"{what} has '{key}', which is not 'all' or a purpose",
                                     pack, hint=f"use all, {', '.join(PURPOSES)}"))
            continue
        out[key] = tuple(_strings(names, f"{what} {key}", pack, problems))
    return out


def _days(value: Any, pack: str, problems: list[Problem]) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 30:
        problems.append(_problem(f"clearance_days ({value!r}) should be a whole number of "
                                 f"working days from 0 to 30; {CLEARANCE_DAYS} is used", pack))
        return CLEARANCE_DAYS
    return value


def _sections(data: dict[str, Any], extra: list[str], where: str, pack: str,
              problems: list[Problem]) -> tuple[Section, ...]:
    raw_parts = data.get("implication", {})
    parts = raw_parts if isinstance(raw_parts, dict) else {}
    out = []
    for index, raw in enumerate(data.get("section", [])):
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            problems.append(_problem(f"section {index + 1} has no id", pack,
                                     hint=f"fix {where}"))
            continue
        names = list(raw.get("parts", [])) if raw["id"] == IMPLICATIONS else []
        names += [name for name in extra if name not in names] if raw["id"] == IMPLICATIONS \
            else []
        out.append(_section(raw, tuple(_part(str(n), parts.get(n)) for n in names), where,
                            pack, problems))
    return tuple(out)


def _section(raw: dict[str, Any], parts: tuple[Section, ...], where: str, pack: str,
             problems: list[Problem]) -> Section:
    form = raw.get("form", "")
    if form not in FORMS:
        problems.append(_problem(f"section '{raw['id']}' has form '{form}'", pack,
                                 hint=f"use numbered or list, or leave it out ({where})"))
        form = ""
    heading = str(raw.get("heading", raw["id"].replace("-", " ").capitalize()))
    aliases = tuple(str(a) for a in raw.get("aliases", []) if isinstance(a, str))
    return Section(id=raw["id"], heading=heading, aliases=(heading, *aliases),
                   guidance=str(raw.get("guidance", "")), form=form, parts=parts)


def _part(name: str, raw: Any) -> Section:
    """An implication part: as the report template defines it, or made from its id."""
    words = name.replace("-", " ")
    raw = raw if isinstance(raw, dict) else {}
    heading = str(raw.get("heading", f"{words.capitalize()} implications"))
    aliases = tuple(str(a) for a in raw.get("aliases", [words]) if isinstance(a, str))
    return Section(id=name, heading=heading, aliases=(heading, *aliases),
                   guidance=str(raw.get("guidance", "")))
