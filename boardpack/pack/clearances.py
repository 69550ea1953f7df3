"""``clearances.toml``: which officers have cleared which version of each report.

A committee template lists the clearances its reports need (``clearances = [...]``,
see ``report_rules``); a pack may add to them in this file. A clearance records the
role, who cleared it, the day, an optional comment and the exact version cleared:
the sha256 of every file of the item at that moment (each also kept in
``.history``). A clearance holds while the item's files are exactly those; any
change voids it. Nothing is ever cleared by silence: a required clearance with no
record is missing however long ago the report went out. The file is internal: no
edition, minutes or register reads it. ::

    [require]                                  # besides the committee template's
    all = ["director"]                         # every report of this pack
    items = { improvement-plan = ["cabinet-member"] }

    [[clearance]]
    item = "improvement-plan"
    role = "finance"
    by = "Priya Shah, Head of Finance"
    date = 2027-01-08
    comment = "Figures agreed with the service."
    files = { "reports/improvement-plan.docx" = "<sha256>" }
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import AoT
from tomlkit.items import Table as TomlTable

from boardpack.files import inside, read_bytes
from boardpack.layout import CLEARANCES_FILE
from boardpack.model import Item, Pack
from boardpack.pack import deadlines, history, tomledit
from boardpack.pack import load as packfile
from boardpack.pack.report_rules import ROLE, ReportRules, rules
from boardpack.pack.tomlcheck import Lines, Table, parse
from boardpack.problems import BoardpackError, Level, Problem

CLEARED, VOID, MISSING = "cleared", "void", "missing"
SHA256 = re.compile(r"^[0-9a-f]{64}$")
HEADER = ("Clearances of this pack's reports (boardpack clear PACK ITEM --role ROLE --by NAME).",
          "Internal: nothing in this file is printed in any edition of the pack.")


@dataclass(frozen=True)
class Clearance:
    """One officer's clearance of one version of an item's papers."""

    item: str
    role: str
    by: str
    date: dt.date
    files: tuple[tuple[str, str], ...]
    comment: str = ""

    def as_record(self) -> dict[str, Any]:
        """What an issue's full manifest records of it (no comment)."""
        return {"item": self.item, "role": self.role, "by": self.by,
                "date": self.date.isoformat(), "files": dict(self.files)}


@dataclass
class Record:
    """``clearances.toml``, read."""

    clearances: list[Clearance] = field(default_factory=list)
    require_all: tuple[str, ...] = ()
    require_items: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Change:
    """How one file differs from the version cleared: changed, added or removed;
    ``kept`` is where ``.history`` keeps the cleared version, if it does."""

    path: str
    what: str
    kept: str = ""


@dataclass(frozen=True)
class Status:
    """Where one required clearance of one item stands."""

    item: str
    role: str
    state: str
    clearance: Clearance | None = None
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class Papers:
    """An item as far as clearing goes: its id, purpose and files (paths in the pack)."""

    id: str
    purpose: str
    files: tuple[str, ...]


# --- reading -------------------------------------------------------------------------


def load(root: Path, item_ids: Iterable[str] | None = None) -> tuple[Record, list[Problem]]:
    """The pack's clearances (none if there is no file) and every problem in the file;
    with ``item_ids``, an item that is not on the agenda is a problem too."""
    path = root / CLEARANCES_FILE
    if not path.exists():
        return Record(), []
    pack = root.name
    try:
        text = packfile.read_text(path, pack=pack, file=CLEARANCES_FILE)
        data = parse(text, pack=pack, file=CLEARANCES_FILE)
    except BoardpackError as exc:
        return Record(), exc.problems
    lines = Lines(text)
    problems: list[Problem] = []
    ids = set(item_ids) if item_ids is not None else None
    record = Record()
    for key in data:
        if key not in ("require", "clearance"):
            problems.append(Problem(f"unknown key '{key}'", pack=pack, file=CLEARANCES_FILE,
                                    line=lines.table(key) or lines.key("", 0, key),
                                    hint="use [require] and [[clearance]] tables"))
    raw_require = data.get("require", {})
    if isinstance(raw_require, dict):
        t = Table(raw_require, "[require]", pack, CLEARANCES_FILE, lines, "require")
        record.require_all = tuple(_roles(t, "all"))
        raw_items = t.get("items", dict, {})
        it = Table(raw_items, "[require] items", pack, CLEARANCES_FILE, lines, "require")
        for item_id in raw_items:
            if ids is not None and item_id not in ids:
                it.problem(item_id, f"[require] items: no agenda item with id '{item_id}'",
                           "use an id from pack.toml")
            record.require_items[item_id] = tuple(_roles(it, item_id))
        problems += t.finish() + it.finish()
    raw = data.get("clearance", [])
    for index, entry in enumerate(raw if isinstance(raw, list) else []):
        made = _clearance(entry, index, lines, pack, ids, problems)
        if made is not None:
            record.clearances.append(made)
    return record, problems


