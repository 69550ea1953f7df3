"""Shared fixtures: the demo pack copied to a temporary folder, small packs made
to order, PDF and HTML readers, and the shared corpus of real-world files."""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import CORPUS, DEMO, MEETING


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto`` starts half as many workers again as there are cores: the app's tests
    spend about half their time waiting for the terminal and the folder watcher, and the
    extra worker keeps the cores busy meanwhile. PYTEST_XDIST_AUTO_NUM_WORKERS still
    decides where it is set."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS") or config.option.numprocesses != "auto":
        return None  # xdist's own answer
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, (cores or 1) * 3 // 2)


@pytest.fixture
def demo_pack(tmp_path: Path) -> Path:
    """A fresh copy of the demo pack (never the committed one), without build output."""
    target = tmp_path / DEMO.name
    shutil.copytree(DEMO, target, ignore=shutil.ignore_patterns("build", ".history", "issued"))
    return target


@pytest.fixture
def make_pack(tmp_path: Path) -> Callable[..., Path]:
    """make_pack(items_toml, files={"reports/x.md": "text" or bytes}, name="p") -> pack folder."""

    def make(items: str = "", files: dict[str, str | bytes] | None = None, name: str = "p",
             meeting: str = MEETING, resolutions: str | None = None) -> Path:
        root = tmp_path / name
        root.mkdir(parents=True, exist_ok=True)
        (root / "pack.toml").write_text(meeting + "\n" + textwrap.dedent(items), encoding="utf-8")
        if resolutions is not None:
            (root / "resolutions.toml").write_text(textwrap.dedent(resolutions), encoding="utf-8")
        for rel, content in (files or {}).items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(textwrap.dedent(content), encoding="utf-8")
        return root

    return make


@pytest.fixture
def corpus() -> Path:
    """The shared corpus of real-world files; skips where ../shared is absent."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present beside the project")
    return CORPUS
