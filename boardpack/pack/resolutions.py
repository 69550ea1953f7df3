"""``resolutions.toml``: what the committee decided, item by item, and who came.

Reading: ``load`` validates the file against the agenda (every problem names
file, line and key). Editing: ``add_resolution``, ``update_resolution``,
``remove_resolution``, ``add_action``, ``update_action``, ``remove_action``,
``set_attendance`` and ``set_decisions`` are the one API the CLI and the terminal app use.
Each edit takes the pack's lock, keeps every comment and the layout a person wrote
(tomlkit), refuses a change that would add a validation error, and saves
atomically. Resolutions and actions are addressed by their 0-based position in
the file, which is also their order in ``Pack.resolutions``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from collections.abc import Iterator, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.container import Container
from tomlkit.items import AoT, Comment, Null, Table, Whitespace
from tomlkit.toml_document import TOMLDocument

from boardpack.model import RESOLUTION_KINDS, Action, Attendance, Pack, Resolution
from boardpack.pack import tomledit
from boardpack.pack.tomlcheck import Lines, parse
from boardpack.pack.tomlcheck import Table as Checked
from boardpack.problems import BoardpackError, Level, Problem

RESOLUTIONS_FILE = "resolutions.toml"
ACTION_STATUSES = ("open", "done")
RESOLUTION_FIELDS = ("item", "kind", "text", "notes", "options", "reasons", "vote", "interests",
                     "urgent", "urgent_reason", "dispensations", "called_in", "called_in_by",
                     "call_in_reason")
ACTION_FIELDS = ("what", "owner", "due", "status")
ATTENDANCE_FIELDS = ("present", "apologies", "officers")
DECISIONS_FIELDS = ("published",)
TOP_LEVEL = ("attendance", "resolution", "decisions")


# --- reading -------------------------------------------------------------------------


def load(pack: Pack, problems: list[Problem]) -> list[Resolution]:
    """The pack's resolutions (and, into ``pack.attendance``, who came); none if no file."""
    from boardpack.pack.agenda import agenda_ids

    path = pack.root / RESOLUTIONS_FILE
    if not path.exists():
        return []
    from boardpack.pack.load import read_text

    try:
        text = read_text(path, pack=pack.name, file=RESOLUTIONS_FILE)
        data = parse(text, pack=pack.name, file=RESOLUTIONS_FILE)
    except BoardpackError as exc:
        problems.extend(exc.problems)
        return []
    lines = Lines(text)
    pack.attendance = parse_attendance(data, lines, pack.name, problems)
    pack.decisions_published = parse_decisions(data, lines, pack.name, problems)
    return parse_resolutions(data, lines, pack.name, set(agenda_ids(pack)), problems)


def parse_attendance(data: dict[str, Any], lines: Lines, pack: str,
                     problems: list[Problem]) -> Attendance:
    """Validate the ``[attendance]`` table: lists of names."""
    raw = data.get("attendance", {})
    if not isinstance(raw, dict):
        problems.append(Problem("'attendance' should be an [attendance] table", pack=pack,
                                file=RESOLUTIONS_FILE, line=lines.key("", 0, "attendance")))
        return Attendance()
    t = Checked(raw, "[attendance]", pack, RESOLUTIONS_FILE, lines, "attendance")
    attendance = Attendance(**{key: t.strings(key) for key in ATTENDANCE_FIELDS})
    problems += t.finish()
    for name in sorted(set(attendance.present) & set(attendance.apologies)):
        problems.append(Problem(f"'{name}' is listed as both present and sending apologies",
                                pack=pack, file=RESOLUTIONS_FILE,
                                line=lines.key("attendance", 0, "apologies"),
                                hint="remove the name from one of the lists",
                                level=Level.WARNING))
    return attendance


