"""Build a pack, then build it again each time its files change, with one Typst compiler.

What ``boardpack build --watch`` runs: a first build, then one after each batch of
changes to the pack's files (the changes the terminal app notices, ``boardpack.pack.watch``;
a change to the output folder never starts a build). The compiler is kept throughout,
so a rebuild lays out again only what changed, as the terminal app's rebuilds do; it
lives in child processes that are recycled as they grow (``render.kept``).
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import watchfiles

from boardpack.cache import Cache
from boardpack.layout import FORMATS, build_folder
from boardpack.memory import give_back_memory, one_arena
from boardpack.model import EDITIONS, Edition
from boardpack.pack.watch import DEBOUNCE_MS, PackChanges, relevant
from boardpack.pipeline.build import BuildResult, build
from boardpack.pipeline.progress import OnEvent, Priming

if TYPE_CHECKING:
    from boardpack.render.kept import KeptCompiler


@dataclass
class Round:
    """One build of a watch: what it found and wrote, what started it, how long it took."""

    result: BuildResult
    seconds: float
    changes: PackChanges | None = None  # None for the first build


def rounds(root: Path, *, editions: Sequence[Edition] = EDITIONS,
           formats: Sequence[str] = FORMATS, out: Path | None = None,
           on_event: OnEvent | None = None, stop: threading.Event | None = None
           ) -> Iterator[Round]:
    """The first build, then a build per batch of changes, until ``stop`` is set (or the
    caller stops asking)."""
    root = Path(root)
    target = (out or build_folder(root)).resolve()
    one_arena()  # a watch lives long and builds many times
    compiler = None
    workspace = Cache.for_pack(root).root
    if "pdf" in formats:
        from boardpack.render.kept import KeptCompiler

        workspace.mkdir(parents=True, exist_ok=True)
        compiler = KeptCompiler(workspace)

    def run(changes: PackChanges | None) -> Round:
        started = time.perf_counter()
        result = build(root, editions=editions, formats=formats, out=out, on_event=on_event,
                       compiler=compiler)
        give_back_memory()  # a watch lives long: what the build freed goes back
        return Round(result, time.perf_counter() - started, changes)

    def keep(_change: watchfiles.Change, path: str) -> bool:
        return relevant(root, path) is not None and not Path(path).resolve().is_relative_to(
            target)

    batches: queue.Queue[frozenset[str]] = queue.Queue()
    ended = threading.Event()

    def listen() -> None:  # started before the first build, so its changes count
        for batch in watchfiles.watch(root, watch_filter=keep, debounce=DEBOUNCE_MS, step=50,
                                      stop_event=ended, raise_interrupt=False):
            batches.put(frozenset(p for _change, path in batch if (p := relevant(root, path))))

    listener = threading.Thread(target=listen, name="boardpack-watch", daemon=True)
    listener.start()
    try:
        first = run(None)
        if compiler is not None and first.result.ok and not first.result.stats.compiled:
            if on_event:
                on_event(Priming())
            prime(compiler, workspace, editions, root.name)
        yield first
        while not (stop and stop.is_set()):
            try:
                paths = set(batches.get(timeout=0.2))
            except queue.Empty:
                continue
            while not batches.empty():  # changes made during the last build: one rebuild
                paths |= batches.get_nowait()
            if paths:
                yield run(PackChanges(frozenset(paths)))
    finally:
        ended.set()
        listener.join(timeout=5)
        if compiler is not None:
            compiler.close()


def prime(compiler: KeptCompiler, workspace: Path, editions: Sequence[str], pack: str) -> None:
    """Have the kept compiler lay out, in the background, the sources the last build
    compiled when the first build of a watch found its outputs up to date: the first
    rebuild after a change is then incremental too."""
    from boardpack.render.pdf import read_source, standard_for

    mains = [main for edition in editions if (main := workspace / f"{edition}.typ").is_file()]
    if mains:  # one round, as a build lays the editions out
        compiler.prime([(main, standard_for(read_source(main))) for main in mains], pack)
