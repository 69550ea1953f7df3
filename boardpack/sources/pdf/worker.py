"""Reading a PDF safely: in a worker process with a time limit and a memory cap.

A hostile PDF can make a reader loop or allocate without end (the corpus has an xref
loop, a cyclic outline and files that hang poppler), so ``inspect_bounded`` reads
it in a child process stopped after ``seconds`` and allowed ``memory_mb`` of address
space. The child reads the file with PDFium (``pdfium``: page sizes, text, images of
the first pages; Typst checks it can place every page) and with pypdf only where
needed (``scan``: active content, black boxes drawn over text).

The child starts without ``site`` (``-S``) and with the current folder (a pack's) off
its module path (``-P``), and imports only what it uses: start-up was half the cost
of a short file. Its packages are set up bare (``bootstrap``), so the source
registry (``boardpack.sources``) and the PDF converter (``boardpack.sources.pdf``)
are never imported there: the worker imports this module, ``types`` and the readers.

Limits: ``max_pages`` (``[limits] max_pdf_pages`` in ``pack.toml``, default 1,000)
refuses longer files; ``seconds`` (``[limits] convert_seconds``) stops the worker;
``MEMORY_MB`` caps the worker's address space (PDFium reserves none to speak of: the
worker reads a 15-page report under a cap of 128 MB). ``bench/`` measures its cost.

**Kept readers.** Starting a worker costs about 50 ms (Python, then PDFium), as much
as reading a short report. ``KeptReaders`` keeps workers for the files of one
conversion run: each reads one file at a time (``serve``) under the same limits, and
a worker that runs out of time is stopped, one that fails is not used again, so a bad
file costs only its own reading. Where a pipe cannot be waited on with a time limit
(not POSIX), each file gets a worker of its own, as ``inspect_bounded``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from boardpack.sources.pdf.types import DAMAGED_HINT, PAGE_IMAGE_PPI, Inspection, PdfProblem

MEMORY_MB = 2048
HERE = Path(__file__).resolve().parent  # boardpack/sources/pdf
PACKAGES = (("boardpack", HERE.parents[1]), ("boardpack.sources", HERE.parent),
            ("boardpack.sources.pdf", HERE))


def bootstrap(then: str) -> str:
    """Python source that sets up boardpack's packages bare (their folders, none of
    their ``__init__`` code), then runs ``then``."""
    folders = [(name, str(folder)) for name, folder in PACKAGES]
    return ("import sys, types\n"
            f"for name, folder in {folders!r}:\n"
            "    package = types.ModuleType(name)\n"
            "    package.__path__ = [folder]\n"
            "    sys.modules[name] = package\n"
            "    parent, _, child = name.rpartition('.')\n"
            "    if parent:\n"
            "        setattr(sys.modules[parent], child, package)\n" + then)


WORKER = bootstrap("from boardpack.sources.pdf.worker import main\nsys.exit(main(sys.argv[1:]))\n")
SERVER = bootstrap(
    "from boardpack.sources.pdf.worker import serve\nsys.exit(serve(sys.argv[1:]))\n")
TIMEOUT_HINT = ("the file may be damaged; print it to a new PDF, or raise [limits] "
                "convert_seconds in pack.toml")


def inspect(data: bytes, *, max_pages: int, image_pages: int = 0,
            ppi: float = PAGE_IMAGE_PPI) -> Inspection:
    """Everything the pack needs from a PDF, in this process (unbounded: for a trusted
    file, or inside the worker); PdfProblem if it cannot be used."""
    from boardpack.sources.pdf import pdfium

    return pdfium.inspect(data, max_pages=max_pages, image_pages=image_pages, ppi=ppi)


def inspect_bounded(data: bytes, *, max_pages: int, image_pages: int = 0,
                    ppi: float = PAGE_IMAGE_PPI, seconds: float = 120,
                    memory_mb: int = MEMORY_MB) -> Inspection:
    """``inspect`` in a worker process that is stopped after ``seconds`` and may use at
    most ``memory_mb``; PdfProblem for anything that goes wrong."""
    request = json.dumps({"max_pages": max_pages, "image_pages": image_pages, "ppi": ppi,
                          "memory_mb": memory_mb})
    try:
        done = subprocess.run(_command(WORKER, request), input=data, capture_output=True,
                              timeout=seconds, check=False, env=_environment())
    except subprocess.TimeoutExpired:
        raise _timed_out(seconds) from None
    if done.returncode != 0:
        raise _failed(done.returncode, done.stderr, memory_mb)
    return _inspection(done.stdout)


def _command(source: str, argument: str) -> list[str]:
    # No ``site`` (-S), so the module path goes with the worker; -P keeps the current
    # folder (a pack's) off it.
    return [sys.executable, "-S", "-P", "-c", source, argument]


def _environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(worker_path())}


def _timed_out(seconds: float) -> PdfProblem:
    return PdfProblem(f"reading the PDF took more than {seconds:g} s and was stopped",
                      TIMEOUT_HINT)


def _failed(code: int, stderr: bytes, memory_mb: int) -> PdfProblem:
    """The problem a worker that stopped with ``code`` (and said ``stderr``) makes."""
    errors = stderr.decode("utf-8", "replace").strip()
    last = errors.splitlines()[-1] if errors else f"exit code {code}"
    if "MemoryError" in errors or "memory allocation" in errors:
        return PdfProblem(f"reading the PDF needed more than {memory_mb} MB of memory",
                          DAMAGED_HINT)
    if code < 0:
        last = f"the reader stopped with signal {-code}"
    return PdfProblem(f"the PDF is damaged and cannot be read ({last[:160]})", DAMAGED_HINT)


def _inspection(answer_text: bytes) -> Inspection:
    try:
        answer = json.loads(answer_text)
    except ValueError:
        raise PdfProblem("the PDF reader gave no answer for this file", DAMAGED_HINT) from None
    if "problem" in answer:
        raise PdfProblem(answer["problem"], answer.get("hint", ""))
    return Inspection.from_json(answer)


@dataclass
class _Reader:
    """One kept worker, and where its complaints go (read when it fails)."""

    process: subprocess.Popen[bytes]
    errors: IO[bytes]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.errors):
            if stream is not None:
                stream.close()


@dataclass
class KeptReaders:
    """Workers kept for the PDFs of one conversion run (see the module); use it as a
    context manager, or ``close`` it."""

    memory_mb: int = MEMORY_MB
    started: int = 0  # workers started so far (for tests and the bench)
    _idle: list[_Reader] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def inspect(self, data: bytes, *, max_pages: int, image_pages: int = 0,
                ppi: float = PAGE_IMAGE_PPI, seconds: float = 120) -> Inspection:
        """``inspect_bounded``, by a kept worker."""
        if os.name != "posix":
            return inspect_bounded(data, max_pages=max_pages, image_pages=image_pages,
                                   ppi=ppi, seconds=seconds, memory_mb=self.memory_mb)
        reader = self._take()
        header = json.dumps({"max_pages": max_pages, "image_pages": image_pages, "ppi": ppi,
                             "size": len(data)}).encode("utf-8") + b"\n"
        deadline = time.monotonic() + seconds
        # sent beside the wait for the answer, so that the time limit holds even for a
        # worker that stops reading (a file larger than the pipe holds)
        sending = threading.Thread(target=_send, args=(reader.process, header + data),
                                   daemon=True)
        sending.start()
        try:
            answer = _line(reader.process, deadline)
        except _Late:
            reader.stop()
            raise _timed_out(seconds) from None
        except OSError:
            answer = b""
        sending.join()
        if not answer:  # it stopped: what it said says why
            try:
                code = reader.process.wait(timeout=5)
            except subprocess.TimeoutExpired:  # it closed its answers but lives on
                reader.process.kill()
                code = reader.process.wait()
            reader.errors.seek(0)
            said = reader.errors.read()
            reader.stop()
            raise _failed(code, said, self.memory_mb)
        with self._lock:
            self._idle.append(reader)
        return _inspection(answer)

    def _take(self) -> _Reader:
        with self._lock:
            if self._idle:
                return self._idle.pop()
            self.started += 1
        errors = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the reader's ``stop``)
        process = subprocess.Popen(_command(SERVER, str(self.memory_mb)), stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, stderr=errors, env=_environment())
        return _Reader(process, errors)

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for reader in idle:
            reader.stop()

    def __enter__(self) -> KeptReaders:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _send(process: subprocess.Popen[bytes], data: bytes) -> None:
    stdin = process.stdin
    assert stdin is not None
    try:
        stdin.write(data)
        stdin.flush()
    except (OSError, ValueError):  # it stopped (or was stopped) before it read it all
        pass


class _Late(Exception):
    """A worker's answer did not come in time."""


