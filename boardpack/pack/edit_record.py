"""Editing ``resolutions.toml``: the one API the CLI and the terminal app record with.

``add_resolution``, ``update_resolution``, ``remove_resolution``, ``add_action``,
``update_action``, ``remove_action`` and ``set_attendance`` each take the pack's lock,
keep every comment and the layout a person wrote (tomlkit), refuse a change that
would add a validation error, and save atomically; ``save_resolutions_text`` saves
text the clerk edited whole. Resolutions and actions are addressed by their 0-based
position in the file, which is also their order in ``Pack.resolutions``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import tomllib
from collections.abc import Iterator, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.container import Container
from tomlkit.items import AoT, Comment, Null, Table, Whitespace
from tomlkit.toml_document import TOMLDocument

from boardpack.files import atomic_write
from boardpack.layout import RESOLUTIONS_FILE
from boardpack.model import VOTE_TYPED, Vote
from boardpack.pack import load as packfile
from boardpack.pack import tomledit
from boardpack.pack.agenda import agenda_ids
from boardpack.pack.resolutions import (
    ACTION_FIELDS,
    ATTENDANCE_FIELDS,
    DECISIONS_FIELDS,
    RESOLUTION_FIELDS,
    parse_attendance,
    parse_decisions,
    parse_resolutions,
)
from boardpack.pack.tomlcheck import Lines
from boardpack.problems import BoardpackError, Level, Problem, errors


def add_resolution(pack_root: Path, item: str, kind: str = "RESOLVED",
                   text: Sequence[str] = (), *, timeout: float = tomledit.LOCK_TIMEOUT,
                   **fields: Any) -> int:
    """Append a ``[[resolution]]`` for agenda item ``item``; returns its index.

    ``fields`` are any of ``notes``, ``options``, ``reasons`` (text), ``vote``
    (a ``Vote``) and
    ``interests`` (a list of declarations).
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


def _fail(root: Path, message: str, hint: str = "") -> BoardpackError:
    return BoardpackError(Problem(message, pack=root.name, file=RESOLUTIONS_FILE, hint=hint))


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
    if isinstance(value, Vote):
        value = value.toml()
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
    if start == len(body) - 1 or start == 0 or key is None or not isinstance(aot, AoT):
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
    target: Container | Table
    if index > 0:
        target = aot[index - 1]
    else:
        del container[key]
        target = container
    for line in keep:
        target.add(tomlkit.comment(line.strip().lstrip("#").strip()))


# --- text typed in a form ------------------------------------------------------------

def date_from_text(root: Path, text: str, what: str) -> dt.date | None:
    """A date typed as YYYY-MM-DD (None for an empty field)."""
    text = text.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _fail(root, f"{what} '{text}' is not a date like 2027-01-20") from None


def vote_from_text(root: Path, text: str) -> Vote | None:
    """The vote typed in a form (``Vote.parse``); None for an empty field."""
    try:
        return Vote.parse(text)
    except ValueError as exc:
        raise _fail(root, str(exc), hint=f"write {VOTE_TYPED}") from None


def save_resolutions_text(root: Path, text: str) -> None:
    """Replace ``resolutions.toml`` with text the clerk edited, if it is valid."""
    pack = packfile.load(root).pack
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _fail(root, f"not valid TOML ({exc})",
                    hint="fix the line named and save again") from None
    problems: list[Problem] = []
    lines = Lines(text)
    parse_attendance(data, lines, root.name, problems)
    parse_resolutions(data, lines, root.name, set(agenda_ids(pack)), problems)
    fatal = errors(problems)
    if fatal:
        raise BoardpackError(fatal)
    with tomledit.locked(root):
        atomic_write(root / RESOLUTIONS_FILE, text)
