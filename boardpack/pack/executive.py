"""Executive meetings: key decisions and private items, and the notices the law asks of them.

Under the Local Authorities (Executive Arrangements) (Meetings and Access to
Information) (England) Regulations 2012 (SI 2012/2089):

- a **key decision** needs a notice in the forward plan at least 28 clear days before
  it is made (reg 9); when that cannot be done, the *general exception* (reg 10: the
  chair of overview and scrutiny told in writing, a public notice, and 5 clear days
  elapsed) or *special urgency* (reg 11: that chair's agreement that the decision is
  urgent and cannot reasonably be deferred), each with a published notice of reasons;
- a **private item** (Part B on an executive agenda) needs a notice of the intention to
  meet in private, with the reasons, 28 clear days before (reg 5(2)), and a further
  notice 5 clear days before with any representations received and the response
  (reg 5(4)); failing those, the chair of overview and scrutiny's agreement that the
  meeting is urgent and cannot reasonably be deferred (reg 5(6)).

Clear days are counted as the pack's own five clear days are (``pack.deadlines``): the
day of the notice and the day of the meeting do not count, nor weekends and the
nation's bank holidays. That is the stricter reading, so a notice on time by it is on
time by a count of calendar days too.

A committee template marks an executive with ``executive = true`` and sets
``call_in_days`` and ``decision_notice_days`` (working days); ``read_notices`` reads an
item's keys in ``pack.toml``; ``notices`` and ``problems`` are what ``check`` and the app use.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from boardpack.model import Item, Notices, Pack
from boardpack.pack import deadlines
from boardpack.pack.tomlcheck import Table
from boardpack.problems import Level, Problem
from boardpack.textfmt import short_date

KEY_DECISION_DAYS = 28
PRIVATE_NOTICE_DAYS = 28
FURTHER_NOTICE_DAYS = 5
GENERAL_EXCEPTION_DAYS = 5
CALL_IN_DAYS = 5
DECISION_NOTICE_DAYS = 2
URGENCY = ("general-exception", "special-urgency")
NOTICE_KEYS = ("key_decision", "forward_plan", "key_decision_notice", "private_notice",
               "further_notice", "representations", "response", "urgency", "urgency_notice",
               "urgency_agreed_by", "urgency_reasons")
KEY_DECISION_KEYS = ("forward_plan", "key_decision_notice")
PRIVATE_KEYS = ("private_notice", "further_notice", "representations", "response")

# The descriptions of exempt information in Part 1 of Schedule 12A to the Local
# Government Act 1972: the reasons for privacy a notice gives.
SCHEDULE_12A = {
    1: "Information relating to any individual.",
    2: "Information which is likely to reveal the identity of an individual.",
    3: "Information relating to the financial or business affairs of any particular person "
       "(including the authority holding that information).",
    4: "Information relating to any consultations or negotiations, or contemplated "
       "consultations or negotiations, in connection with any labour relations matter "
       "arising between the authority or a Minister of the Crown and employees of, or "
       "office holders under, the authority.",
    5: "Information in respect of which a claim to legal professional privilege could be "
       "maintained in legal proceedings.",
    6: "Information which reveals that the authority proposes to give under any enactment a "
       "notice under or by virtue of which requirements are imposed on a person, or to make "
       "an order or direction under any enactment.",
    7: "Information relating to any action taken or to be taken in connection with the "
       "prevention, investigation or prosecution of crime.",
}

NoticeKind = Literal["key-decision", "private", "further"]
NOTICE_NAMES: dict[str, str] = {
    "key-decision": "notice of key decision (reg 9)",
    "private": "28-day notice of a private meeting (reg 5(2))",
    "further": "5-day notice of a private meeting (reg 5(4))",
}
NOTICE_KEY: dict[str, str] = {"key-decision": "key_decision_notice", "private": "private_notice",
                              "further": "further_notice"}


@dataclass(frozen=True)
class Settings:
    """A committee template's executive settings (working days)."""

    executive: bool = False
    call_in_days: int = CALL_IN_DAYS
    decision_notice_days: int = DECISION_NOTICE_DAYS


