"""A Typst compiler kept between builds, in a child process per edition that is recycled.

The terminal app and ``build --watch`` keep a compiler so that a rebuild lays out again
only what changed. Each edition's compiler lives in a child process of its own
(``serve`` below, which imports only ``render.typstrun``: Typst and the font package),
so the builder's process stays small and the editions' layouts never add up in one
process.

Typst remembers earlier layouts (its ``comemo`` cache), and typst-py forgets only what
went unused for ten compiles (``comemo::evict(10)`` after each), so a kept compiler
grew by about 50 MB a rebuild on the reference pack. After each layout the child
therefore lays out a one-line document ``TRIMS`` times: what the last layout did not
use is then older than ten compiles and is let go, and what it used is kept, so the
next rebuild is still incremental and the child's memory stays where its first
layout left it. As a safeguard, a child whose resident memory passes ``growth`` times
what it held after its first layout (or ``limit_mb``), or that has compiled ``builds``
times, is stopped, which gives all of it back; its successor is started at once and
lays out the same edition again in the background (its result is thrown away), so
that the next rebuild is incremental too.

The parent speaks to a child over its stdin and stdout: one JSON line per request
(``main``, ``pack``, ``standard``), and for each an answer line (``{"size": n}``
followed by the PDF's n bytes, or ``{"message": ..., "hint": ...}``).
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

from boardpack.memory import give_back_memory, resident_mb
from boardpack.problems import BoardpackError, Problem

GROWTH = 1.25  # a child this many times its size after its first layout is recycled
BUILDS = 50  # ... and so is one that has compiled this many times
# Layouts of a one-line document after each real one: typst-py evicts what went unused
# for 10 compiles, and the last layout's entries are then 9 compiles old, the rest 10+.
TRIMS = 9
TRIM_FILE = "bp-trim.typ"
LOG_FILE = "kept-typst.log"  # in the workspace: what a child wrote to stderr
CRASH_HINT = ("if the machine is short of memory, close other programs and build again; "
              "otherwise please report it")


class Broken(BoardpackError):
    """A child that gave no proper answer (it crashed, or was killed): it is stopped."""


@dataclass
class _Child:
    """One edition's compiler process and how much it has done."""

    process: subprocess.Popen[bytes]
    builds: int = 0
    priming: bool = False  # a layout was asked for whose answer is still to be read
    fresh_mb: float = 0.0  # its resident memory after its first layout

    def send(self, request: dict[str, str | None]) -> None:
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
    """Typst compilers for one pack's workspace, one child process per main file (each
    edition has its own), kept between builds and recycled as the module says."""

    workspace: Path
    growth: float = GROWTH
    limit_mb: float | None = None
    builds: int = BUILDS
    threads: int | None = None  # Typst's worker threads in each child (default: cores)
    trims: int = TRIMS  # one-line layouts after each layout (see the module's notes)
    recycled: int = 0  # how many children were stopped for their size or age
    _children: dict[str, _Child] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def compile(self, main: Path, pack: str, standard: str | None = None, *,
                threads: int | None = None) -> bytes:
        """The PDF of ``main`` (under the workspace), laid out by its edition's child
        (started, if need be, with ``threads`` or the compiler's ``threads``)."""
        request = {"main": str(main), "pack": pack, "standard": standard}
        child = self._child(main.name, threads)
        if child.priming:
            child.priming = False
            with contextlib.suppress(BoardpackError):  # the compile below reports it
                child.answer(pack)
            child.fresh_mb = resident_mb(child.process.pid)
        try:
            child.send(request)
            data = child.answer(pack)
        except OSError:
            self._forget(main.name, child)
            raise Broken(Problem("Typst stopped unexpectedly", pack=pack, hint=CRASH_HINT)
                         ) from None
        except Broken:
            self._forget(main.name, child)
            raise
        child.builds += 1
        if self._worn(child):
            self._recycle(main.name, child, request)
        return data

    def _worn(self, child: _Child) -> bool:
        """Whether ``child``, which has just answered, is to be recycled."""
        now = resident_mb(child.process.pid)
        child.fresh_mb = child.fresh_mb or now
        bound = child.fresh_mb * self.growth
        if self.limit_mb is not None:
            bound = min(bound, self.limit_mb)
        return child.builds >= self.builds or now > bound

    def prime(self, main: Path, pack: str, standard: str | None = None, *,
              threads: int | None = None) -> None:
        """Have ``main``'s child (started, if need be, with ``threads``) lay it out in the
        background (the answer is thrown away), so that the next compile of it is
        incremental."""
        child = self._child(main.name, threads)
        if child.priming:
            return
        try:
            child.send({"main": str(main), "pack": pack, "standard": standard})
            child.priming = True
        except OSError:
            self._forget(main.name, child)

    def _child(self, name: str, threads: int | None) -> _Child:
        with self._lock:
            child = self._children.get(name)
            if child is None or child.process.poll() is not None:
                child = self._children[name] = self._start(threads)
            return child

    def _start(self, threads: int | None = None) -> _Child:
        environment = dict(os.environ)
        environment.setdefault("MALLOC_ARENA_MAX", "1")  # as ``one_arena``: a child lives long
        if threads or self.threads:
            environment["RAYON_NUM_THREADS"] = str(threads or self.threads)
        self.workspace.mkdir(parents=True, exist_ok=True)
        with (self.workspace / LOG_FILE).open("ab") as log:  # what a crash says
            process = subprocess.Popen(
                [sys.executable, "-m", __name__, str(self.workspace), str(self.trims)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, env=environment)
        return _Child(process)

    def _recycle(self, name: str, child: _Child, request: dict[str, str | None]) -> None:
        """Stop ``child`` and start its successor laying out ``request`` again."""
        child.stop()
        fresh = self._start()
        try:
            fresh.send(request)
            fresh.priming = True
        except OSError:
            fresh.stop()
            return
        with self._lock:
            self._children[name] = fresh
            self.recycled += 1

    def _forget(self, name: str, child: _Child) -> None:
        child.stop()
        with self._lock:
            if self._children.get(name) is child:
                del self._children[name]

    def pids(self) -> list[int]:
        """The children's process ids (for measuring them)."""
        with self._lock:
            return [child.process.pid for child in self._children.values()]

    def close(self) -> None:
        """Stop every child (the compiler may still be used: children start again)."""
        with self._lock:
            children, self._children = list(self._children.values()), {}
        for child in children:
            child.stop()


def serve(workspace: Path, requests: IO[bytes], answers: IO[bytes], trims: int = TRIMS
          ) -> None:
    """The child's loop: lay out each request's main file with one kept compiler, then
    ``trims`` times a one-line document."""
    from boardpack.render.typstrun import compile_here, new_compiler

    compiler = new_compiler(workspace)
    trim = workspace / TRIM_FILE
    for line in requests:
        request = json.loads(line)
        try:
            data = compile_here(Path(request["main"]), compiler, request["pack"],
                                request.get("standard"))
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
        trim.write_text("-\n", encoding="utf-8")  # the cache may have been deleted
        for _ in range(trims):  # while the builder writes the PDF: see the module's notes
            compile_here(trim, compiler, request["pack"])
        give_back_memory()

if __name__ == "__main__":
    serve(Path(sys.argv[1]), sys.stdin.buffer, sys.stdout.buffer, int(sys.argv[2]))
