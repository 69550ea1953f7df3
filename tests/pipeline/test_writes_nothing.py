"""``check``, and a build that stops on errors, leave the pack folder byte for byte as
they found it (no ``build/.cache``, no ``.history``); a build that succeeds writes both."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from boardpack.pipeline.build import build
from boardpack.pipeline.check import check


def tree(root: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder in the pack: (size, modification time in ns) by path."""
    return {path.relative_to(root).as_posix(): (path.lstat().st_size, path.lstat().st_mtime_ns)
            for path in sorted(root.rglob("*"))}


def test_boardpack_check_on_the_demo_pack_writes_nothing(demo_pack: Path) -> None:
    before = tree(demo_pack)
    done = subprocess.run([sys.executable, "-m", "boardpack.cli", "check", str(demo_pack)],
                          capture_output=True, text=True, timeout=600, check=False)
    assert "Traceback" not in done.stderr and "error(s)" in done.stderr
    assert tree(demo_pack) == before


BROKEN = """\
[[item]]
id = "kpis"
title = "Performance report"
files = ["reports/kpis.md", "reports/kpis-annex.docx"]
"""


def test_a_build_that_stops_on_errors_writes_nothing_and_one_that_succeeds_does(
        make_pack: Callable[..., Path]) -> None:
    root = make_pack(BROKEN, files={"reports/kpis.md": "# Performance\n\nAll green.\n",
                                    "reports/kpis-annex.docx": b"not a Word file at all"})
    before = tree(root)
    result = build(root)
    assert not result.ok
    assert any(p.file == "reports/kpis-annex.docx" and p.level == "error"
               for p in result.problems)
    assert tree(root) == before
    assert check(root).errors and tree(root) == before  # a check of it neither

    (root / "reports" / "kpis-annex.docx").unlink()
    (root / "pack.toml").write_text((root / "pack.toml").read_text().replace(
        ', "reports/kpis-annex.docx"', ""))
    assert build(root, formats=["html"]).ok
    written = set(tree(root)) - set(before)
    assert "build/members.html" in written
    assert any(p.startswith("build/.cache/") for p in written)
    assert any(p.startswith(".history/reports/kpis.md/") for p in written)
