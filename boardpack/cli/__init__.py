"""The headless face: ``boardpack COMMAND …`` for scripts and CI, and the app without one.

Every command is a module of ``boardpack.cli.commands`` (see there); ``main`` imports
only the one asked for. Exit codes: 0 success, 1 problems in the pack (each printed
as one line naming pack, item and file), 2 bad usage, 130 stopped by Ctrl+C.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from boardpack.cli import commands
from boardpack.cli._output import report
from boardpack.memory import long_life
from boardpack.problems import BoardpackError

WORD = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


def parser(modules: Sequence[ModuleType] | None = None) -> argparse.ArgumentParser:
    """The CLI's parser with the command modules ``modules`` (default: every one, which
    imports them all; running a single command needs only its own)."""
    p = argparse.ArgumentParser(
        prog="boardpack",
        usage="boardpack [PATH]            open the terminal app on PATH (default ./packs)\n"
              "       boardpack COMMAND ...  (boardpack COMMAND -h for its options)",
        description="Build a council committee's board pack from a pack folder. "
                    "With no command, opens the terminal app on PATH: a folder of packs "
                    "(default ./packs) or one pack.",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for module in commands.modules() if modules is None else modules:
        module.add_arguments(sub.add_parser(module.NAME, help=module.HELP))
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default: this process's own, which a command that
    lives long, the app or ``build --watch``, may start again: ``memory.long_life``)."""
    own = argv is None
    argv = list(sys.argv[1:] if argv is None else argv)
    first = argv[0] if argv else ""
    module = None
    # Only the command given is imported; an option first (``--help``) needs every one.
    if first.startswith("-"):
        p = parser()
    elif (module := commands.find(first)) is not None:
        p = parser([module])
    elif WORD.fullmatch(first) and not Path(first).exists():
        return unknown(first)
    else:
        return open_app(argv, own)
    args = p.parse_args(argv)
    if args.command is None:
        return open_app([], own)
    if own and getattr(args, "watch", False):
        long_life()
    module = module or commands.find(args.command)  # found again if an option came first
    assert module is not None, args.command  # argparse knew it
    try:
        return int(module.run(args))
    except BoardpackError as exc:
        report(exc.problems)
        return 1
    except KeyboardInterrupt:
        print("boardpack: stopped", file=sys.stderr)
        return 130


def unknown(word: str) -> int:
    """A word that is neither a command nor a folder: say so in one line (exit 2)."""
    print(f"error: '{word}' is not a command or a folder — commands: "
          f"{', '.join(commands.names())} (boardpack --help says more)", file=sys.stderr)
    return 2


def open_app(argv: list[str], own: bool = False) -> int:
    """Open the terminal app on ./packs, or on the folder given (with ``own``, from this
    process's command line: started again for a long life first)."""
    target = Path(argv[0]) if argv else Path("packs")
    if not target.exists():
        print(f"error: {target}: no such folder — give a pack folder or a folder of packs",
              file=sys.stderr)
        return 2
    if own:
        long_life()
    try:
        from boardpack.tui.app import run
    except ImportError:
        print("error: the terminal app is not installed; use boardpack build|check|new",
              file=sys.stderr)
        return 2
    return run(target)
