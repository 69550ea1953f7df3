"""The table of input kinds is the modules' own, and loading a pack imports no reader."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

from boardpack import sources

ROOT = Path(__file__).resolve().parents[2]


def test_every_reader_is_in_the_table_with_its_endings() -> None:
    found = {}
    for info in pkgutil.iter_modules(sources.__path__):
        module = importlib.import_module(f"boardpack.sources.{info.name}")
        if hasattr(module, "KIND") and hasattr(module, "convert"):
            assert info.name == module.KIND  # the module is found by its kind's name
            found[module.KIND] = tuple(module.EXTENSIONS)
    assert found == sources.ENDINGS
    assert sources.kind_for("reports/Budget.DOCX") == "docx"
    assert sources.kind_for("notes.markdown") == "md" and sources.kind_for("a.pptx") is None


def test_loading_a_pack_imports_no_reader() -> None:
    code = ("import sys\nfrom pathlib import Path\nfrom boardpack.pack import load, record\n"
            "root = Path(sys.argv[1])\nloaded = load.load(root)\nrecord.make(root)\n"
            "print(sorted({ref.kind for item in loaded.pack.items for ref in item.files}))\n"
            "print([m for m in sys.modules if m.startswith('boardpack.sources.')\n"
            "       and m.split('.')[2] in ('md', 'docx', 'pdf', 'xlsx', 'letter')])\n")
    pack = ROOT / "packs" / "corporate-parenting-board-2027-01-20"
    done = subprocess.run([sys.executable, "-c", code, str(pack)], capture_output=True,
                          text=True, check=True)
    kinds, imported = done.stdout.splitlines()
    assert "docx" in kinds and "xlsx" in kinds  # the pack has files of those kinds
    assert imported == "[]"
