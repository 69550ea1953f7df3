"""The polling safety net beside the folder watcher: snapshots and their difference."""

from __future__ import annotations

import os
from pathlib import Path

from boardpack.pack.watch import difference, snapshot


def test_snapshot_difference_names_changed_added_and_removed_files(demo_pack: Path) -> None:
    before = snapshot(demo_pack)
    assert "pack.toml" in before and "reports/workforce-kpis.md" in before
    assert difference(before, snapshot(demo_pack)) is None
    pack_toml = demo_pack / "pack.toml"
    pack_toml.write_text(pack_toml.read_text() + "\n# edited elsewhere\n")
    os.utime(pack_toml, ns=(1, 1))
    (demo_pack / "reports" / "from-finance.md").write_text("# Note\n")
    (demo_pack / "reports" / "residential-placements.md").unlink()
    (demo_pack / "build").mkdir(exist_ok=True)
    (demo_pack / "build" / "members.pdf").write_bytes(b"%PDF")
    (demo_pack / "reports" / "~$draft.docx").write_bytes(b"lock")
    changes = difference(before, snapshot(demo_pack))
    assert changes is not None
    assert changes.paths == {"pack.toml", "reports/from-finance.md",
                             "reports/residential-placements.md"}
    assert changes.pack_file and changes.drops == ["reports/from-finance.md",
                                                   "reports/residential-placements.md"]
