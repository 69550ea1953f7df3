"""``boardpack report PACK ITEM``: write a report's skeleton in the council's template."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "report"
HELP = "write the skeleton of an item's report (Word and Markdown) into PACK/reports/"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pack", type=Path, help="the pack folder (holds pack.toml)")
    parser.add_argument("item", help="the agenda item id (see pack.toml)")
    parser.add_argument("--format", choices=["docx", "md"], action="append", dest="formats",
                        help="write only this format (may be given twice; default both)")


def run(args: argparse.Namespace) -> int:
    from boardpack.cli import report
    from boardpack.pipeline.report_skeleton import FORMATS, write

    done = write(args.pack, args.item, tuple(args.formats or FORMATS))
    report(done.problems)
    for path in done.paths:
        print(args.pack / path)
    if len(done.paths) > 1:
        print(f"boardpack: the author fills in one of these and the other is deleted: both "
              f"are attached to '{args.item}' while they are in reports/", file=sys.stderr)
    return 0 if done.paths else 1
