"""Load and validate a pack folder: ``pack.toml``, ``resolutions.toml`` and the drop folder.

``load`` returns the model and every problem found; it raises ``BoardpackError``
only when there is no model to return (no ``pack.toml``, or TOML that does not
parse, or no usable ``[meeting]``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from boardpack import templates
from boardpack.files import inside
from boardpack.layout import DROP_FOLDER, PACK_FILE
from boardpack.model import PURPOSES, Contact, Item, Limits, Meeting, Pack, SourceRef
from boardpack.pack import executive, resolutions
from boardpack.pack.tomlcheck import Lines, Table, parse, read_text
from boardpack.problems import BoardpackError, Level, Problem
from boardpack.sources import images, kind_for, kinds

ITEM_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
TIME = re.compile(r"^([01]?\d|2[0-3])[:.][0-5]\d$")
IGNORED_DROPS = re.compile(r"^(\.|~\$|~|Thumbs\.db$|desktop\.ini$)|\.(tmp|part|crdownload)$", re.I)


@dataclass
class Loaded:
    """A pack and what is wrong with it."""

    pack: Pack
    problems: list[Problem] = field(default_factory=list)
    unmatched_drops: list[str] = field(default_factory=list)


def load(root: Path | str) -> Loaded:
    """Load the pack in ``root`` with every problem found, or raise if there is no pack."""
    root = Path(root)
    pack_name = root.name or str(root)
    pack_path = root / PACK_FILE
    if not root.is_dir():
        raise BoardpackError(
            Problem("no such pack folder", pack=pack_name,
                    hint="give the folder that holds pack.toml, e.g. packs/my-meeting")
        )
    if not pack_path.exists():
        raise BoardpackError(
            Problem("no pack.toml in this folder", pack=pack_name, file=PACK_FILE,
                    hint="create one with: boardpack new " + str(root))
        )
    text = read_text(pack_path, pack=pack_name, file=PACK_FILE)
    data = parse(text, pack=pack_name, file=PACK_FILE)
    lines = Lines(text)
    problems: list[Problem] = []

    meeting = _meeting(data, pack_name, lines, problems)
    committee = _committee_template(meeting.template, root, pack_name, problems)
    house = _house(data, meeting.style, root, pack_name, lines, problems)
    limits = _limits(data, pack_name, lines, problems)
    items = _items(data, root, pack_name, lines, problems, committee)
    for key in data:
        if key not in {"meeting", "item", "house", "limits"}:
            problems.append(Problem(f"unknown table or key '{key}'", pack=pack_name,
                                    file=PACK_FILE, line=lines.table(key) or lines.key("", 0, key),
                                    hint="known: [meeting], [[item]], [house], [limits]"))
    pack = Pack(root=root, meeting=meeting, items=items, house=house, committee=committee,
                limits=limits)
    unmatched = _attach_drops(pack, problems, named_files(data))
    problems += shared_papers(pack)
    pack.resolutions = resolutions.load(pack, problems)
    return Loaded(pack=pack, problems=problems, unmatched_drops=unmatched)


def load_or_raise(root: Path | str) -> Pack:
    """The pack, raising ``BoardpackError`` if any problem is an error."""
    loaded = load(root)
    fatal = [p for p in loaded.problems if p.level is Level.ERROR]
    if fatal:
        raise BoardpackError(fatal)
    return loaded.pack


def _date(value: Any) -> str:
    return "" if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else (
        "should be a date like 2026-07-20 (no quotes)")


def _meeting(data: dict[str, Any], pack: str, lines: Lines, problems: list[Problem]) -> Meeting:
    raw = data.get("meeting")
    if not isinstance(raw, dict):
        raise BoardpackError(
            Problem("pack.toml has no [meeting] table", pack=pack, file=PACK_FILE,
                    hint="start the file with [meeting] and the meeting's details")
        )
    t = Table(raw, "[meeting]", pack, PACK_FILE, lines, "meeting")
    date = t.get("date", (dt.date,), None, required=True, check=_date)
    time = t.get("time", str, "", required=True,
                 check=lambda v: "" if TIME.match(v) else "should be a time like \"14:00\"")
    clerk_raw = t.get("clerk", dict, {}, required=True)
    ct = Table(clerk_raw, "[meeting].clerk", pack, PACK_FILE, lines, "meeting")
    clerk = Contact(
        name=ct.get("name", str, "", required=bool(clerk_raw)),
        email=ct.get("email", str, ""),
        phone=ct.get("phone", str, ""),
    )
    meeting = Meeting(
        authority=t.get("authority", str, "", required=True),
        committee=t.get("committee", str, "", required=True),
        date=date or dt.date.today(),
        time=(time or "").replace(".", ":"),
        venue=t.get("venue", str, "", required=True),
        members=t.strings("members", required=True),
        clerk=clerk,
        chair=t.get("chair", str, ""),
        vice_chair=t.get("vice_chair", str, ""),
        nation=t.get("nation", str, "england",
                     check=lambda v: "" if v in NATIONS
                     else f"should be one of {', '.join(NATIONS)}"),
        published=t.get("published", (dt.date,), None, check=_date),
        previous_meeting=t.get("previous_meeting", (dt.date,), None, check=_date),
        template=t.get("template", str, "default"),
        style=t.get("style", str, "default"),
    )
    problems += t.finish() + ct.finish()
    if not meeting.members and "members" in raw:
        problems.append(Problem("[meeting] members is empty", pack=pack, file=PACK_FILE,
                                line=lines.key("meeting", 0, "members"),
                                hint="list the committee's members", level=Level.WARNING))
    return meeting


NATIONS = ("england", "wales", "scotland", "northern-ireland")


def _committee_template(name: str, root: Path, pack: str, problems: list[Problem]) -> dict:
    try:
        return templates.load_toml("committees", name, root)
    except BoardpackError as exc:
        problems += [p.located(pack=pack, file=PACK_FILE) for p in exc.problems]
        try:
            return templates.load_toml("committees", "default", root)
        except BoardpackError:
            return {}


def _house(data: dict, style: str, root: Path, pack: str, lines: Lines,
           problems: list[Problem]) -> dict[str, Any]:
    try:
        house = dict(templates.load_toml("house", style, root))
    except BoardpackError as exc:
        problems += [p.located(pack=pack, file=PACK_FILE) for p in exc.problems]
        house = {}
    override = data.get("house", {})
    if not isinstance(override, dict):
        problems.append(Problem("[house] should be a table", pack=pack, file=PACK_FILE))
        return house
    t = Table(override, "[house]", pack, PACK_FILE, lines, "house")
    for key in ("name", "logo", "colour", "accent", "font"):
        value = t.get(key, str, None)
        if value is not None:
            house[key] = value
    problems += t.finish()
    colour_ok = re.compile(r"^#[0-9a-fA-F]{6}$")
    for key in ("colour", "accent"):
        if key in house and not colour_ok.match(str(house[key])):
            problems.append(Problem(f"[house] {key} should be a colour like \"#1d4f91\"", pack=pack,
                                    file=PACK_FILE, line=lines.key("house", 0, key)))
            house.pop(key)
    if house.get("logo"):
        try:
            house["logo_path"] = inside(root, house["logo"], pack=pack)
        except BoardpackError:
            try:
                house["logo_path"] = templates.find(f"house/{house['logo']}", root)
            except BoardpackError:
                problems.append(Problem(f"logo '{house['logo']}' not found", pack=pack,
                                        file=PACK_FILE, level=Level.WARNING,
                                        hint="put the logo in the pack folder or templates/house/"))
    return house


def _limits(data: dict, pack: str, lines: Lines, problems: list[Problem]) -> Limits:
    raw = data.get("limits", {})
    if not isinstance(raw, dict):
        problems.append(Problem("[limits] should be a table", pack=pack, file=PACK_FILE))
        return Limits()
    t = Table(raw, "[limits]", pack, PACK_FILE, lines, "limits")
    positive = lambda v: "" if v > 0 else "should be more than 0"  # noqa: E731
    values: dict[str, Any] = {}
    for spec in dataclasses.fields(Limits):
        whole = spec.type in (int, "int")  # a count of pages, rows, cells
        value = t.get(spec.name, (int,) if whole else (int, float), None, check=positive)
        if value is not None:
            values[spec.name] = value if whole else float(value)
    problems += t.finish()
    return Limits(**values)


def _items(data: dict, root: Path, pack: str, lines: Lines, problems: list[Problem],
           committee: dict) -> list[Item]:
    raw_items = data.get("item", [])
    if not isinstance(raw_items, list):
        problems.append(Problem("'item' should be [[item]] tables", pack=pack, file=PACK_FILE))
        return []
    if not raw_items:
        problems.append(Problem("the agenda has no items", pack=pack, file=PACK_FILE,
                                hint="add an [[item]] table for each report"))
    reserved = {s.get("id") for part in ("opening", "closing") for s in committee.get(part, [])}
    reserved.add("exclusion")
    items: list[Item] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(raw_items):
        if not isinstance(raw, dict):
            problems.append(Problem(f"item {index + 1} is not a table", pack=pack, file=PACK_FILE))
            continue
        item_id = raw["id"] if isinstance(raw.get("id"), str) else f"#{index + 1}"
        t = Table(raw, f"item {index + 1}", pack, PACK_FILE, lines, "item", index, item=item_id)
        item_id = t.get("id", str, item_id, required=True, check=lambda v: "" if ITEM_ID.match(v)
                        else "should be lower-case letters, digits and dashes, e.g. 'kpi-report'")
        if item_id in seen:
            t.problem("id", f"duplicate item id '{item_id}' (also item {seen[item_id] + 1})",
                      "give each item its own id")
        elif item_id in reserved:
            t.problem("id", f"item id '{item_id}' is used by a standard item of the committee "
                            "template", "choose another id")
        seen.setdefault(item_id, index)
        item = Item(
            id=item_id,
            title=t.get("title", str, "", required=True),
            presenter=t.get("presenter", str, ""),
            purpose=t.get("purpose", str, "information", check=lambda v: "" if v in PURPOSES
                          else f"should be one of {', '.join(PURPOSES)}"),
            summary=t.get("summary", str, ""),
            exempt=t.get("exempt", int, None, check=lambda v: "" if 1 <= v <= 7 else
                         "should be a paragraph of Schedule 12A, a number from 1 to 7"),
            to_follow=t.get("to_follow", bool, False),
        )
        item.notices = executive.read_notices(t)  # key decision, private meeting
        item.files = _sources(t, root, item, problems)
        problems += t.finish()
        items.append(item)
    return items


def _sources(t: Table, root: Path, item: Item, problems: list[Problem]) -> list[SourceRef]:
    refs: list[SourceRef] = []
    entries = t.get("files", list, [])
    for position, entry in enumerate(entries, start=1):
        options: dict[str, Any] = {}
        if isinstance(entry, str):
            path, kind, title = entry, None, ""
        elif isinstance(entry, dict):
            et = Table(entry, f"item '{item.id}' file {position}", t.pack, t.file, t.lines,
                       "item", t.index, item=item.id)
            path = et.get("path", str, "", required=True)
            kind = et.get("kind", str, None, check=lambda v: "" if v in kinds() else
                          f"should be one of {', '.join(kinds())}")
            title = et.get("title", str, "")
            options = {k: v for k, v in entry.items() if k not in {"path", "kind", "title"}}
            problems += et.finish(set(options))
            if not path:
                continue
        else:
            t.problem("files", f"item '{item.id}': files should be paths or {{path = …}} tables")
            continue
        try:
            inside(root, path, pack=t.pack, item=item.id)
        except BoardpackError as exc:
            if not (item.to_follow and "not found" in exc.problems[0].message):
                problems.extend(exc.problems)
            continue
        kind = kind or kind_for(path)
        if kind is None:
            problems.append(Problem("boardpack cannot read this kind of file", pack=t.pack,
                                    item=item.id, file=path,
                                    hint="use .md, .docx, .pdf or .xlsx"))
            continue
        refs.append(SourceRef(path=path, kind=kind, options=tuple(sorted(options.items())),
                              title=title))
    return refs


def drop_candidates(root: Path) -> list[str]:
    """Files in the drop folder, as paths relative to the pack, in name order."""
    folder = root / DROP_FOLDER
    if not folder.is_dir():
        return []
    return sorted(
        f"{DROP_FOLDER}/{p.name}" for p in folder.iterdir()
        if not IGNORED_DROPS.search(p.name) and not p.is_dir()
    )


def match_drop(name: str, item_ids: list[str]) -> str | None:
    """The item a dropped file belongs to: the longest id its name starts with."""
    stem = re.sub(r"[_ ]", "-", Path(name).name.lower())  # "KPI_Workforce" is kpi-workforce
    best = None
    for item_id in item_ids:
        if re.match(re.escape(item_id) + r"($|[-_. ])", stem) and (
            best is None or len(item_id) > len(best)
        ):
            best = item_id
    return best


def named_files(data: dict[str, Any]) -> set[str]:
    """Every path pack.toml names, normalised, including ones that were refused."""
    named = set()
    for raw in data.get("item", []) if isinstance(data.get("item"), list) else []:
        entries = raw.get("files", []) if isinstance(raw, dict) else []
        for entry in entries if isinstance(entries, list) else []:
            path = entry.get("path") if isinstance(entry, dict) else entry
            if isinstance(path, str) and path:
                named.add(posixpath.normpath(path))
    return named


def _attach_drops(pack: Pack, problems: list[Problem], named: set[str]) -> list[str]:
    """Attach files dropped into ``reports/`` whose name starts with an item id.

    A file pack.toml names (even one it refused) is never attached a second time.
    """
    listed = named | {posixpath.normpath(ref.path) for item in pack.items for ref in item.files}
    ids = [item.id for item in pack.items]
    unmatched: list[str] = []
    for path in drop_candidates(pack.root):
        if path in listed:
            continue
        item_id = match_drop(path, ids)
        kind = kind_for(path)
        if kind is None and Path(path).suffix.lower().lstrip(".") in images.KINDS:
            continue  # an image a report shows, not a report
        if item_id is None or kind is None:
            unmatched.append(path)
            problems.append(Problem(
                "dropped file matches no agenda item" if kind else
                "dropped file is not a kind boardpack reads",
                pack=pack.name, file=path, level=Level.WARNING,
                hint="rename it to start with an item id (e.g. "
                     f"{ids[0] if ids else 'item-id'}-report.docx) or list it in pack.toml"))
            continue
        item = pack.item(item_id)
        assert item is not None
        try:
            inside(pack.root, path, pack=pack.name, item=item_id)
        except BoardpackError as exc:
            problems.extend(exc.problems)
            continue
        item.files.append(SourceRef(path=path, kind=kind, dropped=True))
    return unmatched


def shared_papers(pack: Pack) -> list[Problem]:
    """Errors for a file that is a paper of an exempt item and of a public one: listed
    by both, or listed by the public one and named for the exempt one in the drop
    folder. The public edition would publish it whole with the public item."""
    ids = [item.id for item in pack.items]
    owners: dict[Path, list[Item]] = {}
    for item in pack.items:
        for ref in item.files:
            owners.setdefault((pack.root / ref.path).resolve(), []).append(item)
            named_for = pack.item(match_drop(ref.path, ids) or "") if (
                posixpath.dirname(posixpath.normpath(ref.path)) == DROP_FOLDER) else None
            if named_for is not None and named_for is not item and named_for.part_b:
                owners[(pack.root / ref.path).resolve()].append(named_for)
    problems = []
    for path, items in owners.items():
        exempt = next((i for i in items if i.part_b), None)
        shown = next((i for i in items if not i.part_b), None)
        if exempt is None or shown is None:
            continue
        file = path.relative_to(pack.root.resolve()).as_posix()
        problems.append(Problem(
            f"is a paper of both the exempt item '{exempt.id}' and the public item "
            f"'{shown.id}', so the public edition would publish it", pack=pack.name,
            item=shown.id, file=file,
            hint="give each item its own file, or take it off one of them"))
    return problems
