"""The forward plan: key decisions to come and private-meeting notices, gathered to publish.

From the executive packs in a folder (items marked ``key_decision``, and Part B
items, which are private) and from ``forward-plan.toml`` beside them: decisions
planned but not yet on an agenda, and the notice's address and procedure. Only what
a notice may publish is copied into these records: of a private (Part B) matter, its
title, decision maker, date, reference and Schedule 12A paragraph, and the notices'
own dates, representations and response — never a summary, file, presenter or id.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from boardpack import templates
from boardpack.model import Item, Pack
from boardpack.pack import executive, library
from boardpack.pack import load as packfile
from boardpack.pack.tomlcheck import Lines, Table, parse
from boardpack.problems import BoardpackError, Level, Problem

PLAN_FILE = "forward-plan.toml"
MONTHS = 4
OTHER_DOCUMENTS = "Other documents relevant to the matter may be submitted to the decision maker."


@dataclass(frozen=True)
class KeyDecision:
    """One entry of the notice of key decisions (reg 9)."""

    reference: str
    matter: str
    decision_maker: str
    members: tuple[str, ...]
    date: dt.date
    period: str = ""
    documents: tuple[str, ...] = ()
    exempt: int | None = None
    first_published: dt.date | None = None


@dataclass(frozen=True)
class PrivateMeeting:
    """A matter to be taken in private, with its 28-day and 5-day notices (reg 5)."""

    matter: str
    decision_maker: str
    date: dt.date
    paragraph: int
    notice: dt.date | None
    notice_due: dt.date
    further: dt.date | None
    further_due: dt.date
    representations: str = ""
    response: str = ""


@dataclass
class ForwardPlan:
    """What the forward plan publishes for ``start`` up to (not including) ``end``."""

    authority: str
    start: dt.date
    end: dt.date
    address: str
    requests: str
    decisions: list[KeyDecision] = field(default_factory=list)
    private: list[PrivateMeeting] = field(default_factory=list)
    house: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day where it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def collect(folder: Path, start: dt.date, months: int = MONTHS) -> ForwardPlan:
    """The forward plan from the packs in ``folder`` and its ``forward-plan.toml``."""
    end = add_months(start, months)
    packs, problems = _executive_packs(folder)
    settings = _read_plan(folder, problems)
    notice = settings.get("notice", {})
    latest = max(packs, key=lambda p: p.meeting.date, default=None)
    authority = notice.get("authority") or (latest.meeting.authority if latest else "")
    plan = ForwardPlan(authority=authority, start=start, end=end,
                       address=notice.get("address") or _address(latest),
                       requests=notice.get("requests") or _requests(latest),
                       house=latest.house if latest else _default_house(), problems=problems)
    for pack in packs:
        if not start <= pack.meeting.date < end:
            continue
        for item in pack.items:
            if item.notices.key_decision:
                plan.decisions.append(_from_item(pack, item))
            if item.part_b:
                plan.private.append(_private(pack, item))
    on_agenda = {d.reference for d in plan.decisions if d.reference}
    for planned in settings.get("decision", []):
        entry = _planned(planned, packs)
        if start <= entry.date < end and entry.reference not in on_agenda:
            plan.decisions.append(entry)
            if entry.exempt:
                plan.private.append(_planned_private(entry, planned))
    plan.decisions.sort(key=lambda d: (d.date, d.reference, d.matter))
    plan.private.sort(key=lambda p: (p.date, p.matter))
    return plan


def _executive_packs(folder: Path) -> tuple[list[Pack], list[Problem]]:
    if not folder.is_dir():
        raise BoardpackError(Problem("no such folder", pack=str(folder),
                                     hint="give the folder of packs, e.g. packs/"))
    packs, problems = [], []
    for root in library.find_packs(folder):
        try:
            loaded = packfile.load(root)
        except BoardpackError as exc:
            problems += exc.problems
            continue
        if executive.is_executive(loaded.pack):
            packs.append(loaded.pack)
            problems += [p for p in loaded.problems
                         if p.file == packfile.PACK_FILE and p.level is Level.ERROR]
    return packs, problems


def _documents(item: Item) -> tuple[str, ...]:
    """What the decision maker will consider, named without file names; Part B generically."""
    if item.part_b:
        return (f"Report (not for publication: paragraph {item.exempt} of Schedule 12A)",)
    if not item.files:
        return (f"Report: {item.title} (to follow)",)
    return tuple(ref.title or (f"Report: {item.title}" if index == 0 else
                               f"Appendix {chr(64 + index)}")
                 for index, ref in enumerate(item.files))


def _from_item(pack: Pack, item: Item) -> KeyDecision:
    m = pack.meeting
    return KeyDecision(reference=item.notices.forward_plan, matter=item.title,
                       decision_maker=m.committee, members=tuple(m.members), date=m.date,
                       documents=_documents(item), exempt=item.exempt,
                       first_published=item.notices.key_decision_notice)


def _private(pack: Pack, item: Item) -> PrivateMeeting:
    m = pack.meeting
    n = item.notices
    return PrivateMeeting(
        matter=item.title, decision_maker=m.committee, date=m.date, paragraph=item.exempt or 0,
        notice=n.private_notice,
        notice_due=executive.latest_notice(m.date, executive.PRIVATE_NOTICE_DAYS, m.nation),
        further=n.further_notice,
        further_due=executive.latest_notice(m.date, executive.FURTHER_NOTICE_DAYS, m.nation),
        representations=n.representations, response=n.response)


def _address(pack: Pack | None) -> str:
    if pack is None:
        return ""
    c = pack.meeting.clerk
    return ", ".join(x for x in (c.name, pack.meeting.authority, c.email, c.phone) if x)


def _requests(pack: Pack | None) -> str:
    who = pack.meeting.clerk.name if pack else "Democratic Services"
    return (f"Ask {who} at the address above, quoting the reference, for copies of or extracts "
            "from the documents listed (unless their disclosure is prohibited or restricted), "
            "and for details of other documents as they become available. Reports are "
            "published with the agenda at least five clear working days before the meeting.")


def _default_house() -> dict[str, Any]:
    try:
        return dict(templates.load_toml("house", "default"))
    except BoardpackError:
        return {}


# --- forward-plan.toml ----------------------------------------------------------------


def _read_plan(folder: Path, problems: list[Problem]) -> dict[str, Any]:
    """``forward-plan.toml``, validated: ``[notice]`` and ``[[decision]]`` tables."""
    path = folder / PLAN_FILE
    if not path.exists():
        return {}
    where = dict(pack=folder.name, file=PLAN_FILE)
    try:
        text = packfile.read_text(path, **where)
        data = parse(text, **where)
    except BoardpackError as exc:
        problems += exc.problems
        return {}
    lines = Lines(text)
    out: dict[str, Any] = {"decision": []}
    for key in data:
        if key not in ("notice", "decision"):
            problems.append(Problem(f"unknown table or key '{key}'", pack=folder.name,
                                    file=PLAN_FILE, line=lines.table(key),
                                    hint="use [notice] and [[decision]] tables"))
    raw = data.get("notice", {})
    t = Table(raw if isinstance(raw, dict) else {}, "[notice]", folder.name, PLAN_FILE, lines,
              "notice")
    out["notice"] = {k: t.get(k, str, "") for k in ("authority", "address", "requests")}
    problems += t.finish()
    entries = data.get("decision", [])
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        t = Table(entry if isinstance(entry, dict) else {}, f"decision {index + 1}",
                  folder.name, PLAN_FILE, lines, "decision", index)
        checked = {
            "reference": t.get("reference", str, "", required=True),
            "matter": t.get("matter", str, "", required=True),
            "decision_maker": t.get("decision_maker", str, "", required=True),
            "date": t.get("date", dt.date, None, required=True),
            "period": t.get("period", str, ""),
            "members": t.strings("members"),
            "documents": t.strings("documents"),
            "exempt": t.get("exempt", int, None, check=lambda v: "" if 1 <= v <= 7 else
                            "should be a paragraph of Schedule 12A, a number from 1 to 7"),
            "first_published": t.get("first_published", dt.date, None),
            "private_notice": t.get("private_notice", dt.date, None),
            "representations": t.get("representations", str, ""),
            "response": t.get("response", str, ""),
        }
        problems += t.finish()
        if checked["date"] is not None:
            out["decision"].append(checked)
    return out


def _planned(entry: dict[str, Any], packs: list[Pack]) -> KeyDecision:
    """A planned decision; members from the decision maker's latest pack if not given."""
    members = entry["members"]
    if not members:
        name = " ".join(entry["decision_maker"].split()).casefold()
        same = [p for p in packs if " ".join(p.meeting.committee.split()).casefold() == name]
        latest = max(same, key=lambda p: p.meeting.date, default=None)
        members = latest.meeting.members if latest else []
    exempt = entry["exempt"]
    documents = ((f"Report (not for publication: paragraph {exempt} of Schedule 12A)",)
                 if exempt else tuple(entry["documents"]))
    return KeyDecision(reference=entry["reference"], matter=entry["matter"],
                       decision_maker=entry["decision_maker"], members=tuple(members),
                       date=entry["date"], period=entry["period"], documents=documents,
                       exempt=exempt, first_published=entry["first_published"])


def _planned_private(decision: KeyDecision, entry: dict[str, Any]) -> PrivateMeeting:
    day = decision.date
    return PrivateMeeting(
        matter=decision.matter, decision_maker=decision.decision_maker, date=day,
        paragraph=decision.exempt or 0, notice=entry["private_notice"],
        notice_due=executive.latest_notice(day, executive.PRIVATE_NOTICE_DAYS),
        further=None, further_due=executive.latest_notice(day, executive.FURTHER_NOTICE_DAYS),
        representations=entry["representations"], response=entry["response"])
