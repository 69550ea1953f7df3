"""How long ``boardpack`` takes to show its first screen with 100 packs.

Makes 100 small packs in a temporary folder, then, in a fresh Python process
(imports included), opens the app headless at 80×24 and times until the packs
table has its rows. Prints the figure for each run and the best and median.

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
ready = app.packs_ready

def packs_ready(count):
    ready(count)
    print(f"{time.perf_counter() - start:.3f} {count}", flush=True)
    app.exit()

app.packs_ready = packs_ready
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
        ready, wall = [], []
        for run in range(args.runs):
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-c", CHILD, str(folder)],
                                  capture_output=True, text=True, check=False)
            wall.append(time.perf_counter() - started)
            if done.returncode != 0 or not done.stdout.strip():
                print(done.stderr, file=sys.stderr)
                return 1
            seconds, count = done.stdout.split()
            ready.append(float(seconds))
            print(f"run {run + 1}: first screen ready in {float(seconds):.3f} s "
                  f"({count} packs listed; process wall {wall[-1]:.3f} s)")
        print(f"first screen with {args.packs} packs: best {min(ready):.3f} s, "
              f"median {statistics.median(ready):.3f} s (imports included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
