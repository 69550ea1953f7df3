"""``boardpack resolution PACK …``: record decisions, actions and attendance.

A thin front to the editing API in ``boardpack.pack.edit_record`` (the terminal app
uses the same functions). Resolutions and actions are numbered from 1 here, as
``boardpack resolution PACK list`` shows them.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from boardpack.cli import _args
from boardpack.model import RESOLUTION_KINDS, VOTE_TYPED
from boardpack.pack import edit_record
from boardpack.pack import load as packfile
from boardpack.pack.resolutions import (
    ACTION_FIELDS,
    ACTION_STATUSES,
    ATTENDANCE_FIELDS,
    RESOLUTION_FIELDS,
)
from boardpack.textfmt import short_date

NAME = "resolution"
HELP = "add, edit or remove resolutions, actions and attendance in resolutions.toml"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pack", type=Path, help="the pack folder (holds pack.toml)")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    verbs.add_parser("list", help="show the resolutions and actions, numbered")

    add = verbs.add_parser("add", help="record a resolution for an agenda item")
    add.add_argument("item", help="the agenda item id (see pack.toml, or e.g. 'minutes')")
    _resolution_options(add)
    edit = verbs.add_parser("edit", help="change a resolution (an empty value removes it)")
    edit.add_argument("number", type=_args.number)
    edit.add_argument("--item")
    _resolution_options(edit)
    remove = verbs.add_parser("remove", help="delete a resolution and its actions")
    remove.add_argument("number", type=_args.number)

    action = verbs.add_parser("action", help="add an action to a resolution")
    action.add_argument("number", type=_args.number, help="the resolution's number")
    action.add_argument("what")
    _action_options(action)
    action_edit = verbs.add_parser("action-edit", help="change an action (e.g. --status done)")
    action_edit.add_argument("number", type=_args.number)
    action_edit.add_argument("action", type=_args.number)
    action_edit.add_argument("--what")
    _action_options(action_edit)
    action_remove = verbs.add_parser("action-remove", help="delete an action")
    action_remove.add_argument("number", type=_args.number)
    action_remove.add_argument("action", type=_args.number)

    call_in = verbs.add_parser("call-in", help="record that an executive decision was called in")
    call_in.add_argument("number", type=_args.number, help="the resolution's number")
    call_in.add_argument("--by", help="who called it in (e.g. 'Councillors Keane and Dawson')")
    call_in.add_argument("--date", type=_args.date,
                         help="the day it was called in (default: today)")
    call_in.add_argument("--reason", help="the reason given for the call-in")
    call_in.add_argument("--withdraw", action="store_true", help="remove a recorded call-in")

    attendance = verbs.add_parser("attendance", help="set who was present, apologies, officers")
    for key in ATTENDANCE_FIELDS:
        attendance.add_argument(f"--{key}", action="append", metavar="NAME",
                                help=f"a name for '{key}' (repeat; replaces the list)")


def _resolution_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kind", type=str.upper, choices=RESOLUTION_KINDS)
    parser.add_argument("--text", action="append", metavar="POINT",
                        help="a numbered point of the decision (repeat for more)")
    parser.add_argument("--notes", help="the narrative for the 'Minutes:' section")
    parser.add_argument("--options", help="options considered")
    parser.add_argument("--reasons", help="the reason for the decision")
    parser.add_argument("--vote", type=_args.vote, help=VOTE_TYPED.replace('"', ""))
    parser.add_argument("--interest", action="append", dest="interests", metavar="DECLARATION",
                        help="a declaration of interest (repeat for more)")
    parser.add_argument("--urgent", action=argparse.BooleanOptionalAction,
                        help="an executive decision that is urgent: not subject to call-in")
    parser.add_argument("--urgent-reason", help="why the decision could not wait for call-in")
    parser.add_argument("--dispensation", action="append", dest="dispensations",
                        metavar="DISPENSATION", help="a dispensation granted (repeat for more)")


def _action_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--owner")
    parser.add_argument("--due", type=_args.date, help="YYYY-MM-DD")
    parser.add_argument("--status", choices=ACTION_STATUSES)


def _given(args: argparse.Namespace, keys: tuple[str, ...]) -> dict[str, Any]:
    """The options given; a list given only as "" (``--text ""``) means remove it."""
    given = {k: getattr(args, k) for k in keys if getattr(args, k, None) is not None}
    if given.get("urgent") is False:
        given["urgent"] = None  # --no-urgent removes the key
    return {k: [x for x in v if x] if isinstance(v, list) else v for k, v in given.items()}


def run(args: argparse.Namespace) -> int:
    root: Path = args.pack
    verb = args.verb
    if verb == "list":
        print(listing(root), end="")
    elif verb == "add":
        fields = _given(args, RESOLUTION_FIELDS)
        index = edit_record.add_resolution(root, **fields)
        print(f"{root.name}: resolution {index + 1} added")
    elif verb == "edit":
        edit_record.update_resolution(root, args.number - 1,
                                      **_given(args, RESOLUTION_FIELDS))
    elif verb == "remove":
        edit_record.remove_resolution(root, args.number - 1)
    elif verb == "action":
        fields = _given(args, ("owner", "due", "status"))
        number = edit_record.add_action(root, args.number - 1, args.what, **fields)
        print(f"{root.name}: action {args.number}.{number + 1} added")
    elif verb == "action-edit":
        edit_record.update_action(root, args.number - 1, args.action - 1,
                                  **_given(args, ACTION_FIELDS))
    elif verb == "action-remove":
        edit_record.remove_action(root, args.number - 1, args.action - 1)
    elif verb == "call-in":
        from boardpack.meeting import decisions

        decisions.record_call_in(root, args.number - 1,
                                 day=None if args.withdraw else args.date or dt.date.today(),
                                 by=args.by or "", reason=args.reason or "")
        print(f"{root.name}: resolution {args.number}: call-in "
              + ("withdrawn" if args.withdraw else "recorded"))
    elif verb == "attendance":
        edit_record.set_attendance(root, **_given(args, ATTENDANCE_FIELDS))
    return 0


def listing(root: Path) -> str:
    """The pack's resolutions and actions, numbered as the other verbs take them."""
    from boardpack.meeting import decisions

    pack = packfile.load(root).pack
    lines = []
    for number, r in enumerate(pack.resolutions, start=1):
        lines.append(f"{number}. [{r.item}] {r.kind}: " + " / ".join(r.text))
        status = decisions.resolution_status(pack, number - 1, dt.date.today())
        if status:
            lines.append(f"   decision: {status.text}")
        for sub, a in enumerate(r.actions, start=1):
            due = f", due {short_date(a.due)}" if a.due else ""
            lines.append(f"   {number}.{sub} {a.what} ({a.owner or 'no owner'}{due}) {a.status}")
    return "\n".join(lines) + "\n" if lines else "No resolutions recorded.\n"
