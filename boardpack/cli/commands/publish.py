"""``boardpack publish PACK``: issue both editions under PACK/issued/<n>/ with manifests."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "publish"
HELP = ("issue the pack (or a supplement) under PACK/issued/<n>/, frozen with manifests; "
        "only PACK/issued/<n>/public/ may be published")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pack", type=Path, help="the pack folder (holds pack.toml)")
    parser.add_argument("--supplement", action="store_true",
                        help="issue a supplement with only the items new or changed since the "
                             "last issue")
    parser.add_argument("--encrypt", action="store_true",
                        help="encrypt the members' PDF with AES-256 (password from "
                             "BOARDPACK_PASSWORD, or asked for); no members' HTML is issued")
    parser.add_argument("--minutes", action="store_true",
                        help="issue the minutes as they stand (and an executive's decision "
                             "notice) as a new issue, so public/ holds public-minutes.* "
                             "(and public-decisions.*)")
    parser.add_argument("--force", action="store_true",
                        help="issue even if pre-flight finds things that should not be published")


def run(args: argparse.Namespace) -> int:
    from boardpack.cli._output import progress, report
    from boardpack.layout import ISSUED_INTERNAL, ISSUED_PUBLIC, MANIFEST_FILE
    from boardpack.publish.encrypt import password
    from boardpack.publish.issue import public_line, publish

    secret = password() if args.encrypt else None
    if args.minutes and (args.supplement or args.encrypt):
        print("error: --minutes is an issue of its own: give it without --supplement or "
              "--encrypt", file=sys.stderr)
        return 2
    result = publish(args.pack, supplement=args.supplement, password=secret, force=args.force,
                     on_event=progress, minutes=args.minutes)
    report(result.problems)
    if not result.ok or result.folder is None or result.manifest is None:
        return 1
    made = result.manifest
    what = (f"supplement {made.supplement}" if made.supplement
            else "the minutes" if made.kind == "minutes" else "the pack")
    print(f"boardpack: issued {what} as issue {made.issue}", file=sys.stderr)
    print(f"boardpack: {result.deadline}", file=sys.stderr)
    for change in result.changes:
        print(f"  {change.title}: {change.description}", file=sys.stderr)
    for output in made.outputs:
        print(result.folder / output.path)
    if made.has_public:
        print(result.folder / ISSUED_PUBLIC / MANIFEST_FILE)
    print(result.folder / ISSUED_INTERNAL / MANIFEST_FILE)
    print(f"boardpack: {public_line(made, result.folder)}", file=sys.stderr)
    return 0
