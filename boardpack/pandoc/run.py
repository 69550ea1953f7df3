"""Running Pandoc: the binary that pypandoc-binary ships, sandboxed, bounded, batched.

Every run uses ``--sandbox`` (no file or network access beyond its input), a
memory cap and a time limit, so a hostile input cannot read files or hang a build.
"""

from __future__ import annotations

import subprocess
from functools import cache
from typing import Any

import orjson

from boardpack.cache import to_json
from boardpack.problems import BoardpackError, Problem

MEMORY_CAP = "1500m"


@cache
def binary() -> str:
    """Path to the pandoc that pypandoc-binary installed (never a system one)."""
    import pypandoc  # imported on first use: it pulls in urllib and http

    return pypandoc.get_pandoc_path()


def run(args: list[str], data: bytes, *, timeout: float = 120, where: Problem | None = None
        ) -> bytes:
    """Run pandoc with ``args`` on ``data`` (stdin); return stdout or raise BoardpackError."""
    where = where or Problem("")
    command = [binary(), "--sandbox", *args, "+RTS", f"-M{MEMORY_CAP}", "-RTS"]
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired:
        raise BoardpackError(Problem(
            f"Pandoc took more than {timeout:.0f} s and was stopped", pack=where.pack,
            item=where.item, file=where.file,
            hint="the file may be damaged or too large; raise [limits] convert_seconds if not",
        )) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = message[-1] if message else f"exit code {done.returncode}"
        if "Heap exhausted" in detail or "heap overflow" in detail.lower():
            detail = "it needs more memory than allowed (a zip bomb or a huge file?)"
        raise BoardpackError(Problem(
            f"Pandoc could not read it: {detail[:300]}", pack=where.pack, item=where.item,
            file=where.file, hint="open and re-save the file, or export it again",
        ))
    return done.stdout


def read(data: bytes, fmt: str, *, extra: list[str] | None = None, timeout: float = 120,
         where: Problem | None = None) -> dict[str, Any]:
    """Parse ``data`` in format ``fmt`` into a Pandoc AST document."""
    out = run(["-f", fmt, "-t", "json", *(extra or [])], data, timeout=timeout, where=where)
    return orjson.loads(out)


def write(document: dict[str, Any], fmt: str, *, extra: list[str] | None = None,
          timeout: float = 300) -> str:
    """Render a Pandoc AST document to ``fmt``; returns the text."""
    payload = to_json(document)
    out = run(["-f", "json", "-t", fmt, *(extra or [])], payload, timeout=timeout)
    return out.decode("utf-8")
