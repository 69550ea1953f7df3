"""Editing TOML a person wrote, keeping their comments, order and layout.

``edit(path)`` is a context manager: it takes the pack's lock (so a CLI and the
TUI never save over each other), parses the file with tomlkit, hands the
document to the caller, and on a clean exit checks the result still parses
and writes it atomically. A crash or kill mid-save leaves the previous file whole.
"""

from __future__ import annotations

import contextlib
import tomllib
from collections.abc import Iterator
from pathlib import Path

import filelock
import tomlkit
from tomlkit.exceptions import ParseError
from tomlkit.toml_document import TOMLDocument

from boardpack.files import atomic_write, read_bytes
from boardpack.layout import LOCK_FILE
from boardpack.model import Limits
from boardpack.problems import BoardpackError, Problem

LOCK_TIMEOUT = 5.0


def lock_for(pack_root: Path, timeout: float = LOCK_TIMEOUT) -> filelock.FileLock:
    """The pack's write lock (one per pack folder, shared by every file in it)."""
    return filelock.FileLock(str(pack_root / LOCK_FILE), timeout=timeout)


@contextlib.contextmanager
def locked(pack_root: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the pack's lock, or fail with a clear message if someone else holds it."""
    try:
        with lock_for(pack_root, timeout):
            yield
    except filelock.Timeout:
        raise BoardpackError(Problem(
            "the pack is being saved by another boardpack (the app or a command)",
            pack=pack_root.name, file=LOCK_FILE,
            hint=f"wait and try again; if nothing else is running, delete {LOCK_FILE}",
        )) from None


def read(path: Path, *, pack: str) -> TOMLDocument:
    """Parse a TOML file with tomlkit (an absent file is an empty document)."""
    if not path.exists():
        return tomlkit.document()
    try:
        text = read_bytes(path, limit=Limits().max_file_bytes, pack=pack, file=path.name)
        return tomlkit.parse(text.decode("utf-8"))
    except (ParseError, UnicodeDecodeError) as exc:
        raise BoardpackError(Problem(f"cannot edit: not valid TOML ({exc})", pack=pack,
                                     file=path.name, hint="fix the file by hand first")) from None


@contextlib.contextmanager
def edit(path: Path, *, timeout: float = LOCK_TIMEOUT) -> Iterator[TOMLDocument]:
    """Lock the pack, yield the parsed document, then save it atomically."""
    pack_root = path.parent
    with locked(pack_root, timeout):
        document = read(path, pack=pack_root.name)
        yield document
        text = tomlkit.dumps(document)
        try:
            tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:  # never write a file that would not load
            raise BoardpackError(Problem(f"edit would make the file invalid ({exc})",
                                         pack=pack_root.name, file=path.name)) from None
        atomic_write(path, text)
