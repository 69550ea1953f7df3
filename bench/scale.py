"""How boardpack scales with the packs beside one: 10, 100, 1,000 meetings in a folder.

    python bench/scale.py [--packs 10,100,1000] [--keep DIR] [--repeat 3]

For each count N a temporary folder gets N packs: the demo pack's latest meeting
(``packs/corporate-parenting-board-2027-01-20``, copied) and N - 1 earlier meetings,
copies of the demo's previous meeting (``…-2026-11-18``: two reports, resolutions with
actions), a week apart going back, one in five of the same committee (the rest of four
other committees). Actions of the same committee's meetings but the latest two are
done, so the latest pack's action log is the same at every N and only the folder grows.

Each step runs as a child process measured by ``os.wait4`` (wall seconds, and CPU
seconds of the child and all it waited for: the machine may be loaded, so both are
shown), ``--repeat`` times (default 3; the first ``register`` once), and its row is the
run of median wall time:

- ``first register`` — ``boardpack register`` of the folder as made, before any
  command has read it (each pack's record is made and kept in its cache then);
- ``cold build`` — ``boardpack build`` of the latest pack, no ``build/`` folder;
- ``one report`` — a report of the latest pack edited (a new edit each run), then a build;
- ``no change`` — a build again;
- ``register`` / ``register json`` — ``boardpack register`` of the folder;
- ``first screen`` — the app's first screen over the folder (``bench/tui_startup.py``'s
  child, a fresh process, run until every pack is in the table; the note gives the
  times the child measured from its first line, imports included: until the table is
  shown with a screenful of rows and usable, and until all rows are in).

The table has a column per N, and the ratio of the largest N to the smallest.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LATEST = ROOT / "packs" / "corporate-parenting-board-2027-01-20"
EARLIER = ROOT / "packs" / "corporate-parenting-board-2026-11-18"
COMMITTEE = "Corporate Parenting Board"
OTHERS = ("Audit Committee", "Planning Committee", "Scrutiny Board", "Licensing Committee")
CHANGED = "reports/residential-placements.md"
sys.path.insert(0, str(HERE))

import tui_startup  # noqa: E402  (bench/ is not a package)
from measured import Measure, boardpack, measure  # noqa: E402


def meeting_date(n: int) -> dt.date:
    """The date of the n-th earlier meeting (0: the latest of them), a week apart."""
    return dt.date(2027, 1, 20) - dt.timedelta(weeks=n + 1)


def make_folder(folder: Path, count: int) -> Path:
    """``count`` packs in ``folder``; the latest pack's folder."""
    folder.mkdir(parents=True, exist_ok=True)
    latest = folder / LATEST.name
    shutil.copytree(LATEST, latest, ignore=shutil.ignore_patterns("build", ".history",
                                                                   "issued"))
    toml = (EARLIER / "pack.toml").read_text(encoding="utf-8")
    toml = re.sub(r"(?m)^(previous_meeting|published) = .*\n", "", toml)
    record = (EARLIER / "resolutions.toml").read_text(encoding="utf-8")
    same = 0
    for n in range(count - 1):
        date = meeting_date(n)
        committee = COMMITTEE if n % 5 == 0 else OTHERS[n % 4]
        root = folder / f"meeting-{date.isoformat()}"
        shutil.copytree(EARLIER, root, ignore=shutil.ignore_patterns("build", ".history",
                                                                     "issued"),
                        copy_function=os.link)  # the reports' bytes need not be copied
        text = re.sub(r"(?m)^date = .*$", f"date = {date.isoformat()}", toml)
        text = text.replace(f'committee = "{COMMITTEE}"', f'committee = "{committee}"')
        _replace(root / "pack.toml", text)
        if committee == COMMITTEE:
            same += 1
        done = committee == COMMITTEE and same > 2
        _replace(root / "resolutions.toml",
                 record.replace('status = "open"', 'status = "done"') if done else record)
    return latest


