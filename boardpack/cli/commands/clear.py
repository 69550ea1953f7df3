"""``boardpack clear PACK [ITEM --role ROLE --by NAME]``: record or list clearances.

With an item, records that NAME cleared, as ROLE, the item's papers as they are now
(in ``clearances.toml``; internal, never printed in an edition). Without one, lists
every required clearance: cleared, void (the papers changed since) or missing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from boardpack.cli._args import date

NAME = "clear"
HELP = "record that an officer cleared an item's report, or list the clearances"



def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pack", type=Path, help="the pack folder (holds pack.toml)")
    parser.add_argument("item", nargs="?", help="the agenda item id; leave out to list")
    parser.add_argument("--role", help="the role clearing it, e.g. finance, legal")
    parser.add_argument("--by", help="who cleared it, e.g. 'Priya Shah, Head of Finance'")
    parser.add_argument("--comment", default="", help="what they said (kept, never published)")
    parser.add_argument("--date", type=date, help="the day it was cleared (default today)")


def run(args: argparse.Namespace) -> int:
    from boardpack.pack import clearances

    if args.item is None:
        return listing(args.pack)
    if not args.role or not args.by:
        print("error: give --role ROLE and --by NAME to record a clearance", file=sys.stderr)
        return 2
    cleared = clearances.record(args.pack, args.item, args.role, args.by,
                                comment=args.comment, day=args.date)
    print(f"{args.pack.name}: '{cleared.item}' cleared by {cleared.role} ({cleared.by}, "
          f"{cleared.date.isoformat()}) for {len(cleared.files)} file(s) as they are now")
    return 0


def listing(root: Path) -> int:
    """Print every required clearance and where it stands; 1 if any is not in force."""
    from boardpack.cli import report
    from boardpack.pack import clearances
    from boardpack.pack import load as packfile
    from boardpack.pack.report_rules import rules
    from boardpack.textfmt import short_date

    pack = packfile.load_or_raise(root)
    made, _ = rules(pack.committee, pack.root, pack.name, pack.meeting.template)
    record, problems = clearances.load(pack.root, [i.id for i in pack.items])
    report(problems)
    found = clearances.pack_statuses(pack, made, record)
    for status in found:
        said = status.state
        if status.clearance is not None:
            said += f" ({status.clearance.by}, {short_date(status.clearance.date)})"
        if status.changes:
            said += ": " + ", ".join(f"{c.path} {c.what}" for c in status.changes)
        print(f"{status.item}: {made.role_title(status.role)}: {said}")
    if found:
        w = clearances.window(pack, made)
        print(f"reports due {short_date(w.reports_due)}; clearance ({w.days} working days) "
              f"starts by {short_date(w.starts)}")
    else:
        print("No clearances are required or recorded.")
    wanted = clearances.required_statuses(found, pack, made, record)
    return 1 if clearances.outstanding(wanted) else 0
