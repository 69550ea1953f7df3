"""Every input file of a pack, converted by its source module (and cached).

``convert_pack`` runs each item's files through their source module in parallel,
reusing cached conversions whose inputs have not changed. A file that cannot be
read becomes a problem naming pack, item and file; nothing escapes as a traceback.
``input_keys`` reads and hashes the files without converting anything, so that a
build can tell cheaply that nothing has changed (see ``pipeline.uptodate``).

A build of the PDF pack alone (``pdf_only``) asks the readers for no more than it
shows: the PDF reader then draws no page images. Such a conversion is cached under a
key of its own; a full conversion already cached serves it as well.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from boardpack import sources
from boardpack.cache import Cache, digest, paused_gc, problem_from_json, problem_to_json
from boardpack.files import inside, read_bytes
from boardpack.model import Item, Pack, SourceRef
from boardpack.pack import history
from boardpack.pandoc import ast
from boardpack.pipeline.progress import FileConverted, OnEvent
from boardpack.problems import BoardpackError, Problem
from boardpack.sources import Context, Converted, letter
from boardpack.sources.pdf.worker import KeptReaders


@dataclass
class ConvertedPack:
    """All conversions of a pack, by (item id, file path)."""

    by_file: dict[tuple[str, str], Converted] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    keys: dict[tuple[str, str], str] = field(default_factory=dict)  # each file's cache key
    kept: list[Problem] = field(default_factory=list)  # this run's notes from ``history``
    unkept: list[tuple[str, str, bytes]] = field(default_factory=list)
    """(item id, path, bytes) of each file read without keeping its version (``keep_later``)."""

    def for_item(self, item: Item) -> list[tuple[SourceRef, Converted]]:
        return [(ref, self.by_file[(item.id, ref.path)]) for ref in item.files
                if (item.id, ref.path) in self.by_file]


def source_key(kind: str, data: bytes, ref: SourceRef, item: str = "", *,
               pdf_only: bool = False) -> str:
    """The cache key of a conversion. Item and path are part of it: a conversion names
    them in its notes and ids, and reads images relative to the file's folder; so is
    ``pdf_only`` for a reader that makes less for the PDF pack alone."""
    module = sources.module(kind)
    lean = ["pdf only"] if pdf_only and lean_for_pdf(kind) else []
    return digest(kind, str(getattr(module, "VERSION", 1)), str(ast.CLEAN_VERSION),
                  letter.cache_tag(kind), repr(ref.options), item, ref.path, data, *lean)


def lean_for_pdf(kind: str) -> bool:
    """Whether the reader of ``kind`` makes less for the PDF pack alone."""
    return bool(getattr(sources.module(kind), "PDF_ONLY_DIFFERS", False))


def read_input(pack: Pack, item: Item, ref: SourceRef, cache: Cache | None, *,
               keep: bool = True, pdf_only: bool = False) -> tuple[str, bytes, list[Problem]]:
    """A file's cache key (for the PDF pack alone, with ``pdf_only``) and bytes, and the
    notes of keeping this version in ``.history`` (unless not ``keep``); raises
    BoardpackError if it cannot be read or has no reader."""
    path = inside(pack.root, ref.path, pack=pack.name, item=item.id)
    data = read_bytes(path, limit=pack.limits.max_file_bytes, pack=pack.name, item=item.id,
                      file=ref.path)
    kept = history.keep(pack.root, ref.path, data, pack=pack.name, item=item.id,
                        cache=cache) if keep else []
    if ref.kind not in sources.ENDINGS:
        raise BoardpackError(Problem(f"no reader for files of kind '{ref.kind}'", pack=pack.name,
                                     item=item.id, file=ref.path))
    return source_key(ref.kind, data, ref, item.id, pdf_only=pdf_only), data, kept


def convert_one(pack: Pack, item: Item, ref: SourceRef, cache: Cache | None) -> Converted:
    """Convert one file, through the cache; raises BoardpackError for bad input."""
    return _convert(pack, item, ref, cache)[0]


def _convert(pack: Pack, item: Item, ref: SourceRef, cache: Cache | None,
             pdf_only: bool = False, keep: bool = True,
             unkept: list[tuple[str, str, bytes]] | None = None,
             readers: KeptReaders | None = None) -> tuple[Converted, str, list[Problem]]:
    """``convert_one``, with the file's cache key and its notes from ``history``; unless
    ``keep``, the file's version is not kept but noted in ``unkept``; PDFs are read by
    ``readers`` if given."""
    key, data, kept = read_input(pack, item, ref, cache, keep=keep, pdf_only=pdf_only)
    if not keep and unkept is not None:
        unkept.append((item.id, ref.path, data))
    if cache is not None:
        full = [source_key(ref.kind, data, ref, item.id)] if pdf_only and lean_for_pdf(
            ref.kind) else []
        for found in (*full, key):
            hit = _cached(cache, pack, found)
            if hit is not None:
                hit.notes.extend(kept)
                return hit, key, kept
    ctx = Context(pack_root=pack.root, pack=pack.name, item=item.id, file=ref.path,
                  options=dict(ref.options), limits=pack.limits, pdf_only=pdf_only,
                  pdf_readers=readers)
    try:
        result = sources.module(ref.kind).convert(data, ctx)
        result = letter.recognise(result, ref.kind, ctx)
    except BoardpackError:
        raise
    except (MemoryError, RecursionError) as exc:
        raise BoardpackError(Problem(
            f"too large or too deeply nested to read ({type(exc).__name__})", pack=pack.name,
            item=item.id, file=ref.path, hint="split the file, or export it again")) from None
    except Exception as exc:  # a reader library failed on a damaged file
        raise BoardpackError(Problem(
            f"could not be read ({type(exc).__name__}: {str(exc)[:200]})", pack=pack.name,
            item=item.id, file=ref.path,
            hint="the file may be damaged: open it in its own program and save it again",
        )) from None
    if cache is not None:
        cache.put_media(result.media)
        cache.put("sources", key, {
            "blocks": result.blocks, "media": sorted(result.media), "meta": result.meta,
            "deps": result.deps, "notes": [problem_to_json(p) for p in result.notes],
        })
    result.notes.extend(kept)
    return result, key, kept


def _cached(cache: Cache, pack: Pack, key: str) -> Converted | None:
    entry = cache.get("sources", key)
    if entry is None or not cache.has_media(entry["media"]):
        return None
    for relative, expected in entry["deps"].items():
        try:
            dep = inside(pack.root, relative)
            if hashlib.sha256(dep.read_bytes()).hexdigest() != expected:
                return None
        except (BoardpackError, OSError):
            return None  # a file it read is gone: convert again, which reports it
    media = {name: cache.media(name) for name in entry["media"]}
    return Converted(blocks=entry["blocks"], media=media, meta=entry["meta"],
                     deps=entry["deps"], notes=[problem_from_json(n) for n in entry["notes"]])


def input_keys(pack: Pack, cache: Cache | None, *, keep: bool = False, pdf_only: bool = False
               ) -> tuple[dict[tuple[str, str], str], list[Problem]] | None:
    """Every file's cache key (as ``convert_pack`` with ``pdf_only`` keys it), by (item
    id, path), as the files are now; None if a file cannot be read. Nothing is
    converted and no conversion is read. With ``keep``, new versions are kept in
    ``.history`` as converting would, with their notes."""
    keys: dict[tuple[str, str], str] = {}
    kept: list[Problem] = []
    for item in pack.items:
        for ref in item.files:
            try:
                key, _, notes = read_input(pack, item, ref, cache, keep=keep,
                                           pdf_only=pdf_only)
            except BoardpackError:
                return None
            keys[(item.id, ref.path)] = key
            kept += notes
    return keys, kept


def convert_pack(pack: Pack, *, cache: Cache | None = None, items: list[Item] | None = None,
                 on_event: OnEvent | None = None, workers: int | None = None,
                 pdf_only: bool = False, keep: bool = True) -> ConvertedPack:
    """Convert every file of ``items`` (default: all items), in parallel, for the PDF
    pack alone with ``pdf_only``; ``on_event`` hears of each file as it is done. Unless
    ``keep``, no version is kept in ``.history`` yet: ``keep_later`` keeps them (a build,
    once nothing stops it), or nothing does (``check``, which writes nothing into the pack).

    The cycle collector is paused meanwhile: conversions make next to no cycles, and
    the conversions read from the cache are large (see ``cache.paused_gc``)."""
    jobs = [(item, ref) for item in (items if items is not None else pack.items)
            for ref in item.files]
    out = ConvertedPack()

    def run(job: tuple[Item, SourceRef]) -> tuple[Item, SourceRef,
                                                   tuple[Converted, str, list[Problem]] | None,
                                                   list[Problem]]:
        item, ref = job
        try:
            return item, ref, _convert(pack, item, ref, cache, pdf_only, keep, out.unkept,
                                       readers), []
        except BoardpackError as exc:
            return item, ref, None, exc.problems

    order = interleaved(jobs)
    finished: dict[int, tuple[Item, SourceRef, tuple[Converted, str, list[Problem]] | None,
                              list[Problem]]] = {}
    with (KeptReaders() as readers,  # outlives the pool: closed once every file is read
          ThreadPoolExecutor(max_workers=workers or min(8, (os.cpu_count() or 2) + 1)) as pool,
          paused_gc()):
        for index, answer in zip(order, pool.map(run, [jobs[i] for i in order]), strict=True):
            finished[index] = answer
            if on_event:
                on_event(FileConverted(answer[0].id, answer[1].path))
    for index in range(len(jobs)):  # in agenda order, whatever order they finished in
        item, ref, done, problems = finished[index]
        if done is not None:
            result, key, kept = done
            out.by_file[(item.id, ref.path)] = result
            out.keys[(item.id, ref.path)] = key
            out.kept.extend(kept)
            out.problems.extend(result.notes)
        out.problems.extend(problems)
    return out


def interleaved(jobs: list[tuple[Item, SourceRef]]) -> list[int]:
    """The jobs' indices taking each kind of file in turn (a workbook, a Word file, a
    PDF, ...; each kind in agenda order), so that the readers that work in Python
    (workbooks) run beside those that wait for a process (Pandoc, the PDF worker)
    rather than all at once, holding one another up for Python's lock."""
    by_kind: dict[str, list[int]] = {}
    for index, (_, ref) in enumerate(jobs):
        by_kind.setdefault(ref.kind, []).append(index)
    queues = sorted(by_kind.values(), key=len, reverse=True)
    return [queue[turn] for turn in range(len(queues[0]) if queues else 0)
            for queue in queues if turn < len(queue)]


def keep_later(pack: Pack, converted: ConvertedPack, cache: Cache | None) -> list[Problem]:
    """Keep in ``.history`` the versions ``convert_pack(keep=False)`` read; their notes
    (also added to the conversion's)."""
    notes = history.keep_all(pack.root, converted.unkept, pack=pack.name, cache=cache)
    converted.unkept.clear()
    converted.kept += notes
    converted.problems += notes
    return notes
