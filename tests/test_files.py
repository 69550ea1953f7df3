"""Atomic writes (``boardpack.files.atomic_write``): the whole new content or the old."""

from __future__ import annotations

from pathlib import Path

import pytest

from boardpack.files import atomic_write


@pytest.mark.parametrize("durable", [True, False])
def test_a_write_replaces_the_file_whole_and_leaves_no_temporary_copy(tmp_path: Path,
                                                                      durable: bool) -> None:
    target = tmp_path / "sub" / "pack.toml"
    atomic_write(target, "old\n", durable=durable)
    atomic_write(target, "new\n", durable=durable)
    assert target.read_text() == "new\n"
    assert target.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in target.parent.iterdir()] == ["pack.toml"]


def test_a_failed_rename_leaves_the_target_and_no_temporary_copy(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.mkdir()
    (target / "kept.txt").write_text("mine")  # a folder with files cannot be replaced
    with pytest.raises(OSError):
        atomic_write(target, b"data")
    assert (target / "kept.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
