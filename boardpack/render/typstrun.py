"""Running Typst: a compiler for a pack's workspace, and a compile in a child process.

Kept apart from ``render.pdf`` so that the child process imports only this module,
Typst and the font package: its memory is then Typst's and little else.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Literal

import fontpkg_lato
import typst

from boardpack.memory import child_environment
from boardpack.problems import BoardpackError, Problem

Standard = Literal["ua-1"]  # the PDF standards boardpack declares
# What Typst says when a pack cannot meet the PDF standard asked for (and only then).
STANDARD_REFUSED = re.compile(r"PDF/UA|PDF/A|export mode")
BUG_HINT = "this is a boardpack bug if no input is to blame; please report it"
CRASH_HINT = ("if the machine is short of memory, close other programs and build again; "
              "otherwise please report it")


@cache
def font_paths() -> tuple[str, ...]:
    """Font folders: the packaged sans-serif face (Typst adds its own built-ins)."""
    return (str(fontpkg_lato.ROOT / "files"),)


def new_compiler(workspace: Path, settings: dict[str, str] | None = None) -> typst.Compiler:
    """A Typst compiler for one pack's workspace; keep it to compile incrementally.

    ``settings`` become ``sys.inputs`` for a pack's own preamble that still reads them
    (boardpack's reads ``bp-inputs``, which every source carries)."""
    return typst.Compiler(root=str(workspace), font_paths=list(font_paths()),
                          ignore_system_fonts=True, sys_inputs=settings or {})


def compile_here(main: Path, compiler: typst.Compiler, pack: str,
                 standard: Standard | None = None) -> bytes:
    """The PDF of ``main``, laid out by ``compiler`` in this process and declared to meet
    ``standard`` (such as "ua-1"). Should Typst refuse the standard for something in
    the pack, the pack is laid out again undeclared: a clerk's build never fails for
    a claim it need not make."""
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        try:
            result = compiler.compile(input=str(main), format="pdf", timestamp=stamp,
                                      pdf_standards=[standard] if standard else [])
        except typst.TypstError as exc:
            if not standard or not STANDARD_REFUSED.search(exc.message):
                raise
            result = compiler.compile(input=str(main), format="pdf", timestamp=stamp)
    except typst.TypstError as exc:
        raise BoardpackError(Problem(
            f"Typst could not lay out the pack: {exc.message}", pack=pack, hint=BUG_HINT,
        )) from None
    except RuntimeError as exc:
        raise BoardpackError(Problem(f"Typst could not lay out the pack: {exc}", pack=pack)
                             ) from None
    assert isinstance(result, bytes)
    return result


def threads_each(layouts: int) -> int | None:
    """Typst's worker threads for each of ``layouts`` laid out at once (None: one per
    core, for a layout alone). Two layouts on two cores do better, and peak lower, with
    one thread each than with two each, which spend their time switching and waiting."""
    return max(1, (os.cpu_count() or 1) // layouts) if layouts > 1 else None


def compile_apart(main: Path, workspace: Path, settings: dict[str, str], pack: str,
                  threads: int | None = None, *, standard: Standard | None = None) -> bytes:
    """``compile_here`` with a new compiler, in a child process (``main`` below) that
    lays out with at most ``threads`` threads (default: one per core; see
    ``threads_each``)."""
    request = json.dumps({"main": str(main), "workspace": str(workspace),
                          "settings": settings, "pack": pack, "standard": standard})
    environment = child_environment(os.environ)
    if threads:
        environment["RAYON_NUM_THREADS"] = str(threads)  # Typst's worker threads
    done = subprocess.run([sys.executable, "-m", __name__], input=request.encode("utf-8"),
                          capture_output=True, check=False, env=environment)
    if done.returncode == 0:
        return done.stdout
    lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
    try:
        said = json.loads(lines[-1])
        problem = Problem(said["message"], pack=pack, hint=said["hint"])
    except (IndexError, ValueError, KeyError, TypeError):
        problem = Problem(f"Typst stopped unexpectedly (exit code {done.returncode})",
                          pack=pack, hint=CRASH_HINT)
    raise BoardpackError(problem)


def main() -> int:
    """The child process of ``compile_apart``: a request on stdin, the PDF on stdout."""
    request = json.loads(sys.stdin.buffer.read())
    workspace = Path(request["workspace"])
    try:
        data = compile_here(Path(request["main"]),
                            new_compiler(workspace, request["settings"]), request["pack"],
                            request.get("standard"))
    except BoardpackError as exc:
        problem = exc.problems[0]
        print(json.dumps({"message": problem.message, "hint": problem.hint}), file=sys.stderr)
        return 3
    sys.stdout.buffer.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
