"""Change a pack's agenda and meeting details, as the app (or a script) asks.

Every function here makes one change to ``pack.toml`` and saves it at once,
under the pack's lock, keeping the clerk's comments and layout (see
``tomledit.edit``). Bad input raises ``BoardpackError`` naming pack, item and
file; nothing is written then. Files are never deleted: a detached dropped file
is renamed so that it waits in the inbox instead.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import AoT, Comment, Table, Whitespace
from tomlkit.toml_document import TOMLDocument

from boardpack.files import inside
from boardpack.layout import DROP_FOLDER, NOT_CONTENT, PACK_FILE
from boardpack.model import PURPOSES
from boardpack.pack import tomledit
from boardpack.pack.load import ITEM_ID, TIME, drop_candidates
from boardpack.problems import BoardpackError, Problem
from boardpack.sources import kind_for

ITEM_FIELDS = ("title", "presenter", "purpose", "summary", "exempt", "to_follow")
MEETING_FIELDS = ("authority", "committee", "date", "time", "venue", "members", "chair",
                  "vice_chair", "previous_meeting", "published")
CLERK_FIELDS = ("name", "email", "phone")
UNASSIGNED_PREFIX = "_"


def _fail(root: Path, message: str, *, item: str = "", file: str = PACK_FILE,
          hint: str = "") -> BoardpackError:
    return BoardpackError(Problem(message, pack=root.name, item=item, file=file, hint=hint))


def _items(doc: TOMLDocument) -> AoT:
    """The ``[[item]]`` array, created if the pack has no items yet."""
    if "item" not in doc:
        doc.append("item", tomlkit.aot())
    items = doc["item"]
    if not isinstance(items, AoT):
        raise BoardpackError(Problem("'item' should be [[item]] tables", file=PACK_FILE,
                                     hint="fix pack.toml by hand first"))
    return items


def _index(root: Path, items: AoT, item_id: str) -> int:
    for index, table in enumerate(items):
        if table.get("id") == item_id:
            return index
    raise _fail(root, f"no agenda item with id '{item_id}'", item=item_id,
                hint="reload the pack: it may have been changed elsewhere")


def _check_item_values(root: Path, item_id: str, values: dict[str, Any]) -> None:
    unknown = set(values) - set(ITEM_FIELDS)
    if unknown:
        raise _fail(root, f"unknown item field(s) {sorted(unknown)}", item=item_id)
    if "title" in values and not str(values["title"]).strip():
        raise _fail(root, "the title is empty", item=item_id, hint="give the item a title")
    if "purpose" in values and values["purpose"] not in PURPOSES:
        raise _fail(root, f"purpose should be one of {', '.join(PURPOSES)}", item=item_id)
    exempt = values.get("exempt")
    if exempt is not None and (isinstance(exempt, bool) or not isinstance(exempt, int)
                               or not 1 <= exempt <= 7):
        raise _fail(root, "the Part B paragraph should be a number from 1 to 7", item=item_id,
                    hint="paragraphs of Schedule 12A to the Local Government Act 1972")


def _set(table: Any, key: str, value: Any) -> None:
    """Set a key, or remove it when the value is empty (so defaults apply).

    A new key goes after the table's last key, not after the comments that
    lead the next table.
    """
    if value is None or value == "" or value is False or value == []:
        if key in table:
            del table[key]
    elif key in table or not isinstance(table, Table):
        table[key] = value
    else:
        trailing = _trailing(table)
        table[key] = value
        _append(table, trailing)


# --- keeping comments with the item they describe -----------------------------------

def _trailing(table: Table) -> list[Any]:
    """Take the comments and blank lines at the end of a table (they lead the next one)."""
    body = table.value.body
    taken: list[Any] = []
    while body and body[-1][0] is None and isinstance(body[-1][1], Whitespace | Comment):
        taken.insert(0, body.pop()[1])
    return taken


def _append(table: Table, pieces: list[Any]) -> None:
    for piece in pieces:
        table.value.body.append((None, piece))


def _before(doc: TOMLDocument, items: AoT) -> Table | None:
    """The table just above the item array in the file, if it is a plain table."""
    previous = None
    for _key, value in doc.body:
        if value is items:
            return previous if isinstance(previous, Table) else None
        if isinstance(value, Table | AoT):
            previous = value
    return None


def _arrange(doc: TOMLDocument, items: AoT, order: Sequence[int],
             added: Sequence[tuple[int, Table]] = ()) -> None:
    """Rewrite the item array in ``order`` (old indices), with ``added`` tables inserted.

    A comment written just above an ``[[item]]`` header is stored by tomlkit at
    the end of the previous table; it is moved with the item it precedes, and
    the comments of a removed item go to the one after it, so none is lost.
    """
    tables = list(items)
    trails = [_trailing(t) for t in tables]
    leads: dict[int, list[Any]] = {i: trails[i - 1] for i in range(1, len(tables))}
    tail = trails[-1] if trails else []
    carried: list[Any] = []
    for old in range(1, len(tables)):
        if old not in order:
            carried += leads.pop(old)
        elif carried:
            leads[old] = carried + leads[old]
            carried = []
    tail = carried + tail
    sequence: list[tuple[Table, list[Any]]] = [(tables[i], leads.get(i, [])) for i in order]
    for position, table in added:
        sequence.insert(position, (table, []))
    if sequence and sequence[0][1]:  # the new first item's comments go above the agenda
        above = _before(doc, items)
        if above is not None:
            _append(above, sequence[0][1])
        else:
            tail = sequence[0][1] + tail
    while len(items):
        del items[0]
    for position, (table, _lead) in enumerate(sequence):
        if position + 1 < len(sequence):
            following = sequence[position + 1][1]
            if not following or not isinstance(following[0], Whitespace):
                following = [Whitespace("\n"), *following]
        else:
            following = tail
        _append(table, following)
        items.append(table)


# --- items --------------------------------------------------------------------------

def add_item(root: Path, item_id: str, title: str, *, position: int | None = None,
             **values: Any) -> None:
    """Add an item (at ``position`` among the items, default last)."""
    item_id = item_id.strip()
    if not ITEM_ID.match(item_id):
        raise _fail(root, f"'{item_id}' is not a usable item id", item=item_id,
                    hint="lower-case letters, digits and dashes, e.g. 'kpi-report'")
    _check_item_values(root, item_id, {"title": title, **values})
    with tomledit.edit(root / PACK_FILE) as doc:
        items = _items(doc)
        if any(t.get("id") == item_id for t in items):
            raise _fail(root, f"there is already an item with id '{item_id}'", item=item_id,
                        hint="choose another id")
        table = tomlkit.table()
        table["id"] = item_id
        table["title"] = title.strip()
        for key in ITEM_FIELDS:
            if key in values:
                _set(table, key, values[key])
        count = len(items)
        where = count if position is None else max(0, min(position, count))
        _arrange(doc, items, list(range(count)), [(where, table)])


def update_item(root: Path, item_id: str, **values: Any) -> None:
    """Change an item's title, presenter, purpose, summary, Part B paragraph or to_follow.

    An empty value (or ``exempt=None``) removes the key, so the default applies.
    """
    _check_item_values(root, item_id, values)
    with tomledit.edit(root / PACK_FILE) as doc:
        items = _items(doc)
        table = items[_index(root, items, item_id)]
        for key, value in values.items():
            _set(table, key, value.strip() if isinstance(value, str) else value)


def remove_item(root: Path, item_id: str) -> None:
    """Take an item off the agenda (its files stay where they are)."""
    with tomledit.edit(root / PACK_FILE) as doc:
        items = _items(doc)
        index = _index(root, items, item_id)
        _arrange(doc, items, [i for i in range(len(items)) if i != index])


def move_item(root: Path, item_id: str, offset: int) -> int:
    """Move an item up (negative) or down the agenda; returns its new position."""
    with tomledit.edit(root / PACK_FILE) as doc:
        items = _items(doc)
        index = _index(root, items, item_id)
        target = max(0, min(index + offset, len(items) - 1))
        if target != index:
            order = [i for i in range(len(items)) if i != index]
            order.insert(target, index)
            _arrange(doc, items, order)
        return target


# --- files --------------------------------------------------------------------------

def entries_of(files: Any) -> Iterator[tuple[int, str]]:
    """The position and path of each entry of a ``files`` array (strings or tables)."""
    for index, entry in enumerate(files):
        path = entry if isinstance(entry, str) else entry.get("path", "")
        yield index, str(path)


def entries(table: Any) -> Iterator[tuple[int, str]]:
    """The position and path of each file an ``[[item]]`` table lists."""
    return entries_of(table.get("files", []))


def item_table(root: Path, doc: TOMLDocument, item_id: str) -> Table:
    """The ``[[item]]`` table of ``item_id`` in the document (raises if there is none)."""
    items = _items(doc)
    return items[_index(root, items, item_id)]


def attach(root: Path, item_id: str, path: str, **options: Any) -> None:
    """List a file of the pack (``path`` relative to it) under an item."""
    if kind_for(path) is None and "kind" not in options:
        raise _fail(root, "boardpack cannot read this kind of file", item=item_id, file=path,
                    hint="use .md, .docx, .pdf or .xlsx")
    inside(root, path, pack=root.name, item=item_id)
    with tomledit.edit(root / PACK_FILE) as doc:
        items = _items(doc)
        for table in items:
            if any(p == path for _, p in entries(table)):
                raise _fail(root, f"already attached to item '{table.get('id')}'",
                            item=item_id, file=path, hint="detach it there first")
        table = items[_index(root, items, item_id)]
        if "files" not in table:
            table["files"] = tomlkit.array()
        entry: Any = path
        if options:
            entry = tomlkit.inline_table()
            entry.update({"path": path, **options})
        table["files"].append(entry)


def detach(root: Path, item_id: str, path: str) -> str | None:
    """Take a file off an item; the file itself is kept.

    A file attached because its name starts with the item id (dropped into
    ``reports/``) is renamed with a leading ``_`` so that it waits in the inbox;
    the new path is returned. Otherwise returns None.
    """
    with tomledit.edit(root / PACK_FILE) as doc:
        items = _items(doc)
        table = items[_index(root, items, item_id)]
        listed = [i for i, p in entries(table) if p == path]
        for index in reversed(listed):
            del table["files"][index]
        if listed:
            if not table["files"]:
                del table["files"]
            return None
    if path not in drop_candidates(root):
        raise _fail(root, "this file is not attached to the item", item=item_id, file=path)
    folder = root / DROP_FOLDER
    name = Path(path).name
    target = folder / (UNASSIGNED_PREFIX + name)
    while target.exists():
        target = folder / (UNASSIGNED_PREFIX + target.name)
    with tomledit.locked(root):
        os.rename(folder / name, target)
    return f"{DROP_FOLDER}/{target.name}"


def assign(root: Path, path: str, item_id: str) -> None:
    """Give a file from the inbox (the drop folder's unmatched files) to an item.

    The file keeps its name and place; it is listed under the item in pack.toml.
    """
    attach(root, item_id, path)


def attachable(root: Path) -> list[str]:
    """Files in the pack that boardpack can read and no item lists yet, by path."""
    try:
        text = (root / PACK_FILE).read_text(encoding="utf-8")
        doc = tomlkit.parse(text)
        listed = {p for t in doc.get("item", []) for _, p in entries(t)}
    except (OSError, ValueError):
        listed = set()
    found = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in NOT_CONTENT and not d.startswith("."))
        for name in sorted(names):
            rel = Path(folder, name).relative_to(root).as_posix()
            if rel not in listed and kind_for(rel) and not name.startswith((".", "~")):
                found.append(rel)
    return found


# --- meeting ------------------------------------------------------------------------

def _meeting_value(root: Path, key: str, value: Any) -> Any:
    if key in ("date", "previous_meeting", "published"):
        if value in ("", None):
            if key == "date":
                raise _fail(root, "the meeting date is required", hint="e.g. 2027-01-20")
            return None
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                raise _fail(root, f"{key.replace('_', ' ')} '{value}' is not a date like "
                                  "2027-01-20") from None
        return value
    if key == "time":
        if not TIME.match(str(value).strip()):
            raise _fail(root, f"time '{value}' is not a time like 14:00")
        return str(value).strip().replace(".", ":")
    if key == "members":
        names = [m.strip() for m in (value.splitlines() if isinstance(value, str) else value)]
        return [m for m in names if m]
    return str(value).strip()


def update_meeting(root: Path, *, clerk: dict[str, str] | None = None, **values: Any) -> None:
    """Change the meeting's details (and the clerk's contact details)."""
    unknown = set(values) - set(MEETING_FIELDS) | set(clerk or {}) - set(CLERK_FIELDS)
    if unknown:
        raise _fail(root, f"unknown meeting field(s) {sorted(unknown)}")
    cleaned = {key: _meeting_value(root, key, value) for key, value in values.items()}
    for required in ("authority", "committee", "venue"):
        if required in cleaned and not cleaned[required]:
            raise _fail(root, f"the meeting's {required} is required")
    with tomledit.edit(root / PACK_FILE) as doc:
        if not isinstance(doc.get("meeting"), dict):
            raise _fail(root, "pack.toml has no [meeting] table",
                        hint="fix pack.toml by hand first")
        meeting = doc["meeting"]
        for key, value in cleaned.items():
            if key == "members":
                array = tomlkit.array()
                array.extend(value)
                if len(value) > 2:
                    array.multiline(True)
                meeting[key] = array
            else:
                _set(meeting, key, value)
        if clerk:
            if not isinstance(meeting.get("clerk"), dict):
                _set(meeting, "clerk", tomlkit.inline_table())
            for key, value in clerk.items():
                _set(meeting["clerk"], key, value.strip())
