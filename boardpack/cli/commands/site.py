"""``boardpack site PACKS --out DIR``: the public record as a static site."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "site"
HELP = ("build a static web site of the packs' issued public editions (meetings, "
        "documents, decisions, feeds, calendars) into DIR")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("packs", type=Path, help="the folder of packs (or one pack)")
    parser.add_argument("--out", type=Path, required=True,
                        help="the site's folder (written again only where something changed)")
    parser.add_argument("--url", default="",
                        help="the address the site will be published at, for the links in "
                             "feeds and calendars (default: links relative to the site)")
    parser.add_argument("--style", default="default",
                        help="the house style (templates/house/NAME.toml; default: default)")


def run(args: argparse.Namespace) -> int:
    from boardpack.cli._output import report
    from boardpack.site.build import build_site

    def say(event: object) -> None:
        print(f"boardpack: {event}", file=sys.stderr, flush=True)

    result = build_site(args.packs, args.out, base_url=args.url, style=args.style,
                        on_event=say)
    report(result.problems)
    if not result.ok:
        return 1
    print(result.out / "index.html")
    return 0
