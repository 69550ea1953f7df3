"""``boardpack verify PACK``: prove every issued file still matches its manifest."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "verify"
HELP = ("check every file under PACK/issued/ against its manifests, public and full (exit 1 "
        "if any differs)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pack", type=Path, help="the pack folder (holds pack.toml)")


def run(args: argparse.Namespace) -> int:
    from boardpack.cli._output import report
    from boardpack.pack.issued import verify

    result = verify(args.pack)
    report(result.problems)
    if not result.ok:
        return 1
    print(result.summary(args.pack.name), file=sys.stderr)
    return 0
