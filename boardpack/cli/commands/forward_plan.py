"""``boardpack forward-plan PACKS``: the notice of key decisions and private meetings."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from boardpack.cli._args import date
from boardpack.problems import Level

NAME = "forward-plan"
HELP = "write the forward plan (key decisions, private meetings) from the executive's packs"



def _months(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 24:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of months from 1 to 24")
    return int(text)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("packs", type=Path, help="the folder of packs (may hold forward-plan.toml)")
    parser.add_argument("--from", dest="start", type=date, metavar="YYYY-MM-DD",
                        help="the first day the plan covers, and its publication date "
                             "(default: today)")
    parser.add_argument("--months", type=_months, default=4,
                        help="how many months the plan covers (default 4)")
    parser.add_argument("--out", type=Path, help="write here instead of PACKS/forward-plan")


def run(args: argparse.Namespace) -> int:
    from boardpack.pack import forward_plan
    from boardpack.publish import forward_plan as notice

    start = args.start or dt.date.today()
    plan = forward_plan.collect(args.packs, start, args.months)
    for problem in plan.problems:
        if problem.level is not Level.INFO:
            print(problem, file=sys.stderr)
    if any(p.level is Level.ERROR for p in plan.problems):
        print("boardpack: forward plan not written: fix the errors above (a missing or "
              "unreadable entry would leave a key decision unpublished)", file=sys.stderr)
        return 1
    for path in notice.write(plan, args.out or args.packs / "forward-plan", published=start):
        print(path)
    return 0
