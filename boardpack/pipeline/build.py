"""The whole pipeline, end to end: pack folder → sources → editions → files.

``build`` never raises for bad input: every problem comes back in the result, and
nothing is written when any of them is an error. Outputs are written atomically.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from boardpack.cache import Cache
from boardpack.files import atomic_write
from boardpack.model import EDITIONS, Pack
from boardpack.pack import load as packfile
from boardpack.pipeline import uptodate
from boardpack.pipeline.assemble import assemble
from boardpack.pipeline.convert import ConvertedPack, Progress, convert_pack
from boardpack.problems import BoardpackError, Problem, errors
from boardpack.render.fragments import Pieces, RenderStats

if TYPE_CHECKING:
    import typst

FORMATS = ("pdf", "html")
Step = Callable[[str], None]
Cancel = Callable[[], bool]


@dataclass
class BuildResult:
    """What a build wrote and what it found."""

    outputs: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    cancelled: bool = False
    stats: RenderStats = field(default_factory=RenderStats)

    @property
    def ok(self) -> bool:
        return not errors(self.problems) and not self.cancelled


def output_dir(pack_root: Path) -> Path:
    return pack_root / "build"


def prepare_house(pack: Pack, cache: Cache) -> None:
    """Put the house logo among the media so both renderers can use it."""
    logo = pack.house.get("logo_path")
    if logo:
        data = Path(logo).read_bytes()
        name = f"media/{hashlib.sha256(data).hexdigest()[:32]}{Path(logo).suffix.lower()}"
        cache.put_media({name: data})
        pack.house["logo_media"] = name


def restore_media(pack: Pack, converted: ConvertedPack, cache: Cache) -> None:
    """Put back any stored picture or file removed since conversion: the cache may be
    deleted at any time, and both renderers read media from it."""
    cache.root.mkdir(parents=True, exist_ok=True)
    for result in converted.by_file.values():
        cache.put_media(result.media)
    prepare_house(pack, cache)


@dataclass
class Job:
    """One output to render."""

    edition: str
    fmt: str
    document: dict[str, Any]
    pieces: Pieces
    target: Path
    stamp: str


def render_editions(pack: Pack, converted: ConvertedPack, cache: Cache, out: Path,
                    editions: Sequence[str], formats: Sequence[str],
                    step: Step | None = None, cancel: Cancel | None = None,
                    compiler: typst.Compiler | None = None,
                    stats: RenderStats | None = None) -> list[Path]:
    """Assemble each edition once and render it in each format.

    ``cancel`` is asked before each rendering (stopping leaves earlier outputs);
    ``compiler`` is a ``typst.Compiler`` kept between builds, for incremental compiles.
    An output whose stamp (``boardpack.pipeline.uptodate``) matches the file already there is
    kept as it is; ``stats`` records what was rendered, reused and kept. PDFs are
    started first: without a kept compiler each is laid out by Typst in a child
    process while the HTML is written.
    """
    from boardpack.render import html as html_renderer  # Typst and nh3: only when rendering
    from boardpack.render import pdf as pdf_renderer

    stats = stats if stats is not None else RenderStats()
    cache.root.mkdir(parents=True, exist_ok=True)
    order, done, jobs = [], set(), []
    for edition in editions:
        document = assemble(pack, converted, edition)  # type: ignore[arg-type]
        pieces = Pieces.of(document["blocks"])
        content = uptodate.document_hash(document, pieces)
        for fmt in formats:
            target = out / f"{edition}.{fmt}"
            order.append(target)
            stamp = uptodate.stamp(content, fmt, pack.root)
            if uptodate.current(cache, target, stamp):
                if step:
                    step(f"rendering {edition} {fmt.upper()}: up to date, kept")
                stats.skipped.append(f"{edition}.{fmt}")
                done.add(target)
            else:
                jobs.append(Job(edition, fmt, document, pieces, target, stamp))

    def finish(job: Job, data: bytes) -> None:
        atomic_write(job.target, data)
        uptodate.record(cache, job.target, job.stamp)
        done.add(job.target)

    apart = sum(job.fmt == "pdf" for job in jobs) if compiler is None else 0
    threads = max(1, (os.cpu_count() or 1) // apart) if apart else None
    with ThreadPoolExecutor(max_workers=max(1, len(jobs))) as background:
        pending = []
        for job in sorted(jobs, key=lambda j: j.fmt != "pdf"):
            if cancel and cancel():
                break
            if step:
                step(f"rendering {job.edition} {job.fmt.upper()}")
            restore_media(pack, converted, cache)
            if job.fmt == "html":
                finish(job, html_renderer.render(job.document, cache.root, pack_root=pack.root,
                                                 stats=stats, pieces=job.pieces))
                continue
            source, settings = pdf_renderer.prepare(job.document, cache.root,
                                                    pack_root=pack.root, stats=stats,
                                                    pieces=job.pieces)
            if compiler is None:
                pending.append((job, background.submit(
                    pdf_renderer.compile_pdf, source, cache.root, settings, pack=pack.name,
                    threads=threads)))
            else:
                finish(job, pdf_renderer.compile_pdf(source, cache.root, settings,
                                                     compiler=compiler, pack=pack.name))
        for job, future in pending:
            finish(job, future.result())
    return [target for target in order if target in done]


def build(root: Path | str, *, editions: Sequence[str] = EDITIONS,
          formats: Sequence[str] = FORMATS, out: Path | None = None,
          step: Step | None = None, progress: Progress | None = None,
          cancel: Cancel | None = None, compiler: typst.Compiler | None = None) -> BuildResult:
    """Build the pack in ``root``; see ``BuildResult``.

    ``progress(item_id, path)`` is called as each file is converted; ``cancel()``
    is asked between steps, and a cancelled build says so in ``result.cancelled``.
    """
    result = BuildResult()
    try:
        loaded = packfile.load(root)
        result.problems += loaded.problems
        if not result.ok:
            return result
        pack = loaded.pack
        cache = Cache.for_pack(pack.root)
        out = out or output_dir(pack.root)
        prepare_house(pack, cache)
        check = uptodate.check_build(pack, cache, editions, formats, out)
        result.problems += check.problems
        if check.kept:
            if step:
                step("nothing changed since the last build: outputs kept")
            result.outputs = check.outputs
            result.stats.skipped = [path.name for path in check.outputs]
            return result
        if step:
            step("converting reports")
        converted = convert_pack(pack, cache=cache, progress=progress)
        result.problems += converted.problems
        result.cancelled = bool(cancel and cancel())
        if not result.ok:
            return result
        result.outputs = render_editions(pack, converted, cache, out, editions, formats, step,
                                         cancel, compiler, result.stats)
        result.cancelled = len(result.outputs) < len(editions) * len(formats)
        if result.ok:
            uptodate.record_build(check, cache, converted)
    except BoardpackError as exc:
        result.problems += exc.problems
    except OSError as exc:
        result.problems.append(Problem(f"cannot write the output ({exc.strerror})",
                                       pack=Path(root).name, file=str(exc.filename or ""),
                                       hint="check the folder exists and you may write to it"))
    return result
