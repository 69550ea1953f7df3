"""Safe file handling: paths that stay inside the pack, atomic writes, bounded reads."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from boardpack.problems import BoardpackError, Problem


def inside(root: Path, relative: str, *, pack: str = "", item: str = "") -> Path:
    """Resolve ``relative`` against the pack folder, refusing anything that leaves it.

    Refuses absolute paths, ``..`` escapes, symlinks whose target lies outside the
    pack, and anything that is not a regular file (devices, FIFOs, sockets, folders).
    Raises ``BoardpackError``; a missing file is reported as such.
    """

    def fail(message: str, hint: str) -> BoardpackError:
        return BoardpackError(Problem(message, pack=pack, item=item, file=relative, hint=hint))

    if not relative or relative.strip() != relative:
        raise fail("file name is empty or has spaces at its ends",
                   "give the path inside the pack")
    candidate = Path(relative)
    if candidate.is_absolute() or relative.startswith(("~", "\\")) or ":" in candidate.parts[0]:
        raise fail("path is absolute",
                   "give the path relative to the pack folder, e.g. reports/x.docx")
    base = root.resolve()
    target = (base / candidate).resolve()
    if not target.is_relative_to(base):
        raise fail("path points outside the pack folder",
                   "copy the file into the pack folder first")
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        raise fail("file not found",
                   "check the name, or drop the file into the pack folder") from None
    except OSError as exc:
        raise fail(f"cannot read the file ({exc.strerror})", "check its permissions") from None
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file (device, FIFO or socket)"
        raise fail(f"path is {kind}", "name a report file")
    return target


def read_bytes(path: Path, *, limit: int, pack: str = "", item: str = "", file: str = "") -> bytes:
    """Read a regular file, refusing one larger than ``limit`` bytes.

    Opens without blocking and checks what was opened, so a FIFO, device or
    folder (even one swapped in after a check) is refused instead of read.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a device, FIFO or socket"
            raise BoardpackError(Problem(f"is {kind}, not a regular file", pack=pack, item=item,
                                         file=file or path.name,
                                         hint="replace it with the file itself"))
        if info.st_size > limit:
            raise BoardpackError(
                Problem(
                    f"file is {info.st_size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit",
                    pack=pack,
                    item=item,
                    file=file or path.name,
                    hint="split or compress it, or raise [limits] max_file_mb in pack.toml",
                )
            )
        return handle.read(limit + 1)


def atomic_write(path: Path, data: bytes | str, *, durable: bool = True) -> None:
    """Write a file so that a crash leaves either the old or the new content, never half.

    Writes a temporary file in the same folder, flushes it to disk, then renames
    it over the target (an atomic step on POSIX and Windows). ``durable=False`` leaves
    the flushing to the system (for the many files of an output made again at will,
    such as the public site, whose own manifest tells a file cut short by a crash).
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    temp = _write_temp(path, payload, flush=durable)
    try:
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    if durable:
        with contextlib.suppress(OSError):
            _flush(str(path.parent))


SYNC_WORKERS = 8  # flushes at once: the file system journals them together


def atomic_write_all(writes: Iterable[tuple[Path, bytes]]) -> None:
    """``atomic_write`` of many files, as safe and much faster: each is written to a
    temporary copy, the copies are flushed to disk at once, then each is renamed over
    its target and the folders are flushed at once. Flushed one after another, every
    file costs a journal commit of its own (about 8 ms here); flushed at once they
    share them. On an error, files renamed already stay and no temporary copy does."""
    temps: list[tuple[str, Path]] = []
    try:
        for path, data in writes:
            temps.append((_write_temp(path, data, flush=False), path))
        with ThreadPoolExecutor(max_workers=SYNC_WORKERS) as pool:
            list(pool.map(_flush, [temp for temp, _ in temps]))
            folders = sorted({str(path.parent) for _, path in temps})
            while temps:
                temp, path = temps[-1]
                os.replace(temp, path)
                temps.pop()
            with contextlib.suppress(OSError):
                list(pool.map(_flush, folders))
    except BaseException:
        for temp, _ in temps:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
        raise


def _write_temp(path: Path, data: bytes, *, flush: bool) -> str:
    """A new temporary file beside ``path`` holding ``data`` (flushed to disk with
    ``flush``), readable by all as the target will be; removed again on an error."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if flush:
                handle.flush()
                os.fsync(handle.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(temp, 0o644)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    return temp


def _flush(path: str) -> None:
    """Flush a file or a folder (its entries) to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