def parse_decisions(data: dict[str, Any], lines: Lines, pack: str,
                    problems: list[Problem]) -> dt.date | None:
    """The ``[decisions]`` table: the day an executive's decision notice was published."""
    raw = data.get("decisions", {})
    if not isinstance(raw, dict):
        problems.append(Problem("'decisions' should be a [decisions] table", pack=pack,
                                file=RESOLUTIONS_FILE, line=lines.key("", 0, "decisions")))
        return None
    t = Checked(raw, "[decisions]", pack, RESOLUTIONS_FILE, lines, "decisions")
    published = t.get("published", dt.date, None)
    problems += t.finish()
    return published


def parse_resolutions(data: dict[str, Any], lines: Lines, pack: str, item_ids: set[str],
                      problems: list[Problem]) -> list[Resolution]:
    """Validate parsed ``resolutions.toml`` data against the agenda's item ids."""
    raw_list = data.get("resolution", [])
    for key in data:
        if key not in TOP_LEVEL:
            problems.append(Problem(f"unknown key '{key}'", pack=pack, file=RESOLUTIONS_FILE,
                                    line=lines.table(key) or lines.key("", 0, key),
                                    hint="use [attendance] and [[resolution]] tables"))
    if not isinstance(raw_list, list):
        problems.append(Problem("'resolution' should be [[resolution]] tables", pack=pack,
                                file=RESOLUTIONS_FILE))
        return []
    out: list[Resolution] = []
    action_index = 0
    for index, raw in enumerate(raw_list):
        if not isinstance(raw, dict):
            problems.append(Problem(f"resolution {index + 1} is not a table", pack=pack,
                                    file=RESOLUTIONS_FILE))
            continue
        item = raw.get("item") if isinstance(raw.get("item"), str) else ""
        t = Checked(raw, f"resolution {index + 1}", pack, RESOLUTIONS_FILE, lines, "resolution",
                    index, item=item)
        item = t.get("item", str, "", required=True)
        if item and item not in item_ids:
            t.problem("item", f"resolution {index + 1}: no agenda item with id '{item}'",
                      "use an id from pack.toml (or a standard item such as 'minutes')")
        vote = t.get("vote", (str, dict), "", check=_vote)
        resolution = Resolution(
            item=item,
            kind=t.get("kind", str, "RESOLVED", check=lambda v: "" if v in RESOLUTION_KINDS
                       else f"should be one of {', '.join(RESOLUTION_KINDS)}"),
            text=t.strings("text"),
            notes=t.get("notes", str, ""),
            options=t.get("options", str, ""),
            reasons=t.get("reasons", str, ""),
            vote=vote,
            interests=t.strings("interests"),
            line=lines.table("resolution", index),
            urgent=t.get("urgent", bool, False),
            urgent_reason=t.get("urgent_reason", str, ""),
            dispensations=t.strings("dispensations"),
            called_in=t.get("called_in", dt.date, None),
            called_in_by=t.get("called_in_by", str, ""),
            call_in_reason=t.get("call_in_reason", str, ""),
        )
        actions = t.get("action", list, [])
        for raw_action in actions:
            at = Checked(raw_action if isinstance(raw_action, dict) else {},
                         f"resolution {index + 1} action", pack, RESOLUTIONS_FILE, lines,
                         "resolution.action", action_index, item=item)
            action_index += 1
            resolution.actions.append(Action(
                what=at.get("what", str, "", required=True),
                owner=at.get("owner", str, ""),
                due=at.get("due", dt.date, None, check=lambda v: "" if not isinstance(
                    v, dt.datetime) else "should be a date like 2026-09-01"),
                status=at.get("status", str, "open", check=lambda v: "" if v in ACTION_STATUSES
                              else "should be open or done"),
            ))
            problems += at.finish()
        problems += t.finish()
        out.append(resolution)
    return out


def _vote(value: str | dict) -> str:
    if isinstance(value, str):
        return "" if value in ("", "unanimous") else "should be \"unanimous\" or a table of counts"
    unknown = set(value) - {"for", "against", "abstain"}
    if unknown:
        return f"has unknown keys {sorted(unknown)}; use for, against, abstain"
    if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value.values()):
        return "counts should be whole numbers"
    return ""


# --- editing -------------------------------------------------------------------------