def _days(committee: dict[str, Any], key: str, default: int, low: int) -> int:
    value = committee.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= 30:
        return default
    return value


def settings(committee: dict[str, Any]) -> Settings:
    """The template's settings; an unusable value gives the default (``problems`` says so)."""
    return Settings(executive=committee.get("executive") is True,
                    call_in_days=_days(committee, "call_in_days", CALL_IN_DAYS, 0),
                    decision_notice_days=_days(committee, "decision_notice_days",
                                               DECISION_NOTICE_DAYS, 1))


def is_executive(pack: Pack) -> bool:
    return settings(pack.committee).executive


def read_notices(t: Table) -> Notices:
    """An ``[[item]]``'s notice keys, read (and checked) through the loader's table."""
    return Notices(
        key_decision=t.get("key_decision", bool, False),
        forward_plan=t.get("forward_plan", str, ""),
        key_decision_notice=t.get("key_decision_notice", dt.date, None),
        private_notice=t.get("private_notice", dt.date, None),
        further_notice=t.get("further_notice", dt.date, None),
        representations=t.get("representations", str, ""),
        response=t.get("response", str, ""),
        urgency=t.get("urgency", str, "", check=lambda v: "" if v in URGENCY
                      else f"should be one of {', '.join(URGENCY)}"),
        urgency_notice=t.get("urgency_notice", dt.date, None),
        urgency_agreed_by=t.get("urgency_agreed_by", str, ""),
        urgency_reasons=t.get("urgency_reasons", str, ""),
    )


def latest_notice(meeting_day: dt.date, days: int, nation: str = "england") -> dt.date:
    """The last working day a notice may be published and leave ``days`` clear days."""
    return deadlines.publication_deadline(meeting_day, nation, days)


@dataclass(frozen=True)
class Notice:
    """One notice an item of an executive meeting needs: its latest date, and when it went out."""

    item: str
    title: str
    kind: NoticeKind
    days: int
    due: dt.date
    published: dt.date | None
    clear: int | None

    @property
    def name(self) -> str:
        return NOTICE_NAMES[self.kind]

    @property
    def in_time(self) -> bool:
        return self.clear is not None and self.clear >= self.days


def _notice(pack: Pack, item: Item, kind: NoticeKind, days: int,
            published: dt.date | None) -> Notice:
    m = pack.meeting
    clear = None if published is None else deadlines.clear_days(published, m.date, m.nation)
    return Notice(item.id, item.title, kind, days, latest_notice(m.date, days, m.nation),
                  published, clear)


def item_notices(pack: Pack, item: Item) -> list[Notice]:
    """The notices one item needs (none unless the pack is an executive's)."""
    if not is_executive(pack) or item.standard:
        return []
    n = item.notices
    out = []
    if n.key_decision:
        out.append(_notice(pack, item, "key-decision", KEY_DECISION_DAYS, n.key_decision_notice))
    if item.part_b:
        out.append(_notice(pack, item, "private", PRIVATE_NOTICE_DAYS, n.private_notice))
        out.append(_notice(pack, item, "further", FURTHER_NOTICE_DAYS, n.further_notice))
    return out


def notices(pack: Pack) -> list[Notice]:
    """Every notice the pack's items need, in agenda-file order."""
    return [notice for item in pack.items for notice in item_notices(pack, item)]


def excepted(item: Item, notice: Notice) -> bool:
    """Whether a route for missing the notice is recorded (reg 10/11, or reg 5(6))."""
    n = item.notices
    return bool(n.urgency if notice.kind == "key-decision" else n.urgency_agreed_by)


def next_due(pack: Pack, today: dt.date) -> Notice | None:
    """The earliest notice still to give (none published, no exception) due today or later."""
    waiting = [n for item in pack.items for n in item_notices(pack, item)
               if n.published is None and n.due >= today and not excepted(item, n)]
    return min(waiting, key=lambda n: n.due, default=None)


