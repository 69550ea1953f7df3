"""``boardpack register FOLDER``: every resolution and action across packs."""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
from pathlib import Path

from boardpack.meeting import register
from boardpack.problems import errors

NAME = "register"
HELP = "list every resolution and action across a folder of packs"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", type=Path, help="a folder of packs (or one pack)")
    parser.add_argument("--committee", help="only this committee (any part of its name)")
    parser.add_argument("--status", choices=["open", "done"],
                        help="only actions with this status")
    parser.add_argument("--format", choices=["table", "csv", "json"], default="table",
                        help="table (default, for reading), csv or json")
    parser.add_argument("--public", action="store_true",
                        help="leave out Part B (exempt) items entirely")
    parser.add_argument("--on", type=_date, metavar="YYYY-MM-DD",
                        help="decisions' status as of this day (default: today)")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2027-02-15") from None


def run(args: argparse.Namespace) -> int:
    found = register.collect(args.folder, committee=args.committee, status=args.status,
                             public=args.public, today=args.on)
    for problem in found.problems:
        print(problem, file=sys.stderr)
    if args.format == "csv":
        sys.stdout.write(register.to_csv(found.rows))
    elif args.format == "json":
        sys.stdout.write(register.to_json(found.rows))
    else:
        width = min(shutil.get_terminal_size((80, 24)).columns, 120)
        sys.stdout.write(register.table(found.rows, width))
    return 1 if errors(found.problems) else 0