def add_resolution(pack_root: Path, item: str, kind: str = "RESOLVED",
                   text: Sequence[str] = (), *, timeout: float = tomledit.LOCK_TIMEOUT,
                   **fields: Any) -> int:
    """Append a ``[[resolution]]`` for agenda item ``item``; returns its index.

    ``fields`` are any of ``notes``, ``options``, ``reasons`` (text), ``vote``
    ("unanimous" or ``{"for": 5, "against": 1, "abstain": 0}``) and
    ``interests`` (a list of declarations); for an executive, ``urgent`` (not subject
    to call-in) with ``urgent_reason``, ``dispensations`` (a list), and a call-in:
    ``called_in`` (a date), ``called_in_by``, ``call_in_reason``.
    """
    values = {"item": item, "kind": kind, "text": list(text), **fields}
    _known(values, RESOLUTION_FIELDS, "resolution")
    with _editing(Path(pack_root), timeout) as doc:
        table = _new_table(bool(doc.as_string().strip()))
        resolutions = _array_of_tables(doc, "resolution", Path(pack_root))
        _assign(table, values)
        resolutions.append(table)
        return len(resolutions) - 1


def update_resolution(pack_root: Path, index: int, *, timeout: float = tomledit.LOCK_TIMEOUT,
                      **fields: Any) -> None:
    """Change fields of resolution ``index``; a value of None, "" or [] removes the key."""
    _known(fields, RESOLUTION_FIELDS, "resolution")
    with _editing(Path(pack_root), timeout) as doc:
        _assign(_resolution(doc, index, Path(pack_root)), fields)


def remove_resolution(pack_root: Path, index: int, *,
                      timeout: float = tomledit.LOCK_TIMEOUT) -> None:
    """Delete resolution ``index`` and its actions (comments about other tables stay)."""
    root = Path(pack_root)
    with _editing(root, timeout) as doc:
        _resolution(doc, index, root)
        _remove_element(doc, "resolution", index)


def add_action(pack_root: Path, index: int, what: str, owner: str = "",
               due: dt.date | None = None, status: str = "open", *,
               timeout: float = tomledit.LOCK_TIMEOUT) -> int:
    """Append an action to resolution ``index``; returns the action's index in it."""
    values = {"what": what, "owner": owner, "due": due, "status": status}
    root = Path(pack_root)
    with _editing(root, timeout) as doc:
        resolution = _resolution(doc, index, root)
        actions = _array_of_tables(resolution, "action", root)
        table = _new_table()
        _assign(table, values)
        actions.append(table)
        return len(actions) - 1


def update_action(pack_root: Path, index: int, action: int, *,
                  timeout: float = tomledit.LOCK_TIMEOUT, **fields: Any) -> None:
    """Change fields (``what``, ``owner``, ``due``, ``status``) of one action."""
    _known(fields, ACTION_FIELDS, "action")
    root = Path(pack_root)
    with _editing(root, timeout) as doc:
        _assign(_action(doc, index, action, root), fields)


def remove_action(pack_root: Path, index: int, action: int, *,
                  timeout: float = tomledit.LOCK_TIMEOUT) -> None:
    """Delete one action of resolution ``index``."""
    root = Path(pack_root)
    with _editing(root, timeout) as doc:
        _action(doc, index, action, root)
        _remove_element(_resolution(doc, index, root), "action", action)


def set_attendance(pack_root: Path, *, timeout: float = tomledit.LOCK_TIMEOUT,
                   **lists: Sequence[str] | None) -> None:
    """Set ``present``, ``apologies`` and/or ``officers`` (None or [] removes the list)."""
    _known(lists, ATTENDANCE_FIELDS, "attendance")
    with _editing(Path(pack_root), timeout) as doc:
        if "attendance" not in doc:
            doc.add("attendance", _new_table(bool(doc.as_string().strip())))
        table = doc["attendance"]
        if not isinstance(table, Table):
            raise _cannot(Path(pack_root), "'attendance' is not an [attendance] table")
        _assign(table, {k: list(v) if v is not None else None for k, v in lists.items()})


