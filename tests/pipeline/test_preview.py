"""The app's preview of one file (``pipeline.preview``): a PDF is read only by the pdf
source's bounded worker, never in the app's own process.

The PDFs are made by Typst from text typed here; the preview runs in a child process so
that ``sys.modules`` shows which PDF readers the app's process loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import typst
from helpers import ROOT

from boardpack import sources
from boardpack.pack import load as packfile
from boardpack.pipeline.preview import Part, preview

pytestmark = pytest.mark.skipif("pdf" not in sources.kinds(), reason="needs the pdf source")

READERS = ("pypdf", "pypdfium2_raw", "pypdfium2")

CHILD = """\
import json, sys
from pathlib import Path
from boardpack.pack import load
from boardpack.pipeline.preview import Part, preview

pack = load.load(Path(sys.argv[1])).pack
item = pack.items[0]
shown = preview(pack, item, item.files[0], None)
print(json.dumps({"problem": shown.problem,
                  "parts": [[p.text, p.heading] for p in shown.parts if isinstance(p, Part)],
                  "readers": sorted(m for m in sys.modules if m.split(".")[0] in %r)}))
"""


def pdf_pack(make_pack: Callable[..., Path], limits: str = "") -> Path:
    root = make_pack(limits + '''
        [[item]]
        id = "appendix"
        title = "Appendix"
        files = ["appendix.pdf"]
        ''')
    (root / "a.typ").write_text("Appendix first page\n#pagebreak()\nSecond page words",
                                encoding="utf-8")
    (root / "appendix.pdf").write_bytes(typst.compile(str(root / "a.typ")))
    return root


def test_a_pdf_preview_shows_each_page_without_reading_the_pdf_in_process(
        make_pack: Callable[..., Path]) -> None:
    root = pdf_pack(make_pack)
    done = subprocess.run([sys.executable, "-c", CHILD % (READERS,), str(root)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120, check=True)
    shown = json.loads(done.stdout)
    assert shown["problem"] == ""
    parts = [tuple(p) for p in shown["parts"]]
    page2 = parts.index(("Page 2", True))
    assert ("Appendix first page", False) in parts[:page2]
    assert ("Second page words", False) in parts[page2:]
    assert shown["readers"] == []  # the worker process read it


def test_a_pdf_preview_is_bounded_by_the_packs_time_limit(
        make_pack: Callable[..., Path]) -> None:
    root = pdf_pack(make_pack, "[limits]\nconvert_seconds = 0.001\n")
    pack = packfile.load(root).pack
    shown = preview(pack, pack.items[0], pack.items[0].files[0], None)
    assert "appendix.pdf: reading the PDF took more than" in shown.problem
    assert "was stopped" in shown.problem
    assert not [p for p in shown.parts if isinstance(p, Part)]
