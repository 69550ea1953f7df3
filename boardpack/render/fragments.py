"""Rendering a document piece by piece: each agenda item written by Pandoc once, cached.

A document's top-level blocks are cut into fragments at each level-1 heading, so
there is one fragment for the front sheet and one per agenda item. Each fragment is
written by Pandoc on its own (one process per fragment, in a thread pool, so as many
run at once as there are cores), passed through the renderer's ``finish`` step
(the HTML sanitiser), and kept in the pack's cache under the SHA-256 of everything
that decides its text: the output format, the writer's options, the ``finish`` step's
name, boardpack's and Pandoc's versions, and the fragment's complete JSON.

Concatenating the fragments gives what one Pandoc run over the whole document gives,
because both writers write each top-level block on its own (footnotes aside: each
HTML fragment carries its own notes, renamed so their ids stay unique in the page).

Why this can never carry Part B content into a public edition: an entry is only ever
looked up by the hash of a fragment's full content, and never listed. The public
edition asks for the fragments of its own document, which assembly built without any
Part B file, so it can only get back the text Pandoc would have written from those
very blocks. A members' fragment that holds exempt content differs in that content,
so its key differs, and the public edition never asks for it. Both editions sharing
an entry means both had exactly the same blocks.

The cache is safe to delete at any time, and a damaged entry (not JSON, the wrong
shape, or text whose checksum does not match) is simply written again.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import re
import secrets
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache as memoise
from pathlib import Path
from types import ModuleType
from typing import Any

from boardpack.cache import Cache, digest, to_json
from boardpack.pandoc import ast
from boardpack.pandoc import run as pandoc

VERSION = "1"  # bump when the fragments' text would change for the same blocks
SPACE = "fragments"

Block = dict[str, Any]
# A renderer's last step on one fragment's text; its second argument is the hash of
# the fragment's blocks alone (not of the code), for ids that must differ between
# fragments yet stay the same from one release to the next.
Finish = Callable[[str, str], str]
# A renderer's first step on the fragments Pandoc is to write (such as ``typst_fixes``):
# a pure function of their blocks, so it is done only to fragments not in the cache.
Prepare = Callable[["Pieces"], "Pieces"]
# How a marker between fragments is written, per output format: (raw format, text).
SEPARATORS = {"typst": ("typst", "// {}"), "html5": ("html", "<!-- {} -->")}


@dataclass
class RenderStats:
    """What a build rendered and what it took from the cache (for tests and the bench)."""

    rendered: list[str] = field(default_factory=list)  # "<format> <first heading id>"
    reused: int = 0
    compiled: list[str] = field(default_factory=list)  # Typst compiles, by edition
    skipped: list[str] = field(default_factory=list)  # outputs already up to date
    pandoc_runs: int = 0


@memoise
def versions() -> str:
    """boardpack's and Pandoc's versions: a new release never reuses an old fragment."""
    return (f"boardpack {importlib.metadata.version('boardpack')} fragments {VERSION} "
            f"pandoc {importlib.metadata.version('pypandoc-binary')}")


@memoise
def finish_version(finish: Finish | Prepare | None) -> str:
    """A finishing (or preparing) step's name and the hash of its module's source and of
    the boardpack modules it draws on, so that changing it (say, the sanitiser's
    allow-list, or how ``typst_fixes`` writes a table) never reuses a fragment finished
    the old way."""
    if finish is None:
        return ""
    module = sys.modules[finish.__module__]
    hashed = hashlib.sha256()
    for name in [module.__name__, *sorted(_drawn_on(module))]:
        path = sys.modules[name].__file__
        hashed.update(Path(path).read_bytes() if path else b"")
    return f"{finish.__module__}.{finish.__qualname__} {hashed.hexdigest()}"


def _drawn_on(module: ModuleType) -> set[str]:
    """The other boardpack modules whose names (or modules) ``module`` imports."""
    names = set()
    for value in vars(module).values():
        name = value.__name__ if isinstance(value, ModuleType) else getattr(
            value, "__module__", None)
        if isinstance(name, str) and name.startswith("boardpack.") and name != module.__name__:
            names.add(name)
    return names


def split(blocks: list[Block]) -> list[list[Block]]:
    """The blocks cut before each level-1 heading; raw blocks just before a heading
    (such as an item's start marker) go with it."""
    pieces: list[list[Block]] = [[]]
    for block in blocks:
        if block["t"] == "Header" and block["c"][0] == 1 and pieces[-1]:
            current = pieces[-1]
            lead = len(current)
            while lead > 0 and current[lead - 1]["t"] == "RawBlock":
                lead -= 1
            moved = current[lead:]
            del current[lead:]
            if not current:
                pieces.pop()
            pieces.append(moved)
        pieces[-1].append(block)
    return [piece for piece in pieces if piece]


def label(piece: list[Block]) -> str:
    """The id of the fragment's first heading (what tests and the bench report)."""
    for block in piece:
        if block["t"] == "Header":
            return block["c"][1][0]
    return "(no heading)"


def cached(store: Cache, name: str) -> str | None:
    """A stored fragment, or None if it is missing or damaged."""
    entry = store.get(SPACE, name)
    if not isinstance(entry, dict):
        return None
    text, checksum = entry.get("text"), entry.get("sha256")
    if not isinstance(text, str) or checksum != hashlib.sha256(text.encode()).hexdigest():
        return None
    return text


def shown(block: Block, fmt: str) -> bool:
    """Whether a top-level block of a fragment is written in ``fmt`` at all: not a
    division only the HTML pack shows (``ast.HTML_ONLY``) in Typst, nor a raw block for
    another format. Leaving them out before Pandoc reads the fragment saves parsing and
    writing what would be thrown away."""
    if block["t"] == "RawBlock":
        return block["c"][0] == ("html" if fmt.startswith("html") else fmt)
    return not (fmt == "typst" and block["t"] == "Div" and ast.HTML_ONLY in block["c"][0][1])


@dataclass(frozen=True)
class Pieces:
    """A document's blocks cut into fragments, each with its JSON: made once per
    edition and used by both renderers and the build stamp."""

    blocks: list[list[Block]]
    payloads: list[bytes]

    @classmethod
    def of(cls, blocks: list[Block]) -> Pieces:
        pieces = split(blocks)
        return cls(pieces, [payload(piece) for piece in pieces])

    def written_as(self, fmt: str) -> Pieces:
        """The fragments without the blocks ``fmt`` never shows (see ``shown``)."""
        blocks, payloads = [], []
        for piece, text in zip(self.blocks, self.payloads, strict=True):
            kept = [block for block in piece if shown(block, fmt)]
            blocks.append(kept)
            payloads.append(text if len(kept) == len(piece) else payload(kept))
        return Pieces(blocks, payloads)


def write(blocks: list[Block] | Pieces, fmt: str, *, extra: list[str], store: Cache,
          finish: Finish | None = None, prepare: Prepare | None = None,
          stats: RenderStats | None = None, workers: int | None = None) -> str:
    """The document body in ``fmt``: ``write_each``'s fragments, one after the other."""
    return "\n".join(write_each(blocks, fmt, extra=extra, store=store, finish=finish,
                                 prepare=prepare, stats=stats, workers=workers))


def write_each(blocks: list[Block] | Pieces, fmt: str, *, extra: list[str], store: Cache,
               finish: Finish | None = None, prepare: Prepare | None = None,
               stats: RenderStats | None = None, workers: int | None = None) -> list[str]:
    """Each fragment of the document body in ``fmt``, from the cache or written now (after
    ``prepare``, which is part of the fragment's key; a cached fragment is not prepared
    again).

    Fragments not in the cache are written in as many Pandoc runs as there are cores
    (one run per batch, fragments parted by a marker no input can forge), except an
    HTML fragment with footnotes, which gets a run of its own so that its notes are
    numbered, and placed, as if it were alone."""
    prepared = (blocks if isinstance(blocks, Pieces) else Pieces.of(blocks)).written_as(fmt)
    pieces, payloads = prepared.blocks, prepared.payloads
    steps = f"{finish_version(finish)} {finish_version(prepare)}"
    names = [digest(versions(), fmt, " ".join(extra), steps, text) for text in payloads]
    texts: dict[str, str] = {}
    todo: dict[str, tuple[list[Block], bytes]] = {}
    for name, piece, text in zip(names, pieces, payloads, strict=True):
        found = texts.get(name) or (None if name in todo else cached(store, name))
        if found is not None:
            texts[name] = found
        elif name not in todo:
            todo[name] = (piece, text)
    if prepare is not None and todo:
        ready = prepare(Pieces([piece for piece, _ in todo.values()],
                               [text for _, text in todo.values()]))
        todo = dict(zip(todo, zip(ready.blocks, ready.payloads, strict=True), strict=True))
    count = workers or (os.cpu_count() or 2)
    runs = batches(todo, fmt, count)
    if stats is not None:
        stats.reused += len(pieces) - len(todo)
        stats.rendered += [f"{fmt} {label(piece)}" for piece, _ in todo.values()]
        stats.pandoc_runs += len(runs)

    def render(batch: list[str]) -> dict[str, str]:
        written = write_batch([todo[name][1] for name in batch], fmt, extra)
        done = {}
        for name, text in zip(batch, written, strict=True):
            if finish is not None:
                text = finish(text, hashlib.sha256(todo[name][1]).hexdigest())
            # not flushed to disk: its checksum makes an entry torn by a crash a miss
            store.put(SPACE, name, {"text": text,
                                    "sha256": hashlib.sha256(text.encode()).hexdigest()},
                      durable=False)
            done[name] = text
        return done

    with ThreadPoolExecutor(max_workers=count) as pool:
        for done in pool.map(render, runs):
            texts.update(done)
    return [texts[name] for name in names]


def payload(piece: list[Block]) -> bytes:
    """A fragment's JSON (the same blocks always give the same text: Pandoc and
    boardpack build their dictionaries in a fixed order)."""
    return to_json(piece)


def batches(todo: dict[str, tuple[list[Block], bytes]], fmt: str, count: int
            ) -> list[list[str]]:
    """The fragments to write, in at most ``count`` balanced batches (by size), plus a
    batch of one for each fragment that must be written alone."""
    alone = [[name] for name, (_, text) in todo.items()
             if fmt not in SEPARATORS or (fmt.startswith("html") and b'"t":"Note"' in text)]
    together = sorted((name for name in todo if [name] not in alone),
                      key=lambda name: -len(todo[name][1]))
    shared: list[list[str]] = [[] for _ in range(min(count, len(together)))]
    sizes = [0] * len(shared)
    for name in together:
        smallest = sizes.index(min(sizes))
        shared[smallest].append(name)
        sizes[smallest] += len(todo[name][1])
    return [batch for batch in shared if batch] + alone


def write_batch(payloads: list[bytes], fmt: str, extra: list[str]) -> list[str]:
    """Each fragment's text from one Pandoc run (``payloads``: each fragment's JSON)."""
    if len(payloads) == 1:
        return [write_json(payloads, fmt, extra).strip("\n")]
    raw_format, pattern = SEPARATORS[fmt]
    mark = f"bp-fragment-{secrets.token_hex(16)}"
    separator = to_json([ast.raw_block(raw_format, pattern.format(mark))])
    text = write_json([part for text in payloads for part in (separator, text)], fmt, extra)
    parts = re.split(rf"^.*{mark}.*$", text, flags=re.M)[1:]
    if len(parts) != len(payloads):  # cannot happen unless Pandoc dropped a raw block
        return [write_batch([text], fmt, extra)[0] for text in payloads]
    return [part.strip("\n") for part in parts]


def write_json(lists: list[bytes], fmt: str, extra: list[str]) -> str:
    """Pandoc's ``fmt`` of the blocks of several JSON lists, joined as they are: the
    fragments' JSON is already at hand, and writing megabytes of it again would hold
    up every other thread of the build."""
    blocks = b",".join(text[1:-1] for text in lists if text != b"[]")
    document = b'{"pandoc-api-version":%s,"meta":{},"blocks":[%s]}' % (
        to_json(ast.API_VERSION), blocks)
    return pandoc.run(["-f", "json", "-t", fmt, *extra], document, timeout=300).decode("utf-8")
