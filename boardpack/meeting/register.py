"""The register: every resolution and action across a folder of packs.

A clerk's tool: ``rows`` lists what each meeting decided and asked for, oldest
meeting first and in agenda order, filterable by committee and action status.
Part B rows are included (marked ``part_b``) unless ``public=True``, which lists
only what the public edition of each pack shows (``boardpack.pack.public.view``):
no row of an exempt item or of an item not on the agenda, and positions counted
among those rows only. An executive's decisions carry their status (published,
call-in open until …, called in, effective) as of a given day. ``table`` writes the
rows for a terminal; ``to_csv`` and ``to_json`` for other programs.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import orjson

from boardpack import textfmt
from boardpack.cache import digest, paused_gc, problem_from_json, problem_to_json
from boardpack.meeting import decisions
from boardpack.model import Pack
from boardpack.pack import public as views
from boardpack.pack import record
from boardpack.pack.library import is_pack, packs_in, same_committee
from boardpack.pack.record import Record
from boardpack.problems import BoardpackError, Problem
from boardpack.textfmt import short_date

Status = Literal["open", "done"]


@dataclass(frozen=True)
class Row:
    """One resolution or one action, with the meeting and item it belongs to.

    ``resolution`` and ``action`` are the 0-based positions the editing API in
    ``boardpack.pack.edit_record`` takes (in a public register, among public rows).
    """

    committee: str
    date: dt.date
    pack: str
    item_number: int | None
    item: str
    title: str
    part_b: bool
    type: Literal["resolution", "action"]
    kind: str
    text: str
    owner: str
    due: dt.date | None
    status: str
    resolution: int
    action: int | None
    decision: str = ""
    decision_detail: str = ""


FIELDS = tuple(Row.__dataclass_fields__)
DATE, DUE = FIELDS.index("date"), FIELDS.index("due")


@dataclass
class Register:
    rows: list[Row]
    problems: list[Problem]


def pack_folders(folder: Path) -> list[Path]:
    """``folder`` if it is a pack, else the packs in it (and one level further down)."""
    if is_pack(folder):
        return [folder]
    if not folder.is_dir():
        raise BoardpackError(Problem("no such folder", pack=str(folder),
                                     hint="give a folder of packs, e.g. packs/"))
    found = []
    for child in sorted(p for p in folder.iterdir() if p.is_dir()):
        found += [child] if is_pack(child) else packs_in(child)
    return found


def collect(folder: Path, *, committee: str | None = None, status: Status | None = None,
            public: bool = False, today: dt.date | None = None,
            read: Callable[[Path], Record] = record.read) -> Register:
    """Every resolution and action under ``folder``, filtered.

    ``committee`` matches a committee name case-insensitively (a part of it is
    enough); ``status`` keeps only actions with that status; decisions' status is as
    of ``today`` (default: today). Each pack is read from its record (``read``:
    from its cache; ``boardpack.pack.record.make`` for the slow path of a full load),
    or, by default, from its listing kept beside the record (``listing``).
    """
    register = Register([], [])
    with paused_gc():  # many small objects, no cycles: the collector would only cost
        for root in pack_folders(Path(folder)):
            found = listing(root, public, today) if read is record.read \
                else _listing(read(root), public, today)
            register.problems += found.problems
            name = found.committee
            if name is None or (committee and not (
                    same_committee(committee, name) or committee.casefold() in name.casefold())):
                continue
            register.rows += [r for r in found.rows
                              if status is None or (r.type == "action" and r.status == status)]
    register.rows.sort(key=lambda r: (r.date, r.pack, r.item_number or 0, r.resolution,
                                      -1 if r.action is None else r.action))
    return register


@dataclass(frozen=True)
class Listing:
    """What the register lists of one pack: its committee (None when it does not
    load), its rows and its record's problems."""

    committee: str | None
    rows: list[Row]
    problems: list[Problem]


LISTINGS = "register"
HERE = Path(__file__).resolve().parent  # the code that makes a listing, with textfmt
LISTING_VERSION = "listing 2"  # bump when what ``_kept`` keeps, or how, changes


def listing(root: Path, public: bool = False, today: dt.date | None = None) -> Listing:
    """The listing of the pack in ``root``, kept in its cache beside its record
    (``record.kept``) while what the record is made of is the same. A pack with an
    executive's decisions, whose status depends on the day, is listed from its record."""
    version = digest(LISTING_VERSION, record.code(HERE, Path(textfmt.__file__)))
    found = _revived(record.kept(root, LISTINGS, version, _kept), public)
    return found if found is not None else _listing(record.read(root), public, today)


def _revived(kept: Any, public: bool) -> Listing | None:
    """The listing ``_kept`` kept; None if it kept no rows (or is damaged)."""
    try:
        rows = kept["public" if public else "members"]
        if rows is None:
            return None
        return Listing(kept["committee"], [_row(r) for r in rows],
                       [problem_from_json(p) for p in kept["problems"]])
    except (TypeError, KeyError, ValueError, AttributeError, IndexError):
        return None  # damaged: listed from the record


def _listing(found: Record, public: bool, today: dt.date | None) -> Listing:
    pack = found.pack
    return Listing(pack.meeting.committee if pack else None,
                   pack_rows(pack, public=public, today=today) if pack else [],
                   list(found.problems))


