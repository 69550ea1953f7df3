"""The headless CLI: ``boardpack build|check|new …`` for scripts and CI.

Exit codes: 0 success, 1 problems in the pack (each printed as one line naming
pack, item and file), 2 bad usage. With no command, the terminal app opens.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

from boardpack.cli import commands
from boardpack.problems import BoardpackError, Level, Problem

Command = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, Command] = {}  # the built-in commands; more come from boardpack.cli.commands
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


def command(name: str) -> Callable[[Command], Command]:
    def register(fn: Command) -> Command:
        COMMANDS[name] = fn
        return fn

    return register


def report(problems: Sequence[Problem], *, quiet_info: bool = True) -> None:
    for problem in problems:
        if quiet_info and problem.level is Level.INFO:
            continue
        print(problem, file=sys.stderr)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-07-20") from None


def parser(extra: Sequence[ModuleType] | None = None) -> argparse.ArgumentParser:
    """The CLI's parser: the built-in commands and the command modules ``extra``
    (default: every one, which imports them all; a single command needs only its own)."""
    p = argparse.ArgumentParser(
        prog="boardpack",
        description="Build a council committee's board pack from a pack folder. "
                    "With no command, opens the terminal app on ./packs.",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    b = sub.add_parser("build", help="build the PDF and HTML packs")
    b.add_argument("pack", type=Path, help="the pack folder (holds pack.toml)")
    b.add_argument("--edition", choices=["members", "public"], action="append",
                   help="build only this edition (may be given twice)")
    b.add_argument("--format", choices=["pdf", "html"], action="append", dest="formats",
                   help="build only this format (may be given twice)")
    b.add_argument("--out", type=Path, help="write here instead of PACK/build")
    b.add_argument("--watch", action="store_true",
                   help="build again each time a file of the pack changes, keeping the "
                        "layout between builds so rebuilds are quick (Ctrl+C stops)")

    c = sub.add_parser("check", help="report every problem without building")
    c.add_argument("pack", type=Path)
    c.add_argument("--strict", action="store_true", help="exit 1 on warnings too")

    n = sub.add_parser("new", help="create a pack from a template")
    n.add_argument("pack", type=Path, help="the new folder, e.g. packs/cpb-2026-07-20")
    n.add_argument("--committee", required=True)
    n.add_argument("--date", required=True, type=_date, help="meeting date, YYYY-MM-DD")
    n.add_argument("--template", default="default", help="committee template name")
    n.add_argument("--authority", help="the council's name")
    for module in commands.modules() if extra is None else extra:
        module.add_arguments(sub.add_parser(module.NAME, help=module.HELP))
    return p


@command("build")
def cmd_build(args: argparse.Namespace) -> int:
    from boardpack.model import EDITIONS
    from boardpack.pipeline.build import FORMATS, build

    options = {"editions": args.edition or EDITIONS, "formats": args.formats or FORMATS,
               "out": args.out, "step": lambda s: print(f"boardpack: {s}…", file=sys.stderr)}
    if args.watch:
        return watch_builds(args.pack, options)
    result = build(args.pack, **options)
    report(result.problems)
    for path in result.outputs:
        print(path)
    return 0 if result.ok else 1


def watch_builds(pack: Path, options: dict) -> int:
    """``build --watch``: one line per build, until Ctrl+C (a normal end: exit 0)."""
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


@command("check")
def cmd_check(args: argparse.Namespace) -> int:
    from boardpack.pipeline.check import check

    result = check(args.pack)
    report(result.problems, quiet_info=False)
    if result.pack:
        count = len(result.errors), len(result.warnings)
        print(f"{result.pack.name}: {count[0]} error(s), {count[1]} warning(s)", file=sys.stderr)
    failing = result.errors or (args.strict and result.warnings)
    return 1 if failing else 0


@command("new")
def cmd_new(args: argparse.Namespace) -> int:
    from boardpack.pack.new import create

    root = create(args.pack, committee=args.committee, date=args.date, template=args.template,
                  authority=args.authority)
    print(root / "pack.toml")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    first = argv[0] if argv else ""
    module = None
    # Only the command given is imported; an option first (``--help``) needs every one.
    if first.startswith("-"):
        p = parser()
    elif first in COMMANDS:
        p = parser([])
    elif (module := commands.find(first)) is not None:
        p = parser([module])
    elif WORD.fullmatch(first) and not Path(first).exists():
        return unknown(first)
    else:
        return open_app(argv)
    args = p.parse_args(argv)
    if args.command is None:
        return open_app([])
    run = COMMANDS.get(args.command)
    if run is None:
        module = module or commands.find(args.command)  # found again if an option came first
        assert module is not None, args.command  # argparse knew it
        run = module.run
    try:
        return run(args)
    except BoardpackError as exc:
        report(exc.problems)
        return 1
    except KeyboardInterrupt:
        print("boardpack: stopped", file=sys.stderr)
        return 130


def unknown(word: str) -> int:
    """A word that is neither a command nor a folder: say so in one line (exit 2)."""
    known = ", ".join(sorted([*COMMANDS, *commands.names()]))
    print(f"error: '{word}' is not a command or a folder — commands: {known} "
          "(boardpack --help says more)", file=sys.stderr)
    return 2


def open_app(argv: list[str]) -> int:
    """Open the terminal app on ./packs, or on the folder given."""
    target = Path(argv[0]) if argv else Path("packs")
    if not target.exists():
        print(f"error: {target}: no such folder — give a pack folder or a folder of packs",
              file=sys.stderr)
        return 2
    try:
        from boardpack.tui.app import run
    except ImportError:
        print("error: the terminal app is not installed; use boardpack build|check|new",
              file=sys.stderr)
        return 2
    return run(target)

