"""Step two of the pipeline: every input file of a pack, converted (and cached).

``convert_pack`` runs each item's files through their source module in parallel,
reusing cached conversions whose inputs have not changed. A file that cannot be
read becomes a problem naming pack, item and file; nothing escapes as a traceback.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from boardpack import ast, history, sources
from boardpack.cache import Cache, digest, problem_from_json, problem_to_json
from boardpack.files import inside, read_bytes
from boardpack.model import Item, Pack, SourceRef
from boardpack.problems import BoardpackError, Problem
from boardpack.sources import Context, Converted, letter

Progress = Callable[[str, str], None]


@dataclass
class ConvertedPack:
    """All conversions of a pack, by (item id, file path)."""

    by_file: dict[tuple[str, str], Converted] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def for_item(self, item: Item) -> list[tuple[SourceRef, Converted]]:
        return [(ref, self.by_file[(item.id, ref.path)]) for ref in item.files
                if (item.id, ref.path) in self.by_file]


def source_key(kind: str, data: bytes, ref: SourceRef, item: str = "") -> str:
    """The cache key of a conversion. Item and path are part of it: a conversion names
    them in its notes and ids, and reads images relative to the file's folder."""
    module = sources.module(kind)
    return digest(kind, str(getattr(module, "VERSION", 1)), str(ast.CLEAN_VERSION),
                  letter.cache_tag(kind), repr(ref.options), item, ref.path, data)


def convert_one(pack: Pack, item: Item, ref: SourceRef, cache: Cache | None) -> Converted:
    """Convert one file, through the cache; raises BoardpackError for bad input."""
    path = inside(pack.root, ref.path, pack=pack.name, item=item.id)
    data = read_bytes(path, limit=pack.limits.max_file_bytes, pack=pack.name, item=item.id,
                      file=ref.path)
    kept = history.keep(pack.root, ref.path, data, pack=pack.name, item=item.id)
    if ref.kind not in sources.modules():
        raise BoardpackError(Problem(f"no reader for files of kind '{ref.kind}'", pack=pack.name,
                                     item=item.id, file=ref.path))
    key = source_key(ref.kind, data, ref, item.id)
    if cache is not None:
        hit = _cached(cache, pack, key)
        if hit is not None:
            hit.notes.extend(kept)
            return hit
    ctx = Context(pack_root=pack.root, pack=pack.name, item=item.id, file=ref.path,
                  options=dict(ref.options), limits=pack.limits)
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
    return result


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
            return None
    media = {name: cache.media_path(name).read_bytes() for name in entry["media"]}
    return Converted(blocks=entry["blocks"], media=media, meta=entry["meta"],
                     deps=entry["deps"], notes=[problem_from_json(n) for n in entry["notes"]])


def convert_pack(pack: Pack, *, cache: Cache | None = None, items: list[Item] | None = None,
                 progress: Progress | None = None, workers: int | None = None) -> ConvertedPack:
    """Convert every file of ``items`` (default: all items), in parallel."""
    jobs = [(item, ref) for item in (items if items is not None else pack.items)
            for ref in item.files]
    out = ConvertedPack()

    def run(job: tuple[Item, SourceRef]) -> tuple[Item, SourceRef, Converted | None,
                                                   list[Problem]]:
        item, ref = job
        try:
            return item, ref, convert_one(pack, item, ref, cache), []
        except BoardpackError as exc:
            return item, ref, None, exc.problems

    with ThreadPoolExecutor(max_workers=workers or min(8, (os.cpu_count() or 2) + 1)) as pool:
        for item, ref, result, problems in pool.map(run, jobs):
            if result is not None:
                out.by_file[(item.id, ref.path)] = result
                out.problems.extend(result.notes)
            out.problems.extend(problems)
            if progress:
                progress(item.id, ref.path)
    return out