def _roles(t: Table, key: str) -> list[str]:
    found = t.strings(key)
    for role in found:
        if not ROLE.match(role):
            t.problem(key, f"'{role}' is not a role name", "use lower-case letters, digits "
                      "and dashes, e.g. finance, legal, cabinet-member")
    return [r for r in found if ROLE.match(r)]


def _clearance(entry: Any, index: int, lines: Lines, pack: str, ids: set[str] | None,
               problems: list[Problem]) -> Clearance | None:
    if not isinstance(entry, dict):
        problems.append(Problem(f"clearance {index + 1} is not a table", pack=pack,
                                file=CLEARANCES_FILE))
        return None
    item = str(entry["item"]) if isinstance(entry.get("item"), str) else ""
    t = Table(entry, f"clearance {index + 1}", pack, CLEARANCES_FILE, lines, "clearance",
              index, item=item)
    item = t.get("item", str, "", required=True)
    if item and ids is not None and item not in ids:
        t.problem("item", f"clearance {index + 1}: no agenda item with id '{item}'",
                  "use an id from pack.toml")
    role = t.get("role", str, "", required=True,
                 check=lambda v: "" if ROLE.match(v) else "is not a role name")
    by = t.get("by", str, "", required=True,
               check=lambda v: "" if v.strip() else "should name who cleared it")
    day = t.get("date", dt.date, None, required=True, check=lambda v: "" if not isinstance(
        v, dt.datetime) else "should be a date like 2027-01-08")
    comment = t.get("comment", str, "")
    files = t.get("files", dict, {}, required=True)
    if not all(isinstance(v, str) and SHA256.match(v) for v in files.values()):
        t.problem("files", f"clearance {index + 1}: files should map each path to the "
                           "sha256 of the version cleared", "record it with boardpack clear")
        files = {}
    problems.extend(t.finish())
    if not (item and role and by and day and files):
        return None
    return Clearance(item, role, by, day, tuple(sorted(files.items())), comment)


# --- where each item stands ------------------------------------------------------------


def papers(pack: Pack) -> list[Papers]:
    """The items that have papers to clear (standard items and reports to follow have
    none yet)."""
    return [papers_of(i) for i in pack.items if not i.standard and i.files]


def required(item: Papers, made: ReportRules, record: Record) -> list[str]:
    """The roles that must clear ``item``: the committee template's and the pack's."""
    return list(dict.fromkeys([*made.required_roles(item.purpose), *record.require_all,
                               *record.require_items.get(item.id, ())]))


def sha256_of(root: Path, relative: str, limit: int) -> str | None:
    """The sha256 of a file of the pack, or None if it cannot be read."""
    try:
        data = read_bytes(inside(root, relative), limit=limit, file=relative)
    except (BoardpackError, OSError):
        return None
    return hashlib.sha256(data).hexdigest()


def statuses(root: Path, items: Iterable[Papers], made: ReportRules, record: Record, *,
             limit: int) -> list[Status]:
    """Every required clearance of every item, and every clearance recorded for a role
    no longer required (shown, never needed)."""
    out: list[Status] = []
    for item in items:
        roles = required(item, made, record)
        recorded = [c for c in record.clearances if c.item == item.id]
        if not roles and not recorded:
            continue
        now = {path: sha256_of(root, path, limit) for path in item.files}
        for role in dict.fromkeys([*roles, *(c.role for c in recorded)]):
            mine = [c for c in recorded if c.role == role]
            holding = next((c for c in reversed(mine) if dict(c.files) == now), None)
            if holding is not None:
                out.append(Status(item.id, role, CLEARED, holding))
            elif mine:
                out.append(Status(item.id, role, VOID, mine[-1],
                                  tuple(changes(root, dict(mine[-1].files), now))))
            else:
                out.append(Status(item.id, role, MISSING))
    return out


def pack_statuses(pack: Pack, made: ReportRules, record: Record) -> list[Status]:
    return statuses(pack.root, papers(pack), made, record, limit=pack.limits.max_file_bytes)


def changes(root: Path, cleared: dict[str, str], now: dict[str, str | None]) -> list[Change]:
    """What differs between the files cleared and the files as they are now."""
    out = []
    for path in sorted(set(cleared) | set(now)):
        if path not in now:
            out.append(Change(path, "removed", kept_copy(root, path, cleared[path])))
        elif path not in cleared:
            out.append(Change(path, "added"))
        elif now[path] != cleared[path]:
            out.append(Change(path, "changed", kept_copy(root, path, cleared[path])))
    return out


def kept_copy(root: Path, relative: str, sha: str) -> str:
    """Where ``.history`` keeps the version of ``relative`` with this sha256 ("" if not)."""
    for version in history.versions(root, relative):
        if version.sha8 == sha[:8] and hashlib.sha256(version.read_bytes()).hexdigest() == sha:
            return version.path.relative_to(root).as_posix()
    return ""


def required_statuses(found: list[Status], pack: Pack, made: ReportRules,
                      record: Record) -> list[Status]:
    """The statuses of clearances that are required (not those merely recorded)."""
    wanted = {(p.id, role) for p in papers(pack) for role in required(p, made, record)}
    return [s for s in found if (s.item, s.role) in wanted]


