"""``boardpack decisions PACK``: an executive's decision notice (members and public)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from boardpack.cli._args import date
from boardpack.layout import RESOLUTIONS_FILE
from boardpack.pack import load as packfile
from boardpack.problems import BoardpackError, Level, Problem

NAME = "decisions"
HELP = "write an executive's decision notice with call-in dates (PDF, HTML)"
RECORD_FILES = ("", packfile.PACK_FILE, RESOLUTIONS_FILE)



def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pack", type=Path, help="the pack folder (holds pack.toml)")
    parser.add_argument("--published", type=date, metavar="YYYY-MM-DD",
                        help="the day the notice is published: recorded in resolutions.toml "
                             "([decisions] published), and the call-in period runs from it")
    parser.add_argument("--edition", choices=["members", "public"], action="append",
                        help="write only this edition (may be given twice)")
    parser.add_argument("--format", choices=["pdf", "html"], action="append", dest="formats",
                        help="write only this format (may be given twice)")
    parser.add_argument("--out", type=Path, help="write here instead of PACK/build")


def run(args: argparse.Namespace) -> int:
    from boardpack.layout import build_folder as output_dir
    from boardpack.meeting import decisions
    from boardpack.pack import edit_record, executive
    from boardpack.publish import decisions as notice

    loaded = _record(args.pack)
    if loaded is None:
        return 1
    pack = loaded.pack
    if not executive.is_executive(pack):
        raise BoardpackError(Problem("not an executive meeting: decision notices are for "
                                     "executives", pack=pack.name, file=packfile.PACK_FILE,
                                     hint="use a committee template with executive = true"))
    if args.published:
        edit_record.set_decisions(pack.root, published=args.published)
        pack = packfile.load(pack.root).pack
    elif pack.decisions_published is None:
        due = decisions.timetable(pack).due
        print(f"{pack.name}: the notice says it is not yet published (due {due.isoformat()}); "
              "give --published YYYY-MM-DD when you publish it", file=sys.stderr)
    written = notice.write(pack, args.out or output_dir(pack.root),
                           editions=args.edition or ("members", "public"),
                           formats=args.formats or ("pdf", "html"))
    for path in written:
        print(path)
    return 0


def _record(root: Path) -> packfile.Loaded | None:
    """The pack, or None (problems printed) if pack.toml or resolutions.toml has errors."""
    loaded = packfile.load(root)
    blocking = [p for p in loaded.problems if p.level is Level.ERROR and p.file in RECORD_FILES]
    for problem in loaded.problems:
        if problem.level is not Level.INFO and problem.file in RECORD_FILES:
            print(problem, file=sys.stderr)
    return None if blocking else loaded
