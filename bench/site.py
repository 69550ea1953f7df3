"""The public site's benchmark: a first build and an incremental one, with 1,000 packs.

    python bench/site.py [--packs N] [--keep DIR]

One small real pack (two Markdown reports, one of them Part B) is issued with
``boardpack publish`` and its minutes with ``publish --minutes``; its issued public
folders are then copied into N pack folders (default 1,000) of eight committees,
three days apart, each public manifest rewritten with its own committee, date and
time (the files they list are the same, so their digests hold). Of one pack only the
first issue is copied. Then, each as a new ``boardpack site`` process, timed (wall
seconds) with its peak memory:

1. ``first build`` — into an empty folder;
2. ``nothing changed`` — again, as it is;
3. ``one issue added`` — the minutes issue copied into the one pack, then a build.

Each step prints how many files it wrote and kept, from the site's manifest count.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMITTEES = ["Executive", "Corporate Parenting Board", "Planning Committee",
              "Licensing Committee", "Audit and Governance Committee", "Full Council",
              "Health Scrutiny Panel", "Children and Young People Scrutiny"]
PACK = """\
[meeting]
authority = "Benchshire Council"
committee = "Executive"
date = 2027-03-17
time = "10:30"
venue = "Council Chamber, County Hall"
members = ["Councillor A", "Councillor B", "Councillor C"]
clerk = { name = "Clerk", email = "clerk@example.org", phone = "01632 000000" }

[[item]]
id = "budget"
title = "Budget monitoring"
presenter = "Director of Finance"
files = ["reports/budget.md"]

[[item]]
id = "contract"
title = "Contract award"
exempt = 3
files = ["reports/contract.md"]
"""
RESOLUTIONS = """\
[[resolution]]
item = "budget"
text = ["That the budget monitoring report be noted."]
"""


def boardpack(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "boardpack", *args], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def template(base: Path) -> Path:
    """One small pack, issued, with its minutes issued."""
    root = base / "template"
    (root / "reports").mkdir(parents=True)
    (root / "pack.toml").write_text(PACK, encoding="utf-8")
    (root / "resolutions.toml").write_text(RESOLUTIONS, encoding="utf-8")
    (root / "reports" / "budget.md").write_text("# Budget\n\nOn track.\n" * 20, "utf-8")
    (root / "reports" / "contract.md").write_text("# Contract\n\nThe bids.\n", "utf-8")
    boardpack("publish", str(root), "--force")
    boardpack("publish", str(root), "--minutes")
    return root


def copy_issue(source: Path, target: Path, committee: str, date: dt.date, shift: int) -> None:
    """An issue's public folder, its manifest saying another meeting."""
    public = target / "public"
    shutil.copytree(source / "public", public)
    for path in [public, *public.iterdir()]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    manifest = json.loads((public / "manifest.json").read_text("utf-8"))
    manifest["meeting"] |= {"committee": committee, "date": date.isoformat()}
    when = dt.datetime.fromisoformat(manifest["time"]) + dt.timedelta(days=shift)
    manifest["time"] = when.isoformat()
    manifest["details"]["time"] = f"{9 + shift % 8}:30"
    (public / "manifest.json").write_text(json.dumps(manifest, indent=2), "utf-8")


def make_packs(base: Path, count: int) -> tuple[Path, Path, str]:
    """``count`` packs from the template; returns the folder, the pack left short and
    its committee."""
    issued = template(base) / "issued"
    packs = base / "packs"
    start = dt.date(2024, 1, 8)
    short, short_committee = packs, ""
    for index in range(count):
        committee = COMMITTEES[index % len(COMMITTEES)]
        date = start + dt.timedelta(days=3 * index)
        slug = committee.lower().replace(" ", "-") + f"-{date.isoformat()}"
        root = packs / slug
        numbers = (1,) if index == count // 2 else (1, 2)
        for number in numbers:
            copy_issue(issued / str(number), root / "issued" / str(number), committee, date,
                       index)
        if len(numbers) == 1:
            short, short_committee = root, committee
    return packs, short, short_committee


def timed(label: str, *args: str) -> None:
    """Run ``boardpack ARGS`` as a child; print its wall and CPU seconds and peak memory
    (of it and what it waited for, such as Pagefind)."""
    with tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "boardpack", *args],
                                 stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        said = [line for line in err.read().splitlines() if "site written" in line]
    if child.returncode != 0:
        raise SystemExit(f"{label}: boardpack {' '.join(args)} exited {child.returncode}")
    cpu = usage.ru_utime + usage.ru_stime
    print(f"{label:<18} {wall:7.1f} s wall {cpu:7.1f} s CPU  peak {usage.ru_maxrss / 1024:6.0f} MB"
          f"  {said[-1].removeprefix('boardpack: site written: ') if said else ''}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packs", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="make the packs and the site here, and keep them")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="boardpack-site-bench-"))
    try:
        base.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        packs, short, committee = make_packs(base, args.packs)
        print(f"{args.packs} packs made in {time.perf_counter() - started:.1f} s "
              f"(load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} CPUs)", flush=True)
        out = base / "site"
        timed("first build", "site", str(packs), "--out", str(out))
        timed("nothing changed", "site", str(packs), "--out", str(out))
        source = base / "template" / "issued" / "2"
        date = dt.date.fromisoformat(short.name[-10:])
        copy_issue(source, short / "issued" / "2", committee, date, 0)
        timed("one issue added", "site", str(packs), "--out", str(out))
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
