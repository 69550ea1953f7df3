"""The site's HTML pages, from ``templates/site/`` with Jinja2 (autoescape on).

Each ``*_page`` function turns part of the public record into the plain data one
template shows (so that the same data gives the same page, and its digest tells the
incremental writer whether the page must be made again) and ``render`` makes the
page. Every link is relative (``root`` leads back to the top of the site) and names
its file (``…/index.html``), so the site reads from ``file://`` as from any host.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from boardpack import templates
from boardpack.pack.public import notice
from boardpack.site.records import Issue, Meeting, PublicFile, Record, slug
from boardpack.textfmt import clock, long_date, short_date

COLOUR = re.compile(r"#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?")
FONT = re.compile(r"[A-Za-z0-9 -]{1,40}")
# Every page but the search page: its style, font and pictures from the site, and no
# script at all, from anywhere.
PAGE_CSP = ("default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self'; "
            "base-uri 'none'; form-action 'none'")


@dataclass(frozen=True)
class House:
    """The house style as the site uses it."""

    name: str
    colour: str = "#1d4f91"
    accent: str = "#e8eef7"
    font: str = "Lato"
    logo: str = ""  # the logo's path in the site, if there is one
    logo_source: Path | None = None


def house_style(style: str, packs: Path, record: Record) -> House:
    """The house style ``style`` (``templates/house/``, the packs folder's own first)."""
    found = templates.load_toml("house", style, packs)
    authority = next((m.authority for m in record.meetings), "")
    colour, accent, font = (str(found.get(k, "")) for k in ("colour", "accent", "font"))
    logo = str(found.get("logo", ""))
    source = None
    if logo:
        source = templates.find(f"house/{logo}", packs)
    return House(name=str(found.get("name") or authority or "Council meetings"),
                 colour=colour if COLOUR.fullmatch(colour) else "#1d4f91",
                 accent=accent if COLOUR.fullmatch(accent) else "#e8eef7",
                 font=font if FONT.fullmatch(font) else "Lato",
                 logo=f"assets/logo{source.suffix.lower()}" if source else "",
                 logo_source=source)


def environment(packs: Path) -> jinja2.Environment:
    """Jinja2 over ``templates/site/`` (a packs folder's ``templates/site/`` first)."""
    folders = [str(p / "site") for p in templates.search_path(packs) if (p / "site").is_dir()]
    return jinja2.Environment(loader=jinja2.FileSystemLoader(folders), autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def template_digest(packs: Path) -> str:
    """What the site's templates are, for the pages' keys."""
    from boardpack.site.incremental import key_of

    env = environment(packs)
    loader = env.loader
    assert loader is not None
    return key_of([(name, loader.get_source(env, name)[0]) for name in env.list_templates()])


def render(env: jinja2.Environment, name: str, data: dict[str, Any]) -> str:
    return env.get_template(name).render(**data)


# --- where things are -----------------------------------------------------------------


def meeting_dir(meeting: Meeting) -> str:
    return f"meetings/{meeting.slug}"


def meeting_url(meeting: Meeting) -> str:
    return f"{meeting_dir(meeting)}/index.html"


def committee_dir(name: str) -> str:
    return f"committees/{slug(name)}"


def issued_path(meeting: Meeting, issue: Issue, public: PublicFile) -> str:
    """Where an issued public file is copied in the site."""
    return f"{meeting_dir(meeting)}/issue-{issue.number}/{public.name}"


def common(house: House, record: Record, *, root: str, here: str, title: str,
           crumbs: list[tuple[str, str]] | None = None,
           feeds: list[dict[str, str]] | None = None, search: bool = False,
           csp: str = PAGE_CSP) -> dict[str, Any]:
    """What every page shows: the house, the navigation, its title, its policy."""
    return {"house": {"name": house.name, "logo": house.logo}, "root": root, "here": here,
            "csp": csp,
            "title": title, "crumbs": crumbs or [], "feeds": feeds or [],
            "has_forward_plan": bool(record.forward_plan), "has_search": search}


def _feeds(prefix: str, what: str) -> list[dict[str, str]]:
    return [{"type": "application/atom+xml", "title": f"{what} (Atom)",
             "href": f"{prefix}feed.atom"},
            {"type": "application/rss+xml", "title": f"{what} (RSS)", "href": f"{prefix}feed.rss"}]


def _listing(meeting: Meeting) -> dict[str, str]:
    return {"url": meeting_url(meeting), "committee": meeting.committee,
            "when": long_date(meeting.date), "venue": str(meeting.details.get("venue", ""))}


# --- the pages --------------------------------------------------------------------------


def home_page(house: House, record: Record, today: dt.date, search: bool) -> dict[str, Any]:
    upcoming = sorted((m for m in record.meetings if m.date >= today),
                      key=lambda m: (m.date, m.committee))[:12]
    return {**common(house, record, root="", here="home", title="Meetings and decisions",
                     feeds=_feeds("", "Everything published"), search=search),
            "upcoming": [_listing(m) for m in upcoming],
            "decisions": decision_rows(record)[:10],
            "committees": [{"name": name, "url": f"{committee_dir(name)}/index.html"}
                           for name in record.committees()]}


def committees_page(house: House, record: Record, search: bool) -> dict[str, Any]:
    return {**common(house, record, root="../", here="committees", title="Committees",
                     crumbs=[("Home", "index.html")], search=search),
            "committees": [{"name": name, "url": f"{committee_dir(name)}/index.html",
                            "count": len(meetings)}
                           for name, meetings in record.committees().items()]}


def committee_page(house: House, record: Record, name: str, meetings: list[Meeting],
                   search: bool) -> dict[str, Any]:
    years: dict[int, list[dict[str, str]]] = {}
    for meeting in meetings:
        years.setdefault(meeting.date.year, []).append(_listing(meeting))
    return {**common(house, record, root="../../", here="committees", title=name,
                     crumbs=[("Home", "index.html"), ("Committees", "committees/index.html")],
                     feeds=_feeds("", name), search=search),
            "committee": name, "years": sorted(years.items(), reverse=True)}


def meeting_page(house: House, record: Record, meeting: Meeting,
                 documents: dict[str, str], search: bool) -> dict[str, Any]:
    """``documents``: the front sheet's (``""``) and each item's own PDF (by agenda
    number), relative to the page."""
    details = meeting.details
    time = str(details.get("time", ""))
    pack = meeting.latest("pack")
    pack_html = _href(meeting, pack, "html") if pack else ""
    agenda = []
    for line in meeting.agenda:
        where = _item_issue(meeting, line.anchor) or pack
        target = _href(meeting, where, "html") if where else pack_html
        entry = {"number": line.number, "title": line.title, "part_b": line.part_b,
                 "href": f"{target}#{line.anchor}" if target else "#agenda",
                 "presenter": line.presenter, "to_follow": line.to_follow,
                 "document": "" if line.part_b else documents.get(str(line.number), "")}
        if line.part_b:
            entry |= {"paragraph": line.paragraph, "notice": notice(line.paragraph)}
        agenda.append(entry)
    m = {"committee": meeting.committee, "when": long_date(meeting.date),
         "time": clock(time) if time else "", "venue": details.get("venue", ""),
         "chair": details.get("chair", ""), "vice_chair": details.get("vice_chair", ""),
         "clerk": details.get("clerk", ""), "clerk_email": details.get("clerk_email", ""),
         "clerk_phone": details.get("clerk_phone", ""),
         "members": list(details.get("members", [])),
         "documents": front_sheet(documents) + meeting_documents(meeting),
         "agenda": agenda,
         "decisions": [{"number": d.number, "title": d.title, "kind": d.kind,
                        "text": list(d.text)} for d in meeting.decisions]}
    committee = committee_dir(meeting.committee)
    return {**common(house, record, root="../../", here="committees",
                     title=f"{meeting.committee}: {short_date(meeting.date)}",
                     crumbs=[("Home", "index.html"), ("Committees", "committees/index.html"),
                             (meeting.committee, f"{committee}/index.html")], search=search),
            "m": m}


def _href(meeting: Meeting, issue: Issue | None, fmt: str, stem_end: str = "") -> str:
    """The link from the meeting's page to a file of ``issue``."""
    found = issue.file(fmt, stem_end) if issue else None
    return f"issue-{issue.number}/{found.name}" if issue and found else ""


def _item_issue(meeting: Meeting, anchor: str) -> Issue | None:
    """The first issue of the papers whose agenda has the item (a supplement's if it came
    in one)."""
    for issue in meeting.issues:
        if issue.kind in ("pack", "supplement") and any(a.anchor == anchor
                                                        for a in issue.agenda):
            return issue
    return None


def front_sheet(documents: dict[str, str]) -> list[dict[str, Any]]:
    if "" not in documents:
        return []
    return [{"label": "Agenda front sheet", "files": [{"href": documents[""], "label": "PDF"}],
             "note": ""}]


def meeting_documents(meeting: Meeting) -> list[dict[str, Any]]:
    """The issued public documents of a meeting, each in its formats."""
    labels = {"pdf": "PDF", "html": "web page"}
    found = []
    for issue in meeting.issues:
        published = f"published {short_date(issue.time.date())}"
        groups: dict[str, list[dict[str, str]]] = {}
        for public in issue.files:
            if public.format not in labels:
                continue
            stem = public.name.rsplit(".", 1)[0]
            label = ("Public decision notice" if stem.endswith("decisions")
                     else "Public minutes" if stem.endswith("minutes")
                     else f"Supplement {issue.supplement}" if issue.supplement
                     else "Agenda and reports (public pack)")
            groups.setdefault(label, []).append(
                {"href": f"issue-{issue.number}/{public.name}",
                 "label": f"{labels[public.format]}"})
        found += [{"label": label, "files": files, "note": published}
                  for label, files in groups.items()]
    return found


def decision_rows(record: Record) -> list[dict[str, Any]]:
    """Every public decision, latest meeting first."""
    rows = []
    for meeting in sorted(record.meetings, key=lambda m: (m.date, m.slug), reverse=True):
        for index, d in enumerate(meeting.decisions, start=1):
            rows.append({"when": short_date(meeting.date), "committee": meeting.committee,
                         "number": d.number, "title": d.title, "kind": d.kind,
                         "text": list(d.text),
                         "url": f"{meeting_url(meeting)}#decision-{index}"})
    return rows


def decisions_page(house: House, record: Record, search: bool) -> dict[str, Any]:
    return {**common(house, record, root="../", here="decisions", title="Decisions",
                     crumbs=[("Home", "index.html")], search=search),
            "rows": decision_rows(record)}


def forward_plan_page(house: House, record: Record, search: bool) -> dict[str, Any]:
    labels = {"pdf": "Forward plan (PDF)", "html": "Forward plan (web page)"}
    return {**common(house, record, root="../", here="forward-plan", title="Forward plan",
                     crumbs=[("Home", "index.html")], search=search),
            "files": [{"href": f.name, "label": labels.get(f.format, f.name)}
                      for f in record.forward_plan]}


def stylesheet(env: jinja2.Environment, house: House) -> str:
    return render(env, "site.css", {"colour": house.colour, "accent": house.accent,
                                    "font": house.font})
