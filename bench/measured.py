"""Running one benchmark step in a process of its own and measuring it (``measure``).

A tiny launcher (``LAUNCHER``: Python with nothing imported but ``os``, about 10 MB)
starts the step and measures it by ``os.wait4``: wall seconds, CPU seconds (user +
system of the step and everything it waited for) and peak memory (the largest resident
set of any one process of the step's tree). The launcher, not the caller, starts the
step: a child is charged at first with the resident memory of the process it was
forked from, so a step started from the caller would read at least the caller's size.
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass

# Run the command in argv, wait for it, and print its resource usage as a last line.
LAUNCHER = """\
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
sys.stdout.flush()
print("usage", os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime,
      usage.ru_maxrss, flush=True)
"""


@dataclass
class Measure:
    """One step's cost, as the kernel counted it."""

    name: str
    wall: float
    cpu: float
    peak_mb: float
    note: str = ""


def measure(name: str, command: list[str], *, note: bool = False, echo: bool = False,
            exits: tuple[int, ...] = (0,)) -> Measure:
    """Run ``command`` from the launcher; its wall time, CPU time and peak memory (and,
    with ``note``, the last "bench:" line it printed, or else its last line; with
    ``echo`` every "bench:" line before it is printed too). An exit code not in
    ``exits`` stops the benchmark with the step's output."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-S", "-I", "-c", LAUNCHER, *command],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
    wall = time.perf_counter() - started
    *lines, last = done.stdout.decode("utf-8", "replace").strip().splitlines()
    _, code, cpu, peak_kb = last.split()
    if done.returncode != 0 or int(code) not in exits:
        raise SystemExit(f"{name} failed ({code}):\n" + "\n".join(lines))
    said = [line.removeprefix("bench: ") for line in lines if line.startswith("bench: ")]
    if echo:
        print("\n".join(f"  {line}" for line in said[:-1]))
    told = said[-1] if said else (lines[-1] if lines else "")
    return Measure(name, wall, float(cpu), int(peak_kb) / 1024, told if note else "")


def python(*args: str) -> list[str]:
    return [sys.executable, *args]


def boardpack(*args: str) -> list[str]:
    return python("-m", "boardpack.cli", *args)