def notice_line(notice: Notice) -> str:
    """'notice of key decision (reg 9): published 18 December 2026 (latest 30 December 2026)'."""
    latest = f"latest {short_date(notice.due)}"
    if notice.published is None:
        return f"{notice.name}: not yet published ({latest})"
    late = "" if notice.in_time else f", only {notice.clear} clear day(s)"
    return f"{notice.name}: published {short_date(notice.published)} ({latest}{late})"


def summary(pack: Pack, today: dt.date) -> str:
    """One line for the app's lists: the notices missed, else the next one due."""
    missed = [n for item in pack.items for n in item_notices(pack, item)
              if n.published is None and n.due < today <= pack.meeting.date
              and not excepted(item, n)]
    if missed:
        return f"{len(missed)} notice(s) missed: see check"
    upcoming = next_due(pack, today)
    return f"{upcoming.name} by {short_date(upcoming.due)}" if upcoming else ""


# --- what check says ------------------------------------------------------------------


def problems(pack: Pack, today: dt.date) -> list[Problem]:
    """Notices missed or still to give, what the regulations then require, and bad settings."""
    out = _settings_problems(pack)
    for item in pack.items:
        out += _misplaced(pack, item)
        notices_of = item_notices(pack, item)
        for notice in notices_of:
            out += _notice_problems(pack, item, notice, today)
        if any(n.kind == "further" and n.published for n in notices_of) and not \
                item.notices.representations.strip():
            out.append(_problem(pack, item, "the 5-day notice must give any representations "
                                "received about meeting in public, and the response (reg 5(5))",
                                "write representations = \"None received.\" if there were none"))
    return out


def _problem(pack: Pack, item: Item, message: str, hint: str,
             level: Level = Level.WARNING) -> Problem:
    return Problem(message, pack=pack.name, item=item.id, file="pack.toml", hint=hint,
                   level=level)


def _settings_problems(pack: Pack) -> list[Problem]:
    out = []
    committee = pack.committee
    chosen = settings(committee)
    if "executive" in committee and not isinstance(committee["executive"], bool):
        out.append(Problem("the committee template's executive should be true or false",
                           pack=pack.name, file="pack.toml", hint="fix the template"))
    for key, value in (("call_in_days", chosen.call_in_days),
                       ("decision_notice_days", chosen.decision_notice_days)):
        if key in committee and committee[key] != value:
            out.append(Problem(f"the committee template's {key} ({committee[key]!r}) is not a "
                               f"whole number of working days up to 30; {value} is used",
                               pack=pack.name, file="pack.toml", level=Level.WARNING,
                               hint="fix the template"))
    return out


def _misplaced(pack: Pack, item: Item) -> list[Problem]:
    """Notice keys where they mean nothing: not an executive, not key, not Part B."""
    n = item.notices
    given = [k for k in NOTICE_KEYS if getattr(n, k) not in (False, "", None)]
    if not given:
        return []
    if not is_executive(pack):
        return [_problem(pack, item, f"{', '.join(given)}: key decisions and private-meeting "
                         "notices are for executive meetings",
                         "use a committee template with executive = true, or remove the keys")]
    out = []
    stray = [k for k in KEY_DECISION_KEYS if getattr(n, k) and not n.key_decision]
    if stray:
        out.append(_problem(pack, item, f"{', '.join(stray)} given but the item is not marked "
                            "a key decision", "add key_decision = true, or remove them"))
    private = [k for k in PRIVATE_KEYS if getattr(n, k) and not item.part_b]
    if private:
        out.append(_problem(pack, item, f"{', '.join(private)} given but the item is not "
                            "private (Part B)", "add exempt = 1–7, or remove them"))
    return out


