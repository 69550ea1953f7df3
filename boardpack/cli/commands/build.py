"""``boardpack build PACK``: the PDF and HTML packs, once or (``--watch``) on each change."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from boardpack.layout import FORMATS
from boardpack.model import EDITIONS

NAME = "build"
HELP = "build the PDF and HTML packs"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pack", type=Path, help="the pack folder (holds pack.toml)")
    parser.add_argument("--edition", choices=list(EDITIONS), action="append",
                        help="build only this edition (may be given twice)")
    parser.add_argument("--format", choices=list(FORMATS), action="append", dest="formats",
                        help="build only this format (may be given twice)")
    parser.add_argument("--out", type=Path, help="write here instead of PACK/build")
    parser.add_argument("--watch", action="store_true",
                        help="build again each time a file of the pack changes, keeping the "
                             "layout between builds so rebuilds are quick (Ctrl+C stops)")


def run(args: argparse.Namespace) -> int:
    from boardpack.cli._output import progress, report
    from boardpack.pipeline.build import build  # the whole pipeline: only when run

    options = {"editions": args.edition or EDITIONS, "formats": args.formats or FORMATS,
               "out": args.out, "on_event": progress}
    if args.watch:
        return watch_builds(args.pack, options)
    result = build(args.pack, **options)
    report(result.problems)
    for path in result.outputs:
        print(path)
    return 0 if result.ok else 1


def watch_builds(pack: Path, options: dict[str, Any]) -> int:
    """``build --watch``: one line per build, until Ctrl+C (a normal end: exit 0)."""
    from boardpack.cli._output import report
    from boardpack.pipeline.autobuild import rounds

    try:
        for done in rounds(pack, **options):
            report(done.result.problems)
            for path in done.result.outputs:
                print(path, flush=True)
            cause = ("first build" if done.changes is None
                     else "changed: " + ", ".join(sorted(done.changes.paths)[:3]))
            state = "built" if done.result.ok else "not built (see above)"
            print(f"boardpack: {cause}: {state} in {done.seconds:.1f} s; watching for "
                  "changes (Ctrl+C stops)", file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        print("boardpack: stopped watching", file=sys.stderr)
    return 0
