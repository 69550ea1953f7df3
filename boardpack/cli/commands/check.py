"""``boardpack check PACK``: every problem the pack has, found without building it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "check"
HELP = "report every problem without building"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pack", type=Path, help="the pack folder (holds pack.toml)")
    parser.add_argument("--strict", action="store_true", help="exit 1 on warnings too")


def run(args: argparse.Namespace) -> int:
    from boardpack.cli._output import report
    from boardpack.pipeline.check import check

    result = check(args.pack)
    report(result.problems, quiet_info=False)
    if result.pack:
        count = len(result.errors), len(result.warnings)
        print(f"{result.pack.name}: {count[0]} error(s), {count[1]} warning(s)", file=sys.stderr)
    failing = result.errors or (args.strict and result.warnings)
    return 1 if failing else 0
