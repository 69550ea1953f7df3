"""A Typst compiler kept between builds, in a child process that is recycled.

The terminal app and ``build --watch`` keep a compiler so that a rebuild lays out again
only what changed. The compiler lives in a child process (``serve`` below, which imports
only ``render.typstrun``: Typst and the font package), so the builder's process stays
small. One child lays out every edition of the pack, one after the other, each through
the same main file (``LAYOUT_FILE``): Typst's styles carry the place in the source they
were set, so only through one main file, and with the items in files both editions
include (``render.pdf``), does it reuse the members' layout of an item for the public
edition. A build's editions are one round: the requests of a round but its last ask for
no trimming.

Typst remembers earlier layouts (its ``comemo`` cache), and typst-py forgets only what
went unused for ten compiles (``comemo::evict(10)`` after each), so a kept compiler
grew by about 50 MB a rebuild on the reference pack. After each round the child
therefore lays out a one-line document ``TRIMS`` times less one for each layout of the
round after its first, so that every round takes seven compiles: what went unused for
two rounds is then let go, and what the last round used is kept, so the next rebuild is
still incremental and the child's memory settles where its second round leaves it
(measured on the reference pack when each rebuild had returned, with edits that left
the pages where they were: 985 MB from the third rebuild on, flat over ten, after 1,227
MB in the first; edits that move the pages make it grow, and while it lays out it holds
more: the README's Performance section). As a safeguard, a child whose
resident memory before a round passes ``growth`` times what it held before its second
(or ``limit_mb``), or that has compiled ``builds`` times, is stopped at the end of the
round (its size is taken before a round, not after one, when it is still trimming),
which gives all of it back; its successor is started at once and lays out the same
round again in the background (its results are thrown away), so that the next rebuild
is incremental too.

The parent speaks to a child over its stdin and stdout: one JSON line per request
(``main``, ``pack``, ``standard``, ``trim``), and for each an answer line
(``{"size": n}`` followed by the PDF's n bytes, or ``{"message": ..., "hint": ...}``).
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from boardpack.memory import child_environment, give_back_memory, resident_mb
from boardpack.problems import BoardpackError, Problem

GROWTH = 1.25  # a child this many times its size after its first layout is recycled
BUILDS = 50  # ... and so is one that has compiled this many times
# The malloc arenas a kept child's threads share (glibc). One arena kept it from growing
# with an arena per thread, but on the reference pack its cold layout then took 2.95 s
# against 1.5-1.6 s with two (Typst's threads waited for the one), and rebuilds and
# memory were the same with two (ten rebuilds: 994 -> 991 MB; one: 994 -> 994).
CHILD_ARENAS = 2
# Layouts of a one-line document after each round of real ones: typst-py evicts what
# went unused for 10 compiles. Fewer than 10 - 1, because a layout that hits an outer
# cached result leaves what that result was made from untouched, and a later change
# needs it again: with 9 the public layout of the second rebuild after a watch's first
# lay-out found part of what it needed evicted (2.7 s against 0.4 s); with 6 it did not.
TRIMS = 6
TRIM_FILE = "bp-trim.typ"
LAYOUT_FILE = "bp-layout-{pid}.typ"  # the main file a child lays every edition out through
LOG_FILE = "kept-typst.log"  # in the workspace: what a child wrote to stderr
CRASH_HINT = ("if the machine is short of memory, close other programs and build again; "
              "otherwise please report it")

Request = dict[str, str | bool | None]


class Broken(BoardpackError):
    """A child that gave no proper answer (it crashed, or was killed): it is stopped."""


@dataclass
class _Child:
    """The compiler process and how much it has done."""

    process: subprocess.Popen[bytes]
    builds: int = 0
    unread: int = 0  # answers to layouts asked for in the background, still to be read
    fresh_mb: float = 0.0  # its resident memory before its second round
    worn: bool = False  # it has grown past its bound: recycled at the end of this round
    round: list[Request] = field(default_factory=list)  # this round's requests so far
    lock: threading.Lock = field(default_factory=threading.Lock)  # one request at a time

    def send(self, request: Request) -> None:
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(json.dumps(request).encode("utf-8") + b"\n")
        stdin.flush()

    def answer(self, pack: str) -> bytes:
        """The PDF of the last request, or the BoardpackError Typst's answer makes."""
        stdout = self.process.stdout
        assert stdout is not None
        line = stdout.readline()
        try:
            said = json.loads(line)
            if "size" in said:
                data = stdout.read(said["size"])
                if len(data) == said["size"]:
                    return data
                raise ValueError("short answer")
            problem = Problem(said["message"], pack=pack, hint=said["hint"])
        except (ValueError, KeyError, TypeError):
            code = self.process.poll()
            raise Broken(Problem(f"Typst stopped unexpectedly (exit code {code})", pack=pack,
                                 hint=CRASH_HINT)) from None
        raise BoardpackError(problem)

    def catch_up(self, pack: str) -> None:
        """Read (and throw away) the answers to background layouts."""
        while self.unread:
            self.unread -= 1
            with contextlib.suppress(BoardpackError):  # a compile of it will report it
                self.answer(pack)
            self.builds += 1

    def stop(self) -> None:
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass
class KeptCompiler:
    """A Typst compiler for one pack's workspace, in a child process kept between builds
    and recycled as the module says (one child for every edition; see there)."""

    workspace: Path
    growth: float = GROWTH
    limit_mb: float | None = None
    builds: int = BUILDS
    threads: int | None = None  # Typst's worker threads in the child (default: cores)
    trims: int = TRIMS  # one-line layouts after each round (see the module's notes)
    # a child kept for many builds allocates from few malloc arenas (``CHILD_ARENAS``),
    # to stay small; one for a single build from as many as glibc gives its threads
    long_lived: bool = True
    recycled: int = 0  # how many children were stopped for their size or age
    _child: _Child | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def compile(self, main: Path, pack: str, standard: str | None = None, *,
                last: bool = True) -> bytes:
        """The PDF of ``main`` (under the workspace), laid out by the child; ``last``
        says it ends the round (the build's last PDF: the child trims after it)."""
        request: Request = {"main": str(main), "pack": pack, "standard": standard,
                            "trim": last}
        child = self._current()
        with child.lock:
            try:
                child.catch_up(pack)
                if not child.round:
                    self._weigh(child)
                child.send(request)
                data = child.answer(pack)
            except OSError:
                self._forget(child)
                raise Broken(Problem("Typst stopped unexpectedly", pack=pack,
                                     hint=CRASH_HINT)) from None
            except Broken:
                self._forget(child)
                raise
            child.builds += 1
            child.round.append(request)
            if not last:
                return data
            round_, child.round = child.round, []
            if child.worn or child.builds >= self.builds:
                self._recycle(child, round_)
        return data

    def _weigh(self, child: _Child) -> None:
        """Before a round, when the child has long finished trimming after the last one:
        mark it to be recycled at the end of this round if it has grown past its bound
        (its size before its first incremental round, or ``limit_mb``)."""
        now = resident_mb(child.process.pid)
        if not child.builds:
            return  # nothing laid out yet: the bound is taken before the next round
        child.fresh_mb = child.fresh_mb or now
        bound = child.fresh_mb * self.growth
        if self.limit_mb is not None:
            bound = min(bound, self.limit_mb)
        child.worn = now > bound

    def prime(self, mains: list[tuple[Path, str | None]], pack: str) -> None:
        """Have the child lay out ``mains`` (each with its standard) as one round in the
        background (the answers are thrown away), so that the next compile of them is
        incremental."""
        child = self._current()
        with child.lock:
            if child.unread:
                return
            try:
                self._send_round(child, [
                    {"main": str(main), "pack": pack, "standard": standard,
                     "trim": index == len(mains) - 1}
                    for index, (main, standard) in enumerate(mains)])
            except OSError:
                self._forget(child)

    @staticmethod
    def _send_round(child: _Child, requests: list[Request]) -> None:
        for request in requests:
            child.send(request)
            child.unread += 1

    def _current(self) -> _Child:
        with self._lock:
            if self._child is None or self._child.process.poll() is not None:
                self._child = self._start()
            return self._child

    def _start(self) -> _Child:
        environment = child_environment(os.environ,
                                        CHILD_ARENAS if self.long_lived else None)
        if self.threads:
            environment["RAYON_NUM_THREADS"] = str(self.threads)
        self.workspace.mkdir(parents=True, exist_ok=True)
        with (self.workspace / LOG_FILE).open("ab") as log:  # what a crash says
            process = subprocess.Popen(
                [sys.executable, "-m", __name__, str(self.workspace), str(self.trims)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, env=environment)
        return _Child(process)

    def _recycle(self, child: _Child, round_: list[Request]) -> None:
        """Stop ``child`` and start its successor laying out ``round_`` again."""
        child.stop()
        fresh = self._start()
        try:
            self._send_round(fresh, round_)
        except OSError:
            fresh.stop()
            return
        with self._lock:
            self._child = fresh
            self.recycled += 1

    def _forget(self, child: _Child) -> None:
        child.stop()
        with self._lock:
            if self._child is child:
                self._child = None

    def pids(self) -> list[int]:
        """The child's process id, if it is running (for measuring it)."""
        with self._lock:
            return [self._child.process.pid] if self._child is not None else []

    def close(self) -> None:
        """Stop the child (the compiler may still be used: a child starts again)."""
        with self._lock:
            child, self._child = self._child, None
        if child is not None:
            child.stop()


def serve(workspace: Path, requests: IO[bytes], answers: IO[bytes], trims: int = TRIMS
          ) -> None:
    """The child's loop: lay out each request's main file with one kept compiler,
    through one main file of its own, and after each round's last ``trims`` less one
    for each layout of the round after its first times a one-line document."""
    from boardpack.render.typstrun import compile_here, new_compiler

    compiler = new_compiler(workspace)
    trim = workspace / TRIM_FILE
    layout = workspace / LAYOUT_FILE.format(pid=os.getpid())
    in_round = 0
    try:
        for line in requests:
            request = json.loads(line)
            in_round += 1
            try:
                layout.write_bytes(Path(request["main"]).read_bytes())
                data = compile_here(layout, compiler, request["pack"], request.get("standard"))
            except OSError as exc:
                answer = json.dumps({"message": f"could not read the Typst source: {exc}",
                                     "hint": CRASH_HINT}).encode("utf-8") + b"\n"
            except BoardpackError as exc:
                problem = exc.problems[0]
                answer = json.dumps({"message": problem.message, "hint": problem.hint}
                                    ).encode("utf-8") + b"\n"
            else:
                answer = json.dumps({"size": len(data)}).encode("utf-8") + b"\n" + data
            try:
                answers.write(answer)
                answers.flush()
            except BrokenPipeError:
                return  # the builder stopped this child (recycled, or closed) meanwhile
            if not request.get("trim", True):
                continue
            trim.write_text("-\n", encoding="utf-8")  # the cache may have been deleted
            for _ in range(max(0, trims - (in_round - 1))):  # see the module's notes
                compile_here(trim, compiler, request["pack"])
            in_round = 0
            give_back_memory()
    finally:
        layout.unlink(missing_ok=True)


if __name__ == "__main__":
    serve(Path(sys.argv[1]), sys.stdin.buffer, sys.stdout.buffer, int(sys.argv[2]))
