"""How a process that lives long and builds many times (the app, ``build --watch``)
keeps its memory where its first build left it; and how big a process is.

A build makes and drops a few hundred MB of Python objects. Python's own allocator for
small objects gives a 1 MB arena back only when every object in it is gone, and the
few that outlive each build are scattered, so a long-lived builder grew: on the
reference pack 102 → 134 MB over ten rebuilds (its live objects flat at 20 MB, its
arenas 56 → 66). With the system's malloc, one arena for every thread and
``malloc_trim`` after each build, it stayed at 67–69 MB, for about 15% more of the
builder's CPU (a rebuild's time is mostly Typst's, in its own process).

``long_life`` therefore starts the command again under ``PYTHONMALLOC=malloc`` (which
must be set before Python starts), on glibc and unless the variable is already set.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

M_ARENA_MAX = -8  # glibc's mallopt parameter: how many malloc arenas threads may share
LONG_LIFE = {"PYTHONMALLOC": "malloc", "MALLOC_ARENA_MAX": "1"}


def glibc() -> bool:
    """Whether this process runs on glibc (where ``mallopt`` and ``malloc_trim`` are)."""
    try:
        return bool(os.confstr("CS_GNU_LIBC_VERSION"))
    except (ValueError, OSError, AttributeError):
        return False


def relaunch(environ: Mapping[str, str], argv: Sequence[str], executable: str,
             on_glibc: bool) -> tuple[str, list[str], dict[str, str]] | None:
    """The program, arguments and environment to start this command again with for a
    long life, or None to go on as it is (not glibc, no interpreter known, or
    ``PYTHONMALLOC`` already set: by the user, or by the relaunch itself)."""
    if not on_glibc or not executable or not argv or "PYTHONMALLOC" in environ:
        return None
    return executable, list(argv), {**environ, **LONG_LIFE}


def long_life() -> None:
    """Start this command again under the system's malloc (see the module's notes), or
    if it is not started again, at least have its threads share one malloc arena.
    Call it before the process starts threads or imports much."""
    again = relaunch(os.environ, sys.orig_argv, sys.executable, glibc())
    if again is not None:
        program, argv, environment = again
        sys.stdout.flush()
        sys.stderr.flush()
        with contextlib.suppress(OSError):
            os.execve(program, argv, environment)  # does not return when it works
    one_arena()


def child_environment(environ: Mapping[str, str], arenas: int | None = None
                      ) -> dict[str, str]:
    """The environment for a child process of this one: without the malloc settings
    ``long_life`` gave this process (those of a builder that lives long: a child lives
    as long as its own work, and one whose threads share one malloc arena lays a pack
    out about twice as slowly), and with ``arenas`` its threads' arenas, if given."""
    out = dict(environ)
    if all(out.get(name) == value for name, value in LONG_LIFE.items()):
        for name in LONG_LIFE:
            del out[name]
    if arenas is not None:
        out["MALLOC_ARENA_MAX"] = str(arenas)
    return out


def one_arena() -> None:
    """Have every thread of this process allocate from one malloc arena (glibc; elsewhere
    nothing), for a process that lives long and builds many times: memory freed in one
    thread's arena is then reused by the next build's threads instead of a new arena
    growing, so the process stays its size (measured on the reference pack: the tree
    1,637 → 1,702 MB over ten rebuilds with one arena per thread, 1,597 → 1,590 with
    one, each rebuild about 5% slower). Call it before the process starts threads."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").mallopt(M_ARENA_MAX, 1)


def give_back_memory() -> None:
    """Hand the memory this process has freed back to the system (glibc's
    ``malloc_trim``; elsewhere nothing): a long-lived process otherwise keeps the
    high-water mark of its largest build, and freed pieces scattered through it."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def resident_mb(pid: int, field_name: str = "VmRSS") -> float:
    """A process's resident memory (``VmRSS``) or its peak (``VmHWM``), in MB; 0 when
    it is gone or the system does not say."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field_name}:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0