def set_decisions(pack_root: Path, *, timeout: float = tomledit.LOCK_TIMEOUT,
                  **fields: dt.date | None) -> None:
    """Set ``published`` (the decision notice's publication day) under ``[decisions]``."""
    _known(fields, DECISIONS_FIELDS, "decisions")
    with _editing(Path(pack_root), timeout) as doc:
        if "decisions" not in doc:
            doc.add("decisions", _new_table(bool(doc.as_string().strip())))
        table = doc["decisions"]
        if not isinstance(table, Table):
            raise _cannot(Path(pack_root), "'decisions' is not a [decisions] table")
        _assign(table, fields)


@contextlib.contextmanager
def _editing(root: Path, timeout: float) -> Iterator[TOMLDocument]:
    """Lock and open the file; save only if the edit adds no validation error."""
    from boardpack.pack import load as packfile
    from boardpack.pack.agenda import agenda_ids

    pack = packfile.load(root).pack
    ids = set(agenda_ids(pack))
    with tomledit.edit(root / RESOLUTIONS_FILE, timeout=timeout) as doc:
        before = {_key(p) for p in _validate(doc, pack.name, ids)}
        _hoist_comments(doc)
        yield doc
        added = [dataclasses.replace(p, line=None) for p in _validate(doc, pack.name, ids)
                 if p.level is Level.ERROR and _key(p) not in before]
        if added:
            raise BoardpackError(added)


