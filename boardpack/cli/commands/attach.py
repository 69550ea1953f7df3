"""``boardpack attach PACK ITEM FILE``: copy a file from anywhere into the pack and attach it."""

from __future__ import annotations

import argparse
from pathlib import Path

NAME = "attach"
HELP = "copy a file into the pack's reports/ and attach it to an item"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pack", type=Path, help="the pack folder (holds pack.toml)")
    parser.add_argument("item", help="the item's id")
    parser.add_argument("file", help="the file, anywhere (e.g. ~/Downloads/report.docx)")
    parser.add_argument("--title", default="",
                        help="the file's title in the pack, e.g. \"Appendix A: budget\"")


def run(args: argparse.Namespace) -> int:
    from boardpack.pack.item_files import copy_in, title_file

    done = copy_in(args.pack, args.item, args.file)
    if args.title:
        title_file(args.pack, args.item, done.path, args.title)
    print(done.line(args.file) + (f", titled \"{args.title}\"" if args.title else ""))
    return 0
