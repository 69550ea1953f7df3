"""``boardpack minutes PACK``: draft minutes (members and public) as .docx, PDF and HTML."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from boardpack.meeting import minutes
from boardpack.pack import load as packfile
from boardpack.pack.resolutions import RESOLUTIONS_FILE
from boardpack.problems import BoardpackError, Level, Problem

NAME = "minutes"
HELP = "write the draft minutes from resolutions.toml (.docx, PDF, HTML)"
RECORD_FILES = ("", packfile.PACK_FILE, RESOLUTIONS_FILE)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pack", type=Path, help="the pack folder (holds pack.toml)")
    parser.add_argument("--edition", choices=["members", "public"], action="append",
                        help="write only this edition (may be given twice)")
    parser.add_argument("--format", choices=list(minutes.FORMATS), action="append",
                        dest="formats", help="write only this format (may be given more than once)")
    parser.add_argument("--out", type=Path, help="write here instead of PACK/build")


def run(args: argparse.Namespace) -> int:
    from boardpack.pipeline.build import output_dir  # the whole pipeline: only when run

    loaded = packfile.load(args.pack)
    # The minutes need the meeting and the record, not the reports: a report that
    # cannot be read does not stop them.
    blocking = [p for p in loaded.problems if p.level is Level.ERROR and p.file in RECORD_FILES]
    for problem in loaded.problems:
        if problem.level is not Level.INFO and problem.file in RECORD_FILES:
            print(problem, file=sys.stderr)
    if blocking:
        return 1
    pack = loaded.pack
    try:
        written = minutes.write(pack, args.out or output_dir(pack.root),
                                editions=args.edition or ("members", "public"),
                                formats=args.formats or minutes.FORMATS)
    except OSError as exc:
        raise BoardpackError(Problem(f"cannot write the minutes ({exc.strerror})", pack=pack.name,
                                     file=str(exc.filename or ""),
                                     hint="check the folder exists and you may write to it")
                             ) from None
    for path in written:
        print(path)
    return 0
