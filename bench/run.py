"""The speed benchmark: the bare Pandoc + Typst pipeline, then boardpack, on one big pack.

    python bench/run.py [--pack DIR] [--profile DIR]

Without ``--pack`` the reference pack is made first (``bench/make_big_pack.py``) in a
temporary folder. Every step runs in a process of its own, in this order, measured
as ``bench/measured.py`` says: wall seconds, CPU seconds (of the step and everything
it waited for) and peak memory (the largest resident set of any one process of the
step's tree, not this process's).

1. ``baseline`` — the bare pipeline a person could run by hand on the same inputs:
   each Word file read by Pandoc once (to JSON, pictures extracted), one after another;
   each KPI workbook's table and charts (prepared before timing as Markdown plus SVG
   files, by boardpack's own reader, so the content is the same) read by Pandoc once;
   the Markdown notes read once; the PDF appendices placed as Typst ``image`` pages;
   the parts joined in Python, then one Pandoc run to Typst, one Typst compile (same
   fonts) and one Pandoc run to HTML (bare: pictures linked, not embedded, nothing
   sanitised). No checks, no cache, members' content only.
2. ``cold members`` — ``boardpack build --edition members`` (PDF and HTML) with no cache.
3. ``cold both`` — ``boardpack build`` (both editions, PDF and HTML) with no cache.
4. ``one report changed`` — a report's Word file replaced by an edited one, then a build.
5. ``nothing changed`` — a build with nothing changed.
6. ``cold members PDF`` — ``boardpack build --edition members --format pdf``, no cache;
   and, where LibreOffice is installed, ``LibreOffice + pikepdf`` (``bench/office.py``):
   what a council often does instead, for the same content. A table of what each PDF
   offers a reader follows (tags, page numbers, bookmarks, agenda).
7. ``in-app (10 rebuilds)`` — as the terminal app does: one process keeps a Typst
   compiler (``boardpack.render.kept``), builds, then ten times a report changes (by a
   tail of its own length, so that the pages after it move) and it builds again; each
   rebuild's time, CPU and whole-tree peak memory are printed, and the row's peak is the
   whole tree's (``tree_peak``), not one process's.
   ``build --watch`` — the same from the command line: ``boardpack build --watch`` on
   the up-to-date pack, three times a report changes and the rebuild is timed.
8. ``first screen`` — ``bench/tui_startup.py`` with 100 packs, when that file exists.
   The row's own figures are the whole script's (making the packs and five runs); its
   note is the figure: the first screen's best and median time.

``--profile DIR`` also writes pyinstrument profiles of a cold and a warm build there.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import make_big_pack  # noqa: E402  (bench/ is not a package)
import office  # noqa: E402
from measured import Measure, boardpack, measure, python  # noqa: E402

CHANGED_REPORT = 3
INAPP_REBUILDS = 10
WATCH_REBUILDS = 3
def clear_build(pack: Path) -> None:
    shutil.rmtree(pack / "build", ignore_errors=True)


def pages(pdf: Path) -> int:
    import pypdf

    return len(pypdf.PdfReader(pdf).pages)


def tree_peak(row: Measure) -> Measure:
    """A rebuilding step's row with its whole tree's peak (the builder's and the kept
    compiler's, from its summary line; ``bench/steps.py``) as its peak: the launcher's
    figure is one process's, and the step starts its processes' peaks again before each
    rebuild."""
    found = re.search(r"\(max (\d+), median \d+; first build (\d+)\)", row.note)
    if found is None:
        return row
    return dataclasses.replace(row, peak_mb=float(max(found.groups(), key=int)))


def show(rows: list[Measure], base: Measure) -> None:
    print(f"{'step':<22}{'wall s':>8}{'cpu s':>8}{'peak MB':>9}{'wall ×':>8}{'cpu ×':>7}"
          f"{'mem ×':>7}")
    for row in rows:
        print(f"{row.name:<22}{row.wall:8.2f}{row.cpu:8.2f}{row.peak_mb:9.0f}"
              f"{row.wall / base.wall:8.2f}{row.cpu / base.cpu:7.2f}"
              f"{row.peak_mb / base.peak_mb:7.2f}  {row.note[:110]}")


def show_quality(pdfs: dict[str, Path]) -> None:
    """What each members' PDF offers a reader, side by side."""
    found = {name: office.quality(pdf) for name, pdf in pdfs.items()}
    print(f"\n{'members PDF':<16}" + "".join(f"{name:>24}" for name in found))
    for key in next(iter(found.values())):
        print(f"{key:<16}" + "".join(f"{said[key]:>24}" for said in found.values()))


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in
                  Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), "unknown CPU")
    memory = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text()
                   .splitlines() if line.startswith("MemTotal")), 0)
    return (f"{os.cpu_count()} cores ({model}), {memory / 1024 / 1024:.0f} GiB RAM, "
            f"load average {os.getloadavg()[0]:.1f} at start")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pack", type=Path, help="an existing copy of the reference pack")
    parser.add_argument("--profile", type=Path, help="write pyinstrument profiles here")
    args = parser.parse_args(argv)
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="boardpack-bench-") as scratch:
        pack = args.pack.resolve() if args.pack else make_big_pack.make(Path(scratch))
        work = Path(scratch) / "baseline"
        subprocess.run(python(str(HERE / "steps.py"), "prepare", str(pack), str(work)),
                       check=True)
        rows = [measure("baseline", python(str(HERE / "steps.py"), "baseline", str(pack),
                                           str(work)), note=True)]
        clear_build(pack)
        rows.append(measure("cold members", boardpack("build", str(pack), "--edition",
                                                      "members")))
        print(f"members.pdf: {pages(pack / 'build' / 'members.pdf')} pages")
        clear_build(pack)
        rows.append(measure("cold both", boardpack("build", str(pack))))
        print(f"public.pdf: {pages(pack / 'build' / 'public.pdf')} pages")
        make_big_pack.change_report(pack, CHANGED_REPORT, variant=1)
        rows.append(measure("one report changed", boardpack("build", str(pack))))
        rows.append(measure("nothing changed", boardpack("build", str(pack))))
        rows.append(tree_peak(measure("in-app (10 rebuilds)", python(
            str(HERE / "steps.py"), "inapp", str(pack), str(INAPP_REBUILDS)), note=True,
            echo=True)))
        rows.append(tree_peak(measure("build --watch", python(
            str(HERE / "steps.py"), "watch", str(pack), str(WATCH_REBUILDS)), note=True,
            echo=True)))
        clear_build(pack)
        rows.append(measure("cold members PDF", boardpack(
            "build", str(pack), "--edition", "members", "--format", "pdf")))
        pdfs = {"boardpack": pack / "build" / "members.pdf"}
        if office.SOFFICE:
            rows.append(measure("LibreOffice + pikepdf", python(
                str(HERE / "steps.py"), "office", str(pack), str(Path(scratch) / "office")),
                note=True))
            pdfs["LibreOffice + pikepdf"] = Path(scratch) / "office" / "office.pdf"
        startup = HERE / "tui_startup.py"
        if startup.exists():
            rows.append(measure("first screen", python(str(startup)), note=True))
        show(rows, rows[0])
        show_quality(pdfs)
        if args.profile:
            profile(pack, args.profile.resolve())
    return 0


def profile(pack: Path, folder: Path) -> None:
    """pyinstrument text profiles of a cold build and a one-report-changed build."""
    folder.mkdir(parents=True, exist_ok=True)
    clear_build(pack)
    for name, prepare in (("cold", None), ("one-report-changed", 2)):
        if prepare:
            make_big_pack.change_report(pack, CHANGED_REPORT, variant=prepare)
        subprocess.run(python("-m", "pyinstrument", "--show-all", "-o",
                              str(folder / f"{name}.txt"), "-m", "boardpack.cli", "build",
                              str(pack)), check=True, stdout=subprocess.DEVNULL)
        print(f"profile: {folder / f'{name}.txt'}")
    print(json.dumps({"profiles": str(folder)}))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