def _validate(doc: TOMLDocument, pack: str, ids: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    data = doc.unwrap()
    lines = Lines(doc.as_string())
    parse_attendance(data, lines, pack, problems)
    parse_decisions(data, lines, pack, problems)
    parse_resolutions(data, lines, pack, ids, problems)
    return problems


def _key(problem: Problem) -> tuple[str, str]:
    return problem.message, problem.item


def _known(fields: dict[str, Any], allowed: tuple[str, ...], what: str) -> None:
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise BoardpackError(Problem(f"unknown {what} field(s): {', '.join(unknown)}",
                                     file=RESOLUTIONS_FILE, hint=f"use {', '.join(allowed)}"))


def _cannot(root: Path, message: str) -> BoardpackError:
    return BoardpackError(Problem(f"cannot edit: {message}", pack=root.name,
                                  file=RESOLUTIONS_FILE,
                                  hint="fix the file by hand, or write [[resolution]] tables"))


def _array_of_tables(container: Container | Table, key: str,
                     root: Path) -> AoT:
    if key not in container and isinstance(container, Table):
        container.raw_append(key, tomlkit.aot())
    elif key not in container:
        container.append(key, tomlkit.aot())
    found = container[key]
    if not isinstance(found, AoT):
        raise _cannot(root, f"'{key}' is not written as [[{key}]] tables")
    return found


def _resolution(doc: TOMLDocument, index: int, root: Path) -> Table:
    resolutions = doc.get("resolution")
    count = len(resolutions) if isinstance(resolutions, AoT) else 0
    if not isinstance(resolutions, AoT) and resolutions is not None:
        raise _cannot(root, "'resolution' is not written as [[resolution]] tables")
    if not 0 <= index < count:
        raise BoardpackError(Problem(f"there is no resolution {index + 1} (there are {count})",
                                     pack=root.name, file=RESOLUTIONS_FILE))
    return resolutions[index]  # type: ignore[index]


def _action(doc: TOMLDocument, index: int, action: int, root: Path) -> Table:
    actions = _resolution(doc, index, root).get("action")
    count = len(actions) if isinstance(actions, AoT) else 0
    if not 0 <= action < count:
        raise BoardpackError(Problem(
            f"resolution {index + 1} has no action {action + 1} (it has {count})",
            pack=root.name, file=RESOLUTIONS_FILE))
    return actions[action]  # type: ignore[index]


def _new_table(blank_line: bool = True) -> Table:
    table = tomlkit.table()
    if blank_line:
        table.trivia.indent = "\n"  # a blank line before each new header
    return table


def _assign(table: Table, values: dict[str, Any]) -> None:
    """Set (or, for None/""/[], remove) each key, keeping the others as written."""
    for key, value in values.items():
        if value is None or value == "" or value == [] or value == ():
            if key in table:
                del table[key]
        elif key in table:
            table[key] = _toml_value(value)
        else:  # raw: Table.append would copy indentation from the header's lead text
            table.raw_append(key, _toml_value(value))


def _toml_value(value: Any) -> Any:
    if isinstance(value, str) and "\n" in value:
        return tomlkit.string(value.replace("\r\n", "\n"), multiline=True)
    if isinstance(value, (list, tuple)):
        array = tomlkit.array()
        array.extend(list(value))
        if len(value) > 1 or sum(len(str(v)) for v in value) > 60:
            array.multiline(True)
        return array
    if isinstance(value, dict):
        table = tomlkit.inline_table()
        table.update(value)
        return table
    return value


# --- keeping comments where a person put them -----------------------------------------
#
# tomlkit keeps the comment lines written just above a table header at the end of the
# previous table's body. A key added to that table would then land under a comment
# meant for the next one, and deleting a table would take its neighbour's comment with
# it. Before editing, those lines are moved into the next header's leading text; the
# file's text is unchanged (this is checked on a copy first).


def _hoist_comments(doc: TOMLDocument) -> None:
    text = doc.as_string()
    trial = tomlkit.parse(text)
    _hoist(trial)
    if trial.as_string() == text:
        _hoist(doc)


def _hoist(container: Container) -> None:
    tables: list[Table] = []
    for _, value in container.body:
        if isinstance(value, Table):
            tables.append(value)
        elif isinstance(value, AoT):
            tables.extend(value.body)
    for previous, table in pairwise(tables):
        table.trivia.indent = _take_tail(previous.value) + table.trivia.indent
    for table in tables:
        _hoist(table.value)
    _hoist_before_last_aot(container)


def _trivia_start(body: list[tuple[Any, Any]], end: int) -> int:
    start = end
    while start > 0 and body[start - 1][0] is None and isinstance(
            body[start - 1][1], (Comment, Whitespace, Null)):
        start -= 1
    return start


def _take_tail(container: Container) -> str:
    """Remove and return the comment lines at the very end of a table (deepest last)."""
    body = container.body  # the live list; only unkeyed entries at its end are removed
    last = body[-1][1] if body else None
    if isinstance(last, AoT) and last.body:
        return _take_tail(last.body[-1].value)
    if isinstance(last, Table):
        return _take_tail(last.value)
    start = _trivia_start(body, len(body))
    text = "".join(entry.as_string() for _, entry in body[start:])
    del body[start:]
    return text


def _hoist_before_last_aot(container: Container) -> None:
    """Comments just above a nested ``[[a.b]]`` header go into that header's lead."""
    body = container.body
    if not body or not isinstance(body[-1][1], AoT) or not body[-1][1].body:
        return
    key, aot = body[-1]
    start = _trivia_start(body, len(body) - 1)
    if start == len(body) - 1 or start == 0:
        return
    lead = "".join(entry.as_string() for _, entry in body[start:-1])
    container.remove(key)
    del body[start:]
    aot.body[0].trivia.indent = lead + aot.body[0].trivia.indent
    container.append(key, aot)


def _remove_element(container: Container | Table, key: str, index: int) -> None:
    """Delete element ``index`` of an array of tables, keeping the next one's comments."""
    aot = container[key]
    assert isinstance(aot, AoT)
    tail = _take_tail(aot[index].value)
    del aot[index]
    if index < len(aot):
        aot[index].trivia.indent = tail + aot[index].trivia.indent
        return
    keep = [line for line in tail.splitlines() if line.strip()]
    if index > 0:
        target = aot[index - 1]
    else:
        del container[key]
        target = container
    for line in keep:
        target.add(tomlkit.comment(line.strip().lstrip("#").strip()))
