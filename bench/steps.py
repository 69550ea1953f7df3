"""Benchmark steps that run in a process of their own (``bench/run.py`` measures them).

    python bench/steps.py prepare PACK WORK    # untimed: the baseline's inputs
    python bench/steps.py baseline PACK WORK   # the bare Pandoc + Typst pipeline
    python bench/steps.py inapp PACK [N]       # N rebuilds with a kept Typst compiler
    python bench/steps.py watch PACK [N]       # N rebuilds by ``boardpack build --watch``

After each rebuild ``inapp`` and ``watch`` print its time, the CPU seconds and resident
memory of the whole process tree (this process and its children: the kept compiler's)
when it ends, and the tree's peak during it (``Rebuilds`` says how it is read); and at
the end a summary line (``bench/run.py`` shows it in its table). The resident memory
when a rebuild ends is not its peak: the compiler has given back what its layout used.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
import tomllib
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import make_big_pack  # noqa: E402  (bench/ is not a package)

# The paragraphs each rebuild's edit adds to the report (``inapp``, ``watch``): each of a
# length of its own, so that every edit moves the pages after the report, as a clerk's
# edits do, and none has the shape of the two before it, whose layouts a kept compiler
# still holds. (With one paragraph each time, every rebuild after the first had the
# pages of the one before and took half the time and 200-250 MB less.)
EDITS = (1, 7, 13, 19)

PREAMBLE = """\
#set page(paper: "a4", margin: (top: 2.2cm, bottom: 2.4cm, x: 2cm),
  footer: context [Page #counter(page).display() of #counter(page).final().first()])
#set text(font: ("Lato",), size: 11pt, lang: "en", region: "GB")
#show heading.where(level: 1): it => { pagebreak(weak: true); it }
#let horizontalrule = line(start: (25%, 0%), end: (75%, 0%))
"""


def pandoc(args: list[str], data: bytes, cwd: Path) -> bytes:
    """The same Pandoc binary boardpack uses, run plainly (no sandbox, no limits)."""
    from boardpack.pandoc.run import binary

    return subprocess.run([binary(), *args], input=data, cwd=cwd, capture_output=True,
                          check=True).stdout


def prepare(pack: Path, work: Path) -> None:
    """The baseline's inputs: each workbook's table and charts as Markdown and SVG files
    (made by boardpack's own reader, so the baseline lays out the same content), the
    PDF appendices beside them, and a manifest of the items in agenda order."""
    from boardpack.pandoc import ast
    from boardpack.pandoc import run as bp_pandoc
    from boardpack.sources import Context, xlsx

    shutil.rmtree(work, ignore_errors=True)
    (work / "media").mkdir(parents=True)
    data = tomllib.loads((pack / "pack.toml").read_text(encoding="utf-8"))
    items = sorted(data["item"], key=lambda item: "exempt" in item)  # Part B last
    manifest = []
    for item in items:
        files = []
        for path in item["files"]:
            source = pack / path
            if path.endswith(".xlsx"):
                ctx = Context(pack_root=pack, pack=pack.name, item=item["id"], file=path)
                converted = xlsx.convert(source.read_bytes(), ctx)
                for name, content in converted.media.items():  # media/<hash>.svg
                    (work / name).write_bytes(content)
                markdown = bp_pandoc.write(ast.document(converted.blocks), "markdown")
                target = work / f"{source.stem}.md"
                target.write_text(markdown, encoding="utf-8")
                files.append({"kind": "md", "path": target.name})
            elif path.endswith(".pdf"):
                shutil.copy(source, work / source.name)
                files.append({"kind": "pdf", "path": source.name,
                              "pages": pdf_pages(source)})
            else:
                files.append({"kind": source.suffix.lstrip("."), "path": str(source)})
        manifest.append({"title": item["title"], "files": files})
    (work / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def pdf_pages(path: Path) -> int:
    import pypdf

    return len(pypdf.PdfReader(path).pages)


def baseline(work: Path) -> None:
    """Read each input once, write Typst once, compile once, write HTML once."""
    from boardpack.render.pdf import new_compiler

    manifest = json.loads((work / "manifest.json").read_text(encoding="utf-8"))
    blocks: list[dict[str, Any]] = []
    for number, item in enumerate(manifest, 1):
        blocks.append({"t": "Header", "c": [1, [f"item-{number}", [], []],
                                            [{"t": "Str", "c": item["title"]}]]})
        for index, file in enumerate(item["files"]):
            if file["kind"] == "pdf":
                for page in range(1, file["pages"] + 1):
                    blocks.append({"t": "RawBlock", "c": ["typst", (
                        f'#page(image("{file["path"]}", page: {page}, width: 100%, '
                        'height: 100%, fit: "contain"))')]})
                continue
            fmt = "docx" if file["kind"] == "docx" else "markdown"
            args = ["-f", fmt, "-t", "json"]
            if fmt == "docx":
                args.append(f"--extract-media=media-{number}-{index}")
            source = Path(file["path"])
            data = (source if source.is_absolute() else work / source).read_bytes()
            blocks += json.loads(pandoc(args, data, work))["blocks"]
    doc = json.dumps({"pandoc-api-version": [1, 23, 1], "meta": {}, "blocks": blocks}
                     ).encode("utf-8")
    body = pandoc(["-f", "json", "-t", "typst", "--wrap=none"], doc, work).decode("utf-8")
    (work / "baseline.typ").write_text(PREAMBLE + body, encoding="utf-8")
    pdf = new_compiler(work).compile(input=str(work / "baseline.typ"), format="pdf")
    assert isinstance(pdf, bytes)
    (work / "baseline.pdf").write_bytes(pdf)
    html = pandoc(["-f", "json", "-t", "html5", "--wrap=none"], doc, work)
    (work / "baseline.html").write_bytes(html)
    print(f"bench: baseline PDF {pdf_pages(work / 'baseline.pdf')} pages")


def tree() -> list[int]:
    """This process and every process descended from it."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found = [os.getpid()]
    for pid in found:
        found += [child for child, parent in parents.items() if parent == pid]
    return found


def resident(pid: int, field_name: str = "VmRSS") -> float:
    """A process's resident memory now (or, with ``VmHWM``, its peak), in MB (0 when it
    is gone)."""
    from boardpack.memory import resident_mb

    return resident_mb(pid, field_name)


def restart_peaks() -> None:
    """Start each live process of the tree's peak memory (``VmHWM``) again from its
    size now (Linux's ``clear_refs``), so that the next reading is the next step's."""
    for pid in tree():
        with contextlib.suppress(OSError):
            Path(f"/proc/{pid}/clear_refs").write_text("5")


def tree_usage() -> tuple[float, float, float, float]:
    """The tree's CPU seconds so far (its live processes' and what they waited for),
    its resident memory now, the largest one process's, and the sum of its processes'
    peaks since ``restart_peaks``, in MB."""
    tick = os.sysconf("SC_CLK_TCK")
    cpu, total, largest, peak = 0.0, 0.0, 0.0, 0.0
    for pid in tree():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        rss = resident(pid)
        cpu += sum(int(value) for value in fields[11:15]) / tick  # u, s, cu, cs
        total += rss
        largest = max(largest, rss)
        peak += resident(pid, "VmHWM")
    return cpu, total, largest, peak


class Rebuilds:
    """Each rebuild's time, CPU and memory, printed as they come and summed up.

    A rebuild's peak is the larger of two readings: the tree's resident memory sampled
    every ``SAMPLE`` seconds while it runs (which sees a compiler child that is recycled
    and ends during the rebuild), and the sum of the live processes' own peaks since it
    started (at or above the tree's real peak, since they need not peak at once)."""

    SAMPLE = 0.1

    def __init__(self, what: str) -> None:
        self.what = what
        self.rows: list[tuple[float, float, float, float, float, float]] = []
        self.cpu = tree_usage()[0]
        self.first = 0.0  # the first build's peak (before the first rebuild)
        self.sampled = 0.0
        self.sampling = threading.Event()
        self.sampler: threading.Thread | None = None

    def start(self) -> None:
        """Before a rebuild: its peak is measured from here."""
        if not self.rows:
            self.first = tree_usage()[3]
        restart_peaks()
        self.sampled = 0.0
        self.sampling.clear()
        self.sampler = threading.Thread(target=self._sample, daemon=True)
        self.sampler.start()

    def _sample(self) -> None:
        while not self.sampling.wait(self.SAMPLE):
            self.sampled = max(self.sampled, tree_usage()[1])

    def add(self, seconds: float) -> None:
        if self.sampler is not None:
            self.sampling.set()
            self.sampler.join()
        cpu, total, largest, peak = tree_usage()
        peak = max(peak, self.sampled)
        mine = resident(os.getpid())
        own_peak = resident(os.getpid(), "VmHWM")
        self.rows.append((seconds, cpu - self.cpu, total, largest, mine, peak))
        self.cpu = cpu
        print(f"bench: {self.what} rebuild {len(self.rows)}: {seconds:.2f} s, "
              f"{self.rows[-1][1]:.2f} CPU s, peak {peak:.0f} MB (the builder's "
              f"{own_peak:.0f}), then tree {total:.0f} MB, "
              f"largest {largest:.0f} MB, builder {mine:.0f} MB", flush=True)

    def summary(self) -> str:
        seconds, cpu, total, largest, mine, peak = zip(*self.rows, strict=True)
        growth = (total[-1] - total[0]) / max(1, len(total) - 1)
        return (f"{len(self.rows)} rebuilds: median {statistics.median(seconds):.2f} s, "
                f"{statistics.median(cpu):.2f} CPU s; peak {peak[0]:.0f}→{peak[-1]:.0f} MB "
                f"(max {max(peak):.0f}, median {statistics.median(peak):.0f}; first build "
                f"{self.first:.0f}); then tree "
                f"{total[0]:.0f}→{total[-1]:.0f} MB (largest process {max(largest):.0f}), "
                f"{growth:+.0f} MB/rebuild; builder {mine[0]:.0f}→{mine[-1]:.0f} MB")


def inapp(pack: Path, count: int = 10) -> None:
    """``count`` builds in one process sharing a kept Typst compiler, as the terminal app
    does, each after a report changed (a different edit each time)."""
    from boardpack.cache import Cache
    from boardpack.memory import give_back_memory, long_life
    from boardpack.pipeline.build import build
    from boardpack.render.kept import KeptCompiler

    long_life()  # as the app's command does before it starts (this step starts again)

    workspace = Cache.for_pack(pack).root
    workspace.mkdir(parents=True, exist_ok=True)
    compiler = KeptCompiler(workspace)
    for edition in ("members", "public"):  # so that the first build lays both out
        (pack / "build" / f"{edition}.pdf").unlink(missing_ok=True)
    first = build(pack, compiler=compiler)
    give_back_memory()
    assert first.ok, first.problems
    rebuilds = Rebuilds("in-app")
    for variant in range(count):
        rebuilds.start()
        make_big_pack.change_report(pack, 3, variant=10 + variant,
                                    paragraphs=EDITS[variant % len(EDITS)])
        started = time.perf_counter()
        again = build(pack, compiler=compiler)
        give_back_memory()  # as the app's build pane does
        rebuilds.add(time.perf_counter() - started)
        assert again.ok and sorted(again.stats.compiled) == ["members", "public"], again
    compiler.close()
    print(f"bench: in-app {rebuilds.summary()}, {compiler.recycled} recycled")


def watch(pack: Path, count: int = 1) -> None:
    """``boardpack build --watch`` started on the pack as the earlier steps left it (up to
    date: its first build keeps the outputs and lays them out once), then ``count``
    times a report changes and the rebuild is timed."""
    from boardpack.memory import long_life
    from boardpack.pipeline.autobuild import rounds

    long_life()  # as ``boardpack build --watch`` does (this step starts again)
    stop = threading.Event()
    builds = rounds(pack, stop=stop)
    first = next(builds)
    assert first.result.ok, first.result.problems
    rebuilds = Rebuilds("build --watch")
    for variant in range(count):
        rebuilds.start()
        make_big_pack.change_report(pack, 3, variant=30 + variant,
                                    paragraphs=EDITS[variant % len(EDITS)])
        again = next(builds)
        assert again.result.ok and sorted(again.result.stats.compiled) == ["members", "public"]
        rebuilds.add(again.seconds)
    stop.set()
    builds.close()
    print(f"bench: build --watch {rebuilds.summary()}")


def office(pack: Path, work: Path) -> None:
    """The LibreOffice + pikepdf pipeline (``bench/office.py``)."""
    import office as pipeline

    target, missing = pipeline.office(pack, work)
    left = f" ({missing} workbooks left out: no LibreOffice Calc)" if missing else ""
    print(f"bench: LibreOffice + pikepdf {pdf_pages(target)} pages{left}")


def main(argv: list[str]) -> int:
    step, *rest = argv
    if step == "prepare":
        prepare(Path(rest[0]), Path(rest[1]))
    elif step == "baseline":
        baseline(Path(rest[1]))
    elif step == "inapp":
        inapp(Path(rest[0]), *map(int, rest[1:]))
    elif step == "watch":
        watch(Path(rest[0]), *map(int, rest[1:]))
    elif step == "office":
        office(Path(rest[0]), Path(rest[1]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