def _line(process: subprocess.Popen[bytes], deadline: float) -> bytes:
    """The worker's next answer line (empty if it stopped); ``_Late`` past
    ``deadline``."""
    import select

    stdout = process.stdout
    assert stdout is not None
    descriptor = stdout.fileno()
    chunks: list[bytes] = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([descriptor], [], [], left)[0]:
            raise _Late
        chunk = os.read(descriptor, 1 << 20)
        if not chunk:
            return b""
        chunks.append(chunk)
        if chunk.endswith(b"\n"):
            return b"".join(chunks)


def worker_path() -> list[str]:
    """This process's module path, for the worker's third-party packages (PDFium, pypdf,
    Typst), which ``site`` would otherwise have found."""
    return [entry for entry in sys.path if entry]


def main(argv: list[str]) -> int:
    """Worker: the request (JSON) as argument, the PDF on stdin, the answer on stdout."""
    request = json.loads(argv[0])
    _cap_memory(int(request["memory_mb"]))
    sys.stdout.write(json.dumps(_answer(sys.stdin.buffer.read(), request)))
    return 0


def serve(argv: list[str]) -> int:
    """Kept worker: its memory cap (MB) as argument; then, on stdin, for each file a
    request line (JSON, with the file's ``size``) and the PDF's bytes, and on stdout
    an answer line for each. Anything unexpected stops it (its state is then unknown)."""
    _cap_memory(int(argv[0]))
    stdin = sys.stdin.buffer
    for line in stdin:
        request = json.loads(line)
        data = stdin.read(request["size"])
        sys.stdout.write(json.dumps(_answer(data, request)) + "\n")
        sys.stdout.flush()
    return 0


def _answer(data: bytes, request: dict[str, Any]) -> dict[str, Any]:
    try:
        return inspect(data, max_pages=request["max_pages"], image_pages=request["image_pages"],
                       ppi=request["ppi"]).to_json()
    except PdfProblem as problem:
        return {"problem": problem.message, "hint": problem.hint}


def _cap_memory(megabytes: int) -> None:
    """Limit this process's address space (where the platform allows it)."""
    try:
        import resource
    except ImportError:  # Windows: no such limit; the time limit still holds
        return
    limit = megabytes << 20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
