"""The kept Typst compiler: one child process for every edition, kept, recycled when it
grows (real Typst in real child processes)."""

from __future__ import annotations

import os
import random
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import OPEN_AND_EXEMPT, pdf_text

from boardpack.memory import LONG_LIFE, resident_mb
from boardpack.problems import BoardpackError
from boardpack.render import kept
from boardpack.render.kept import TRIMS, KeptCompiler


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/status").is_file() and "zombie" not in Path(
        f"/proc/{pid}/status").read_text()


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Path]:
    (tmp_path / "members.typ").write_text("Members' agenda, first draft\n", encoding="utf-8")
    (tmp_path / "public.typ").write_text("Public agenda\n", encoding="utf-8")
    yield tmp_path


def write_pdf(data: bytes, path: Path) -> str:
    path.write_bytes(data)
    return pdf_text(path)


def test_one_child_lays_out_every_edition_and_is_kept_between_builds(workspace: Path
                                                                      ) -> None:
    compiler = KeptCompiler(workspace)
    try:
        first = compiler.compile(workspace / "members.typ", "p", last=False)
        assert "first draft" in write_pdf(first, workspace / "a.pdf")
        public = compiler.compile(workspace / "public.typ", "p")
        assert "Public agenda" in write_pdf(public, workspace / "p.pdf")
        children = compiler.pids()
        assert len(children) == 1 and resident_mb(children[0]) > 0
        (workspace / "members.typ").write_text("Members' agenda, second draft\n")
        again = compiler.compile(workspace / "members.typ", "p")
        assert "second draft" in write_pdf(again, workspace / "b.pdf")
        assert compiler.pids() == children and compiler.recycled == 0
        # every edition goes through the child's one main file, which it removes at the end
        assert [p.name for p in workspace.glob("bp-layout-*.typ")] == [
            f"bp-layout-{children[0]}.typ"]
    finally:
        compiler.close()
    assert not any(alive(pid) for pid in children)
    assert not list(workspace.glob("bp-layout-*.typ"))


def test_a_child_over_its_bound_is_replaced_and_the_next_compile_is_right(
        workspace: Path) -> None:
    compiler = KeptCompiler(workspace, limit_mb=1)  # every child is over this
    try:
        compiler.prime([(workspace / "members.typ", None)], "p")  # laid out in the background
        [first] = compiler.pids()
        compiler.compile(workspace / "members.typ", "p")
        assert compiler.recycled == 1 and not alive(first)
        [second] = compiler.pids()
        (workspace / "members.typ").write_text("Members' agenda, late change\n")
        data = compiler.compile(workspace / "members.typ", "p")
        assert "late change" in write_pdf(data, workspace / "c.pdf")
        assert compiler.recycled == 2 and second not in compiler.pids()
    finally:
        compiler.close()


def test_a_child_is_only_recycled_at_the_end_of_a_round(workspace: Path) -> None:
    """The members' layout asks for no trimming (``last=False``): the child is not
    stopped between the editions, so the public layout can reuse the members'."""
    compiler = KeptCompiler(workspace, limit_mb=1)  # over it from the first layout on
    try:
        compiler.compile(workspace / "members.typ", "p", last=False)
        compiler.compile(workspace / "public.typ", "p")
        [child] = compiler.pids()  # its size is first taken before its second round
        assert compiler.recycled == 0
        compiler.compile(workspace / "members.typ", "p", last=False)
        assert compiler.pids() == [child] and compiler.recycled == 0
        data = compiler.compile(workspace / "public.typ", "p")
        assert "Public agenda" in write_pdf(data, workspace / "p.pdf")
        assert compiler.recycled == 1 and not alive(child)
    finally:
        compiler.close()


def test_a_child_is_replaced_after_so_many_builds(workspace: Path) -> None:
    compiler = KeptCompiler(workspace, builds=2)
    try:
        compiler.compile(workspace / "members.typ", "p")
        [first] = compiler.pids()
        assert compiler.recycled == 0
        compiler.compile(workspace / "members.typ", "p")
        assert compiler.recycled == 1 and compiler.pids() != [first] and not alive(first)
    finally:
        compiler.close()


def test_a_typst_error_is_a_problem_and_the_child_is_kept(workspace: Path) -> None:
    compiler = KeptCompiler(workspace)
    try:
        (workspace / "members.typ").write_text("#let x = (\n")
        with pytest.raises(BoardpackError) as raised:
            compiler.compile(workspace / "members.typ", "p")
        assert "Typst could not lay out the pack" in raised.value.problems[0].message
        [child] = compiler.pids()
        (workspace / "members.typ").write_text("Members' agenda, mended\n")
        data = compiler.compile(workspace / "members.typ", "p")
        assert "mended" in write_pdf(data, workspace / "d.pdf")
        assert compiler.pids() == [child]
    finally:
        compiler.close()


def test_a_child_that_died_between_builds_is_replaced(workspace: Path) -> None:
    compiler = KeptCompiler(workspace)
    try:
        compiler.compile(workspace / "members.typ", "p")
        [child] = compiler.pids()
        os.kill(child, 9)
        os.waitpid(child, 0)
        data = compiler.compile(workspace / "members.typ", "p")
        assert "first draft" in write_pdf(data, workspace / "e.pdf")
        assert compiler.pids() != [child]
    finally:
        compiler.close()


