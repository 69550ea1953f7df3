"""``boardpack new packs/SLUG``: a new pack from ``templates/new/``."""

from __future__ import annotations

import argparse
from pathlib import Path

from boardpack.cli import _args
from boardpack.layout import PACK_FILE

NAME = "new"
HELP = "create a pack from a template"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pack", type=Path, help="the new folder, e.g. packs/cpb-2026-07-20")
    parser.add_argument("--committee", required=True)
    parser.add_argument("--date", required=True, type=_args.date,
                        help="meeting date, YYYY-MM-DD")
    parser.add_argument("--template", default="default", help="committee template name")
    parser.add_argument("--authority", help="the council's name")


def run(args: argparse.Namespace) -> int:
    from boardpack.pack.new import create, made

    root = create(args.pack, committee=args.committee, date=args.date, template=args.template,
                  authority=args.authority)
    print(f"Created the pack {root} for {args.committee} on {args.date.isoformat()}:")
    for path in made(root):
        print(f"  {path}")
    print(f"Next: fill in the meeting in {root / PACK_FILE}, then open it in the app with"
          f"  boardpack {root}  (or check it with  boardpack check {root})")
    return 0