def _kept(found: Record) -> dict[str, Any]:
    """What ``listing`` keeps of a record: its listings as plain data (the rows left
    out, None, when the decisions' status depends on the day or the rows do not come
    back from JSON the same)."""
    pack = found.pack
    problems = [problem_to_json(p) for p in found.problems]
    out: dict[str, Any] = {"committee": pack.meeting.committee if pack else None,
                           "problems": problems if [problem_from_json(p) for p in problems]
                           == list(found.problems) else None,
                           "members": None, "public": None}
    if out["problems"] is None or (pack is not None and decisions.decisions(pack)):
        return out
    for view, public in (("members", False), ("public", True)):
        rows = pack_rows(pack, public=public) if pack else []
        plain = [list(_plain(r).values()) for r in rows]
        out[view] = plain if [_row(r) for r in plain] == rows else None
    return out


def _row(plain: list[Any]) -> Row:
    """A row from its plain data (``_plain``'s values, in ``FIELDS`` order)."""
    values = list(plain)
    values[DATE] = dt.date.fromisoformat(values[DATE])
    values[DUE] = dt.date.fromisoformat(values[DUE]) if values[DUE] else None
    return Row(*values)


def pack_rows(pack: Pack, *, public: bool = False, today: dt.date | None = None) -> list[Row]:
    """The rows of one pack."""
    shown = views.view(pack, "public" if public else "members")
    entries = shown.full
    decided = {id(d.resolution): d for d in decisions.decisions(pack)}
    times = decisions.timetable(pack) if decided else None  # an executive's only
    rows = []
    for index, resolution in enumerate(shown.resolutions):
        entry = entries.get(resolution.item)
        part_b = entry is None or entry.item.part_b
        common: dict[str, Any] = dict(
            committee=pack.meeting.committee, date=pack.meeting.date, pack=pack.name,
            item_number=entry.number if entry else None, item=resolution.item,
            title=entry.item.title if entry else "", part_b=part_b, resolution=index)
        points = resolution.text
        text = points[0] if len(points) == 1 else "\n".join(
            f"{n}. {point}" for n, point in enumerate(points, start=1))
        found = decided.get(id(resolution))
        state = decisions.status(found, times, today or dt.date.today()) \
            if found and times else None
        rows.append(Row(**common, type="resolution", kind=resolution.kind, text=text,
                        owner="", due=None, status="", action=None,
                        decision=state.state if state else "",
                        decision_detail=state.text if state else ""))
        rows += [Row(**common, type="action", kind="ACTION", text=a.what, owner=a.owner,
                     due=a.due, status=a.status, action=number)
                 for number, a in enumerate(resolution.actions)]
    return rows


def to_csv(rows: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(FIELDS), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(_plain(row))
    return out.getvalue()


def to_json(rows: list[Row]) -> str:
    plain = [_plain(r) for r in rows]
    try:
        return orjson.dumps(plain, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"
    except TypeError:  # what orjson will not write (a lone surrogate): as json writes it
        return json.dumps(plain, indent=2, ensure_ascii=False) + "\n"


def _plain(row: Row) -> dict[str, Any]:
    data = {name: getattr(row, name) for name in FIELDS}
    data["date"] = row.date.isoformat()
    data["due"] = row.due.isoformat() if row.due else ""
    return data


def table(rows: list[Row], width: int = 80) -> str:
    """Rows grouped by meeting, wrapped to ``width`` columns."""
    if not rows:
        return "No resolutions or actions recorded.\n"
    kind_width = max(len(r.kind) for r in rows)
    indent = 4 + 2 + kind_width + 2
    text_width = max(20, width - indent)
    head = f"{'Item':>4}  {'Kind':<{kind_width}}  Decision, or action (owner · due · status)"
    lines: list[str] = [head[:width]]
    meeting = None
    for row in rows:
        if (row.pack, row.date) != meeting:
            meeting = (row.pack, row.date)
            lines.append("")
            heading = f"{row.committee}, {short_date(row.date)} ({row.pack})"
            lines += [*_lines(heading, width), "-" * min(width, len(heading))]
        number = str(row.item_number) if row.item_number else "?"
        text = row.text
        if row.part_b:
            text = ("[Part B]\n" if "\n" in text else "[Part B] ") + text
        wrapped = _wrap(text, text_width)
        if row.decision_detail:
            wrapped += _wrap(f"Decision: {row.decision_detail}", text_width)
        if row.type == "action":
            detail = " · ".join(x for x in (row.owner, f"due {short_date(row.due)}"
                                            if row.due else "", row.status) if x)
            wrapped += _wrap(detail, text_width)
        kind = row.kind.lower() if row.type == "action" else row.kind
        first, *rest = wrapped or [""]
        lines.append(f"{number:>4}  {kind:<{kind_width}}  {first}".rstrip())
        lines += [" " * indent + line for line in rest]
    return "\n".join(lines) + "\n"


def _wrap(text: str, width: int) -> list[str]:
    out: list[str] = []
    for paragraph in text.splitlines() or [""]:
        out += _lines(paragraph, width, "   " if paragraph[:1].isdigit() else "") or [""]
    return out


def _lines(text: str, width: int, indent: str = "") -> list[str]:
    """``textwrap.wrap(text, width, subsequent_indent=indent)``, without its work for
    a line that already fits (printable, no space at its end, at most ``width`` long),
    which it gives back as it is."""
    if len(text) <= width and text.isprintable() and text[-1:] not in ("", " "):
        return [text]
    return textwrap.wrap(text, width, subsequent_indent=indent)
