"""Skipping a rendering already done: an output whose inputs have not changed is kept.

An output's stamp is the SHA-256 of everything its rendering reads: the edition's
complete Pandoc document (which names every picture and PDF by the hash of its bytes,
so a changed file changes the document), the format, the template files the renderer
uses, and the versions of boardpack, Pandoc, Typst and the font package. After writing
an output the build records its stamp in the pack's cache with the file's size and
modification time; a later build with the same stamp, finding the same file, leaves
it alone. Deleting the cache, or the output, or touching the output, means it is
rendered again.

A whole build can be skipped too, before anything is converted. ``check_build`` takes
the fingerprint of everything a build reads: each input file's cache key (the hash of
its bytes, kind, options and reader version), the loaded pack (``pack.toml``,
``resolutions.toml``, the templates it names, the house logo's hash), the pack's past
as assembly is given it (the committee's earlier meetings as their light records give
them, ``boardpack.pack.record``: so a changed ``pack.toml`` or ``resolutions.toml`` of
an earlier meeting changes it, and nothing of another committee's packs or of any
earlier pack's reports does; and the first issue's date), the size and modification
time of every other file of the pack (but what ``layout.NOT_CONTENT`` names) and of
boardpack's code (the whole package) and templates, and the versions of the programs
that render. ``record_build`` stores it after a build that wrote every output; when
the next check finds the same fingerprint, the outputs untouched and every other file
the conversions read unchanged, the outputs are kept and nothing else is done: no
conversion, no cached conversion read, no assembly, no rendering.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import sys
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache as memoise
from pathlib import Path
from typing import Any

import boardpack
from boardpack import templates
from boardpack.cache import Cache, digest, problem_from_json, problem_to_json, to_json
from boardpack.files import inside
from boardpack.layout import NOT_CONTENT
from boardpack.model import Pack
from boardpack.pack.library import Past
from boardpack.pipeline import convert
from boardpack.pipeline.convert import ConvertedPack
from boardpack.problems import BoardpackError, Problem
from boardpack.render.fragments import Pieces

SPACE = "outputs"
BUILDS = "builds"
FINGERPRINT = "whole build 2"  # bump when the fingerprint takes in something new
CODE = Path(boardpack.__file__).resolve().parent  # the whole package, not this folder
TEMPLATES = {"pdf": ("render/pack.typ",), "html": ("render/pack.html", "render/pack.css")}
PACKAGES = ("boardpack", "pypandoc-binary", "typst", "fontpkg-lato", "nh3")


@memoise
def versions() -> str:
    return " ".join(f"{name} {importlib.metadata.version(name)}" for name in PACKAGES)


def document_hash(document: dict[str, Any], pieces: Pieces | None = None) -> str:
    """The hash of a whole Pandoc document: its metadata and every fragment's JSON
    (``pieces``, when the caller has them already, is the document's blocks cut up)."""
    pieces = pieces or Pieces.of(document["blocks"])
    return digest(to_json(document["meta"]), *pieces.payloads)


def stamp(document: str, fmt: str, pack_root: Path | None) -> str:
    """The stamp of rendering the document whose ``document_hash`` is ``document`` as
    ``fmt`` with the pack's templates."""
    files = [templates.find(name, pack_root).read_bytes() for name in TEMPLATES[fmt]]
    return digest(versions(), fmt, *files, document)


def _entry(target: Path) -> str:
    return digest(str(target.resolve()))


def current(cache: Cache, target: Path, expected: str) -> bool:
    """Whether ``target`` is the file a rendering with stamp ``expected`` wrote."""
    entry = cache.get(SPACE, _entry(target))
    try:
        info = target.stat()
    except OSError:
        return False  # no such output: it must be rendered
    return isinstance(entry, dict) and entry == {"stamp": expected, "size": info.st_size,
                                                 "mtime_ns": info.st_mtime_ns}


def record(cache: Cache, target: Path, written: str) -> None:
    """Remember that ``target`` was just written by a rendering with stamp ``written``."""
    info = target.stat()
    cache.put(SPACE, _entry(target), {"stamp": written, "size": info.st_size,
                                      "mtime_ns": info.st_mtime_ns})


@dataclass
class BuildCheck:
    """What ``check_build`` found: the outputs to keep if nothing changed, and what
    ``record_build`` needs to remember a build."""

    entry: str
    out: Path
    names: list[str]
    fingerprint: str = ""  # empty when a file could not be read
    keys: dict[tuple[str, str], str] = field(default_factory=dict)
    outputs: list[Path] = field(default_factory=list)  # kept as they are, when nothing changed
    problems: list[Problem] = field(default_factory=list)

    @property
    def kept(self) -> bool:
        return bool(self.outputs)


def check_build(pack: Pack, past: Past, cache: Cache, editions: Sequence[str],
                formats: Sequence[str], out: Path) -> BuildCheck:
    """Whether the last build of ``editions`` × ``formats`` into ``out`` is still what a
    build would write. Reads and hashes every input file; when the outputs can be kept,
    keeps new versions in ``.history`` as converting would, and ``problems`` has what
    the build would report (the conversions' notes too). ``pack`` and ``past`` must be
    as the build uses them (house logo prepared)."""
    names = [f"{edition}.{fmt}" for edition in editions for fmt in formats]
    check = BuildCheck(digest(str(pack.root.resolve()), str(out.resolve()), *names), out, names)
    pdf_only = set(formats) == {"pdf"}
    found = convert.input_keys(pack, cache, pdf_only=pdf_only)
    if found is None:
        return check
    check.keys = found[0]
    check.fingerprint = fingerprint(pack, past, check.keys, names, out)
    entry = cache.get(BUILDS, check.entry)
    try:
        if entry["fingerprint"] != check.fingerprint or list(entry["outputs"]) != names:
            return check
        if not all(current(cache, out / name, stamp) for name, stamp in entry["outputs"].items()):
            return check
        if not all(_unchanged(pack.root, path, sha) for path, sha in entry["deps"].items()):
            return check
        notes = [problem_from_json(note) for note in entry["notes"]]
    except (TypeError, KeyError, ValueError, AttributeError):  # none yet, or damaged
        return check
    again = convert.input_keys(pack, cache, keep=True, pdf_only=pdf_only)
    if again is None or again[0] != check.keys:  # changed meanwhile
        return check
    check.outputs = [out / name for name in names]
    check.problems = notes + again[1]
    return check


def record_build(check: BuildCheck, cache: Cache, converted: ConvertedPack) -> None:
    """Remember a build that, after ``check``, converted ``converted`` and wrote every
    output without an error, so that the next ``check_build`` can keep them."""
    if not check.fingerprint or converted.keys != check.keys:
        return  # a file could not be read, or changed while the build read it
    outputs = {}
    for name in check.names:
        entry = cache.get(SPACE, _entry(check.out / name))
        if not isinstance(entry, dict) or not isinstance(entry.get("stamp"), str):
            return
        outputs[name] = entry["stamp"]
    deps: dict[str, str] = {}
    for result in converted.by_file.values():
        for path, sha in result.deps.items():
            if deps.setdefault(path, sha) != sha:
                return  # read twice, changed in between
    notes = [problem_to_json(p) for p in converted.problems if p not in converted.kept]
    cache.put(BUILDS, check.entry, {"fingerprint": check.fingerprint, "outputs": outputs,
                                    "deps": deps, "notes": notes})


def fingerprint(pack: Pack, past: Past, keys: dict[tuple[str, str], str],
                names: Sequence[str], out: Path) -> str:
    """The hash of everything a build of ``pack`` into ``names`` under ``out`` reads,
    given its past and each input file's cache key (see the module's docstring)."""
    inputs = {os.path.normpath(path) for _, path in keys}
    here, *others = watched(pack)
    return digest(FINGERPRINT, versions(), _more_versions(), repr(pack), repr(past),
                  str(out.resolve()), *names,
                  *(f"{item} {path} {key}" for (item, path), key in keys.items()),
                  *_tree(here, skip_files=inputs, skip_folder=out.resolve()),
                  *(line for folder in others for line in _tree(folder)))


def watched(pack: Pack) -> list[Path]:
    """The folders whose files (but for ``NOT_CONTENT`` folders) the fingerprint takes
    in by size and modification time: the pack's own (its input files by content), and
    boardpack's code and templates."""
    return [pack.root, CODE, *templates.search_path()]


@memoise
def _more_versions() -> str:
    """What else a build's result depends on: the bank holidays behind the deadlines."""
    return f"python {sys.version} holidays {importlib.metadata.version('holidays')}"


def _tree(folder: Path, skip_files: Collection[str] = (), skip_folder: Path | None = None
          ) -> Iterator[str]:
    """"path size mtime" of each file under ``folder``, but for ``skip_files`` (relative
    paths), the folder ``skip_folder`` (where the build writes) and what ``NOT_CONTENT``
    names (folders anywhere, files such as the lock at the top)."""
    yield str(folder)
    for top, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in NOT_CONTENT and (
            skip_folder is None or Path(top, d).resolve() != skip_folder))
        for name in sorted(files):
            path = os.path.join(top, name)
            relative = os.path.relpath(path, folder)
            if relative in skip_files or relative in NOT_CONTENT:
                continue
            try:
                info = os.stat(path)
            except OSError:
                continue  # gone since the folder was listed: it is not read either
            yield f"{relative} {info.st_size} {info.st_mtime_ns}"


def _unchanged(root: Path, relative: str, sha: str) -> bool:
    try:
        return hashlib.sha256(inside(root, relative).read_bytes()).hexdigest() == sha
    except (BoardpackError, OSError):
        return False  # gone or unreadable: changed, and the build will say why
