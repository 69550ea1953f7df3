"""A staged cache written at once (``files.atomic_write_all``): every entry and picture
arrives whole, old files are replaced, and no temporary copy is left behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from boardpack.cache import Cache, StagedCache
from boardpack.files import atomic_write_all


def test_every_file_is_written_whole_and_no_temporary_copy_stays(tmp_path: Path) -> None:
    old = tmp_path / "a" / "old.bin"
    old.parent.mkdir()
    old.write_bytes(b"before")
    writes = [(tmp_path / "a" / f"{n}.bin", bytes([n]) * (1000 + n)) for n in range(40)]
    atomic_write_all([*writes, (old, b"after")])
    for path, data in writes:
        assert path.read_bytes() == data
    assert old.read_bytes() == b"after"
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted(
        [f"{n}.bin" for n in range(40)] + ["old.bin"])


def test_a_failed_write_leaves_no_temporary_copy(tmp_path: Path) -> None:
    def writes():  # the second target cannot be made: its folder is a file
        yield tmp_path / "ok.bin", b"x"
        (tmp_path / "blocked").write_bytes(b"")
        yield tmp_path / "blocked" / "no.bin", b"y"

    with pytest.raises(OSError):
        atomic_write_all(writes())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocked"]


def test_a_staged_cache_commits_its_entries_and_media(tmp_path: Path) -> None:
    staged = StagedCache(tmp_path / "cache")
    staged.put("sources", "ab" * 32, {"blocks": [1, 2, 3]})
    staged.put_media({"media/" + "0" * 32 + ".png": b"\x89PNG picture"})
    assert not (tmp_path / "cache").exists()  # nothing written before the commit
    staged.commit()
    disk = Cache(tmp_path / "cache")
    assert disk.get("sources", "ab" * 32) == {"blocks": [1, 2, 3]}
    assert disk.media("media/" + "0" * 32 + ".png") == b"\x89PNG picture"
    assert not list((tmp_path / "cache").rglob("*.tmp"))


def test_a_commit_may_hand_its_media_back_to_be_written_meanwhile(tmp_path: Path) -> None:
    staged = StagedCache(tmp_path / "cache")
    name, kept = "media/" + "1" * 32 + ".png", "media/" + "2" * 32 + ".png"
    Cache(tmp_path / "cache").put_media({kept: b"already there"})
    staged.put("sources", "cd" * 32, {"blocks": []})
    staged.put_media({name: b"\x89PNG new", kept: b"already there"})
    held = staged.commit(media=False)
    disk = Cache(tmp_path / "cache")
    assert disk.get("sources", "cd" * 32) == {"blocks": []}  # the entries are written
    assert held == {name: b"\x89PNG new"}  # only what the folder lacks
    assert not disk.media_path(name).exists()
    staged.write_media(held)
    assert disk.media(name) == b"\x89PNG new"
    assert staged.commit() == {}  # nothing held twice
