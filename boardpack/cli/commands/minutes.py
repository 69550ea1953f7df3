"""``boardpack minutes PACK``: draft minutes (members and public) as .docx, PDF and HTML."""

from __future__ import annotations

import argparse
from pathlib import Path

from boardpack.layout import MINUTES_FORMATS, RECORD_FILES, build_folder
from boardpack.model import EDITIONS
from boardpack.pack import load as packfile
from boardpack.problems import BoardpackError, Level, Problem

NAME = "minutes"
HELP = "write the draft minutes from resolutions.toml (.docx, PDF, HTML)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pack", type=Path, help="the pack folder (holds pack.toml)")
    parser.add_argument("--edition", choices=list(EDITIONS), action="append",
                        help="write only this edition (may be given twice)")
    parser.add_argument("--format", choices=list(MINUTES_FORMATS), action="append",
                        dest="formats", help="write only this format (may be given more than once)")
    parser.add_argument("--out", type=Path, help="write here instead of PACK/build")


def run(args: argparse.Namespace) -> int:
    from boardpack.cli._output import report
    from boardpack.pipeline import minutes  # the renderers: only when run

    loaded = packfile.load(args.pack)
    # The minutes need the meeting and the record, not the reports: a report that
    # cannot be read does not stop them.
    record = [p for p in loaded.problems if p.file in ("", *RECORD_FILES)]
    report(record)
    if any(p.level is Level.ERROR for p in record):
        return 1
    pack = loaded.pack
    try:
        written = minutes.write(pack, args.out or build_folder(pack.root),
                                editions=args.edition or EDITIONS,
                                formats=args.formats or MINUTES_FORMATS)
    except OSError as exc:
        raise BoardpackError(Problem(f"cannot write the minutes ({exc.strerror})", pack=pack.name,
                                     file=str(exc.filename or ""),
                                     hint="check the folder exists and you may write to it")
                             ) from None
    for path in written:
        print(path)
    return 0