@dataclass(frozen=True)
class Window:
    """When clearance must start: ``days`` working days before reports are due."""

    starts: dt.date
    reports_due: dt.date
    days: int


def window(pack: Pack, made: ReportRules) -> Window:
    t = deadlines.timetable(pack)
    starts = deadlines.working_days_before(t.reports, made.clearance_days, t.nation) \
        if made.clearance_days else t.reports
    return Window(starts, t.reports, made.clearance_days)


def outstanding(found: list[Status]) -> dict[str, list[str]]:
    """The roles still to clear (missing or void), by item."""
    out: dict[str, list[str]] = {}
    for status in found:
        if status.state != CLEARED:
            out.setdefault(status.item, []).append(status.role)
    return out


# --- recording -----------------------------------------------------------------------


def record(root: Path | str, item_id: str, role: str, by: str, *, comment: str = "",
           day: dt.date | None = None, timeout: float = tomledit.LOCK_TIMEOUT) -> Clearance:
    """Record that ``by`` cleared, as ``role``, the item's papers as they are now."""
    pack = packfile.load_or_raise(root)
    where = Problem("", pack=pack.name, item=item_id)
    item = pack.item(item_id)
    if item is None or item.standard:
        ids = ", ".join(p.id for p in papers(pack)) or "none"
        raise BoardpackError(Problem(f"no agenda item with id '{item_id}' to clear",
                                     file=packfile.PACK_FILE, hint=f"items with papers: {ids}"
                                     ).located(pack=where.pack, item=where.item))
    if not item.files:
        raise BoardpackError(Problem("the item has no papers yet, so there is nothing to "
                                     "clear", hint="clear it when the report is in"
                                     ).located(pack=where.pack, item=where.item))
    made, _ = rules(pack.committee, pack.root, pack.name, pack.meeting.template)
    existing, problems = load(pack.root, [i.id for i in pack.items])
    if [p for p in problems if p.level is Level.ERROR]:
        raise BoardpackError(problems)
    wanted = required(papers_of(item), made, existing)
    if role not in wanted and role not in made.roles:
        raise BoardpackError(Problem(
            f"'{role}' is not a role this item needs or the report template knows",
            hint=f"use one of: {', '.join(dict.fromkeys([*wanted, *made.roles]))}"
        ).located(pack=where.pack, item=where.item))
    by = " ".join(by.split())
    if not by:
        raise BoardpackError(Problem("say who cleared it (--by NAME)").located(
            pack=where.pack, item=where.item))
    files = _keep_versions(pack, item)
    cleared = Clearance(item.id, role, by, day or dt.date.today(), tuple(sorted(files.items())),
                        comment.strip())
    with tomledit.edit(pack.root / CLEARANCES_FILE, timeout=timeout) as doc:
        if not doc.body:
            for line in HEADER:
                doc.add(tomlkit.comment(line))
            doc.add(tomlkit.nl())
        entries = doc.get("clearance")
        if entries is None:
            entries = tomlkit.aot()
            doc.append("clearance", entries)
        if not isinstance(entries, AoT):
            raise BoardpackError(Problem("cannot edit: 'clearance' is not written as "
                                         "[[clearance]] tables", pack=pack.name,
                                         file=CLEARANCES_FILE, hint="fix the file by hand"))
        entries.append(_table(cleared))
    return cleared


def roles_for(pack: Pack, item: Item) -> list[str]:
    """The roles that may clear ``item``: those it needs first, then those the report
    template knows."""
    made, _ = rules(pack.committee, pack.root, pack.name, pack.meeting.template)
    existing, _ = load(pack.root)
    return list(dict.fromkeys([*required(papers_of(item), made, existing), *made.roles]))


def papers_of(item: Item) -> Papers:
    return Papers(item.id, item.purpose, tuple(ref.path for ref in item.files))


def _keep_versions(pack: Pack, item: Item) -> dict[str, str]:
    """The sha256 of each of the item's files, each version kept in ``.history``."""
    found = {}
    for ref in item.files:
        data = read_bytes(inside(pack.root, ref.path, pack=pack.name, item=item.id),
                          limit=pack.limits.max_file_bytes, pack=pack.name, item=item.id,
                          file=ref.path)
        notes = history.keep(pack.root, ref.path, data, pack=pack.name, item=item.id)
        failed = [n for n in notes if n.level is Level.WARNING]
        if failed:
            raise BoardpackError(failed)
        found[ref.path] = hashlib.sha256(data).hexdigest()
    return found


def _table(cleared: Clearance) -> TomlTable:
    table = tomlkit.table()
    table.add("item", cleared.item)
    table.add("role", cleared.role)
    table.add("by", cleared.by)
    table.add("date", cleared.date)
    if cleared.comment:
        comment = cleared.comment.replace("\r\n", "\n")
        table.add("comment", tomlkit.string(comment, multiline="\n" in comment))
    files = tomlkit.inline_table()
    files.update(dict(cleared.files))
    table.add("files", files)
    table.add(tomlkit.nl())
    return table
