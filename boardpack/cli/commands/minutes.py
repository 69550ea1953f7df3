"""``boardpack minutes PACK``: draft minutes (members and public) as .docx, PDF and HTML."""

from __future__ import annotations

import argparse
from pathlib import Path

from boardpack.layout import MINUTES_FORMATS
from boardpack.model import EDITIONS
from boardpack.problems import errors

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

    written, problems = minutes.write_draft(args.pack, args.out,
                                            editions=args.edition or EDITIONS,
                                            formats=args.formats or MINUTES_FORMATS)
    report(problems)
    if errors(problems):
        return 1
    for path in written:
        print(path)
    return 0