def test_a_child_that_dies_while_laying_out_is_a_problem(workspace: Path) -> None:
    fifo = workspace / "slow.txt"
    os.mkfifo(fifo)  # reading it waits for a writer: the child is stopped mid-compile
    (workspace / "members.typ").write_text('#read("slow.txt")\n')
    compiler = KeptCompiler(workspace)

    def kill_while_reading() -> None:
        with fifo.open("w"):  # opens once the child is reading
            os.kill(compiler.pids()[0], 9)

    killer = threading.Thread(target=kill_while_reading)
    killer.start()
    try:
        with pytest.raises(BoardpackError) as raised:
            compiler.compile(workspace / "members.typ", "p")
        assert "Typst stopped unexpectedly" in raised.value.problems[0].message
        assert compiler.pids() == []
    finally:
        killer.join()
        compiler.close()


def test_a_kept_child_lets_go_of_earlier_layouts(tmp_path: Path) -> None:
    """After each layout the child forgets what it did not use (``TRIMS``), so a
    document edited again and again does not make it grow past its bound; without the
    trimming it does, and is recycled."""
    rng = random.Random(7)
    words = ["placement", "review", "budget", "forecast", "council", "member", "report"]
    pages = ["\n\n".join(" ".join(rng.choice(words) for _ in range(60)) for _ in range(12))
             for _ in range(60)]
    recycled = {}
    for trims in (TRIMS, 0):
        compiler = KeptCompiler(tmp_path, trims=trims)
        try:
            for version in range(6):
                (tmp_path / "members.typ").write_text(
                    f"Version {version}\n\n" + "\n#pagebreak()\n".join(pages))
                data = compiler.compile(tmp_path / "members.typ", "p")
            assert "Version 5" in write_pdf(data, tmp_path / f"{trims}.pdf")
        finally:
            compiler.close()
        recycled[trims] = compiler.recycled
    assert recycled[TRIMS] == 0 and recycled[0] >= 1, recycled


SMALL_PACK = OPEN_AND_EXEMPT


def test_rebuilds_with_the_kept_compiler_give_the_pdfs_of_a_cold_build(
        make_pack, tmp_path: Path) -> None:
    """Both editions laid out by their kept children, again after a change, read as
    the same pages (text and bookmarks) as each edition laid out by a new compiler."""
    from helpers import pdf_outline, pdf_pages

    from boardpack.cache import Cache
    from boardpack.pipeline.build import build

    root = make_pack(SMALL_PACK, files={
        "reports/alpha.md": "# Alpha\n\nFirst FIRSTWORD.\n",
        "reports/secret.md": "# Tender\n\nThe exempt figures EXEMPTWORD.\n"})
    compiler = KeptCompiler(Cache.for_pack(root).root)
    try:
        assert build(root, formats=["pdf"], compiler=compiler).ok
        (root / "reports" / "alpha.md").write_text("# Alpha\n\nSecond SECONDWORD.\n\n" +
                                                   "More text. " * 400, encoding="utf-8")
        again = build(root, formats=["pdf"], compiler=compiler)
        assert again.ok and sorted(again.stats.compiled) == ["members", "public"]
        assert len(compiler.pids()) == 1  # one child lays out both editions
    finally:
        compiler.close()
    cold = build(root, formats=["pdf"], out=tmp_path / "cold")
    assert cold.ok and sorted(cold.stats.compiled) == ["members", "public"]
    for name in ("members.pdf", "public.pdf"):
        kept, fresh = root / "build" / name, tmp_path / "cold" / name
        assert pdf_pages(kept) == pdf_pages(fresh) and pdf_outline(kept) == pdf_outline(fresh)
        assert "SECONDWORD" in pdf_text(kept) and "FIRSTWORD" not in pdf_text(kept)
        assert len(pdf_pages(kept)) > 2  # the long report runs over pages
    assert "EXEMPTWORD" in pdf_text(root / "build" / "members.pdf")
    assert "EXEMPTWORD" not in pdf_text(root / "build" / "public.pdf")


def environment(pid: int) -> dict[str, str]:
    pairs = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(p.decode().split("=", 1) for p in pairs if b"=" in p)


def test_a_primed_child_lays_out_both_editions_as_one_round_with_every_core(
        workspace: Path) -> None:
    from boardpack.pipeline.autobuild import prime

    compiler = KeptCompiler(workspace)
    try:
        prime(compiler, workspace, ["members", "public"], "p")
        [child] = compiler.pids()
        assert "RAYON_NUM_THREADS" not in environment(child)
        (workspace / "public.typ").write_text("Public agenda, changed\n")
        members = compiler.compile(workspace / "members.typ", "p", last=False)  # both read
        public = compiler.compile(workspace / "public.typ", "p")
        assert "first draft" in write_pdf(members, workspace / "a.pdf")
        assert "changed" in write_pdf(public, workspace / "b.pdf")
        assert compiler.pids() == [child]
    finally:
        compiler.close()


@pytest.mark.parametrize("long_lived", [True, False])
@pytest.mark.parametrize("long_life", [False, True])  # the builder started as long_life does
def test_only_a_long_lived_child_allocates_from_few_arenas(
        workspace: Path, long_lived: bool, long_life: bool, monkeypatch) -> None:
    """A child kept for many builds gets its own arenas, not the builder's; one for a
    single build gets none of the builder's long-life malloc settings."""
    for name, value in LONG_LIFE.items():
        if long_life:
            monkeypatch.setenv(name, value)
        else:
            monkeypatch.delenv(name, raising=False)
    compiler = KeptCompiler(workspace, long_lived=long_lived)
    try:
        compiler.compile(workspace / "members.typ", "p")
        [child] = compiler.pids()
        settings = {name: environment(child).get(name) for name in LONG_LIFE}
        assert settings["MALLOC_ARENA_MAX"] == (str(kept.CHILD_ARENAS) if long_lived else None)
        assert settings["PYTHONMALLOC"] is None
    finally:
        compiler.close()