def _replace(path: Path, text: str) -> None:
    """Write a new file (not through a hard link shared with the demo pack)."""
    path.unlink()
    path.write_text(text, encoding="utf-8")


def edit_report(latest: Path, round_: int) -> None:
    path = latest / CHANGED
    text = path.read_text(encoding="utf-8")
    path.write_text(text + f"\nAn added paragraph, round {round_}.\n", encoding="utf-8")


DONE = (0, 1)  # a step's exit codes that are no failure (1: problems reported, no crash)
STEPS = ("first register", "cold build", "one report", "no change", "register", "register json",
         "first screen")


def run(folder: Path, latest: Path, repeat: int = 1) -> dict[str, Measure]:
    """Each step measured once, or (but for the first ``register``, which is once by
    definition) ``repeat`` times: its row is then the run of median wall time."""
    def step(name: str, command: list[str], *, before: Callable[[int], None] | None = None,
             note: bool = False, times: int = repeat) -> None:
        runs = []
        for time_ in range(times):
            if before is not None:
                before(time_)
            runs.append(measure(name, command, note=note, exits=DONE))
        rows[name] = sorted(runs, key=lambda m: m.wall)[len(runs) // 2]

    def cold(_: int) -> None:
        shutil.rmtree(latest / "build", ignore_errors=True)

    def edited(time_: int) -> None:
        edit_report(latest, time_ + 1)

    rows: dict[str, Measure] = {}
    step("first register", boardpack("register", str(folder), "--on", "2027-01-04"), times=1)
    step("cold build", boardpack("build", str(latest)), before=cold)
    step("one report", boardpack("build", str(latest)), before=edited)
    step("no change", boardpack("build", str(latest)))
    step("register", boardpack("register", str(folder), "--on", "2027-01-04"))
    step("register json", boardpack("register", str(folder), "--format", "json",
                                    "--on", "2027-01-04"))
    step("first screen", [sys.executable, "-c", tui_startup.CHILD, str(folder)], note=True)
    screen = rows["first screen"]
    if screen.note:
        shown, _, every, shown_cpu, _ = screen.note.split()
        screen.note = (f"{float(shown):.2f} s (cpu {float(shown_cpu):.2f}) to the first "
                       f"rows, {float(every):.2f} s to all")
    return rows


def show(counts: list[int], results: dict[int, dict[str, Measure]]) -> None:
    head = "".join(f"{f'N={n} wall':>13}{'cpu':>7}" for n in counts)
    print(f"{'step':<15}{head}{'wall ×':>8}{'cpu ×':>7}")
    for step in STEPS:
        cells = "".join(f"{results[n][step].wall:13.2f}{results[n][step].cpu:7.2f}"
                        for n in counts)
        first, last = results[counts[0]][step], results[counts[-1]][step]
        print(f"{step:<15}{cells}{last.wall / first.wall:8.2f}{last.cpu / first.cpu:7.2f}"
              f"  {last.note}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packs", default="10,100,1000",
                        help="the numbers of packs, comma-separated (default 10,100,1000)")
    parser.add_argument("--keep", type=Path, help="make the folders here and keep them")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each step but the first register; the median's row "
                             "is shown (default 3)")
    args = parser.parse_args(argv)
    counts = sorted(int(n) for n in args.packs.split(","))
    print(f"load average {os.getloadavg()[0]:.1f} at start, {os.cpu_count()} cores")
    results = {}
    with tempfile.TemporaryDirectory(prefix="boardpack-scale-") as scratch:
        base = args.keep.resolve() if args.keep else Path(scratch)
        for count in counts:
            folder = base / f"packs-{count}"
            latest = make_folder(folder, count)
            results[count] = run(folder, latest, args.repeat)
            print(f"N={count}: " + ", ".join(f"{step} {m.wall:.2f}/{m.cpu:.2f}"
                                             for step, m in results[count].items()),
                  flush=True)
    show(counts, results)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
