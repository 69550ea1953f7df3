"""A TOML template is parsed once per version of its file: a changed file is read
again, and no caller's change reaches another caller."""

from __future__ import annotations

import os
from pathlib import Path

from boardpack import templates


def test_a_changed_template_is_read_again_and_copies_stay_apart(tmp_path: Path) -> None:
    own = tmp_path / "templates" / "committees"
    own.mkdir(parents=True)
    path = own / "mine.toml"
    path.write_text('title = "first"\n[[opening]]\nid = "a"\n', encoding="utf-8")
    first = templates.load_toml("committees", "mine", tmp_path)
    assert first == {"title": "first", "opening": [{"id": "a"}]}
    first["opening"].append({"id": "changed by a caller"})
    assert templates.load_toml("committees", "mine", tmp_path)["opening"] == [{"id": "a"}]
    shared = templates.load_toml("committees", "mine", tmp_path, shared=True)
    assert shared is templates.load_toml("committees", "mine", tmp_path, shared=True)
    stamp = path.stat().st_mtime_ns
    path.write_text('title = "other"\n[[opening]]\nid = "b"\n', encoding="utf-8")  # same size
    os.utime(path, ns=(stamp + 1_000_000, stamp + 1_000_000))
    assert templates.load_toml("committees", "mine", tmp_path)["opening"] == [{"id": "b"}]
