"""The whole pipeline, end to end: pack folder → sources → editions → files.

``build`` loads the pack and what it is given from outside it (the committee's
earlier meetings, the first issue's date), converts the files, assembles each
edition and renders it. It never raises for bad input: every problem comes back in
the result, and nothing is written when any of them is an error.

``render_editions`` is the one render loop: the build, ``publish`` and the draft
minutes all write their outputs through it, atomically.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from boardpack.cache import Cache, StagedCache
from boardpack.files import atomic_write
from boardpack.layout import FORMATS, build_folder, pack_output
from boardpack.model import EDITIONS, Edition, Pack
from boardpack.pack import library
from boardpack.pack import load as packfile
from boardpack.pipeline import uptodate
from boardpack.pipeline.assemble import assemble
from boardpack.pipeline.convert import ConvertedPack, convert_pack, keep_later
from boardpack.pipeline.progress import Converting, Kept, OnEvent, Rendering
from boardpack.problems import BoardpackError, Problem, errors
from boardpack.render.fragments import Pieces, RenderStats

if TYPE_CHECKING:
    from boardpack.render.kept import KeptCompiler

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


def prepare_house(pack: Pack, cache: Cache) -> None:
    """Put the house logo among the media so both renderers can use it."""
    logo = pack.house.get("logo_path")
    if logo:
        data = Path(logo).read_bytes()
        name = f"media/{hashlib.sha256(data).hexdigest()[:32]}{Path(logo).suffix.lower()}"
        cache.put_media({name: data})
        pack.house["logo_media"] = name


def restore_media(pack: Pack, converted: ConvertedPack, cache: Cache,
                  written: Future[None] | None = None) -> None:
    """Put back any stored picture or file removed since conversion (once the media
    being ``written`` are): the cache may be deleted at any time, and both renderers
    read media from it."""
    if written is not None:
        written.result()
    cache.root.mkdir(parents=True, exist_ok=True)
    for result in converted.by_file.values():
        cache.put_media(result.media)
    prepare_house(pack, cache)


@dataclass(frozen=True)
class Output:
    """One file a render loop writes: an edition's document as ``fmt``, at ``target``
    (``encrypted`` says the file will be encrypted on its way out)."""

    edition: Edition
    fmt: str
    target: Path
    encrypted: bool = False


@dataclass
class _Job:
    output: Output
    document: dict[str, Any]
    pieces: Pieces
    stamp: str


def render_editions(pack: Pack, documents: Callable[[Edition], dict[str, Any]],
                    outputs: Sequence[Output], workspace: Path, *,
                    stamps: Cache | None = None, media: Callable[[], None] | None = None,
                    finish: Callable[[Output, bytes], bytes] | None = None,
                    on_event: OnEvent | None = None, cancel: Cancel | None = None,
                    compiler: KeptCompiler | None = None,
                    stats: RenderStats | None = None) -> list[Path]:
    """Render ``outputs``, each edition's document made once by ``documents``.

    The renderers read media (and keep their fragments) under ``workspace``; ``media``
    is called before each rendering (for a PDF, before its layout) to put the media in
    place. With ``stamps`` (the pack's cache) an output whose stamp
    (``boardpack.pipeline.uptodate``) matches the file already there is kept as it is,
    and each output written is stamped.
    ``finish`` may change an output's bytes before they are written (an issue encrypts
    one). ``cancel`` is asked before each rendering (stopping leaves earlier outputs);
    ``compiler`` (``render.kept``) is kept between builds, for incremental compiles;
    ``stats`` records what was rendered, reused and kept. PDFs are started first: each
    is laid out by Typst in a child process (the kept compiler's, or a new one) while
    the others are written. Returns the files written or kept, in the order of ``outputs``.
    """
    from boardpack.render import docx as docx_renderer  # Typst, nh3: only when rendering
    from boardpack.render import html as html_renderer
    from boardpack.render import pdf as pdf_renderer
    from boardpack.render.typstrun import threads_each

    stats = stats if stats is not None else RenderStats()
    workspace.mkdir(parents=True, exist_ok=True)
    made: dict[Edition, tuple[dict[str, Any], Pieces, str]] = {}
    done: set[Path] = set()
    jobs: list[_Job] = []
    for output in outputs:
        if output.edition not in made:
            document = documents(output.edition)
            pieces = Pieces.of(document["blocks"])
            made[output.edition] = (document, pieces, uptodate.document_hash(document, pieces))
        document, pieces, content = made[output.edition]
        stamp = uptodate.stamp(content, output.fmt, pack.root) if stamps is not None else ""
        if stamps is not None and uptodate.current(stamps, output.target, stamp):
            if on_event:
                on_event(Rendering(output.edition, output.fmt, kept=True))
            stats.skipped.append(output.target.name)
            done.add(output.target)
        else:
            jobs.append(_Job(output, document, pieces, stamp))

    def write(job: _Job, data: bytes) -> None:
        if finish is not None:
            data = finish(job.output, data)
        atomic_write(job.output.target, data)
        if stamps is not None:
            uptodate.record(stamps, job.output.target, job.stamp)
        done.add(job.output.target)

    pdfs = [job for job in jobs if job.output.fmt == "pdf"]
    threads = threads_each(len(pdfs))
    own = None  # a cold build's editions laid out by one child, sharing their items' layouts
    try:
        with ThreadPoolExecutor(max_workers=max(1, len(jobs))) as background:
            pending: list[tuple[_Job, Future[bytes]]] = []
            for job in sorted(jobs, key=lambda j: j.output.fmt != "pdf"):
                if cancel and cancel():
                    break
                out = job.output
                if on_event:
                    on_event(Rendering(out.edition, out.fmt, encrypted=out.encrypted))
                if media and out.fmt != "pdf":
                    media()
                if out.fmt == "html":
                    write(job, html_renderer.render(job.document, workspace,
                                                    pack_root=pack.root, stats=stats,
                                                    pieces=job.pieces))
                    continue
                if out.fmt == "docx":
                    write(job, docx_renderer.render(job.document))
                    continue
                source, settings = pdf_renderer.prepare(job.document, workspace,
                                                        pack_root=pack.root, stats=stats,
                                                        pieces=job.pieces)
                if media:  # the Typst source needs none: the layout does
                    media()
                if compiler is None and len(pdfs) > 1 and source.parts:  # items shared
                    from boardpack.render.kept import KeptCompiler

                    compiler = own = KeptCompiler(workspace, trims=0, long_lived=False)
                pending.append((job, background.submit(
                    pdf_renderer.compile_pdf, source, workspace, settings, compiler=compiler,
                    pack=pack.name, threads=threads, last=job is pdfs[-1])))
            for job, future in pending:
                write(job, future.result())
    finally:
        if own is not None:
            own.close()
    if pdfs:
        pdf_renderer.prune(workspace)
    return [output.target for output in outputs if output.target in done]


def build(root: Path | str, *, editions: Sequence[Edition] = EDITIONS,
          formats: Sequence[str] = FORMATS, out: Path | None = None,
          on_event: OnEvent | None = None, cancel: Cancel | None = None,
          compiler: KeptCompiler | None = None) -> BuildResult:
    """Build the pack in ``root``; see ``BuildResult``.

    ``on_event`` is told what happens (``boardpack.pipeline.progress``); ``cancel()``
    is asked between steps, and a cancelled build says so in ``result.cancelled``.
    """
    result = BuildResult()
    writer = ThreadPoolExecutor(max_workers=1)  # the media, while the documents are made
    try:
        loaded = packfile.load(root)
        result.problems += loaded.problems
        if not result.ok:
            return result
        pack = loaded.pack
        cache = StagedCache(Cache.for_pack(pack.root).root)  # written once nothing stops
        out = out or build_folder(pack.root)
        prepare_house(pack, cache)
        past = library.past(pack)
        check = uptodate.check_build(pack, past, cache, editions, formats, out)
        result.problems += check.problems
        if check.kept:
            cache.commit()
            if on_event:
                on_event(Kept(tuple(check.outputs)))
            result.outputs = check.outputs
            result.stats.skipped = [path.name for path in check.outputs]
            return result
        if on_event:
            on_event(Converting(sum(len(item.files) for item in pack.items)))
        converted = convert_pack(pack, cache=cache, on_event=on_event, keep=False,
                                 pdf_only=set(formats) == {"pdf"})
        result.cancelled = bool(cancel and cancel())
        media_written: Future[None] | None = None
        if not errors(converted.problems):
            # the renderers read the media from the cache folder: written meanwhile,
            # waited for before the first layout and the first HTML (``media`` below)
            media_written = writer.submit(cache.write_media, cache.commit(media=False))
            keep_later(pack, converted, cache)  # the versions read, now in .history
        result.problems += converted.problems
        if not result.ok:
            return result
        outputs = [Output(edition, fmt, out / pack_output(edition, fmt))
                   for edition in editions for fmt in formats]
        result.outputs = render_editions(
            pack, lambda edition: assemble(pack, converted, edition, past), outputs,
            cache.root, stamps=cache, media=lambda: restore_media(pack, converted, cache,
                                                                  media_written),
            on_event=on_event, cancel=cancel, compiler=compiler, stats=result.stats)
        result.cancelled = len(result.outputs) < len(outputs)
        if result.ok:
            uptodate.record_build(check, cache, converted)
    except BoardpackError as exc:
        result.problems += exc.problems
    except OSError as exc:
        result.problems.append(Problem(f"cannot write the output ({exc.strerror})",
                                       pack=Path(root).name, file=str(exc.filename or ""),
                                       hint="check the folder exists and you may write to it"))
    finally:
        writer.shutdown()  # nothing is left writing once the build returns
    return result