def _notice_problems(pack: Pack, item: Item, notice: Notice, today: dt.date) -> list[Problem]:
    m = pack.meeting
    key = NOTICE_KEY[notice.kind]
    if notice.in_time:
        return []
    n = item.notices
    if notice.published is None and today <= notice.due and not excepted(item, notice):
        return [_problem(pack, item, f"{notice.name}: publish it by {short_date(notice.due)} "
                         f"({notice.days} clear days before the meeting)",
                         f"then record {key} = YYYY-MM-DD", Level.INFO)]
    if notice.published is None:
        missed = f"{notice.name}: none recorded" + (
            "" if today <= notice.due else f", and the latest date for it ({short_date(notice.due)}"
            f", {notice.days} clear days before the meeting) has passed")
    else:
        missed = (f"{notice.name}: published {short_date(notice.published)}, only "
                  f"{notice.clear} clear day(s) before the meeting; {notice.days} are required "
                  f"(latest date {short_date(notice.due)})")
    if notice.kind == "key-decision":
        return _key_decision_exception(pack, item, missed)
    if n.urgency_agreed_by:
        out = [_problem(pack, item, f"{missed}; held in private as urgent with the agreement "
                        f"of {n.urgency_agreed_by} (reg 5(6))", "", Level.INFO)]
        if not n.urgency_reasons.strip():
            out.append(_problem(pack, item, "a private meeting agreed as urgent needs a "
                                "published notice of the reasons it cannot be deferred (reg 5(7))",
                                "write them in urgency_reasons"))
        return out
    return [_problem(pack, item, missed + f" (meeting {short_date(m.date)})",
                     "it may then be held in private only if the chair of overview and scrutiny "
                     "agrees that the meeting is urgent and cannot reasonably be deferred "
                     "(reg 5(6)), with a notice of the reasons: record who agreed in "
                     "urgency_agreed_by and the reasons in urgency_reasons")]


def _key_decision_exception(pack: Pack, item: Item, missed: str) -> list[Problem]:
    """A key decision whose notice is missing or late: is an exception recorded?"""
    m = pack.meeting
    n = item.notices
    by = latest_notice(m.date, GENERAL_EXCEPTION_DAYS, m.nation)
    reasons = [] if n.urgency_reasons.strip() else [_problem(
        pack, item, f"{n.urgency or 'an exception'}: the notice of the reasons why the forward "
        "plan's notice could not be given must be published (reg 10(3), 11(2))",
        "write the reasons in urgency_reasons")]
    if n.urgency == "general-exception":
        clear = (deadlines.clear_days(n.urgency_notice, m.date, m.nation)
                 if n.urgency_notice else 0)
        if clear >= GENERAL_EXCEPTION_DAYS:
            return [_problem(pack, item, f"{missed}; taken under the general exception "
                             f"(reg 10): the chair of overview and scrutiny told and notice "
                             f"published {short_date(n.urgency_notice)}",  # type: ignore[arg-type]
                             "", Level.INFO), *reasons]
        given = (f"the notice of {short_date(n.urgency_notice)} leaves only {clear} clear "
                 "day(s)" if n.urgency_notice else "no urgency_notice date is recorded")
        return [_problem(pack, item, f"{missed}; the general exception (reg 10) needs the chair "
                         "of overview and scrutiny told in writing and a public notice at least "
                         f"{GENERAL_EXCEPTION_DAYS} clear days before (by {short_date(by)}), "
                         f"but {given}",
                         "record the date in urgency_notice, or use special urgency (reg 11): "
                         "urgency = \"special-urgency\" with the chair's agreement in "
                         "urgency_agreed_by"), *reasons]
    if n.urgency == "special-urgency":
        if n.urgency_agreed_by:
            return [_problem(pack, item, f"{missed}; taken under special urgency (reg 11) with "
                             f"the agreement of {n.urgency_agreed_by}", "", Level.INFO),
                    *reasons]
        return [_problem(pack, item, f"{missed}; special urgency (reg 11) needs the agreement "
                         "of the chair of overview and scrutiny that the decision is urgent and "
                         "cannot reasonably be deferred, and none is recorded",
                         "record who agreed in urgency_agreed_by"), *reasons]
    return [_problem(pack, item, missed,
                     "the decision may then be taken only under the general exception (reg 10: "
                     "tell the chair of overview and scrutiny in writing and publish a notice "
                     f"at least {GENERAL_EXCEPTION_DAYS} clear days before, by {short_date(by)}; "
                     "set urgency = \"general-exception\" and urgency_notice) or special "
                     "urgency (reg 11: that chair's agreement that it cannot reasonably be "
                     "deferred; set urgency = \"special-urgency\" and urgency_agreed_by)")]
