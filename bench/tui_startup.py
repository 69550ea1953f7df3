"""How long ``boardpack`` takes to show its first screen with 100 packs.

Makes 100 small packs in a temporary folder, then, in a fresh Python process, opens
the app headless at 80×24 and times, from the child's first line (imports included):

- *first screen*: until the app's ``packs_ready`` is called: the packs table is on the
  screen with the rows a screenful shows (their summaries read), focused, the status
  line set, keys working. A larger folder's other rows are still being read then, a
  batch at a time, by a worker thread, and added without blocking keys;
- *all rows*: until ``packs_listed``, when every pack is in the table.

Prints both figures for each run (wall seconds, and the CPU seconds the process had
used by then, all threads: the machine may be loaded) and the best and median of each.

    python bench/tui_startup.py [--packs 100] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MEETING = """\
[meeting]
authority = "Benchshire County Council"
committee = "Committee {n}"
date = 2027-{month:02d}-{day:02d}
time = "10:30"
venue = "Room {n}"
members = ["Councillor A", "Councillor B", "Councillor C"]
clerk = {{ name = "Clerk", email = "clerk@example.org" }}
"""
ITEM = """
[[item]]
id = "report-{i}"
title = "Report {i}"
files = ["reports/report-{i}.md"]
"""

CHILD = """
import time
start = time.perf_counter()
import datetime as dt
import sys
from pathlib import Path
from boardpack.tui.app import make_app

app = make_app(Path(sys.argv[1]), today=dt.date(2027, 1, 4),
               keymap_file=Path(sys.argv[1]) / "no-keymap.toml")
ready, listed = app.packs_ready, app.packs_listed
first = []

def packs_ready(count):
    ready(count)
    first.append((time.perf_counter() - start, time.process_time()))

def packs_listed(count):
    listed(count)
    (shown, shown_cpu), every = first[0], time.perf_counter() - start
    print(f"{shown:.3f} {count} {every:.3f} {shown_cpu:.3f} {time.process_time():.3f}",
          flush=True)
    app.exit()

app.packs_ready, app.packs_listed = packs_ready, packs_listed
app.run(headless=True, size=(80, 24))
"""


def make_packs(folder: Path, count: int) -> None:
    for n in range(count):
        root = folder / f"committee-{n:03d}"
        (root / "reports").mkdir(parents=True)
        text = MEETING.format(n=n, month=1 + n % 12, day=1 + n % 28)
        for i in range(8):
            text += ITEM.format(i=i)
            if i % 3:
                (root / "reports" / f"report-{i}.md").write_text(f"# Report {i}\n\nText.\n")
        (root / "pack.toml").write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packs", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        make_packs(folder, args.packs)
        ready, listed, cpu, wall = [], [], [], []
        for run in range(args.runs):
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-c", CHILD, str(folder)],
                                  capture_output=True, text=True, check=False)
            wall.append(time.perf_counter() - started)
            if done.returncode != 0 or not done.stdout.strip():
                print(done.stderr, file=sys.stderr)
                return 1
            seconds, count, every, seconds_cpu, every_cpu = done.stdout.split()
            ready.append(float(seconds))
            listed.append(float(every))
            cpu.append(float(seconds_cpu))
            print(f"run {run + 1}: first screen ready in {ready[-1]:.3f} s "
                  f"(cpu {cpu[-1]:.3f} s), all {count} packs listed in {listed[-1]:.3f} s "
                  f"(cpu {float(every_cpu):.3f} s; process wall {wall[-1]:.3f} s)")
        # "bench: " so that bench/run.py shows it: its own row times this whole script
        print(f"bench: first screen with {args.packs} packs: best {min(ready):.3f} s, "
              f"median {statistics.median(ready):.3f} s (cpu best {min(cpu):.3f} s); "
              f"all rows: best {min(listed):.3f} s, "
              f"median {statistics.median(listed):.3f} s (imports included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
