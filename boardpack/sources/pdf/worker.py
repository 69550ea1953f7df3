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
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

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
    import os
    import subprocess

    request = json.dumps({"max_pages": max_pages, "image_pages": image_pages, "ppi": ppi,
                          "memory_mb": memory_mb})
    # No ``site`` (-S), so the module path goes with the worker; -P keeps the current
    # folder (a pack's) off it.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(worker_path())}
    try:
        done = subprocess.run([sys.executable, "-S", "-P", "-c", WORKER, request], input=data,
                              capture_output=True, timeout=seconds, check=False, env=env)
    except subprocess.TimeoutExpired:
        raise PdfProblem(f"reading the PDF took more than {seconds:g} s and was stopped",
                         "the file may be damaged; print it to a new PDF, or raise [limits] "
                         "convert_seconds in pack.toml") from None
    if done.returncode != 0:
        errors = done.stderr.decode("utf-8", "replace").strip()
        last = errors.splitlines()[-1] if errors else f"exit code {done.returncode}"
        if "MemoryError" in errors or "memory allocation" in errors:
            raise PdfProblem(f"reading the PDF needed more than {memory_mb} MB of memory",
                             DAMAGED_HINT)
        if done.returncode < 0:
            last = f"the reader stopped with signal {-done.returncode}"
        raise PdfProblem(f"the PDF is damaged and cannot be read ({last[:160]})", DAMAGED_HINT)
    try:
        answer = json.loads(done.stdout)
    except ValueError:
        raise PdfProblem("the PDF reader gave no answer for this file", DAMAGED_HINT) from None
    if "problem" in answer:
        raise PdfProblem(answer["problem"], answer.get("hint", ""))
    return Inspection.from_json(answer)


def worker_path() -> list[str]:
    """This process's module path, for the worker's third-party packages (PDFium, pypdf,
    Typst), which ``site`` would otherwise have found."""
    return [entry for entry in sys.path if entry]


def main(argv: list[str]) -> int:
    """Worker: the request (JSON) as argument, the PDF on stdin, the answer on stdout."""
    request = json.loads(argv[0])
    _cap_memory(int(request["memory_mb"]))
    data = sys.stdin.buffer.read()
    try:
        found = inspect(data, max_pages=request["max_pages"],
                        image_pages=request["image_pages"], ppi=request["ppi"])
        answer: dict[str, Any] = found.to_json()
    except PdfProblem as problem:
        answer = {"problem": problem.message, "hint": problem.hint}
    sys.stdout.write(json.dumps(answer))
    return 0


def _cap_memory(megabytes: int) -> None:
    """Limit this process's address space (where the platform allows it)."""
    try:
        import resource
    except ImportError:  # Windows: no such limit; the time limit still holds
        return
    limit = megabytes << 20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
